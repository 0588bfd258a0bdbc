//! The FG-MV 2023 schedule pins the core's tricky cases: multi-day, joint,
//! tentative, date-only, DST, inherited lists, the one conflict, and the
//! reminder plan. The file is compiled in, so this stays pure.

use chrono::{DateTime, Utc};
use convene_core::reminder::{plan, plan_meeting};
use convene_core::{
    Catalog, GroupSlug, ItemId, MailKind, ReminderPolicy, Schedule, Status, Subject, parse_schedule,
};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

fn seed() -> Catalog {
    parse_schedule(SEED).expect("the seed is valid")
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

fn id(s: &str) -> ItemId {
    ItemId::parse(s).expect("id")
}

fn slug(s: &str) -> GroupSlug {
    GroupSlug::parse(s).expect("slug")
}

#[test]
fn the_seed_has_the_july_2023_structure() {
    let c = seed();
    let t = c.tree();
    assert_eq!(t.len(), 29);
    let kids =
        |s: &str| -> Vec<String> { t.children(&slug(s)).map(|g| g.slug.to_string()).collect() };
    assert_eq!(
        kids("fg-mv"),
        [
            "wg1", "wg2", "wg3", "wg4", "wg5", "wg6", "wg7", "wg8", "wg9"
        ]
    );
    assert_eq!(kids("wg1"), ["tg-citiverse", "tg-people", "tg-terminology"]);
    assert_eq!(
        kids("wg2"),
        [
            "tg-embodied-ai",
            "tg-genai",
            "tg-industrial",
            "tg-media-coding",
            "tg-medical",
            "tg-power",
            "tg-tourism"
        ]
    );
    assert_eq!(
        kids("wg6"),
        [
            "tg-child-protection",
            "tg-confidence",
            "tg-cybersecurity",
            "tg-trustworthiness"
        ]
    );
    assert_eq!(
        kids("wg8"),
        [
            "tg-accessibility",
            "tg-design-criteria",
            "tg-social-safety",
            "tg-sustainability"
        ]
    );
    assert_eq!(kids("wg9"), ["tg-gap-analysis"]);
    let wg6 = t.get(&slug("wg6")).expect("wg6");
    assert_eq!(
        wg6.name.as_str(),
        "Security, Data & Personally Identifiable Information (PII) Protection"
    );
}

#[test]
fn lists_are_inherited_as_the_seed_implies() {
    let c = seed();
    let list = |s: &str| {
        c.tree()
            .effective_mailing_list(&slug(s))
            .map(|l| l.address.to_string())
    };
    assert_eq!(list("fg-mv").as_deref(), Some("fgmv@lists.itu.int"));
    for n in 1..=8 {
        assert_eq!(
            list(&format!("wg{n}")),
            Some(format!("fgmv-wg{n}@lists.itu.int"))
        );
    }
    assert_eq!(list("wg9").as_deref(), Some("fgmv@lists.itu.int"));
    assert_eq!(
        list("tg-gap-analysis").as_deref(),
        Some("fgmv@lists.itu.int")
    );
    assert_eq!(list("tg-power").as_deref(), Some("fgmv-wg2@lists.itu.int"));
    assert_eq!(
        list("tg-social-safety").as_deref(),
        Some("fgmv-wg8@lists.itu.int")
    );
    let wg9 = c.tree().get(&slug("wg9")).expect("wg9");
    assert_eq!(
        wg9.former_mailing_lists[0].as_str(),
        "fgmv-tg-collaboration@lists.itu.int"
    );
    let contact = c
        .tree()
        .effective_contact(&slug("tg-power"))
        .expect("contact");
    assert_eq!(contact.address.as_str(), "tsbfgmv@itu.int");
}

#[test]
fn the_tricky_shapes_are_at_the_right_instants() {
    let c = seed();
    let wg5 = c.meeting(&id("wg5-2023-09-07")).expect("wg5 7-8 Sep");
    let s: Vec<(DateTime<Utc>, DateTime<Utc>)> = wg5
        .sessions()
        .iter()
        .map(|s| (s.utc.start, s.utc.end))
        .collect();
    assert_eq!(
        s,
        [
            (utc("2023-09-07T07:00:00Z"), utc("2023-09-07T10:00:00Z")),
            (utc("2023-09-08T07:00:00Z"), utc("2023-09-08T10:00:00Z")),
        ]
    );
    let joint = c.meeting(&id("wg3-wg5-2023-09-07")).expect("joint");
    assert_eq!(joint.groups(), [slug("wg3"), slug("wg5")]);
    // Joint meetings are one meeting in both groups.
    for g in ["wg3", "wg5"] {
        assert!(
            c.meetings_of(&slug(g), false, None)
                .iter()
                .any(|m| m.id() == joint.id())
        );
    }
    let wg8 = c.meeting(&id("wg8-2023-09-20")).expect("wg8 20 Sep");
    assert!(matches!(wg8.schedule(), Schedule::TimeTba { .. }));
    assert!(wg8.sessions().is_empty());
    let wg9 = c.meeting(&id("wg9-2023-07-window")).expect("wg9 window");
    assert_eq!(wg9.status(), Status::Tentative);
    match wg9.schedule() {
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            assert_eq!(label.as_str(), "Mid/end of July 2023");
            assert_eq!(window.to_string(), "2023-07-15 to 2023-07-31");
            assert_eq!(slot.map(|s| s.to_string()).as_deref(), Some("14:00-16:00"));
        }
        other => panic!("{other:?}"),
    }
    // Across the 29 Oct 2023 change: 09:00 Geneva is 07:00 UTC before, 08:00 after.
    let before = c.meeting(&id("wg3-2023-10-19")).expect("wg3 19 Oct");
    let after = c.meeting(&id("wg3-2023-11-02")).expect("wg3 2 Nov");
    assert_eq!(before.sessions()[0].utc.start, utc("2023-10-19T07:00:00Z"));
    assert_eq!(after.sessions()[0].utc.start, utc("2023-11-02T08:00:00Z"));
    let shanghai = c.meeting(&id("fgmv-2")).expect("2nd meeting");
    assert_eq!(shanghai.zone(), chrono_tz::Asia::Shanghai);
    assert_eq!(shanghai.span().start, utc("2023-07-03T16:00:00Z"));
    assert_eq!(shanghai.span().end, utc("2023-07-06T16:00:00Z"));
    let deadlines: Vec<(String, DateTime<Utc>)> = c
        .deadlines_of(shanghai.id())
        .iter()
        .map(|d| (d.id().to_string(), d.closes_at()))
        .collect();
    assert_eq!(
        deadlines,
        [
            ("fgmv-2-visa".to_string(), utc("2023-06-20T16:00:00Z")),
            (
                "fgmv-2-contribution".to_string(),
                utc("2023-06-27T16:00:00Z")
            ),
            (
                "fgmv-2-pre-registration".to_string(),
                utc("2023-06-29T16:00:00Z")
            ),
        ]
    );
}

