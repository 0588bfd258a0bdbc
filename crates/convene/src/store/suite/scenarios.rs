//! The scenarios of the storage suite, each run on both backends.

use super::*;

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

pub(super) async fn migrate_twice_is_a_no_op(db: &TestDb) {
    let s = &db.store;
    // The fixture migrated once already.
    s.migrate().await.expect("second migrate");
    s.migrate().await.expect("third migrate");
    s.ping().await.expect("ping");
    // Every migration this convene knows, once (both backends have the
    // same versions).
    let known = crate::store::sqlite::MIGRATOR.migrations.len();
    assert_eq!(db.count("_sqlx_migrations").await, known as i64);
    assert_eq!(s.groups().await.expect("groups").len(), 0);
    assert!(
        s.meetings(&MeetingFilter::default())
            .await
            .expect("meetings")
            .is_empty()
    );
    assert!(s.outbox().await.expect("outbox").is_empty());
    assert!(s.tokens().await.expect("tokens").is_empty());
}

pub(super) async fn import_stores_the_seed(db: &TestDb) {
    let s = &db.store;
    let catalog = seed();
    let report = s
        .import(&catalog, &[], "test", now())
        .await
        .expect("import");
    assert_eq!(report.groups, counts(29, 0, 0));
    assert_eq!(report.meetings, counts(50, 0, 0));
    assert_eq!(report.deadlines, counts(3, 0, 0));
    assert_eq!(report.mails_planned, 0);

    // Groups, with inherited lists.
    let tree = s.groups().await.expect("groups");
    assert_eq!(tree.len(), 29);
    let wg9 = tree
        .effective_mailing_list(&slug("wg9"))
        .expect("WG9 has a list");
    assert_eq!(wg9.address.as_str(), "fgmv@lists.itu.int");
    assert_eq!(wg9.from, &slug("fg-mv"));
    assert_eq!(
        tree.effective_mailing_list(&slug("wg5"))
            .expect("WG5 has a list")
            .address
            .as_str(),
        "fgmv-wg5@lists.itu.int"
    );

    // One meeting: 09:00-12:00 Geneva (CEST) on two days.
    let wg5 = s
        .meeting(&id("wg5-2023-09-07"))
        .await
        .expect("meeting")
        .expect("wg5-2023-09-07 is stored");
    assert_eq!(wg5.version, 1);
    assert_eq!(wg5.updated_at, now());
    let sessions: Vec<(NaiveDate, DateTime<Utc>, DateTime<Utc>)> = wg5
        .meeting
        .sessions()
        .iter()
        .map(|x| (x.date, x.utc.start, x.utc.end))
        .collect();
    assert_eq!(
        sessions,
        vec![
            (
                NaiveDate::from_ymd_opt(2023, 9, 7).expect("date"),
                utc("2023-09-07T07:00:00Z"),
                utc("2023-09-07T10:00:00Z"),
            ),
            (
                NaiveDate::from_ymd_opt(2023, 9, 8).expect("date"),
                utc("2023-09-08T07:00:00Z"),
                utc("2023-09-08T10:00:00Z"),
            ),
        ]
    );
    assert_eq!(
        db.count("sessions WHERE meeting_id = 'wg5-2023-09-07'")
            .await,
        2
    );
    assert!(
        s.meeting(&id("no-such-meeting"))
            .await
            .expect("meeting")
            .is_none()
    );

    // By group and range: the joint meeting and WG5's own, by start then id.
    let wg5_between = |start: &str, end: &str| MeetingFilter {
        groups: Some(vec![slug("wg5")]),
        range: Some(Interval {
            start: utc(start),
            end: utc(end),
        }),
        ..MeetingFilter::default()
    };
    let listed = s
        .meetings(&wg5_between("2023-09-07T00:00:00Z", "2023-09-08T00:00:00Z"))
        .await
        .expect("meetings");
    let ids: Vec<&str> = listed.iter().map(|m| m.meeting.id().as_str()).collect();
    assert_eq!(ids, ["wg3-wg5-2023-09-07", "wg5-2023-09-07"]);
    assert_eq!(listed[0].meeting.starts_at(), utc("2023-09-07T07:00:00Z"));
    assert_eq!(listed[1].meeting.starts_at(), utc("2023-09-07T07:00:00Z"));
    // Touching ends do not count: a range ending when WG5 starts is empty.
    let before = s
        .meetings(&wg5_between("2023-09-07T06:00:00Z", "2023-09-07T07:00:00Z"))
        .await
        .expect("meetings");
    assert!(before.is_empty(), "{before:?}");
    let all = s
        .meetings(&MeetingFilter::default())
        .await
        .expect("meetings");
    assert_eq!(all.len(), 50);
    assert!(
        all.windows(2)
            .all(|w| (w[0].meeting.starts_at(), w[0].meeting.id().as_str())
                < (w[1].meeting.starts_at(), w[1].meeting.id().as_str())),
        "meetings are listed by start then id"
    );

    // Deadlines of a meeting, by closing time.
    let deadlines = s.deadlines(&[id("fgmv-2")], &[]).await.expect("deadlines");
    let ids: Vec<&str> = deadlines.iter().map(|d| d.deadline.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "fgmv-2-visa",
            "fgmv-2-contribution",
            "fgmv-2-pre-registration"
        ]
    );
    assert!(deadlines.iter().all(|d| d.version == 1));
    // 20 June, end of the day in Shanghai (UTC+8).
    assert_eq!(
        deadlines[0].deadline.closes_at(),
        utc("2023-06-20T16:00:00Z")
    );
    assert!(
        s.deadlines(&[id("fgmv-3")], &[slug("fg-mv")])
            .await
            .expect("deadlines")
            .is_empty()
    );

    // The catalog round-trips.
    let back = s.catalog().await.expect("catalog");
    assert_eq!(back.tree(), catalog.tree());
    let sorted = |ms: &[Meeting]| {
        let mut v = ms.to_vec();
        v.sort_by(|a, b| a.id().cmp(b.id()));
        v
    };
    assert_eq!(back.meetings().len(), 50);
    assert_eq!(sorted(back.meetings()), sorted(catalog.meetings()));
    let mut got = back.deadlines().to_vec();
    let mut want = catalog.deadlines().to_vec();
    got.sort_by(|a, b| a.id().cmp(b.id()));
    want.sort_by(|a, b| a.id().cmp(b.id()));
    assert_eq!(got.len(), 3);
    assert_eq!(got, want);
}

