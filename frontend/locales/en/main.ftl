# Contract Watch — English. Every word a person reads on a page is here; a translation is a copy
# of this file under the language's code (es.ftl, fr.ftl) with the right-hand sides translated.

## Formats
format-date = { $weekday } { $day } { $month } { $year }
format-time = { $hour12 }:{ $minute } { $pm }
format-date-time = { $date }, { $time }
number-group = ,
number-decimal = .
money = { $sign }{ $symbol }{ $number }
money-millions = { $sign }{ $symbol }{ $number } million
money-billions = { $sign }{ $symbol }{ $number } billion
currency-USD = $
currency-CAD = CA$
currency-GBP = £
currency-EUR = €
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Layout
site-name = Contract Watch
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-search = Search
nav-my-alerts = My alerts
nav-account = Account ({ $name })
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out
breadcrumbs-label = You are here
footer-help = Help and contact
footer-moderation-log = Moderation log
footer-api = Open data API
pager-label = More results
pager-next = Next page

## Errors
error-summary-title = There is a problem
error-prefix = Error:
error-title-prefix = Error:
error-stale-form = This form had expired, so nothing was sent. Your text is kept below: please submit it again.
error-sign-in-needed = Sign in to do this.
error-verify-first = Confirm your email address first: follow the link we sent you.
error-forbidden = You cannot do this.
error-gone = This is no longer here.
error-try-again = Something went wrong on our side. Nothing was changed; please try again.
error-choose-one = Choose one of the options.
error-sign-in-failed = The email address or password is not right.
not-found-title = Page not found
not-found-body = There is nothing at this address. It may have been mistyped, or the item may have been removed.
not-found-search = Search contracts and solicitations
not-found-home = Go to the home page
error-page-title = Sorry, something went wrong
error-page-body = Nothing was changed. Please try again in a few minutes.

## Home
home-title = What is being decided
home-heading = Public contracts: what is being decided, and when
home-jurisdiction-label = Show what is happening in
home-jurisdiction-all = Every jurisdiction
home-jurisdiction-button = Show
home-lede = Follow the contracts that affect you, say where you stand, and see that the people who vote were told.
search-label = Search contracts, solicitations, vendors and agencies
search-button = Search
home-votes-heading = Up for a vote soon
home-votes-none = No procurement votes are scheduled in the next 60 days.
home-meeting-link = Meeting agenda
packet-csv = Comments (CSV)
packet-json = Comments (JSON)
home-renewals-heading = Contracts whose renewal is decided soon
home-renewals-within = Within { $days } days
home-renewals-none = No contract renewals are due in the next 180 days.
home-open-heading = Newly open solicitations
home-open-none = No solicitations are open right now.
home-outsourcing-heading = Proposals to outsource public work
home-outsourcing-lede = Work now done by public employees that a contract would move to a company.
home-outsourcing-none = No outsourcing proposals right now.
bids-due = bids due { $date }
renewal-decide-by = decision by { $date } ({ $days ->
    [one] in 1 day
    *[other] in { $days } days
})
contract-ends-in = ends in { $days } days
contract-no-end-date = no end date
fact-no-end-date = no end date
fact-indefinite-quantity = No fixed total: prices are set and work is ordered as needed (an indefinite-quantity contract)
fact-amendments-total = amendments add { $value }
done-signed-out = You are signed out.

