use super::wording::{closes, one_line};
use super::*;
use crate::store::message_key;
use chrono::NaiveDate;
use convene_core::MailKind;
use convene_core::{ItemId, Subject, parse_schedule};

const SEED: &str = include_str!("../../../../../data/fg-mv-2023.toml");

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

#[test]
fn ranges_read_as_people_write_them() {
    let en = Lang::En;
    assert_eq!(
        range_text(en, date("2023-09-07"), date("2023-09-07")),
        "7 September 2023"
    );
    assert_eq!(
        range_text(en, date("2023-09-07"), date("2023-09-08")),
        "7-8 September 2023"
    );
    assert_eq!(
        range_text(en, date("2023-10-30"), date("2023-11-02")),
        "30 October-2 November 2023"
    );
    assert_eq!(
        range_text(en, date("2023-12-30"), date("2024-01-02")),
        "30 December 2023-2 January 2024"
    );
    assert_eq!(
        range_text(Lang::Fr, date("2023-09-07"), date("2023-09-08")),
        "7-8 septembre 2023"
    );
    assert_eq!(closes(en, "Visa support letter requests"), "close");
    assert_eq!(closes(en, "Pre-registration"), "closes");
    assert_eq!(closes(en, "Progress"), "closes");
    assert_eq!(closes(Lang::Fr, "Progress"), "clôture");
    assert_eq!(one_line("a\r\nBcc: x"), "a  Bcc: x");
}

#[test]
fn a_meeting_mail_has_its_parts_and_headers() {
    let catalog = parse_schedule(SEED).expect("seed");
    let id = ItemId::parse("wg5-2023-09-07").expect("id");
    let meeting = catalog.meeting(&id).expect("in the seed").clone();
    let stored = StoredMeeting {
        meeting,
        version: 2,
        updated_at: at("2023-08-01T10:00:00Z"),
        dropped: vec![],
    };
    let item = Loaded::Meeting {
        meeting: stored,
        deadlines: vec![],
    };
    let config = Config::with_toml(
        "[server]\npublic_url = \"https://convene.example.org\"\n\
         [mail]\nreply_to = \"secretariat@example.org\"",
    )
    .expect("config");
    let kind = MailKind::Reminder { days_before: 1 };
    let subject = Subject::Meeting(id);
    let mail = OutboxMail {
        message_id: message_key(&subject, kind, 2),
        subject,
        subject_version: 2,
        kind,
        recipients: vec!["fgmv-wg5@lists.itu.int".into()],
        due_at: at("2023-09-06T07:00:00Z"),
        expires_at: at("2023-09-07T07:00:00Z"),
        status: "pending".into(),
    };
    let tree = catalog.tree();
    let c = content(&mail, &item, tree, &config).expect("content");
    assert_eq!(
        c.subject,
        "[WG5] Reminder: WG5 e-meeting, 7-8 September 2023 (tomorrow)"
    );
    assert!(
        c.text
            .starts_with("Reminder: this meeting starts tomorrow.\n")
    );
    assert!(
        c.text
            .contains("Thursday, 7 September 2023, 09:00-12:00 Geneva time (Europe/Zurich)"),
        "{}",
        c.text
    );
    assert!(
        c.text
            .contains("Thursday, 7 September 2023, 07:00-10:00 UTC")
    );
    assert!(c.text.contains("Friday, 8 September 2023, 07:00-10:00 UTC"));
    // At a glance: a Geneva meeting in Geneva time and UTC, each day.
    assert!(
        c.text
            .contains("Thu 7 Sept: 09:00-12:00 Geneva time / 07:00-10:00 UTC"),
        "{}",
        c.text
    );
    assert_eq!(c.lang, Lang::En);
    assert!(
        c.text
            .contains("https://convene.example.org/calendars/wg5.ics")
    );
    assert!(
        c.calendar
            .contains("\r\nUID:wg5-2023-09-07@convene.example.org\r\n")
    );
    assert!(
        c.calendar
            .contains("\r\nUID:wg5-2023-09-07-day2@convene.example.org\r\n")
    );
    assert!(c.calendar.contains("\r\nSEQUENCE:1\r\n"));
    assert_eq!(c.file_name, "wg5-2023-09-07.ics");
    let m = message(&mail, &c, &config, at("2023-09-06T07:00:05Z")).expect("message");
    let raw = String::from_utf8(m.formatted()).expect("ASCII");
    assert!(raw.contains(
        "\r\nMessage-ID: <meeting.wg5-2023-09-07.v2.reminder-1d@convene.example.org>\r\n"
    ));
    assert!(raw.contains("\r\nAuto-Submitted: auto-generated\r\n"));
    assert!(raw.contains("\r\nContent-Language: en\r\n"));
    assert!(raw.contains("\r\nReply-To: secretariat@example.org\r\n"));
    assert!(raw.contains("Date: Wed, 06 Sep 2023 07:00:05 +0000\r\n"));
    assert!(!raw.contains("Precedence:") && !raw.contains("List-Id:"));
    assert_eq!(raw.matches("method=PUBLISH").count(), 2);
    assert!(raw.contains("filename=\"wg5-2023-09-07.ics\""));
}

