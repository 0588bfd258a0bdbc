//! Scenarios of the storage the HTTP API writes through, around the items:
//! groups, token look-up, idempotency keys and listing pages.

use std::collections::HashSet;

use convene_core::Status;

use super::api_item_scenarios::{at, expect_duplicate, expect_not_found};
use super::*;
use crate::store::{Answer, KeyClaim, KeyPolicy, KeyRequest};

pub(super) async fn groups_are_saved_and_archived(db: &TestDb) {
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

pub(super) async fn tokens_are_found_by_hash(db: &TestDb) {
    let s = &db.store;
    import_seed(s).await;
    let token = wg5_token('d');
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

fn key(token: &str, key: &str, hash: &str) -> KeyRequest {
    KeyRequest {
        token_id: token.to_owned(),
        key: key.to_owned(),
        request_hash: hash.to_owned(),
    }
}

fn answer(status: u16, body: &str) -> Answer {
    Answer {
        status,
        content_type: "application/json".into(),
        location: Some("/api/v1/meetings/m".into()),
        etag: Some("\"1\"".into()),
        body: body.to_owned(),
    }
}

const KEYS: KeyPolicy = KeyPolicy {
    lease: chrono::Duration::seconds(60),
    keep: chrono::Duration::hours(24),
};

/// Claims a key in a transaction of its own, keeping `keep` as its answer
/// when fresh (or rolling back when `keep` is `None`).
async fn claim(db: &Db, k: &KeyRequest, at: DateTime<Utc>, keep: Option<&Answer>) -> KeyClaim {
    let mut tx = db.begin_write().await.expect("begin");
    let claim = tx.claim_key(k, KEYS, at).await.expect("claim");
    if claim == KeyClaim::Fresh
        && let Some(a) = keep
    {
        tx.keep_answer(k, a).await.expect("keep");
        tx.commit().await.expect("commit");
    }
    claim
}

pub(super) async fn idempotency_keys_reserve_replay_and_expire(db: &TestDb) {
    let s = &db.store;
    let first = answer(201, r#"{"id":"m"}"#);
    // A request that fails (rolls back) leaves the key free.
    assert_eq!(
        claim(s, &key("tok-a", "k1", "h1"), at(), None).await,
        KeyClaim::Fresh
    );
    assert_eq!(db.count("idempotency_keys").await, 0);
    assert_eq!(
        claim(s, &key("tok-a", "k1", "h9"), at(), Some(&first)).await,
        KeyClaim::Fresh
    );
    // The same request again: the first answer, whole.
    assert_eq!(
        claim(s, &key("tok-a", "k1", "h9"), at(), None).await,
        KeyClaim::Replay(first.clone())
    );
    assert_eq!(
        claim(s, &key("tok-a", "k1", "h2"), at(), None).await,
        KeyClaim::Mismatch
    );
    // Keys are per token.
    assert_eq!(
        claim(s, &key("tok-b", "k1", "h2"), at(), Some(&first)).await,
        KeyClaim::Fresh
    );
    // Forgotten after `keep`.
    let later = at() + chrono::Duration::hours(25);
    assert_eq!(
        claim(s, &key("tok-a", "k1", "h2"), later, None).await,
        KeyClaim::Fresh
    );
    // A key reserved and never answered (left by an older convene) is taken
    // over after the lease.
    db.execute(&format!(
        "INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body, created_at) VALUES ('tok-c', 'stuck', 'h', 0, '', {})",
        if matches!(s, Db::Sqlite(_)) { "'2023-06-01T00:00:00Z'" } else { "'2023-06-01T00:00:00Z'::timestamptz" }
    ))
    .await;
    let t0 = utc("2023-06-01T00:00:30Z");
    assert_eq!(
        claim(s, &key("tok-c", "stuck", "h"), t0, None).await,
        KeyClaim::InProgress
    );
    let t1 = utc("2023-06-01T00:01:01Z");
    assert_eq!(
        claim(s, &key("tok-c", "stuck", "h"), t1, Some(&first)).await,
        KeyClaim::Fresh
    );
}

pub(super) async fn concurrent_idempotency_claims_one_answers(db: &TestDb) {
    let s = &db.store;
    for round in 0..5 {
        let k = key("tok-a", &format!("key-{round}"), "h1");
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (store, k) = (s.clone(), k.clone());
                tokio::spawn(async move {
                    claim(
                        &store,
                        &k,
                        at(),
                        Some(&answer(201, &format!("{{\"n\":{i}}}"))),
                    )
                    .await
                })
            })
            .collect();
        let mut claims = Vec::new();
        for t in tasks {
            claims.push(t.await.expect("task"));
        }
        let fresh = claims.iter().filter(|c| **c == KeyClaim::Fresh).count();
        assert_eq!(fresh, 1, "{claims:?}");
        // Every other one waited for the first and got its answer.
        let replays: Vec<&KeyClaim> = claims.iter().filter(|c| **c != KeyClaim::Fresh).collect();
        assert!(
            replays
                .iter()
                .all(|c| matches!(c, KeyClaim::Replay(a) if a.status == 201)),
            "{claims:?}"
        );
        assert!(replays.windows(2).all(|w| w[0] == w[1]), "{claims:?}");
    }
    assert_eq!(db.count("idempotency_keys").await, 5);
}

pub(super) async fn meetings_filter_by_status(db: &TestDb) {
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
    s.update_meeting(&cancelled, 1, &[], "api", at())
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

pub(super) async fn meetings_page_by_cursor(db: &TestDb) {
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
