//! The outbox queue ([`Db::claim_due`] and the rest): claims and leases, concurrent claimers,
//! and every state a row goes through, with exact values.

use std::collections::BTreeSet;

use chrono::Duration;
use convene_core::Email;

use super::super::outbox::{ClaimedMail, OutboxQuery, OutboxRow};
use super::*;

/// A reminder `n` days before, of the 2nd FG-MV meeting, to the FG-MV list.
fn reminder(n: u32, due: &str) -> PlannedMail {
    PlannedMail {
        due: utc(due),
        kind: MailKind::Reminder { days_before: n },
        subject: Subject::Meeting(id("fgmv-2")),
        recipients: vec![Email::parse("fgmv@lists.itu.int").expect("address")],
        expires: utc("2023-07-03T16:00:00Z"),
    }
}

fn keys(claimed: &[ClaimedMail]) -> Vec<String> {
    claimed.iter().map(|c| c.mail.message_id.clone()).collect()
}

fn key(n: u32) -> String {
    format!("meeting.fgmv-2.v1.reminder-{n}d")
}

async fn row_of(s: &Db, id: i64) -> OutboxRow {
    s.outbox_row(id)
        .await
        .expect("outbox row")
        .expect("the row exists")
}

async fn claim(s: &Db, at: &str, limit: u32) -> Vec<ClaimedMail> {
    s.claim_due(utc(at), Duration::minutes(5), limit)
        .await
        .expect("claim")
}

pub(super) async fn outbox_claims_lease_rows(db: &TestDb) {
    let s = &db.store;
    let mails = [
        reminder(30, "2023-06-10T00:00:00Z"),
        reminder(20, "2023-06-11T00:00:00Z"),
        reminder(10, "2023-06-20T00:00:00Z"),
    ];
    s.import(&seed(), &mails, "test", now())
        .await
        .expect("import");

    // Due at noon on 12 June: the first two, oldest first, never tried.
    let first = claim(s, "2023-06-12T00:00:00Z", 10).await;
    assert_eq!(keys(&first), [key(30), key(20)]);
    assert!(first.iter().all(|c| c.attempts == 0));
    assert_eq!(first[0].mail.recipients, ["fgmv@lists.itu.int"]);
    assert_eq!(first[0].mail.due_at, utc("2023-06-10T00:00:00Z"));
    assert_eq!(first[0].mail.status, "pending");
    let row = row_of(s, first[0].id).await;
    assert_eq!(row.lease_until, Some(utc("2023-06-12T00:05:00Z")));

    // Leased: not claimed again until the lease ends, to the second.
    assert!(claim(s, "2023-06-12T00:00:00Z", 10).await.is_empty());
    assert!(claim(s, "2023-06-12T00:04:59Z", 10).await.is_empty());
    let again = claim(s, "2023-06-12T00:05:00Z", 10).await;
    assert_eq!(keys(&again), [key(30), key(20)]);
    assert_eq!(
        row_of(s, again[1].id).await.lease_until,
        Some(utc("2023-06-12T00:10:00Z"))
    );

    // `limit` at a time, oldest first.
    assert_eq!(keys(&claim(s, "2023-06-21T00:00:00Z", 1).await), [key(30)]);
    assert_eq!(keys(&claim(s, "2023-06-21T00:00:00Z", 1).await), [key(20)]);
    assert_eq!(keys(&claim(s, "2023-06-21T00:00:00Z", 1).await), [key(10)]);
    assert!(claim(s, "2023-06-21T00:00:00Z", 1).await.is_empty());

    // Superseded rows are never claimed.
    let catalog = seed();
    let fgmv2 = catalog.meeting(&id("fgmv-2")).expect("in the seed").clone();
    s.update_meeting(&fgmv2, 1, &[], "test", now())
        .await
        .expect("update");
    assert!(claim(s, "2023-07-01T00:00:00Z", 10).await.is_empty());
    let rows = s.list(&OutboxQuery::default()).await.expect("list");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.mail.status == "superseded"));
}

pub(super) async fn outbox_concurrent_claimers_get_disjoint_sets(db: &TestDb) {
    let s = &db.store;
    let mails: Vec<PlannedMail> = (1..=1000)
        .map(|n| reminder(n, "2023-06-01T00:00:00Z"))
        .collect();
    s.import(&seed(), &mails, "test", now())
        .await
        .expect("import");
    let claimer = |s: Db| async move {
        let mut got = Vec::new();
        loop {
            let batch = s
                .claim_due(utc("2023-06-02T00:00:00Z"), Duration::minutes(10), 25)
                .await
                .expect("claim");
            if batch.is_empty() {
                return got;
            }
            got.extend(batch.into_iter().map(|c| c.id));
        }
    };
    let a = tokio::spawn(claimer(s.clone()));
    let b = tokio::spawn(claimer(s.clone()));
    let a = a.await.expect("first claimer");
    let b = b.await.expect("second claimer");
    let a_set: BTreeSet<i64> = a.iter().copied().collect();
    let b_set: BTreeSet<i64> = b.iter().copied().collect();
    assert_eq!(a_set.len(), a.len(), "a claimer got a row twice");
    assert_eq!(b_set.len(), b.len(), "a claimer got a row twice");
    assert!(
        a_set.is_disjoint(&b_set),
        "both claimed {:?}",
        a_set.intersection(&b_set).collect::<Vec<_>>()
    );
    let all: BTreeSet<i64> = a_set.union(&b_set).copied().collect();
    let rows = s.list(&OutboxQuery::default()).await.expect("list");
    assert_eq!(rows.len(), 1000);
    assert_eq!(all, rows.iter().map(|r| r.id).collect::<BTreeSet<i64>>());
}

