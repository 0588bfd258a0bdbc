//! The schedule file: a TOML document organizers write by hand (see
//! README.md, "Schedule files"). Parsing it is pure: the caller reads the
//! file and hands over its text.

use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::catalog::{Catalog, ItemProblem, ItemRef};
use crate::deadline::DeadlineInput;
use crate::derive::{DeadlinePolicy, derive_deadlines};
use crate::group::{GroupInput, GroupTree, TreeError};
use crate::meeting::{Defaults, MeetingInput};
use crate::text::ItemId;
use crate::time::parse_zone;
use crate::validation::FieldErrors;

mod chunked;
pub use chunked::ScheduleItems;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    groups: Vec<Spanned<GroupInput>>,
    #[serde(default)]
    meetings: Vec<Spanned<MeetingInput>>,
    #[serde(default)]
    deadlines: Vec<Spanned<DeadlineInput>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    zone: Option<String>,
}

/// One problem in a schedule file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// 1-based line where the item starts, when known.
    pub line: Option<usize>,
    /// The item, or `None` for the file as a whole.
    pub item: Option<ItemRef>,
    /// What is wrong.
    pub errors: FieldErrors,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for e in &self.errors.0 {
            if !first {
                writeln!(f)?;
            }
            first = false;
            if let Some(line) = self.line {
                write!(f, "line {line}: ")?;
            }
            if let Some(item) = &self.item {
                write!(f, "{item}: ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Why a schedule file was refused: it is not TOML of the right shape, or
/// items in it are invalid. Every problem found is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The text is not TOML, or a table has the wrong shape.
    #[error("{0}")]
    Syntax(String),
    /// Items are invalid.
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FileProblem>),
}

/// The items of a schedule file as written by [`to_schedule_toml`].
#[derive(Serialize)]
struct OutFile {
    groups: Vec<GroupInput>,
    meetings: Vec<MeetingInput>,
    deadlines: Vec<DeadlineInput>,
}

/// Writes a catalog as a schedule file that [`parse_schedule`] reads back
/// to the same catalog: groups by slug, meetings and deadlines in the
/// catalog's order, every item with its zone spelled out (so no
/// `[defaults]`), derived deadlines as items marked `derived = true` (a
/// meeting's `deadlines = "derive"` is not stored, its deadlines are).
/// Deadline policies are configuration, not part of the file; which groups
/// are archived is not part of the file either.
pub fn to_schedule_toml(catalog: &Catalog) -> String {
    let out = OutFile {
        groups: catalog.tree().iter().map(|g| g.to_input()).collect(),
        meetings: catalog.meetings().iter().map(|m| m.to_input()).collect(),
        deadlines: catalog.deadlines().iter().map(|d| d.to_input()).collect(),
    };
    let body = match toml::Table::try_from(&out) {
        Ok(mut table) => {
            // Leave out empty lists (`former_mailing_lists = []`).
            for (_, items) in table.iter_mut() {
                if let toml::Value::Array(items) = items {
                    for item in items.iter_mut() {
                        if let toml::Value::Table(t) = item {
                            t.retain(|_, v| !matches!(v, toml::Value::Array(a) if a.is_empty()));
                        }
                    }
                }
            }
            table.to_string()
        }
        // Inputs are plain strings, numbers and lists: they always serialize.
        Err(e) => format!("# the schedule could not be written: {e}\n"),
    };
    format!("# A schedule file written by `convene export`; `convene import` reads it.\n\n{body}")
}

/// Line numbers of byte offsets, counted on from the previous offset asked
/// for: items are asked for in file order, so a whole file is counted once
/// (counting from the start for every item made a large file quadratic).
struct Lines<'a> {
    src: &'a str,
    /// The last offset asked for, and the number of newlines before it.
    at: (usize, usize),
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        Self { src, at: (0, 0) }
    }

    /// The 1-based line of `offset`.
    fn line_of(&mut self, offset: usize) -> usize {
        let (from, before) = if offset >= self.at.0 { self.at } else { (0, 0) };
        let Some(part) = self.src.get(from..offset) else {
            return 1;
        };
        let n = before + part.bytes().filter(|b| *b == b'\n').count();
        self.at = (offset, n);
        n + 1
    }
}

/// Parses and validates a schedule file's text into a catalog. Meetings with
/// `deadlines = "derive"` need a policy: see [`parse_schedule_with`].
pub fn parse_schedule(src: &str) -> Result<Catalog, FileError> {
    parse_schedule_with(src, &[])
}

