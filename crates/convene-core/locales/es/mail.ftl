# Correos a las listas de los grupos (crates/convene/src/mail/compose/, personal.rs).
# El texto de los organizadores (títulos, descripciones, motivos) llega en
# variables y nunca se traduce.

mail-in-days = { $days ->
    [0] hoy
    [1] mañana
   *[other] dentro de { $days } días
}
mail-closes = { $plural ->
    [yes] cierre
   *[no] cierre
}
mail-deadline-on = { $what }: { $closes } el { $date }
mail-tentative = { $label } (provisional)

mail-subject-new-meeting = Nueva reunión: { $title }, { $dates }
mail-subject-reminder-meeting = Recordatorio: { $title }, { $dates } ({ $when })
mail-subject-changed-meeting = Modificación: { $title }, ahora { $dates }
mail-subject-cancelled-meeting = Cancelación: { $title }, { $dates }
mail-subject-reinstated-meeting = Restablecimiento: { $title }, { $dates }
mail-subject-reminder-deadline = Recordatorio: { $deadline }
mail-subject-new-deadline = Nuevo plazo: { $deadline }
mail-subject-changed-deadline = Modificación: { $deadline }
mail-subject-cancelled-deadline = Cancelación: { $deadline }
mail-subject-reinstated-deadline = Restablecimiento: { $deadline }
mail-subject-batch = { $count ->
    [one] 1 modificación: { $listed }
   *[other] { $count } modificaciones: { $listed }
}
mail-and-more = y { $count } más

mail-intro-planned = Se ha previsto una reunión; su fecha aún no se ha fijado.
mail-intro-scheduled = Se ha programado una reunión.
mail-intro-reminder = Recordatorio: esta reunión comienza { $when }.
mail-intro-occurrence = Recordatorio: esta reunión se celebra { $when }, { $session }.
mail-intro-occurrence-unknown = Recordatorio: esta reunión se celebra { $when }.
mail-intro-changed = Esta reunión ha sido modificada. Los datos que figuran a continuación son los nuevos.
mail-intro-cancelled = Esta reunión ha sido cancelada.
mail-intro-reinstated = Esta reunión vuelve a celebrarse: se ha retirado su cancelación. Los datos que figuran a continuación están actualizados.
mail-intro-deadline-reminder = Recordatorio: { $what }: { $closes } { $when }, el { $date }.
mail-intro-deadline-set = Se ha fijado un plazo.
mail-intro-batch = { $count ->
    [one] El calendario ha sido modificado. Los datos que figuran a continuación son los nuevos.
   *[other] El calendario ha sido modificado en { $count } puntos a la vez. Los datos que figuran a continuación son los nuevos.
}
mail-intro-batch-lists = El presente aviso se dirige a { $lists } y abarca todas las modificaciones del lote que le conciernen.

mail-head-new = Nuevo: { $title }
mail-head-planned = Reunión prevista (fecha aún no fijada): { $title }
mail-head-new-meeting = Nueva reunión: { $title }
mail-head-new-deadline = Nuevo plazo: { $title }
mail-head-changed = Modificación: { $title }
mail-head-cancelled = Cancelación: { $title }
mail-head-reinstated = Restablecimiento: { $title }
mail-head-removed-meeting = Suprimido: reunión { $id }
mail-head-removed-deadline = Suprimido: plazo { $id }

mail-field-groups = Grupos
mail-field-kind = Tipo
mail-field-status = Estado
mail-field-when = Fecha
mail-field-times = Horarios
mail-field-in-utc = En UTC
mail-field-where = Lugar
mail-field-remote = Participación a distancia
mail-field-joining = Modalidades de conexión
mail-field-deadlines = Plazos
mail-field-mailing-list = Lista de distribución
mail-field-closes = Cierre
mail-field-send-to = Enviar a
mail-field-register-at = Inscribirse en
mail-field-meeting = Reunión

mail-status-tentative = Provisional
mail-status-cancelled = Cancelada
mail-status-cancelled-because = Cancelada: { $reason }
mail-day-times = { $day }, { $times }
mail-not-on = no el { $day }
mail-moved = { $from } trasladada al { $to }, { $times }
mail-whole-days = { $dates }, días completos, { $zone }
mail-from-to = del { $start } al { $end }
mail-time-tba = { $dates }, horario por anunciar ({ $zone })
mail-not-fixed = fecha aún no fijada: { $label } ({ $dates })
mail-not-fixed-planned = fecha aún no fijada: { $label } ({ $dates }), prevista { $times }
mail-planned-utc = prevista { $times } UTC
mail-planned-utc-two = prevista { $first } o { $last } UTC (cambio de hora durante el período)
mail-end-of-day = { $day }, al final del día, { $zone }
mail-deadline-line = { $what }: { $local } ({ $utc })
mail-deadline-send-to = { $line }; enviar a { $to }
mail-deadline-register-at = { $line }; inscribirse en { $to }
mail-deadline-of-meeting = { $what } para { $title }

mail-link-details = Información detallada
mail-link-meeting-details = Información sobre la reunión
mail-link-add = Añadir a su calendario
mail-link-open = abra el archivo adjunto { $file }
mail-link-subscribe = Suscribirse al calendario de { $group }
mail-calendar-deadline = Plazo: { $what }
mail-calendar-changes = Modificaciones para { $groups }
mail-footer = Mensaje enviado automáticamente por convene en nombre de la secretaría ({ $address }). Las horas se indican en el huso horario propio de cada elemento, en { $home } y en UTC.

mail-personal-subject = Su calendario de miembro: { $groups }
mail-personal-asked = Alguien (esperamos que usted) ha solicitado el calendario de miembros de { $groups } en { $site } para esta dirección.
mail-personal-feed = Su calendario personal, con las modalidades de conexión reservadas a los miembros:
mail-personal-add = Añádalo a su programa de calendario mediante su dirección («suscribirse desde la web» / «desde una URL»). No lo comparta: quien lo tenga verá las modalidades de conexión.
mail-personal-manage = Consultar sus grupos o revocarlo:
mail-personal-ignore = Si usted no lo ha solicitado, revóquelo en esa dirección o haga caso omiso de este mensaje.
mail-personal-footer = Mensaje enviado por convene ({ $site }) a petición de esta dirección.
