# Contract Watch — français : les pages des organisations (la liste, la création d'une
# organisation, la page d'une organisation avec ses positions et ses listes de suivi, et ce que ses
# porte-parole y gèrent). Les mots que ces pages partagent avec d'autres pages (suivre, fréquence,
# positions, types d'éléments) se trouvent dans main.ftl et directory.ftl; aucun identifiant de ce
# fichier ne doit répéter l'un des leurs.

## En-tête
nav-organizations = Organisations

## La liste
organizations-title = Organisations
organizations-title-verified = Organisations vérifiées
organizations-lede = Des sections locales syndicales, des groupes communautaires et des groupes de défense des droits qui surveillent les contrats publics. L’équipe d’administration vérifie chacune de ces organisations; seules les positions des organisations vérifiées comptent comme positions d’organisations.
organizations-filter-label = Quelles organisations
organizations-filter-all = Toutes les organisations
organizations-filter-verified = Seulement les organisations vérifiées
organizations-none = Aucune organisation n’a encore de page.
organizations-none-verified = Aucune organisation n’a encore été vérifiée.
organizations-start-heading = Créer une organisation
organizations-start-lede = Si vous représentez une section locale syndicale ou un groupe communautaire, créez sa page : une fois l’organisation vérifiée par l’équipe d’administration, vous pourrez vous exprimer en son nom, ajouter ses membres et publier des listes de suivi.
organizations-start = Créer une organisation
organizations-sign-in-to-start = Connectez-vous ou créez un compte pour créer une organisation.

## Types et statut
organization-kind-union_local = Section locale syndicale
organization-kind-community_group = Groupe communautaire
organization-kind-advocacy_group = Groupe de défense des droits
organization-verified = Vérifiée
organization-verified-on = L’équipe d’administration a vérifié cette organisation le { $date }. Les commentaires que ses porte-parole publient en son nom comptent comme ses positions.
organization-not-verified = Pas encore vérifiée
organization-not-verified-note = L’équipe d’administration n’a pas encore vérifié cette organisation. Seules les positions des organisations vérifiées comptent comme positions d’organisations : d’ici là, rien n’est publié en son nom et elle ne peut pas publier de listes de suivi.
organization-role-member = Membre
organization-role-representative = Porte-parole

## La page d'une organisation
organization-crumb = Organisations
organization-title = { $name } : organisation
organization-about-heading = À propos
organization-since = Sur Contract Watch depuis
organization-description-none = Cette organisation n’a pas encore ajouté de description.
organization-representatives-heading = Porte-parole
organization-representatives-lede = Ces personnes s’expriment au nom de l’organisation.
organization-representatives-none = Cette organisation n’a pas de porte-parole.
organization-positions-heading = Positions prises
organization-positions-lede = La position de { $name } : pour chaque élément, le dernier commentaire que ses porte-parole ont publié en son nom.
organization-positions-none = { $name } n’a encore pris position sur aucun élément.
organization-position-said-on = exprimée le { $date }
organization-watchlists-heading = Listes de suivi
organization-watchlists-lede = Les listes publiques des éléments que { $name } surveille, avec ses notes. Suivez-en une pour recevoir un avis dès qu’un de ses éléments change.
organization-watchlists-none = Cette organisation n’a pas encore de liste de suivi.
organization-watchlist-items-none = Cette liste ne contient encore aucun élément.
organization-watchlist-added = Ajouté le { $date }
organization-watchlist-follow-legend = Suivre { $name } : à quelle fréquence voulez-vous recevoir nos courriels?
organization-watchlist-follow-lede = Nous vous écrivons quand un élément de cette liste change et quand un nouvel élément y est ajouté.
organization-watchlist-follow-button = Suivre cette liste
organization-watchlist-following = Vous suivez cette liste ({ $delivery }).

