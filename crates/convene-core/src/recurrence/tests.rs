use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn dates(rule: &str, first: &str) -> Vec<String> {
    RRule::parse(rule)
        .expect("valid rule")
        .expand(d(first))
        .expect("expands")
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn fortnightly_tuesdays_ten_times() {
    let got = dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10", "2023-10-03");
    assert_eq!(got.len(), 10);
    assert_eq!(got[0], "2023-10-03");
    assert_eq!(got[1], "2023-10-17");
    assert_eq!(got[9], "2024-02-06");
}

#[test]
fn monthly_with_ordinals() {
    assert_eq!(
        dates("FREQ=MONTHLY;BYDAY=2TU,4TU;COUNT=5", "2023-09-12"),
        [
            "2023-09-12",
            "2023-09-26",
            "2023-10-10",
            "2023-10-24",
            "2023-11-14"
        ]
    );
    // The last Friday, and the last day of the month.
    assert_eq!(
        dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2023-09-29"),
        ["2023-09-29", "2023-10-27", "2023-11-24"]
    );
    assert_eq!(
        dates("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20231231", "2023-09-30"),
        ["2023-09-30", "2023-10-31", "2023-11-30", "2023-12-31"]
    );
    // The 31st skips the months without one (RFC 5545).
    assert_eq!(
        dates("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "2023-08-31"),
        ["2023-08-31", "2023-10-31", "2023-12-31"]
    );
}

#[test]
fn daily_and_weekly_several_days() {
    assert_eq!(
        dates("FREQ=DAILY;INTERVAL=3;COUNT=3", "2023-09-01"),
        ["2023-09-01", "2023-09-04", "2023-09-07"]
    );
    assert_eq!(
        dates("FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20230914", "2023-09-04"),
        ["2023-09-04", "2023-09-07", "2023-09-11", "2023-09-14"]
    );
}

#[test]
fn display_is_canonical_and_parses_back() {
    for r in [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10",
        "FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20231219",
        "FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=4",
        "FREQ=DAILY;COUNT=3",
    ] {
        let rule = RRule::parse(r).expect("valid");
        assert_eq!(rule.to_string(), r);
        assert_eq!(RRule::parse(&rule.to_string()), Ok(rule));
    }
    assert_eq!(
        RRule::parse("RRULE:freq=weekly;count=2;interval=1").map(|r| r.to_string()),
        Ok("FREQ=WEEKLY;COUNT=2".to_owned())
    );
}

#[test]
fn refusals_say_what_to_fix() {
    let e = |r: &str| RRule::parse(r).expect_err(r);
    assert_eq!(
        e("FREQ=YEARLY;COUNT=2"),
        "FREQ=YEARLY is not supported; use DAILY, WEEKLY or MONTHLY"
    );
    assert!(
        e("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=2")
            .starts_with("BYSETPOS is not supported; convene takes")
    );
    assert!(e("FREQ=WEEKLY;BYDAY=TU").contains("has no end"));
    assert_eq!(
        e("FREQ=WEEKLY;COUNT=2;UNTIL=20231001"),
        "give COUNT or UNTIL, not both"
    );
    assert!(e("FREQ=WEEKLY;COUNT=201").contains("at most 200"));
    assert!(e("FREQ=WEEKLY;BYDAY=2TU;COUNT=2").contains("needs FREQ=MONTHLY"));
    assert!(e("FREQ=MONTHLY;BYDAY=6TU;COUNT=2").contains("1 to 5"));
    assert!(e("FREQ=WEEKLY;BYDAY=XX;COUNT=2").contains("is not a weekday"));
    assert!(e("FREQ=WEEKLY;UNTIL=2023-10-01").contains("YYYYMMDD"));
    assert!(e("COUNT=2").contains("FREQ is required"));
}

#[test]
fn limits_two_years_and_first_date() {
    let r = RRule::parse("FREQ=DAILY;UNTIL=20251231").expect("valid");
    assert!(r.expand(d("2023-09-01")).unwrap_err().contains("two years"));
    let r = RRule::parse("FREQ=MONTHLY;COUNT=30").expect("valid");
    assert!(
        r.expand(d("2023-09-01"))
            .unwrap_err()
            .contains("does not fit in two years")
    );
    let r = RRule::parse("FREQ=DAILY;COUNT=200").expect("valid");
    assert_eq!(r.expand(d("2023-09-01")).map(|v| v.len()), Ok(200));
    // The first date must be an occurrence (clients differ otherwise).
    let r = RRule::parse("FREQ=WEEKLY;BYDAY=TU;COUNT=3").expect("valid");
    assert_eq!(
        r.expand(d("2023-10-04")).unwrap_err(),
        "the first date 2023-10-04 (Wednesday) is not an occurrence of the rule; make `date` the first occurrence"
    );
}

#[test]
fn words_and_outlook() {
    let words = |r: &str, first: &str| {
        RRule::parse(r)
            .expect("valid")
            .describe(crate::i18n::Lang::En, d(first))
    };
    assert_eq!(
        words("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10", "2023-10-03"),
        "every second Tuesday"
    );
    assert_eq!(words("FREQ=WEEKLY;COUNT=10", "2023-10-03"), "every Tuesday");
    assert_eq!(
        words("FREQ=MONTHLY;BYDAY=2TU,4TU;COUNT=4", "2023-09-12"),
        "on the second and fourth Tuesday of every month"
    );
    assert_eq!(
        words("FREQ=MONTHLY;BYMONTHDAY=1;COUNT=4", "2023-09-01"),
        "on the 1st of every month"
    );
    let holds = |r: &str| RRule::parse(r).expect("valid").outlook_can_hold();
    assert!(holds("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10"));
    assert!(holds("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"));
    assert!(!holds("FREQ=MONTHLY;BYDAY=2TU,4TU;COUNT=4"));
    assert!(!holds("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4"));
    assert!(!holds("FREQ=DAILY;BYDAY=MO;COUNT=4"));
}

#[test]
fn sparse_rules_end_at_the_limit() {
    // Every second month on the 31st from August: October, December, ...;
    // an UNTIL two years on stops by itself.
    let got = dates(
        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;UNTIL=20250831",
        "2023-08-31",
    );
    assert_eq!(got.first().map(String::as_str), Some("2023-08-31"));
    assert_eq!(got.last().map(String::as_str), Some("2025-08-31"));
    // A daily rule whose filter rarely matches still ends.
    let got = dates(
        "FREQ=DAILY;BYDAY=MO;BYMONTHDAY=13;UNTIL=20250801",
        "2023-11-13",
    );
    assert_eq!(got, ["2023-11-13", "2024-05-13", "2025-01-13"]);
}
