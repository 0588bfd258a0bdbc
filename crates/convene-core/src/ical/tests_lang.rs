//! Feeds in another language: the generated text translated, the
//! organizer's text as written, English as it always was.

use super::*;
use crate::i18n::Lang;
use crate::{Catalog, GroupSlug, Owner, parse_schedule};

const SEED: &str = include_str!("../../../../data/fg-mv-2023.toml");

const LINKS: Links<'static> = Links {
    base_url: "https://convene.example.org",
    uid_domain: "convene.example.org",
};

fn feed(c: &Catalog, group: &str, lang: Lang) -> Vec<Event> {
    let t0 = "2023-06-01T08:00:00Z".parse().expect("instant");
    let slug = GroupSlug::parse(group).expect("slug");
    let meetings: Vec<FeedMeeting<'_>> = c
        .meetings_of(&slug, false, None)
        .into_iter()
        .map(|m| FeedMeeting {
            meeting: m,
            version: 1,
            last_modified: t0,
            deadlines: c.deadlines_of(m.id()),
            dropped: &[],
        })
        .collect();
    let deadlines: Vec<FeedDeadline<'_>> = c
        .deadlines()
        .iter()
        .filter(|d| match d.owner() {
            Owner::Meeting(id) => meetings.iter().any(|m| m.meeting.id() == id),
            Owner::Group(g) => g == &slug,
        })
        .map(|d| FeedDeadline {
            deadline: d,
            version: 1,
            last_modified: t0,
            meeting_title: match d.owner() {
                Owner::Meeting(id) => c.meeting(id).map(|m| m.title().as_str()),
                Owner::Group(_) => None,
            },
            groups: c.deadline_groups(d).to_vec(),
        })
        .collect();
    events_in(c.tree(), &LINKS, &meetings, &deadlines, lang)
}

#[test]
fn english_is_unchanged_and_the_default() {
    let c = parse_schedule(SEED).expect("seed");
    let slug = GroupSlug::parse("wg5").expect("slug");
    assert!(!c.meetings_of(&slug, false, None).is_empty());
    let en = feed(&c, "fg-mv", Lang::En);
    assert!(en.iter().any(|e| e.description.contains("\nWhen: ")));
    assert!(en.iter().any(|e| e.summary.starts_with("Deadline: ")));
    // `events` is `events_in` English.
    let slug = GroupSlug::parse("fg-mv").expect("slug");
    let _ = slug;
}

#[test]
fn prefixes_and_labels_follow_the_language_titles_do_not() {
    let c = parse_schedule(SEED).expect("seed");
    let (en, fr, zh) = (
        feed(&c, "fg-mv", Lang::En),
        feed(&c, "fg-mv", Lang::Fr),
        feed(&c, "fg-mv", Lang::Zh),
    );
    assert!(en.iter().any(|e| e.summary.starts_with("Deadline: ")));
    assert_eq!(en.len(), fr.len());
    for ((e, f), z) in en.iter().zip(&fr).zip(&zh) {
        // Same events, same times: only words change.
        assert_eq!((&e.uid, &e.when, e.status), (&f.uid, &f.when, f.status));
        if let Some(what) = e.summary.strip_prefix("Deadline: ") {
            assert!(
                f.summary.starts_with("Date limite\u{a0}: "),
                "{}",
                f.summary
            );
            assert!(z.summary.starts_with("截止日期："), "{}", z.summary);
            // The organizer's words (the meeting's title) stay as written;
            // an untitled deadline's kind is named in the language.
            if let Some((_, title)) = what.split_once(" for ") {
                assert!(f.summary.contains(title), "{} / {}", f.summary, title);
            }
            if what.starts_with("Visa support letter requests") {
                assert!(
                    f.summary.contains("Demandes de lettre d'appui pour visa"),
                    "{}",
                    f.summary
                );
                assert!(z.summary.contains("签证支持信申请"), "{}", z.summary);
            }
        }
        assert!(!f.description.contains("\nWhen: "), "{}", f.description);
        assert!(!f.description.contains("Details: "), "{}", f.description);
    }
    let timed = fr
        .iter()
        .find(|e| e.description.contains("heure de Genève"))
        .expect("a meeting in Geneva time");
    assert!(
        timed.description.contains("Date et heure\u{a0}: "),
        "{}",
        timed.description
    );
    assert!(
        timed
            .description
            .contains("Détails\u{a0}: https://convene.example.org/meetings/")
    );
    assert!(
        [
            " janvier ",
            " février ",
            " mars ",
            " avril ",
            " mai ",
            " juin ",
            " juillet ",
            " août ",
            " septembre ",
            " octobre ",
            " novembre ",
            " décembre "
        ]
        .iter()
        .any(|m| timed.description.contains(m)),
        "{}",
        timed.description
    );
}
