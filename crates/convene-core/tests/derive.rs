//! Deadlines derived by rule, checked against the FG-MV 2023 seed: the 2nd
//! meeting (Shanghai, 4-6 July 2023) announced its deadlines on 20, 27 and
//! 29 June, i.e. 14, 7 and 5 days before its first day.

use convene_core::derive::deadline_day;
use convene_core::{
    Catalog, Contact, DeadlineInput, DeadlinePolicy, Defaults, Email, ItemId, Meeting,
    MeetingInput, MeetingKind, Note, WeekendRule, derive_deadlines, parse_schedule,
};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

fn seed() -> Catalog {
    parse_schedule(SEED).expect("the seed is valid")
}

fn email(s: &str) -> Option<Email> {
    Some(Email::parse(s).expect("email"))
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

/// The FG-MV physical-meeting policy with the 2nd meeting's addresses and
/// notes.
fn fgmv_policy() -> DeadlinePolicy {
    let mut p = DeadlinePolicy::physical(
        email("jjajun.yao@sh-aia.com"),
        email("tsbfgmv@itu.int"),
        None,
    );
    let note = |s: &str| Some(Note::parse(s).expect("note"));
    p.rules[0].note =
        note("Request form and necessary documents to be sent to jjajun.yao@sh-aia.com");
    p.rules[1].note = note("To be submitted by email at tsbfgmv@itu.int");
    p
}

#[test]
fn the_policy_gives_the_seeds_deadlines_for_the_2nd_meeting() {
    let c = seed();
    let m = c
        .meeting(&ItemId::parse("fgmv-2").expect("id"))
        .expect("fgmv-2");
    let policies = [fgmv_policy()];
    let policy = DeadlinePolicy::for_meeting(&policies, m).expect("a physical-meeting policy");
    let derived = derive_deadlines(m, policy);
    // 4 Jul 2023 (a Tuesday) minus 14 days = Tue 20 Jun (visa letters);
    // minus 7 = Tue 27 Jun (contributions); minus 5 = Thu 29 Jun
    // (pre-registration). None on a weekend, so none moves.
    let dates: Vec<&str> = derived.iter().filter_map(|d| d.date.as_deref()).collect();
    assert_eq!(dates, ["2023-06-20", "2023-06-27", "2023-06-29"]);
    // Field for field the seed's deadlines (zone: the meeting's,
    // Asia/Shanghai), marked derived.
    let seeds: Vec<DeadlineInput> = c
        .deadlines_of(m.id())
        .iter()
        .map(|d| DeadlineInput {
            derived: Some(true),
            ..d.to_input()
        })
        .collect();
    assert_eq!(derived, seeds);
    // They validate like any deadline, keep the mark, and close at the end
    // of their day in Shanghai (UTC+8): 20 Jun 24:00 = 20 Jun 16:00 UTC.
    let d = derived[0].validate(&Defaults::default()).expect("valid");
    assert!(d.derived());
    assert_eq!(
        d.closes_at(),
        "2023-06-20T16:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .expect("t")
    );
    assert_eq!(d.to_input(), derived[0]);
    // An announced deadline is not derived, and says nothing about it.
    assert!(!c.deadlines()[0].derived());
    assert_eq!(c.deadlines()[0].to_input().derived, None);
}

fn physical(id: &str, first: &str) -> Meeting {
    MeetingInput {
        id: Some(id.into()),
        title: Some("4th FG-MV meeting".into()),
        groups: vec!["fg-mv".into()],
        kind: Some("physical".into()),
        zone: Some("Europe/Zurich".into()),
        date: Some(first.into()),
        all_day: Some(true),
        city: Some("Geneva".into()),
        ..MeetingInput::default()
    }
    .validate(&Defaults::default())
    .expect("valid meeting")
}

#[test]
fn weekend_deadlines_move_to_the_friday_before() {
    let policy = fgmv_policy();
    let dates = |m: &Meeting, p: &DeadlinePolicy| -> Vec<String> {
        derive_deadlines(m, p)
            .into_iter()
            .filter_map(|d| d.date)
            .collect()
    };
    // Thursday 9 Nov 2023: minus 14 = Thu 26 Oct, minus 7 = Thu 2 Nov,
    // minus 5 = Sat 4 Nov -> Fri 3 Nov.
    let thursday = physical("fgmv-x", "2023-11-09");
    assert_eq!(
        dates(&thursday, &policy),
        ["2023-10-26", "2023-11-02", "2023-11-03"]
    );
    // Friday 10 Nov: minus 5 = Sun 5 Nov -> Fri 3 Nov.
    let friday = physical("fgmv-y", "2023-11-10");
    assert_eq!(
        dates(&friday, &policy),
        ["2023-10-27", "2023-11-03", "2023-11-03"]
    );
    // Monday 13 Nov: minus 14 = Mon 30 Oct, minus 7 = Mon 6 Nov, minus 5 =
    // Wed 8 Nov: nothing to move.
    let monday = physical("fgmv-z", "2023-11-13");
    assert_eq!(
        dates(&monday, &policy),
        ["2023-10-30", "2023-11-06", "2023-11-08"]
    );
    // Kept on the weekend when the policy says so.
    let keep = DeadlinePolicy {
        weekends: WeekendRule::Keep,
        ..policy.clone()
    };
    assert_eq!(
        dates(&thursday, &keep),
        ["2023-10-26", "2023-11-02", "2023-11-04"]
    );
    assert_eq!(
        deadline_day(date("2023-11-10"), 5, WeekendRule::Keep),
        date("2023-11-05")
    );
    // Ids and where each goes.
    let d = derive_deadlines(&thursday, &policy);
    let ids: Vec<&str> = d.iter().filter_map(|d| d.id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            "fgmv-x-visa",
            "fgmv-x-contribution",
            "fgmv-x-pre-registration"
        ]
    );
    assert_eq!(d[0].email.as_deref(), Some("jjajun.yao@sh-aia.com"));
    assert_eq!(d[2].title.as_deref(), Some("Pre-registration"));
    assert_eq!(d[2].zone.as_deref(), Some("Europe/Zurich"));
}

#[test]
fn a_policy_is_picked_by_meeting_kind_and_can_send_to_a_url() {
    let reg =
        Contact::Url(convene_core::WebUrl::parse("https://www.itu.int/go/fgmv-reg").expect("url"));
    let policy = DeadlinePolicy::physical(None, None, Some(reg));
    let m = physical("fgmv-x", "2023-11-09");
    let d = derive_deadlines(&m, &policy);
    assert_eq!(d[2].url.as_deref(), Some("https://www.itu.int/go/fgmv-reg"));
    assert_eq!((d[0].email.as_deref(), d[0].url.as_deref()), (None, None));
    let e_meetings = DeadlinePolicy {
        kind: MeetingKind::EMeeting,
        ..policy.clone()
    };
    assert!(DeadlinePolicy::for_meeting(std::slice::from_ref(&e_meetings), &m).is_none());
    let both = [e_meetings, policy];
    assert_eq!(
        DeadlinePolicy::for_meeting(&both, &m).map(|p| p.kind),
        Some(MeetingKind::Physical)
    );
}
