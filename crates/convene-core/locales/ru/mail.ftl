# Письма в списки рассылки групп (crates/convene/src/mail/compose/, personal.rs).
# Текст организаторов (названия, описания, причины) передаётся в
# переменных и не переводится.

mail-in-days = { $days ->
    [0] сегодня
    [1] завтра
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
}
mail-closes = { $plural ->
    [yes] завершается
   *[no] завершается
}
mail-deadline-on = { $what }: приём { $closes } { $date }
mail-tentative = { $label } (предварительно)

mail-subject-new-meeting = Новое совещание: { $title }, { $dates }
mail-subject-reminder-meeting = Напоминание: { $title }, { $dates } ({ $when })
mail-subject-changed-meeting = Изменение: { $title }, теперь { $dates }
mail-subject-cancelled-meeting = Отмена: { $title }, { $dates }
mail-subject-reinstated-meeting = Возобновление: { $title }, { $dates }
mail-subject-reminder-deadline = Напоминание: { $deadline }
mail-subject-new-deadline = Новый срок: { $deadline }
mail-subject-changed-deadline = Изменение: { $deadline }
mail-subject-cancelled-deadline = Отмена: { $deadline }
mail-subject-reinstated-deadline = Возобновление: { $deadline }
mail-subject-batch = { $count ->
    [one] { $count } изменение: { $listed }
    [few] { $count } изменения: { $listed }
   *[many] { $count } изменений: { $listed }
}
mail-and-more = и ещё { $count }

mail-intro-planned = Планируется совещание; его дата ещё не определена.
mail-intro-scheduled = Назначено совещание.
mail-intro-reminder = Напоминание: это совещание начинается { $when }.
mail-intro-occurrence = Напоминание: это совещание проводится { $when }, { $session }.
mail-intro-occurrence-unknown = Напоминание: это совещание проводится { $when }.
mail-intro-changed = Это совещание изменено. Ниже приводятся новые сведения.
mail-intro-cancelled = Это совещание отменено.
mail-intro-reinstated = Это совещание состоится: решение о его отмене отозвано. Ниже приводятся актуальные сведения.
mail-intro-deadline-reminder = Напоминание: { $what }: приём { $closes } { $when }, { $date }.
mail-intro-deadline-set = Установлен срок.
mail-intro-batch = { $count ->
    [one] В расписание внесено изменение. Ниже приводятся новые сведения.
    [few] В расписание одновременно внесено { $count } изменения. Ниже приводятся новые сведения.
   *[many] В расписание одновременно внесено { $count } изменений. Ниже приводятся новые сведения.
}
mail-intro-batch-lists = Настоящее уведомление направляется в { $lists } и охватывает все изменения пакета, которые её касаются.

mail-head-new = Новое: { $title }
mail-head-planned = Планируемое совещание (дата ещё не определена): { $title }
mail-head-new-meeting = Новое совещание: { $title }
mail-head-new-deadline = Новый срок: { $title }
mail-head-changed = Изменение: { $title }
mail-head-cancelled = Отмена: { $title }
mail-head-reinstated = Возобновление: { $title }
mail-head-removed-meeting = Удалено: совещание { $id }
mail-head-removed-deadline = Удалено: срок { $id }

mail-field-groups = Группы
mail-field-kind = Вид
mail-field-status = Статус
mail-field-when = Дата
mail-field-times = Время
mail-field-in-utc = По UTC
mail-field-where = Место
mail-field-remote = Дистанционное участие
mail-field-joining = Порядок подключения
mail-field-deadlines = Сроки
mail-field-mailing-list = Список рассылки
mail-field-closes = Срок
mail-field-send-to = Направлять по адресу
mail-field-register-at = Регистрация
mail-field-meeting = Совещание

mail-status-tentative = Предварительно
mail-status-cancelled = Отменено
mail-status-cancelled-because = Отменено: { $reason }
mail-day-times = { $day }, { $times }
mail-not-on = кроме { $day }
mail-moved = { $from } перенесено на { $to }, { $times }
mail-whole-days = { $dates }, полные дни, { $zone }
mail-from-to = с { $start } по { $end }
mail-time-tba = { $dates }, время будет объявлено дополнительно ({ $zone })
mail-not-fixed = дата ещё не определена: { $label } ({ $dates })
mail-not-fixed-planned = дата ещё не определена: { $label } ({ $dates }), планируется { $times }
mail-planned-utc = планируется { $times } UTC
mail-planned-utc-two = планируется { $first } или { $last } UTC (в этот период меняется время)
mail-end-of-day = { $day }, до конца дня, { $zone }
mail-deadline-line = { $what }: { $local } ({ $utc })
mail-deadline-send-to = { $line }; направлять по адресу { $to }
mail-deadline-register-at = { $line }; регистрация: { $to }
mail-deadline-of-meeting = { $what }: { $title }

mail-link-details = Подробные сведения
mail-link-meeting-details = Сведения о совещании
mail-link-add = Добавить в календарь
mail-link-open = откройте приложенный файл { $file }
mail-link-subscribe = Подписаться на календарь { $group }
mail-calendar-deadline = Срок: { $what }
mail-calendar-changes = Изменения для { $groups }
mail-footer = Сообщение отправлено автоматически системой convene от имени секретариата ({ $address }). Время указывается по часовому поясу мероприятия; приводится также { $home } и время UTC.

mail-personal-subject = Ваш календарь участника: { $groups }
mail-personal-asked = Кто-то (надеемся, вы) запросил календарь участников { $groups } на { $site } для этого адреса.
mail-personal-feed = Ваш личный календарь со сведениями о подключении для участников:
mail-personal-add = Добавьте его в свою программу-календарь по адресу («подписаться из интернета» / «по URL»). Не передавайте его другим: любой, у кого он есть, видит сведения о подключении.
mail-personal-manage = Просмотреть его группы или отозвать его:
mail-personal-ignore = Если вы его не запрашивали, отзовите его по этой ссылке или не обращайте внимания на это сообщение.
mail-personal-footer = Сообщение отправлено системой convene ({ $site }) по запросу с этого адреса.
