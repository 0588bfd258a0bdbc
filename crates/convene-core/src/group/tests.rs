use super::*;

pub(crate) fn group(
    slug: &str,
    kind: GroupKind,
    parent: Option<&str>,
    list: Option<&str>,
) -> Group {
    let s = |v: &str| GroupSlug::parse(v).expect("slug");
    Group {
        slug: s(slug),
        short_name: OneLine::parse(&slug.to_uppercase()).expect("name"),
        name: OneLine::parse(slug).expect("name"),
        kind,
        parent: parent.map(s),
        mailing_list: list.map(|l| Email::parse(l).expect("email")),
        contact: None,
        former_mailing_lists: vec![],
        participation: Participation::default(),
        join_visibility: None,
        members_allow: vec![],
        language: None,
    }
}

fn slug(v: &str) -> GroupSlug {
    GroupSlug::parse(v).expect("slug")
}

fn fgmv() -> GroupTree {
    use GroupKind::*;
    GroupTree::new([
        group("fg-mv", FocusGroup, None, Some("fgmv@lists.itu.int")),
        group(
            "wg2",
            WorkingGroup,
            Some("fg-mv"),
            Some("fgmv-wg2@lists.itu.int"),
        ),
        group(
            "wg5",
            WorkingGroup,
            Some("fg-mv"),
            Some("fgmv-wg5@lists.itu.int"),
        ),
        group("wg9", WorkingGroup, Some("fg-mv"), None),
        group("tg-power", TaskGroup, Some("wg2"), None),
        group("tg-gap-analysis", TaskGroup, Some("wg9"), None),
        group("tg-direct", TaskGroup, Some("fg-mv"), None),
    ])
    .expect("tree")
}

#[test]
fn lists_are_inherited_from_the_nearest_ancestor() {
    let t = fgmv();
    let eff = |s: &str| {
        t.effective_mailing_list(&slug(s))
            .map(|i| (i.address.to_string(), i.from.to_string()))
    };
    assert_eq!(
        eff("wg2"),
        Some(("fgmv-wg2@lists.itu.int".into(), "wg2".into()))
    );
    assert_eq!(
        eff("tg-power"),
        Some(("fgmv-wg2@lists.itu.int".into(), "wg2".into()))
    );
    assert_eq!(
        eff("wg9"),
        Some(("fgmv@lists.itu.int".into(), "fg-mv".into()))
    );
    assert_eq!(
        eff("tg-gap-analysis"),
        Some(("fgmv@lists.itu.int".into(), "fg-mv".into()))
    );
    assert_eq!(
        eff("tg-direct"),
        Some(("fgmv@lists.itu.int".into(), "fg-mv".into()))
    );
}

#[test]
fn joint_recipients_name_each_list_once() {
    let t = fgmv();
    let r = t.recipients(&[slug("wg5"), slug("wg2"), slug("tg-power"), slug("wg9")]);
    let r: Vec<String> = r.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        r,
        [
            "fgmv-wg5@lists.itu.int",
            "fgmv-wg2@lists.itu.int",
            "fgmv@lists.itu.int"
        ]
    );
}

#[test]
fn relations_follow_ancestry_not_siblinghood() {
    let t = fgmv();
    assert!(t.related(&slug("fg-mv"), &slug("tg-power")));
    assert!(t.related(&slug("tg-power"), &slug("wg2")));
    assert!(!t.related(&slug("wg2"), &slug("wg5")));
    assert!(!t.related(&slug("tg-power"), &slug("wg5")));
    let sub: Vec<&str> = t
        .subtree(&slug("wg2"))
        .iter()
        .map(|g| g.slug.as_str())
        .collect();
    assert_eq!(sub, ["wg2", "tg-power"]);
    assert_eq!(t.depth(&slug("tg-gap-analysis")), 2);
}

#[test]
fn invalid_trees_are_refused_with_the_reason() {
    use GroupKind::*;
    let e = GroupTree::new([
        group("fg-mv", FocusGroup, None, None),
        group("wg1", WorkingGroup, Some("fg-mv"), None),
        group("wg1", WorkingGroup, Some("fg-mv"), None),
    ])
    .unwrap_err();
    assert_eq!(e, TreeError::DuplicateSlug(slug("wg1")));

    let e = GroupTree::new([group("wg1", WorkingGroup, Some("fg-x"), None)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "group \"wg1\": the parent \"fg-x\" is not a known group"
    );

    let e = GroupTree::new([
        group("a", TaskGroup, Some("b"), None),
        group("b", TaskGroup, Some("c"), None),
        group("c", TaskGroup, Some("a"), None),
    ])
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "groups \"a\" -> \"b\" -> \"c\" -> \"a\" form a cycle: each is the parent of the next"
    );

    let e = GroupTree::new([
        group("fg-mv", FocusGroup, None, None),
        group("wg1", WorkingGroup, Some("fg-mv"), None),
        group("wg2", WorkingGroup, Some("wg1"), None),
    ])
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "group \"wg2\": a working group sits under a focus group; \"wg1\" is a working group"
    );
    assert_eq!(e.field(), "parent");
}

