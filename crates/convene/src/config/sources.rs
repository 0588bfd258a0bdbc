//! Where configuration values come from, as figment providers: a TOML
//! file, the `CONVENE_SECTION__KEY` variables and the older aliases; and
//! which of them set a key (for error messages).

use std::path::Path;

use figment::providers::{Env, Serialized};
use figment::value::{Dict, Map};
use figment::{Figment, Metadata, Profile, Provider};

use super::{ConfigError, ENV_ALIASES, ENV_PREFIX, TOP_LEVEL_KEYS, env_name};

/// A TOML file (parsed with `toml`) as a figment provider.
pub(super) struct TomlSource {
    metadata: Metadata,
    table: toml::Table,
}

impl TomlSource {
    pub(super) fn parse(src: &str, name: &str, path: Option<&Path>) -> Result<Self, ConfigError> {
        let table = toml::from_str(src).map_err(|e: toml::de::Error| ConfigError::Syntax {
            origin: name.to_owned(),
            message: e.to_string(),
        })?;
        let mut metadata = Metadata::named(name.to_owned());
        if let Some(p) = path {
            metadata = metadata.source(figment::Source::File(p.to_path_buf()));
        }
        Ok(Self { metadata, table })
    }
}

impl Provider for TomlSource {
    fn metadata(&self) -> Metadata {
        self.metadata.clone()
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Serialized::defaults(&self.table).data()
    }
}

/// Environment variables under a name of our own (figment's default names
/// the variables `SECTION.KEY`).
pub(super) struct Variables {
    env: Env,
    metadata: Metadata,
}

impl Provider for Variables {
    fn metadata(&self) -> Metadata {
        self.metadata.clone()
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        self.env.data()
    }
}

/// `CONVENE_SECTION__KEY` and `CONVENE_DEADLINE_POLICIES`; not the aliases
/// (`CONVENE_LOG` would replace the whole `[log]` section) nor others
/// (`CONVENE_CONFIG`).
pub(super) fn variables() -> Variables {
    let env = Env::prefixed(ENV_PREFIX)
        .filter(|k| k.as_str().contains("__") || TOP_LEVEL_KEYS.iter().any(|t| k == *t))
        .split("__");
    let metadata = Metadata::named("environment variable")
        .interpolater(|_: &Profile, k: &[&str]| env_name(&k.join(".")));
    Variables { env, metadata }
}

/// The [`ENV_ALIASES`].
pub(super) fn aliases() -> Variables {
    let env = Env::raw().filter_map(|k| {
        ENV_ALIASES
            .iter()
            .find(|(var, _)| k == *var)
            .map(|(_, key)| (*key).into())
    });
    let metadata =
        Metadata::named("environment variable").interpolater(|_: &Profile, k: &[&str]| {
            let key = k.join(".");
            ENV_ALIASES
                .iter()
                .find(|(_, k)| *k == key)
                .map_or_else(|| env_name(&key), |(var, _)| (*var).to_owned())
        });
    Variables { env, metadata }
}

/// Where the value of `key` came from, e.g. `environment variable
/// CONVENE_SERVER__LISTEN` or `/etc/convene.toml`.
pub(super) fn origin(figment: &Figment, key: &str) -> String {
    let Some(md) = figment.find_metadata(key) else {
        return "configuration".to_owned();
    };
    let keys: Vec<&str> = key.split('.').collect();
    let name = md.interpolate(&Profile::Default, &keys);
    match &md.source {
        Some(source) => format!("{} {source}", md.name),
        None if md.name == "environment variable" => format!("{} {name}", md.name),
        None => md.name.to_string(),
    }
}