#[test]
fn organizers_text_is_escaped_in_html() {
    let catalog = parse_schedule(SEED).expect("seed");
    let id = ItemId::parse("wg5-2023-09-07").expect("id");
    let mut input = catalog.meeting(&id).expect("in the seed").to_input();
    input.title = Some("<script>alert(1)</script> R&D".into());
    input.description = Some("Line 1\n<img src=x onerror=alert(1)>".into());
    let meeting = input
        .validate(&convene_core::Defaults::default())
        .expect("valid");
    let item = Loaded::Meeting {
        meeting: StoredMeeting {
            meeting,
            version: 1,
            updated_at: at("2023-08-01T10:00:00Z"),
            dropped: vec![],
        },
        deadlines: vec![],
    };
    let config = Config::with_toml("").expect("config");
    let kind = MailKind::Announcement;
    let subject = Subject::Meeting(id);
    let mail = OutboxMail {
        message_id: message_key(&subject, kind, 1),
        subject,
        subject_version: 1,
        kind,
        recipients: vec!["fgmv-wg5@lists.itu.int".into()],
        due_at: at("2023-08-01T10:00:00Z"),
        expires_at: at("2023-09-07T07:00:00Z"),
        status: "pending".into(),
    };
    let c = content(&mail, &item, catalog.tree(), &config).expect("content");
    assert!(
        !c.html.contains("<script>") && !c.html.contains("<img"),
        "{}",
        c.html
    );
    // Askama writes the entities as numbers: `&#60;` for `<`, `&#38;` for `&`.
    assert!(
        c.html
            .contains("<h2>&#60;script&#62;alert(1)&#60;/script&#62; R&#38;D</h2>"),
        "{}",
        c.html
    );
    assert!(
        c.html
            .contains("<p>Line 1<br>&#60;img src=x onerror=alert(1)&#62;</p>"),
        "{}",
        c.html
    );
    assert!(c.text.contains("<script>alert(1)</script> R&D"));
    assert_eq!(
        c.subject,
        "[WG5] New meeting: <script>alert(1)</script> R&D, 7-8 September 2023"
    );
}

/// An outbox row for `subject`, version 1, due before the seed's meetings.
fn pending(subject: Subject, kind: MailKind) -> OutboxMail {
    OutboxMail {
        message_id: message_key(&subject, kind, 1),
        subject,
        subject_version: 1,
        kind,
        recipients: vec!["fgmv@lists.itu.int".into()],
        due_at: at("2023-06-01T00:00:00Z"),
        expires_at: at("2023-07-04T00:00:00Z"),
        status: "pending".into(),
    }
}

