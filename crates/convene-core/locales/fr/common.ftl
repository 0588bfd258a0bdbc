# Commun aux pages, aux calendriers et aux courriels.

time-range = { $start }-{ $end }
date-range = { $shape ->
    [days] { $first_day }-{ $last }
    [months] { $first_md }-{ $last }
   *[years] { $first }-{ $last }
}
day-time = { $day } { $time }
time-in-zone = { $time }, { $zone }
zone-city = heure locale ({ $city })

zone-europe-zurich = heure de Genève
zone-europe-paris = heure de Paris
zone-europe-london = heure de Londres
zone-europe-moscow = heure de Moscou
zone-europe-riga = heure de Riga
zone-america-new-york = heure de New York
zone-asia-shanghai = heure de Beijing
zone-asia-seoul = heure de Séoul
zone-asia-tokyo = heure de Tokyo
zone-asia-riyadh = heure de Riyad
zone-africa-cairo = heure du Caire
zone-africa-dar-es-salaam = heure de Dar es-Salaam
zone-pacific-kiritimati = heure de Kiritimati

kind-physical = Réunion (en présentiel, avec participation à distance)
kind-e-meeting = Réunion en ligne
kind-forum = Forum
kind-webinar = Webinaire
kind-special-session = Session extraordinaire

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = Demandes de lettre d'appui pour visa
deadline-title-contribution = Contributions
deadline-title-registration = Inscription
deadline-title-other = Date limite
