# Mails to the groups' lists (crates/convene/src/mail/compose/, personal.rs).
# Keys here must exist in all six languages (src/i18n/tests.rs). The
# organizers' own text (titles, descriptions, reasons) arrives as variables
# and is never translated.

## How soon: "today", "tomorrow", "in 7 days".
mail-in-days = { $days ->
    [0] today
    [1] tomorrow
   *[other] in { $days } days
}
# The verb after a deadline's name ("Contributions close", "Registration
# closes"). $plural: yes when the name is a plural noun (English only).
mail-closes = { $plural ->
    [yes] close
   *[no] closes
}
# "Contributions close on 20 June 2023"
mail-deadline-on = { $what } { $closes } on { $date }
# A tentative meeting's window: "October 2023 (tentative)"
mail-tentative = { $label } (tentative)

## Subjects (after "[WG5] ").
mail-subject-new-meeting = New meeting: { $title }, { $dates }
mail-subject-reminder-meeting = Reminder: { $title }, { $dates } ({ $when })
mail-subject-changed-meeting = Changed: { $title }, now { $dates }
mail-subject-cancelled-meeting = Cancelled: { $title }, { $dates }
mail-subject-reinstated-meeting = Reinstated: { $title }, { $dates }
mail-subject-reminder-deadline = Reminder: { $deadline }
mail-subject-new-deadline = New deadline: { $deadline }
mail-subject-changed-deadline = Changed: { $deadline }
mail-subject-cancelled-deadline = Cancelled: { $deadline }
mail-subject-reinstated-deadline = Reinstated: { $deadline }
# A batch's notice: "3 changes: New: T; Changed: U"
mail-subject-batch = { $count ->
    [one] 1 change: { $listed }
   *[other] { $count } changes: { $listed }
}
mail-and-more = and { $count } more

## First lines.
mail-intro-planned = A meeting is planned; its date is not fixed yet.
mail-intro-scheduled = A meeting has been scheduled.
mail-intro-reminder = Reminder: this meeting starts { $when }.
mail-intro-occurrence = Reminder: this meeting meets { $when }, { $session }.
mail-intro-occurrence-unknown = Reminder: this meeting meets { $when }.
mail-intro-changed = This meeting has changed. The details below are the new ones.
mail-intro-cancelled = This meeting has been cancelled.
mail-intro-reinstated = This meeting is on again: its cancellation has been withdrawn. The details below are current.
mail-intro-deadline-reminder = Reminder: { $what } { $closes } { $when }, on { $date }.
mail-intro-deadline-set = A deadline has been set.
mail-intro-batch = { $count ->
    [one] The schedule has changed. The details below are the new ones.
   *[other] The schedule has changed in { $count } places at once. The details below are the new ones.
}
mail-intro-batch-lists = This notice goes to { $lists } and covers every change of the batch that concerns it.

## A batch's headings.
mail-head-new = New: { $title }
mail-head-planned = Planned meeting (date not fixed yet): { $title }
mail-head-new-meeting = New meeting: { $title }
mail-head-new-deadline = New deadline: { $title }
mail-head-changed = Changed: { $title }
mail-head-cancelled = Cancelled: { $title }
mail-head-reinstated = Reinstated: { $title }
mail-head-removed-meeting = Removed: meeting { $id }
mail-head-removed-deadline = Removed: deadline { $id }

## The table of details: labels.
mail-field-groups = Groups
mail-field-kind = Kind
mail-field-status = Status
mail-field-when = When
mail-field-times = At a glance
mail-field-in-utc = In UTC
mail-field-where = Where
mail-field-remote = Remote participation
mail-field-joining = Joining
mail-field-deadlines = Deadlines
mail-field-mailing-list = Mailing list
mail-field-closes = Closes
mail-field-send-to = Send to
mail-field-register-at = Register at
mail-field-meeting = Meeting

## The table of details: values.
mail-status-tentative = Tentative
mail-status-cancelled = Cancelled
mail-status-cancelled-because = Cancelled: { $reason }
# A day and its times: "Thursday 7 September 2023, 09:00-11:00 Geneva time"
mail-day-times = { $day }, { $times }
mail-not-on = not on { $day }
mail-moved = { $from } moved to { $to }, { $times }
mail-whole-days = { $dates }, whole days, { $zone }
mail-from-to = from { $start } to { $end }
mail-time-tba = { $dates }, time to be announced ({ $zone })
mail-not-fixed = not fixed yet: { $label } ({ $dates })
mail-not-fixed-planned = not fixed yet: { $label } ({ $dates }), planned { $times }
mail-planned-utc = planned { $times } UTC
mail-planned-utc-two = planned { $first } or { $last } UTC (the clocks change in the window)
mail-end-of-day = { $day }, end of the day, { $zone }
mail-deadline-line = { $what }: { $local } ({ $utc })
mail-deadline-send-to = { $line }; send to { $to }
mail-deadline-register-at = { $line }; register at { $to }
mail-deadline-of-meeting = { $what } for { $title }

## Links and footer.
mail-link-details = Details
mail-link-meeting-details = Meeting details
mail-link-add = Add to your calendar
mail-link-open = open the attached { $file }
mail-link-subscribe = Subscribe to the { $group } calendar
mail-calendar-deadline = Deadline: { $what }
mail-calendar-changes = Changes for { $groups }
mail-footer = Sent automatically by convene for the secretariat ({ $address }). Times are given in the item's own zone, in { $home } and in UTC.

## The mail of a personal members' calendar.
mail-personal-subject = Your members' calendar: { $groups }
mail-personal-asked = Someone (we hope you) asked for the members' calendar of { $groups } on { $site }, for this address.
mail-personal-feed = Your personal calendar, with members' joining details:
mail-personal-add = Add it to your calendar program by its address ("subscribe from web" / "from URL"). Keep it to yourself: anyone with it sees the joining details.
mail-personal-manage = See its groups or revoke it:
mail-personal-ignore = If you did not ask for it, revoke it there, or ignore this mail.
mail-personal-footer = Sent by convene ({ $site }) because this address asked for it.
