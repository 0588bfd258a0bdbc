# Календари (.ics): заголовки и строки описания.

feed-cancelled = Отменено: { $title }
feed-deadline = Крайний срок: { $what }
feed-tba = { $title } (время будет объявлено дополнительно)
feed-tentative = { $title } (предварительно)
feed-tentative-window = { $title }, { $label } (предварительно)
feed-tentative-planned = { $title }, { $label }, запланировано на { $slot } ({ $zone }) (предварительно)
feed-day-of = { $title } (день { $day } из { $days })
feed-dropped-day = Отменено: { $title } (день { $day })
feed-deadline-of-meeting = { $what }: { $title }
feed-deadline-of-groups = { $what } ({ $groups })
feed-category-deadline = Крайний срок

feed-kind-of = { $kind }: { $groups }
feed-cancelled-line = ОТМЕНЕНО
feed-cancelled-reason = ОТМЕНЕНО: { $reason }
feed-when = Время: { $when }
feed-slot = { $date }, { $times } ({ $zone }, { $iana }) = { $utc } UTC
feed-whole-days = с { $first } по { $last }, полные дни ({ $iana })
feed-time-tba = { $date }, время будет объявлено дополнительно ({ $iana })
feed-not-fixed = ещё не определено: { $label } (с { $first } по { $last })
feed-not-fixed-planned = ещё не определено: { $label } (с { $first } по { $last }), запланировано на { $slot } ({ $zone })
feed-where = Место: { $place }
feed-remote = Дистанционное участие: { $url }
feed-joining = Порядок участия: { $notes }
feed-mailing-list = Список рассылки: { $lists }
feed-deadlines = Крайние сроки:
feed-deadline-line = - { $what }: { $when }
feed-deadline-send-to = - { $what }: { $when }; направлять по адресу { $email }
feed-deadline-at = - { $what }: { $when }; представлять по адресу { $url }
feed-details = Подробнее: { $url }
feed-dropped-line = ОТМЕНЕНО: день { $day } больше не входит в программу совещания
feed-was = Ранее: { $date }, { $times } ({ $zone }, { $iana }) = { $utc } UTC
feed-series-cancelled = Отменено: { $date }
feed-series-cancelled-reason = Отменено: { $date } ({ $reason })
feed-series-moved = Перенесено: с { $from } на { $to }, { $slot } ({ $zone }) = { $utc } UTC