#[test]
fn a_title_with_markup_is_escaped_in_html_and_verbatim_in_text() {
    const TITLE: &str = r#"<script>alert(1)</script> & "x""#;
    const ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;";
    let catalog = parse_schedule(SEED).expect("seed");
    let id = ItemId::parse("fgmv-2").expect("id");
    let mut input = catalog.meeting(&id).expect("in the seed").to_input();
    input.title = Some(TITLE.into());
    let meeting = StoredMeeting {
        meeting: input
            .validate(&convene_core::Defaults::default())
            .expect("valid"),
        version: 1,
        updated_at: at("2023-05-01T10:00:00Z"),
        dropped: vec![],
    };
    let visa = ItemId::parse("fgmv-2-visa").expect("id");
    let deadline = StoredDeadline {
        deadline: catalog
            .deadlines_of(&id)
            .into_iter()
            .find(|d| d.id() == &visa)
            .expect("in the seed")
            .clone(),
        version: 1,
        updated_at: at("2023-05-01T10:00:00Z"),
    };
    let config = Config::with_toml("").expect("config");
    let tree = catalog.tree();

    // The meeting's own mail: the title is the heading.
    let item = Loaded::Meeting {
        meeting: meeting.clone(),
        deadlines: vec![deadline.clone()],
    };
    let mail = pending(Subject::Meeting(id), MailKind::Announcement);
    let announcement = content(&mail, &item, tree, &config).expect("content");
    let c = &announcement;
    assert!(
        c.html.contains(&format!("<h2>{ESCAPED}</h2>")),
        "{}",
        c.html
    );
    assert!(c.text.contains(&format!("\n\n{TITLE}\n\n")), "{}", c.text);

    // A deadline's mail: the title is in the heading and in the table.
    let item = Loaded::Deadline {
        deadline,
        meeting: Some(meeting),
    };
    let mail = pending(
        Subject::Deadline(visa),
        MailKind::Reminder { days_before: 7 },
    );
    let reminder = content(&mail, &item, tree, &config).expect("content");
    let c = &reminder;
    assert!(
        c.html.contains(&format!(
            "<h2>Visa support letter requests for {ESCAPED}</h2>"
        )),
        "{}",
        c.html
    );
    assert!(
        c.html
            .contains(&format!("<td>{ESCAPED}, 4-6 July 2023</td>")),
        "{}",
        c.html
    );
    assert!(
        c.text
            .contains(&format!("Visa support letter requests for {TITLE}\n")),
        "{}",
        c.text
    );
    assert!(
        c.text.contains(&format!("{TITLE}, 4-6 July 2023\n")),
        "{}",
        c.text
    );

    // Whatever the entities' spelling, no markup and no raw quote got in.
    for html in [&announcement.html, &reminder.html] {
        assert!(
            !html.contains("<script") && !html.contains(r#""x""#),
            "{html}"
        );
    }
}

/// Every kind of mail about a meeting and a deadline composes in each of
/// the six languages: no message key left over, no English label outside
/// English, the title as written, `Content-Language` the list's.
#[test]
fn every_mail_composes_in_each_language() {
    let config = Config::with_toml("[server]\npublic_url = \"https://convene.example.org\"")
        .expect("config");
    for lang in Lang::ALL {
        let seed = SEED.replacen(
            "mailing_list = \"fgmv@lists.itu.int\"\n",
            &format!("mailing_list = \"fgmv@lists.itu.int\"\nlanguage = \"{lang}\"\n"),
            1,
        );
        assert_ne!(seed, SEED);
        let catalog = parse_schedule(&seed).expect("seed");
        let tree = catalog.tree();
        let id = ItemId::parse("fgmv-2").expect("id");
        let meeting = StoredMeeting {
            meeting: catalog.meeting(&id).expect("in the seed").clone(),
            version: 1,
            updated_at: at("2023-06-01T10:00:00Z"),
            dropped: vec![],
        };
        let deadlines: Vec<StoredDeadline> = catalog
            .deadlines_of(&id)
            .into_iter()
            .map(|d| StoredDeadline {
                deadline: d.clone(),
                version: 1,
                updated_at: at("2023-06-01T10:00:00Z"),
            })
            .collect();
        assert!(!deadlines.is_empty());
        let items = [
            Loaded::Meeting {
                meeting: meeting.clone(),
                deadlines: deadlines.clone(),
            },
            Loaded::Deadline {
                deadline: deadlines[0].clone(),
                meeting: Some(meeting.clone()),
            },
        ];
        let kinds = [
            MailKind::Announcement,
            MailKind::Reminder { days_before: 7 },
            MailKind::Update,
            MailKind::Cancellation,
            MailKind::Reinstatement,
        ];
        for item in &items {
            for kind in kinds {
                let subject = match item {
                    Loaded::Meeting { .. } => Subject::Meeting(id.clone()),
                    _ => Subject::Deadline(deadlines[0].deadline.id().clone()),
                };
                let mail = OutboxMail {
                    message_id: message_key(&subject, kind, 1),
                    subject,
                    subject_version: 1,
                    kind,
                    recipients: vec!["fgmv@lists.itu.int".into()],
                    due_at: at("2023-06-01T07:00:00Z"),
                    expires_at: at("2023-07-01T07:00:00Z"),
                    status: "pending".into(),
                };
                let c = content(&mail, item, tree, &config).expect("content");
                assert_eq!(c.lang, lang);
                for part in [&c.subject, &c.text, &c.html] {
                    assert!(!part.contains("mail-"), "{lang} {kind:?}: a key:\n{part}");
                    if lang != Lang::En {
                        for english in ["Reminder", "Groups:", "Subscribe", "Sent automatically"] {
                            assert!(
                                !part.contains(english),
                                "{lang} {kind:?}: {english}:\n{part}"
                            );
                        }
                    }
                }
                assert!(c.text.contains("2nd FG-MV meeting"), "{lang}: the title");
                assert!(
                    c.html
                        .contains(&format!("<html lang=\"{lang}\" dir=\"{}\">", lang.dir())),
                    "{lang}"
                );
                let m = message(&mail, &c, &config, at("2023-06-01T07:00:05Z")).expect("message");
                let raw = String::from_utf8_lossy(&m.formatted()).into_owned();
                assert!(
                    raw.contains(&format!("\r\nContent-Language: {lang}\r\n")),
                    "{lang}"
                );
            }
        }
    }
}
