//! Configuration, merged by figment: `config/default.toml` (built in), then
//! an optional file, then the environment. Every key is documented in
//! `config/default.toml`.
//!
//! Every key `SECTION.KEY` can be set as `CONVENE_SECTION__KEY` (two
//! underscores), the top-level `deadline_policies` as
//! `CONVENE_DEADLINE_POLICIES`. Values are read as TOML-like values: `8`,
//! `true`, `[7, 1]`, `[{kind = "physical", rules = [...]}]`; anything else is
//! a string. The older names in [`ENV_ALIASES`] still work; when both a
//! name and its alias are set, `CONVENE_SECTION__KEY` wins.

use std::fmt;
use std::path::Path;

use chrono_tz::Tz;
use figment::{Figment, Profile};
use serde::{Deserialize, Serialize};

/// The defaults: the documented file itself, compiled in.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// The prefix of every variable.
pub const ENV_PREFIX: &str = "CONVENE_";

/// Keys outside any section, settable as `CONVENE_KEY`.
pub const TOP_LEVEL_KEYS: &[&str] = &["deadline_policies"];

/// The first variable names, kept as aliases: (variable, key).
pub const ENV_ALIASES: &[(&str, &str)] = &[
    ("CONVENE_LISTEN", "server.listen"),
    ("CONVENE_PUBLIC_URL", "server.public_url"),
    ("CONVENE_MAX_BODY_BYTES", "server.max_body_bytes"),
    (
        "CONVENE_SHUTDOWN_GRACE_SECONDS",
        "server.shutdown_grace_seconds",
    ),
    (
        "CONVENE_REQUEST_TIMEOUT_SECONDS",
        "server.request_timeout_seconds",
    ),
    (
        "CONVENE_WRITE_RATE_PER_MINUTE",
        "server.write_rate_per_minute",
    ),
    (
        "CONVENE_IDEMPOTENCY_KEY_HOURS",
        "server.idempotency_key_hours",
    ),
    ("CONVENE_DATABASE_URL", "database.url"),
    (
        "CONVENE_DATABASE_MAX_CONNECTIONS",
        "database.max_connections",
    ),
    ("CONVENE_LOG_FORMAT", "log.format"),
    ("CONVENE_LOG", "log.level"),
    ("CONVENE_DEFAULT_ZONE", "schedule.default_zone"),
    (
        "CONVENE_CALENDAR_REFRESH_MINUTES",
        "calendar.refresh_minutes",
    ),
    ("CONVENE_UID_DOMAIN", "calendar.uid_domain"),
    ("CONVENE_REMINDERS_ANNOUNCE", "reminders.announce"),
    ("CONVENE_MAIL_FROM", "mail.from"),
    ("CONVENE_MAIL_REPLY_TO", "mail.reply_to"),
    ("CONVENE_SMTP_URL", "mail.smtp_url"),
    ("CONVENE_OUTBOX_DIR", "mail.outbox_dir"),
    (
        "CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS",
        "mail.dispatch_interval_seconds",
    ),
    ("CONVENE_MAIL_MAX_ATTEMPTS", "mail.max_attempts"),
    ("CONVENE_MAIL_RETRY_BASE_SECONDS", "mail.retry_base_seconds"),
    ("CONVENE_MAIL_CONCURRENCY", "mail.concurrency"),
];

/// The variable that sets `key` (`server.listen` -> `CONVENE_SERVER__LISTEN`).
pub fn env_name(key: &str) -> String {
    format!(
        "{ENV_PREFIX}{}",
        key.replace('.', "__").to_ascii_uppercase()
    )
}

/// A value that must not appear in logs (it may hold a password).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Show the scheme only: enough to tell sqlite from postgres.
        let scheme = self.0.split(':').next().unwrap_or_default();
        write!(f, "\"{scheme}:<redacted>\"")
    }
}

