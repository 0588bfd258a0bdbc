//! Scenarios of the storage the HTTP API writes through, for single items:
//! creating meetings, saving and deleting deadlines, updating meetings, and
//! the planned mails these writes and imports supersede.

use convene_core::reminder::plan_change;

use super::*;
use crate::store::Stamp;

/// When the API changes things in these scenarios (the seed is imported at
/// [`now`]).
pub(super) fn at() -> DateTime<Utc> {
    utc("2023-06-02T00:00:00Z")
}

/// `(due, key)` of mails, in outbox order.
fn due_keys(mails: &[&OutboxMail]) -> Vec<(DateTime<Utc>, String)> {
    mails
        .iter()
        .map(|m| (m.due_at, m.message_id.clone()))
        .collect()
}

fn state(version: i64, status: &str, key: &str) -> (i64, String, String) {
    (version, status.to_owned(), key.to_owned())
}

pub(super) fn expect_duplicate<T: std::fmt::Debug>(r: Result<T, StoreError>, want: (&str, &str)) {
    match r {
        Err(StoreError::Duplicate { what, id }) => assert_eq!((what, id.as_str()), want),
        other => panic!("expected a duplicate {want:?}, got {other:?}"),
    }
}

pub(super) fn expect_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>, want: (&str, &str)) {
    match r {
        Err(StoreError::NotFound { what, id }) => assert_eq!((what, id.as_str()), want),
        other => panic!("expected not found {want:?}, got {other:?}"),
    }
}

fn expect_conflict<T: std::fmt::Debug>(r: Result<T, StoreError>, want: (&str, &str, i64, i64)) {
    match r {
        Err(StoreError::VersionConflict {
            what,
            id,
            expected,
            current,
        }) => assert_eq!((what, id.as_str(), expected, current), want),
        other => panic!("expected a version conflict {want:?}, got {other:?}"),
    }
}

