# Contract Watch — français. Chaque mot affiché sur une page se trouve ici; une traduction est une
# copie de ce dossier sous le code de la langue (fr/), avec les mêmes identifiants et les parties de
# droite traduites.
#
# Glossaire (à garder constant dans tous les fichiers fr/) :
#   solicitation ........... appel d'offres (pl. appels d'offres)
#   contract ............... contrat
#   renewal ................ renouvellement
#   bid / bidder ........... soumission / soumissionnaire
#   award (action) ......... octroi; awarded = octroyé
#   vendor ................. fournisseur
#   agency ................. service municipal (« service » quand le contexte est clair)
#   deciding body .......... instance décisionnelle (« instance »)
#   council / committee .... conseil / comité
#   meeting ................ séance
#   agenda item ............ point à l'ordre du jour
#   roll call .............. vote nominal
#   official ............... personne élue
#   digest ................. condensé (pre-vote digest = condensé avant le vote)
#   summary ................ résumé
#   comment packet ......... dossier des commentaires
#   concern / endorse ...... préoccupation / appuyer, appui
#   position support/oppose  favorable / défavorable (votes : pour / contre)
#   outsourcing ............ sous-traitance; outsource public work = confier du travail public au privé
#   organisation ........... organisation (section locale syndicale, groupe communautaire…)
#   representative ......... porte-parole
#   moderators / admins .... équipe de modération / équipe d'administration
#   watchlist .............. liste de suivi
#   follow / alert ......... suivre / alerte
#   jurisdiction ........... administration
#   email .................. courriel
#   sign in / sign out ..... se connecter / se déconnecter (session ouverte / fermée)
# Typographie québécoise : espace insécable avant le deux-points et à l'intérieur des guillemets
# « », aucune espace avant ; ? !, espace fine insécable comme séparateur des milliers.

## Formats
format-date = { $weekday } { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year }
format-time = { $hour24 } h { $minute }
format-date-time = { $date } à { $time }
number-group =  
number-decimal = ,
money = { $sign }{ $number } { $symbol }
money-millions = { $sign }{ $number } M{ $symbol }
money-billions = { $sign }{ $number } G{ $symbol }
currency-USD = $ US
currency-CAD = $
currency-GBP = £
currency-EUR = €
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Mise en page
site-name = Contract Watch
skip-to-content = Passer au contenu principal
nav-label = Menu principal
nav-home = Accueil
nav-search = Rechercher
nav-my-alerts = Mes alertes
nav-account = Compte ({ $name })
nav-sign-in = Se connecter
nav-sign-up = Créer un compte
nav-sign-out = Se déconnecter
breadcrumbs-label = Vous êtes ici
footer-help = Aide et nous joindre
footer-moderation-log = Journal de modération
footer-api = API de données ouvertes
pager-label = Plus de résultats
pager-next = Page suivante

## Erreurs
error-summary-title = Il y a un problème
error-prefix = Erreur :
error-title-prefix = Erreur :
error-stale-form = Ce formulaire avait expiré, donc rien n’a été envoyé. Votre texte est conservé ci-dessous : veuillez le soumettre de nouveau.
error-sign-in-needed = Connectez-vous pour faire cette action.
error-verify-first = Confirmez d’abord votre adresse courriel : suivez le lien que nous vous avons envoyé.
error-forbidden = Vous ne pouvez pas faire cette action.
error-gone = Cet élément n’existe plus.
error-try-again = Un problème est survenu de notre côté. Rien n’a été modifié; veuillez réessayer.
error-choose-one = Choisissez l’une des options.
error-sign-in-failed = L’adresse courriel ou le mot de passe est incorrect.
not-found-title = Page introuvable
not-found-body = Il n’y a rien à cette adresse. Elle a peut-être été mal saisie, ou l’élément a peut-être été retiré.
not-found-search = Rechercher des contrats et des appels d’offres
not-found-home = Aller à la page d’accueil
error-page-title = Nous sommes désolés, un problème est survenu
error-page-body = Rien n’a été modifié. Veuillez réessayer dans quelques minutes.