## Item pages
kind-solicitation = Solicitation
kind-contract = Contract
kind-agenda_item = Agenda item
crumb-solicitations = Solicitations
crumb-contracts = Contracts
facts-heading = The facts
fact-buyer = Who buys
fact-method = How
fact-status = Status
fact-estimated-value = Estimated value
fact-value = Value now
fact-value-at-award = { $value } when awarded
fact-period = Runs
fact-max-extent = can be extended to { $date }
fact-options-left = Renewal options left
fact-next-decision = Next decision
fact-solicitation = Awarded from
fact-published = Published
fact-questions-due = Questions due
fact-pre-bid = Pre-bid meeting
fact-bids-due = Bids due
fact-categories = Categories
fact-vendor = Vendor
fact-decides = Decides
fact-meeting = Meeting
fact-item-number = Item number
fact-outcome = Outcome
fact-in-house = Done in house today
fact-positions = { $count } public positions
fact-annual-cost = { $cost } a year
fact-bargaining-unit = by { $unit }
not-stated = Not stated
amendments-heading = Amendments
amendment-new-end = new end { $date }
options-heading = Renewal options
option-line = Option { $sequence }: { $start } to { $end }, decide by { $deadline }
option-exercised = exercised on { $date }
option-open = not exercised
documents-heading = Documents
renewal-kind-exercise_option = Renew by exercising an option
renewal-kind-end_of_term = The contract ends
next-vote-heading = Next vote
next-vote-line = { $body } votes on { $date }.
next-vote-item = Agenda item { $number }
digest-note = This will be in the digest the { $members } members of { $body } receive on { $date }, { $days ->
    [one] 1 day
    *[other] { $days } days
} before the vote.
digest-note-sent = The members of { $body } have had their last digest before this vote; your comment still appears in the public comment packet.
roll-call-heading = How each official voted
roll-call-totals = Yes { $yes }, no { $no }, abstained { $abstain }, absent { $absent }.
roll-call-official = Official
roll-call-vote = Vote
follow-heading = Follow
follow-legend = How often should we email you about changes?
follow-button = Follow
follow-following = You follow this ({ $delivery }).
follow-manage = Change or stop
delivery-immediate = as they happen
delivery-daily = a daily digest
delivery-weekly = a weekly digest
tally-heading = Where people stand
tally-position = Position
tally-people = People
tally-organizations = Organisations
tally-none = Nobody has taken a position yet.
org-positions-heading = Organisations' positions
org-raised-concern = raised a concern
verified = verified
concerns-heading = Concerns
concerns-none = No concerns have been flagged.
concern-by = raised by { $name }
endorsements-word = { $count ->
    [one] endorsement
    *[other] endorsements
}
concern-evidence = Evidence
concern-endorse = Endorse
concern-withdraw = Withdraw my endorsement
response-by = Response from { $name }
response-by-official = Response from { $name }, { $title }
flag-heading = Flag a concern
flag-category = What is it about?
flag-severity = How serious is it?
flag-summary = Your concern in one sentence
flag-summary-hint = For example: "The contract has no living-wage requirement."
flag-details = More detail (optional)
flag-evidence = A link to evidence (optional)
flag-button = Flag this concern
speak-as = Speak as
speak-as-myself = Myself ({ $name })
comments-heading = { $count ->
    [0] Comments
    [one] 1 comment
    *[other] { $count } comments
}
comments-none = No comments yet. Be the first to say where you stand.
comment-deleted = This comment was deleted by its author.
former-member = Former member
comment-for-org = for { $org }
comment-edited = edited
comment-actions = Reply or report
comment-actions-mine = Reply, change or delete
comment-edit-link = Change my comment
comment-edit-title = Change your comment
comment-edit-lede = Your comment on { $title }.
comment-edit-label = Your comment
comment-edit-hint = Write in plain words; Markdown links and lists work. The comment is marked as edited, and moderators can see the earlier text.
comment-edit-button = Save the change
comment-edit-cancel = Back to the comment, unchanged
comment-edit-not-yours = You can only change your own comments
comment-edit-not-yours-body = This comment was written by someone else. If it breaks the rules, report it from its page.
error-back = Back to where you were
comment-reached = { $quoted ->
    [yes] Quoted in the digest sent to the { $count } { $count ->
        [one] member
       *[other] members
    } of the { $body } on { $date }.
   *[no] Counted in the digest sent to the { $count } { $count ->
        [one] member
       *[other] members
    } of the { $body } on { $date }.
}
comment-reached-copy = Read what they received
comment-actions-of = to { $name }
reply-label = Your reply
reply-button = Post reply
comment-delete = Delete my comment
report-reason = Why should moderators look at this?
report-button = Report
comment-form-heading = Say where you stand
comment-position = Your position
comment-body = Your comment
comment-body-hint = Officials receive comments in their digest before they vote. Be specific; up to 5,000 characters. You can use simple formatting (Markdown).
comment-button = Post comment
comment-verify-first = Confirm your email address to comment: follow the link we sent you.
comment-sign-in = Sign in or create an account to comment.
live-new-comment = New comment from { $name }.
live-concern-updated = Concern updated: { $summary }, { $count } endorsements.
done-comment = Your comment is posted.
done-follow = You follow this now. We will email you when something changes.
done-concern = Your concern is flagged.
done-endorse = You endorsed the concern.
done-withdraw = You withdrew your endorsement.
done-deleted = Your comment is deleted. A placeholder stays so replies still make sense.
done-edited = Your comment is changed. It is marked as edited, and moderators can see the earlier text.
done-reported = Thank you. Moderators will look at this comment.
done-signed-in-draft = You are signed in. What you wrote is below, not yet sent: check it and send it.

