# Shared by pages, calendars and mails: ranges, zones, meeting kinds.
# Dates and times themselves come from ICU4X (src/i18n/format.rs).

# "14:00-15:00"
time-range = { $start }-{ $end }
# Days as the secretariat writes them. $shape: days (same month),
# months (same year) or years; $first/$last: long dates, $first_md/
# $last_md: day and month, $first_day/$last_day: day numbers. A
# language uses the pieces it needs (free-form: see src/i18n/tests.rs).
date-range = { $shape ->
    [days] { $first_day }-{ $last }
    [months] { $first_md }-{ $last }
   *[years] { $first }-{ $last }
}
# A time with its day when the day is another: "Fri 8 Sept 01:00".
day-time = { $day } { $time }
# "14:00-15:00 Geneva time"
time-in-zone = { $time } { $zone }
# A zone without a name of its own below, by its IANA city.
zone-city = { $city } time

## Zones with a name of their own (key: zone- and the IANA name, lowercase,
## with / and _ as -). Europe/Zurich is the body's home, Geneva.
zone-europe-zurich = Geneva time
zone-europe-paris = Paris time
zone-europe-london = London time
zone-europe-moscow = Moscow time
zone-europe-riga = Riga time
zone-america-new-york = New York time
zone-asia-shanghai = Beijing time
zone-asia-seoul = Seoul time
zone-asia-tokyo = Tokyo time
zone-asia-riyadh = Riyadh time
zone-africa-cairo = Cairo time
zone-africa-dar-es-salaam = Dar es Salaam time
zone-pacific-kiritimati = Kiritimati time

## Meeting kinds.
kind-physical = Meeting (physical, with remote participation)
kind-e-meeting = E-meeting
kind-forum = Forum
kind-webinar = Webinar
kind-special-session = Special session

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = Visa support letter requests
deadline-title-contribution = Contributions
deadline-title-registration = Registration
deadline-title-other = Deadline