## Gérer une organisation (porte-parole et équipe d'administration)
organization-manage-heading = Gérer { $name }
organization-manage-lede = Seuls les porte-parole de l’organisation et l’équipe d’administration voient cette partie de la page.
organization-members-heading = Membres
organization-members-lede = La liste des membres n’est visible que par les porte-parole et l’équipe d’administration, jamais publiquement.
organization-members-none = Cette organisation n’a aucun membre.
organization-member-name = Nom
organization-member-role = Rôle
organization-member-since = Membre depuis
organization-member-actions = Modifier
organization-member-remove = Retirer
organization-add-member-heading = Ajouter un membre
organization-add-member-email = Son adresse courriel
organization-add-member-email-hint = L’adresse de son compte Contract Watch. La personne doit s’être inscrite et avoir confirmé cette adresse. L’adresse n’est montrée à personne.
organization-add-member-role = Rôle
organization-add-member-role-hint = Les porte-parole s’expriment au nom de l’organisation, gèrent ses membres et tiennent ses listes de suivi. Ajouter une personne qui est déjà membre change son rôle.
organization-add-member-button = Ajouter le membre
organization-edit-heading = Modifier l’organisation
organization-edit-name = Nom
organization-edit-description = Description
organization-edit-button = Enregistrer les modifications
organization-start-watchlist-heading = Créer une liste de suivi
organization-start-watchlist-unverified = Vous pourrez créer des listes de suivi une fois l’organisation vérifiée par l’équipe d’administration.
organization-start-watchlist-representatives = Seuls les porte-parole de l’organisation peuvent créer des listes de suivi.
organization-watchlist-name = Nom de la liste
organization-watchlist-name-hint = De 2 à 120 caractères, par exemple « Sous-traitance dans les bibliothèques ».
organization-watchlist-description = À quoi sert la liste (facultatif)
organization-watchlist-description-hint = Texte public. Jusqu’à 2 000 caractères.
organization-start-watchlist-button = Créer la liste de suivi
organization-add-item-heading = Ajouter un élément à { $name }
organization-add-item-label = L’adresse de la page de l’élément, ou son identifiant
organization-add-item-hint = Copiez l’adresse de la page d’un appel d’offres, d’un contrat ou d’un point à l’ordre du jour (elle commence par /solicitations/, /contracts/ ou /agenda-items/), ou collez son identifiant.
organization-note-label = Note (facultatif)
organization-note-hint = Pourquoi l’élément est important pour l’organisation, jusqu’à 500 caractères. La note est affichée publiquement à côté de l’élément.
organization-add-item-button = Ajouter à la liste
organization-edit-note-label = Note sur { $title }
organization-save-note-button = Enregistrer la note
organization-remove-item-button = Retirer de la liste
organization-item-required = Entrez l’adresse de la page ou l’identifiant d’un appel d’offres, d’un contrat ou d’un point à l’ordre du jour.
organization-item-unknown = Aucun appel d’offres, contrat ou point à l’ordre du jour ne correspond à cette adresse ou à cet identifiant. Copiez l’adresse à partir de la page de l’élément.

## Créer une organisation
organization-new-title = Créer une organisation
organization-new-lede = Créez la page d’une section locale syndicale, d’un groupe communautaire ou d’un groupe de défense des droits. Vous en devenez porte-parole. L’équipe d’administration la vérifie avant que ses positions comptent comme celles d’une organisation.
organization-new-verify-first = Confirmez d’abord votre adresse courriel : suivez le lien que nous vous avons envoyé. Vous pourrez ensuite créer une organisation.
organization-new-name = Nom de l’organisation
organization-new-name-hint = De 2 à 120 caractères, par exemple « Syndicat du personnel des bibliothèques, section locale 88 ».
organization-new-kind = De quel type d’organisation s’agit-il?
organization-new-description = Description (facultatif)
organization-new-description-hint = Texte public. Qui vous êtes et ce que vous défendez, jusqu’à 2 000 caractères.
organization-new-button = Créer l’organisation
organization-new-cancel = Retour aux organisations

## Avis après un formulaire
organization-done-created = Votre organisation est créée et vous en êtes porte-parole. L’équipe d’administration la vérifiera avant que ses positions comptent comme celles d’une organisation.
organization-done-updated = Les renseignements de l’organisation sont enregistrés.
organization-done-member-added = La personne a été ajoutée aux membres.
organization-done-member-removed = La personne a été retirée des membres.
organization-done-watchlist = La liste de suivi est créée. Ajoutez-y des éléments ci-dessous.
organization-done-item-added = L’élément est ajouté à la liste de suivi.
organization-done-item-removed = L’élément est retiré de la liste de suivi.
organization-done-note = La note est enregistrée.
organization-done-follow = Vous suivez maintenant cette liste. Nous vous écrirons quand un de ses éléments changera.
