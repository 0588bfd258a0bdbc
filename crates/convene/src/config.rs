//! Configuration: `config/default.toml` (built in), then an optional file,
//! then `CONVENE_…` environment variables. Every key is documented in
//! `config/default.toml`.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

/// The defaults: the documented file itself, compiled in.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// Environment variables and the keys they set.
pub const ENV_KEYS: &[(&str, &str, &str)] = &[
    ("CONVENE_LISTEN", "server", "listen"),
    ("CONVENE_PUBLIC_URL", "server", "public_url"),
    ("CONVENE_MAX_BODY_BYTES", "server", "max_body_bytes"),
    (
        "CONVENE_SHUTDOWN_GRACE_SECONDS",
        "server",
        "shutdown_grace_seconds",
    ),
    (
        "CONVENE_REQUEST_TIMEOUT_SECONDS",
        "server",
        "request_timeout_seconds",
    ),
    (
        "CONVENE_WRITE_RATE_PER_MINUTE",
        "server",
        "write_rate_per_minute",
    ),
    (
        "CONVENE_IDEMPOTENCY_KEY_HOURS",
        "server",
        "idempotency_key_hours",
    ),
    ("CONVENE_DATABASE_URL", "database", "url"),
    (
        "CONVENE_DATABASE_MAX_CONNECTIONS",
        "database",
        "max_connections",
    ),
    ("CONVENE_LOG_FORMAT", "log", "format"),
    ("CONVENE_LOG", "log", "level"),
    ("CONVENE_DEFAULT_ZONE", "schedule", "default_zone"),
    (
        "CONVENE_CALENDAR_REFRESH_MINUTES",
        "calendar",
        "refresh_minutes",
    ),
    ("CONVENE_UID_DOMAIN", "calendar", "uid_domain"),
    ("CONVENE_REMINDERS_ANNOUNCE", "reminders", "announce"),
    ("CONVENE_MAIL_FROM", "mail", "from"),
    ("CONVENE_MAIL_REPLY_TO", "mail", "reply_to"),
    ("CONVENE_SMTP_URL", "mail", "smtp_url"),
    ("CONVENE_OUTBOX_DIR", "mail", "outbox_dir"),
    (
        "CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS",
        "mail",
        "dispatch_interval_seconds",
    ),
    ("CONVENE_MAIL_MAX_ATTEMPTS", "mail", "max_attempts"),
    (
        "CONVENE_MAIL_RETRY_BASE_SECONDS",
        "mail",
        "retry_base_seconds",
    ),
    ("CONVENE_MAIL_CONCURRENCY", "mail", "concurrency"),
];

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

/// All settings.
#[derive(Debug, Clone, Deserialize)]
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
    /// Calendar feeds.
    pub calendar: CalendarConfig,
    /// Reminder policy.
    pub reminders: convene_core::ReminderPolicy,
    /// Mail.
    pub mail: MailConfig,
    /// Deadlines derived by rule, per meeting kind.
    #[serde(default)]
    pub deadline_policies: Vec<convene_core::DeadlinePolicy>,
}

/// `[server]`.
#[derive(Debug, Clone, Deserialize)]
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
    /// Writes a minute per API token (429 after); 0 for no limit.
    pub write_rate_per_minute: u32,
    /// How long an `Idempotency-Key`'s answer is kept, hours.
    pub idempotency_key_hours: u32,
}

/// `[database]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite:PATH` or `postgres://…`.
    pub url: Secret,
    /// Pool size.
    pub max_connections: u32,
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
    /// EnvFilter directives.
    pub level: String,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[schedule]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// IANA zone for times given without one.
    pub default_zone: String,
}

/// `[calendar]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Refresh interval for clients, minutes.
    pub refresh_minutes: u32,
    /// UID domain; empty for the public URL's host.
    pub uid_domain: String,
}

/// `[mail]`.
#[derive(Debug, Clone, Deserialize)]
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
    /// A file or variable does not parse.
    #[error("{origin}: {message}")]
    Invalid {
        /// Which file or variable.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn parse_table(src: &str, origin: &str) -> Result<toml::Table, ConfigError> {
    toml::from_str(src).map_err(|e| ConfigError::Invalid {
        origin: origin.to_owned(),
        message: e.to_string(),
    })
}

