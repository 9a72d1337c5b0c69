# Contract Watch — English: the work pages (the staff desk, the official's desk, moderation and
# admin) and the refusal page. Words these pages share with the public pages (actions, outcomes,
# votes, meeting statuses, kinds of item) are in main.ftl; no id here may repeat one of theirs.

## Header
desk-staff = Staff desk
desk-official = My official desk
desk-moderation = Moderation
desk-admin = Admin

## Refused
forbidden-title = You cannot open this page
forbidden-body = This page is for people with another role. If you think you should have it, ask an admin.
forbidden-verify = Confirm your email address first: work pages open only to confirmed accounts.
forbidden-sign-in = Sign in with an account that has the role this page needs.

## Editing over someone else's change
conflict-heading = Someone changed this since you opened it
conflict-lede = Your change was not saved. Here is their version beside yours.
conflict-field = Field
conflict-theirs = Saved now
conflict-yours = Yours
conflict-next = The form below still holds yours: change what you need and save again to replace theirs.

## The staff desk
staff-choose-title = Choose a jurisdiction
staff-choose-lede = As an admin you can work on any jurisdiction. Which one?
staff-home-title = Staff desk: { $name }
staff-tasks-heading = What to do
staff-task-new-meeting = Add a meeting
staff-task-registry = The registry: agencies, bodies, officials, vendors, solicitations and contracts
staff-task-concerns = Concerns to answer
staff-task-import = Import a file
staff-task-audit = Audit log
staff-meetings-heading = Coming meetings
staff-meetings-none = No meeting is scheduled.
staff-meeting-when = When
staff-meeting-body = Body
staff-meeting-items = Agenda items
staff-bodies-heading = Bodies and their digests
staff-lead-times-lede = Members of each body get a digest of what residents say this many days before each meeting.
staff-lead-times-label = Days before a meeting: { $body }
staff-lead-times-hint = Whole days, separated by commas, for example 7, 2. Leave empty for the usual 7 and 2.
staff-lead-times-button = Save
staff-error-lead-days = Enter whole days separated by commas, for example 7, 2.
staff-done-lead-times = The lead times are saved. Digests not yet sent follow them.
staff-done-meeting = The meeting is added. Now add its agenda.
staff-done-moved = The meeting is saved. People following its items are told when it moves.
staff-done-item = The item is added. Add the next one below.
staff-done-linked = The item is linked. Its contract's followers will hear of the vote.
staff-done-votes = The roll call is recorded and the outcome published.
staff-done-resent = A new confirmation link is on its way to the official's contact address.
staff-done-saved = Saved.
staff-done-archived = Archived. It no longer shows on public pages; the audit log keeps the change.
staff-done-answered = Your answer is published on the item's page.
staff-done-imported = The import is done. Its report is below.
staff-refused-title = That was not done
staff-meeting-crumb = Meeting
staff-back = Back

## A meeting
staff-new-meeting-title = Add a meeting
staff-new-meeting-button = Add the meeting
staff-meeting-starts-label = Starts
staff-meeting-starts-hint = Local time in { $zone }.
staff-meeting-location-label = Place (optional)
staff-meeting-agenda-label = Address of the published agenda (optional)
staff-error-starts = Enter the day and time the meeting starts (a time that exists on that day).
staff-meeting-public-page = The meeting's public page
staff-item-decides = Decides:
staff-item-unlinked = Not linked yet. Is it one of these contracts?
staff-link-button = Link { $reference }
staff-link-reasons = score { $score }: { $reasons }
staff-link-none = No likely contract was found. Link one by editing the item in the registry.
staff-roll-call-link = Record the roll call
staff-add-item-heading = Add an agenda item
staff-item-number-label = Item number
staff-item-title-label = Title
staff-item-action-label = What is decided
staff-item-decides-legend = The contract or solicitation it decides (optional)
staff-find-label = Find by reference number, title or vendor
staff-find-hint = Then press Find and choose one of the results.
staff-find-button = Find
staff-error-find-empty = Type what to look for.
staff-find-results = { $count ->
    [one] One match:
   *[other] { $count } matches:
}
staff-find-none = Nothing matches. Try the reference number.
staff-item-decides-none = None of these
staff-add-item-button = Add the item
staff-digests-heading = Before the vote: members' digests
staff-digests-lede = Each member gets a digest { $days } days before the meeting. Open a preview to see exactly what they will receive.
staff-digests-none = This body has no members seated on the meeting's day.
staff-digest-member = Member
staff-digest-lead = Lead time
staff-digest-state = State
staff-digest-detail = When, or why
staff-digest-actions = Actions
staff-digest-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}
staff-digest-no-address-fix = Enter the official's contact address in the registry; they are sent a link to confirm it.
staff-digest-preview = Preview
staff-resend-button = Send a new confirmation link
digest-state-scheduled = Scheduled
digest-state-queued = Queued
digest-state-sent = Sent
digest-state-failed = Failed
digest-state-no_address = No address
digest-state-skipped = Skipped
digest-state-opted_out = Opted out
staff-move-heading = Move or change the meeting
staff-move-button = Save the meeting