impl Secret {
    /// The URL with the password (or, without a password, the user) of its
    /// authority replaced by `<redacted>`; the rest is kept.
    pub fn redacted(&self) -> String {
        let s = &self.0;
        let Some((scheme, rest)) = s.split_once("://") else {
            return s.clone();
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let Some((userinfo, host)) = authority.rsplit_once('@') else {
            return s.clone();
        };
        let userinfo = match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:<redacted>"),
            None => "<redacted>".to_owned(),
        };
        format!("{scheme}://{userinfo}@{host}{path}")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

/// All settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// HTTP server.
    pub server: ServerConfig,
    /// Database.
    pub database: DatabaseConfig,
    /// Logging.
    pub log: LogConfig,
    /// Schedule defaults.
    pub schedule: ScheduleConfig,
    /// Languages.
    pub i18n: I18nConfig,
    /// Calendar feeds.
    pub calendar: CalendarConfig,
    /// Reminder policy.
    pub reminders: convene_core::ReminderPolicy,
    /// Mail.
    pub mail: MailConfig,
    /// The organizer pages (`/organize`).
    pub organize: OrganizeConfig,
    /// Deadlines derived by rule, per meeting kind.
    #[serde(default)]
    pub deadline_policies: Vec<convene_core::DeadlinePolicy>,
}

/// `[server]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// Listen address.
    pub listen: String,
    /// Public base URL, no trailing slash.
    pub public_url: String,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Grace period on shutdown, seconds.
    pub shutdown_grace_seconds: u64,
    /// Longest time to answer a request, seconds (503 after); 0 for none.
    pub request_timeout_seconds: u64,
    /// Time to send a request's line and headers, seconds; 0 for none.
    pub header_read_timeout_seconds: u64,
    /// Idle keep-alive time between requests, seconds; 0 for none.
    pub idle_timeout_seconds: u64,
    /// Writes a minute per API token (429 after); 0 for no limit.
    pub write_rate_per_minute: u32,
    /// How long an `Idempotency-Key`'s answer is kept, hours.
    pub idempotency_key_hours: u32,
    /// Memory for rendered feeds and pages, bytes; 0 for no cache.
    pub cache_bytes: u64,
    /// Memory for parsed stored meetings, bytes; 0 to parse every read.
    pub meeting_cache_bytes: u64,
    /// Memory for each meeting's events written for the public feeds,
    /// bytes; 0 to write every meeting on every render.
    pub event_cache_bytes: u64,
    /// Members' calendar requests a minute per address; 0 for no limit.
    pub selfserve_per_address_per_minute: u32,
    /// Members' calendar requests a minute per client address; 0 for none.
    pub selfserve_per_client_per_minute: u32,
}

/// `[organize]`: the organizer pages' sessions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizeConfig {
    /// How long a session lasts after signing in, minutes.
    pub session_minutes: u32,
    /// Sign-in attempts a minute from one client address; 0 for no limit.
    pub sign_in_per_minute: u32,
}

/// `[database]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite:PATH` or `postgres://…`.
    pub url: Secret,
    /// Pool size.
    pub max_connections: u32,
    /// PostgreSQL: the change listener's first wait before reconnecting,
    /// milliseconds (doubled per failed attempt, up to 30 s).
    pub listen_retry_ms: u64,
}

/// `[log]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
    /// EnvFilter directives.
    pub level: String,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[schedule]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// IANA zone for times given without one, checked at load.
    #[serde(deserialize_with = "de_zone", serialize_with = "ser_zone")]
    pub default_zone: Tz,
}

/// `[i18n]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct I18nConfig {
    /// The language of pages when neither `?lang=`, the language cookie nor
    /// `Accept-Language` names one of the six (`ar`, `zh`, `en`, `fr`,
    /// `ru`, `es`).
    pub default_language: convene_core::i18n::Lang,
}

/// `[calendar]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Refresh interval for clients, minutes.
    pub refresh_minutes: u32,
    /// UID domain; empty for the public URL's host.
    pub uid_domain: String,
    /// The longest a feed or page may lag a change, milliseconds.
    pub freshness_ms: u64,
    /// Days a cancelled item stays in the feeds after its cancel (at least
    /// until it ends).
    pub cancelled_retention_days: u32,
    /// A feed's window: items that ended at most this many months ago, and
    /// everything ahead (`?past=all`: everything).
    pub past_months: u32,
}

