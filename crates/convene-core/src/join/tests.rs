use super::*;
use crate::group::{Group, GroupInput, GroupTree};
use crate::meeting::{Defaults, MeetingInput};

fn group(
    slug: &str,
    kind: &str,
    parent: Option<&str>,
    list: Option<&str>,
    vis: Option<&str>,
) -> Group {
    GroupInput {
        slug: Some(slug.into()),
        name: Some(slug.into()),
        kind: Some(kind.into()),
        parent: parent.map(Into::into),
        mailing_list: list.map(Into::into),
        join_visibility: vis.map(Into::into),
        ..GroupInput::default()
    }
    .validate()
    .expect("valid group")
}

fn tree(wg2_vis: Option<&str>) -> GroupTree {
    GroupTree::new([
        group(
            "fg-mv",
            "focus-group",
            None,
            Some("fgmv@lists.itu.int"),
            None,
        ),
        group("wg2", "working-group", Some("fg-mv"), None, wg2_vis),
        group(
            "wg5",
            "working-group",
            Some("fg-mv"),
            Some("fgmv-wg5@lists.itu.int"),
            None,
        ),
        group("tg-x", "task-group", Some("wg2"), None, None),
    ])
    .expect("tree")
}

fn meeting(groups: &[&str], vis: Option<&str>) -> Meeting {
    MeetingInput {
        id: Some("m1".into()),
        title: Some("E-meeting".into()),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        kind: Some("e-meeting".into()),
        date: Some("2023-09-07".into()),
        start: Some("09:00".into()),
        end: Some("12:00".into()),
        remote_url: Some("https://remote.example/secret-room".into()),
        join_notes: Some("Passcode 918273".into()),
        join_visibility: vis.map(Into::into),
        ..MeetingInput::default()
    }
    .validate(&Defaults::default())
    .expect("valid meeting")
}

#[test]
fn members_by_default_and_the_public_reads_where_to_find_them() {
    let t = tree(None);
    let m = meeting(&["wg5"], None);
    assert_eq!(meeting_visibility(&t, &m), Visibility::Members);
    let public = for_audience(&t, &m, Audience::Public);
    assert_eq!(public.remote_url(), None);
    assert_eq!(public.join_notes(), None);
    assert_eq!(
        public.join_notice(),
        Some("Join details: sent to fgmv-wg5@lists.itu.int and in members' calendars")
    );
    // Nothing else of the meeting changes, and "as given" holds no detail.
    assert_eq!(public.title(), m.title());
    let input = public.to_input();
    assert_eq!((input.remote_url, input.join_notes), (None, None));
    let members = for_audience(&t, &m, Audience::Members);
    assert!(matches!(members, Cow::Borrowed(_)));
    assert_eq!(
        members.join_notes().map(|n| n.as_str()),
        Some("Passcode 918273")
    );
    assert_eq!(members.join_notice(), None);
}

#[test]
fn public_is_inherited_and_a_meeting_may_override() {
    let t = tree(Some("public"));
    // tg-x inherits wg2's "public".
    let m = meeting(&["tg-x"], None);
    assert_eq!(
        group_visibility(&t, &GroupSlug::parse("tg-x").unwrap()),
        Visibility::Public
    );
    assert_eq!(
        for_audience(&t, &m, Audience::Public).remote_url(),
        m.remote_url()
    );
    // A meeting of a public group may keep its details to members.
    let m = meeting(&["tg-x"], Some("members"));
    assert_eq!(for_audience(&t, &m, Audience::Public).remote_url(), None);
    // A joint meeting is as strict as its strictest group; the notice names
    // every list (the inherited one too).
    let m = meeting(&["tg-x", "wg5"], None);
    let p = for_audience(&t, &m, Audience::Public);
    assert_eq!(p.remote_url(), None);
    assert_eq!(
        p.join_notice(),
        Some(
            "Join details: sent to fgmv@lists.itu.int and fgmv-wg5@lists.itu.int and in members' calendars"
        )
    );
    // A meeting may make its own details public under a members group.
    let m = meeting(&["wg5"], Some("public"));
    assert!(matches!(
        for_audience(&t, &m, Audience::Public),
        Cow::Borrowed(_)
    ));
}

#[test]
fn visibility_is_checked_on_input() {
    let e = GroupInput {
        slug: Some("wg9".into()),
        name: Some("x".into()),
        kind: Some("working-group".into()),
        join_visibility: Some("secret".into()),
        members_allow: vec!["nobody".into()],
        ..GroupInput::default()
    }
    .validate()
    .expect_err("invalid");
    let fields: Vec<String> = e.0.iter().map(|f| f.field.clone()).collect();
    assert_eq!(fields, ["join_visibility", "members_allow[0]"]);
}

#[test]
fn member_patterns_match_addresses_and_domains() {
    let a = MemberPattern::parse("Ana@Member.org").expect("address");
    let d = MemberPattern::parse("@itu.int").expect("domain");
    let e = |s: &str| Email::parse(s).expect("email");
    assert!(a.matches(&e("ana@member.org")));
    assert!(!a.matches(&e("bob@member.org")));
    assert!(d.matches(&e("Bob@ITU.int")));
    assert!(!d.matches(&e("bob@evil-itu.int")));
    assert!(!d.matches(&e("bob@sub.itu.int")));
    assert_eq!(d.to_string(), "@itu.int");
    let mut g = group("wg5", "working-group", None, None, None);
    g.members_allow = vec![d];
    let t = GroupTree::new([g, group("tg", "task-group", Some("wg5"), None, None)]).unwrap();
    assert!(may_request(
        &t,
        &GroupSlug::parse("tg").unwrap(),
        &e("x@itu.int")
    ));
    assert!(!may_request(
        &t,
        &GroupSlug::parse("tg").unwrap(),
        &e("x@other.org")
    ));
}

#[test]
fn the_schedule_file_carries_visibility_notes_and_allow_lists_both_ways() {
    let src = r#"
[[groups]]
slug = "wg5"
name = "Interoperability"
kind = "working-group"
mailing_list = "fgmv-wg5@lists.itu.int"
join_visibility = "public"
members_allow = ["ana@member.org", "@itu.int"]

[[meetings]]
id = "wg5-2023-09-07"
title = "WG5 e-meeting"
groups = ["wg5"]
kind = "e-meeting"
date = "2023-09-07"
start = "09:00"
end = "12:00"
remote_url = "https://remote.itu.int/"
join_notes = "Passcode 918273"
join_visibility = "members"
"#;
    let catalog = crate::file::parse_schedule(src).expect("valid file");
    let again = crate::file::parse_schedule(&crate::file::to_schedule_toml(&catalog))
        .expect("the export reads back");
    assert_eq!(again.meetings(), catalog.meetings());
    let m = &again.meetings()[0];
    assert_eq!(m.join_notes().map(|n| n.as_str()), Some("Passcode 918273"));
    assert_eq!(m.join_visibility(), Some(Visibility::Members));
    let g = again
        .tree()
        .get(&GroupSlug::parse("wg5").unwrap())
        .expect("wg5");
    assert_eq!(g.join_visibility, Some(Visibility::Public));
    assert_eq!(
        g.members_allow
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>(),
        ["ana@member.org", "@itu.int"]
    );
    // The meeting's own "members" wins over the group's "public".
    assert_eq!(
        for_audience(again.tree(), m, Audience::Public).remote_url(),
        None
    );
}