/// Parses a schedule file; meetings with `deadlines = "derive"` get the
/// deadlines of their kind's policy among `policies`.
///
/// A valid file is read item by item, never held as a whole TOML document
/// (see `file/chunked.rs`); any other is parsed whole, to name every
/// problem.
pub fn parse_schedule_with(src: &str, policies: &[DeadlinePolicy]) -> Result<Catalog, FileError> {
    ScheduleItems::check(src, policies)?.into_catalog()
}

/// [`parse_schedule_with`] on the whole document at once.
fn parse_whole(src: &str, policies: &[DeadlinePolicy]) -> Result<Catalog, FileError> {
    let raw: RawFile = toml::from_str(src).map_err(|e| FileError::Syntax(e.to_string()))?;
    let mut problems: Vec<FileProblem> = Vec::new();

    let mut defaults = Defaults::default();
    if let Some(z) = &raw.defaults.zone {
        match parse_zone(z) {
            Ok(zone) => defaults.zone = zone,
            Err(msg) => {
                let mut errs = FieldErrors::default();
                errs.push("defaults.zone", msg);
                problems.push(FileProblem {
                    line: None,
                    item: None,
                    errors: errs,
                });
            }
        }
    }

    let mut lines = Lines::new(src);
    let group_lines: Vec<usize> = raw
        .groups
        .iter()
        .map(|g| lines.line_of(g.span().start))
        .collect();
    let mut groups = Vec::new();
    for (i, g) in raw.groups.iter().enumerate() {
        match g.get_ref().validate() {
            Ok(group) => groups.push(group),
            Err(errors) => problems.push(FileProblem {
                line: Some(group_lines[i]),
                item: Some(ItemRef::Group(i, g.get_ref().slug.clone())),
                errors,
            }),
        }
    }
    let tree = match GroupTree::new(groups) {
        Ok(tree) => Some(tree),
        Err(e) => {
            problems.push(tree_problem(&raw, &group_lines, &e));
            None
        }
    };

    let mut meetings = Vec::new();
    let mut meeting_lines = Vec::new();
    for (i, m) in raw.meetings.iter().enumerate() {
        let line = lines.line_of(m.span().start);
        match m.get_ref().validate(&defaults) {
            Ok(meeting) => {
                meetings.push(meeting);
                meeting_lines.push((i, line));
            }
            Err(errors) => problems.push(FileProblem {
                line: Some(line),
                item: Some(ItemRef::Meeting(i, m.get_ref().id.clone())),
                errors,
            }),
        }
    }

    let mut deadlines = Vec::new();
    let mut deadline_lines = Vec::new();
    // Deadlines derived by rule come first, as if written after their meeting.
    for (k, (i, line)) in meeting_lines.iter().enumerate() {
        let wants = raw.meetings[*i].get_ref().deadlines.as_deref() == Some("derive");
        let Some(meeting) = meetings.get(k).filter(|_| wants) else {
            continue;
        };
        let item = || Some(ItemRef::Meeting(*i, Some(meeting.id().to_string())));
        let Some(policy) = DeadlinePolicy::for_meeting(policies, meeting) else {
            let mut errors = FieldErrors::default();
            errors.push(
                "deadlines",
                format!(
                    "no deadline policy for {} meetings is configured",
                    meeting.kind().as_str()
                ),
            );
            problems.push(FileProblem {
                line: Some(*line),
                item: item(),
                errors,
            });
            continue;
        };
        for input in derive_deadlines(meeting, policy) {
            match input.validate(&Defaults {
                zone: meeting.zone(),
            }) {
                Ok(d) => {
                    deadlines.push(d);
                    deadline_lines.push((usize::MAX, *line));
                }
                Err(errors) => problems.push(FileProblem {
                    line: Some(*line),
                    item: item(),
                    errors,
                }),
            }
        }
    }
    // The first meeting with an id gives its zone (a duplicate id is
    // reported by the catalog).
    let mut zones: std::collections::HashMap<&ItemId, chrono_tz::Tz> =
        std::collections::HashMap::with_capacity(meetings.len());
    for m in &meetings {
        zones.entry(m.id()).or_insert(m.zone());
    }
    for (i, d) in raw.deadlines.iter().enumerate() {
        let line = lines.line_of(d.span().start);
        // A meeting's deadline is in the meeting's zone unless it says otherwise.
        let meeting_zone = d
            .get_ref()
            .meeting
            .as_deref()
            .and_then(|id| ItemId::parse(id).ok())
            .and_then(|id| zones.get(&id).copied());
        let item_defaults = Defaults {
            zone: meeting_zone.unwrap_or(defaults.zone),
        };
        match d.get_ref().validate(&item_defaults) {
            Ok(deadline) => {
                deadlines.push(deadline);
                deadline_lines.push((i, line));
            }
            Err(errors) => problems.push(FileProblem {
                line: Some(line),
                item: Some(ItemRef::Deadline(i, d.get_ref().id.clone())),
                errors,
            }),
        }
    }

    let Some(tree) = tree else {
        return Err(FileError::Invalid(problems));
    };
    if !problems.is_empty() {
        // Still report cross-reference problems of the valid items.
        // A deadline of a meeting that is itself invalid is not "unknown".
        let named: Vec<&str> = raw
            .meetings
            .iter()
            .filter_map(|m| m.get_ref().id.as_deref())
            .collect();
        if let Err(more) = Catalog::new(tree, meetings, deadlines) {
            let mut more = locate(more, &meeting_lines, &deadline_lines);
            for p in &mut more {
                if let Some(ItemRef::Deadline(i, _)) = &p.item {
                    let owner = raw
                        .deadlines
                        .get(*i)
                        .and_then(|d| d.get_ref().meeting.as_deref());
                    if owner.is_some_and(|o| named.contains(&o)) {
                        p.errors.0.retain(|e| e.field != "meeting");
                    }
                }
            }
            problems.extend(more.into_iter().filter(|p| !p.errors.is_empty()));
        }
        problems.sort_by_key(|p| p.line);
        return Err(FileError::Invalid(problems));
    }
    Catalog::new(tree, meetings, deadlines)
        .map_err(|more| FileError::Invalid(locate(more, &meeting_lines, &deadline_lines)))
}