## Accueil
home-title = Ce qui se décide
home-heading = Contrats publics : ce qui se décide, et quand
home-jurisdiction-label = Afficher ce qui se passe dans
home-jurisdiction-all = Toutes les administrations
home-jurisdiction-button = Afficher
home-lede = Suivez les contrats qui vous touchent, faites connaître votre position et constatez que les personnes qui votent en ont été informées.
search-label = Rechercher des contrats, des appels d’offres, des fournisseurs et des services municipaux
search-button = Rechercher
home-votes-heading = Bientôt soumis au vote
home-votes-none = Aucun vote lié à l’approvisionnement n’est prévu dans les 60 prochains jours.
home-meeting-link = Ordre du jour de la séance
packet-csv = Commentaires (CSV)
packet-json = Commentaires (JSON)
home-renewals-heading = Contrats dont le renouvellement sera bientôt décidé
home-renewals-within = D’ici { $days } jours
home-renewals-none = Aucun renouvellement de contrat n’est à décider dans les 180 prochains jours.
home-open-heading = Nouveaux appels d’offres ouverts
home-open-none = Aucun appel d’offres n’est ouvert en ce moment.
home-outsourcing-heading = Projets de confier du travail public au privé
home-outsourcing-lede = Du travail fait actuellement par le personnel public, qu’un contrat confierait à une entreprise.
home-outsourcing-none = Aucun projet de sous-traitance en ce moment.
bids-due = dépôt des soumissions au plus tard le { $date }
renewal-decide-by = décision au plus tard le { $date } ({ $days ->
    [one] dans { $days } jour
   *[other] dans { $days } jours
})
contract-ends-in = { $days ->
    [one] se termine dans { $days } jour
   *[other] se termine dans { $days } jours
}
contract-no-end-date = sans date de fin
fact-no-end-date = sans date de fin
fact-indefinite-quantity = Pas de montant total : les prix sont fixés et les prestations commandées selon les besoins (contrat à quantité indéterminée)
fact-amendments-total = les avenants ajoutent { $value }
done-signed-out = Votre session est fermée.

