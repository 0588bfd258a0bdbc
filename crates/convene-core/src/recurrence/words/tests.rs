//! The rule in words in each of the six languages.

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::meeting::{Defaults, MeetingInput};
use crate::recurrence::RRule;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// The rule's words in the six languages, in `Lang::ALL` order.
fn words(rule: &str, first: &str) -> Vec<String> {
    let r = RRule::parse(rule).expect("valid rule");
    Lang::ALL.iter().map(|l| r.describe(*l, d(first))).collect()
}

/// A series' words (rule, span, count) in the six languages.
fn series(rule: &str, first: &str) -> Vec<String> {
    let m = MeetingInput {
        id: Some("s".into()),
        title: Some("S".into()),
        groups: vec!["wg5".into()],
        kind: Some("e-meeting".into()),
        date: Some(first.into()),
        start: Some("14:00".into()),
        end: Some("15:00".into()),
        recurrence: Some(rule.into()),
        ..MeetingInput::default()
    }
    .validate(&Defaults::default())
    .expect("valid series");
    let s = m.series().expect("a series");
    Lang::ALL.iter().map(|l| s.describe(*l)).collect()
}

/// Without Arabic's bidi isolation marks, to compare readably.
fn plain(v: Vec<String>) -> Vec<String> {
    v.into_iter()
        .map(|s| s.replace(['\u{2068}', '\u{2069}'], ""))
        .collect()
}

#[test]
fn weekly_in_six_languages() {
    assert_eq!(
        plain(words("FREQ=WEEKLY;BYDAY=TU;COUNT=10", "2023-10-03")),
        [
            "كل يوم الثلاثاء",
            "每星期二",
            "every Tuesday",
            "tous les mardis",
            "каждый вторник",
            "todos los martes",
        ]
    );
    // Russian and Spanish agree with the day: a feminine weekday, a plural.
    assert_eq!(
        plain(words(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=10",
            "2023-10-06"
        )),
        [
            "يوم الجمعة كل أسبوعين",
            "每两周的星期五",
            "every second Friday",
            "un vendredi sur deux",
            "каждую вторую пятницу",
            "un viernes de cada dos",
        ]
    );
    assert_eq!(
        plain(words("FREQ=WEEKLY;BYDAY=SA;COUNT=10", "2023-10-07"))[4..],
        ["каждую субботу", "todos los sábados"]
    );
    assert_eq!(
        plain(words(
            "FREQ=WEEKLY;INTERVAL=5;BYDAY=MO,WE,FR;COUNT=10",
            "2023-10-02"
        )),
        [
            "كل 5 أسابيع، أيام الاثنين والأربعاء والجمعة",
            "每5周的星期一、星期三和星期五",
            "every 5 weeks on Monday, Wednesday and Friday",
            "toutes les 5 semaines, le lundi, le mercredi et le vendredi",
            "раз в 5 недель в понедельник, в среду и в пятницу",
            "cada 5 semanas, el lunes, el miércoles y el viernes",
        ]
    );
}

#[test]
fn second_and_fourth_tuesday_in_six_languages() {
    assert_eq!(
        plain(words("FREQ=MONTHLY;BYDAY=2TU,4TU;COUNT=4", "2023-09-12")),
        [
            "يوم الثلاثاء الثاني والرابع من كل شهر",
            "每月第二个和第四个星期二",
            "on the second and fourth Tuesday of every month",
            "les deuxième et quatrième mardis de chaque mois",
            "во второй и четвёртый вторник каждого месяца",
            "el segundo y cuarto martes de cada mes",
        ]
    );
    // Two weekdays: each with its own ordinal (Russian: the feminine
    // accusative of среда).
    assert_eq!(
        plain(words("FREQ=MONTHLY;BYDAY=1MO,3WE;COUNT=4", "2023-09-04")),
        [
            "يوم الاثنين الأول ويوم الأربعاء الثالث من كل شهر",
            "每月第一个星期一和第三个星期三",
            "on the first Monday and third Wednesday of every month",
            "le premier lundi et le troisième mercredi de chaque mois",
            "в первый понедельник и в третью среду каждого месяца",
            "el primer lunes y el tercer miércoles de cada mes",
        ]
    );
}

