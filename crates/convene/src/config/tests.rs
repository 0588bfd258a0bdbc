use super::*;

#[test]
fn defaults_overrides_and_redaction() {
    let c = Config::with_toml("").expect("defaults load");
    assert_eq!(c.server.listen, "127.0.0.1:8080");
    assert_eq!(c.database.url.0, "sqlite:var/convene.sqlite");
    assert_eq!(c.reminders.meeting_days_before, [7, 1]);
    assert_eq!(c.server.request_timeout_seconds, 30);
    assert_eq!(c.default_zone(), chrono_tz::Europe::Zurich);
    let c = Config::with_toml(
        "[database]\nurl = \"postgres://u:hunter2@db/convene\"\n\
         [mail]\nsmtp_url = \"smtps://me:pw@relay:465\"\n\
         [log]\nformat = \"json\"",
    )
    .expect("overrides load");
    assert_eq!(c.log.format, LogFormat::Json);
    let shown = format!("{c:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("\"postgres:<redacted>\""));
    let toml = c.to_toml().expect("serializes");
    assert!(!toml.contains("hunter2") && !toml.contains("pw@"), "{toml}");
    assert!(
        toml.contains("url = \"postgres://u:<redacted>@db/convene\""),
        "{toml}"
    );
    assert!(
        toml.contains("smtp_url = \"smtps://me:<redacted>@relay:465\""),
        "{toml}"
    );
    assert!(toml.contains("default_zone = \"Europe/Zurich\""), "{toml}");
    // What it prints loads back.
    let again = Config::with_toml(&toml).expect("the printed config loads");
    assert_eq!(again.server.listen, c.server.listen);
}

#[test]
fn bad_values_name_their_key() {
    let e = |t: &str| Config::with_toml(t).expect_err(t).to_string();
    let zone = e("[schedule]\ndefault_zone = \"Europe/Geneva\"");
    assert!(
        zone.starts_with("schedule.default_zone: \"Europe/Geneva\" is not an IANA"),
        "{zone}"
    );
    assert!(zone.ends_with("(from overrides)"), "{zone}");
    let url = e("[server]\npublic_url = \"not a url\"");
    assert!(url.starts_with("server.public_url: "), "{url}");
    let listen = e("[server]\nlisten = \"127.0.0.1\"");
    assert!(
        listen.starts_with("server.listen: \"127.0.0.1\" is not HOST:PORT"),
        "{listen}"
    );
    let unknown = e("[server]\nlisten_on = \"x\"");
    assert!(
        unknown.starts_with("server.listen_on: unknown field"),
        "{unknown}"
    );
    let number = e("[server]\nmax_body_bytes = \"lots\"");
    assert!(
        number.starts_with("server.max_body_bytes: invalid type"),
        "{number}"
    );
    let kind = e("[reminders]\nseries_days_before_by_kind = { meetup = [1] }");
    assert!(
        kind.starts_with("reminders.series_days_before_by_kind: \"meetup\" is not a meeting kind; use physical, e-meeting"),
        "{kind}"
    );
    for ok in ["0.0.0.0:8080", "[::]:8080", "localhost:80"] {
        check_listen(ok).expect(ok);
    }
}

#[test]
fn the_readme_lists_every_key_with_its_variable() {
    let readme = include_str!("../../../../README.md");
    let table = env_table().expect("default.toml parses");
    assert!(
        readme.contains(&table),
        "README.md's configuration table is out of date; replace it with:\n{table}"
    );
    for (var, key) in ENV_ALIASES {
        assert!(table.contains(&format!("| `{key}` |")), "{var}: {key}");
    }
}

#[test]
fn env_names() {
    assert_eq!(
        env_name("mail.lease_seconds"),
        "CONVENE_MAIL__LEASE_SECONDS"
    );
    assert_eq!(env_name("deadline_policies"), "CONVENE_DEADLINE_POLICIES");
}