pub(super) async fn outbox_rows_go_sent_failed_dead_skipped_and_back(db: &TestDb) {
    let s = &db.store;
    let mails = [
        reminder(4, "2023-06-10T00:00:00Z"),
        reminder(3, "2023-06-10T00:00:00Z"),
        reminder(2, "2023-06-10T00:00:00Z"),
        reminder(1, "2023-06-10T00:00:00Z"),
    ];
    s.import(&seed(), &mails, "test", now())
        .await
        .expect("import");
    let t = "2023-06-12T00:00:00Z";
    let claimed = claim(s, t, 10).await;
    assert_eq!(keys(&claimed), [key(4), key(3), key(2), key(1)]);
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| claimed[i].id);

    // Sent: one attempt, when, lease released.
    assert!(
        s.mark_sent(a, utc("2023-06-12T00:00:01Z"))
            .await
            .expect("sent")
    );
    let row = row_of(s, a).await;
    assert_eq!(row.mail.status, "sent");
    assert_eq!(row.sent_at, Some(utc("2023-06-12T00:00:01Z")));
    assert_eq!(
        (row.attempts, row.lease_until, row.last_error),
        (1, None, None)
    );

    // Failed: pending again, tried at the retry time, not before.
    assert!(
        s.mark_failed(b, "451 4.3.0 try later", Some(utc("2023-06-12T00:01:00Z")))
            .await
            .expect("failed")
    );
    let row = row_of(s, b).await;
    assert_eq!(row.mail.status, "pending");
    assert_eq!(row.attempts, 1);
    assert_eq!(row.next_attempt_at, utc("2023-06-12T00:01:00Z"));
    assert_eq!(row.last_error.as_deref(), Some("451 4.3.0 try later"));
    assert_eq!((row.lease_until, row.sent_at), (None, None));
    assert!(claim(s, "2023-06-12T00:00:59Z", 10).await.is_empty());
    let retried = claim(s, "2023-06-12T00:01:00Z", 10).await;
    assert_eq!(keys(&retried), [key(3)]);
    assert_eq!(retried[0].attempts, 1);

    // Dead: no retry time. A finished row is not marked failed again.
    assert!(s.mark_failed(b, "451 again", None).await.expect("dead"));
    let row = row_of(s, b).await;
    assert_eq!((row.mail.status.as_str(), row.attempts), ("dead", 2));
    assert_eq!(row.last_error.as_deref(), Some("451 again"));
    assert!(!s.mark_failed(b, "late", None).await.expect("not pending"));
    assert!(!s.mark_failed(a, "late", Some(utc(t))).await.expect("sent"));
    assert_eq!(row_of(s, a).await.mail.status, "sent");

    // Skipped, with why.
    assert!(
        s.mark_skipped(c, utc("2023-06-12T00:00:02Z"), "its moment had passed")
            .await
            .expect("skipped")
    );
    let row = row_of(s, c).await;
    assert_eq!((row.mail.status.as_str(), row.attempts), ("skipped", 0));
    assert_eq!(
        row.last_error.as_deref(),
        Some("skipped at 2023-06-12T00:00:02Z: its moment had passed")
    );
    assert!(
        !s.mark_skipped(a, utc(t), "no")
            .await
            .expect("sent rows stay sent")
    );

    // The depth the metrics read: every status, and how long the one
    // pending row (due 2023-06-10, claimed but not finished) has been due.
    let (counts, lag) = s.depth(utc("2023-06-12T00:02:00Z")).await.expect("depth");
    assert_eq!(
        counts,
        [
            ("pending", 1),
            ("sent", 1),
            ("skipped", 1),
            ("dead", 1),
            ("superseded", 0)
        ]
    );
    assert_eq!(lag.num_seconds(), 2 * 86_400 + 120);
    let (_, lag) = s.depth(utc("2023-06-09T00:00:00Z")).await.expect("depth");
    assert_eq!(lag.num_seconds(), 0, "nothing due yet");

    // Listing by status and by due window.
    let dead = s
        .list(&OutboxQuery {
            status: Some("dead".into()),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(dead.iter().map(|r| r.id).collect::<Vec<_>>(), [b]);
    let window = |from: &str, to: &str| OutboxQuery {
        due_from: Some(utc(from)),
        due_to: Some(utc(to)),
        ..Default::default()
    };
    assert_eq!(
        s.list(&window("2023-06-10T00:00:00Z", "2023-06-10T00:00:01Z"))
            .await
            .expect("list")
            .len(),
        4
    );
    assert!(
        s.list(&window("2023-06-10T00:00:01Z", "2023-06-11T00:00:00Z"))
            .await
            .expect("list")
            .is_empty()
    );
    let one = s
        .list(&OutboxQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(one.iter().map(|r| r.id).collect::<Vec<_>>(), [a]);

    // Retry: only dead rows; due at once (at its due time, earlier than
    // now), attempts reset, the last error kept.
    assert!(!s.retry(a, utc(t)).await.expect("retry a sent row"));
    assert!(!s.retry(9_999_999, utc(t)).await.expect("retry nothing"));
    assert!(
        s.retry(b, utc("2023-06-12T00:10:00Z"))
            .await
            .expect("retry")
    );
    let row = row_of(s, b).await;
    assert_eq!((row.mail.status.as_str(), row.attempts), ("pending", 0));
    assert_eq!(row.next_attempt_at, utc("2023-06-10T00:00:00Z"));
    assert_eq!(row.last_error.as_deref(), Some("451 again"));
    // `d` was never finished: its lease ended at 00:05, so it comes back
    // too, after `b` (due at the same time, a later row).
    let last = claim(s, "2023-06-12T00:10:00Z", 10).await;
    assert_eq!(last.iter().map(|c| c.id).collect::<Vec<_>>(), [b, d]);
    assert!(s.outbox_row(9_999_999).await.expect("row").is_none());
}