pub(super) async fn import_is_idempotent_and_versions_changes(db: &TestDb) {
    let s = &db.store;
    let (catalog, mails) = import_seed(s).await;
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), mails.len());
    assert!(!outbox.is_empty());

    // The same again: nothing to do.
    let later = utc("2023-06-02T00:00:00Z");
    let report = s
        .import(&catalog, &mails, "test", later)
        .await
        .expect("import again");
    assert_eq!(report.groups, counts(0, 0, 29));
    assert_eq!(report.meetings, counts(0, 0, 50));
    assert_eq!(report.deadlines, counts(0, 0, 3));
    assert_eq!(report.mails_planned, 0);
    assert_eq!(s.outbox().await.expect("outbox"), outbox);
    assert_eq!(db.count("audit_log").await, 29 + 50 + 3);

    // WG4 on 28 August now ends at 16:00 instead of 15:00.
    let wg4 = id("wg4-2023-08-28");
    let edited = parse_schedule(&edited_seed(
        wg4.as_str(),
        "end = \"15:00\"",
        "end = \"16:00\"",
    ))
    .expect("the edited seed parses");
    let edited_mails = reminder::plan(&edited, &policy(), later);
    let report = s
        .import(&edited, &edited_mails, "test", later)
        .await
        .expect("import the edit");
    assert_eq!(report.groups, counts(0, 0, 29));
    assert_eq!(report.meetings, counts(0, 1, 49));
    assert_eq!(report.deadlines, counts(0, 0, 3));
    assert_eq!(report.mails_planned, 2, "the 7- and 1-day reminders");

    let stored = s.meeting(&wg4).await.expect("meeting").expect("stored");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.updated_at, later);
    assert_eq!(
        stored.meeting.sessions()[0].utc.end,
        utc("2023-08-28T14:00:00Z")
    );
    assert_eq!(Some(&stored.meeting), edited.meeting(&wg4));
    // Others are untouched.
    let other = s
        .meeting(&id("wg5-2023-09-07"))
        .await
        .expect("meeting")
        .expect("stored");
    assert_eq!((other.version, other.updated_at), (1, now()));

    let after = s.outbox().await.expect("outbox");
    assert_eq!(after.len(), outbox.len() + 2);
    let subject = Subject::Meeting(wg4.clone());
    let mine = mails_of(&after, &subject);
    let state: Vec<(i64, &str, &str)> = mine
        .iter()
        .map(|m| (m.subject_version, m.status.as_str(), m.message_id.as_str()))
        .collect();
    // By due time (21 Aug, then 27 Aug, 13:00 Geneva = 11:00 UTC), then key.
    assert_eq!(
        state,
        [
            (1, "superseded", "meeting.wg4-2023-08-28.v1.reminder-7d"),
            (2, "pending", "meeting.wg4-2023-08-28.v2.reminder-7d"),
            (1, "superseded", "meeting.wg4-2023-08-28.v1.reminder-1d"),
            (2, "pending", "meeting.wg4-2023-08-28.v2.reminder-1d"),
        ]
    );
    assert_eq!(mine[0].due_at, utc("2023-08-21T11:00:00Z"));
    assert_eq!(mine[3].due_at, utc("2023-08-27T11:00:00Z"));
    // Only that meeting's mails changed.
    let others = |o: &[OutboxMail]| {
        o.iter()
            .filter(|m| m.subject != subject)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&after), others(&outbox));
}

