# Una serie en palabras (véase en/series.ftl para las variables).

## La regla.
rule-daily = { $interval ->
    [1] todos los días
    [2] cada dos días
   *[other] cada { $interval } días
}
rule-weekly = { $interval ->
    [1] todos los { $day ->
        [sat] sábados
        [sun] domingos
       *[other] { $weekday }
    }
    [2] un { $weekday } de cada dos
   *[other] cada { $interval } semanas, el { $weekday }
}
rule-weekly-day = el { $weekday }
rule-weekly-days = { $interval ->
    [1] cada semana, { $days }
    [2] cada dos semanas, { $days }
   *[other] cada { $interval } semanas, { $days }
}
rule-months = { $interval ->
    [1] de cada mes
    [2] de cada dos meses
   *[other] de cada { $interval } meses
}
rule-ordinal = { $ordinal ->
    [1] primer
    [2] segundo
    [3] tercer
    [4] cuarto
    [5] quinto
    [-1] último
    [-2] penúltimo
    [-3] antepenúltimo
    [-4] cuarto contando desde el final
   *[-5] quinto contando desde el final
}
rule-weekday = { $weekday }
rule-monthly-weekday = el { $ordinals } { $weekday } { rule-months }
rule-monthly-day = { $ordinal ->
    [0] todos los { $day ->
        [sat] sábados
        [sun] domingos
       *[other] { $weekday }
    }
   *[other] el { rule-ordinal } { $weekday }
}
rule-monthly-days = { $days } { rule-months }
rule-month-day = el día { $n }
rule-month-day-last = { $n ->
    [1] el último día
    [2] el penúltimo día
   *[other] el { $n }.º día contando desde el final
}
rule-monthly-dates = { $dates } { rule-months }
rule-and = { $first } y { $last }
rule-comma = { $first }, { $last }

## La serie.
series-count = { $rule }, a partir del { $first }, { $count ->
    [one] una sesión
   *[other] { $count } sesiones
}
series-until = { $rule }, del { $first } al { $last } ({ $count ->
    [one] una sesión
   *[other] { $count } sesiones
})
series-count-at = { $rule }, { $times }, { $zone }, a partir del { $first }, { $count ->
    [one] una sesión
   *[other] { $count } sesiones
}
series-until-at = { $rule }, { $times }, { $zone }, del { $first } al { $last } ({ $count ->
    [one] una sesión
   *[other] { $count } sesiones
})
