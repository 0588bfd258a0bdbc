# سلسلة الاجتماعات بالكلمات (المتغيرات مبينة في en/series.ftl).

## القاعدة.
rule-daily = { $interval ->
    [1] يوميًا
    [2] كل يومين
    [few] كل { $interval } أيام
    [many] كل { $interval } يومًا
   *[other] كل { $interval } يوم
}
rule-weekly = { $interval ->
    [1] كل يوم { $weekday }
    [2] يوم { $weekday } كل أسبوعين
    [few] يوم { $weekday } كل { $interval } أسابيع
    [many] يوم { $weekday } كل { $interval } أسبوعًا
   *[other] يوم { $weekday } كل { $interval } أسبوع
}
rule-weekly-day = { $weekday }
rule-weekly-days = { $interval ->
    [1] أسبوعيًا، أيام { $days }
    [2] كل أسبوعين، أيام { $days }
    [few] كل { $interval } أسابيع، أيام { $days }
    [many] كل { $interval } أسبوعًا، أيام { $days }
   *[other] كل { $interval } أسبوع، أيام { $days }
}
rule-months = { $interval ->
    [1] من كل شهر
    [2] من كل شهرين
    [few] من كل { $interval } أشهر
    [many] من كل { $interval } شهرًا
   *[other] من كل { $interval } شهر
}
rule-ordinal = { $ordinal ->
    [1] الأول
    [2] الثاني
    [3] الثالث
    [4] الرابع
    [5] الخامس
    [-1] الأخير
    [-2] قبل الأخير
    [-3] الثالث من الآخر
    [-4] الرابع من الآخر
   *[-5] الخامس من الآخر
}
rule-weekday = { $weekday }
rule-monthly-weekday = يوم { $weekday } { $ordinals } { rule-months }
rule-monthly-day = { $ordinal ->
    [0] كل يوم { $weekday }
   *[other] يوم { $weekday } { rule-ordinal }
}
rule-monthly-days = { $days } { rule-months }
rule-month-day = اليوم { $n }
rule-month-day-last = { $n ->
    [1] اليوم الأخير
    [2] اليوم قبل الأخير
   *[other] اليوم { $n } من الآخر
}
rule-monthly-dates = { $dates } { rule-months }
rule-and = { $first } و{ $last }
rule-comma = { $first } و{ $last }

## السلسلة.
series-count = { $rule }، ابتداءً من { $first }، { $count ->
    [one] جلسة واحدة
    [two] جلستان
    [few] { $count } جلسات
   *[other] { $count } جلسة
}
series-until = { $rule }، من { $first } إلى { $last } ({ $count ->
    [one] جلسة واحدة
    [two] جلستان
    [few] { $count } جلسات
   *[other] { $count } جلسة
})
series-count-at = { $rule }، الساعة { $times } { $zone }، ابتداءً من { $first }، { $count ->
    [one] جلسة واحدة
    [two] جلستان
    [few] { $count } جلسات
   *[other] { $count } جلسة
}
series-until-at = { $rule }، الساعة { $times } { $zone }، من { $first } إلى { $last } ({ $count ->
    [one] جلسة واحدة
    [two] جلستان
    [few] { $count } جلسات
   *[other] { $count } جلسة
})
