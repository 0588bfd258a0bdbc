# Organizer pages (crates/convene/templates/organize and
# src/http/pages/organize). What organizers typed (titles, descriptions,
# names) is never translated; the use cases' own field errors are shown as
# they give them, after the field's API name.

## Navigation of the public pages.
org-for-organizers = For organizers

## Frame and shared words.
org-all-meetings = All meetings
org-back = Back to the organizer pages
org-preview-button = Preview
org-change-it = Change it
org-field-error = { $field }: { $message }
org-csrf-title = Form refused
org-csrf-refused = This form was refused: it did not carry this session's security code (the field csrf), so nothing was changed.
org-csrf-again = Go back to the organizer pages, reload the form and send it again.
org-not-yours = Not yours to change

## Sign-in.
org-sign-in-title = Organizer sign-in
org-sign-in-lead = Group chairs and secretariat officers change the schedule here: add, move, cancel and reinstate meetings, with a preview of the conflicts, the times in every participant zone and the exact mails before anything is saved.
org-token = API token
org-token-hint = The token the secretariat gave you (it starts with { $prefix }). It is checked once; the server then keeps a session for you.
org-sign-in = Sign in
org-bad-token = This token is not valid: it is unknown or was revoked. Check that you pasted it whole, or ask the secretariat for a new one.
org-too-many = Too many sign-in attempts from here. Wait a minute and try again.

## The list.
org-list-title = Organize meetings
org-sign-out = Sign out
org-who = { $name } (token { $id })
org-signed-in-as = Signed in as
org-may-change = You may change meetings of:
org-add-meeting = Add a meeting
org-add-deadline = Add a deadline
org-upcoming = Upcoming
org-from-soonest = From { $date }, soonest first.
org-no-upcoming = No upcoming meetings.
org-past = Past
org-no-past = No past meetings.
org-cancelled = cancelled
org-edit = Edit
org-edit-label = Edit { $title } ({ $id })
org-reinstate = Reinstate
org-reinstate-label = Reinstate { $title } ({ $id })
org-cancel = Cancel
org-cancel-label = Cancel { $title } ({ $id })
org-add-deadline-label = Add a deadline to { $title } ({ $id })
org-joint-outside = Joint with groups outside your token's scope: the secretariat can change it.
# "Thu 7 Sept 2023, 09:00-12:00 Geneva time (07:00-10:00 UTC)"
org-when = { $days }, { $local } ({ $utc })
org-no-time = { $date } (no time set)

## The meeting form.
org-edit-meeting = Edit meeting { $id }
org-title = Title
org-groups = Groups
org-kind = Kind
org-zone = Time zone
org-zone-hint = A city (Geneva, New York, Beijing) or a zone (Europe/Zurich).
org-date = Date
org-until = Until (several days)
org-start = Start
org-end = End
org-recurrence = Series rule (recurrence)
org-recurrence-hint = Leave empty for one meeting. For a series: { $example } (the date is the first occurrence).
org-remote-url = Remote participation link (remote_url)
org-venue = Venue
org-city = City
org-country = Country
org-url = Page about the meeting (url)
org-description = Description
org-id = Id (optional)
org-id-hint = Letters a-z, digits and hyphens. Left empty: group, date and kind, e.g. { $example }.
org-derive = Derive its deadlines from the policy of its kind

## Cancel and reinstate.
org-cancel-meeting = Cancel meeting { $id }
org-reinstate-meeting = Reinstate meeting { $id }
org-reason = Why (sent to the lists)

## The deadline form.
org-deadline-meeting = Meeting (its id)
org-deadline-meeting-hint = Leave empty for a group's own deadline.
org-deadline-group = Or a group
org-deadline-group-none = (the meeting's)
org-deadline-title = Title (optional)
org-deadline-time = Time (optional)
org-deadline-zone = Time zone (optional)
org-deadline-zone-hint = A city or a zone; the meeting's when empty.
org-deadline-email = Send to (email)
org-deadline-url = Or on the web (url)
org-deadline-note = Note
org-deadline-kind-contribution = Contributions
org-deadline-kind-registration = Registration
org-deadline-kind-visa-support-letter = Visa support letter requests
org-deadline-kind-other = Other

## The preview.
org-preview = Preview: nothing is saved yet
org-times-in = ({ $id }, times in { $zone })
org-when-heading = When
org-zones-label = { $when } in each participant zone
org-zones-caption = In each participant zone of its groups
org-zone-col = Zone
org-local-col = Local time
org-fit-col = Fit
org-fit-in-hours = in working hours
org-fit-out-of-hours = outside working hours
org-fit-night = at night
# "Thu 7 Sept 09:00-10:00 (UTC+02:00)"
org-zone-local = { $when } (UTC{ $offset })
org-conflicts = Conflicts
org-no-conflict = No conflict with confirmed meetings of the same, a parent or a child group.
org-overlaps = { $count ->
    [one] It overlaps { $count } confirmed meeting of the same, a parent or a child group:
   *[other] It overlaps { $count } confirmed meetings of the same, a parent or a child group:
}
org-not-saved-conflicts = { $count ->
    [one] Not saved: it overlaps { $count } confirmed meeting. Pick a free slot, or tick “Save it anyway” and confirm again.
   *[other] Not saved: it overlaps { $count } confirmed meetings. Pick a free slot, or tick “Save it anyway” and confirm again.
}
org-overlap-span = { $from } to { $to }
org-slots = Free slots nearby
org-slots-hint = The fairest free times for its groups' participant zones, three days either side. Pick one to preview it instead.
org-slot-fit = in working hours for weight { $weight } of { $total }; { $night ->
    [0] no zone at night
    [one] { $night } zone at night
   *[other] { $night } zones at night
}
org-use-slot = Use this slot
org-use-slot-label = Use this slot: { $when }
org-deadlines = Deadlines
org-deadline-closes = closes { $local } ({ $utc })
org-mails = Mails that will go out
org-no-mail = No mail.
org-mail-to = To:
org-mail-subject = Subject:
org-mail-due = Goes out at { $when }
org-save-anyway = Save it anyway, despite the conflicts
org-cannot-reinstate = It cannot be reinstated while it overlaps these meetings: move or cancel one of them first.
org-confirm = Confirm and send the mails
org-silent = Save without mail (a silent fix)