pub(super) async fn import_plans_the_outbox(db: &TestDb) {
    let s = &db.store;
    let catalog = seed();
    let mails = reminder::plan(&catalog, &policy(), now());
    let report = s
        .import(&catalog, &mails, "test", now())
        .await
        .expect("import");
    assert_eq!(report.mails_planned, mails.len());
    let outbox = s.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), mails.len());
    assert!(
        outbox
            .iter()
            .all(|m| m.status == "pending" && m.subject_version == 1)
    );
    assert!(
        outbox
            .windows(2)
            .all(|w| (w[0].due_at, &w[0].message_id) < (w[1].due_at, &w[1].message_id)),
        "the outbox is listed by due time then key"
    );

    let visa = outbox
        .iter()
        .find(|m| m.message_id == "deadline.fgmv-2-visa.v1.reminder-7d")
        .expect("the visa reminder is planned");
    assert_eq!(
        visa,
        &OutboxMail {
            subject: Subject::Deadline(id("fgmv-2-visa")),
            subject_version: 1,
            kind: MailKind::Reminder { days_before: 7 },
            recipients: vec!["fgmv@lists.itu.int".to_owned()],
            // 13 June 00:00 in Shanghai.
            due_at: utc("2023-06-12T16:00:00Z"),
            // The end of 20 June in Shanghai.
            expires_at: utc("2023-06-20T16:00:00Z"),
            status: "pending".to_owned(),
            message_id: "deadline.fgmv-2-visa.v1.reminder-7d".to_owned(),
        }
    );
    // Every planned mail is there, under its key.
    let mut want: Vec<String> = mails
        .iter()
        .map(|m| crate::store::message_key(&m.subject, m.kind, 1))
        .collect();
    let mut got: Vec<String> = outbox.iter().map(|m| m.message_id.clone()).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
}

pub(super) async fn concurrent_updates_one_wins(db: &TestDb) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let wg4 = id("wg4-2023-08-28");
    let original = catalog.meeting(&wg4).expect("in the seed").clone();
    let at = utc("2023-06-02T00:00:00Z");

    let spawn = |end: &str| {
        let store = s.clone();
        let meeting = with_end(&original, end);
        let mails = reminder::plan_meeting(catalog.tree(), &meeting, &policy(), at);
        tokio::spawn(async move {
            let r = store.update_meeting(&meeting, 1, &mails, "test", at).await;
            (meeting, r)
        })
    };
    let a = spawn("16:00");
    let b = spawn("17:00");
    let (a, b) = (a.await.expect("task a"), b.await.expect("task b"));

    let (winner, loser) = match (&a.1, &b.1) {
        (Ok(_), Err(_)) => (a, b),
        (Err(_), Ok(_)) => (b, a),
        other => panic!("expected exactly one writer to win, got {other:?}"),
    };
    let won = winner.1.expect("the winner");
    assert_eq!(won.version, 2);
    assert_eq!(won.meeting, winner.0);
    match loser.1 {
        Err(StoreError::VersionConflict {
            what: "meeting",
            id: conflict_id,
            expected,
            current,
        }) => {
            assert_eq!(conflict_id, wg4.as_str());
            assert_eq!((expected, current), (1, 2));
        }
        other => panic!("expected a version conflict, got {other:?}"),
    }

    let stored = s.meeting(&wg4).await.expect("meeting").expect("stored");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.meeting, winner.0);
    assert_ne!(stored.meeting, loser.0);
    assert_eq!(stored.updated_at, at);
    // Only the winner's mails were planned.
    let outbox = s.outbox().await.expect("outbox");
    let v2: Vec<&str> = mails_of(&outbox, &Subject::Meeting(wg4.clone()))
        .into_iter()
        .filter(|m| m.subject_version == 2)
        .map(|m| m.message_id.as_str())
        .collect();
    assert_eq!(
        v2,
        [
            "meeting.wg4-2023-08-28.v2.reminder-7d",
            "meeting.wg4-2023-08-28.v2.reminder-1d"
        ]
    );
    // One audit entry per import item, plus the one update.
    assert_eq!(db.count("audit_log WHERE action = 'update'").await, 1);
}

