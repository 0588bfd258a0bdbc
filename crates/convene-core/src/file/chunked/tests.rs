//! The pieces of a schedule file, and the file read by them.

use super::*;
use crate::file::parse_whole;

fn parse(src: &str, policies: &[DeadlinePolicy]) -> Option<Catalog> {
    let pieces = Pieces::check(src, policies)?;
    ScheduleItems(Items::Pieces(pieces)).into_catalog().ok()
}

const SEED: &str = include_str!("../../../../../data/fg-mv-2023.toml");

#[test]
fn the_seed_is_read_piece_by_piece_to_the_same_catalog() {
    let policy = DeadlinePolicy::physical(None, None, None);
    let pieced = parse(SEED, std::slice::from_ref(&policy)).expect("the seed, pieced");
    let whole = parse_whole(SEED, &[policy]).expect("the seed, whole");
    assert_eq!(pieced, whole);
    assert!(pieces(SEED).len() > 50);
    // Walked, the same items as the whole catalog, and the same owners.
    let policies = [DeadlinePolicy::physical(None, None, None)];
    let walked = ScheduleItems::check(SEED, &policies).expect("valid");
    assert!(walked.walked());
    assert_eq!(
        walked.counts(),
        (whole.meetings().len(), whole.deadlines().len())
    );
    for m in whole.meetings() {
        assert_eq!(
            walked.owns_deadlines(m.id()),
            !whole.deadlines_of(m.id()).is_empty(),
            "{}",
            m.id()
        );
    }
}

#[test]
fn headers_inside_strings_and_arrays_are_not_cuts() {
    let src = "# a comment [[meetings]]\n\
        [[groups]]\nslug = \"wg5\"\nname = \"Interoperability\"\nkind = \"working-group\"\n\
        mailing_list = \"wg5@example.org\" # [defaults]\n\
        former_mailing_lists = [\n  \"old@example.org\",\n]\n\
        [[meetings]]\nid = \"m1\"\ntitle = \"WG5 e-meeting\"\ngroups = [\"wg5\"]\nkind = \"e-meeting\"\n\
        date = \"2023-09-07\"\nstart = \"09:00\"\nend = \"12:00\"\n\
        description = \"\"\"\n[[meetings]]\nid = \"not-a-meeting\"\n\"\"\"\"\n\
        join_notes = '''\n[defaults]\n'''\n\
        [defaults]\nzone = \"Asia/Shanghai\"\n\
        [[deadlines]]\nid = \"d1\"\nmeeting = \"m1\"\nkind = \"contribution\"\ndate = \"2023-08-31\"\n\
        email = \"wg5@example.org\"\n";
    let kinds: Vec<Kind> = pieces(src).iter().map(|p| p.0).collect();
    assert_eq!(
        kinds,
        [
            Kind::Prefix,
            Kind::Groups,
            Kind::Meetings,
            Kind::Defaults,
            Kind::Deadlines
        ]
    );
    let pieced = parse(src, &[]).expect("valid, pieced");
    assert_eq!(pieced, parse_whole(src, &[]).expect("valid, whole"));
    assert_eq!(pieced.meetings().len(), 1);
    // `[defaults]` after the meetings still gives them their zone.
    assert_eq!(pieced.meetings()[0].zone(), chrono_tz::Asia::Shanghai);
    assert!(
        pieced.meetings()[0]
            .description()
            .is_some_and(|d| d.as_str().contains("not-a-meeting\"\n"))
    );
}

#[test]
fn anything_doubtful_is_left_to_the_whole_parse() {
    let ok = "[[groups]]\nslug = \"wg5\"\nname = \"x\"\nkind = \"working-group\"\nmailing_list = \"wg5@example.org\"\n";
    assert!(parse(ok, &[]).is_some());
    for bad in [
        // Invalid items, invalid TOML, two [defaults] (TOML refuses).
        format!("{ok}[[meetings]]\nid = \"m\"\n"),
        format!("{ok}[[meetings]]\nid = \"m\n"),
        format!("[defaults]\nzone = \"UTC\"\n{ok}[defaults]\nzone = \"UTC\"\n"),
        // A sub-table of the groups among the meetings.
        format!("{ok}[[meetings]]\n[groups.x]\n"),
        // Items outside an item header.
        format!("groups = []\n{ok}"),
    ] {
        assert!(parse(&bad, &[]).is_none(), "{bad}");
    }
}
