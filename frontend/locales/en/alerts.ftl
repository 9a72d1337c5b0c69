# Contract Watch — English: the "My alerts" page (what a person follows, and following something
# new). Words it shares with other pages (delivery-*, follow-*, kind-*, status-*, method-*,
# label-*, the *-follow-lede of directory pages, errors) are in main.ftl and directory.ftl; no id
# here may repeat one of theirs.

## The page
alerts-title = My alerts
alerts-lede = Everything you follow, how often we email you about each, and a way to pause or stop any of them.
alerts-unverified = Confirm your email address to receive these alerts: follow the link we sent you. Until then we send nothing.
alerts-time-zone = Daily and weekly digests go out in the morning, { $zone } time.
alerts-following-heading = { $count ->
    [0] You follow nothing yet
    [one] You follow 1 thing
   *[other] You follow { $count } things
}
alerts-none = Follow a contract, solicitation, agenda item, agency, deciding body or vendor from its own page, or start below.

## What each subscription follows
alerts-kind-agency = Agency
alerts-kind-body = Deciding body
alerts-kind-vendor = Vendor
alerts-kind-category = Category
alerts-kind-search = Saved search
alerts-kind-outsourcing = Outsourcing
alerts-kind-renewals = Renewals
alerts-kind-watchlist = Watchlist
alerts-gone-name = Something that is no longer here
alerts-subject-lede = We email you when it changes, when a vote on it is scheduled or decided, and when people comment on it.
alerts-category-name = Category code { $code }
alerts-category-lede = We email you when a solicitation with this category code is published or changes.
alerts-search-name = “{ $keyword }”
alerts-search-no-words = Solicitations matching a filter
alerts-search-filter = Only: { $filter }
alerts-search-lede = We email you when a solicitation matching this search is published or changes.
alerts-outsourcing-name = Every proposal to outsource public work in { $jurisdiction }
alerts-outsourcing-lede = We email you when a solicitation or contract there would move work now done by public employees to a company.
alerts-renewals-name = Renewal decisions in { $count ->
    [one] 1 department
   *[other] { $count } departments
}
alerts-renewals-lede = We email you as the renewal decisions on these departments' contracts come near.
alerts-watchlist-by = A public watchlist of { $organization }
alerts-watchlist-lede = We email you when an item on this list changes.

## A saved search's filter, in words
alerts-filter-status = status { $statuses }
alerts-filter-agency = bought by { $agency }
alerts-filter-one-agency = one agency
alerts-filter-method = bought through { $methods }
alerts-filter-label = marked { $labels }
alerts-filter-category = category code { $code }
alerts-filter-due-after = bids due from { $date }
alerts-filter-due-before = bids due before { $date }
alerts-filter-outsourcing-yes = outsources public work
alerts-filter-outsourcing-no = does not outsource public work

## How it stands, and its forms
alerts-how-often = How often: { $delivery }
alerts-active = Active
alerts-paused = Paused
alerts-paused-note = We send nothing about this until you resume it.
alerts-since = Following since { $date }
alerts-muted-heading = Muted inside this alert
alerts-muted-lede = We tell you nothing about these items here.
alerts-unmute = Hear about it again
alerts-change-delivery = How often should we email you?
alerts-save-delivery = Save
alerts-pause = Pause
alerts-resume = Resume
alerts-delete = Stop following

## Follow something new
alerts-new-heading = Follow something new
alerts-new-lede = Contracts, solicitations, agenda items, agencies, deciding bodies and vendors are followed from their own pages. Here you can follow what has no page of its own.
alerts-new-category-heading = A category of goods or services
alerts-new-category-label = Category code
alerts-new-category-hint = As it appears on solicitations, for example the NIGP code 910-39.
alerts-new-search-heading = A saved search
alerts-new-search-legend = What to look for
alerts-new-search-hint = Give search words, a status, or both.
alerts-new-search-keyword = Search words
alerts-new-search-keyword-hint = Matched as the search page matches them: the start of a word is enough.
alerts-new-search-status = Only solicitations that are
alerts-new-outsourcing-heading = Every proposal to outsource public work in one place
alerts-new-outsourcing-label = Where
alerts-new-outsourcing-choose = Choose a place
alerts-new-renewals-heading = Renewals in my departments
alerts-new-renewals-legend = Which departments?
alerts-new-renewals-none = No departments are on record yet.
alerts-error-choose-agencies = Choose at least one department.

## After a form
alerts-done-created = You follow this now. We will email you when something matches.
alerts-done-delivery = Saved. We will email you at the new pace.
alerts-done-paused = Paused. We send nothing about it until you resume it.
alerts-done-resumed = Resumed. We will email you about it again.
alerts-done-deleted = You no longer follow it.
alerts-done-unmuted = You will hear about that item again.
