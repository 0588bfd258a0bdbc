# Calendriers (.ics) : résumés et lignes de description.

feed-cancelled = Annulé : { $title }
feed-deadline = Date limite : { $what }
feed-tba = { $title } (horaire à préciser)
feed-tentative = { $title } (provisoire)
feed-tentative-window = { $title }, { $label } (provisoire)
feed-tentative-planned = { $title }, { $label }, prévu { $slot }, { $zone } (provisoire)
feed-day-of = { $title } (jour { $day } sur { $days })
feed-dropped-day = Annulé : { $title } (jour { $day })
feed-deadline-of-meeting = { $what } pour { $title }
feed-deadline-of-groups = { $what } ({ $groups })
feed-category-deadline = Date limite

feed-kind-of = { $kind } – { $groups }
feed-cancelled-line = ANNULÉ
feed-cancelled-reason = ANNULÉ : { $reason }
feed-when = Date et heure : { $when }
feed-slot = { $date }, { $times }, { $zone } ({ $iana }) = { $utc } UTC
feed-whole-days = du { $first } au { $last }, journées entières ({ $iana })
feed-time-tba = { $date }, horaire à préciser ({ $iana })
feed-not-fixed = pas encore fixé : { $label } (du { $first } au { $last })
feed-not-fixed-planned = pas encore fixé : { $label } (du { $first } au { $last }), prévu { $slot }, { $zone }
feed-where = Lieu : { $place }
feed-remote = Participation à distance : { $url }
feed-joining = Pour participer : { $notes }
feed-mailing-list = Liste de diffusion : { $lists }
feed-deadlines = Dates limites :
feed-deadline-line = - { $what } : { $when }
feed-deadline-send-to = - { $what } : { $when } ; à envoyer à { $email }
feed-deadline-at = - { $what } : { $when } ; à déposer sur { $url }
feed-details = Détails : { $url }
feed-dropped-line = ANNULÉ : le jour { $day } ne fait plus partie de cette réunion
feed-was = Prévu initialement : { $date }, { $times }, { $zone } ({ $iana }) = { $utc } UTC
feed-series-cancelled = Annulé : { $date }
feed-series-cancelled-reason = Annulé : { $date } ({ $reason })
feed-series-moved = Déplacé : du { $from } au { $to }, { $slot }, { $zone } = { $utc } UTC
