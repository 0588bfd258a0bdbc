//! Scenarios of the storage the HTTP API writes through, around the items:
//! groups, token look-up, idempotency keys and listing pages.

use std::collections::HashSet;

use convene_core::Status;

use super::api_item_scenarios::{at, expect_duplicate, expect_not_found};
use super::*;
use crate::store::Idempotency;

pub(super) async fn groups_are_saved_and_archived<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    import_seed(s).await;
    let tg = new_group("tg-new", Some("wg5"), "TG on new things");
    s.save_group(&tg, true, "api", at()).await.expect("create");
    let tree = s.groups().await.expect("groups");
    assert_eq!(tree.len(), 30);
    assert_eq!(tree.get(&slug("tg-new")), Some(&tg));
    assert_eq!(tree.depth(&slug("tg-new")), 2);
    assert_eq!(
        db.count("groups WHERE slug = 'tg-new' AND position = 2 AND version = 1")
            .await,
        1
    );
    // It inherits WG5's list.
    assert_eq!(
        tree.effective_mailing_list(&slug("tg-new"))
            .expect("a list")
            .address
            .as_str(),
        "fgmv-wg5@lists.itu.int"
    );

    expect_duplicate(
        s.save_group(&tg, true, "api", at()).await,
        ("group", "tg-new"),
    );
    expect_not_found(
        s.save_group(
            &new_group("tg-none", Some("wg5"), "None"),
            false,
            "api",
            at(),
        )
        .await,
        ("group", "tg-none"),
    );
    expect_not_found(
        s.save_group(
            &new_group("tg-orphan", Some("no-such"), "Orphan"),
            true,
            "api",
            at(),
        )
        .await,
        ("group", "no-such"),
    );
    assert!(
        s.groups()
            .await
            .expect("groups")
            .get(&slug("tg-orphan"))
            .is_none()
    );

    // Renamed and moved under WG4.
    let renamed = new_group("tg-new", Some("wg4"), "TG on newer things");
    let later = utc("2023-06-03T00:00:00Z");
    s.save_group(&renamed, false, "api", later)
        .await
        .expect("update");
    let tree = s.groups().await.expect("groups");
    assert_eq!(tree.get(&slug("tg-new")), Some(&renamed));
    assert_eq!(tree.len(), 30);
    assert_eq!(
        db.count("groups WHERE slug = 'tg-new' AND position = 2 AND version = 2")
            .await,
        1
    );
    assert_eq!(
        db.count("audit_log WHERE subject_type = 'group' AND actor = 'api'")
            .await,
        2
    );

    // Archived once; the second time says so.
    assert!(s.archived_groups().await.expect("archived").is_empty());
    assert!(
        s.archive_group(&slug("wg9"), "api", later)
            .await
            .expect("archive")
    );
    assert!(
        s.archive_group(&slug("tg-new"), "api", later)
            .await
            .expect("archive")
    );
    assert!(
        !s.archive_group(&slug("tg-new"), "api", later)
            .await
            .expect("again")
    );
    expect_not_found(
        s.archive_group(&slug("no-such"), "api", later).await,
        ("group", "no-such"),
    );
    assert_eq!(
        s.archived_groups().await.expect("archived"),
        [slug("tg-new"), slug("wg9")]
    );
    assert_eq!(db.count("audit_log WHERE action = 'archive'").await, 2);
    assert_eq!(s.stamp().await.expect("stamp").change, 29 + 50 + 3 + 2 + 2);
    // Archived groups keep their history.
    assert_eq!(s.groups().await.expect("groups").len(), 30);
    let wg9 = s
        .meetings(&MeetingFilter {
            groups: Some(vec![slug("wg9")]),
            ..MeetingFilter::default()
        })
        .await
        .expect("meetings");
    assert!(!wg9.is_empty());
}

pub(super) async fn tokens_are_found_by_hash<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    import_seed(s).await;
    let token = TokenRecord {
        id: "tok-wg5".to_owned(),
        name: "WG5 secretariat".to_owned(),
        admin: false,
        group: Some(slug("wg5")),
        secret_hash: "d".repeat(64),
        created_at: utc("2023-06-01T10:00:00Z"),
        revoked_at: None,
    };
    s.create_token(&token).await.expect("create");
    assert_eq!(
        s.token_by_hash(&"d".repeat(64)).await.expect("by hash"),
        Some(token.clone())
    );
    assert_eq!(
        s.token_by_hash(&"e".repeat(64)).await.expect("by hash"),
        None
    );
    // Revoked ones too, with the time.
    assert!(s.revoke_token("tok-wg5", at()).await.expect("revoke"));
    assert_eq!(
        s.token_by_hash(&"d".repeat(64)).await.expect("by hash"),
        Some(TokenRecord {
            revoked_at: Some(at()),
            ..token
        })
    );
}

