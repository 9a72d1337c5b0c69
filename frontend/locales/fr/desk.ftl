# Contract Watch — français : les pages de travail (l'espace du personnel, l'espace des personnes
# élues, la modération et l'administration) et la page de refus. Les mots que ces pages partagent
# avec les pages publiques (actions, résultats, votes, statuts des séances, types d'éléments) se
# trouvent dans main.ftl; aucun identifiant de ce fichier ne doit répéter l'un de ceux de main.ftl.

## En-tête
desk-staff = Espace du personnel
desk-official = Mon espace de personne élue
desk-moderation = Modération
desk-admin = Administration

## Refus
forbidden-title = Vous ne pouvez pas ouvrir cette page
forbidden-body = Cette page est réservée aux personnes qui ont un autre rôle. Si vous pensez devoir y avoir accès, adressez-vous à l’équipe d’administration.
forbidden-verify = Confirmez d’abord votre adresse courriel : les pages de travail ne s’ouvrent qu’aux comptes confirmés.
forbidden-sign-in = Connectez-vous avec un compte qui a le rôle exigé par cette page.

## Modifier par-dessus la modification d'une autre personne
conflict-heading = Une autre personne a modifié cet élément depuis que vous l’avez ouvert
conflict-lede = Votre modification n’a pas été enregistrée. Voici sa version à côté de la vôtre.
conflict-field = Champ
conflict-theirs = Version enregistrée
conflict-yours = Votre version
conflict-next = Le formulaire ci-dessous contient toujours votre version : modifiez ce qu’il faut, puis enregistrez de nouveau pour remplacer la sienne.

## L'espace du personnel
staff-choose-title = Choisissez une administration
staff-choose-lede = Votre rôle vous permet de travailler pour toutes les administrations. Laquelle voulez-vous ouvrir?
staff-home-title = Espace du personnel : { $name }
staff-tasks-heading = Ce qu’il y a à faire
staff-task-new-meeting = Ajouter une séance
staff-task-registry = Le registre : services municipaux, instances, personnes élues, fournisseurs, appels d’offres et contrats
staff-task-concerns = Préoccupations auxquelles répondre
staff-task-import = Importer un fichier
staff-task-audit = Journal d’audit
staff-meetings-heading = Prochaines séances
staff-meetings-none = Aucune séance n’est prévue.
staff-meeting-when = Date
staff-meeting-body = Instance
staff-meeting-items = Points à l’ordre du jour
staff-bodies-heading = Les instances et leurs condensés
staff-lead-times-lede = Les membres de chaque instance reçoivent un condensé de ce que dit la population, ce nombre de jours avant chaque séance.
staff-lead-times-label = Jours avant une séance : { $body }
staff-lead-times-hint = Des jours entiers, séparés par des virgules, par exemple 7, 2. Laissez vide pour garder les délais habituels de 7 et 2 jours.
staff-lead-times-button = Enregistrer
staff-error-lead-days = Entrez des jours entiers séparés par des virgules, par exemple 7, 2.
staff-done-lead-times = Les délais sont enregistrés. Les condensés qui ne sont pas encore envoyés les suivront.
staff-done-meeting = La séance est ajoutée. Ajoutez maintenant son ordre du jour.
staff-done-moved = La séance est enregistrée. Les personnes qui suivent ses points sont avisées quand elle est déplacée.
staff-done-item = Le point est ajouté. Ajoutez le suivant ci-dessous.
staff-done-linked = Le point est lié. Les personnes qui suivent son contrat seront informées du vote.
staff-done-votes = Le vote nominal est consigné et le résultat est publié.
staff-done-resent = Un nouveau lien de confirmation a été envoyé à l’adresse de contact de la personne élue.
staff-done-saved = C’est enregistré.
staff-done-archived = C’est archivé. L’élément n’apparaît plus sur les pages publiques; le journal d’audit conserve la modification.
staff-done-answered = Votre réponse est publiée sur la page de l’élément.
staff-done-imported = L’importation est terminée. Son rapport figure ci-dessous.
staff-refused-title = Cette action n’a pas été faite
staff-meeting-crumb = Séance
staff-back = Retour

