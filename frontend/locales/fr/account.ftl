# Contract Watch — français : les pages du compte (paramètres, mot de passe, courriel, fuseau
# horaire, sessions, exportation des données, suppression), « mot de passe oublié » et les pages
# qu'ouvrent les liens envoyés par courriel.
# Les identifiants de ce fichier ne doivent pas répéter ceux de main.ftl ou de directory.ftl.

## La page du compte
account-title = Votre compte
account-details-heading = Vos renseignements
account-name = Nom public
account-email = Adresse courriel
account-email-none = Aucune
account-confirmed = Adresse confirmée
account-confirmed-yes = Oui
account-confirmed-no = Pas encore : suivez le lien que nous vous avons envoyé.
account-time-zone = Fuseau horaire
account-member-since = Membre depuis
account-official = Parle au nom de
account-organizations = Organisations
account-organizations-none = Aucune
account-role-member = membre
account-role-representative = porte-parole
account-change-password-link = Changer votre mot de passe
account-change-email-link = Changer votre adresse courriel
account-time-zone-heading = Fuseau horaire
account-time-zone-lede = Les dates affichées sur les pages et dans les courriels que nous vous envoyons suivent ce fuseau horaire.
account-time-zone-label = Votre fuseau horaire
account-time-zone-default = Le fuseau horaire par défaut du service
account-time-zone-button = Enregistrer le fuseau horaire
account-sessions-heading = Où votre session est ouverte
account-sessions-lede = Chaque navigateur dans lequel vous avez ouvert une session. La déconnexion partout les ferme toutes, ainsi que toute application connectée à votre compte.
account-session-device = Navigateur
account-session-started = Ouverture de la session
account-session-last-used = Dernière utilisation
account-session-current = Ce navigateur
account-sessions-none = Aucun navigateur n’a de session ouverte.
account-sign-out-everywhere-button = Se déconnecter partout
account-data-heading = Vos données
account-data-lede = Une copie de tout ce que nous détenons à votre sujet : votre compte, vos adhésions à des organisations, vos sessions, vos commentaires et vos préoccupations, dans un fichier JSON.
account-data-link = Télécharger mes données
account-delete-heading = Supprimer votre compte
account-delete-link = Supprimer mon compte
done-account-password = Votre mot de passe est changé. Votre session reste ouverte ici; toutes les autres sessions ont été fermées.
done-account-email = Nous avons envoyé un lien à la nouvelle adresse. Votre adresse changera lorsque vous suivrez ce lien.
done-account-time-zone = Votre fuseau horaire est enregistré.
# Affiché sur la page d'accueil après `/?done=deleted`.
done-account-deleted = Votre compte est supprimé. Votre session est fermée.

## Changer le mot de passe
account-password-title = Changer votre mot de passe
account-password-lede = Changer votre mot de passe ferme votre session sur tous vos autres appareils et applications. Votre session reste ouverte ici.
field-current-password = Votre mot de passe actuel
account-password-new = Nouveau mot de passe
account-password-button = Changer le mot de passe
account-back = Retour à votre compte

## Changer l'adresse courriel
account-email-title = Changer votre adresse courriel
account-email-lede = Nous envoyons un lien à la nouvelle adresse. Votre adresse ne change que lorsque vous suivez ce lien, et nous en informons votre ancienne adresse.
account-email-now = Votre adresse actuelle : { $email }
account-email-new = Nouvelle adresse courriel
account-email-button = Envoyer le lien

## Supprimer le compte
account-delete-title = Supprimer votre compte
account-delete-lede = Lisez ce qui se passera avant de confirmer. Cette action est irréversible.
account-delete-what-heading = Ce qui se passera
account-delete-identity = Votre adresse courriel, votre mot de passe et votre nom public sont retirés de votre compte. Vous ne pourrez plus vous y connecter.
account-delete-comments = Vos commentaires restent publics, attribués à « ex-membre » au lieu de votre nom, afin que les discussions et les dossiers de commentaires remis aux personnes élues gardent leur sens. Pour retirer un commentaire, supprimez-le sur sa page avant de supprimer votre compte.
account-delete-concerns = Les préoccupations que vous avez signalées et celles que vous avez appuyées restent aussi, elles aussi attribuées à « ex-membre ».
account-delete-organizations = Vous quittez toutes les organisations dont vous êtes membre :
account-delete-organizations-none = Vous n’êtes membre d’aucune organisation : aucune adhésion ne prend fin.
account-delete-official = Votre compte ne parle plus au nom de { $name }.
account-delete-mail = Nous cessons de vous écrire : plus d’alertes ni de condensés, car nous n’avons plus votre adresse. Un message déjà en route pourrait tout de même arriver.
account-delete-sessions = Votre session est fermée partout, sur tous vos appareils et dans les applications, et les liens que nous vous avons envoyés par courriel cessent de fonctionner.
account-delete-again = Vous pourrez vous réinscrire plus tard avec la même adresse; vous aurez alors un nouveau compte, vide.
account-delete-export = Vous voulez d’abord une copie de vos données?
account-delete-confirm-heading = Confirmer
account-delete-password-hint = Votre mot de passe, pour nous assurer qu’il s’agit bien de vous.
account-delete-button = Supprimer mon compte
account-delete-cancel = Garder mon compte

