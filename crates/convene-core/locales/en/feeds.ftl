# Calendar feeds (.ics): summaries and description lines. The English text
# is what the golden tests (tests/golden/render.ics) pin.

## Summaries.
feed-cancelled = Cancelled: { $title }
feed-deadline = Deadline: { $what }
feed-tba = { $title } (time to be announced)
feed-tentative = { $title } (tentative)
feed-tentative-window = { $title }, { $label } (tentative)
feed-tentative-planned = { $title }, { $label }, planned { $slot } { $zone } (tentative)
feed-day-of = { $title } (day { $day } of { $days })
feed-dropped-day = Cancelled: { $title } (day { $day })
# A deadline of a meeting: "Contributions for WG5 meeting".
feed-deadline-of-meeting = { $what } for { $title }
feed-deadline-of-groups = { $what } ({ $groups })
feed-category-deadline = Deadline

## Description lines.
feed-kind-of = { $kind } of { $groups }
feed-cancelled-line = CANCELLED
feed-cancelled-reason = CANCELLED: { $reason }
feed-when = When: { $when }
# "7 September 2023, 09:00-12:00 Geneva time (Europe/Zurich) = 07:00-10:00 UTC"
feed-slot = { $date }, { $times } { $zone } ({ $iana }) = { $utc } UTC
feed-whole-days = { $first } to { $last }, whole days ({ $iana })
feed-time-tba = { $date }, time to be announced ({ $iana })
feed-not-fixed = not fixed yet: { $label } ({ $first } to { $last })
feed-not-fixed-planned = not fixed yet: { $label } ({ $first } to { $last }), planned { $slot } { $zone }
feed-where = Where: { $place }
feed-remote = Remote participation: { $url }
feed-joining = Joining: { $notes }
feed-mailing-list = Mailing list: { $lists }
feed-deadlines = Deadlines:
feed-deadline-line = - { $what }: { $when }
feed-deadline-send-to = - { $what }: { $when }; send to { $email }
feed-deadline-at = - { $what }: { $when }; at { $url }
feed-details = Details: { $url }
feed-dropped-line = CANCELLED: day { $day } is no longer part of this meeting
feed-was = Was: { $date }, { $times } { $zone } ({ $iana }) = { $utc } UTC
feed-series-cancelled = Cancelled: { $date }
feed-series-cancelled-reason = Cancelled: { $date } ({ $reason })
feed-series-moved = Moved: { $from } to { $to }, { $slot } { $zone } = { $utc } UTC