#[test]
fn the_seed_has_exactly_one_conflict() {
    let conflicts = seed().conflicts();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].a, id("wg3-wg5-2023-09-07"));
    assert_eq!(conflicts[0].b, id("wg5-2023-09-07"));
    assert_eq!(conflicts[0].overlaps.len(), 1);
    assert_eq!(conflicts[0].overlaps[0].start, utc("2023-09-07T07:00:00Z"));
    assert_eq!(conflicts[0].overlaps[0].end, utc("2023-09-07T09:00:00Z"));
}

#[test]
fn reminders_go_to_the_right_lists_at_the_right_instants() {
    let c = seed();
    let now = utc("2023-06-01T00:00:00Z");
    let all = plan(&c, &ReminderPolicy::default(), now);
    let of = |s: Subject| -> Vec<(DateTime<Utc>, MailKind, Vec<String>)> {
        all.iter()
            .filter(|p| p.subject == s)
            .map(|p| {
                (
                    p.due,
                    p.kind,
                    p.recipients.iter().map(|r| r.to_string()).collect(),
                )
            })
            .collect()
    };
    // The visa deadline (20 Jun, Shanghai): 7 and 1 days before the day starts.
    assert_eq!(
        of(Subject::Deadline(id("fgmv-2-visa"))),
        [
            (
                utc("2023-06-12T16:00:00Z"),
                MailKind::Reminder { days_before: 7 },
                vec!["fgmv@lists.itu.int".to_string()]
            ),
            (
                utc("2023-06-18T16:00:00Z"),
                MailKind::Reminder { days_before: 1 },
                vec!["fgmv@lists.itu.int".to_string()]
            ),
        ]
    );
    // The joint meeting: both WG lists, one mail each time.
    let lists = vec![
        "fgmv-wg3@lists.itu.int".to_string(),
        "fgmv-wg5@lists.itu.int".to_string(),
    ];
    assert_eq!(
        of(Subject::Meeting(id("wg3-wg5-2023-09-07"))),
        [
            (now, MailKind::Announcement, lists.clone()),
            (
                utc("2023-08-31T07:00:00Z"),
                MailKind::Reminder { days_before: 7 },
                lists.clone()
            ),
            (
                utc("2023-09-06T07:00:00Z"),
                MailKind::Reminder { days_before: 1 },
                lists
            ),
        ]
    );
    // 7 days before 2 Nov 09:00 CET is 26 Oct 09:00 CEST: same wall clock, other offset.
    let wg3 = of(Subject::Meeting(id("wg3-2023-11-02")));
    assert_eq!(wg3[1].0, utc("2023-10-26T07:00:00Z"));
    assert_eq!(wg3[2].0, utc("2023-11-01T08:00:00Z"));
    // Tentative: announced only. TG meetings go to the WG's list.
    assert_eq!(
        of(Subject::Meeting(id("wg9-2023-07-window"))),
        [(
            now,
            MailKind::Announcement,
            vec!["fgmv@lists.itu.int".to_string()]
        )]
    );
    assert_eq!(
        of(Subject::Meeting(id("tg-power-2023-08-21")))[0].2,
        ["fgmv-wg2@lists.itu.int"]
    );
    // At 13 Jun 2023 08:00 Geneva, the only reminder due and still useful is
    // the 7-day visa one (the GSR session of 8 Jun is over: its reminders
    // would come too late).
    let at = utc("2023-06-13T06:00:00Z");
    let due: Vec<(&Subject, MailKind)> = all
        .iter()
        .filter(|p| p.kind != MailKind::Announcement && p.is_due(at))
        .map(|p| (&p.subject, p.kind))
        .collect();
    assert_eq!(
        due,
        [(
            &Subject::Deadline(id("fgmv-2-visa")),
            MailKind::Reminder { days_before: 7 }
        )]
    );
    // Planned on 1 Jun, the GSR session (8 Jun, Cairo, on summer time UTC+3
    // in 2023) is past its 7-day moment: announcement and 1-day reminder only.
    let gsr: Vec<(DateTime<Utc>, MailKind)> =
        of(Subject::Meeting(id("gsr-2023-metaverse-session")))
            .into_iter()
            .map(|(due, kind, _)| (due, kind))
            .collect();
    assert_eq!(
        gsr,
        [
            (now, MailKind::Announcement),
            (
                utc("2023-06-06T21:00:00Z"),
                MailKind::Reminder { days_before: 1 }
            )
        ]
    );
}