## Vocabulary
position-support = Support
position-oppose = Oppose
position-concern = Concern
position-question = Question
position-neutral = Neutral
label-outsourcing = Outsources public work
label-technology = Technology
label-artificial_intelligence = Artificial intelligence
label-automated_decisions = Automated decisions
label-surveillance = Surveillance
label-prevailing_wage = Prevailing wage
label-living_wage = Living wage
label-project_labor_agreement = Project labor agreement
label-labor_peace = Labor peace
label-environmental_criteria = Environmental criteria
label-local_business_goal = Local business goal
label-minority_women_owned_business_goal = Minority- and women-owned business goal
method-rfp = Request for proposals
method-rfq = Request for quotes
method-ifb = Invitation for bids
method-rfi = Request for information
method-sole_source = Sole source (no competition)
method-emergency = Emergency purchase
method-cooperative = Cooperative (piggyback) purchase
method-other = Another method, or not stated
red-flags-heading = Red flags
search-flag = Contracts with a red flag
red-flag-kind-past-max-extent = Past its maximum extent
red-flag-kind-amendments-over-share = Amendments over 25 % of the value
red-flag-kind-noncompetitive-above-threshold = Sole source or emergency, large
red-flag-kind-ending-without-replacement = Ending, nothing to replace it
red-flags-hint = Worked out from the registry's own numbers, not from anyone's opinion. A flag is a question to ask, not a finding.
red-flag-past-max-extent = It runs, or may run through its options, to { $on }: past its maximum extent of { $until }.
red-flag-amendments-over-share = Amendments added { $amount } to an original value of { $limit }.
red-flag-noncompetitive-above-threshold = Bought without competition (sole source or emergency) for { $amount }, above { $limit }.
red-flag-ending-without-replacement = It ends on { $on }, and no solicitation under way in its agency replaces it.
red-flag-short-submission-period = Bids were due { $until }, less than { $days } days after publication on { $on }.
status-planned = Planned
status-open = Open for bids
status-closed = Closed to bids
status-under_evaluation = Under evaluation
status-awarded = Awarded
status-cancelled = Cancelled
contract-status-pending = Not started
contract-status-active = Active
contract-status-expired = Ended
contract-status-terminated = Terminated
action-award = Award
action-renewal = Renewal
action-extension = Extension
action-amendment = Amendment
action-other = Other decision
outcome-pending = Not yet decided
outcome-approved = Approved
outcome-rejected = Rejected
outcome-deferred = Deferred
outcome-withdrawn = Withdrawn
vote-yes = Yes
vote-no = No
vote-abstain = Abstained
vote-absent = Absent
concern-category-worker_rights = Workers' rights
concern-category-outsourcing = Outsourcing of public services
concern-category-equity = Racial and economic equity
concern-category-environment = Environment
concern-category-transparency = Transparency
concern-category-cost = Cost
concern-category-vendor_record = The vendor's record
concern-category-technology_privacy = Technology, data, AI or surveillance
concern-category-other = Something else
severity-low = Low
severity-medium = Medium
severity-high = High
concern-status-open = Open
concern-status-acknowledged = Acknowledged
concern-status-addressed = Addressed
concern-status-dismissed = Dismissed
report-abuse = Abuse or harassment
report-spam = Spam
report-personal_information = Personal information
report-off_topic = Off topic
report-other = Something else

## Accounts
sign-in-title = Sign in
sign-in-button = Sign in
sign-in-forgot = Forgot your password?
sign-in-no-account = Create an account
sign-in-draft-kept = Your session had ended. Sign in and what you wrote will be brought back, not lost.
field-email = Email address
field-email-hint = We send a link to confirm it. It is never shown to anyone.
field-password = Password
field-new-password = Choose a password
field-password-hint = At least { $min } characters. A long phrase is easiest to remember.
field-display-name = Your public name
field-display-name-hint = Shown beside your comments. It can be your first name.
sign-up-title = Create an account
sign-up-lede = With an account you can follow contracts, comment and flag concerns. Your comments are public; your email address is not.
sign-up-button = Create account
sign-up-have-account = I already have an account
sign-up-done-title = Check your email
sign-up-done-body = If { $email } can be used, we have sent it a link. Follow it to confirm your address and finish signing up.
sign-up-done-next = The link works for a limited time. If nothing arrives, check your spam folder or sign up again.