#[test]
fn last_friday_of_the_month_in_six_languages() {
    assert_eq!(
        plain(words("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "2023-09-29")),
        [
            "يوم الجمعة الأخير من كل شهر",
            "每月最后一个星期五",
            "on the last Friday of every month",
            "le dernier vendredi de chaque mois",
            "в последнюю пятницу каждого месяца",
            "el último viernes de cada mes",
        ]
    );
    assert_eq!(
        plain(words(
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1SA;COUNT=4",
            "2023-09-30"
        )),
        [
            "يوم السبت الأخير من كل شهرين",
            "每两个月的最后一个星期六",
            "on the last Saturday of every second month",
            "le dernier samedi d’un mois sur deux",
            "в последнюю субботу каждого второго месяца",
            "el último sábado de cada dos meses",
        ]
    );
    assert_eq!(
        plain(words("FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=4", "2023-09-01")),
        [
            "اليوم 1 واليوم 15 من كل شهر",
            "每月1日和15日",
            "on the 1st and 15th of every month",
            "le 1er et le 15 de chaque mois",
            "1-го числа и 15-го числа каждого месяца",
            "el día 1 y el día 15 de cada mes",
        ]
    );
    assert_eq!(
        plain(words("FREQ=MONTHLY;BYMONTHDAY=-2;COUNT=4", "2023-09-29"))[2],
        "on the second day from the end of every month"
    );
}

#[test]
fn count_form_with_each_languages_plurals() {
    let got = |n: u32| {
        plain(series(
            &format!("FREQ=WEEKLY;BYDAY=TU;COUNT={n}"),
            "2023-10-03",
        ))
    };
    assert_eq!(
        got(10),
        [
            "كل يوم الثلاثاء، ابتداءً من 3 أكتوبر 2023، 10 جلسات",
            "每星期二，自2023年10月3日起，共10次",
            "every Tuesday, from 3 October 2023, 10 times",
            "tous les mardis, à partir du 3 octobre 2023, 10 séances",
            "каждый вторник, начиная с 3 октября 2023\u{202f}г., 10 заседаний",
            "todos los martes, a partir del 3 de octubre de 2023, 10 sesiones",
        ]
    );
    // Russian one/few/many, Arabic one/two/few/many.
    let ru: Vec<String> = [1, 2, 3, 5, 21].map(|n| got(n)[4].clone()).to_vec();
    assert!(ru[0].ends_with(", 1 заседание"), "{ru:?}");
    assert!(ru[1].ends_with(", 2 заседания"), "{ru:?}");
    assert!(ru[2].ends_with(", 3 заседания"), "{ru:?}");
    assert!(ru[3].ends_with(", 5 заседаний"), "{ru:?}");
    assert!(ru[4].ends_with(", 21 заседание"), "{ru:?}");
    let ar: Vec<String> = [1, 2, 3, 11].map(|n| got(n)[0].clone()).to_vec();
    assert!(ar[0].ends_with("، جلسة واحدة"), "{ar:?}");
    assert!(ar[1].ends_with("، جلستان"), "{ar:?}");
    assert!(ar[2].ends_with("، 3 جلسات"), "{ar:?}");
    assert!(ar[3].ends_with("، 11 جلسة"), "{ar:?}");
    assert!(got(1)[3].ends_with(", une séance"));
    assert!(got(1)[2].ends_with(", once"));
}

#[test]
fn until_form_in_six_languages() {
    assert_eq!(
        plain(series(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219",
            "2023-09-05"
        )),
        [
            "يوم الثلاثاء كل أسبوعين، من 5 سبتمبر 2023 إلى 12 ديسمبر 2023 (8 جلسات)",
            "每两周的星期二，2023年9月5日至2023年12月12日，共8次",
            "every second Tuesday, from 5 September 2023, until 12 December 2023 (8 times)",
            "un mardi sur deux, du 5 septembre 2023 au 12 décembre 2023 (8 séances)",
            "каждый второй вторник, с 5 сентября 2023\u{202f}г. по 12 декабря 2023\u{202f}г. (8 заседаний)",
            "un martes de cada dos, del 5 de septiembre de 2023 al 12 de diciembre de 2023 (8 sesiones)",
        ]
    );
}

#[test]
fn arabic_isolates_what_it_puts_in() {
    let ar = &words("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "2023-09-29")[0];
    assert!(ar.contains("\u{2068}الجمعة\u{2069}"), "{ar:?}");
}
