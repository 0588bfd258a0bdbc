# Public pages (crates/convene/templates and src/http/pages). The organizer's
# own text (titles, descriptions, names) is never translated.

## Frame of every page.
lang-menu = Language
base-skip = Skip to content
base-nav = Main
nav-groups = Groups
nav-schedule = Schedule
crumbs = Breadcrumb
base-feed-title = { $group } calendar
base-times = Every time is given in the item's own zone, in { $home } when that is another, and in UTC.
base-your-zone = Your own times are in your browser's zone:
base-browser-zone = your browser's zone
base-feed-of = Calendar feed of { $group }:
base-json = Data as JSON:
# The local-time script: a time's tooltip ("Your time (Europe/Paris)").
js-your-time = Your time
your-time-prefix = your time:

## Periods.
period-show-from = Show from
period-to = to
period-show = Show
period-back-to-today = Back to today
period-from = From { $date }
period-until = Until { $date }
period-upcoming = Upcoming
meetings-in = Meetings: { $period }
deadlines-in = Deadlines: { $period }
no-meetings-in-period = No meetings in this period.
nothing-after = Nothing is scheduled after { $date }.
no-deadline-after = No deadline is open after { $date }.
no-deadline-in-period = No deadline in this period.
no-deadline-open = No deadline is open.
deadlines-recent = The most recent ones:
recent-meetings = Most recent meetings
look-back = See the programme as it was then

## Times.
pages-whole-days = whole days, { $zone }
pages-time-tba = time to be announced
pages-planned = planned { $time }
pages-not-fixed = day and time not fixed yet
pages-end-of-day = end of day, { $zone }
# "20 June 2023, 16:00 UTC"
pages-date-time = { $date }, { $time }
# "12:00-14:00 UTC (13:00-15:00 UTC from 29 October 2023)"
pages-planned-change = { $first } ({ $then } from { $date })

## The secretariat's one-line form: "7-8 September 2023, 09:00-12:00 hours,
## Geneva time, e-meeting, WG5".
line-separator = {", "}
line-hours = { $slot } hours
line-tentative = { $label } (tentative)
line-planned = planned { $slot } hours
line-kind-physical = meeting
line-kind-e-meeting = e-meeting
line-kind-forum = forum
line-kind-webinar = webinar
line-kind-special-session = special session

## Series.
series-not-on = Not on { $date }
series-not-on-because = Not on { $date }: { $reason }
series-moved = { $date } moved to { $to }, { $slot }

## Meetings and deadlines in lists.
status-cancelled = Cancelled
status-cancelled-because = Cancelled: { $reason }
status-tentative = Tentative
meeting-joint-of = Joint meeting of
deadline-for = for
deadline-closes = Closes
deadline-send-to = Send to
deadline-send-to-lower = send to
deadline-at = At

## Groups.
group-kind-focus-group = Focus Group
group-kind-working-group = Working Group
group-kind-task-group = Task Group
group-group = Group
group-of = of
group-mailing-list = Mailing list
group-inherited-from = (inherited from { $group })
group-no-list = No mailing list
group-none = none
group-secretariat = Secretariat
group-subgroups = Subgroups
group-former-lists = Former lists
group-no-longer-used = (no longer used)
group-add-calendar = Add { $group }'s meetings to your calendar
group-meetings-shown = Meetings shown
group-with-n-subgroups = { $count ->
    [one] With its { $count } subgroup
   *[other] With its { $count } subgroups
}
group-upcoming-meetings = Upcoming meetings
group-recent-under-past = The most recent meetings are under "Past meetings".
group-look-back = See { $group }'s programme as it was then
group-upcoming-deadlines = Upcoming deadlines
group-past-meetings = Past meetings
group-most-recent-first = Most recent first.
group-newer = Newer past meetings
group-older = Older meetings
group-past-deadlines = Past deadlines
group-changes = Changes
group-history-link = History of every change
group-history-hint = (who changed what, and whether the lists were told)
group-atom-link = Changes as an Atom feed
group-changes-to = Changes to { $group }