## Pages des éléments
kind-solicitation = Appel d’offres
kind-contract = Contrat
kind-agenda_item = Point à l’ordre du jour
crumb-solicitations = Appels d’offres
crumb-contracts = Contrats
facts-heading = Les faits
fact-buyer = Service acheteur
fact-method = Mode d’acquisition
fact-status = Statut
fact-estimated-value = Valeur estimée
fact-value = Valeur actuelle
fact-value-at-award = { $value } à l’octroi
fact-period = Durée
fact-max-extent = peut être prolongé jusqu’au { $date }
fact-options-left = Options de renouvellement restantes
fact-next-decision = Prochaine décision
fact-solicitation = Issu de l’appel d’offres
fact-published = Date de publication
fact-questions-due = Date limite des questions
fact-pre-bid = Rencontre d’information des soumissionnaires
fact-bids-due = Date limite de dépôt des soumissions
fact-categories = Catégories
fact-vendor = Fournisseur
fact-decides = Objet de la décision
fact-meeting = Séance
fact-item-number = Numéro du point
fact-outcome = Résultat
fact-in-house = Travail fait actuellement à l’interne
fact-positions = { $count ->
    [one] { $count } poste public
   *[other] { $count } postes publics
}
fact-annual-cost = { $cost } par année
fact-bargaining-unit = unité de négociation : { $unit }
not-stated = Non précisé
amendments-heading = Modifications
amendment-new-end = nouvelle date de fin : { $date }
options-heading = Options de renouvellement
option-line = Option { $sequence } : du { $start } au { $end }, décision au plus tard le { $deadline }
option-exercised = exercée le { $date }
option-open = non exercée
documents-heading = Documents
renewal-kind-exercise_option = Renouvellement par l’exercice d’une option
renewal-kind-end_of_term = Fin du contrat
next-vote-heading = Prochain vote
next-vote-line = { $body } : vote prévu le { $date }.
next-vote-item = Point { $number } de l’ordre du jour
digest-note = Les commentaires publiés ici figureront dans le condensé que les { $members } membres de l’instance { $body } recevront le { $date }, soit { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} avant le vote.
digest-note-sent = Les membres de l’instance { $body } ont reçu leur dernier condensé avant ce vote; votre commentaire figure quand même dans le dossier public des commentaires.
roll-call-heading = Vote nominal : le vote de chaque personne élue
roll-call-totals = Pour : { $yes }, contre : { $no }, abstentions : { $abstain }, absences : { $absent }.
roll-call-official = Personne élue
roll-call-vote = Vote
follow-heading = Suivre
follow-legend = À quelle fréquence voulez-vous recevoir un courriel au sujet des changements?
follow-button = Suivre
follow-following = Vous suivez cet élément ({ $delivery }).
follow-manage = Modifier ou arrêter
delivery-immediate = au fur et à mesure
delivery-daily = un condensé quotidien
delivery-weekly = un condensé hebdomadaire
tally-heading = Les positions exprimées
tally-position = Position
tally-people = Personnes
tally-organizations = Organisations
tally-none = Personne n’a encore pris position.
org-positions-heading = Positions des organisations
org-raised-concern = a soulevé une préoccupation
verified = vérifiée
concerns-heading = Préoccupations
concerns-none = Aucune préoccupation n’a été signalée.
concern-by = soulevée par { $name }
endorsements-word = { $count ->
    [one] appui
   *[other] appuis
}
concern-evidence = Élément de preuve
concern-endorse = Appuyer
concern-withdraw = Retirer mon appui
response-by = Réponse de { $name }
response-by-official = Réponse de { $name }, { $title }
flag-heading = Signaler une préoccupation
flag-category = De quoi s’agit-il?
flag-severity = Quelle est sa gravité?
flag-summary = Votre préoccupation en une phrase
flag-summary-hint = Par exemple : « Le contrat n’exige pas de salaire viable. »
flag-details = Plus de détails (facultatif)
flag-evidence = Un lien vers un élément de preuve (facultatif)
flag-button = Signaler cette préoccupation
speak-as = S’exprimer au nom de
speak-as-myself = Moi-même ({ $name })
comments-heading = { $count ->
    [0] Commentaires
    [one] { $count } commentaire
   *[other] { $count } commentaires
}
comments-none = Aucun commentaire pour l’instant. Soyez la première personne à faire connaître votre position.
comment-deleted = Ce commentaire a été supprimé par la personne qui l’a écrit.
former-member = Ex-membre
comment-for-org = au nom de { $org }
comment-edited = modifié
comment-actions = Répondre ou signaler
comment-actions-mine = Répondre, modifier ou supprimer
comment-edit-link = Modifier mon commentaire
comment-edit-title = Modifier votre commentaire
comment-edit-lede = Votre commentaire sur { $title }.
comment-edit-label = Votre commentaire
comment-edit-hint = Écrivez en termes simples; les liens et les listes Markdown fonctionnent. Le commentaire sera indiqué comme modifié, et l’équipe de modération pourra voir le texte précédent.
comment-edit-button = Enregistrer la modification
comment-edit-cancel = Retour au commentaire, sans modification
comment-edit-not-yours = Vous ne pouvez modifier que vos propres commentaires
comment-edit-not-yours-body = Ce commentaire a été écrit par une autre personne. S’il enfreint les règles, signalez-le à partir de sa page.
error-back = Retour à la page précédente
comment-reached = { $quoted ->
    [yes] Cité dans le condensé envoyé le { $date } { $count ->
        [one] à { $count } membre
       *[other] aux { $count } membres
    } de l’instance { $body }.
   *[no] Pris en compte dans le condensé envoyé le { $date } { $count ->
        [one] à { $count } membre
       *[other] aux { $count } membres
    } de l’instance { $body }.
}
comment-reached-copy = Lire le condensé reçu
comment-actions-of = (commentaire de { $name })
reply-label = Votre réponse
reply-button = Publier la réponse
comment-delete = Supprimer mon commentaire
report-reason = Pourquoi l’équipe de modération devrait-elle examiner ce commentaire?
report-button = Signaler
comment-form-heading = Faites connaître votre position
comment-position = Votre position
comment-body = Votre commentaire
comment-body-hint = Les personnes élues reçoivent les commentaires dans leur condensé avant de voter. Donnez des détails précis; jusqu’à 5 000 caractères. Vous pouvez utiliser une mise en forme simple (Markdown).
comment-button = Publier le commentaire
comment-verify-first = Confirmez votre adresse courriel pour commenter : suivez le lien que nous vous avons envoyé.
comment-sign-in = Connectez-vous ou créez un compte pour commenter.
live-new-comment = Nouveau commentaire de { $name }.
live-concern-updated = Préoccupation mise à jour : { $summary }, { $count } appuis.
done-comment = Votre commentaire est publié.
done-follow = Vous suivez maintenant cet élément. Nous vous écrirons quand quelque chose changera.
done-concern = Votre préoccupation est signalée.
done-endorse = Vous avez appuyé la préoccupation.
done-withdraw = Vous avez retiré votre appui.
done-deleted = Votre commentaire est supprimé. Un espace réservé reste affiché pour que les réponses gardent leur sens.
done-edited = Votre commentaire est modifié. Il est indiqué comme modifié, et l’équipe de modération peut voir le texte précédent.
done-reported = Merci. L’équipe de modération examinera ce commentaire.
done-signed-in-draft = Votre session est ouverte. Votre texte se trouve ci-dessous, pas encore envoyé : vérifiez-le, puis envoyez-le.