pub(super) async fn create_meeting_stores_everything_or_nothing(db: &TestDb) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let tree = catalog.tree();
    let meeting = new_meeting("wg5-2023-12-04");
    let deadline = new_deadline(
        "wg5-2023-12-04-contribution",
        Owner::Meeting(meeting.id().clone()),
        "2023-11-27",
    );
    let mut mails = reminder::plan_meeting(tree, &meeting, &policy(), at());
    mails.extend(reminder::plan_deadline(
        tree,
        &deadline,
        Some(&meeting),
        &policy(),
        at(),
    ));
    assert_eq!(mails.len(), 4, "two reminders each");
    let outbox_before = s.outbox().await.expect("outbox").len();

    let stored = s
        .create_meeting(
            &meeting,
            std::slice::from_ref(&deadline),
            &mails,
            "api",
            at(),
        )
        .await
        .expect("create");
    assert_eq!((stored.version, stored.updated_at), (1, at()));
    assert_eq!(stored.meeting, meeting);
    assert_eq!(
        s.meeting(meeting.id()).await.expect("meeting"),
        Some(stored)
    );
    let d = s
        .deadline(deadline.id())
        .await
        .expect("deadline")
        .expect("the deadline is stored");
    assert_eq!((d.version, d.updated_at), (1, at()));
    assert_eq!(d.deadline, deadline);
    assert_eq!(d.deadline.closes_at(), utc("2023-11-27T23:00:00Z"));
    let listed = s
        .deadlines(&[meeting.id().clone()], &[])
        .await
        .expect("deadlines");
    assert_eq!(listed, [d]);
    assert_eq!(
        db.count("sessions WHERE meeting_id = 'wg5-2023-12-04'")
            .await,
        1
    );
    // Its mails, at version 1: 7 and 1 days before 09:00 (08:00 UTC), and
    // before the start of 27 November (23:00 UTC the day before).
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), outbox_before + 4);
    let m = mails_of(&outbox, &Subject::Meeting(meeting.id().clone()));
    assert_eq!(
        due_keys(&m),
        [
            (
                utc("2023-11-27T08:00:00Z"),
                "meeting.wg5-2023-12-04.v1.reminder-7d".to_owned()
            ),
            (
                utc("2023-12-03T08:00:00Z"),
                "meeting.wg5-2023-12-04.v1.reminder-1d".to_owned()
            ),
        ]
    );
    let dm = mails_of(&outbox, &Subject::Deadline(deadline.id().clone()));
    assert_eq!(
        due_keys(&dm),
        [
            (
                utc("2023-11-19T23:00:00Z"),
                "deadline.wg5-2023-12-04-contribution.v1.reminder-7d".to_owned()
            ),
            (
                utc("2023-11-25T23:00:00Z"),
                "deadline.wg5-2023-12-04-contribution.v1.reminder-1d".to_owned()
            ),
        ]
    );
    assert!(m.iter().chain(&dm).all(|x| x.status == "pending"
        && x.subject_version == 1
        && x.recipients == ["fgmv-wg5@lists.itu.int"]));
    // One audit row each; the stamp moved to the newest.
    assert_eq!(
        db.count("audit_log WHERE action = 'create' AND actor = 'api'")
            .await,
        2
    );
    let stamp = Stamp {
        change: 29 + 50 + 3 + 2,
        at: Some(at()),
    };
    assert_eq!(s.stamp().await.expect("stamp"), stamp);

    // Ids already taken, by a meeting or a deadline: nothing is written.
    let counts_now = || async {
        (
            db.count("meetings").await,
            db.count("deadlines").await,
            db.count("sessions").await,
            db.count("outbox").await,
            db.count("audit_log").await,
        )
    };
    let before = counts_now().await;
    assert_eq!(before.0, 51);
    assert_eq!(before.1, 4);
    let later = utc("2023-06-03T00:00:00Z");
    let other = new_meeting("wg5-2023-12-11");
    let other_deadline = |deadline_id: &str| {
        new_deadline(
            deadline_id,
            Owner::Meeting(other.id().clone()),
            "2023-12-01",
        )
    };
    expect_duplicate(
        s.create_meeting(&meeting, &[], &[], "api", later).await,
        ("meeting or deadline", "wg5-2023-12-04"),
    );
    expect_duplicate(
        s.create_meeting(&new_meeting("fgmv-2-visa"), &[], &[], "api", later)
            .await,
        ("meeting or deadline", "fgmv-2-visa"),
    );
    expect_duplicate(
        s.create_meeting(
            &other,
            &[
                other_deadline("wg5-2023-12-11-a"),
                other_deadline("fgmv-2-visa"),
            ],
            &[],
            "api",
            later,
        )
        .await,
        ("meeting or deadline", "fgmv-2-visa"),
    );
    // Twice in the same request.
    expect_duplicate(
        s.create_meeting(
            &other,
            &[other_deadline("wg5-2023-12-11")],
            &[],
            "api",
            later,
        )
        .await,
        ("meeting or deadline", "wg5-2023-12-11"),
    );
    // A failure at the very end (the same mail twice) undoes the meeting,
    // its deadline, sessions and audit rows.
    let planned = reminder::plan_meeting(tree, &other, &policy(), later);
    let twice = [planned[0].clone(), planned[0].clone()];
    let err = s
        .create_meeting(
            &other,
            &[other_deadline("wg5-2023-12-11-a")],
            &twice,
            "api",
            later,
        )
        .await
        .expect_err("a duplicate outbox key fails the creation");
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");
    assert_eq!(counts_now().await, before);
    assert!(s.meeting(other.id()).await.expect("meeting").is_none());
    assert!(
        s.deadline(&id("wg5-2023-12-11-a"))
            .await
            .expect("deadline")
            .is_none()
    );
    assert_eq!(s.stamp().await.expect("stamp"), stamp);
}

pub(super) async fn concurrent_creates_of_one_id_one_wins(db: &TestDb) {
    let s = &db.store;
    import_seed(s).await;
    for round in 0..10 {
        // The same id, as a meeting and as a deadline, at the same time.
        let item = format!("race-{round}");
        let meeting = {
            let (store, m) = (s.clone(), new_meeting(&item));
            tokio::spawn(async move { store.create_meeting(&m, &[], &[], "api", at()).await })
        };
        let deadline = {
            let store = s.clone();
            let d = new_deadline(&item, Owner::Group(slug("wg5")), "2023-10-02");
            tokio::spawn(async move { store.save_deadline(&d, None, &[], "api", at()).await })
        };
        let (m, d) = (meeting.await.expect("task"), deadline.await.expect("task"));
        match (&m, &d) {
            (Ok(_), Err(StoreError::Duplicate { id, .. }))
            | (Err(StoreError::Duplicate { id, .. }), Ok(_)) => assert_eq!(id, &item),
            other => panic!("expected one creation and one duplicate, got {other:?}"),
        }
        let stored = db
            .count(&format!(
                "(SELECT id FROM meetings WHERE id = '{item}' UNION ALL SELECT id FROM deadlines WHERE id = '{item}') x"
            ))
            .await;
        assert_eq!(stored, 1);
    }
}

