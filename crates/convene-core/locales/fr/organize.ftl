# Pages des organisateurs. Le texte saisi par les organisateurs (titres,
# descriptions, noms) n'est jamais traduit; les erreurs de champ des cas
# d'utilisation sont affichées telles quelles, après le nom du champ dans l'API.

org-for-organizers = Espace des organisateurs

org-all-meetings = Toutes les réunions
org-back = Retour aux pages des organisateurs
org-preview-button = Aperçu
org-change-it = Modifier
org-field-error = { $field } : { $message }
org-csrf-title = Formulaire refusé
org-csrf-refused = Ce formulaire a été refusé : il ne portait pas le code de sécurité de cette session (le champ csrf). Aucune modification n'a été apportée.
org-csrf-again = Revenez aux pages des organisateurs, rechargez le formulaire et envoyez-le de nouveau.
org-not-yours = Modification non autorisée

org-sign-in-title = Connexion des organisateurs
org-sign-in-lead = Les présidents des groupes et les fonctionnaires du secrétariat modifient ici le calendrier : ajout, déplacement, annulation et rétablissement de réunions, avec un aperçu des conflits, des heures dans chaque fuseau des participants et des courriels exacts avant tout enregistrement.
org-token = Jeton d'API
org-token-hint = Le jeton remis par le secrétariat (il commence par { $prefix }). Il est vérifié une seule fois ; le serveur ouvre ensuite une session pour vous.
org-sign-in = Se connecter
org-bad-token = Ce jeton n'est pas valide : il est inconnu ou a été révoqué. Vérifiez qu'il a été collé en entier, ou demandez-en un nouveau au secrétariat.
org-too-many = Trop de tentatives de connexion depuis cette adresse. Veuillez patienter une minute avant de réessayer.

org-list-title = Organisation des réunions
org-sign-out = Se déconnecter
org-who = { $name } (jeton { $id })
org-signed-in-as = Connecté en tant que
org-may-change = Vous pouvez modifier les réunions des groupes suivants :
org-add-meeting = Ajouter une réunion
org-add-deadline = Ajouter une date limite
org-upcoming = À venir
org-from-soonest = À partir du { $date }, dans l'ordre chronologique.
org-no-upcoming = Aucune réunion à venir.
org-past = Réunions passées
org-no-past = Aucune réunion passée.
org-cancelled = annulée
org-edit = Modifier
org-edit-label = Modifier { $title } ({ $id })
org-reinstate = Rétablir
org-reinstate-label = Rétablir { $title } ({ $id })
org-cancel = Annuler
org-cancel-label = Annuler { $title } ({ $id })
org-add-deadline-label = Ajouter une date limite à { $title } ({ $id })
org-joint-outside = Réunion commune avec des groupes hors du champ de votre jeton : seul le secrétariat peut la modifier.
org-when = { $days }, { $local } ({ $utc })
org-no-time = { $date } (heure non fixée)

org-edit-meeting = Modifier la réunion { $id }
org-title = Titre
org-groups = Groupes
org-kind = Type
org-zone = Fuseau horaire
org-zone-hint = Une ville (Genève, New York, Beijing) ou un fuseau (Europe/Zurich).
org-date = Date
org-until = Jusqu'au (plusieurs jours)
org-start = Début
org-end = Fin
org-recurrence = Règle de la série (recurrence)
org-recurrence-hint = Laisser vide pour une réunion unique. Pour une série : { $example } (la date est celle de la première occurrence).
org-remote-url = Lien de participation à distance (remote_url)
org-venue = Lieu
org-city = Ville
org-country = Pays
org-url = Page de la réunion (url)
org-description = Description
org-id = Identifiant (facultatif)
org-id-hint = Lettres a-z, chiffres et traits d'union. Laissé vide : groupe, date et type, par exemple { $example }.
org-derive = Déduire ses dates limites de la règle applicable à son type

org-cancel-meeting = Annuler la réunion { $id }
org-reinstate-meeting = Rétablir la réunion { $id }
org-reason = Motif (communiqué aux listes)

org-deadline-meeting = Réunion (son identifiant)
org-deadline-meeting-hint = Laisser vide pour une date limite propre à un groupe.
org-deadline-group = Ou un groupe
org-deadline-group-none = (celui de la réunion)
org-deadline-title = Titre (facultatif)
org-deadline-time = Heure (facultatif)
org-deadline-zone = Fuseau horaire (facultatif)
org-deadline-zone-hint = Une ville ou un fuseau ; à défaut, celui de la réunion.
org-deadline-email = À envoyer à (email)
org-deadline-url = Ou en ligne (url)
org-deadline-note = Note
org-deadline-kind-contribution = Contributions
org-deadline-kind-registration = Inscription
org-deadline-kind-visa-support-letter = Demandes de lettre d'appui pour visa
org-deadline-kind-other = Autre

org-preview = Aperçu : rien n'est encore enregistré
org-times-in = ({ $id } ; fuseau : { $zone })
org-when-heading = Date et heure
org-zones-label = { $when } dans chaque fuseau des participants
org-zones-caption = Dans chaque fuseau des participants de ses groupes
org-zone-col = Fuseau
org-local-col = Heure locale
org-fit-col = Plage
org-fit-in-hours = heures de bureau
org-fit-out-of-hours = hors des heures de bureau
org-fit-night = de nuit
org-zone-local = { $when } (UTC{ $offset })
org-conflicts = Conflits
org-no-conflict = Aucun conflit avec les réunions confirmées du même groupe, d'un groupe parent ou d'un sous-groupe.
org-overlaps = { $count ->
    [one] Elle chevauche { $count } réunion confirmée du même groupe, d'un groupe parent ou d'un sous-groupe :
   *[other] Elle chevauche { $count } réunions confirmées du même groupe, d'un groupe parent ou d'un sous-groupe :
}
org-not-saved-conflicts = { $count ->
    [one] Non enregistré : elle chevauche { $count } réunion confirmée. Choisissez un créneau libre, ou cochez « Enregistrer malgré tout » et confirmez de nouveau.
   *[other] Non enregistré : elle chevauche { $count } réunions confirmées. Choisissez un créneau libre, ou cochez « Enregistrer malgré tout » et confirmez de nouveau.
}
org-overlap-span = du { $from } au { $to }
org-slots = Créneaux libres à proximité
org-slots-hint = Les horaires libres les plus équitables pour les fuseaux des participants de ses groupes, trois jours avant et après. Choisissez-en un pour en obtenir l'aperçu.
org-slot-fit = heures de bureau pour un poids de { $weight } sur { $total } ; { $night ->
    [0] aucun fuseau de nuit
    [one] { $night } fuseau de nuit
   *[other] { $night } fuseaux de nuit
}
org-use-slot = Retenir ce créneau
org-use-slot-label = Retenir ce créneau : { $when }
org-deadlines = Dates limites
org-deadline-closes = clôture le { $local } ({ $utc })
org-mails = Courriels qui seront envoyés
org-no-mail = Aucun courriel.
org-mail-to = À :
org-mail-subject = Objet :
org-mail-due = Envoi le { $when }
org-save-anyway = Enregistrer malgré tout, en dépit des conflits
org-cannot-reinstate = Elle ne peut être rétablie tant qu'elle chevauche ces réunions : déplacez ou annulez d'abord l'une d'elles.
org-confirm = Confirmer et envoyer les courriels
org-silent = Enregistrer sans courriel (correction discrète)
