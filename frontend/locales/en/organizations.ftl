# Contract Watch — English: the organisation pages (the list, starting one, an organisation's
# page with its positions and watchlists, and what its representatives manage there). Words these
# pages share with other pages (follow, delivery, positions, kinds of item) are in main.ftl and
# directory.ftl; no id here may repeat one of theirs.

## Header
nav-organizations = Organisations

## The list
organizations-title = Organisations
organizations-title-verified = Verified organisations
organizations-lede = Union locals, community groups and advocacy groups that watch public contracts. An admin checks each one; only verified organisations' positions count as organisation positions.
organizations-filter-label = Which organisations
organizations-filter-all = All organisations
organizations-filter-verified = Verified organisations only
organizations-none = No organisation has a page yet.
organizations-none-verified = No organisation has been verified yet.
organizations-start-heading = Start an organisation
organizations-start-lede = If you represent a union local or a community group, start its page: you can then speak in its name, add its members and publish watchlists once an admin has verified it.
organizations-start = Start an organisation
organizations-sign-in-to-start = Sign in or create an account to start an organisation.

## Kinds and standing
organization-kind-union_local = Union local
organization-kind-community_group = Community group
organization-kind-advocacy_group = Advocacy group
organization-verified = Verified
organization-verified-on = An admin verified this organisation on { $date }. Its representatives' comments in its name count as its positions.
organization-not-verified = Not verified yet
organization-not-verified-note = An admin has not checked this organisation yet. Only verified organisations' positions count as organisation positions, so until then nothing is posted in its name and it cannot publish watchlists.
organization-role-member = Member
organization-role-representative = Representative

## An organisation's page
organization-crumb = Organisations
organization-title = { $name }: organisation
organization-about-heading = About
organization-since = On Contract Watch since
organization-description-none = This organisation has not described itself yet.
organization-representatives-heading = Representatives
organization-representatives-lede = They speak in the organisation's name.
organization-representatives-none = This organisation has no representative.
organization-positions-heading = Positions taken
organization-positions-lede = Where { $name } stands: on each item, the latest comment its representatives posted in its name.
organization-positions-none = { $name } has not taken a position on any item yet.
organization-position-said-on = said on { $date }
organization-watchlists-heading = Watchlists
organization-watchlists-lede = Public lists of the items { $name } watches, with its notes. Follow one to hear when anything on it changes.
organization-watchlists-none = This organisation has no watchlists yet.
organization-watchlist-items-none = Nothing is on this list yet.
organization-watchlist-added = Added on { $date }
organization-watchlist-follow-legend = Follow { $name }: how often should we email you?
organization-watchlist-follow-lede = We email you when an item on this list changes and when a new item is added.
organization-watchlist-follow-button = Follow this watchlist
organization-watchlist-following = You follow this watchlist ({ $delivery }).

## Managing an organisation (representatives and admins)
organization-manage-heading = Manage { $name }
organization-manage-lede = Only the organisation's representatives and admins see this part of the page.
organization-members-heading = Members
organization-members-lede = Who belongs is shown to representatives and admins only, never publicly.
organization-members-none = This organisation has no members.
organization-member-name = Name
organization-member-role = Role
organization-member-since = Member since
organization-member-actions = Change
organization-member-remove = Remove
organization-add-member-heading = Add a member
organization-add-member-email = Their email address
organization-add-member-email-hint = The address of their Contract Watch account. They must have signed up and confirmed it. It is not shown to anyone.
organization-add-member-role = Role
organization-add-member-role-hint = Representatives speak in the organisation's name, manage its members and curate its watchlists. Adding someone who is already a member changes their role.
organization-add-member-button = Add the member
organization-edit-heading = Edit the organisation
organization-edit-name = Name
organization-edit-description = Description
organization-edit-button = Save changes
organization-start-watchlist-heading = Start a watchlist
organization-start-watchlist-unverified = You can start watchlists once an admin has verified the organisation.
organization-start-watchlist-representatives = Only the organisation's representatives can start watchlists.
organization-watchlist-name = Name of the list
organization-watchlist-name-hint = 2 to 120 characters, for example "Outsourcing in the libraries".
organization-watchlist-description = What the list is for (optional)
organization-watchlist-description-hint = Public. Up to 2,000 characters.
organization-start-watchlist-button = Start the watchlist
organization-add-item-heading = Add an item to { $name }
organization-add-item-label = The item's page address or id
organization-add-item-hint = Copy the address of a solicitation, contract or agenda item page (it starts /solicitations/, /contracts/ or /agenda-items/), or paste its id.
organization-note-label = Note (optional)
organization-note-hint = Why it matters to the organisation, up to 500 characters. Shown publicly beside the item.
organization-add-item-button = Add to the list
organization-edit-note-label = Note on { $title }
organization-save-note-button = Save the note
organization-remove-item-button = Take off the list
organization-item-required = Enter the page address or id of a solicitation, contract or agenda item.
organization-item-unknown = No solicitation, contract or agenda item has that address or id. Copy the address from the item's page.

## Starting an organisation
organization-new-title = Start an organisation
organization-new-lede = Start the page of a union local, community group or advocacy group. You become its representative. An admin checks it before its positions count as an organisation's.
organization-new-verify-first = Confirm your email address first: follow the link we sent you. Then you can start an organisation.
organization-new-name = Name of the organisation
organization-new-name-hint = 2 to 120 characters, for example "Library Workers Local 88".
organization-new-kind = What kind of organisation is it?
organization-new-description = Description (optional)
organization-new-description-hint = Public. Who you are and what you work for, up to 2,000 characters.
organization-new-button = Start the organisation
organization-new-cancel = Back to the organisations

## Notices after a form
organization-done-created = Your organisation is started and you are its representative. An admin will check it before its positions count as an organisation's.
organization-done-updated = The organisation's details are saved.
organization-done-member-added = The member is added.
organization-done-member-removed = The member is removed.
organization-done-watchlist = The watchlist is started. Add items to it below.
organization-done-item-added = The item is on the watchlist.
organization-done-item-removed = The item is off the watchlist.
organization-done-note = The note is saved.
organization-done-follow = You follow this watchlist now. We will email you when something on it changes.