pub(super) async fn concurrent_imports_serialize(db: &TestDb) {
    let s = &db.store;
    let catalog = seed();
    let mails = reminder::plan(&catalog, &policy(), now());
    let spawn = || {
        let (store, catalog, mails) = (s.clone(), catalog.clone(), mails.clone());
        tokio::spawn(async move { store.import(&catalog, &mails, "test", now()).await })
    };
    let (a, b) = (spawn(), spawn());
    let a = a.await.expect("task a").expect("import a");
    let b = b.await.expect("task b").expect("import b");
    let mut meetings = [a.meetings, b.meetings];
    meetings.sort_by_key(|c| c.created);
    assert_eq!(meetings, [counts(0, 0, 50), counts(50, 0, 0)]);
    assert_eq!(a.mails_planned + b.mails_planned, mails.len());
    assert_eq!(s.outbox().await.expect("outbox").len(), mails.len());
    assert_eq!(db.count("meetings").await, 50);
}

pub(super) async fn failed_import_leaves_nothing(db: &TestDb) {
    let s = &db.store;
    let (_, mails) = import_seed(s).await;
    let groups_before = db.count("groups").await;
    let sessions_before = db.count("sessions").await;
    let links_before = db.count("meeting_groups").await;
    let audit_before = db.count("audit_log").await;
    let outbox_before = s.outbox().await.expect("outbox");
    assert_eq!(outbox_before.len(), mails.len());

    // A new task group with a new two-day meeting.
    let text = format!(
        "{SEED}\n\
         [[groups]]\n\
         slug = \"tg-rollback\"\n\
         short_name = \"TG-rollback\"\n\
         name = \"TG on rollbacks\"\n\
         kind = \"task-group\"\n\
         parent = \"wg1\"\n\
         mailing_list = \"rollback@lists.itu.int\"\n\
         \n\
         [[meetings]]\n\
         id = \"tg-rollback-2023-11-20\"\n\
         title = \"TG-rollback e-meeting\"\n\
         groups = [\"tg-rollback\"]\n\
         kind = \"e-meeting\"\n\
         date = \"2023-11-20\"\n\
         until = \"2023-11-21\"\n\
         start = \"09:00\"\n\
         end = \"10:00\"\n"
    );
    let catalog = parse_schedule(&text).expect("the extended seed parses");
    let new_id = id("tg-rollback-2023-11-20");
    let new = catalog.meeting(&new_id).expect("the new meeting");
    let planned = reminder::plan_meeting(catalog.tree(), new, &policy(), now());
    assert_eq!(planned.len(), 2);
    // The same mail twice: the second has the same key, and fails.
    let twice = [planned[0].clone(), planned[0].clone()];
    let err = s
        .import(&catalog, &twice, "test", now())
        .await
        .expect_err("a duplicate outbox key fails the import");
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");

    assert!(s.meeting(&new_id).await.expect("meeting").is_none());
    assert_eq!(
        s.meetings(&MeetingFilter::default())
            .await
            .expect("meetings")
            .len(),
        50
    );
    assert!(
        s.groups()
            .await
            .expect("groups")
            .get(&slug("tg-rollback"))
            .is_none()
    );
    assert_eq!(db.count("groups").await, groups_before);
    assert_eq!(db.count("sessions").await, sessions_before);
    assert_eq!(db.count("meeting_groups").await, links_before);
    assert_eq!(db.count("audit_log").await, audit_before);
    assert_eq!(s.outbox().await.expect("outbox"), outbox_before);

    // The same catalog with its mails once goes through.
    let report = s
        .import(&catalog, &planned, "test", now())
        .await
        .expect("import");
    assert_eq!(report.groups, counts(1, 0, 29));
    assert_eq!(report.meetings, counts(1, 0, 50));
    assert_eq!(report.mails_planned, 2);
    let stored = s.meeting(&new_id).await.expect("meeting").expect("stored");
    assert_eq!(stored.version, 1);
    assert_eq!(db.count("sessions").await, sessions_before + 2);
}