impl Config {
    /// Loads the defaults, then `file` (when given), then the environment
    /// (through `env`, so tests need not touch the process environment).
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut table = parse_table(DEFAULT_TOML, "config/default.toml (built in)")?;
        if let Some(path) = file {
            let src = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.display().to_string(),
                source,
            })?;
            merge(&mut table, parse_table(&src, &path.display().to_string())?);
        }
        for (var, section, key) in ENV_KEYS {
            let Some(value) = env(var) else { continue };
            let typed = match table.get(*section).and_then(|s| s.get(*key)) {
                Some(toml::Value::Integer(_)) => value
                    .trim()
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .map_err(|_| format!("expected a whole number, got {value:?}")),
                Some(toml::Value::Boolean(_)) => match value.trim() {
                    "true" | "1" => Ok(toml::Value::Boolean(true)),
                    "false" | "0" => Ok(toml::Value::Boolean(false)),
                    _ => Err(format!("expected true or false, got {value:?}")),
                },
                _ => Ok(toml::Value::String(value)),
            }
            .map_err(|message| ConfigError::Invalid {
                origin: format!("environment variable {var}"),
                message,
            })?;
            if let Some(toml::Value::Table(s)) = table.get_mut(*section) {
                s.insert((*key).to_owned(), typed);
            }
        }
        let config: Config =
            toml::Table::try_into(table).map_err(|e: toml::de::Error| ConfigError::Invalid {
                origin: file.map_or("configuration".into(), |p| p.display().to_string()),
                message: e.to_string(),
            })?;
        config.check()?;
        Ok(config)
    }

    /// Loads with the real process environment.
    pub fn from_env(file: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load(file, |k| std::env::var(k).ok())
    }

    fn check(&self) -> Result<(), ConfigError> {
        let bad = |origin: &str, message: String| ConfigError::Invalid {
            origin: origin.to_owned(),
            message,
        };
        convene_core::time::parse_zone(&self.schedule.default_zone)
            .map_err(|m| bad("schedule.default_zone", m))?;
        if self.server.public_url.ends_with('/') {
            return Err(bad("server.public_url", "must not end with '/'".to_owned()));
        }
        convene_core::WebUrl::parse(&self.server.public_url)
            .map_err(|e| bad("server.public_url", e.to_string()))?;
        Ok(())
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
    pub fn default_zone(&self) -> chrono_tz::Tz {
        convene_core::time::parse_zone(&self.schedule.default_zone)
            .unwrap_or(chrono_tz::Europe::Zurich)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_env_overrides_and_redaction() {
        let c = Config::load(None, |_| None).expect("defaults load");
        assert_eq!(c.server.listen, "127.0.0.1:8080");
        assert_eq!(c.database.url.0, "sqlite:var/convene.sqlite");
        assert_eq!(c.reminders.meeting_days_before, [7, 1]);
        assert_eq!(c.server.request_timeout_seconds, 30);
        assert_eq!(c.server.write_rate_per_minute, 120);
        let env = |k: &str| match k {
            "CONVENE_DATABASE_URL" => Some("postgres://u:hunter2@db/convene".to_owned()),
            "CONVENE_MAX_BODY_BYTES" => Some("1024".to_owned()),
            "CONVENE_LOG_FORMAT" => Some("json".to_owned()),
            "CONVENE_WRITE_RATE_PER_MINUTE" => Some("3".to_owned()),
            _ => None,
        };
        let c = Config::load(None, env).expect("env loads");
        assert_eq!(c.server.max_body_bytes, 1024);
        assert_eq!(c.log.format, LogFormat::Json);
        assert_eq!(c.server.write_rate_per_minute, 3);
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("\"postgres:<redacted>\""));
        let e = Config::load(None, |k| {
            (k == "CONVENE_MAX_BODY_BYTES").then(|| "lots".into())
        })
        .expect_err("bad number");
        assert_eq!(
            e.to_string(),
            "environment variable CONVENE_MAX_BODY_BYTES: expected a whole number, got \"lots\""
        );
    }
}