## Vocabulaire
position-support = Favorable
position-oppose = Défavorable
position-concern = Préoccupation
position-question = Question
position-neutral = Neutre
label-outsourcing = Confie du travail public au privé
label-technology = Technologie
label-artificial_intelligence = Intelligence artificielle
label-automated_decisions = Décisions automatisées
label-surveillance = Surveillance
label-prevailing_wage = Salaire en vigueur obligatoire
label-living_wage = Salaire viable
label-project_labor_agreement = Convention collective de projet
label-labor_peace = Paix syndicale
label-environmental_criteria = Critères environnementaux
label-local_business_goal = Objectif d’entreprises locales
label-minority_women_owned_business_goal = Objectif d’entreprises appartenant à des femmes ou à des personnes issues des minorités
method-rfp = Appel de propositions
method-rfq = Demande de prix
method-ifb = Appel d’offres public
method-rfi = Demande d’information
method-sole_source = Contrat de gré à gré (sans concurrence)
method-emergency = Achat d’urgence
method-cooperative = Achat regroupé (adhésion au contrat d’une autre administration)
method-other = Autre mode, ou non précisé
red-flags-heading = Signaux d’alerte
search-flag = Contrats avec un signal d’alerte
red-flag-kind-past-max-extent = Au-delà de sa durée maximale
red-flag-kind-amendments-over-share = Avenants de plus de 25 % de la valeur
red-flag-kind-noncompetitive-above-threshold = Sans concurrence, montant élevé
red-flag-kind-ending-without-replacement = Prend fin, rien pour le remplacer
red-flags-hint = Calculés à partir des chiffres du registre, et non de l’avis de quiconque. Un signal est une question à poser, pas une conclusion.
red-flag-past-max-extent = Le contrat court, ou peut courir avec ses options, jusqu’au { $on } : au-delà de sa durée maximale, le { $until }.
red-flag-amendments-over-share = Les avenants ont ajouté { $amount } à une valeur initiale de { $limit }.
red-flag-noncompetitive-above-threshold = Acheté sans mise en concurrence (fournisseur unique ou urgence) pour { $amount }, au-delà de { $limit }.
red-flag-ending-without-replacement = Il prend fin le { $on }, et aucun appel d’offres en cours dans son service ne le remplace.
red-flag-short-submission-period = Les offres étaient attendues le { $until }, moins de { $days } jours après la publication du { $on }.
status-planned = Prévu
status-open = Ouvert aux soumissions
status-closed = Fermé aux soumissions
status-under_evaluation = En évaluation
status-awarded = Octroyé
status-cancelled = Annulé
contract-status-pending = Pas encore commencé
contract-status-active = En cours
contract-status-expired = Terminé
contract-status-terminated = Résilié
action-award = Octroi
action-renewal = Renouvellement
action-extension = Prolongation
action-amendment = Modification
action-other = Autre décision
outcome-pending = Pas encore décidé
outcome-approved = Approuvé
outcome-rejected = Rejeté
outcome-deferred = Reporté
outcome-withdrawn = Retiré
vote-yes = Pour
vote-no = Contre
vote-abstain = Abstention
vote-absent = Absence
concern-category-worker_rights = Droits des travailleuses et des travailleurs
concern-category-outsourcing = Sous-traitance de services publics
concern-category-equity = Équité raciale et économique
concern-category-environment = Environnement
concern-category-transparency = Transparence
concern-category-cost = Coût
concern-category-vendor_record = Antécédents du fournisseur
concern-category-technology_privacy = Technologie, données, IA ou surveillance
concern-category-other = Autre sujet
severity-low = Faible
severity-medium = Moyenne
severity-high = Élevée
concern-status-open = Ouverte
concern-status-acknowledged = Prise en compte
concern-status-addressed = Réglée
concern-status-dismissed = Rejetée
report-abuse = Propos abusifs ou harcèlement
report-spam = Pourriel
report-personal_information = Renseignements personnels
report-off_topic = Hors sujet
report-other = Autre raison