/// `[mail]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// Sender.
    pub from: String,
    /// Reply-To, empty for none.
    pub reply_to: String,
    /// SMTP relay URL, empty for .eml files.
    pub smtp_url: Secret,
    /// Folder for .eml files.
    pub outbox_dir: String,
    /// Seconds between dispatcher passes in `serve` and `worker`; 0 runs no
    /// dispatcher inside `serve`.
    pub dispatch_interval_seconds: u64,
    /// Tries before a mail is dead.
    pub max_attempts: u32,
    /// The first retry's delay; each next one doubles.
    pub retry_base_seconds: u64,
    /// The longest delay between tries.
    pub retry_max_seconds: u64,
    /// How long a claimed mail is reserved to one dispatcher.
    pub lease_seconds: u64,
    /// Rows claimed at a time.
    pub batch_size: u32,
    /// Mails sent at once (and SMTP connections in the pool).
    pub concurrency: u32,
    /// SMTP command timeout.
    pub smtp_timeout_seconds: u64,
    /// Minutes announcements and update notices wait after the last change
    /// to their item, so that changes inside the window fold into one mail.
    pub hold_minutes: u32,
}

fn de_zone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    convene_core::time::parse_zone(&name).map_err(serde::de::Error::custom)
}

fn ser_zone<S: serde::Serializer>(zone: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(zone.name())
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A key has a bad value, or is unknown.
    #[error("{key}: {message} (from {origin})")]
    Invalid {
        /// The key, `section.key`.
        key: String,
        /// What is wrong.
        message: String,
        /// Which file or variable set it.
        origin: String,
    },
    /// A file is not TOML.
    #[error("{origin}: {message}")]
    Syntax {
        /// The file.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

fn invalid(figment: &Figment, key: &str, message: String) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_owned(),
        message,
        origin: origin(figment, key),
    }
}

impl Config {
    /// The defaults, then `file` (when given), without the environment.
    pub fn figment(file: Option<&Path>) -> Result<Figment, ConfigError> {
        let mut figment = Figment::from(TomlSource::parse(
            DEFAULT_TOML,
            "config/default.toml (built in)",
            None,
        )?);
        if let Some(path) = file {
            let src = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.display().to_string(),
                source,
            })?;
            let name = path.display().to_string();
            figment = figment.merge(TomlSource::parse(&src, &name, Some(path))?);
        }
        Ok(figment)
    }

    /// The defaults, then `file`, then the environment: what the command
    /// runs with.
    pub fn from_env(file: Option<&Path>) -> Result<Config, ConfigError> {
        let figment = Self::figment(file)?.merge(aliases()).merge(variables());
        Self::extract(&figment)
    }

    /// The defaults with `toml` over them (tests, and a file's text).
    pub fn with_toml(toml: &str) -> Result<Config, ConfigError> {
        let figment = Self::figment(None)?.merge(TomlSource::parse(toml, "overrides", None)?);
        Self::extract(&figment)
    }

    /// Deserializes and checks the merged configuration.
    pub fn extract(figment: &Figment) -> Result<Config, ConfigError> {
        let config: Config = figment.extract().map_err(|errors: figment::Error| {
            // The first error names its key; figment keeps the others.
            let e = errors.into_iter().next();
            let Some(e) = e else {
                return ConfigError::Syntax {
                    origin: "configuration".into(),
                    message: "invalid".into(),
                };
            };
            let key = e.path.join(".");
            let origin = match (&e.metadata, figment.find_metadata(&key)) {
                (_, Some(_)) => origin(figment, &key),
                (Some(md), None) => match &md.source {
                    Some(s) => format!("{} {s}", md.name),
                    None if md.name == "environment variable" => {
                        format!("{} {}", md.name, md.interpolate(&Profile::Default, &e.path))
                    }
                    None => md.name.to_string(),
                },
                (None, None) => "configuration".to_owned(),
            };
            ConfigError::Invalid {
                key: if key.is_empty() {
                    "(top level)".into()
                } else {
                    key
                },
                message: e.kind.to_string(),
                origin,
            }
        })?;
        config.check(figment)?;
        Ok(config)
    }

    fn check(&self, figment: &Figment) -> Result<(), ConfigError> {
        check_listen(&self.server.listen).map_err(|m| invalid(figment, "server.listen", m))?;
        if let Some(k) = self.reminders.unknown_kinds().first() {
            let kinds: Vec<&str> = convene_core::MeetingKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect();
            return Err(invalid(
                figment,
                "reminders.series_days_before_by_kind",
                format!("{k:?} is not a meeting kind; use {}", kinds.join(", ")),
            ));
        }
        if self.server.public_url.ends_with('/') {
            return Err(invalid(
                figment,
                "server.public_url",
                "must not end with '/'".to_owned(),
            ));
        }
        convene_core::WebUrl::parse(&self.server.public_url)
            .map_err(|e| invalid(figment, "server.public_url", e.to_string()))?;
        Ok(())
    }

    /// The effective configuration as TOML, secrets redacted
    /// (`convene config`).
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(self)
    }

    /// The right-hand side of event UIDs.
    pub fn uid_domain(&self) -> String {
        if !self.calendar.uid_domain.is_empty() {
            return self.calendar.uid_domain.clone();
        }
        let rest = self
            .server
            .public_url
            .split_once("://")
            .map_or(self.server.public_url.as_str(), |(_, r)| r);
        rest.split(['/', ':'])
            .next()
            .unwrap_or("convene")
            .to_owned()
    }

    /// The zone for times given without one.
    pub fn default_zone(&self) -> Tz {
        self.schedule.default_zone
    }
}

