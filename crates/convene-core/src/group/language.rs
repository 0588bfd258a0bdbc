//! A group's language: the language of the mails to its list (issue 19).
//! A group without one uses its nearest ancestor's, like its mailing list;
//! when no group up the tree says, the service's default language
//! (`i18n.default_language`).

use serde::{Deserialize, Serialize};

use super::GroupTree;
use crate::text::GroupSlug;

/// One of the six languages of the United Nations, by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Arabic (`ar`), written right to left.
    Ar,
    /// Chinese (`zh`), simplified script.
    Zh,
    /// English (`en`).
    En,
    /// French (`fr`).
    Fr,
    /// Russian (`ru`).
    Ru,
    /// Spanish (`es`).
    Es,
}

impl Language {
    /// Every language, in the order of the UN's own list.
    pub const ALL: [Language; 6] = [Self::Ar, Self::Zh, Self::En, Self::Fr, Self::Ru, Self::Es];

    /// The code: `ar`, `zh`, `en`, `fr`, `ru` or `es`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::Zh => "zh",
            Self::En => "en",
            Self::Fr => "fr",
            Self::Ru => "ru",
            Self::Es => "es",
        }
    }

    /// Parses one of the six codes, exactly (lower case, no region).
    pub fn parse(value: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == value)
            .ok_or_else(|| {
                let codes: Vec<String> = Self::ALL
                    .iter()
                    .map(|l| format!("\"{}\"", l.as_str()))
                    .collect();
                format!(
                    "{value:?} is not a language; use one of {} (Arabic, Chinese, English, French, Russian, Spanish)",
                    codes.join(", ")
                )
            })
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a group's language comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InheritedLanguage<'a> {
    /// The language.
    pub language: Language,
    /// The group that sets it: the group itself or its nearest ancestor
    /// that has one.
    pub from: &'a GroupSlug,
}

impl GroupTree {
    /// The group's own language or its nearest ancestor's; `None` when no
    /// group up the tree sets one (the default language then applies).
    pub fn effective_language(&self, slug: &GroupSlug) -> Option<InheritedLanguage<'_>> {
        self.get(slug)
            .into_iter()
            .chain(self.ancestors(slug))
            .find_map(|g| {
                g.language.map(|language| InheritedLanguage {
                    language,
                    from: &g.slug,
                })
            })
    }
}

/// The language of the mails to `slug`'s list (and of its feeds' generated
/// text): its own, else its nearest ancestor's, else `default`
/// (`i18n.default_language`). An unknown slug gets `default`.
pub fn group_language(tree: &GroupTree, slug: &GroupSlug, default: Language) -> Language {
    tree.effective_language(slug)
        .map_or(default, |l| l.language)
}

/// The language of a mail about an item of `groups` (a joint meeting's, in
/// their order): the first group's. A mail has one language; a joint
/// meeting whose lists differ is written in its lead group's.
pub fn groups_language(tree: &GroupTree, groups: &[GroupSlug], default: Language) -> Language {
    groups
        .first()
        .map_or(default, |g| group_language(tree, g, default))
}