## Une séance
staff-new-meeting-title = Ajouter une séance
staff-new-meeting-button = Ajouter la séance
staff-meeting-starts-label = Début
staff-meeting-starts-hint = Heure locale du fuseau { $zone }.
staff-meeting-location-label = Lieu (facultatif)
staff-meeting-agenda-label = Adresse de l’ordre du jour publié (facultatif)
staff-error-starts = Entrez le jour et l’heure du début de la séance (une heure qui existe ce jour-là).
staff-meeting-public-page = La page publique de la séance
staff-item-decides = Objet de la décision :
staff-item-unlinked = Pas encore lié. S’agit-il de l’un de ces contrats?
staff-link-button = Lier { $reference }
staff-link-reasons = pointage { $score } : { $reasons }
staff-link-none = Aucun contrat probable n’a été trouvé. Liez-en un en modifiant le point dans le registre.
staff-roll-call-link = Consigner le vote nominal
staff-add-item-heading = Ajouter un point à l’ordre du jour
staff-item-number-label = Numéro du point
staff-item-title-label = Titre
staff-item-action-label = Type de décision
staff-item-decides-legend = Le contrat ou l’appel d’offres visé par la décision (facultatif)
staff-find-label = Rechercher par numéro de référence, titre ou fournisseur
staff-find-hint = Appuyez ensuite sur Rechercher et choisissez l’un des résultats.
staff-find-button = Rechercher
staff-error-find-empty = Tapez ce que vous cherchez.
staff-find-results = { $count ->
    [one] Un résultat :
   *[other] { $count } résultats :
}
staff-find-none = Aucun résultat. Essayez avec le numéro de référence.
staff-item-decides-none = Aucun de ces choix
staff-add-item-button = Ajouter le point
staff-digests-heading = Avant le vote : les condensés des membres
staff-digests-lede = Chaque membre reçoit un condensé { $days } jours avant la séance. Ouvrez un aperçu pour voir exactement ce que chaque membre recevra.
staff-digests-none = Personne ne siège à cette instance à la date de la séance.
staff-digest-member = Membre
staff-digest-lead = Délai
staff-digest-state = État
staff-digest-detail = Quand, ou pourquoi
staff-digest-actions = Actions
staff-digest-days = { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
staff-digest-no-address-fix = Entrez l’adresse de contact de la personne élue dans le registre; un lien lui sera envoyé pour la confirmer.
staff-digest-preview = Aperçu
staff-resend-button = Envoyer un nouveau lien de confirmation
digest-state-scheduled = Prévu
digest-state-queued = En file d’attente
digest-state-sent = Envoyé
digest-state-failed = Échec
digest-state-no_address = Aucune adresse
digest-state-skipped = Omis
digest-state-opted_out = Désabonnement
staff-move-heading = Déplacer ou modifier la séance
staff-move-button = Enregistrer la séance

## Le vote nominal
staff-roll-call-title = Vote nominal : { $number }. { $title }
staff-roll-call-lede = { $body }, { $date }. Consignez un vote pour chaque membre qui siégeait ce jour-là; si un membre n’était pas présent, choisissez Absence.
staff-roll-call-caption = { $count ->
    [one] Le membre qui siégeait ce jour-là
   *[other] Les { $count } membres qui siégeaient ce jour-là
}
staff-roll-call-nobody = Personne ne siège à l’instance à la date de la séance. Ajoutez d’abord les sièges des membres dans le registre.
staff-outcome-label = Résultat
staff-outcome-choose = Choisissez le résultat
staff-error-outcome = Choisissez le résultat.
staff-reason-label = Note pour le journal d’audit (facultatif)
staff-reason-hint = Par exemple : correction du vote d’un membre.
staff-roll-call-button = Consigner le vote nominal

## L'aperçu d'un condensé
staff-preview-title = Condensé pour { $name }
staff-preview-lede = { $body }, séance du { $date }, envoyé { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} avant la séance.
staff-preview-subject = Objet
staff-preview-html = Le message
staff-preview-text = La version en texte brut

## Modération
moderation-queue-title = File de modération
moderation-queue-lede = Les commentaires masqués et les commentaires signalés, les plus signalés en premier. L’identité des personnes qui signalent n’est jamais affichée. Chaque décision et sa raison sont publiées dans le
moderation-queue-empty = Rien n’est en attente : aucun commentaire n’est masqué ni signalé.
moderation-case-heading = { $count ->
    [0] Masqué automatiquement
    [one] Signalé une fois
   *[other] Signalé par { $count } personnes
}
moderation-case-meta = Publié le { $date } sur
moderation-author-link = Les autres commentaires de { $name }
moderation-reports-heading = Pourquoi des personnes l’ont signalé
moderation-decision-legend = Décision
moderation-decision-hide = Le masquer pendant son examen
moderation-decision-restore = Le rétablir : il n’enfreint aucune règle
moderation-decision-remove = Le retirer : il enfreint les règles
moderation-reason-label = Raison
moderation-reason-hint = Affichée dans le journal public de modération et envoyée à la personne qui a écrit le commentaire. Nommez la règle, pas la personne.
moderation-error-reason = Donnez la raison : le journal public l’affiche.
moderation-decide-button = Décider
moderation-decide-summary = Prendre une décision sur ce commentaire
moderation-done-hide = Le commentaire est masqué. Le journal public indique pourquoi.
moderation-done-restore = Le commentaire est rétabli. Le journal public indique pourquoi.
moderation-done-remove = Le commentaire est retiré. Le journal public indique pourquoi.
moderation-author-title = Commentaires de { $name }
moderation-author-none = Cette personne n’a écrit aucun commentaire.
visibility-visible = Visible
visibility-hidden = Masqué
visibility-removed = Retiré

## Administration
admin-title = Administration
admin-audit-link = Le journal d’audit complet
admin-find-heading = Trouver un compte
admin-find-label = Adresse courriel
admin-find-button = Rechercher
admin-find-none = Aucun compte n’a cette adresse.
admin-user-role = Rôle
admin-user-confirmed = Adresse confirmée
admin-user-official = Parle au nom de
admin-user-official-none = Aucune personne élue
admin-role-resident = Personne résidente
admin-role-staff = Personnel
admin-role-moderator = Modération
admin-role-admin = Administration
admin-role-heading = Rôle
admin-jurisdiction-label = Administration (personnel seulement)
admin-jurisdiction-hint = Le personnel ne modifie que le registre de cette administration.
admin-jurisdiction-none = Aucune
admin-reason-label = Raison (conservée dans le journal d’audit)
admin-role-button = Enregistrer le rôle
admin-official-heading = Personne élue
admin-official-label = La personne élue au nom de laquelle ce compte parle
admin-official-hint = Faites ce lien seulement après avoir vérifié qui détient le compte. Cette personne pourra alors répondre aux préoccupations au nom de la personne élue et choisir ses condensés.
admin-official-unlink = Personne (retirer le lien)
admin-official-button = Enregistrer le lien
admin-organizations-heading = Organisations
admin-organizations-lede = Avant de vérifier une organisation, assurez-vous qu’elle est bien celle qu’elle dit être : seules les positions des organisations vérifiées comptent comme positions d’organisations.
admin-org-verified = Vérifiée
admin-org-waiting = En attente de vérification
admin-verify-reason-label = Raison : { $name }
admin-verify-hint = Comment vous l’avez vérifiée, pour le journal d’audit (facultatif).
admin-unverify-hint = Pourquoi la vérification est retirée (obligatoire; conservée dans le journal d’audit).
admin-verify-button = Vérifier
admin-unverify-button = Retirer la vérification
admin-done-role = Le rôle est enregistré.
admin-done-official = Le lien est enregistré.
admin-done-verified = L’organisation est vérifiée.
admin-done-unverified = La vérification est retirée.

## Le journal d'audit
audit-title = Journal d’audit
audit-lede = Chaque modification faite par le personnel, l’équipe de modération et l’équipe d’administration, de la plus récente à la plus ancienne, avec qui l’a faite et pourquoi.
audit-filter-heading = Afficher seulement
audit-target-type = Type de fiche
audit-any = Tous
audit-action = Modification
audit-action-hint = Par exemple updateContract ou recordVotes.
audit-target = Une fiche
audit-target-hint = L’identifiant de la fiche, tiré de l’adresse de sa page.
audit-actor = Une personne
audit-actor-hint = L’identifiant de son compte (suivez un nom dans la liste).
audit-filter-button = Afficher
audit-entries-heading = Modifications
audit-when = Date
audit-who = Qui
audit-row = Fiche
audit-reason = Raison
audit-open = Ouvrir
audit-former = Ancien compte
audit-command-line = La ligne de commande
audit-none = Aucune modification ne correspond.

## Préoccupations auxquelles répondre
answers-title = Préoccupations auxquelles répondre
answers-lede = Les préoccupations signalées par la population et les organisations sur les appels d’offres, les contrats et les points à l’ordre du jour de cette administration, qui sont encore ouvertes ou seulement prises en compte. Votre réponse est publiée avec votre nom sur la page de l’élément.
answers-order = Afficher d’abord :
answers-order-oldest = celles qui attendent depuis le plus longtemps
answers-order-endorsed = les plus appuyées
answers-endorsements = { $count ->
    [one] { $count } appui
   *[other] { $count } appuis
}
answers-flagged = signalée le { $date }
answers-about = Au sujet de :
answers-answered = Réponse de { $name }, le { $date }
answers-body-label = Votre réponse
answers-body-hint = Publiée telle quelle. Le Markdown fonctionne : **bold** (gras), listes, liens.
answers-status-legend = Le statut de la préoccupation après votre réponse
answers-button = Publier la réponse
answers-none = Aucune préoccupation n’attend de réponse.

## L'espace de la personne élue
official-desk-title = { $name } : votre espace
official-desk-public-page = Votre page publique
official-meetings-heading = Vos prochaines séances
official-meetings-none = Aucune de vos instances n’a de séance prévue.
official-digests-lede = Le condensé que vous recevrez :
official-digest-before = avant cette séance de l’instance { $body }
official-choices-heading = Vos condensés
official-choice-pre-vote = Avant chaque vote, un condensé de ce que dit la population au sujet des points
official-choice-weekly = Un résumé hebdomadaire des nouvelles préoccupations et des nouveaux commentaires
official-choice-yes = Oui, l’envoyer
official-choice-no = Non
official-choices-public = Votre page publique indique si vous recevez les condensés avant le vote.
official-choices-button = Enregistrer mes choix
official-done-choices = Vos choix sont enregistrés.
official-concerns-lede = Vous pouvez répondre aux préoccupations sur les points que vos instances décident; votre réponse s’affiche avec votre nom et votre fonction.

## Le registre
staff-task-registry-short = Registre
registry-title = Registre : { $name }
registry-find-label = Rechercher un appel d’offres, un contrat, un fournisseur ou un service municipal
registry-section-agencies = Services municipaux
registry-section-bodies = Instances
registry-section-officials = Personnes élues
registry-section-solicitations = Derniers appels d’offres
registry-section-contracts = Contrats qui se terminent le plus tôt
registry-section-vendors = Fournisseurs
registry-vendors-lede = Les fournisseurs sont communs à toutes les administrations. Recherchez-en un par son nom ci-dessus.
registry-none = Rien pour l’instant.
registry-new-agency = Ajouter un service municipal
registry-new-body = Ajouter une instance
registry-new-official = Ajouter une personne élue
registry-new-vendor = Ajouter un fournisseur
registry-new-solicitation = Ajouter un appel d’offres
registry-new-contract = Ajouter un contrat
registry-kind-agency = service municipal
registry-kind-body = instance
registry-kind-official = personne élue
registry-kind-vendor = fournisseur
registry-kind-solicitation = appel d’offres
registry-kind-contract = contrat
registry-new-title = Nouvelle fiche : { $kind }
registry-edit-title = Modifier la fiche : { $name } ({ $kind })
registry-public-page = Sa page publique
registry-optional = (facultatif)
registry-picked = La fiche choisie précédemment
registry-find-row = Rechercher par nom, titre ou numéro de référence
registry-save = Enregistrer
registry-save-another = Enregistrer et ajouter une autre fiche
registry-name = Nom
registry-acronym = Sigle
registry-body-kind = Type d’instance
registry-official-title = Fonction, par exemple Conseiller municipal
registry-district = District ou quartier
registry-contact-email = Adresse de contact pour les condensés
registry-contact-email-hint = Jamais affichée publiquement. Un lien est envoyé à toute adresse nouvelle ou modifiée pour la confirmer; les condensés y sont envoyés une fois l’adresse confirmée.
registry-identifiers = Identifiants externes
registry-identifiers-hint = Un par ligne : le registre, puis le numéro, par exemple US-UEI ZQGGHJH74DW7.
registry-agency = Service municipal
registry-vendor = Fournisseur
registry-solicitation = Issu de l’appel d’offres
registry-reference = Numéro de référence
registry-title-field = Titre
registry-description = Description
registry-method = Mode d’acquisition
registry-status = Statut
registry-estimated-value = Valeur estimée
registry-estimated-value-hint = Un nombre, par exemple 1250000.00.
registry-currency = Devise (trois lettres, par exemple USD)
registry-published-at = Date de publication
registry-published-at-hint = Heure locale de l’administration.
registry-questions-due-at = Date limite des questions
registry-questions-due-at-hint = Heure locale de l’administration.
registry-bids-due-at = Date limite de dépôt des soumissions
registry-bids-due-at-hint = Heure locale de l’administration.
registry-pre-bid-at = Rencontre d’information des soumissionnaires
registry-pre-bid-at-hint = Heure locale de l’administration.
registry-categories = Codes de catégorie
registry-categories-hint = Un par ligne : la nomenclature, le code, puis sa signification, par exemple UNSPSC 76111500 Services de nettoyage de bâtiments.
registry-labels = Étiquettes
registry-inhouse-fte = Postes publics qui font ce travail aujourd’hui (sous-traitance)
registry-inhouse-fte-hint = En équivalents temps plein, par exemple 42 ou 12.5.
registry-inhouse-cost = Leur coût annuel à l’interne
registry-inhouse-cost-hint = Un nombre, par exemple 3100000.00.
registry-bargaining-unit = Leur unité de négociation
registry-value = Valeur initiale
registry-value-hint = Un nombre, par exemple 1250000.00; 0 pour un contrat qui fixe des prix, mais pas de montant total.
registry-start-date = Date de début
registry-end-date = Date de fin
registry-max-extent = Fin au plus tard, avec tous les renouvellements
registry-error-date = Entrez une date, par exemple 2027-06-30.
registry-error-number = Entrez un nombre, par exemple 12.5.
registry-error-pick = Recherchez la fiche et choisissez-la.
registry-error-identifier = Écrivez chaque identifiant ainsi : le registre, une espace, puis le numéro.
registry-error-category = Écrivez chaque catégorie ainsi : la nomenclature, une espace, le code, puis sa signification.
registry-error-archive-reason = Indiquez pourquoi vous l’archivez : le journal d’audit conserve la raison.
registry-terms-heading = Sièges au sein des instances
registry-terms-none = Aucun siège pour l’instant : ajoutez-en un pour que la personne élue figure dans l’instance et dans ses votes nominaux.
registry-term-open = aucune fin prévue
registry-term-role = Rôle
registry-term-starts = Début
registry-term-ends = Fin
registry-term-button = Ajouter le siège
registry-term-save = Enregistrer le siège
registry-term-add-heading = Ajouter un siège
registry-documents-heading = Documents et addenda
registry-documents-none = Aucun document pour l’instant.
registry-document-title = Titre
registry-document-title-hint = Par exemple : Addenda 2 – portée des travaux révisée.
registry-document-url = Adresse (http ou https)
registry-document-button = Publier le document
registry-options-heading = Options de renouvellement
registry-options-none = Aucune option de renouvellement.
registry-option-line = Option { $n } : du { $start } au { $end }, décision au plus tard le { $deadline }
registry-option-exercised = Exercée le { $date }
registry-exercised-on = Date d’exercice
registry-exercise-button = Consigner l’exercice de l’option { $n }
registry-add-option-heading = Ajouter une option de renouvellement
registry-option-start = Début de la période
registry-option-end = Fin de la période
registry-option-value = Valeur de la période
registry-option-deadline = Décision au plus tard le
registry-add-option-button = Ajouter l’option
registry-amendments-heading = Avenants
registry-amendments-none = Aucun avenant.
registry-new-end = nouvelle date de fin : { $date }
registry-current-value = Valeur avec tous les avenants : { $value }
registry-amended-on = Date de l’avenant
registry-value-change = Variation de la valeur
registry-value-change-hint = Négative quand la valeur diminue, par exemple -25000.00.
registry-new-end-date = Nouvelle date de fin
registry-amendment-button = Consigner l’avenant
registry-archive-heading = Archiver
registry-archive-lede = L’archivage retire la fiche des pages publiques et de la recherche. Rien n’est supprimé : le journal d’audit la conserve.
registry-archive-reason = Raison
registry-archive-button = Archiver

## Importations
import-title = Importer un fichier
import-crumb = Importation
import-lede = Téléversez ce que vos systèmes publient : un fichier OCDS ou un export CSV des contrats de la ville. Le fichier est d’abord vérifié : vous voyez ce qu’il créerait, modifierait et écarterait, et pourquoi. Rien ne change avant que vous l’appliquiez.
import-source-legend = Type de fichier
import-source-ocds = OCDS (paquets de publications ou d’enregistrements, publications, JSON Lines; gzip aussi)
import-source-csv_chicago = CSV : l’export des contrats de la Ville de Chicago
import-source-csv_nyc = CSV : les attributions récentes de la Ville de New York
import-source-csv_san_francisco = CSV : les contrats fournisseurs de San Francisco
import-file-label = Le fichier
import-file-hint = Jusqu’à { $mib } Mio ici; les fichiers plus gros s’importent en ligne de commande (voir le guide du personnel).
import-check-button = Vérifier le fichier
import-error-no-file = Choisissez le fichier à importer.
import-error-too-large = Le fichier est trop gros pour cette page : importez-le en ligne de commande.
import-error-unreadable = Le fichier n’a pas pu être lu. Réessayez.
import-history-heading = Historique des importations
import-history-none = Aucun fichier n’a encore été importé depuis cette page.
import-legistar-note = Les ordres du jour Legistar sont lus depuis le service Legistar de la ville en ligne de commande (`contract-watch import legistar`), à intervalles réguliers.
import-file = Fichier
import-state = État
import-source = Type
import-created = Créées
import-updated = Modifiées
import-skipped = Écartés
import-state-checked = Vérifié, non appliqué
import-state-applied = Appliqué
import-run-title = Importation de { $file }
import-would-heading = Ce que l’importation ferait
import-did-heading = Ce que l’importation a fait
import-summary-created = { $count ->
    [one] { $count } fiche créée
   *[other] { $count } fiches créées
}
import-summary-updated = { $count ->
    [one] { $count } fiche modifiée
   *[other] { $count } fiches modifiées
}
import-summary-unchanged = { $count ->
    [one] { $count } fiche déjà conforme au fichier
   *[other] { $count } fiches déjà conformes au fichier
}
import-summary-skipped = { $count ->
    [one] { $count } élément écarté
   *[other] { $count } éléments écartés
}
import-apply-button = Appliquer : importer ce fichier
import-created-list = Les fiches créées ({ $count })
import-updated-list = Les fiches modifiées ({ $count })
import-skipped-heading = Écartés, et pourquoi
import-path = Emplacement dans le fichier
import-notes = Ajustements ({ $count })
import-back = Retour aux importations
