# Une série en toutes lettres (voir en/series.ftl pour les variables).

## La règle.
rule-daily = { $interval ->
    [1] tous les jours
    [2] tous les deux jours
   *[other] tous les { $interval } jours
}
rule-weekly = { $interval ->
    [1] tous les { $weekday }s
    [2] un { $weekday } sur deux
    [3] un { $weekday } sur trois
   *[other] toutes les { $interval } semaines, le { $weekday }
}
rule-weekly-day = le { $weekday }
rule-weekly-days = { $interval ->
    [1] chaque semaine, { $days }
    [2] toutes les deux semaines, { $days }
   *[other] toutes les { $interval } semaines, { $days }
}
rule-months = { $interval ->
    [1] de chaque mois
    [2] d’un mois sur deux
   *[other] d’un mois sur { $interval }
}
rule-ordinal = { $ordinal ->
    [1] premier
    [2] deuxième
    [3] troisième
    [4] quatrième
    [5] cinquième
    [-1] dernier
    [-2] avant-dernier
    [-3] antépénultième
    [-4] quatrième en partant de la fin
   *[-5] cinquième en partant de la fin
}
rule-weekday = { $weekday }
rule-monthly-weekday = { $count ->
    [one] le { $ordinals } { $weekday } { rule-months }
   *[other] les { $ordinals } { $weekday }s { rule-months }
}
rule-monthly-day = { $ordinal ->
    [0] chaque { $weekday }
   *[other] le { rule-ordinal } { $weekday }
}
rule-monthly-days = { $days } { rule-months }
rule-month-day = { $n ->
    [1] le 1er
   *[other] le { $n }
}
rule-month-day-last = { $n ->
    [1] le dernier jour
    [2] l’avant-dernier jour
   *[other] le { $n }e jour en partant de la fin
}
rule-monthly-dates = { $dates } { rule-months }
rule-and = { $first } et { $last }
rule-comma = { $first }, { $last }

## La série.
series-count = { $rule }, à partir du { $first }, { $count ->
    [one] une séance
   *[other] { $count } séances
}
series-until = { $rule }, du { $first } au { $last } ({ $count ->
    [one] une séance
   *[other] { $count } séances
})
series-count-at = { $rule }, { $times }, { $zone }, à partir du { $first }, { $count ->
    [one] une séance
   *[other] { $count } séances
}
series-until-at = { $rule }, { $times }, { $zone }, du { $first } au { $last } ({ $count ->
    [one] une séance
   *[other] { $count } séances
})