pub(super) async fn save_deadline_versions_and_supersedes(db: &TestDb) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let tree = catalog.tree();
    let wg5 = Owner::Group(slug("wg5"));
    let v1 = new_deadline("wg5-ballot", wg5.clone(), "2023-10-02");
    let plan =
        |d: &Deadline, t: DateTime<Utc>| reminder::plan_deadline(tree, d, None, &policy(), t);
    let subject = Subject::Deadline(v1.id().clone());

    let stored = s
        .save_deadline(&v1, None, &plan(&v1, at()), "api", at())
        .await
        .expect("create");
    assert_eq!((stored.version, stored.updated_at), (1, at()));
    assert_eq!(
        s.deadline(v1.id()).await.expect("deadline"),
        Some(stored.clone())
    );
    assert_eq!(
        s.deadlines(&[] as &[&str], &[slug("wg5")])
            .await
            .expect("deadlines"),
        [stored]
    );
    assert_eq!(
        mail_states(&s.outbox().await.expect("outbox"), &subject),
        [
            state(1, "pending", "deadline.wg5-ballot.v1.reminder-7d"),
            state(1, "pending", "deadline.wg5-ballot.v1.reminder-1d"),
        ]
    );

    // Creating it again, or with an id a meeting has.
    expect_duplicate(
        s.save_deadline(&v1, None, &[], "api", at()).await,
        ("deadline", "wg5-ballot"),
    );
    expect_duplicate(
        s.save_deadline(
            &new_deadline("wg5-2023-09-07", wg5.clone(), "2023-10-02"),
            None,
            &[],
            "api",
            at(),
        )
        .await,
        ("meeting or deadline", "wg5-2023-09-07"),
    );
    // Updating one that is not there.
    expect_not_found(
        s.save_deadline(
            &new_deadline("wg5-none", wg5.clone(), "2023-10-02"),
            Some(1),
            &[],
            "api",
            at(),
        )
        .await,
        ("deadline", "wg5-none"),
    );

    // Moved to 9 October: version 2, the version 1 mails superseded.
    let later = utc("2023-06-03T00:00:00Z");
    let v2 = new_deadline("wg5-ballot", wg5.clone(), "2023-10-09");
    let stored = s
        .save_deadline(&v2, Some(1), &plan(&v2, later), "api", later)
        .await
        .expect("update");
    assert_eq!((stored.version, stored.updated_at), (2, later));
    assert_eq!(
        mail_states(&s.outbox().await.expect("outbox"), &subject),
        [
            state(1, "superseded", "deadline.wg5-ballot.v1.reminder-7d"),
            state(1, "superseded", "deadline.wg5-ballot.v1.reminder-1d"),
            state(2, "pending", "deadline.wg5-ballot.v2.reminder-7d"),
            state(2, "pending", "deadline.wg5-ballot.v2.reminder-1d"),
        ]
    );
    // A writer that saw version 1 is refused; nothing changes.
    let stale = new_deadline("wg5-ballot", wg5.clone(), "2023-10-16");
    expect_conflict(
        s.save_deadline(&stale, Some(1), &plan(&stale, later), "api", later)
            .await,
        ("deadline", "wg5-ballot", 1, 2),
    );
    let back = s
        .deadline(v1.id())
        .await
        .expect("deadline")
        .expect("stored");
    assert_eq!((back.version, &back.deadline), (2, &v2));

    // Version 3 without mails (its reminders all past): none pending.
    let past = utc("2023-10-09T12:00:00Z");
    let v3 = new_deadline("wg5-ballot", wg5, "2023-10-10");
    assert!(plan(&v3, past).is_empty());
    let stored = s
        .save_deadline(&v3, Some(2), &[], "api", past)
        .await
        .expect("update again");
    assert_eq!(stored.version, 3);
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(mails_of(&outbox, &subject).len(), 4);
    assert!(
        mails_of(&outbox, &subject)
            .iter()
            .all(|m| m.status == "superseded")
    );
    assert_eq!(
        db.count("audit_log WHERE subject_id = 'wg5-ballot' AND action = 'create'")
            .await,
        1
    );
    assert_eq!(
        db.count("audit_log WHERE subject_id = 'wg5-ballot' AND action = 'update'")
            .await,
        2
    );
}