/// Maps problems found on the n-th *valid* item back to the file's items.
fn locate(
    problems: Vec<ItemProblem>,
    meeting_lines: &[(usize, usize)],
    deadline_lines: &[(usize, usize)],
) -> Vec<FileProblem> {
    problems
        .into_iter()
        .map(|p| {
            let (item, line) = match p.item {
                ItemRef::Meeting(k, id) => {
                    let (i, line) = meeting_lines.get(k).copied().unwrap_or((k, 0));
                    (ItemRef::Meeting(i, id), line)
                }
                ItemRef::Deadline(k, id) => {
                    let (i, line) = deadline_lines.get(k).copied().unwrap_or((k, 0));
                    (ItemRef::Deadline(i, id), line)
                }
                other => (other, 0),
            };
            FileProblem {
                line: (line > 0).then_some(line),
                item: Some(item),
                errors: p.errors,
            }
        })
        .collect()
}

fn tree_problem(raw: &RawFile, lines: &[usize], e: &TreeError) -> FileProblem {
    let slug = match e {
        TreeError::DuplicateSlug(s) => s.as_str(),
        TreeError::UnknownParent { group, .. } | TreeError::BadNesting { group, .. } => {
            group.as_str()
        }
        TreeError::Cycle(c) => c.first().map_or("", |s| s.as_str()),
    };
    // For a duplicate, point at the second group with the slug.
    let positions: Vec<usize> = raw
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.get_ref().slug.as_deref() == Some(slug))
        .map(|(i, _)| i)
        .collect();
    let i = match e {
        TreeError::DuplicateSlug(_) => positions.get(1).copied(),
        _ => positions.first().copied(),
    };
    FileProblem {
        line: i.and_then(|i| lines.get(i).copied()),
        item: i.map(|i| ItemRef::Group(i, Some(slug.to_owned()))),
        errors: FieldErrors(vec![e.to_field_error()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[defaults]
zone = "Europe/Zurich"

[[groups]]
slug = "fg-mv"
short_name = "FG-MV"
name = "Focus Group on metaverse"
kind = "focus-group"
mailing_list = "fgmv@lists.itu.int"

[[groups]]
slug = "wg5"
name = "Interoperability"
kind = "working-group"
parent = "fg-mv"
mailing_list = "fgmv-wg5@lists.itu.int"

[[meetings]]
id = "wg5-2023-09-07"
title = "WG5 e-meeting"
groups = ["wg5"]
kind = "e-meeting"
date = "2023-09-07"
until = "2023-09-08"
start = "09:00"
end = "12:00"

[[deadlines]]
id = "wg5-contrib"
meeting = "wg5-2023-09-07"
kind = "contribution"
date = "2023-08-31"
email = "tsbfgmv@itu.int"
"#;

    #[test]
    fn a_written_catalog_reads_back_the_same() {
        let seed = include_str!("../../../data/fg-mv-2023.toml").replacen(
            "[[groups]]\nslug = \"fg-mv\"\n",
            "[[groups]]\nslug = \"fg-mv\"\nworking_hours = \"08:00-20:00\"\nworking_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n",
            1,
        );
        let catalog = parse_schedule(&seed).expect("the seed is valid");
        let written = to_schedule_toml(&catalog);
        let again = parse_schedule(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
        assert_eq!(again, catalog);
        // Writing is stable: the same catalog gives the same text.
        assert_eq!(to_schedule_toml(&again), written);
        // Everything a group holds is there, and no empty lists.
        for field in [
            "[[groups.participant_zones]]\nzone = \"Asia/Shanghai\"\nweight = 3\n",
            "working_hours = \"08:00-20:00\"",
            "working_days = [",
            "former_mailing_lists = [",
        ] {
            assert!(written.contains(field), "{field} is missing:\n{written}");
        }
        assert!(!written.contains("= []"), "{written}");
        assert!(written.starts_with("# A schedule file written by `convene export`"));
    }

    #[test]
    fn derived_deadlines_are_written_as_items() {
        let src = format!(
            "{SMALL}\n[[meetings]]\nid = \"fgmv-2\"\ntitle = \"2nd FG-MV meeting\"\ngroups = [\"fg-mv\"]\nkind = \"physical\"\ncity = \"Shanghai\"\nzone = \"Asia/Shanghai\"\ndate = \"2023-07-04\"\nuntil = \"2023-07-06\"\nall_day = true\ndeadlines = \"derive\"\ndescription = \"Two lines,\\nwith \\\"quotes\\\"\"\n"
        );
        let policy = crate::DeadlinePolicy::physical(None, None, None);
        let catalog = parse_schedule_with(&src, &[policy]).expect("valid");
        let written = to_schedule_toml(&catalog);
        assert_eq!(written.matches("derived = true").count(), 3, "{written}");
        // No policy needed to read it back: the deadlines are items now.
        assert_eq!(parse_schedule(&written).expect("valid"), catalog);
    }

    #[test]
    fn a_small_file_parses() {
        let c = parse_schedule(SMALL).expect("valid");
        assert_eq!(c.tree().len(), 2);
        assert_eq!(c.meetings().len(), 1);
        assert_eq!(c.meetings()[0].sessions().len(), 2);
        assert_eq!(c.deadlines()[0].zone(), chrono_tz::Europe::Zurich);
        let wg5 = c.tree().get(&"wg5".parse().expect("slug")).expect("wg5");
        assert_eq!(wg5.short_name.as_str(), "WG5");
    }

    #[test]
    fn problems_name_the_line_the_item_and_the_field() {
        let broken = SMALL.replace("start = \"09:00\"", "start = \"9h\"");
        let e = parse_schedule(&broken).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 19: meeting \"wg5-2023-09-07\": field `start`: \"9h\" is not a time; write it as HH:MM on a 24-hour clock, e.g. \"09:00\""
        );
        let broken = SMALL.replace("groups = [\"wg5\"]", "groups = [\"wg6\"]");
        assert_eq!(
            parse_schedule(&broken).unwrap_err().to_string(),
            "line 19: meeting \"wg5-2023-09-07\": field `groups[0]`: \"wg6\" is not a known group"
        );
        let broken = SMALL.replace(
            "meeting = \"wg5-2023-09-07\"",
            "meeting = \"wg5-2023-09-09\"",
        );
        assert_eq!(
            parse_schedule(&broken).unwrap_err().to_string(),
            "line 29: deadline \"wg5-contrib\": field `meeting`: \"wg5-2023-09-09\" is not the id of a meeting"
        );
    }

    #[test]
    fn dates_outside_the_year_range_are_refused_in_files() {
        let broken = SMALL.replace("date = \"2023-09-07\"", "date = \"0000-01-01\"");
        assert_eq!(
            parse_schedule(&broken).unwrap_err().to_string(),
            "line 19: meeting \"wg5-2023-09-07\": field `date`: \"0000-01-01\" is out of range: the year must be between 1900 and 2200"
        );
        let broken = SMALL.replace("date = \"2023-08-31\"", "date = \"2201-01-01\"");
        assert_eq!(
            parse_schedule(&broken).unwrap_err().to_string(),
            "line 29: deadline \"wg5-contrib\": field `date`: \"2201-01-01\" is out of range: the year must be between 1900 and 2200"
        );
    }

    #[test]
    fn a_task_group_under_a_task_group_is_refused_in_files() {
        let src = format!(
            "{SMALL}\n[[groups]]\nslug = \"tg-x\"\nname = \"TG on x\"\nkind = \"task-group\"\nparent = \"wg5\"\n\n[[groups]]\nslug = \"tg-y\"\nname = \"TG on y\"\nkind = \"task-group\"\nparent = \"tg-x\"\n"
        );
        assert_eq!(
            parse_schedule(&src).unwrap_err().to_string(),
            "line 42: group \"tg-y\": field `parent`: a task group sits under the focus group or a working group; \"tg-x\" is a task group"
        );
        let ok = src.replace("parent = \"tg-x\"", "parent = \"fg-mv\"");
        assert_eq!(parse_schedule(&ok).expect("valid").tree().len(), 4);
    }

    #[test]
    fn cycles_duplicates_and_syntax_are_reported() {
        let cyc = SMALL
            .replace(
                "kind = \"focus-group\"",
                "kind = \"task-group\"\nparent = \"wg5\"",
            )
            .replace("kind = \"working-group\"", "kind = \"task-group\"");
        let e = parse_schedule(&cyc).unwrap_err().to_string();
        assert_eq!(
            e,
            "line 5: group \"fg-mv\": field `parent`: groups \"fg-mv\" -> \"wg5\" -> \"fg-mv\" form a cycle: each is the parent of the next"
        );
        let dup = format!(
            "{SMALL}\n[[meetings]]\nid = \"wg5-contrib\"\ntitle = \"x\"\ngroups = [\"wg5\"]\nkind = \"e-meeting\"\ndate = \"2023-09-20\"\n"
        );
        let e = parse_schedule(&dup).unwrap_err().to_string();
        assert_eq!(
            e,
            "line 29: deadline \"wg5-contrib\": field `id`: \"wg5-contrib\" is already the id of another item"
        );
        let e = parse_schedule("[[meetings]]\nid = 3\n").unwrap_err();
        assert!(matches!(e, FileError::Syntax(_)));
        let e = parse_schedule("[[meetings]]\nidd = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `idd`"), "{e}");
    }

    #[test]
    fn meetings_can_derive_their_deadlines_by_policy() {
        let src = format!(
            "{SMALL}\n[[meetings]]\nid = \"fgmv-2\"\ntitle = \"2nd FG-MV meeting\"\ngroups = [\"fg-mv\"]\nkind = \"physical\"\ncity = \"Shanghai\"\nzone = \"Asia/Shanghai\"\ndate = \"2023-07-04\"\nuntil = \"2023-07-06\"\nall_day = true\ndeadlines = \"derive\"\n"
        );
        let policy = crate::DeadlinePolicy::physical(None, None, None);
        let c = parse_schedule_with(&src, std::slice::from_ref(&policy)).expect("valid");
        let got: Vec<(String, String)> = c
            .deadlines_of(&ItemId::parse("fgmv-2").expect("id"))
            .iter()
            .map(|d| (d.id().to_string(), d.date().to_string()))
            .collect();
        // The seed's own dates for the 2nd meeting: 20, 27 and 29 June 2023.
        assert_eq!(
            got,
            [
                ("fgmv-2-visa".to_owned(), "2023-06-20".to_owned()),
                ("fgmv-2-contribution".to_owned(), "2023-06-27".to_owned()),
                (
                    "fgmv-2-pre-registration".to_owned(),
                    "2023-06-29".to_owned()
                ),
            ]
        );
        let e = parse_schedule(&src).expect_err("no policy").to_string();
        assert!(
            e.ends_with("meeting \"fgmv-2\": field `deadlines`: no deadline policy for physical meetings is configured"),
            "{e}"
        );
        let bad = src.replace("deadlines = \"derive\"", "deadlines = \"auto\"");
        let e = parse_schedule_with(&bad, &[policy])
            .expect_err("bad value")
            .to_string();
        assert!(
            e.contains("field `deadlines`: \"auto\" is not understood"),
            "{e}"
        );
    }
}
