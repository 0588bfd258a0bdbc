# Общие для страниц, календарей и писем.

time-range = { $start }–{ $end }
date-range = { $shape ->
    [days] { $first_day }–{ $last }
    [months] { $first_md } – { $last }
   *[years] { $first } – { $last }
}
day-time = { $day } { $time }
time-in-zone = { $time } ({ $zone })
zone-city = местное время: { $city }

zone-europe-zurich = женевское время
zone-europe-paris = парижское время
zone-europe-london = лондонское время
zone-europe-moscow = московское время
zone-europe-riga = рижское время
zone-america-new-york = нью-йоркское время
zone-asia-shanghai = пекинское время
zone-asia-seoul = сеульское время
zone-asia-tokyo = токийское время
zone-asia-riyadh = время Эр-Рияда
zone-africa-cairo = каирское время
zone-africa-dar-es-salaam = время Дар-эс-Салама
zone-pacific-kiritimati = время Киритимати

kind-physical = Совещание (очное, с возможностью дистанционного участия)
kind-e-meeting = Виртуальное совещание
kind-forum = Форум
kind-webinar = Вебинар
kind-special-session = Специальная сессия

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = Запросы писем в поддержку получения визы
deadline-title-contribution = Вклады
deadline-title-registration = Регистрация
deadline-title-other = Крайний срок