/// `HOST:PORT` or `[IPV6]:PORT`, as `TcpListener::bind` takes it.
fn check_listen(listen: &str) -> Result<(), String> {
    if listen.parse::<std::net::SocketAddr>().is_ok() {
        return Ok(());
    }
    let bad =
        || format!("{listen:?} is not HOST:PORT (e.g. 127.0.0.1:8080, 0.0.0.0:8080 or [::]:8080)");
    let (host, port) = listen.rsplit_once(':').ok_or_else(bad)?;
    port.parse::<u16>().map_err(|_| bad())?;
    let hostname = host
        .split('.')
        .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if hostname { Ok(()) } else { Err(bad()) }
}

/// The README's table of keys and variables, made from
/// `config/default.toml` (a test keeps the README in step with it).
pub fn env_table() -> Result<String, ConfigError> {
    let table: toml::Table =
        toml::from_str(DEFAULT_TOML).map_err(|e: toml::de::Error| ConfigError::Syntax {
            origin: "config/default.toml".into(),
            message: e.to_string(),
        })?;
    let mut out = String::from("| key | variable | older alias | default |\n|---|---|---|---|\n");
    let mut row = |key: &str, value: &toml::Value| {
        let alias = ENV_ALIASES
            .iter()
            .find(|(_, k)| *k == key)
            .map_or(String::new(), |(var, _)| format!("`{var}`"));
        let default = match value {
            toml::Value::String(s) if s.is_empty() => "empty".to_owned(),
            toml::Value::String(s) => format!("`{s}`"),
            toml::Value::Array(a) if a.iter().all(|v| v.is_table()) => {
                "see `config/default.toml`".to_owned()
            }
            other => format!("`{other}`"),
        };
        out.push_str(&format!(
            "| `{key}` | `{}` | {alias} | {default} |\n",
            env_name(key)
        ));
    };
    for (name, value) in &table {
        match value {
            toml::Value::Table(section) => {
                for (key, value) in section {
                    row(&format!("{name}.{key}"), value);
                }
            }
            other => row(name, other),
        }
    }
    Ok(out)
}

mod sources;
use sources::{TomlSource, aliases, origin, variables};

#[cfg(test)]
mod tests;
