//! A group's language: the language of the mails to its list (issue 19).
//! A group without one uses its nearest ancestor's, like its mailing list;
//! when no group up the tree says, the service's default language
//! (`i18n.default_language`).

use super::GroupTree;
pub use crate::i18n::Lang as Language;
use crate::text::GroupSlug;

/// Reads a group's `language`: exactly one of the six codes, lower case,
/// no region (files and API bodies say `fr`, not `fr-CH`).
pub fn parse_language(value: &str) -> Result<Language, String> {
    Language::ALL
        .into_iter()
        .find(|l| l.code() == value)
        .ok_or_else(|| {
            let codes: Vec<String> = Language::ALL
                .iter()
                .map(|l| format!("\"{}\"", l.code()))
                .collect();
            format!(
                "{value:?} is not a language; use one of {} (Arabic, Chinese, English, French, Russian, Spanish)",
                codes.join(", ")
            )
        })
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