pub(super) async fn tokens_are_created_listed_and_revoked(db: &TestDb) {
    let s = &db.store;
    import_seed(s).await;
    let first = wg5_token('a');
    let second = TokenRecord {
        id: "tok-admin".to_owned(),
        name: "Admin".to_owned(),
        admin: true,
        group: None,
        secret_hash: "b".repeat(64),
        created_at: utc("2023-06-02T10:00:00Z"),
        revoked_at: None,
    };
    s.create_token(&first).await.expect("create first");
    assert_eq!(
        s.tokens().await.expect("tokens"),
        std::slice::from_ref(&first)
    );
    s.create_token(&second).await.expect("create second");
    assert_eq!(
        s.tokens().await.expect("tokens"),
        [second.clone(), first.clone()],
        "newest first"
    );

    let at = utc("2023-06-03T08:30:00Z");
    assert!(s.revoke_token("tok-wg5", at).await.expect("revoke"));
    assert!(!s.revoke_token("tok-wg5", at).await.expect("revoke again"));
    assert!(
        !s.revoke_token("tok-none", at)
            .await
            .expect("revoke unknown")
    );
    let revoked = TokenRecord {
        revoked_at: Some(at),
        ..first.clone()
    };
    assert_eq!(s.tokens().await.expect("tokens"), [second.clone(), revoked]);

    let again = TokenRecord {
        secret_hash: "c".repeat(64),
        ..first.clone()
    };
    match s.create_token(&again).await {
        Err(StoreError::Duplicate { what, id }) => {
            assert_eq!((what, id.as_str()), ("token", "tok-wg5"));
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert_eq!(s.tokens().await.expect("tokens").len(), 2);
}

pub(super) async fn update_of_unknown_meeting_is_not_found(db: &TestDb) {
    let s = &db.store;
    let (catalog, _) = import_seed(s).await;
    let mut input = catalog
        .meeting(&id("wg4-2023-08-28"))
        .expect("in the seed")
        .to_input();
    input.id = Some("wg4-2099-01-01".to_owned());
    let unknown = input.validate(&Defaults::default()).expect("valid meeting");
    match s.update_meeting(&unknown, 1, &[], "test", now()).await {
        Err(StoreError::NotFound { what, id }) => {
            assert_eq!((what, id.as_str()), ("meeting", "wg4-2099-01-01"));
        }
        other => panic!("expected not found, got {other:?}"),
    }
    assert!(s.meeting(unknown.id()).await.expect("meeting").is_none());
    assert_eq!(db.count("meetings").await, 50);
    assert_eq!(db.count("audit_log WHERE action = 'update'").await, 0);
}

pub(super) async fn newer_database_is_refused(db: &TestDb) {
    let s = &db.store;
    db.insert_future_migration().await;
    let err = s.migrate().await.expect_err("a newer database is refused");
    match &err {
        StoreError::TooNew { found, known } => {
            let newest = crate::store::sqlite::MIGRATOR
                .migrations
                .iter()
                .map(|m| m.version)
                .max();
            assert_eq!((*found, Some(*known)), (FUTURE_VERSION, newest));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("newer than this convene knows"),
        "{message}"
    );
    assert!(message.contains("99990101000000"), "{message}");
    // The store still answers; nothing was applied or removed.
    s.ping().await.expect("ping");
    let known = crate::store::sqlite::MIGRATOR.migrations.len();
    assert_eq!(db.count("_sqlx_migrations").await, known as i64 + 1);
}
