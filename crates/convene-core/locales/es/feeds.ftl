# Calendarios (.ics): resúmenes y líneas de descripción.

feed-cancelled = Cancelado: { $title }
feed-deadline = Plazo: { $what }
feed-tba = { $title } (hora por anunciar)
feed-tentative = { $title } (provisional)
feed-tentative-window = { $title }, { $label } (provisional)
feed-tentative-planned = { $title }, { $label }, prevista { $slot }, { $zone } (provisional)
feed-day-of = { $title } (día { $day } de { $days })
feed-dropped-day = Cancelado: { $title } (día { $day })
feed-deadline-of-meeting = { $what } para { $title }
feed-deadline-of-groups = { $what } ({ $groups })
feed-category-deadline = Plazo

feed-kind-of = { $kind } – { $groups }
feed-cancelled-line = CANCELADO
feed-cancelled-reason = CANCELADO: { $reason }
feed-when = Fecha y hora: { $when }
feed-slot = { $date }, { $times }, { $zone } ({ $iana }) = { $utc } UTC
feed-whole-days = del { $first } al { $last }, jornadas completas ({ $iana })
feed-time-tba = { $date }, hora por anunciar ({ $iana })
feed-not-fixed = aún sin fijar: { $label } (del { $first } al { $last })
feed-not-fixed-planned = aún sin fijar: { $label } (del { $first } al { $last }), prevista { $slot }, { $zone }
feed-where = Lugar: { $place }
feed-remote = Participación a distancia: { $url }
feed-joining = Cómo participar: { $notes }
feed-mailing-list = Lista de distribución: { $lists }
feed-deadlines = Plazos:
feed-deadline-line = - { $what }: { $when }
feed-deadline-send-to = - { $what }: { $when }; enviar a { $email }
feed-deadline-at = - { $what }: { $when }; presentar en { $url }
feed-details = Detalles: { $url }
feed-dropped-line = CANCELADO: el día { $day } ya no forma parte de esta reunión
feed-was = Prevista inicialmente: { $date }, { $times }, { $zone } ({ $iana }) = { $utc } UTC
feed-series-cancelled = Cancelado: { $date }
feed-series-cancelled-reason = Cancelado: { $date } ({ $reason })
feed-series-moved = Trasladado: del { $from } al { $to }, { $slot }, { $zone } = { $utc } UTC