pub(super) async fn delete_deadline_supersedes_its_mails(db: &TestDb) {
    let s = &db.store;
    import_seed(s).await;
    let visa = id("fgmv-2-visa");
    let subject = Subject::Deadline(visa.clone());
    let pending = mails_of(&s.outbox().await.expect("outbox"), &subject).len();
    assert_eq!(pending, 2);

    expect_conflict(
        s.delete_deadline(&visa, Some(2), "api", at()).await,
        ("deadline", "fgmv-2-visa", 2, 1),
    );
    assert!(s.deadline(&visa).await.expect("deadline").is_some());

    s.delete_deadline(&visa, Some(1), "api", at())
        .await
        .expect("delete");
    assert!(s.deadline(&visa).await.expect("deadline").is_none());
    let left = s.deadlines(&[id("fgmv-2")], &[]).await.expect("deadlines");
    let left: Vec<&str> = left.iter().map(|d| d.deadline.id().as_str()).collect();
    assert_eq!(left, ["fgmv-2-contribution", "fgmv-2-pre-registration"]);
    assert_eq!(
        mail_states(&s.outbox().await.expect("outbox"), &subject),
        [
            state(1, "superseded", "deadline.fgmv-2-visa.v1.reminder-7d"),
            state(1, "superseded", "deadline.fgmv-2-visa.v1.reminder-1d"),
        ]
    );
    // Other deadlines' mails stay pending.
    let contribution = Subject::Deadline(id("fgmv-2-contribution"));
    let outbox = s.outbox().await.expect("outbox");
    assert!(
        mails_of(&outbox, &contribution)
            .iter()
            .all(|m| m.status == "pending")
    );
    expect_not_found(
        s.delete_deadline(&visa, None, "api", at()).await,
        ("deadline", "fgmv-2-visa"),
    );
    // Without an expected version.
    s.delete_deadline(&id("fgmv-2-contribution"), None, "api", at())
        .await
        .expect("delete without a version");
    assert_eq!(db.count("deadlines").await, 1);
    assert_eq!(
        db.count("audit_log WHERE action = 'delete' AND subject_type = 'deadline'")
            .await,
        2
    );
}

pub(super) async fn update_meeting_supersedes_older_mails(db: &TestDb) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let wg4 = id("wg4-2023-08-28");
    let subject = Subject::Meeting(wg4.clone());
    let v1 = catalog.meeting(&wg4).expect("in the seed").clone();
    let v2 = with_end(&v1, "16:00");
    let mails = plan_change(catalog.tree(), Some(&v1), &v2, &policy(), at());
    assert_eq!(mails.len(), 3, "an update notice and two reminders");
    s.update_meeting(&v2, 1, &mails, "api", at())
        .await
        .expect("update");
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(
        mail_states(&outbox, &subject),
        [
            state(2, "pending", "meeting.wg4-2023-08-28.v2.update"),
            state(1, "superseded", "meeting.wg4-2023-08-28.v1.reminder-7d"),
            state(2, "pending", "meeting.wg4-2023-08-28.v2.reminder-7d"),
            state(1, "superseded", "meeting.wg4-2023-08-28.v1.reminder-1d"),
            state(2, "pending", "meeting.wg4-2023-08-28.v2.reminder-1d"),
        ]
    );
    assert_eq!(mails_of(&outbox, &subject)[0].due_at, at());

    // A title fix after the meeting plans nothing; what was left pending
    // belongs to version 2 and is superseded all the same.
    let after = utc("2023-09-01T00:00:00Z");
    let mut input = v2.to_input();
    input.title = Some("WG4 e-meeting (corrected)".to_owned());
    let v3 = input.validate(&Defaults::default()).expect("valid");
    let mails = plan_change(catalog.tree(), Some(&v2), &v3, &policy(), after);
    assert!(mails.is_empty(), "{mails:?}");
    let stored = s
        .update_meeting(&v3, 2, &mails, "api", after)
        .await
        .expect("update again");
    assert_eq!(stored.version, 3);
    let outbox = s.outbox().await.expect("outbox");
    let states = mail_states(&outbox, &subject);
    assert_eq!(states.len(), 5);
    assert!(
        states.iter().all(|(_, status, _)| status == "superseded"),
        "{states:?}"
    );
    // Other meetings' mails stay pending.
    assert!(
        outbox
            .iter()
            .filter(|m| m.subject != subject)
            .all(|m| m.status == "pending")
    );
}

pub(super) async fn import_supersedes_mails_of_changed_items(db: &TestDb) {
    let s = &db.store;
    let (_, mails) = import_seed(s).await;
    let visa = Subject::Deadline(id("fgmv-2-visa"));
    // The visa deadline moves a day; the import plans no mail (as after
    // the reminders' time).
    let edited = parse_schedule(&edited_seed(
        "fgmv-2-visa",
        "date = \"2023-06-20\"",
        "date = \"2023-06-21\"",
    ))
    .expect("the edited seed parses");
    let report = s
        .import(&edited, &[], "test", at())
        .await
        .expect("import the edit");
    assert_eq!(report.deadlines, counts(0, 1, 2));
    assert_eq!(report.mails_planned, 0);
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), mails.len());
    assert_eq!(
        mail_states(&outbox, &visa),
        [
            state(1, "superseded", "deadline.fgmv-2-visa.v1.reminder-7d"),
            state(1, "superseded", "deadline.fgmv-2-visa.v1.reminder-1d"),
        ]
    );
    assert!(
        outbox
            .iter()
            .filter(|m| m.subject != visa)
            .all(|m| m.status == "pending")
    );
    let stored = s
        .deadline(&id("fgmv-2-visa"))
        .await
        .expect("deadline")
        .expect("stored");
    assert_eq!(stored.version, 2);
    assert_eq!(db.count("outbox WHERE status = 'superseded'").await, 2);
}