pub(super) async fn idempotency_keys_reserve_replay_and_release<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let begin = |token: &'static str, key: &'static str, hash: &'static str| async move {
        s.idempotency_begin(token, key, hash, at())
            .await
            .expect("begin")
    };
    assert_eq!(begin("tok-a", "k1", "h1").await, Idempotency::Proceed);
    assert_eq!(begin("tok-a", "k1", "h1").await, Idempotency::InProgress);
    assert_eq!(begin("tok-a", "k1", "h2").await, Idempotency::Mismatch);
    // Keys are per token.
    assert_eq!(begin("tok-b", "k1", "h2").await, Idempotency::Proceed);

    s.idempotency_finish("tok-a", "k1", 201, r#"{"id":"m"}"#)
        .await
        .expect("finish");
    let replay = Idempotency::Replay {
        status: 201,
        body: r#"{"id":"m"}"#.to_owned(),
    };
    assert_eq!(begin("tok-a", "k1", "h1").await, replay);
    assert_eq!(begin("tok-a", "k1", "h2").await, Idempotency::Mismatch);
    // Aborting a finished key does nothing.
    s.idempotency_abort("tok-a", "k1").await.expect("abort");
    assert_eq!(begin("tok-a", "k1", "h1").await, replay);

    // Aborting an unfinished one lets a retry (even a different one) run.
    assert_eq!(begin("tok-a", "k2", "h1").await, Idempotency::Proceed);
    s.idempotency_abort("tok-a", "k2").await.expect("abort");
    assert_eq!(begin("tok-a", "k2", "h3").await, Idempotency::Proceed);
    assert_eq!(begin("tok-a", "k2", "h3").await, Idempotency::InProgress);
    s.idempotency_finish("tok-a", "k2", 422, "{}")
        .await
        .expect("finish");
    assert_eq!(
        begin("tok-a", "k2", "h3").await,
        Idempotency::Replay {
            status: 422,
            body: "{}".to_owned()
        }
    );
    assert_eq!(db.count("idempotency_keys").await, 3);
}

pub(super) async fn concurrent_idempotency_begins_one_proceeds<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    for round in 0..5 {
        let key = format!("key-{round}");
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (store, key) = (s.clone(), key.clone());
                tokio::spawn(async move {
                    store
                        .idempotency_begin("tok-a", &key, "h1", at())
                        .await
                        .expect("begin")
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.expect("task"));
        }
        let proceed = answers
            .iter()
            .filter(|a| **a == Idempotency::Proceed)
            .count();
        assert_eq!(proceed, 1, "{answers:?}");
        assert!(
            answers
                .iter()
                .all(|a| matches!(a, Idempotency::Proceed | Idempotency::InProgress)),
            "{answers:?}"
        );
    }
    assert_eq!(db.count("idempotency_keys").await, 5);
}

pub(super) async fn meetings_filter_by_status<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    import_seed(s).await;
    let by = |status: Status, groups: Option<Vec<GroupSlug>>| MeetingFilter {
        groups,
        status: Some(status),
        ..MeetingFilter::default()
    };
    let tentative = s
        .meetings(&by(Status::Tentative, None))
        .await
        .expect("meetings");
    assert_eq!(
        meeting_ids(&tentative),
        [
            "wg9-2023-07-window",
            "wg9-2023-09-window",
            "tg-accessibility-2023-11-window",
            "wg5-2023-11-window",
        ]
    );
    assert!(
        tentative
            .iter()
            .all(|m| m.meeting.status() == Status::Tentative)
    );
    let confirmed = s
        .meetings(&by(Status::Confirmed, None))
        .await
        .expect("meetings");
    assert_eq!(confirmed.len(), 46);
    assert!(
        s.meetings(&by(Status::Cancelled, None))
            .await
            .expect("meetings")
            .is_empty()
    );
    let wg5 = s
        .meetings(&by(Status::Tentative, Some(vec![slug("wg5")])))
        .await
        .expect("meetings");
    assert_eq!(meeting_ids(&wg5), ["wg5-2023-11-window"]);

    // A cancelled meeting moves from one list to the other.
    let wg4 = s
        .meeting(&id("wg4-2023-08-28"))
        .await
        .expect("meeting")
        .expect("stored");
    let mut input = wg4.meeting.to_input();
    input.status = Some("cancelled".to_owned());
    let cancelled = input.validate(&Defaults::default()).expect("valid");
    s.update_meeting(&cancelled, 1, &[], &[], "api", at())
        .await
        .expect("cancel");
    let listed = s
        .meetings(&by(Status::Cancelled, None))
        .await
        .expect("meetings");
    assert_eq!(meeting_ids(&listed), ["wg4-2023-08-28"]);
    assert_eq!(listed[0].version, 2);
    assert_eq!(
        s.meetings(&by(Status::Confirmed, None))
            .await
            .expect("meetings")
            .len(),
        45
    );
}

