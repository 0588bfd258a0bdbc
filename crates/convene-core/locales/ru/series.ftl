# Серия заседаний словами (переменные описаны в en/series.ftl).
# День недели в винительном падеже и согласование по роду выбираются
# по $day (mon..sun): понедельник, вторник, четверг — м. р.; среда,
# пятница, суббота — ж. р.; воскресенье — ср. р.

## Правило.
rule-daily = { $interval ->
    [1] ежедневно
    [2] через день
    [one] каждый { $interval } день
    [few] каждые { $interval } дня
   *[many] каждые { $interval } дней
}
rule-weekly = { $interval ->
    [1] { $day ->
        [wed] каждую среду
        [fri] каждую пятницу
        [sat] каждую субботу
        [sun] каждое воскресенье
       *[other] каждый { $weekday }
    }
    [2] { $day ->
        [wed] каждую вторую среду
        [fri] каждую вторую пятницу
        [sat] каждую вторую субботу
        [sun] каждое второе воскресенье
       *[other] каждый второй { $weekday }
    }
    [one] раз в { $interval } неделю, { rule-weekly-day }
    [few] раз в { $interval } недели, { rule-weekly-day }
   *[many] раз в { $interval } недель, { rule-weekly-day }
}
rule-weekly-day = { $day ->
    [mon] в понедельник
    [tue] во вторник
    [wed] в среду
    [thu] в четверг
    [fri] в пятницу
    [sat] в субботу
   *[sun] в воскресенье
}
rule-weekly-days = { $interval ->
    [1] каждую неделю { $days }
    [2] раз в две недели { $days }
    [one] раз в { $interval } неделю { $days }
    [few] раз в { $interval } недели { $days }
   *[many] раз в { $interval } недель { $days }
}
rule-months = { $interval ->
    [1] каждого месяца
    [2] каждого второго месяца
    [3] каждого третьего месяца
   *[other] каждого { $interval }-го месяца
}
# Порядковое числительное согласуется с днём недели (винительный падеж).
rule-ordinal = { $ordinal ->
    [1] { $day ->
        [wed] первую
        [fri] первую
        [sat] первую
        [sun] первое
       *[other] первый
    }
    [2] { $day ->
        [wed] вторую
        [fri] вторую
        [sat] вторую
        [sun] второе
       *[other] второй
    }
    [3] { $day ->
        [wed] третью
        [fri] третью
        [sat] третью
        [sun] третье
       *[other] третий
    }
    [4] { $day ->
        [wed] четвёртую
        [fri] четвёртую
        [sat] четвёртую
        [sun] четвёртое
       *[other] четвёртый
    }
    [5] { $day ->
        [wed] пятую
        [fri] пятую
        [sat] пятую
        [sun] пятое
       *[other] пятый
    }
    [-1] { $day ->
        [wed] последнюю
        [fri] последнюю
        [sat] последнюю
        [sun] последнее
       *[other] последний
    }
    [-2] { $day ->
        [wed] предпоследнюю
        [fri] предпоследнюю
        [sat] предпоследнюю
        [sun] предпоследнее
       *[other] предпоследний
    }
    [-3] { $day ->
        [wed] третью с конца
        [fri] третью с конца
        [sat] третью с конца
        [sun] третье с конца
       *[other] третий с конца
    }
    [-4] { $day ->
        [wed] четвёртую с конца
        [fri] четвёртую с конца
        [sat] четвёртую с конца
        [sun] четвёртое с конца
       *[other] четвёртый с конца
    }
   *[-5] { $day ->
        [wed] пятую с конца
        [fri] пятую с конца
        [sat] пятую с конца
        [sun] пятое с конца
       *[other] пятый с конца
    }
}
# День недели после порядкового числительного (винительный падеж).
rule-weekday = { $day ->
    [wed] среду
    [fri] пятницу
    [sat] субботу
   *[other] { $weekday }
}
# «во второй и четвёртый вторник каждого месяца».
rule-monthly-weekday = { $ordinal ->
    [2] во
   *[other] в
} { $ordinals } { rule-weekday } { rule-months }
rule-monthly-day = { $ordinal ->
    [0] { $day ->
        [wed] каждую среду
        [fri] каждую пятницу
        [sat] каждую субботу
        [sun] каждое воскресенье
       *[other] каждый { $weekday }
    }
    [2] во { rule-ordinal } { rule-weekday }
   *[other] в { rule-ordinal } { rule-weekday }
}
rule-monthly-days = { $days } { rule-months }
rule-month-day = { $n }-го числа
rule-month-day-last = { $n ->
    [1] в последний день
    [2] в предпоследний день
   *[other] в { $n }-й день с конца
}
rule-monthly-dates = { $dates } { rule-months }
rule-and = { $first } и { $last }
rule-comma = { $first }, { $last }

## Серия.
series-count = { $rule }, начиная с { $first }, { $count ->
    [one] { $count } заседание
    [few] { $count } заседания
   *[many] { $count } заседаний
}
series-until = { $rule }, с { $first } по { $last } ({ $count ->
    [one] { $count } заседание
    [few] { $count } заседания
   *[many] { $count } заседаний
})
series-count-at = { $rule }, { $times } ({ $zone }), начиная с { $first }, { $count ->
    [one] { $count } заседание
    [few] { $count } заседания
   *[many] { $count } заседаний
}
series-until-at = { $rule }, { $times } ({ $zone }), с { $first } по { $last } ({ $count ->
    [one] { $count } заседание
    [few] { $count } заседания
   *[many] { $count } заседаний
})