## Search
search-title = Search and browse
search-results-title = “{ $q }” – search
search-hint = Search titles, descriptions, reference numbers, vendors and agencies. Accents do not matter, and the start of the last word is enough (“custod” finds “custodial”). Put words in double quotes to find them together.
search-kind = Look for
search-kind-all = Everything
search-kind-solicitation = Solicitations
search-kind-contract = Contracts
search-kind-vendor = Vendors
search-kind-agency = Agencies
search-kind-agenda_item = Agenda items
search-filters = Filters
search-filters-hint = Without search words, list solicitations (or contracts, when you choose Contracts above) by these filters.
search-any = Any
search-label-filter = Label
search-expiring = Contracts ending within this many days
search-apply = Apply filters
search-results-heading = Results
search-exact-reference = exact reference number
search-count = { $count ->
    [one] One record matches.
   *[other] { $count } records match.
}
search-truncated = More than 1,000 records match. These are the best of the first 1,000 found: add a word, or a filter, to narrow the search.
search-none = Nothing matches “{ $q }”. Try fewer words, or the start of a word.
search-browse-none = Nothing matches these filters.
error-days = Enter a number of days from 1 to 3,650.

## Meetings
meeting-title = { $body }, { $date }
meeting-agenda-heading = Procurement items on the agenda
meeting-agenda-none = This meeting has no procurement items.
meeting-location = Where
meeting-status = Status
meeting-agenda-link = The full agenda
meeting-told-heading = What the members were told
meeting-told-lede = Before each vote every member of the body receives the same digest of what residents say. Here is each one as sent.
meeting-told-none = No digest has been sent for this meeting yet.
meeting-told-entry = Sent { $date } to { $count } members ({ $days ->
    [one] 1 day
    *[other] { $days } days
} before the meeting): { $subject }
meeting-recipients = Received by
meeting-status-scheduled = Scheduled
meeting-status-held = Held
meeting-status-cancelled = Cancelled
meeting-status-postponed = Postponed

## The timeline of an item: what happened, newest first
timeline-heading = What happened
timeline-none = Nothing has happened to this yet that followers were told about.
timeline-new-solicitation = Published
timeline-solicitation-changed = Changed
timeline-renewal-window = Renewal decision near
timeline-vote-scheduled = Vote scheduled
timeline-vote-rescheduled = Vote moved
timeline-vote-withdrawn = Vote withdrawn
timeline-vote-outcome = Decided
timeline-comment-added = Comment
timeline-concern-added = Concern flagged
timeline-official-response = Answered
timeline-watchlist-item-added = On a watchlist

## Votes on a contract or solicitation, beside what the community said
votes-heading = How the members voted
votes-item = { $body }, { $date }: { $outcome }
votes-beside-tally = Where the community stood is under "Where people stand" below.
conversation-of = The comments and concerns here are about { $title }, which this item decides: the members' digest reports them.
conversation-link = Open its page

## The language form in the footer; each language names itself
language-name = English
language-label = Language
language-button = Change
language-refused = The language was not changed
language-refused-body = Choose one of the languages the form offers and send it again.

## Browse filters: bids due, category, jurisdiction
search-due = Bids due within this many days
search-category = Category code
search-category-hint = A code of any scheme, e.g. 561720 (NAICS) or 90911200 (CPV).
search-jurisdiction = Jurisdiction
error-days-due = Enter a number of days from 1 to 365.

feed-timeline = { $title }: what happened
feed-agency = { $name }: procurement news
feed-deadlines = { $name }: bid and question deadlines
feed-meetings = { $name }: meetings
feed-positions = { $name }: positions
feed-search = Search: { $q }
subscribe-timeline = Subscribe to updates (Atom feed)
subscribe-agency = Subscribe to this agency's news (Atom feed)
subscribe-deadlines = Add its deadlines to your calendar (iCalendar)
subscribe-meetings = Add its meetings to your calendar (iCalendar)
subscribe-positions = Subscribe to its positions (Atom feed)
subscribe-search = Subscribe to this search: “{ $q }” (Atom feed)