## The roll call
staff-roll-call-title = Roll call: { $number }. { $title }
staff-roll-call-lede = { $body }, { $date }. Record a vote for every member seated that day; a member who was not there is absent.
staff-roll-call-caption = { $count ->
    [one] The member seated that day
   *[other] The { $count } members seated that day
}
staff-roll-call-nobody = Nobody holds a seat on the body on the meeting's day. Add their terms in the registry first.
staff-outcome-label = Outcome
staff-outcome-choose = Choose the outcome
staff-error-outcome = Choose the outcome.
staff-reason-label = Note for the audit log (optional)
staff-reason-hint = For example: corrected the vote of a member.
staff-roll-call-button = Record the roll call

## A digest's preview
staff-preview-title = Digest for { $name }
staff-preview-lede = { $body }, meeting of { $date }, sent { $days } days before.
staff-preview-subject = Subject
staff-preview-html = The message
staff-preview-text = The plain-text version

## Moderation
moderation-queue-title = Moderation queue
moderation-queue-lede = Hidden comments and comments people reported, most reported first. Who reported is never shown. Every decision and its reason is published in the
moderation-queue-empty = Nothing is waiting: no comment is hidden or reported.
moderation-case-heading = { $count ->
    [0] Hidden automatically
    [one] Reported once
   *[other] Reported by { $count } people
}
moderation-case-meta = Posted { $date } on
moderation-author-link = { $name }'s other comments
moderation-reports-heading = Why people reported it
moderation-decision-legend = Decision
moderation-decision-hide = Hide it while it is reviewed
moderation-decision-restore = Restore it: it breaks no rule
moderation-decision-remove = Remove it: it breaks the rules
moderation-reason-label = Reason
moderation-reason-hint = Shown in the public moderation log and sent to the author. Name the rule, not the person.
moderation-error-reason = Give the reason: the public log shows it.
moderation-decide-button = Decide
moderation-decide-summary = Decide on this comment
moderation-done-hide = The comment is hidden. The public log shows why.
moderation-done-restore = The comment is back. The public log shows why.
moderation-done-remove = The comment is removed. The public log shows why.
moderation-author-title = Comments by { $name }
moderation-author-none = This person has written no comment.
visibility-visible = Visible
visibility-hidden = Hidden
visibility-removed = Removed

## Admin
admin-title = Admin
admin-audit-link = The whole audit log
admin-find-heading = Find an account
admin-find-label = Email address
admin-find-button = Find
admin-find-none = No account has this address.
admin-user-role = Role
admin-user-confirmed = Address confirmed
admin-user-official = Speaks for
admin-user-official-none = No official
admin-role-resident = Resident
admin-role-staff = Staff
admin-role-moderator = Moderator
admin-role-admin = Admin
admin-role-heading = Role
admin-jurisdiction-label = Jurisdiction (staff only)
admin-jurisdiction-hint = Staff edit the registry of this jurisdiction only.
admin-jurisdiction-none = None
admin-reason-label = Reason (kept in the audit log)
admin-role-button = Save the role
admin-official-heading = Official
admin-official-label = The official this account speaks for
admin-official-hint = Only after checking who holds the account. They can then answer concerns as that official and choose their digests.
admin-official-unlink = Nobody (unlink)
admin-official-button = Save the link
admin-organizations-heading = Organisations
admin-organizations-lede = Check that an organisation is who it says it is before verifying it: only verified organisations' positions count as organisation positions.
admin-org-verified = Verified
admin-org-waiting = Waiting for a check
admin-verify-reason-label = Reason: { $name }
admin-verify-hint = How you checked it, for the audit log (optional).
admin-unverify-hint = Why the badge is withdrawn (required; kept in the audit log).
admin-verify-button = Verify
admin-unverify-button = Withdraw the badge
admin-done-role = The role is saved.
admin-done-official = The link is saved.
admin-done-verified = The organisation is verified.
admin-done-unverified = The badge is withdrawn.

