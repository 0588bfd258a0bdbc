# Común a las páginas, los calendarios y los correos.

time-range = { $start }-{ $end }
date-range = { $shape ->
    [days] { $first_day } a { $last }
    [months] { $first_md } a { $last }
   *[years] { $first } a { $last }
}
day-time = { $day } { $time }
time-in-zone = { $time }, { $zone }
zone-city = hora local ({ $city })

zone-europe-zurich = hora de Ginebra
zone-europe-paris = hora de París
zone-europe-london = hora de Londres
zone-europe-moscow = hora de Moscú
zone-europe-riga = hora de Riga
zone-america-new-york = hora de Nueva York
zone-asia-shanghai = hora de Beijing
zone-asia-seoul = hora de Seúl
zone-asia-tokyo = hora de Tokio
zone-asia-riyadh = hora de Riad
zone-africa-cairo = hora de El Cairo
zone-africa-dar-es-salaam = hora de Dar es Salaam
zone-pacific-kiritimati = hora de Kiritimati

kind-physical = Reunión (presencial, con participación a distancia)
kind-e-meeting = Reunión virtual
kind-forum = Foro
kind-webinar = Seminario web
kind-special-session = Período extraordinario de sesiones

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = Solicitudes de carta de apoyo para el visado
deadline-title-contribution = Contribuciones
deadline-title-registration = Inscripción
deadline-title-other = Plazo