pub(super) async fn meetings_page_by_cursor<S: Store>(db: &TestDb<S>) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let all = s
        .meetings(&MeetingFilter::default())
        .await
        .expect("meetings");
    assert_eq!(all.len(), 50);

    let page = |after: Option<(DateTime<Utc>, String)>, limit: u32| MeetingFilter {
        after,
        limit: Some(limit),
        ..MeetingFilter::default()
    };
    let cursor = |m: &StoredMeeting| Some((m.meeting.starts_at(), m.meeting.id().to_string()));
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let got = s.meetings(&page(after, 20)).await.expect("page");
        let Some(last) = got.last() else { break };
        after = cursor(last);
        pages.push(got);
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 10]);
    let joined: Vec<_> = pages.into_iter().flatten().collect();
    assert_eq!(joined, all);
    let unique: HashSet<String> = meeting_ids(&joined).into_iter().collect();
    assert_eq!(unique.len(), 50);

    // Same start: the id decides. WG3+WG5 and WG5 both start 07:00 UTC.
    let tie = s
        .meetings(&page(
            Some((utc("2023-09-07T07:00:00Z"), "wg3-wg5-2023-09-07".to_owned())),
            1,
        ))
        .await
        .expect("page");
    assert_eq!(meeting_ids(&tie), ["wg5-2023-09-07"]);
    // No limit: the rest.
    let rest = s
        .meetings(&MeetingFilter {
            after: cursor(&all[44]),
            ..MeetingFilter::default()
        })
        .await
        .expect("rest");
    assert_eq!(rest, all[45..]);
    assert!(s.meetings(&page(None, 0)).await.expect("page").is_empty());
    assert!(
        s.meetings(&page(cursor(&all[49]), 20))
            .await
            .expect("page")
            .is_empty()
    );

    // With the other filters: WG5's tentative meetings, one per page.
    let wg5 = |after| MeetingFilter {
        groups: Some(vec![slug("wg5"), slug("tg-accessibility")]),
        status: Some(Status::Tentative),
        after,
        limit: Some(1),
        ..MeetingFilter::default()
    };
    let first = s.meetings(&wg5(None)).await.expect("page");
    assert_eq!(meeting_ids(&first), ["tg-accessibility-2023-11-window"]);
    let second = s.meetings(&wg5(cursor(&first[0]))).await.expect("page");
    assert_eq!(meeting_ids(&second), ["wg5-2023-11-window"]);
    assert!(
        s.meetings(&wg5(cursor(&second[0])))
            .await
            .expect("page")
            .is_empty()
    );

    // Ids compare bytewise, as they are ordered: "tie-c" < "tiea".
    for m in ["tiea", "tie-c"] {
        s.create_meeting(&new_meeting(m), &[], &[], "api", at())
            .await
            .expect("create");
    }
    let start = new_meeting("tiea").starts_at();
    let around = s
        .meetings(&MeetingFilter {
            range: Some(Interval {
                start,
                end: start + chrono::Duration::minutes(1),
            }),
            ..MeetingFilter::default()
        })
        .await
        .expect("meetings");
    assert_eq!(meeting_ids(&around), ["tie-c", "tiea"]);
    let next = s
        .meetings(&page(Some((start, "tie-c".to_owned())), 5))
        .await
        .expect("page");
    assert_eq!(meeting_ids(&next)[0], "tiea");
    assert_eq!(
        catalog.meetings().len() + 2,
        db.count("meetings").await as usize
    );
}
