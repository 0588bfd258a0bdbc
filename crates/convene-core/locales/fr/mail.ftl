# Courriels aux listes des groupes (crates/convene/src/mail/compose/, personal.rs).
# Le texte des organisateurs (titres, descriptions, motifs) arrive en
# variables et n'est jamais traduit.

mail-in-days = { $days ->
    [0] aujourd'hui
    [1] demain
   *[other] dans { $days } jours
}
# Le français n'accorde pas le verbe au nom de l'échéance ici.
mail-closes = { $plural ->
    [yes] clôture
   *[no] clôture
}
mail-deadline-on = { $what } : { $closes } le { $date }
mail-tentative = { $label } (provisoire)

mail-subject-new-meeting = Nouvelle réunion : { $title }, { $dates }
mail-subject-reminder-meeting = Rappel : { $title }, { $dates } ({ $when })
mail-subject-changed-meeting = Modification : { $title }, désormais { $dates }
mail-subject-cancelled-meeting = Annulation : { $title }, { $dates }
mail-subject-reinstated-meeting = Rétablissement : { $title }, { $dates }
mail-subject-reminder-deadline = Rappel : { $deadline }
mail-subject-new-deadline = Nouvelle échéance : { $deadline }
mail-subject-changed-deadline = Modification : { $deadline }
mail-subject-cancelled-deadline = Annulation : { $deadline }
mail-subject-reinstated-deadline = Rétablissement : { $deadline }
mail-subject-batch = { $count ->
    [one] 1 modification : { $listed }
   *[other] { $count } modifications : { $listed }
}
mail-and-more = et { $count } autres

mail-intro-planned = Une réunion est prévue ; sa date n'est pas encore arrêtée.
mail-intro-scheduled = Une réunion a été programmée.
mail-intro-reminder = Rappel : cette réunion commence { $when }.
mail-intro-occurrence = Rappel : cette réunion se tient { $when }, { $session }.
mail-intro-occurrence-unknown = Rappel : cette réunion se tient { $when }.
mail-intro-changed = Cette réunion a été modifiée. Les informations ci-dessous sont les nouvelles.
mail-intro-cancelled = Cette réunion a été annulée.
mail-intro-reinstated = Cette réunion est rétablie : son annulation a été retirée. Les informations ci-dessous sont à jour.
mail-intro-deadline-reminder = Rappel : { $what } : { $closes } { $when }, le { $date }.
mail-intro-deadline-set = Une échéance a été fixée.
mail-intro-batch = { $count ->
    [one] Le calendrier a été modifié. Les informations ci-dessous sont les nouvelles.
   *[other] Le calendrier a été modifié en { $count } points à la fois. Les informations ci-dessous sont les nouvelles.
}
mail-intro-batch-lists = Le présent avis est adressé à { $lists } et couvre toutes les modifications du lot qui la concernent.

mail-head-new = Nouveau : { $title }
mail-head-planned = Réunion prévue (date non encore arrêtée) : { $title }
mail-head-new-meeting = Nouvelle réunion : { $title }
mail-head-new-deadline = Nouvelle échéance : { $title }
mail-head-changed = Modification : { $title }
mail-head-cancelled = Annulation : { $title }
mail-head-reinstated = Rétablissement : { $title }
mail-head-removed-meeting = Supprimé : réunion { $id }
mail-head-removed-deadline = Supprimé : échéance { $id }

mail-field-groups = Groupes
mail-field-kind = Type
mail-field-status = Statut
mail-field-when = Date
mail-field-times = Horaires
mail-field-in-utc = En UTC
mail-field-where = Lieu
mail-field-remote = Participation à distance
mail-field-joining = Modalités de connexion
mail-field-deadlines = Échéances
mail-field-mailing-list = Liste de diffusion
mail-field-closes = Clôture
mail-field-send-to = Envoyer à
mail-field-register-at = S'inscrire sur
mail-field-meeting = Réunion

mail-status-tentative = Provisoire
mail-status-cancelled = Annulée
mail-status-cancelled-because = Annulée : { $reason }
mail-day-times = { $day }, { $times }
mail-not-on = pas le { $day }
mail-moved = { $from } reportée au { $to }, { $times }
mail-whole-days = { $dates }, journées entières, { $zone }
mail-from-to = du { $start } au { $end }
mail-time-tba = { $dates }, horaire à préciser ({ $zone })
mail-not-fixed = date non encore arrêtée : { $label } ({ $dates })
mail-not-fixed-planned = date non encore arrêtée : { $label } ({ $dates }), prévue { $times }
mail-planned-utc = prévue { $times } UTC
mail-planned-utc-two = prévue { $first } ou { $last } UTC (changement d'heure pendant la période)
mail-end-of-day = { $day }, en fin de journée, { $zone }
mail-deadline-line = { $what } : { $local } ({ $utc })
mail-deadline-send-to = { $line } ; envoyer à { $to }
mail-deadline-register-at = { $line } ; s'inscrire sur { $to }
mail-deadline-of-meeting = { $what } pour { $title }

mail-link-details = Informations détaillées
mail-link-meeting-details = Informations sur la réunion
mail-link-add = Ajouter à votre calendrier
mail-link-open = ouvrir le fichier joint { $file }
mail-link-subscribe = S'abonner au calendrier { $group }
mail-calendar-deadline = Échéance : { $what }
mail-calendar-changes = Modifications pour { $groups }
mail-footer = Message envoyé automatiquement par convene pour le secrétariat ({ $address }). Les heures sont indiquées dans le fuseau propre à chaque élément, en { $home } et en UTC.

mail-personal-subject = Votre calendrier de membre : { $groups }
mail-personal-asked = Quelqu'un (vous, nous l'espérons) a demandé le calendrier des membres de { $groups } sur { $site } pour cette adresse.
mail-personal-feed = Votre calendrier personnel, avec les modalités de connexion réservées aux membres :
mail-personal-add = Ajoutez-le à votre logiciel de calendrier par son adresse (« s'abonner depuis le Web » / « depuis une URL »). Ne le communiquez pas : toute personne qui le détient voit les modalités de connexion.
mail-personal-manage = Consulter ses groupes ou le révoquer :
mail-personal-ignore = Si vous ne l'avez pas demandé, révoquez-le à cette adresse ou ne tenez pas compte du présent message.
mail-personal-footer = Message envoyé par convene ({ $site }) à la demande de cette adresse.
