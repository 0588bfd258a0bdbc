# التقويمات (.ics): العناوين وأسطر الوصف.

feed-cancelled = أُلغي: { $title }
feed-deadline = الموعد النهائي: { $what }
feed-tba = { $title } (يُعلن الموعد لاحقاً)
feed-tentative = { $title } (مؤقت)
feed-tentative-window = { $title }، { $label } (مؤقت)
feed-tentative-planned = { $title }، { $label }، المقرر { $slot } { $zone } (مؤقت)
feed-day-of = { $title } (اليوم { $day } من { $days })
feed-dropped-day = أُلغي: { $title } (اليوم { $day })
feed-deadline-of-meeting = { $what } لـ { $title }
feed-deadline-of-groups = { $what } ({ $groups })
feed-category-deadline = موعد نهائي

feed-kind-of = { $kind } - { $groups }
feed-cancelled-line = أُلغي
feed-cancelled-reason = أُلغي: { $reason }
feed-when = الموعد: { $when }
feed-slot = { $date }، { $times } { $zone } ({ $iana }) = { $utc } UTC
feed-whole-days = من { $first } إلى { $last }، أيام كاملة ({ $iana })
feed-time-tba = { $date }، يُعلن الموعد لاحقاً ({ $iana })
feed-not-fixed = لم يُحدد بعد: { $label } (من { $first } إلى { $last })
feed-not-fixed-planned = لم يُحدد بعد: { $label } (من { $first } إلى { $last })، المقرر { $slot } { $zone }
feed-where = المكان: { $place }
feed-remote = المشاركة عن بُعد: { $url }
feed-joining = طريقة المشاركة: { $notes }
feed-mailing-list = القائمة البريدية: { $lists }
feed-deadlines = المواعيد النهائية:
feed-deadline-line = - { $what }: { $when }
feed-deadline-send-to = - { $what }: { $when }؛ تُرسل إلى { $email }
feed-deadline-at = - { $what }: { $when }؛ تُقدَّم على { $url }
feed-details = التفاصيل: { $url }
feed-dropped-line = أُلغي: لم يعد اليوم { $day } جزءاً من هذا الاجتماع
feed-was = الموعد السابق: { $date }، { $times } { $zone } ({ $iana }) = { $utc } UTC
feed-series-cancelled = أُلغي: { $date }
feed-series-cancelled-reason = أُلغي: { $date } ({ $reason })
feed-series-moved = نُقل: من { $from } إلى { $to }، { $slot } { $zone } = { $utc } UTC
