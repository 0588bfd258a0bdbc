# Páginas de los organizadores. El texto escrito por los organizadores
# (títulos, descripciones, nombres) nunca se traduce; los errores de campo de
# los casos de uso se muestran tal cual, tras el nombre del campo en la API.

org-for-organizers = Espacio de los organizadores

org-all-meetings = Todas las reuniones
org-back = Volver a las páginas de los organizadores
org-preview-button = Vista previa
org-change-it = Modificar
org-field-error = { $field }: { $message }
org-csrf-title = Formulario rechazado
org-csrf-refused = Se ha rechazado este formulario: no contenía el código de seguridad de esta sesión (el campo csrf). No se ha efectuado ningún cambio.
org-csrf-again = Vuelva a las páginas de los organizadores, recargue el formulario y envíelo de nuevo.
org-not-yours = Modificación no autorizada

org-sign-in-title = Acceso de los organizadores
org-sign-in-lead = Los presidentes de los grupos y los funcionarios de la secretaría modifican aquí el calendario: añaden, trasladan, cancelan y restablecen reuniones, con una vista previa de los conflictos, de las horas en cada zona horaria de los participantes y de los correos exactos antes de guardar nada.
org-token = Token de la API
org-token-hint = El token que le ha facilitado la secretaría (empieza por { $prefix }). Se verifica una sola vez; a continuación, el servidor mantiene una sesión para usted.
org-sign-in = Acceder
org-bad-token = Este token no es válido: es desconocido o ha sido revocado. Compruebe que lo ha pegado completo o solicite uno nuevo a la secretaría.
org-too-many = Demasiados intentos de acceso desde esta dirección. Espere un minuto y vuelva a intentarlo.

org-list-title = Organización de reuniones
org-sign-out = Cerrar sesión
org-who = { $name } (token { $id })
org-signed-in-as = Sesión iniciada como
org-may-change = Puede modificar las reuniones de:
org-add-meeting = Añadir una reunión
org-add-deadline = Añadir un plazo
org-upcoming = Próximas
org-from-soonest = A partir del { $date }, por orden cronológico.
org-no-upcoming = No hay reuniones próximas.
org-past = Anteriores
org-no-past = No hay reuniones anteriores.
org-cancelled = cancelada
org-edit = Modificar
org-edit-label = Modificar { $title } ({ $id })
org-reinstate = Restablecer
org-reinstate-label = Restablecer { $title } ({ $id })
org-cancel = Cancelar
org-cancel-label = Cancelar { $title } ({ $id })
org-add-deadline-label = Añadir un plazo a { $title } ({ $id })
org-joint-outside = Reunión conjunta con grupos fuera del ámbito de su token: solo la secretaría puede modificarla.
org-when = { $days }, { $local } ({ $utc })
org-no-time = { $date } (sin hora fijada)

org-edit-meeting = Modificar la reunión { $id }
org-title = Título
org-groups = Grupos
org-kind = Tipo
org-zone = Zona horaria
org-zone-hint = Una ciudad (Ginebra, Nueva York, Beijing) o una zona (Europe/Zurich).
org-date = Fecha
org-until = Hasta (varios días)
org-start = Inicio
org-end = Fin
org-recurrence = Regla de la serie (recurrence)
org-recurrence-hint = Déjelo vacío para una sola reunión. Para una serie: { $example } (la fecha es la de la primera sesión).
org-remote-url = Enlace de participación a distancia (remote_url)
org-venue = Lugar
org-city = Ciudad
org-country = País
org-url = Página de la reunión (url)
org-description = Descripción
org-id = Identificador (opcional)
org-id-hint = Letras a-z, cifras y guiones. Si se deja vacío: grupo, fecha y tipo, por ejemplo { $example }.
org-derive = Derivar sus plazos de la norma aplicable a su tipo

org-cancel-meeting = Cancelar la reunión { $id }
org-reinstate-meeting = Restablecer la reunión { $id }
org-reason = Motivo (se comunica a las listas)

org-deadline-meeting = Reunión (su identificador)
org-deadline-meeting-hint = Déjelo vacío para un plazo propio de un grupo.
org-deadline-group = O un grupo
org-deadline-group-none = (el de la reunión)
org-deadline-title = Título (opcional)
org-deadline-time = Hora (opcional)
org-deadline-zone = Zona horaria (opcional)
org-deadline-zone-hint = Una ciudad o una zona; si se deja vacío, la de la reunión.
org-deadline-email = Enviar a (email)
org-deadline-url = O en línea (url)
org-deadline-note = Nota
org-deadline-kind-contribution = Contribuciones
org-deadline-kind-registration = Inscripción
org-deadline-kind-visa-support-letter = Solicitudes de carta de apoyo para el visado
org-deadline-kind-other = Otro

org-preview = Vista previa: todavía no se ha guardado nada
org-times-in = ({ $id }, horas expresadas en { $zone })
org-when-heading = Fecha y hora
org-zones-label = { $when } en cada zona horaria de los participantes
org-zones-caption = En cada zona horaria de los participantes de sus grupos
org-zone-col = Zona
org-local-col = Hora local
org-fit-col = Franja
org-fit-in-hours = en horario laboral
org-fit-out-of-hours = fuera del horario laboral
org-fit-night = de noche
org-zone-local = { $when } (UTC{ $offset })
org-conflicts = Conflictos
org-no-conflict = No hay conflicto con reuniones confirmadas del mismo grupo, de un grupo superior o de un subgrupo.
org-overlaps = { $count ->
    [one] Coincide con { $count } reunión confirmada del mismo grupo, de un grupo superior o de un subgrupo:
   *[other] Coincide con { $count } reuniones confirmadas del mismo grupo, de un grupo superior o de un subgrupo:
}
org-not-saved-conflicts = { $count ->
    [one] No se ha guardado: coincide con { $count } reunión confirmada. Elija un horario libre, o marque «Guardar de todos modos» y confirme de nuevo.
   *[other] No se ha guardado: coincide con { $count } reuniones confirmadas. Elija un horario libre, o marque «Guardar de todos modos» y confirme de nuevo.
}
org-overlap-span = del { $from } al { $to }
org-slots = Horarios libres cercanos
org-slots-hint = Los horarios libres más equitativos para las zonas horarias de los participantes de sus grupos, tres días antes y después. Elija uno para obtener su vista previa.
org-slot-fit = en horario laboral para un peso de { $weight } sobre { $total }; { $night ->
    [0] ninguna zona de noche
    [one] { $night } zona de noche
   *[other] { $night } zonas de noche
}
org-use-slot = Elegir este horario
org-use-slot-label = Elegir este horario: { $when }
org-deadlines = Plazos
org-deadline-closes = vence el { $local } ({ $utc })
org-mails = Correos que se enviarán
org-no-mail = Ningún correo.
org-mail-to = Para:
org-mail-subject = Asunto:
org-mail-due = Se envía el { $when }
org-save-anyway = Guardar de todos modos, pese a los conflictos
org-cannot-reinstate = No puede restablecerse mientras coincida con estas reuniones: traslade o cancele antes una de ellas.
org-confirm = Confirmar y enviar los correos
org-silent = Guardar sin correo (corrección discreta)
