# A recurring series in words (crates/convene-core/src/recurrence/words.rs,
# Series::describe, ical::series_words). Variables the code gives:
#   $interval  the rule's INTERVAL (1 = every week/month/day)
#   $day       mon, tue, wed, thu, fri, sat, sun (for grammatical agreement)
#   $weekday   the day's name by ICU4X ("Tuesday", "mardi", "星期二")
#   $ordinal   1..5 or -1..-5 (last, second-to-last...); 0 = every such day
#   $n         a day of the month, 1..31 (counted from the end: -last)
#   $count     how many items a list has, or how many sessions a series has
# A language may use any of a message's variables (the completeness test
# lists them), and pick its words by plural category.

## The rule.
rule-daily = { $interval ->
    [1] every day
    [2] every second day
    [3] every third day
   *[other] every { $interval } days
}
# One weekday a week, or every few weeks: "every Tuesday".
rule-weekly = { $interval ->
    [1] every { $weekday }
    [2] every second { $weekday }
    [3] every third week on { $weekday }
   *[other] every { $interval } weeks on { $weekday }
}
# A weekday in a list of several: "every week on Monday and Wednesday".
rule-weekly-day = { $weekday }
rule-weekly-days = { $interval ->
    [1] every week on { $days }
    [2] every second week on { $days }
    [3] every third week on { $days }
   *[other] every { $interval } weeks on { $days }
}
# "of every month", "of every second month".
rule-months = { $interval ->
    [1] every month
    [2] every second month
    [3] every third month
   *[other] every { $interval } months
}
# An ordinal before a weekday: "second" (Tuesday).
rule-ordinal = { $ordinal ->
    [1] first
    [2] second
    [3] third
    [4] fourth
    [5] fifth
    [-1] last
    [-2] second-to-last
    [-3] third-to-last
    [-4] fourth-to-last
   *[-5] fifth-to-last
}
# One weekday, its ordinals joined: "on the second and fourth Tuesday of
# every month"; $ordinal is the first of them, $count how many.
# The weekday after an ordinal (a case, in some languages).
rule-weekday = { $weekday }
rule-monthly-weekday = on the { $ordinals } { $weekday } of { rule-months }
# Several weekdays: "the first Monday", "the third Wednesday".
rule-monthly-day = { $ordinal ->
    [0] { $weekday }
   *[other] { rule-ordinal } { $weekday }
}
rule-monthly-days = on the { $days } of { rule-months }
# A day of the month: "1st"; from the end ($n = 1 the last): "last day".
rule-month-day = { $n ->
    [1] 1st
    [2] 2nd
    [3] 3rd
    [21] 21st
    [22] 22nd
    [23] 23rd
    [31] 31st
   *[other] { $n }th
}
rule-month-day-last = { $n ->
    [1] last day
    [2] second day from the end
    [3] third day from the end
   *[other] { rule-month-day } day from the end
}
rule-monthly-dates = on the { $dates } of { rule-months }
# Lists: "A and B", "A, B".
rule-and = { $first } and { $last }
rule-comma = { $first }, { $last }

## The series: the rule, its first date and how many sessions.
series-count = { $rule }, from { $first }, { $count ->
    [one] once
   *[other] { $count } times
}
series-until = { $rule }, from { $first }, until { $last } ({ $count ->
    [one] once
   *[other] { $count } times
})
# With the slot and the zone ("14:00-15:00", "Geneva time").
series-count-at = { $rule }, { $times } hours, { $zone }, from { $first }, { $count ->
    [one] once
   *[other] { $count } times
}
series-until-at = { $rule }, { $times } hours, { $zone }, from { $first }, until { $last } ({ $count ->
    [one] once
   *[other] { $count } times
})