## Subscribing.
subscribe = Subscribe
subscribe-to = to { $name }
subscribe-google = Add to Google Calendar
subscribe-outlook-live = Add to Outlook.com
subscribe-outlook-office = Add to Outlook (Microsoft 365)
subscribe-url = Calendar URL
subscribe-url-of = of { $name }
subscribe-copy = Copy
subscribe-copy-url-of = the URL of { $name }
subscribe-copied = Copied
subscribe-hint = Subscribe opens your calendar app (a webcal:// link). Apple Calendar on iPhone, iPad or Mac: Subscribe adds it, or File → New Calendar Subscription with the URL. Any other app: subscribe "from URL".
subscribe-only = { $group } only
subscribe-with-subgroups = { $group } with its subgroups
subscribe-name = { $group } - { $name }
subscribe-name-with-subgroups = { $group } - { $name } (with subgroups)
subscribe-everything = { $group } and all its groups

## Home.
home-title = Meetings and calendars
home-title-of = { $group }: meetings and calendars
home-lead = { $bodies }: find a group, see its meetings in your own time, and add its calendar to yours in one click.
home-jump = Jump to
home-jump-meetings = the next meetings
home-jump-deadlines = the next deadlines
home-everything = Everything in one calendar: { $label }
home-subscribe-to = Subscribe to { $group }'s calendar
home-several = Several groups in one calendar?
home-choose = Choose them on the schedule.
home-next-meetings = Next meetings
home-recent-below = The most recent meetings are below.
home-whole-schedule = The whole schedule
home-next-deadlines = Next deadlines

## Meeting.
meeting-planned-for = the organizer plans it for "{ $label }"; the day is not fixed yet.
meeting-not-confirmed = not confirmed yet.
meeting-add = Add to my calendar
meeting-add-hint = (this meeting only, as an .ics file)
meeting-of = {" of"}
meeting-what = What
meeting-when = When
meeting-where = Where
meeting-remote = Remote participation
meeting-no-link = no link given
meeting-joining = Joining
meeting-more = More information
meeting-history = History of this meeting
meeting-history-hint = : every change, who made it, and whether the lists were told.
meeting-sessions = Sessions
meeting-sessions-caption = Each session in { $zone }, in UTC and in your time
meeting-day = Day
meeting-your-time = Your time
meeting-about = About
meeting-deadlines = Deadlines
meeting-no-deadline = No deadline is announced for this meeting.
meeting-follow = Follow
meeting-follow-hint = Subscribe to the group's calendar to get this meeting and every other, kept up to date.

## Schedule.
schedule-title = Schedule
schedule-lead = The programme of { $selection }, one line a meeting as the secretariat publishes it, in the meeting's own zone; the home zone, UTC and your time are below each line.
schedule-all-groups = all groups
schedule-with-subgroups = { $groups } with subgroups
schedule-with-their-subgroups = With their subgroups
schedule-period = Period
schedule-from = From
schedule-reset = Reset
schedule-calendar-of = Calendar of { $selection }
schedule-nothing-in-period = Nothing is scheduled in this period.
schedule-recent = The most recent meetings:
schedule-deadline = Deadline:

## History and its Atom feed.
history = History
history-of = History of { $item }
history-of-with-subgroups = History of { $group } and its subgroups
history-lead = Every change, newest first: the fields it changed with their values before and after, when, by whom, and whether the mailing lists were told or it was a silent fix.
history-atom = Follow these changes in a feed reader (Atom)
history-empty = No change has been recorded.
history-by = By
history-notified = notified
history-silent = silent
history-lists-told = (the lists were told)
history-no-mail = (no mail)
history-fields = Fields of this change, before and after
history-field = Field
history-from = From
history-to = To
history-none = (none)
history-what-meeting = meeting
history-what-deadline = deadline
history-what-group = group
history-done-created = created
history-done-changed = changed
history-done-cancelled = cancelled
history-done-reinstated = reinstated
history-done-imported = imported
history-done-deleted = deleted
history-done-archived = archived
atom-title = { $group } - { $name }: changes
atom-title-with-subgroups = { $group } - { $name }: changes (with subgroups)
atom-silent = (silent)
atom-by = by { $by }

## Members' calendar.
members-title = Get the members' calendar
members-intro = Members get a personal calendar with joining details (links, passcodes) by mail, if the secretariat lists their address or domain.
members-groups = Groups (each with its subgroups)
members-address = Your e-mail address
members-send = Mail me the link
members-check-mail = Check your mail
members-on-its-way = If this address may have the members' calendar of these groups, a mail with a personal link is on its way to it.
members-no-mail = No mail within an hour? Ask the group's secretariat to add your address or your organization's domain.
members-yours = Your members' calendar
members-made = { $label } — made { $at }.
members-address-of-calendar = Your calendar's address (subscribe to it in your calendar program; keep it to yourself):
members-groups-in-it = Groups in it
members-group-and-subgroups = { $group } and its subgroups
members-revoke = Revoke this calendar
members-revoke-hint = Its address then stops working.
members-revoked = Calendar revoked
members-revoked-line = This personal calendar is revoked: its address no longer works.

## Errors.
error-not-found = Not found
error-bad-request = Bad request
error-went-wrong = Something went wrong
error-not-loaded = The page could not be loaded. Please try again in a moment.
error-not-shown = The page could not be shown.
error-no-page = There is no page at this address.
error-no-group = There is no group “{ $slug }”.
error-no-meeting = There is no meeting “{ $id }”.
error-no-such = There is no { $what } “{ $id }”.
error-bad-address = The address is not valid: `{ $field }` { $message }.
error-bad-date = “{ $key }” must be a date written YYYY-MM-DD, not “{ $value }”.
error-bad-page = “page” must be a whole number from 1, not “{ $value }”.
error-to-before-from = “to” must not be before “from”.
error-home = Go to the home page
error-home-hint = to find a group, its meetings and its calendar.
error-status = Error { $status }.
