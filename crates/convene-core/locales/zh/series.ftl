# 系列会议的文字说明（变量见 en/series.ftl）。

## 规则。
rule-daily = { $interval ->
    [1] 每天
    [2] 每两天
   *[other] 每{ $interval }天
}
rule-weekly = { $interval ->
    [1] 每{ $weekday }
    [2] 每两周的{ $weekday }
   *[other] 每{ $interval }周的{ $weekday }
}
rule-weekly-day = { $weekday }
rule-weekly-days = { $interval ->
    [1] 每周的{ $days }
    [2] 每两周的{ $days }
   *[other] 每{ $interval }周的{ $days }
}
rule-months = { $interval ->
    [1] 每月
    [2] 每两个月的
   *[other] 每{ $interval }个月的
}
rule-ordinal = { $ordinal ->
    [1] 第一个
    [2] 第二个
    [3] 第三个
    [4] 第四个
    [5] 第五个
    [-1] 最后一个
    [-2] 倒数第二个
    [-3] 倒数第三个
    [-4] 倒数第四个
   *[-5] 倒数第五个
}
rule-weekday = { $weekday }
rule-monthly-weekday = { rule-months }{ $ordinals }{ $weekday }
rule-monthly-day = { $ordinal ->
    [0] 每个{ $weekday }
   *[other] { rule-ordinal }{ $weekday }
}
rule-monthly-days = { rule-months }{ $days }
rule-month-day = { $n }日
rule-month-day-last = { $n ->
    [1] 最后一天
   *[other] 倒数第{ $n }天
}
rule-monthly-dates = { rule-months }{ $dates }
rule-and = { $first }和{ $last }
rule-comma = { $first }、{ $last }

## 系列。
series-count = { $rule }，自{ $first }起，共{ $count }次
series-until = { $rule }，{ $first }至{ $last }，共{ $count }次
series-count-at = { $rule }，{ $zone } { $times }，自{ $first }起，共{ $count }次
series-until-at = { $rule }，{ $zone } { $times }，{ $first }至{ $last }，共{ $count }次