#[test]
fn a_task_group_never_sits_under_another_task_group() {
    use GroupKind::*;
    let e = GroupTree::new([
        group("fg-mv", FocusGroup, None, None),
        group("wg1", WorkingGroup, Some("fg-mv"), None),
        group("tg-x", TaskGroup, Some("wg1"), None),
        group("tg-y", TaskGroup, Some("tg-x"), None),
    ])
    .unwrap_err();
    assert_eq!(
        e,
        TreeError::BadNesting {
            group: slug("tg-y"),
            kind: TaskGroup,
            parent: slug("tg-x"),
            parent_kind: TaskGroup,
        }
    );
    assert_eq!(
        e.to_string(),
        "group \"tg-y\": a task group sits under the focus group or a working group; \"tg-x\" is a task group"
    );
    assert_eq!(
        e.to_field_error(),
        FieldError::new(
            "parent",
            "a task group sits under the focus group or a working group; \"tg-x\" is a task group"
        )
    );
    // Nor does a working group, nor a focus group.
    let e = GroupTree::new([
        group("tg-x", TaskGroup, None, None),
        group("wg1", WorkingGroup, Some("tg-x"), None),
    ])
    .unwrap_err();
    assert!(
        matches!(
            e,
            TreeError::BadNesting {
                kind: WorkingGroup,
                ..
            }
        ),
        "{e}"
    );
    let e = GroupTree::new([
        group("fg-a", FocusGroup, None, None),
        group("fg-b", FocusGroup, Some("fg-a"), None),
    ])
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "group \"fg-b\": a focus group is a root: it sits under no other group; \"fg-a\" is a focus group"
    );
    // Under the focus group and under a working group is fine (the
    // FG-MV tree has both).
    assert_eq!(fgmv().depth(&slug("tg-direct")), 1);
    assert_eq!(fgmv().depth(&slug("tg-power")), 2);
}

#[test]
fn a_single_parent_can_be_checked_against_an_existing_tree() {
    use GroupKind::*;
    let t = fgmv();
    let check = |kind, parent: Option<&str>| t.check_parent(kind, parent.map(slug).as_ref());
    assert_eq!(check(TaskGroup, Some("wg2")), Ok(()));
    assert_eq!(check(TaskGroup, Some("fg-mv")), Ok(()));
    assert_eq!(check(WorkingGroup, Some("fg-mv")), Ok(()));
    assert_eq!(check(FocusGroup, None), Ok(()));
    assert_eq!(check(TaskGroup, None), Ok(()));
    assert_eq!(
        check(TaskGroup, Some("tg-power")),
        Err(FieldError::new(
            "parent",
            "a task group sits under the focus group or a working group; \"tg-power\" is a task group"
        ))
    );
    assert_eq!(
        check(WorkingGroup, Some("wg5")),
        Err(FieldError::new(
            "parent",
            "a working group sits under a focus group; \"wg5\" is a working group"
        ))
    );
    assert_eq!(
        check(FocusGroup, Some("fg-mv")),
        Err(FieldError::new(
            "parent",
            "a focus group is a root: it sits under no other group; \"fg-mv\" is a focus group"
        ))
    );
    assert_eq!(
        check(TaskGroup, Some("wg42")),
        Err(FieldError::new(
            "parent",
            "the parent \"wg42\" is not a known group"
        ))
    );
}

/// The FG-MV tree with French on WG2 and Spanish on TG-power.
fn languages() -> GroupTree {
    let with = |slug: &str, l: Option<Language>| {
        let mut g = fgmv().get(&self::slug(slug)).cloned().expect("group");
        g.language = l;
        g
    };
    let mut groups: Vec<Group> = fgmv().iter().cloned().collect();
    for g in &mut groups {
        match g.slug.as_str() {
            "wg2" => *g = with("wg2", Some(Language::Fr)),
            "tg-power" => *g = with("tg-power", Some(Language::Es)),
            _ => {}
        }
    }
    GroupTree::new(groups).expect("tree")
}

#[test]
fn languages_are_inherited_like_lists_and_default_at_the_root() {
    let t = languages();
    let lang = |s: &str| group_language(&t, &slug(s), Language::En);
    assert_eq!(lang("wg2"), Language::Fr);
    assert_eq!(lang("tg-power"), Language::Es, "its own beats its parent's");
    assert_eq!(lang("wg5"), Language::En, "no one says: the default");
    assert_eq!(lang("fg-mv"), Language::En);
    assert_eq!(lang("no-such-group"), Language::En);
    assert_eq!(
        group_language(&t, &slug("wg5"), Language::Ru),
        Language::Ru,
        "the default is the caller's (i18n.default_language)"
    );
    let from = t.effective_language(&slug("tg-power")).expect("set");
    assert_eq!(
        (from.language, from.from.as_str()),
        (Language::Es, "tg-power")
    );
    assert_eq!(t.effective_language(&slug("wg9")), None);
    // A joint meeting's mail is in its lead group's language.
    assert_eq!(
        groups_language(&t, &[slug("wg2"), slug("wg5")], Language::En),
        Language::Fr
    );
    assert_eq!(groups_language(&t, &[], Language::Zh), Language::Zh);
}

#[test]
fn a_language_is_one_of_the_six_codes_and_round_trips() {
    for l in Language::ALL {
        assert_eq!(parse_language(l.code()), Ok(l));
    }
    let input = GroupInput {
        slug: Some("wg5".into()),
        name: Some("Interoperability".into()),
        kind: Some("working-group".into()),
        language: Some("fr".into()),
        ..GroupInput::default()
    };
    let g = input.validate().expect("valid");
    assert_eq!(g.language, Some(Language::Fr));
    assert_eq!(g.to_input().language.as_deref(), Some("fr"));
    for bad in ["FR", "fr-CH", "de", ""] {
        let errs = GroupInput {
            language: Some(bad.into()),
            ..input.clone()
        }
        .validate()
        .expect_err("refused");
        assert_eq!(errs.0.len(), 1, "{bad}");
        assert_eq!(errs.0[0].field, "language");
        assert_eq!(
            errs.0[0].message,
            format!(
                "{bad:?} is not a language; use one of \"ar\", \"zh\", \"en\", \"fr\", \"ru\", \"es\" (Arabic, Chinese, English, French, Russian, Spanish)"
            )
        );
    }
}
