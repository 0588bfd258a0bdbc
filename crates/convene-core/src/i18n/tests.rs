use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use fluent_syntax::ast;

use super::messages::FILES;
use super::*;

/// Message id → the variables it uses (attributes as `id.attr`).
fn keys(text: &str, file: &str, lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let res = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{lang}/{file}.ftl does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for e in &res.body {
        match e {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                let id = m.id.name.to_owned();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{lang}/{file}.ftl gives {id} twice"
                );
                for a in &m.attributes {
                    let mut vars = BTreeSet::new();
                    pattern_vars(&a.value, &mut vars);
                    out.insert(format!("{id}.{}", a.id.name), vars);
                }
            }
            ast::Entry::Junk { content } => panic!("{lang}/{file}.ftl: junk {content:?}"),
            _ => {}
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, out);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for p in &arguments.positional {
                inline_vars(p, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
        _ => {}
    }
}

/// Messages whose forms use different pieces in different languages, with
/// every variable the code gives them: a language may use any of these and
/// no other.
const FREE_FORM: &[(&str, &[&str])] = &[
    (
        "date-range",
        &[
            "shape",
            "first",
            "last",
            "first_day",
            "last_day",
            "first_md",
            "last_md",
        ],
    ),
    // A series' rule (recurrence/words.rs): a language picks its words by
    // the weekday (`day`: case, gender) or the number of items (`count`).
    ("rule-daily", &["interval"]),
    ("rule-weekly", &["interval", "day", "weekday"]),
    ("rule-weekly-day", &["day", "weekday"]),
    ("rule-weekly-days", &["interval", "days"]),
    ("rule-months", &["interval"]),
    ("rule-ordinal", &["ordinal", "day", "weekday"]),
    ("rule-weekday", &["day", "weekday"]),
    (
        "rule-monthly-weekday",
        &["interval", "ordinals", "ordinal", "count", "day", "weekday"],
    ),
    ("rule-monthly-day", &["ordinal", "day", "weekday"]),
    ("rule-monthly-days", &["interval", "days"]),
    ("rule-monthly-dates", &["interval", "dates", "count"]),
];

fn free_form(key: &str) -> Option<BTreeSet<String>> {
    FREE_FORM
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, vars)| vars.iter().map(|v| (*v).to_owned()).collect())
}

