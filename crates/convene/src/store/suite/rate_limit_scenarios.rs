//! Write rate limits ([`Db::take_write`]): one bucket per token, stored, so
//! that every replica (every pool) takes from the same one.

use std::time::Duration;

use super::*;

pub(super) async fn write_buckets_are_per_token_and_refill(db: &TestDb) {
    let s = &db.store;
    let t0 = utc("2023-06-01T10:00:00Z");
    let later = |secs: i64| t0 + chrono::Duration::seconds(secs);
    for _ in 0..3 {
        assert_eq!(s.take_write("tok-a", 3, t0).await.expect("take"), Ok(()));
    }
    assert_eq!(
        s.take_write("tok-a", 3, t0).await.expect("take"),
        Err(Duration::from_secs(20))
    );
    // Another token has a bucket of its own.
    assert_eq!(s.take_write("tok-b", 3, t0).await.expect("take"), Ok(()));
    assert_eq!(
        s.take_write("tok-a", 3, later(15)).await.expect("take"),
        Err(Duration::from_secs(5))
    );
    assert_eq!(
        s.take_write("tok-a", 3, later(20)).await.expect("take"),
        Ok(())
    );
    // Fractions and milliseconds survive the round trip through the row.
    assert_eq!(
        s.take_write("tok-a", 3, later(30)).await.expect("take"),
        Err(Duration::from_secs(10))
    );
    for _ in 0..3 {
        assert_eq!(
            s.take_write("tok-a", 3, later(3600)).await.expect("take"),
            Ok(())
        );
    }
    assert!(
        s.take_write("tok-a", 3, later(3600))
            .await
            .expect("take")
            .is_err()
    );
}

/// Many writes of one token at once, as from several replicas: exactly a
/// minute's allowance gets through.
pub(super) async fn concurrent_writes_share_one_bucket(db: &TestDb) {
    let s = &db.store;
    let now = utc("2023-06-01T10:00:00Z");
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.take_write("tok-c", 5, now).await })
        })
        .collect();
    let mut allowed = 0;
    for t in tasks {
        if t.await.expect("task").expect("take").is_ok() {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 5);
}
