# Contract Watch — français : la page « Mes alertes » (ce qu'une personne suit, et suivre un
# nouvel élément). Les mots qu'elle partage avec d'autres pages (delivery-*, follow-*, kind-*,
# status-*, method-*, label-*, les *-follow-lede des pages du répertoire, les erreurs) se trouvent
# dans main.ftl et directory.ftl; aucun identifiant de ce fichier ne doit répéter l'un des leurs.

## La page
alerts-title = Mes alertes
alerts-lede = Tout ce que vous suivez, la fréquence de nos courriels pour chaque élément, et un moyen de suspendre ou d’arrêter chacun d’eux.
alerts-unverified = Confirmez votre adresse courriel pour recevoir ces alertes : suivez le lien que nous vous avons envoyé. D’ici là, nous n’envoyons rien.
alerts-time-zone = Les condensés quotidiens et hebdomadaires sont envoyés le matin, selon le fuseau horaire { $zone }.
alerts-following-heading = { $count ->
    [0] Vous ne suivez encore rien
    [one] Vous suivez { $count } élément
   *[other] Vous suivez { $count } éléments
}
alerts-none = Suivez un contrat, un appel d’offres, un point à l’ordre du jour, un service municipal, une instance décisionnelle ou un fournisseur à partir de sa page, ou commencez ci-dessous.

## Ce que suit chaque abonnement
alerts-kind-agency = Service municipal
alerts-kind-body = Instance décisionnelle
alerts-kind-vendor = Fournisseur
alerts-kind-category = Catégorie
alerts-kind-search = Recherche enregistrée
alerts-kind-outsourcing = Sous-traitance
alerts-kind-renewals = Renouvellements
alerts-kind-watchlist = Liste de suivi
alerts-gone-name = Un élément qui n’existe plus
alerts-subject-lede = Nous vous écrivons quand cet élément change, quand un vote à son sujet est prévu ou décidé, et quand des personnes le commentent.
alerts-category-name = Code de catégorie { $code }
alerts-category-lede = Nous vous écrivons quand un appel d’offres portant ce code de catégorie est publié ou modifié.
alerts-search-name = « { $keyword } »
alerts-search-no-words = Appels d’offres correspondant à un filtre
alerts-search-filter = Seulement : { $filter }
alerts-search-lede = Nous vous écrivons quand un appel d’offres correspondant à cette recherche est publié ou modifié.
alerts-outsourcing-name = Tous les projets de confier du travail public au privé : { $jurisdiction }
alerts-outsourcing-lede = Nous vous écrivons quand, dans cette administration, un appel d’offres ou un contrat confierait à une entreprise du travail fait actuellement par le personnel public.
alerts-renewals-name = Décisions de renouvellement dans { $count ->
    [one] { $count } service
   *[other] { $count } services
}
alerts-renewals-lede = Nous vous écrivons à l’approche des décisions de renouvellement des contrats de ces services.
alerts-watchlist-by = Une liste de suivi publique de { $organization }
alerts-watchlist-lede = Nous vous écrivons quand un élément de cette liste change.

## Le filtre d'une recherche enregistrée, en mots
alerts-filter-status = statut : { $statuses }
alerts-filter-agency = acheté par { $agency }
alerts-filter-one-agency = un service municipal
alerts-filter-method = mode d’acquisition : { $methods }
alerts-filter-label = étiquette : { $labels }
alerts-filter-category = code de catégorie { $code }
alerts-filter-due-after = dépôt des soumissions à partir du { $date }
alerts-filter-due-before = dépôt des soumissions avant le { $date }
alerts-filter-outsourcing-yes = confie du travail public au privé
alerts-filter-outsourcing-no = ne confie pas de travail public au privé

## L'état de l'alerte, et ses formulaires
alerts-how-often = Fréquence : { $delivery }
alerts-active = Active
alerts-paused = Suspendue
alerts-paused-note = Nous n’envoyons rien à ce sujet tant que vous ne réactivez pas l’alerte.
alerts-since = Suivi depuis le { $date }
alerts-muted-heading = Éléments mis en sourdine dans cette alerte
alerts-muted-lede = Cette alerte ne vous informe de rien au sujet de ces éléments.
alerts-unmute = Recevoir de nouveau les avis
alerts-change-delivery = À quelle fréquence voulez-vous recevoir nos courriels?
alerts-save-delivery = Enregistrer
alerts-pause = Suspendre
alerts-resume = Réactiver
alerts-delete = Ne plus suivre

## Suivre un nouvel élément
alerts-new-heading = Suivre un nouvel élément
alerts-new-lede = Les contrats, les appels d’offres, les points à l’ordre du jour, les services municipaux, les instances décisionnelles et les fournisseurs se suivent à partir de leur propre page. Ici, vous pouvez suivre ce qui n’a pas de page à soi.
alerts-new-category-heading = Une catégorie de biens ou de services
alerts-new-category-label = Code de catégorie
alerts-new-category-hint = Tel qu’il figure dans les appels d’offres, par exemple le code NIGP 910-39.
alerts-new-search-heading = Une recherche enregistrée
alerts-new-search-legend = Ce qu’il faut chercher
alerts-new-search-hint = Indiquez des mots de recherche, un statut, ou les deux.
alerts-new-search-keyword = Mots de recherche
alerts-new-search-keyword-hint = Ils sont comparés comme sur la page de recherche : le début d’un mot suffit.
alerts-new-search-status = Seulement les appels d’offres au statut
alerts-new-outsourcing-heading = Tous les projets de confier du travail public au privé dans une même administration
alerts-new-outsourcing-label = Où
alerts-new-outsourcing-choose = Choisissez une administration
alerts-new-renewals-heading = Les renouvellements dans mes services
alerts-new-renewals-legend = Quels services?
alerts-new-renewals-none = Aucun service n’est encore inscrit.
alerts-error-choose-agencies = Choisissez au moins un service.

## Après un formulaire
alerts-done-created = Vous suivez maintenant cet élément. Nous vous écrirons quand quelque chose correspondra.
alerts-done-delivery = C’est enregistré. Nous vous écrirons au nouveau rythme.
alerts-done-paused = Alerte suspendue. Nous n’envoyons rien à ce sujet tant que vous ne la réactivez pas.
alerts-done-resumed = Alerte réactivée. Nous vous écrirons de nouveau à ce sujet.
alerts-done-deleted = Vous ne suivez plus cet élément.
alerts-done-unmuted = Vous recevrez de nouveau des avis sur cet élément.