## The audit log
audit-title = Audit log
audit-lede = Every change staff, moderators and admins made, newest first, with who made it and why.
audit-filter-heading = Show only
audit-target-type = Kind of row
audit-any = Any
audit-action = Change
audit-action-hint = For example updateContract or recordVotes.
audit-target = One row
audit-target-hint = The row's id, from its page address.
audit-actor = One person
audit-actor-hint = Their account id (follow a name in the list).
audit-filter-button = Show
audit-entries-heading = Changes
audit-when = When
audit-who = Who
audit-row = Row
audit-reason = Reason
audit-open = Open
audit-former = Former account
audit-command-line = The command line
audit-none = No change matches.

## Concerns to answer
answers-title = Concerns to answer
answers-lede = Concerns residents and organisations flagged on this jurisdiction's solicitations, contracts and agenda items that are still open or only acknowledged. Your answer is published on the item's page with your name.
answers-order = Show first:
answers-order-oldest = the longest waiting
answers-order-endorsed = the most endorsed
answers-endorsements = { $count ->
    [one] 1 endorsement
   *[other] { $count } endorsements
}
answers-flagged = flagged { $date }
answers-about = About:
answers-answered = Answered by { $name }, { $date }
answers-body-label = Your answer
answers-body-hint = Published as written. Markdown works: **bold**, lists, links.
answers-status-legend = The concern's status after your answer
answers-button = Publish the answer
answers-none = No concern is waiting for an answer.

## The official's desk
official-desk-title = { $name }: your desk
official-desk-public-page = Your public page
official-meetings-heading = Your coming meetings
official-meetings-none = None of your bodies has a meeting scheduled.
official-digests-lede = The digest you will receive:
official-digest-before = before this meeting of { $body }
official-choices-heading = Your digests
official-choice-pre-vote = Before each vote, a digest of what residents say about the items
official-choice-weekly = A weekly summary of new concerns and comments
official-choice-yes = Yes, send it
official-choice-no = No
official-choices-public = Whether you receive pre-vote digests is shown on your public page.
official-choices-button = Save my choices
official-done-choices = Your choices are saved.
official-concerns-lede = You can answer the concerns on items your bodies decide; your answer shows with your name and title.

## The registry
staff-task-registry-short = Registry
registry-title = Registry: { $name }
registry-find-label = Find a solicitation, contract, vendor or agency
registry-section-agencies = Agencies
registry-section-bodies = Bodies
registry-section-officials = Officials
registry-section-solicitations = Latest solicitations
registry-section-contracts = Contracts ending soonest
registry-section-vendors = Vendors
registry-vendors-lede = Vendors are shared by every jurisdiction. Find one above by its name.
registry-none = None yet.
registry-new-agency = Add an agency
registry-new-body = Add a body
registry-new-official = Add an official
registry-new-vendor = Add a vendor
registry-new-solicitation = Add a solicitation
registry-new-contract = Add a contract
registry-kind-agency = agency
registry-kind-body = body
registry-kind-official = official
registry-kind-vendor = vendor
registry-kind-solicitation = solicitation
registry-kind-contract = contract
registry-new-title = Add a { $kind }
registry-edit-title = Edit the { $kind } { $name }
registry-public-page = Its public page
registry-optional = (optional)
registry-picked = The row chosen before
registry-find-row = Find by name, title or reference number
registry-save = Save
registry-save-another = Save and add another
registry-name = Name
registry-acronym = Acronym
registry-body-kind = Kind of body
registry-official-title = Title, for example Council Member
registry-district = District or ward
registry-contact-email = Contact address for digests
registry-contact-email-hint = Never shown publicly. A new or changed address is sent a link to confirm it; digests go to it once confirmed.
registry-identifiers = External identifiers
registry-identifiers-hint = One per line: the register, then the number, for example US-UEI ZQGGHJH74DW7.
registry-agency = Agency
registry-vendor = Vendor
registry-solicitation = Awarded from the solicitation
registry-reference = Reference number
registry-title-field = Title
registry-description = Description
registry-method = Procurement method
registry-status = Status
registry-estimated-value = Estimated value
registry-estimated-value-hint = A number, for example 1250000.00.
registry-currency = Currency (three letters, for example USD)
registry-published-at = Published
registry-published-at-hint = Local time of the jurisdiction.
registry-questions-due-at = Questions due
registry-questions-due-at-hint = Local time of the jurisdiction.
registry-bids-due-at = Bids due
registry-bids-due-at-hint = Local time of the jurisdiction.
registry-pre-bid-at = Pre-bid meeting
registry-pre-bid-at-hint = Local time of the jurisdiction.
registry-categories = Category codes
registry-categories-hint = One per line: the scheme, the code, then what it means, for example UNSPSC 76111500 Building cleaning services.
registry-labels = Labels
registry-inhouse-fte = Public positions doing this work today (outsourcing)
registry-inhouse-fte-hint = Full-time equivalents, for example 42 or 12.5.
registry-inhouse-cost = Their annual cost in house
registry-inhouse-cost-hint = A number, for example 3100000.00.
registry-bargaining-unit = Their bargaining unit
registry-value = Original value
registry-value-hint = A number, for example 1250000.00; 0 for a contract that sets prices but no total.
registry-start-date = Starts on
registry-end-date = Ends on
registry-max-extent = Latest end with every renewal
registry-error-date = Enter a date, for example 2027-06-30.
registry-error-number = Enter a number, for example 12.5.
registry-error-pick = Find the row and choose it.
registry-error-identifier = Write each identifier as the register, a space, then the number.
registry-error-category = Write each category as the scheme, a space, the code, then what it means.
registry-error-archive-reason = Say why it is archived: the audit log keeps the reason.
registry-terms-heading = Terms on bodies
registry-terms-none = No term yet: add one so the official appears on the body and its roll calls.
registry-term-open = no set end
registry-term-role = Role
registry-term-starts = Starts on
registry-term-ends = Ends on
registry-term-button = Add the term
registry-term-save = Save the term
registry-term-add-heading = Add a term
registry-documents-heading = Documents and addenda
registry-documents-none = No document yet.
registry-document-title = Title
registry-document-title-hint = For example: Addendum 2: revised scope of work.
registry-document-url = Address (http or https)
registry-document-button = Publish the document
registry-options-heading = Renewal options
registry-options-none = No renewal option.
registry-option-line = Option { $n }: { $start } to { $end }, decide by { $deadline }
registry-option-exercised = Exercised on { $date }
registry-exercised-on = Exercised on
registry-exercise-button = Record that option { $n } was exercised
registry-add-option-heading = Add a renewal option
registry-option-start = Period starts
registry-option-end = Period ends
registry-option-value = Value of the period
registry-option-deadline = Decide by
registry-add-option-button = Add the option
registry-amendments-heading = Amendments
registry-amendments-none = No amendment.
registry-new-end = new end { $date }
registry-current-value = Value with every amendment: { $value }
registry-amended-on = Amended on
registry-value-change = Change in value
registry-value-change-hint = Negative when the value goes down, for example -25000.00.
registry-new-end-date = New end date
registry-amendment-button = Record the amendment
registry-archive-heading = Archive
registry-archive-lede = Archiving takes it off public pages and search. Nothing is deleted: the audit log keeps it.
registry-archive-reason = Why
registry-archive-button = Archive

