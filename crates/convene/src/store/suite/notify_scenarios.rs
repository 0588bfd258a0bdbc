//! Silent writes through the service layer (`crate::schedule`): the audit
//! rows of a `notify: false` change say so (`audit_log.notified`), and
//! its notices are neither planned nor, in a batch, collected.

use std::sync::Arc;

use super::*;
use crate::clock::Clock;
use crate::config::Config;
use crate::schedule::change_meeting::Cancel;
use crate::schedule::changes::{Batch, Change};
use crate::schedule::{Actor, DeadlineSpec, MeetingPatch, MeetingRequest, Schedule, Written};
use crate::store::Answer;

fn no_answer<T>(_: &T) -> Answer {
    Answer {
        status: 200,
        content_type: "application/json".into(),
        location: None,
        etag: None,
        body: String::new(),
    }
}

fn request(id: &str, notify: bool) -> MeetingRequest {
    let input: MeetingInput = serde_json::from_value(serde_json::json!({
        "id": id, "title": "Silent", "groups": ["wg5"], "kind": "e-meeting",
        "date": "2023-12-04", "start": "14:00", "end": "15:00"
    }))
    .expect("input");
    MeetingRequest {
        input,
        deadlines: DeadlineSpec::None,
        allow_conflicts: true,
        notify,
    }
}

pub(super) async fn silent_writes_are_audited_silent(db: &TestDb) {
    let s = &db.store;
    import_seed(s).await;
    let config = Config::with_toml("mail.hold_minutes = 10").expect("config");
    let schedule = Schedule::new(s.clone(), Arc::new(config), Clock::Frozen(now()));
    let actor = Actor::cli("test");
    let done = schedule
        .create_meeting(&actor, request("quiet", false), None, no_answer)
        .await
        .expect("create");
    assert!(matches!(done, Written::Done(_)));
    let patch = MeetingPatch {
        patch: serde_json::json!({"start": "15:00", "end": "16:00"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        allow_conflicts: true,
        expected: None,
        notify: false,
    };
    schedule
        .patch_meeting(&actor, "quiet", patch, None, no_answer)
        .await
        .expect("patch");
    let quiet = Subject::Meeting(id("quiet"));
    let outbox = s.outbox().await.expect("outbox");
    let kinds: Vec<MailKind> = mails_of(&outbox, &quiet)
        .iter()
        .filter(|m| m.status == "pending")
        .map(|m| m.kind)
        .collect();
    assert!(!kinds.is_empty(), "its reminders are planned");
    assert!(kinds.iter().all(|k| !k.is_notice()), "{kinds:?}");
    assert_eq!(db.count("audit_log WHERE NOT notified").await, 2);

    // Announced: the notice waits the hold, and the audit row says so.
    schedule
        .create_meeting(&actor, request("loud", true), None, no_answer)
        .await
        .expect("create");
    let outbox = s.outbox().await.expect("outbox");
    let loud = mails_of(&outbox, &Subject::Meeting(id("loud")));
    let announcement = loud
        .iter()
        .find(|m| m.kind == MailKind::Announcement)
        .expect("announced");
    assert_eq!(announcement.due_at, now() + chrono::Duration::minutes(10));
    assert_eq!(db.count("audit_log WHERE NOT notified").await, 2);

    // A silent cancellation before the announcement went out: nothing.
    let cancel = Cancel {
        reason: None,
        expected: None,
        notify: false,
    };
    schedule
        .cancel_meeting(&actor, "loud", cancel, None, no_answer)
        .await
        .expect("cancel");
    let outbox = s.outbox().await.expect("outbox");
    assert!(
        mails_of(&outbox, &Subject::Meeting(id("loud")))
            .iter()
            .all(|m| m.status != "pending")
    );
    assert_eq!(db.count("audit_log WHERE NOT notified").await, 3);

    // A group's deadline, announced; fixed silently before the
    // announcement went out: the announcement stays, for the new version.
    let input: DeadlineInput = serde_json::from_value(serde_json::json!({
        "id": "wg5-doc", "group": "wg5", "kind": "contribution", "date": "2023-11-01"
    }))
    .expect("deadline");
    schedule
        .create_deadline(&actor, input, true, None, no_answer)
        .await
        .expect("deadline");
    let fix = serde_json::json!({"date": "2023-11-02"})
        .as_object()
        .cloned()
        .unwrap_or_default();
    schedule
        .patch_deadline(&actor, "wg5-doc", fix, None, false, no_answer)
        .await
        .expect("fix");
    let outbox = s.outbox().await.expect("outbox");
    let pending: Vec<(i64, MailKind)> = mails_of(&outbox, &Subject::Deadline(id("wg5-doc")))
        .iter()
        .filter(|m| m.status == "pending" && m.kind.is_notice())
        .map(|m| (m.subject_version, m.kind))
        .collect();
    assert_eq!(pending, [(2, MailKind::Announcement)]);
    assert_eq!(db.count("audit_log WHERE NOT notified").await, 4);

    // A silent batch: audited silent, no notice kept.
    let batch = Batch {
        changes: vec![Change::Create(Box::new(request("batched", true)))],
        dry_run: false,
        notify: false,
    };
    schedule
        .apply_batch(&actor, batch, None, no_answer)
        .await
        .expect("batch");
    assert_eq!(db.count("audit_log WHERE NOT notified").await, 5);
    assert_eq!(db.count("batch_notices").await, 0);
}