#[test]
fn cancelled_and_past_meetings_get_nothing() {
    let c = seed();
    let m = c.meeting(&id("wg5-2023-09-07")).expect("wg5");
    let mut input = m.to_input();
    input.status = Some("cancelled".into());
    let cancelled = input.validate(&Default::default()).expect("valid");
    let policy = ReminderPolicy::default();
    assert!(plan_meeting(c.tree(), &cancelled, &policy, utc("2023-06-01T00:00:00Z")).is_empty());
    // Planned after it began: nothing (no announcement of the past).
    assert!(plan_meeting(c.tree(), m, &policy, utc("2023-09-07T07:30:00Z")).is_empty());
    // Planned 3 days before: the announcement and the 1-day reminder only.
    let kinds: Vec<MailKind> = plan_meeting(c.tree(), m, &policy, utc("2023-09-04T07:00:00Z"))
        .into_iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            MailKind::Announcement,
            MailKind::Reminder { days_before: 1 }
        ]
    );
}

#[test]
fn changes_plan_one_notice_and_fresh_reminders() {
    use convene_core::reminder::plan_change;
    let c = seed();
    let policy = ReminderPolicy::default();
    let now = utc("2023-08-20T10:00:00Z");
    let old = c.meeting(&id("wg4-2023-08-28")).expect("wg4");
    // Moved a day later: an update notice now, reminders for the new time.
    let mut input = old.to_input();
    input.date = Some("2023-08-29".into());
    let moved = input.validate(&Default::default()).expect("valid");
    let mails: Vec<(DateTime<Utc>, MailKind)> =
        plan_change(c.tree(), Some(old), &moved, &policy, now)
            .into_iter()
            .map(|p| (p.due, p.kind))
            .collect();
    assert_eq!(
        mails,
        [
            (now, MailKind::Update),
            (
                utc("2023-08-22T11:00:00Z"),
                MailKind::Reminder { days_before: 7 }
            ),
            (
                utc("2023-08-28T11:00:00Z"),
                MailKind::Reminder { days_before: 1 }
            ),
        ]
    );
    // A title edit: no notice, reminders only.
    let mut input = old.to_input();
    input.title = Some("WG4 e-meeting (agenda updated)".into());
    let retitled = input.validate(&Default::default()).expect("valid");
    let kinds: Vec<MailKind> = plan_change(c.tree(), Some(old), &retitled, &policy, now)
        .into_iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            MailKind::Reminder { days_before: 7 },
            MailKind::Reminder { days_before: 1 }
        ]
    );
    // Cancelled: one notice to WG4's list, no reminders.
    let mut input = old.to_input();
    input.status = Some("cancelled".into());
    let cancelled = input.validate(&Default::default()).expect("valid");
    let mails = plan_change(c.tree(), Some(old), &cancelled, &policy, now);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, MailKind::Cancellation);
    assert_eq!(mails[0].recipients[0].as_str(), "fgmv-wg4@lists.itu.int");
    assert!(plan_change(c.tree(), Some(&cancelled), &cancelled, &policy, now).is_empty());
}