## Mot de passe oublié
forgot-title = Réinitialiser votre mot de passe
forgot-lede = Entrez l’adresse courriel de votre compte. Nous y enverrons un lien pour choisir un nouveau mot de passe.
forgot-button = Envoyer le lien
forgot-sent-title = Consultez vos courriels
forgot-sent-body = Si l’adresse { $email } correspond à un compte, nous y avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant { $minutes } minutes.
forgot-sent-next = Vous n’avez rien reçu? Vérifiez votre dossier de courriels indésirables, ou faites une nouvelle demande.
forgot-sign-in = Retour à la connexion

## Liens envoyés par courriel : confirmer une adresse
verify-title = Confirmer votre adresse courriel
verify-lede = Rien ne change tant que vous n’appuyez pas sur le bouton.
verify-button = Confirmer mon adresse
verify-signed-in-title = Votre adresse est confirmée et votre session est ouverte
verify-done-title = Votre adresse est confirmée
verify-done-sign-in = Connectez-vous pour suivre des contrats, commenter et signaler des préoccupations.
verify-done-other = Votre session est ouverte au nom de { $name }, un autre compte. Pour utiliser le compte que vous venez de confirmer, déconnectez-vous, puis connectez-vous avec l’adresse de ce compte.
verify-next-heading = Et maintenant?
verify-next-home = Voir ce qui sera bientôt soumis au vote
verify-next-search = Trouver un contrat ou un appel d’offres à suivre
verify-next-account = Les paramètres de votre compte
link-invalid-title = Ce lien ne fonctionne pas
verify-invalid-body = Il a peut-être déjà été utilisé, il est peut-être expiré, ou il a peut-être été copié de façon incomplète.
verify-invalid-confirmed = Vous avez déjà confirmé votre adresse? Connectez-vous, tout simplement.
verify-invalid-new-link = Pas encore confirmée? Demandez un lien de réinitialisation du mot de passe : le suivre confirme aussi votre adresse.
verify-invalid-email-change = Vous changez d’adresse? Connectez-vous et refaites la demande de changement à partir de la page de votre compte.

## Liens envoyés par courriel : choisir un nouveau mot de passe
reset-title = Choisir un nouveau mot de passe
reset-lede = L’enregistrement d’un nouveau mot de passe ferme toutes vos sessions.
reset-new = Nouveau mot de passe
reset-button = Enregistrer le nouveau mot de passe
reset-done-title = Votre mot de passe est changé
reset-done-body = Toutes vos sessions ont été fermées. Connectez-vous avec votre nouveau mot de passe.
reset-invalid-body = Il a peut-être déjà été utilisé, il est peut-être expiré (un lien fonctionne pendant { $minutes } minutes), ou il a peut-être été copié de façon incomplète.
reset-invalid-new-link = Demander un nouveau lien

account-calendar-heading = Votre agenda privé
account-calendar-lede = Une adresse d’agenda avec les votes et les échéances de tout ce que vous suivez, pour toute application d’agenda. Gardez-la pour vous : qui l’a voit ce que vous suivez.
account-calendar-url = Votre adresse d’agenda
account-calendar-once = Copiez-la maintenant : elle n’est affichée qu’une fois. En créer une nouvelle désactive celle-ci.
account-calendar-exists = Vous avez une adresse d’agenda privée. Créez-en une nouvelle si vous l’avez perdue ou partagée par erreur ; l’ancienne cessera de fonctionner.
account-calendar-make = Créer mon adresse d’agenda
account-calendar-regenerate = Créer une nouvelle adresse d’agenda
done-account-calendar = Votre nouvelle adresse d’agenda est ci-dessous.
