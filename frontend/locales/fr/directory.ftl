# Contract Watch — français : les pages du répertoire (instances décisionnelles, personnes élues,
# services municipaux, fournisseurs) et le journal public de modération. Les mots que ces pages
# partagent avec les pages des éléments (suivre, fréquence, votes, positions, séances) se trouvent
# dans main.ftl; aucun identifiant de ce fichier ne doit répéter l'un de ceux de main.ftl.

## Faits communs aux pages du répertoire
fact-kind = Type
fact-jurisdiction = Administration
fact-acronym = Sigle
fact-office = Fonction
fact-district = District

## Sièges au sein d'une instance
term-body = Instance
term-role = Rôle
term-starts = Début
term-ends = Fin
term-no-end = Aucune fin prévue
office-role-member = Membre
office-role-chair = Présidence
office-role-vice_chair = Vice-présidence

## Instances décisionnelles
body-title = { $name }, { $jurisdiction }
body-kind-council = Conseil
body-kind-committee = Comité
body-kind-board = Conseil d’administration
body-kind-commission = Commission
body-members-heading = Membres actuels
body-members-none = Personne ne siège actuellement à cette instance.
body-meetings-heading = Prochaines séances
body-meetings-none = Aucune séance de cette instance n’est prévue.
body-meeting-items = { $count ->
    [0] aucun point à l’ordre du jour pour l’instant
    [one] { $count } point à l’ordre du jour
   *[other] { $count } points à l’ordre du jour
}
body-follow-lede = Nous vous écrivons quand les séances de cette instance ou les contrats inscrits à ses ordres du jour changent.

## Personnes élues
official-title = { $name }, { $title }
official-digests-heading = Condensés avant le vote
official-digests-yes = { $name } reçoit les condensés avant le vote : avant chaque vote, le même résumé de ce que la population a exprimé, envoyé à chaque membre de l’instance.
official-digests-no = { $name } a choisi de ne pas recevoir les condensés avant le vote, soit le résumé de ce que la population a exprimé, envoyé aux membres de l’instance avant chaque vote.
official-digests-chosen = Ce choix a été fait le { $date }.
official-terms-heading = Sièges occupés
official-terms-none = Aucun siège n’est inscrit pour cette personne élue.
official-votes-heading = Votes sur des points liés à l’approvisionnement
official-votes-lede = Chaque vote de { $name } sur un contrat ou un appel d’offres au cours des 12 derniers mois, du plus récent au plus ancien, à côté des positions des personnes qui l’ont commenté.
official-votes-none = Aucun vote sur des points liés à l’approvisionnement n’est inscrit pour les 12 derniers mois.
official-votes-item = Point à l’ordre du jour
official-votes-position = { $position } : { $people ->
    [one] { $people } personne
   *[other] { $people } personnes
}{ $organizations ->
    [0] {""}
    [one] , { $organizations } organisation
   *[other] , { $organizations } organisations
}

## Services municipaux
agency-title = { $name }, { $jurisdiction }
agency-kind = Service municipal
agency-solicitations-heading = Appels d’offres
agency-solicitations-none = Ce service n’a aucun appel d’offres inscrit.
agency-all-solicitations = Tous les appels d’offres de { $name }
agency-contracts-heading = Contrats
agency-contracts-none = Ce service n’a aucun contrat inscrit.
agency-all-contracts = Tous les contrats de { $name }
agency-follow-lede = Nous vous écrivons quand ce service publie un appel d’offres ou que l’un de ses contrats change.

## Fournisseurs
vendor-title = { $name } : fournisseur
vendor-kind = Fournisseur
vendor-identifiers-heading = Numéros d’inscription aux registres
vendor-identifiers-none = Aucun numéro d’inscription à un registre n’est consigné pour ce fournisseur.
vendor-contracts-heading = Contrats
vendor-contracts-none = Aucun contrat avec ce fournisseur n’est inscrit.
vendor-follow-lede = Nous vous écrivons quand un contrat est octroyé à ce fournisseur ou que l’un de ses contrats change.

## Journal de modération
moderation-log-title = Journal de modération
moderation-log-lede = Chaque fois qu’un commentaire est masqué, rétabli ou retiré, l’action est consignée ici avec la raison donnée. L’identité des personnes qui signalent un commentaire n’est jamais affichée.
moderation-log-none = Aucune modération n’a encore eu lieu.
moderation-log-when = Date
moderation-log-action = Action
moderation-log-by = Par
moderation-log-reason = Raison
moderation-by-reports = Automatiquement, à la suite de signalements
moderation-by-moderator = L’équipe de modération
moderation-action-auto_hide = Masqué en attendant un examen
moderation-action-hide = Masqué
moderation-action-restore = Rétabli
moderation-action-remove = Retiré