/// Every message of every file exists in all six languages, with the same
/// variables as in English; no file has junk or a key twice, and no key is
/// in two files of a language.
#[test]
fn every_key_in_every_language_with_the_same_variables() {
    let en = &FILES[Lang::En.index()];
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let mut seen = BTreeSet::new();
        for (i, (file, text)) in FILES[lang.index()].iter().enumerate() {
            let (en_file, en_text) = en[i];
            assert_eq!(*file, en_file);
            let want = keys(en_text, file, Lang::En);
            let have = keys(text, file, lang);
            for (k, vars) in &want {
                match have.get(k) {
                    None => problems.push(format!("{lang}/{file}.ftl lacks {k}")),
                    Some(v) if free_form(k).is_some_and(|all| !v.is_subset(&all)) => problems.push(
                        format!("{lang}/{file}.ftl: {k} uses {v:?}, beyond {FREE_FORM:?}"),
                    ),
                    Some(_) if free_form(k).is_some() => {}
                    Some(v) if v != vars => problems.push(format!(
                        "{lang}/{file}.ftl: {k} uses {v:?}, English {vars:?}"
                    )),
                    Some(_) => {}
                }
            }
            for k in have.keys() {
                if !want.contains_key(k) {
                    problems.push(format!("{lang}/{file}.ftl has {k}, English does not"));
                }
                if !k.contains('.') && !seen.insert(k.clone()) {
                    problems.push(format!("{lang}: {k} is in two files"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lang_codes_parse_and_serialize() {
    assert_eq!(Lang::parse("fr-CH"), Some(Lang::Fr));
    assert_eq!(Lang::parse("zh_Hans_CN"), Some(Lang::Zh));
    assert_eq!(Lang::parse("AR"), Some(Lang::Ar));
    assert_eq!(Lang::parse("de"), None);
    assert_eq!(Lang::parse(""), None);
    assert!(Lang::Ar.is_rtl() && !Lang::Zh.is_rtl());
    assert_eq!(Lang::Ar.dir(), "rtl");
    for l in Lang::ALL {
        let json = serde_json::to_string(&l).expect("serializes");
        assert_eq!(json, format!("\"{}\"", l.code()));
        assert_eq!(serde_json::from_str::<Lang>(&json).expect("reads back"), l);
    }
    assert!(serde_json::from_str::<Lang>("\"fr-CH\"").is_err());
}

#[test]
fn long_dates_are_each_languages_own() {
    let d = NaiveDate::from_ymd_opt(2023, 9, 7).expect("date");
    let got: Vec<String> = Lang::ALL.iter().map(|l| long_date(*l, d)).collect();
    assert_eq!(
        got,
        [
            "7 سبتمبر 2023",
            "2023年9月7日",
            "7 September 2023",
            "7 septembre 2023",
            "7 сентября 2023\u{202f}г.",
            "7 de septiembre de 2023",
        ]
    );
}

#[test]
fn date_ranges_as_the_secretariat_writes_them() {
    let d = |m, d| NaiveDate::from_ymd_opt(2023, m, d).expect("date");
    assert_eq!(date_range(Lang::En, d(9, 7), d(9, 8)), "7-8 September 2023");
    assert_eq!(
        date_range(Lang::En, d(9, 30), d(10, 2)),
        "30 September-2 October 2023"
    );
    assert_eq!(date_range(Lang::Zh, d(9, 7), d(9, 8)), "2023年9月7日至8日");
    assert_eq!(
        date_range(Lang::Fr, d(9, 30), d(10, 2)),
        "30 septembre-2 octobre 2023"
    );
    let y = NaiveDate::from_ymd_opt(2024, 1, 2).expect("date");
    assert_eq!(
        date_range(Lang::En, d(12, 30), y),
        "30 December 2023-2 January 2024"
    );
}

#[test]
fn times_are_on_the_24_hour_clock() {
    let t2 = NaiveTime::from_hms_opt(14, 0, 0).expect("time");
    let t1 = NaiveTime::from_hms_opt(9, 5, 0).expect("time");
    for l in Lang::ALL {
        assert_eq!(time(l, t2), "14:00", "{l}");
        assert_eq!(time(l, t1), "09:05", "{l}");
    }
    assert_eq!(time_range(Lang::En, t1, t2), "09:05-14:00");
    assert_eq!(time_range(Lang::Ru, t1, t2), "09:05–14:00");
}

#[test]
fn zones_are_named_after_cities_and_offsets() {
    use chrono_tz::{America, Asia, Etc, Europe, UTC};
    assert_eq!(zone_name(Lang::En, Europe::Zurich), "Geneva time");
    assert_eq!(zone_name(Lang::Fr, Europe::Zurich), "heure de Genève");
    assert_eq!(zone_name(Lang::Zh, Asia::Shanghai), "北京时间");
    assert_eq!(zone_name(Lang::Es, America::New_York), "hora de Nueva York");
    assert_eq!(zone_name(Lang::En, America::Lima), "Lima time");
    assert_eq!(zone_name(Lang::Fr, America::Lima), "heure locale (Lima)");
    assert_eq!(zone_name(Lang::En, UTC), "UTC");
    assert_eq!(zone_name(Lang::Ru, Etc::GMTMinus14), "UTC+14");
    assert_eq!(zone_name(Lang::En, Etc::GMTPlus5), "UTC-5");
    assert_eq!(zone_name(Lang::En, Etc::GMT), "UTC");
    assert_eq!(
        time_in_zone(Lang::Zh, "14:00-15:00", Europe::Zurich),
        "日内瓦时间 14:00-15:00"
    );
}

#[test]
fn glance_gives_item_zone_home_zone_and_utc() {
    use chrono_tz::{America, Asia, Europe, UTC};
    let start = Utc
        .with_ymd_and_hms(2023, 9, 7, 18, 0, 0)
        .single()
        .expect("t");
    let end = Utc
        .with_ymd_and_hms(2023, 9, 7, 19, 30, 0)
        .single()
        .expect("t");
    let g = glance(
        Lang::En,
        start,
        Some(end),
        America::New_York,
        Europe::Zurich,
    );
    let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "14:00-15:30 New York time",
            "20:00-21:30 Geneva time",
            "18:00-19:30 UTC"
        ]
    );
    // Home zone = item zone: two lines; the other day is named.
    let g = glance(Lang::Fr, start, Some(end), Asia::Seoul, Asia::Seoul);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].text, "03:00-04:30, heure de Séoul");
    assert_eq!(g[1].other_day.as_deref(), Some("jeu. 7 sept."));
    // A UTC item: no UTC line twice.
    assert_eq!(glance(Lang::En, start, None, UTC, Europe::Zurich).len(), 2);
    // Across midnight in one zone.
    let late = glance(Lang::En, start, Some(end), Asia::Seoul, Europe::Zurich);
    assert_eq!(late[0].times, "03:00-04:30");
    let g = glance(
        Lang::En,
        Utc.with_ymd_and_hms(2023, 9, 7, 21, 0, 0)
            .single()
            .expect("t"),
        Some(
            Utc.with_ymd_and_hms(2023, 9, 7, 23, 0, 0)
                .single()
                .expect("t"),
        ),
        UTC,
        Europe::Zurich,
    );
    assert_eq!(g[1].times, "23:00-Fri 8 Sept 01:00");
}

#[test]
fn messages_take_arguments_and_fall_back() {
    assert_eq!(
        t(
            Lang::En,
            "feed-deadline",
            &[("what", "Contributions".into())]
        ),
        "Deadline: Contributions"
    );
    // Arabic isolates what it puts in; t_plain drops the marks.
    let ar = t(Lang::Ar, "feed-deadline", &[("what", "WG5".into())]);
    assert!(ar.contains("\u{2068}WG5\u{2069}"), "{ar:?}");
    assert!(!t_plain(Lang::Ar, "feed-deadline", &[("what", "WG5".into())]).contains('\u{2068}'));
    assert_eq!(t(Lang::Fr, "no-such-key", &[]), "no-such-key");
    assert_eq!(number(Lang::En, 1234), "1,234");
    assert_eq!(number(Lang::Fr, 1234), "1\u{202f}234");
    assert_eq!(number(Lang::Ar, 1234), "1,234");
}