## Imports
import-title = Import a file
import-crumb = Import
import-lede = Upload what your systems publish: an OCDS file, or a CSV export of the city's contracts. First the file is checked: you see what it would create, update and skip, and why. Nothing changes until you apply it.
import-source-legend = What kind of file
import-source-ocds = OCDS (release or record packages, releases, JSON Lines; gzip too)
import-source-csv_chicago = CSV: the City of Chicago's contracts export
import-source-csv_nyc = CSV: New York City's recent contract awards
import-source-csv_san_francisco = CSV: San Francisco's supplier contracts
import-file-label = The file
import-file-hint = Up to { $mib } MiB here; larger files are imported with the command line (see the staff guide).
import-check-button = Check the file
import-error-no-file = Choose the file to import.
import-error-too-large = The file is too large for this page: import it with the command line.
import-error-unreadable = The file could not be read. Try again.
import-history-heading = Import history
import-history-none = No file was imported from this page yet.
import-legistar-note = Agendas from Legistar are read from the city's Legistar service with the command line (`contract-watch import legistar`), on a schedule.
import-file = File
import-state = State
import-source = Kind
import-created = Created
import-updated = Updated
import-skipped = Skipped
import-state-checked = Checked, not applied
import-state-applied = Applied
import-run-title = Import of { $file }
import-would-heading = What importing it would do
import-did-heading = What the import did
import-summary-created = { $count ->
    [one] 1 row created
   *[other] { $count } rows created
}
import-summary-updated = { $count ->
    [one] 1 row updated
   *[other] { $count } rows updated
}
import-summary-unchanged = { $count ->
    [one] 1 row already as the file says
   *[other] { $count } rows already as the file says
}
import-summary-skipped = { $count ->
    [one] 1 element skipped
   *[other] { $count } elements skipped
}
import-apply-button = Apply: import this file
import-created-list = The rows created ({ $count })
import-updated-list = The rows updated ({ $count })
import-skipped-heading = Skipped, and why
import-path = Where in the file
import-notes = Adjustments ({ $count })
import-back = Back to imports
