# Contract Watch — English: the directory pages (deciding bodies, officials, agencies, vendors)
# and the public moderation log. Words these pages share with item pages (follow, delivery,
# votes, positions, meetings) are in main.ftl; no id here may repeat one of main.ftl's.

## Facts shared by directory pages
fact-kind = Kind
fact-jurisdiction = Jurisdiction
fact-acronym = Short name
fact-office = Office
fact-district = District

## Seats on a body
term-body = Body
term-role = Role
term-starts = From
term-ends = To
term-no-end = No set end
office-role-member = Member
office-role-chair = Chair
office-role-vice_chair = Vice chair

## Deciding bodies
body-title = { $name }, { $jurisdiction }
body-kind-council = Council
body-kind-committee = Committee
body-kind-board = Board
body-kind-commission = Commission
body-members-heading = Current members
body-members-none = Nobody holds a seat on this body right now.
body-meetings-heading = Coming meetings
body-meetings-none = No meetings of this body are scheduled.
body-meeting-items = { $count ->
    [0] nothing on the agenda yet
    [one] 1 agenda item
   *[other] { $count } agenda items
}
body-follow-lede = We email you when this body's meetings and the contracts on its agendas change.

## Officials
official-title = { $name }, { $title }
official-digests-heading = Pre-vote digests
official-digests-yes = { $name } receives the pre-vote digests: before each vote, the same summary of what residents said that every member of the body is sent.
official-digests-no = { $name } has chosen not to receive the pre-vote digests, the summary of what residents said that members of the body are sent before each vote.
official-digests-chosen = This choice was made on { $date }.
official-terms-heading = Seats held
official-terms-none = No seats are recorded for this official.
official-votes-heading = Votes on procurement items
official-votes-lede = Each vote { $name } cast on a contract or solicitation in the last 12 months, newest first, beside where the people who commented on it stood.
official-votes-none = No votes on procurement items are recorded for the last 12 months.
official-votes-item = Agenda item
official-votes-position = { $position } { $people ->
    [one] 1 person
   *[other] { $people } people
}{ $organizations ->
    [0] {""}
    [one] , 1 organisation
   *[other] , { $organizations } organisations
}

## Agencies
agency-title = { $name }, { $jurisdiction }
agency-kind = Agency
agency-solicitations-heading = Solicitations
agency-solicitations-none = This agency has no solicitations on record.
agency-all-solicitations = All solicitations of { $name }
agency-contracts-heading = Contracts
agency-contracts-none = This agency has no contracts on record.
agency-all-contracts = All contracts of { $name }
agency-follow-lede = We email you when this agency publishes a solicitation or one of its contracts changes.

## Vendors
vendor-title = { $name }: vendor
vendor-kind = Vendor
vendor-identifiers-heading = Register identifiers
vendor-identifiers-none = No register identifiers are recorded for this vendor.
vendor-contracts-heading = Contracts
vendor-contracts-none = No contracts with this vendor are on record.
vendor-follow-lede = We email you when this vendor is awarded a contract or one of its contracts changes.

## Moderation log
moderation-log-title = Moderation log
moderation-log-lede = Every time a comment is hidden, restored or removed, it is recorded here with the reason given. Who reported a comment is never shown.
moderation-log-none = Nothing has been moderated yet.
moderation-log-when = When
moderation-log-action = Action
moderation-log-by = By
moderation-log-reason = Reason
moderation-by-reports = Automatically, after reports
moderation-by-moderator = A moderator
moderation-action-auto_hide = Hidden pending review
moderation-action-hide = Hidden
moderation-action-restore = Restored
moderation-action-remove = Removed