## Comptes
sign-in-title = Connexion
sign-in-button = Se connecter
sign-in-forgot = Mot de passe oublié?
sign-in-no-account = Créer un compte
sign-in-draft-kept = Votre session avait pris fin. Connectez-vous : votre texte sera récupéré, pas perdu.
field-email = Adresse courriel
field-email-hint = Nous vous envoyons un lien pour la confirmer. Elle n’est jamais montrée à qui que ce soit.
field-password = Mot de passe
field-new-password = Choisissez un mot de passe
field-password-hint = Au moins { $min } caractères. Une longue phrase est plus facile à retenir.
field-display-name = Votre nom public
field-display-name-hint = Affiché à côté de vos commentaires. Il peut s’agir de votre prénom.
sign-up-title = Créer un compte
sign-up-lede = Avec un compte, vous pouvez suivre des contrats, commenter et signaler des préoccupations. Vos commentaires sont publics; votre adresse courriel ne l’est pas.
sign-up-button = Créer le compte
sign-up-have-account = J’ai déjà un compte
sign-up-done-title = Consultez vos courriels
sign-up-done-body = Si l’adresse { $email } peut être utilisée, nous y avons envoyé un lien. Suivez-le pour confirmer votre adresse et terminer votre inscription.
sign-up-done-next = Le lien est valide pendant une durée limitée. Si vous ne recevez rien, vérifiez votre dossier de courriels indésirables ou inscrivez-vous de nouveau.

## Recherche
search-title = Rechercher et parcourir
search-results-title = « { $q } » – recherche
search-hint = Recherchez dans les titres, les descriptions, les numéros de référence, les fournisseurs et les services municipaux. Les accents ne comptent pas, et le début du dernier mot suffit (« entret » trouve « entretien »). Mettez des mots entre guillemets droits (" ") pour les trouver ensemble.
search-kind = Rechercher parmi
search-kind-all = Tout
search-kind-solicitation = Appels d’offres
search-kind-contract = Contrats
search-kind-vendor = Fournisseurs
search-kind-agency = Services municipaux
search-kind-agenda_item = Points à l’ordre du jour
search-filters = Filtres
search-filters-hint = Sans mots de recherche, affichez la liste des appels d’offres (ou des contrats, si vous choisissez Contrats ci-dessus) selon ces filtres.
search-any = Peu importe
search-label-filter = Étiquette
search-expiring = Contrats qui se terminent d’ici ce nombre de jours
search-apply = Appliquer les filtres
search-results-heading = Résultats
search-exact-reference = numéro de référence exact
search-count = { $count ->
    [one] Un résultat.
   *[other] { $count } résultats.
}
search-truncated = Plus de 1 000 fiches correspondent. Voici les plus pertinentes parmi les 1 000 premières trouvées : ajoutez un mot, ou un filtre, pour affiner la recherche.
search-none = Aucun résultat pour « { $q } ». Essayez avec moins de mots, ou avec le début d’un mot.
search-browse-none = Aucun résultat pour ces filtres.
error-days = Entrez un nombre de jours de 1 à 3 650.

