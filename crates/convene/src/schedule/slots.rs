//! Finding a time: the fairest free slots for one or more groups across
//! their participants' zones. A read: it changes nothing.

use chrono::Duration;
use convene_core::{FieldError, SlotError, SlotRequest, Status, find_slots};

use super::{Schedule, ScheduleError};
use crate::store::MeetingFilter;

/// Minutes in a duration written `PT2H`, `PT1H30M`, `2h`, `90m`, `1h30m` or
/// `120`.
pub fn duration_minutes(value: &str) -> Option<i64> {
    let v = value.trim().to_ascii_lowercase();
    if let Ok(m) = v.parse::<i64>() {
        return Some(m);
    }
    let v = v.strip_prefix("pt").unwrap_or(&v);
    let mut total = 0i64;
    let mut num = String::new();
    let mut any = false;
    for c in v.chars() {
        match c {
            '0'..='9' => num.push(c),
            'h' | 'm' => {
                let n: i64 = num.parse().ok()?;
                total += if c == 'h' { n * 60 } else { n };
                num.clear();
                any = true;
            }
            _ => return None,
        }
    }
    (any && num.is_empty()).then_some(total)
}

/// Turns query parameters (or CLI flags) into the core's request.
pub fn slot_request(
    groups: Option<&str>,
    duration: Option<&str>,
    step: Option<&str>,
) -> Result<SlotRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let minutes = |field: &str, v: Option<&str>, errors: &mut Vec<FieldError>| {
        v.map(|d| match duration_minutes(d) {
            Some(m) => m.to_string(),
            None => {
                errors.push(FieldError::new(
                    field,
                    format!("{d:?} is not a duration; write e.g. PT2H, 90m or 120"),
                ));
                d.to_owned()
            }
        })
    };
    let request = SlotRequest {
        groups: groups
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect(),
        duration: minutes("duration", duration, &mut errors),
        step: minutes("step", step, &mut errors),
        ..SlotRequest::default()
    };
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

impl Schedule {
    /// The fairest free slots for a request (the core's `find_slots`, over
    /// the confirmed meetings around the searched days).
    pub async fn find_slots(
        &self,
        request: SlotRequest,
    ) -> Result<convene_core::SlotReport, ScheduleError> {
        self.find_slots_moving(request, None).await
    }

    /// [`Schedule::find_slots`] for moving the meeting `moving`: its own
    /// stored time does not count as taken.
    pub async fn find_slots_moving(
        &self,
        mut request: SlotRequest,
        moving: Option<&convene_core::ItemId>,
    ) -> Result<convene_core::SlotReport, ScheduleError> {
        let db = &self.db;
        let tree = db.groups().await?;
        if request.zone.is_none() {
            request.zone = Some("Europe/Zurich".into());
        }
        let query = request
            .validate(&tree)
            .map_err(|e| ScheduleError::Invalid {
                detail: "the slot search has invalid parameters".into(),
                errors: e.0,
            })?;
        let days = query.days().interval_in(query.zone());
        let meetings = db
            .meetings(&MeetingFilter {
                range: Some(convene_core::Interval {
                    start: days.start - Duration::days(1),
                    end: days.end + Duration::days(1),
                }),
                status: Some(Status::Confirmed),
                ..Default::default()
            })
            .await?;
        let others = meetings
            .iter()
            .map(|m| &m.meeting)
            .filter(|m| moving != Some(m.id()));
        find_slots(&tree, others, &query)
            .map_err(|e: SlotError| ScheduleError::field("groups", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::duration_minutes;

    #[test]
    fn durations_in_the_forms_organizers_write() {
        for (text, minutes) in [
            ("PT2H", 120),
            ("pt1h30m", 90),
            ("2h", 120),
            ("90m", 90),
            ("120", 120),
            ("1h15m", 75),
        ] {
            assert_eq!(duration_minutes(text), Some(minutes), "{text}");
        }
        for bad in ["", "two hours", "PT", "2x", "h"] {
            assert_eq!(duration_minutes(bad), None, "{bad}");
        }
    }
}
