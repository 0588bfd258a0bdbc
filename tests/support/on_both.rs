//! `on_both!`: one test body run once on SQLite and once on PostgreSQL.

/// Declares, for each named function `fn name(db: &TestDatabase, dir: &TempDir)`
/// of the calling test file, a test `sqlite::name` and a test `postgres::name`
/// (skipped when PostgreSQL cannot be reached, see [`crate::TestDatabase::postgres`]).
/// The first argument tags the PostgreSQL databases, so a leftover one names its file:
///
/// ```ignore
/// convene_tests::on_both!("wp"; overlapping_creates_one_wins, rules_hold_on_every_write);
/// ```
#[macro_export]
macro_rules! on_both {
    ($tag:literal; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let dir = $crate::TempDir::new(stringify!($name));
                    let db = $crate::TestDatabase::sqlite(&dir);
                    super::$name(&db, &dir);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    let dir = $crate::TempDir::new(stringify!($name));
                    let Some(db) = $crate::TestDatabase::postgres($tag) else { return };
                    super::$name(&db, &dir);
                }
            )*
        }
    };
}