## Séances
meeting-title = { $body }, séance du { $date }
meeting-agenda-heading = Points liés à l’approvisionnement à l’ordre du jour
meeting-agenda-none = Cette séance ne comporte aucun point lié à l’approvisionnement.
meeting-location = Lieu
meeting-status = Statut
meeting-agenda-link = L’ordre du jour complet
meeting-told-heading = Ce que les membres ont reçu
meeting-told-lede = Avant chaque vote, chaque membre de l’instance reçoit le même condensé de ce que dit la population. Voici chacun de ces condensés, tel qu’il a été envoyé.
meeting-told-none = Aucun condensé n’a encore été envoyé pour cette séance.
meeting-told-entry = Envoyé le { $date } { $count ->
    [one] à { $count } membre
   *[other] aux { $count } membres
} ({ $days ->
    [one] { $days } jour
   *[other] { $days } jours
} avant la séance) : { $subject }
meeting-recipients = Reçu par
meeting-status-scheduled = Prévue
meeting-status-held = Tenue
meeting-status-cancelled = Annulée
meeting-status-postponed = Reportée

## L'historique d'un élément : ce qui s'est passé, du plus récent au plus ancien
timeline-heading = Ce qui s’est passé
timeline-none = Aucun événement n’a encore été communiqué aux personnes qui suivent cet élément.
timeline-new-solicitation = Publication
timeline-solicitation-changed = Modification
timeline-renewal-window = Décision de renouvellement proche
timeline-vote-scheduled = Vote prévu
timeline-vote-rescheduled = Vote déplacé
timeline-vote-withdrawn = Vote retiré
timeline-vote-outcome = Décision rendue
timeline-comment-added = Commentaire
timeline-concern-added = Préoccupation signalée
timeline-official-response = Réponse
timeline-watchlist-item-added = Ajout à une liste de suivi

## Le formulaire de langue, au pied de page ; chaque langue se nomme elle-même
language-name = Français
language-label = Langue
language-button = Changer
language-refused = La langue n’a pas été changée
language-refused-body = Choisissez l’une des langues proposées par le formulaire et envoyez-le de nouveau.

## Les votes sur un contrat ou un appel d’offres, à côté de ce qu’a dit la communauté
votes-heading = Comment les membres ont voté
votes-item = { $body }, { $date } : { $outcome }
votes-beside-tally = La position de la communauté figure plus bas, sous « Les positions exprimées ».
conversation-of = Les commentaires et les préoccupations ci-dessous portent sur { $title }, que ce point décide : le condensé envoyé aux membres en rend compte.
conversation-link = Ouvrir sa page

## Browse filters: bids due, category, jurisdiction
search-due = Soumissions attendues d’ici ce nombre de jours
search-category = Code de catégorie
search-category-hint = Un code de n’importe quelle nomenclature, par exemple 561720 (SCIAN) ou 90911200 (CPV).
search-jurisdiction = Administration
error-days-due = Entrez un nombre de jours de 1 à 365.

feed-timeline = { $title } : ce qui s’est passé
feed-agency = { $name } : actualité des achats
feed-deadlines = { $name } : échéances des offres et des questions
feed-meetings = { $name } : séances
feed-positions = { $name } : prises de position
feed-search = Recherche : { $q }
subscribe-timeline = S’abonner aux mises à jour (flux Atom)
subscribe-agency = S’abonner à l’actualité de ce service (flux Atom)
subscribe-deadlines = Ajouter ses échéances à votre agenda (iCalendar)
subscribe-meetings = Ajouter ses séances à votre agenda (iCalendar)
subscribe-positions = S’abonner à ses prises de position (flux Atom)
subscribe-search = S’abonner à cette recherche : « { $q } » (flux Atom)
