# Contract Watch — English: the account pages (settings, password, email, time zone, sessions,
# data export, deletion), "forgot your password" and the pages emailed links open.
# Ids here must not repeat one of main.ftl or directory.ftl.

## The account page
account-title = Your account
account-details-heading = Your details
account-name = Public name
account-email = Email address
account-email-none = None
account-confirmed = Address confirmed
account-confirmed-yes = Yes
account-confirmed-no = Not yet: follow the link we sent you.
account-time-zone = Time zone
account-member-since = Member since
account-official = Speaks for
account-organizations = Organisations
account-organizations-none = None
account-role-member = member
account-role-representative = representative
account-change-password-link = Change your password
account-change-email-link = Change your email address
account-time-zone-heading = Time zone
account-time-zone-lede = Dates on pages and in the emails we send you are shown in this time zone.
account-time-zone-label = Your time zone
account-time-zone-default = The service's default
account-time-zone-button = Save time zone
account-sessions-heading = Where you are signed in
account-sessions-lede = Each browser you signed in with. Signing out everywhere ends all of them, and any app signed in to your account.
account-session-device = Browser
account-session-started = Signed in
account-session-last-used = Last used
account-session-current = This browser
account-sessions-none = No browser is signed in.
account-sign-out-everywhere-button = Sign out everywhere
account-data-heading = Your data
account-data-lede = A copy of everything we hold about you: your account, organisation memberships, sessions, comments and concerns, as a JSON file.
account-data-link = Download my data
account-delete-heading = Delete your account
account-delete-link = Delete my account
done-account-password = Your password is changed. You are still signed in here; every other session has ended.
done-account-email = We sent a link to the new address. Your address changes when you follow it.
done-account-time-zone = Your time zone is saved.
# Shown on the home page after `/?done=deleted`.
done-account-deleted = Your account is deleted. You are signed out.

## Change password
account-password-title = Change your password
account-password-lede = Changing your password signs you out on every other device and app. You stay signed in here.
field-current-password = Your current password
account-password-new = New password
account-password-button = Change password
account-back = Back to your account

## Change email address
account-email-title = Change your email address
account-email-lede = We send a link to the new address. Your address changes only when you follow it, and we tell your old address.
account-email-now = Your address now: { $email }
account-email-new = New email address
account-email-button = Send the link

## Delete the account
account-delete-title = Delete your account
account-delete-lede = Read what happens before you confirm. It cannot be undone.
account-delete-what-heading = What happens
account-delete-identity = Your email address, password and public name are removed from your account. You cannot sign in to it again.
account-delete-comments = Your comments stay public, shown as written by “former member” instead of your name, so conversations and the comment packets officials receive still make sense. To remove a comment, delete it on its page before you delete your account.
account-delete-concerns = Concerns you flagged and concerns you endorsed stay too, also shown as “former member”.
account-delete-organizations = You leave every organisation you belong to:
account-delete-organizations-none = You belong to no organisation, so no membership ends.
account-delete-official = Your account no longer speaks for { $name }.
account-delete-mail = We stop emailing you: no more alerts or digests, because we no longer have your address. A message already on its way may still arrive.
account-delete-sessions = You are signed out everywhere, on every device and in apps, and links we emailed you stop working.
account-delete-again = You can sign up again later with the same address; that makes a new, empty account.
account-delete-export = Want a copy of your data first?
account-delete-confirm-heading = Confirm
account-delete-password-hint = Your password, to be sure it is you.
account-delete-button = Delete my account
account-delete-cancel = Keep my account

## Forgot your password
forgot-title = Reset your password
forgot-lede = Enter the email address of your account. We will send it a link to choose a new password.
forgot-button = Send the link
forgot-sent-title = Check your email
forgot-sent-body = If { $email } has an account, we have sent it a link to choose a new password. The link works once, for { $minutes } minutes.
forgot-sent-next = Nothing arrived? Check your spam folder, or ask again.
forgot-sign-in = Back to sign in

## Emailed links: confirm an address
verify-title = Confirm your email address
verify-lede = Nothing changes until you press the button.
verify-button = Confirm my address
verify-signed-in-title = Your address is confirmed and you are signed in
verify-done-title = Your address is confirmed
verify-done-sign-in = Sign in to follow contracts, comment and flag concerns.
verify-done-other = You are signed in as { $name }, another account. To use the account you just confirmed, sign out and sign in with its address.
verify-next-heading = What next
verify-next-home = See what is up for a vote soon
verify-next-search = Find a contract or solicitation to follow
verify-next-account = Your account settings
link-invalid-title = This link does not work
verify-invalid-body = It may have been used already, have expired, or have been copied incompletely.
verify-invalid-confirmed = Already confirmed your address? Then just sign in.
verify-invalid-new-link = Not confirmed yet? Ask for a password reset link: following it confirms your address too.
verify-invalid-email-change = Changing your address? Sign in and ask for the change again on your account page.

## Emailed links: choose a new password
reset-title = Choose a new password
reset-lede = Saving a new password signs you out everywhere.
reset-new = New password
reset-button = Save the new password
reset-done-title = Your password is changed
reset-done-body = You are signed out everywhere. Sign in with your new password.
reset-invalid-body = It may have been used already, have expired (a link works for { $minutes } minutes), or have been copied incompletely.
reset-invalid-new-link = Ask for a new link

account-calendar-heading = Your private calendar
account-calendar-lede = One calendar address with the votes and deadlines of everything you follow, for any calendar app. Keep it to yourself: anyone with it sees what you follow.
account-calendar-url = Your calendar address
account-calendar-once = Copy it now: it is shown only this once. Making a new one stops this one working.
account-calendar-exists = You have a private calendar address. Make a new one if you lost it or shared it by mistake; the old one stops working.
account-calendar-make = Make my calendar address
account-calendar-regenerate = Make a new calendar address
done-account-calendar = Your new calendar address is below.
