//! Staff editing of the registry, the audit log, and the authorization matrix over every
//! mutation, every query field and every restricted field in the schema.

use std::collections::BTreeMap;

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid, second_jurisdiction};
use crate::on_both_databases;

on_both_databases!(
    staff_record_a_renewal_vote_that_shows_in_upcoming_votes_and_the_audit_log,
    the_authorization_matrix_covers_every_mutation_and_restricted_field,
);

async fn staff_record_a_renewal_vote_that_shows_in_upcoming_votes_and_the_audit_log(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;

    let contract = app
        .data_as(
            &staff,
            "mutation($agency: ID!, $vendor: ID!) { saveContract(input: { agencyId: $agency, vendorId: $vendor, \
             referenceNumber: \"C-2026-77\", title: \"Library security guards\", value: \"480000.00\", currency: \"USD\", \
             startDate: \"2025-07-01\", endDate: \"2026-08-31\", status: ACTIVE, \
             labels: { labels: [OUTSOURCING], inhouseFte: 6.5, bargainingUnit: \"AFSCME Local 1\" }, \
             renewalOptions: [ \
               { periodStart: \"2026-09-01\", periodEnd: \"2027-08-31\", value: \"240000.00\", decisionDeadline: \"2026-07-15\" }, \
               { periodStart: \"2027-09-01\", periodEnd: \"2028-08-31\", decisionDeadline: \"2027-07-15\" } ] }) \
             { id renewalOptions { id sequence exercised } } }",
            json!({ "agency": gid(NodeKind::Agency, r.library), "vendor": gid(NodeKind::Vendor, r.vendor) }),
        )
        .await["saveContract"]
        .clone();
    let contract_id = contract["id"].as_str().unwrap().to_owned();
    assert_eq!(contract["renewalOptions"].as_array().unwrap().len(), 2);

    let amended = app
        .data_as(
            &staff,
            "mutation($c: ID!) { addContractAmendment(input: { contractId: $c, amendedOn: \"2026-06-01\", \
             valueChange: \"12500.50\", description: \"Two more posts at the branch\" }) \
             { currentValue { amount } amendments { valueChange { amount } } } }",
            json!({ "c": contract_id }),
        )
        .await;
    assert_eq!(
        amended["addContractAmendment"]["currentValue"]["amount"],
        "492500.50"
    );

    let meeting = app
        .data_as(
            &staff,
            "mutation($b: ID!) { saveMeeting(input: { bodyId: $b, startsAt: \"2026-06-25T23:00:00Z\", \
             location: \"Council Chambers\", status: SCHEDULED }) { id } }",
            json!({ "b": gid(NodeKind::Body, r.council) }),
        )
        .await["saveMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = app
        .data_as(
            &staff,
            "mutation($m: ID!, $c: ID!) { saveAgendaItem(input: { meetingId: $m, itemNumber: \"7.2\", \
             title: \"Renew library security guards (option 1)\", action: RENEWAL, contractId: $c }) { id } }",
            json!({ "m": meeting, "c": contract_id }),
        )
        .await["saveAgendaItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let upcoming = app
        .data(
            "{ upcomingVotes(withinDays: 30) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let ids: Vec<&str> = upcoming["upcomingVotes"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&item.as_str()),
        "the new item is an upcoming vote: {ids:?}"
    );

    // The third fixture member's term has ended: only the two seated members vote.
    let seated = &r.officials[..2];
    let votes: Vec<Value> = seated
        .iter()
        .enumerate()
        .map(|(i, o)| json!({ "officialId": gid(NodeKind::Official, *o), "vote": if i == 0 { "NO" } else { "YES" } }))
        .collect();
    let recorded = app
        .data_as(
            &staff,
            "mutation($i: ID!, $v: [VoteInput!]!) { recordVotes(input: { agendaItemId: $i, outcome: APPROVED, votes: $v }) \
             { outcome rollCall { vote official { id } } } }",
            json!({ "i": item, "v": votes }),
        )
        .await;
    assert_eq!(recorded["recordVotes"]["outcome"], "APPROVED");
    assert_eq!(
        recorded["recordVotes"]["rollCall"]
            .as_array()
            .unwrap()
            .len(),
        seated.len()
    );
    let (_, unseated) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            "mutation($i: ID!, $o: ID!) { recordVotes(input: { agendaItemId: $i, outcome: APPROVED, votes: [{ officialId: $o, vote: YES }] }) { id } }",
            json!({ "i": item, "o": gid(NodeKind::Official, r.officials[2]) }),
        )
        .await;
    assert_eq!(
        unseated["errors"][0]["extensions"]["field"], "votes",
        "a former member cannot vote"
    );

    // Bad input names its field and changes nothing.
    let (_, bad) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            "mutation($i: ID!) { recordVotes(input: { agendaItemId: $i, outcome: APPROVED, votes: [{ officialId: $i, vote: YES }] }) { id } }",
            json!({ "i": item }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "votes");

    // The audit log holds one row per change, newest first, for admins only.
    let log = app
        .data_as(&admin, "{ auditLog(first: 20) { edges { node { action targetType targetId actorRole requestId afterDigest } } } }", json!({}))
        .await;
    let actions: Vec<&str> = log["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "recordVotes",
            "createAgendaItem",
            "createMeeting",
            "addContractAmendment",
            "createContract",
            "createUser",
            "createUser"
        ]
    );
    let first = &log["auditLog"]["edges"][0]["node"];
    assert_eq!(first["targetId"], item.as_str());
    assert_eq!(first["actorRole"], "staff");
    assert_eq!(first["afterDigest"].as_str().unwrap().len(), 64);
    // Staff read their own jurisdiction's entries (their edits, not the admin's), and no other
    // jurisdiction's.
    let own = app
        .data_as(
            &staff,
            "{ auditLog { edges { node { action } } } }",
            json!({}),
        )
        .await;
    let own: Vec<&str> = own["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        own,
        [
            "recordVotes",
            "createAgendaItem",
            "createMeeting",
            "addContractAmendment",
            "createContract"
        ]
    );
    let other = crate::helpers::second_jurisdiction(&app).await;
    let (_, denied) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            "query($j: ID!) { auditLog(jurisdictionId: $j) { edges { node { action } } } }",
            json!({ "j": gid(NodeKind::Jurisdiction, other) }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");

    // Archiving takes the item out of public lists; it stays reachable by id.
    let archived = app
        .data_as(
            &staff,
            "mutation($i: ID!) { archive(input: { id: $i, reason: \"entered twice\" }) { archived } }",
            json!({ "i": item }),
        )
        .await;
    assert_eq!(archived["archive"]["archived"], true);
    let upcoming = app
        .data(
            "{ upcomingVotes(withinDays: 30) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(!upcoming.to_string().contains(item.as_str()), "{upcoming}");
    let node = app
        .data(
            "query($i: ID!) { node(id: $i) { id } }",
            json!({ "i": item }),
        )
        .await;
    assert_eq!(node["node"]["id"], item.as_str());
    let log = app
        .data_as(
            &admin,
            "{ auditLog(first: 1) { edges { node { action reason } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        log["auditLog"]["edges"][0]["node"]["action"],
        "archiveAgendaItem"
    );
    assert_eq!(
        log["auditLog"]["edges"][0]["node"]["reason"],
        "entered twice"
    );

    // The database itself refuses to change or delete audit rows.
    for sql in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        assert!(
            app.state.db.write.execute_unprepared(sql).await.is_err(),
            "{sql} must fail"
        );
    }
}

/// Who needs what for each mutation. A mutation missing here fails the matrix test.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Need {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account (managing one's own account).
    SignedIn,
    /// A verified account.
    Verified,
    /// A representative of the organisation, or an admin.
    Representative,
    /// Staff of the record's jurisdiction, or an admin.
    Staff,
    /// Staff of any jurisdiction, or an admin (vendors belong to none).
    AnyStaff,
    /// The resident who wrote the comment.
    Author,
    /// The author, moderators and admins.
    AuthorOrModerator,
    /// Moderators and admins.
    Moderator,
    /// Staff of the subject's jurisdiction, admins, and officials seated on a deciding body.
    Responder,
    /// The resident who owns the alert subscription; anyone else gets NOT_FOUND.
    OwnAlert,
    /// A representative of the organisation, not even an admin.
    RepresentativeOnly,
    /// The official's own linked account, not even an admin.
    OwnOfficial,
    Admin,
}

async fn the_authorization_matrix_covers_every_mutation_and_restricted_field(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let other = second_jurisdiction(&app).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff_here) = app
        .account("here@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (_, staff_other) = app
        .account("there@example.org", UserRole::Staff, Some(other))
        .await;
    let (_, resident) = app
        .account("resident@example.org", UserRole::Resident, None)
        .await;
    let (rep_id, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (official_user, official) = app
        .account("official@example.org", UserRole::Resident, None)
        .await;
    app.data_as(&admin, "mutation($u: ID!, $o: ID!) { linkOfficial(input: {userId: $u, officialId: $o}) { id } }",
        json!({ "u": gid(NodeKind::User, official_user), "o": gid(NodeKind::Official, r.officials[0]) })).await;
    // An unverified account: signed up, never confirmed.
    app.gql_as(None, "198.51.100.1", "mutation { signUp(input: {email: \"unverified@example.org\", password: \"correct horse battery staple\", displayName: \"U\"}) { ok } }", json!({})).await;
    let unverified = app.log_in("unverified@example.org").await;
    let org = app
        .data_as(&rep, "mutation { createOrganization(input: {name: \"Library Workers Local 88\", kind: UNION_LOCAL, description: \"\"}) { id } }", json!({}))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let j = gid(NodeKind::Jurisdiction, r.jurisdiction);
    let agency = gid(NodeKind::Agency, r.library);
    let body = gid(NodeKind::Body, r.council);
    let vendor = gid(NodeKind::Vendor, r.vendor);
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let solicitation = gid(NodeKind::Solicitation, r.custodial);
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
    let official_id = gid(NodeKind::Official, r.officials[1]);
    let user = gid(NodeKind::User, rep_id);
    let option = {
        let data = app
            .data(
                "query($c: ID!) { node(id: $c) { ... on Contract { renewalOptions { id } } } }",
                json!({ "c": contract }),
            )
            .await;
        data["node"]["renewalOptions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let comment = app
        .data_as(&resident, "mutation($s: ID!) { postComment(input: {subjectId: $s, body: \"Keep it in-house\", position: OPPOSE}) { id } }", json!({ "s": contract }))
        .await["postComment"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let concern = app
        .data_as(&resident, "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: COST, severity: LOW, summary: \"Too costly\"}) { id } }", json!({ "s": contract }))
        .await["flagConcern"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(
        &admin,
        "mutation($o: ID!) { verifyOrganization(input: {organizationId: $o}) { id } }",
        json!({ "o": org }),
    )
    .await;
    let watchlist = app
        .data_as(&rep, "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, name: \"Watched\"}) { id } }", json!({ "o": org }))
        .await["createWatchlist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let alert = app
        .data_as(&resident, "mutation($a: ID!) { createAlertSubscription(input: {target: {agencyId: $a}, delivery: DAILY}) { id } }", json!({ "a": agency }))
        .await["createAlertSubscription"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = "{ pageInfo { hasNextPage } }";
    let queries: Vec<(&str, Need, String)> = vec![
        (
            "node",
            Need::Public,
            format!("node(id: \"{contract}\") {{ id }}"),
        ),
        (
            "jurisdictions",
            Need::Public,
            format!("jurisdictions(first: 1) {page}"),
        ),
        (
            "agencies",
            Need::Public,
            format!("agencies(first: 1) {page}"),
        ),
        ("bodies", Need::Public, format!("bodies(first: 1) {page}")),
        (
            "officials",
            Need::Public,
            format!("officials(first: 1) {page}"),
        ),
        ("vendors", Need::Public, format!("vendors(first: 1) {page}")),
        (
            "solicitations",
            Need::Public,
            format!("solicitations(first: 1) {page}"),
        ),
        (
            "solicitation",
            Need::Public,
            format!("solicitation(id: \"{solicitation}\") {{ id }}"),
        ),
        (
            "contracts",
            Need::Public,
            format!("contracts(first: 1) {page}"),
        ),
        (
            "contract",
            Need::Public,
            format!("contract(id: \"{contract}\") {{ id }}"),
        ),
        (
            "meetings",
            Need::Public,
            format!("meetings(first: 1) {page}"),
        ),
        (
            "meeting",
            Need::Public,
            format!("meeting(id: \"{meeting}\") {{ id }}"),
        ),
        (
            "upcomingVotes",
            Need::Public,
            format!("upcomingVotes(withinDays: 30, first: 1) {page}"),
        ),
        (
            "agendaItem",
            Need::Public,
            format!("agendaItem(id: \"{item}\") {{ id }}"),
        ),
        (
            "search",
            Need::Public,
            "search(query: \"custodial\", first: 1) { edges { node { title } } }".to_owned(),
        ),
        (
            "meetingDigestStatus",
            Need::Staff,
            format!("meetingDigestStatus(meetingId: \"{meeting}\") {{ state }}"),
        ),
        (
            "officialDigestPreview",
            Need::Staff,
            format!(
                "officialDigestPreview(officialId: \"{official_id}\", meetingId: \"{meeting}\", leadTime: 2) {{ subject }}"
            ),
        ),
        (
            "agendaItemLinkSuggestions",
            Need::Staff,
            format!("agendaItemLinkSuggestions(agendaItemId: \"{item}\") {{ score }}"),
        ),
        // `me` is null for anonymous viewers and only ever describes the viewer.
        ("me", Need::Public, "me { displayName }".into()),
        ("myDataExport", Need::SignedIn, String::new()),
        (
            "organizations",
            Need::Public,
            format!("organizations(first: 1) {page}"),
        ),
        (
            "myAlertSubscriptions",
            Need::SignedIn,
            "myAlertSubscriptions { id }".into(),
        ),
        (
            "moderationQueue",
            Need::Moderator,
            format!("moderationQueue(first: 1) {page}"),
        ),
        (
            "moderationLog",
            Need::Public,
            format!("moderationLog(first: 1) {page}"),
        ),
        // Staff read their own jurisdiction's entries; admins everything.
        (
            "auditLog",
            Need::AnyStaff,
            format!("auditLog(first: 1) {page}"),
        ),
        (
            "importRuns",
            Need::Staff,
            format!("importRuns(jurisdictionId: \"{j}\") {{ id }}"),
        ),
        (
            "importRun",
            Need::AnyStaff,
            "importRun(runId: \"999\") { id }".into(),
        ),
        (
            "authorHistory",
            Need::Moderator,
            format!("authorHistory(userId: \"{user}\", first: 1) {page}"),
        ),
        (
            "concernsToAnswer",
            Need::Responder,
            format!("concernsToAnswer(jurisdictionId: \"{j}\", first: 1) {page}"),
        ),
        (
            "userByEmail",
            Need::Admin,
            "userByEmail(email: \"resident@example.org\") { id }".into(),
        ),
        // Restricted fields below the root, found by the "visible to" in their description.
        (
            "Organization.members",
            Need::Representative,
            format!("node(id: \"{org}\") {{ ... on Organization {{ members {{ role }} }} }}"),
        ),
        (
            "Comment.revisions",
            Need::AuthorOrModerator,
            format!("node(id: \"{comment}\") {{ ... on Comment {{ revisions {{ body }} }} }}"),
        ),
        (
            "Comment.visibility",
            Need::Moderator,
            format!("node(id: \"{comment}\") {{ ... on Comment {{ visibility }} }}"),
        ),
    ];
    let mutations: Vec<(&str, Need, String)> = vec![
        ("signUp", Need::Public, "signUp(input: {email: \"m@example.org\", password: \"correct horse battery staple\", displayName: \"M\"}) { ok }".into()),
        ("verifyEmail", Need::Public, "verifyEmail(token: \"nope\") { id }".into()),
        ("logIn", Need::Public, "logIn(input: {email: \"x@example.org\", password: \"y\"}) { accessToken }".into()),
        ("refreshSession", Need::Public, "refreshSession(refreshToken: \"nope\") { accessToken }".into()),
        ("logOut", Need::Public, "logOut(refreshToken: \"nope\")".into()),
        ("requestPasswordReset", Need::Public, "requestPasswordReset(email: \"x@example.org\") { ok }".into()),
        ("resetPassword", Need::Public, "resetPassword(input: {token: \"nope\", newPassword: \"correct horse battery staple\"})".into()),
        ("logOutEverywhere", Need::SignedIn, String::new()),
        ("regenerateCalendarAddress", Need::SignedIn, String::new()),
        // The file part is named but not sent, so an allowed viewer gets past the check to
        // "attach the file" and nothing is imported.
        ("importOcds", Need::Staff, format!("importOcds(jurisdictionId: \"{j}\", file: \"#__graphql_file__:0\", dryRun: true) {{ dryRun }}")),
        ("checkImport", Need::Staff, format!("checkImport(jurisdictionId: \"{j}\", source: OCDS, file: \"#__graphql_file__:0\") {{ id }}")),
        // No such run: staff learn that, anyone else is refused first.
        ("applyImport", Need::AnyStaff, "applyImport(runId: \"999\") { id }".into()),
        ("setMyTimeZone", Need::SignedIn, "setMyTimeZone(timeZone: \"America/Chicago\") { timeZone }".into()),
        ("changePassword", Need::SignedIn, "changePassword(input: {currentPassword: \"wrong password here\", newPassword: \"correct horse battery staple 2\"}) { accessToken }".into()),
        ("changeEmail", Need::SignedIn, "changeEmail(input: {newEmail: \"new@example.org\", currentPassword: \"wrong password here\"}) { ok }".into()),
        ("deleteMyAccount", Need::SignedIn, "deleteMyAccount(currentPassword: \"wrong password here\")".into()),
        ("createOrganization", Need::Verified, "createOrganization(input: {name: \"Neighbours\", kind: COMMUNITY_GROUP, description: \"\"}) { id }".into()),
        ("updateOrganization", Need::Representative, format!("updateOrganization(input: {{organizationId: \"{org}\", description: \"We organise.\"}}) {{ id }}")),
        ("addOrganizationMember", Need::Representative, format!("addOrganizationMember(input: {{organizationId: \"{org}\", userId: \"{user}\", role: REPRESENTATIVE}}) {{ id }}")),
        ("removeOrganizationMember", Need::Representative, format!("removeOrganizationMember(input: {{organizationId: \"{org}\", userId: \"{user}\"}})")),
        ("verifyOrganization", Need::Admin, format!("verifyOrganization(input: {{organizationId: \"{org}\"}}) {{ id }}")),
        ("setUserRole", Need::Admin, format!("setUserRole(input: {{userId: \"{user}\", role: RESIDENT}}) {{ id }}")),
        ("linkOfficial", Need::Admin, format!("linkOfficial(input: {{userId: \"{user}\"}}) {{ id }}")),
        ("saveAgency", Need::Staff, format!("saveAgency(input: {{jurisdictionId: \"{j}\", name: \"Transit\"}}) {{ id }}")),
        ("saveBody", Need::Staff, format!("saveBody(input: {{jurisdictionId: \"{j}\", name: \"Finance Committee\", kind: COMMITTEE}}) {{ id }}")),
        ("saveOfficial", Need::Staff, format!("saveOfficial(input: {{jurisdictionId: \"{j}\", name: \"Kim Lee\", title: \"Council Member\"}}) {{ id }}")),
        ("saveOfficeTerm", Need::Staff, format!("saveOfficeTerm(input: {{officialId: \"{official_id}\", bodyId: \"{body}\", role: MEMBER, startsOn: \"2026-01-01\"}}) {{ id }}")),
        ("saveVendor", Need::AnyStaff, "saveVendor(input: {name: \"Acme Guards\"}) { id }".into()),
        ("saveSolicitation", Need::Staff, format!("saveSolicitation(input: {{agencyId: \"{agency}\", referenceNumber: \"RFP-9\", title: \"Guards\", description: \"\", method: RFP, status: PLANNED, currency: \"USD\"}}) {{ id }}")),
        ("saveContract", Need::Staff, format!("saveContract(input: {{contractId: \"{contract}\", vendorId: \"{vendor}\", solicitationId: \"{solicitation}\", referenceNumber: \"C-1\", title: \"Custodial\", value: \"100.00\", currency: \"USD\", startDate: \"2025-01-01\", endDate: \"2026-07-15\", status: ACTIVE}}) {{ id }}")),
        ("addRenewalOption", Need::Staff, format!("addRenewalOption(input: {{contractId: \"{contract}\", option: {{periodStart: \"2027-01-01\", periodEnd: \"2027-12-31\", decisionDeadline: \"2026-11-01\"}}}}) {{ id }}")),
        ("exerciseRenewalOption", Need::Staff, format!("exerciseRenewalOption(input: {{renewalOptionId: \"{option}\", exercisedOn: \"2026-06-15\"}}) {{ id }}")),
        ("addContractAmendment", Need::Staff, format!("addContractAmendment(input: {{contractId: \"{contract}\", amendedOn: \"2026-06-15\", valueChange: \"-10.00\", description: \"Fewer hours\"}}) {{ id }}")),
        ("saveMeeting", Need::Staff, format!("saveMeeting(input: {{meetingId: \"{meeting}\", startsAt: \"2026-06-18T23:00:00Z\", status: SCHEDULED}}) {{ id }}")),
        ("saveAgendaItem", Need::Staff, format!("saveAgendaItem(input: {{meetingId: \"{meeting}\", itemNumber: \"9\", title: \"Guards\", action: AWARD, solicitationId: \"{solicitation}\"}}) {{ id }}")),
        ("recordVotes", Need::Staff, format!("recordVotes(input: {{agendaItemId: \"{item}\", outcome: DEFERRED, votes: []}}) {{ id }}")),
        ("setBodyDigestLeadTimes", Need::Staff, format!("setBodyDigestLeadTimes(bodyId: \"{body}\", leadDays: [7, 2]) {{ digestLeadDays }}")),
        ("resendContactConfirmation", Need::Staff, format!("resendContactConfirmation(officialId: \"{official_id}\") {{ id }}")),
        ("setMyDigestChoices", Need::OwnOfficial, "setMyDigestChoices(weeklySummary: false) { name }".into()),
        ("linkAgendaItem", Need::Staff, format!("linkAgendaItem(input: {{agendaItemId: \"{item}\", contractId: \"{contract}\"}}) {{ id }}")),
        ("addSolicitationDocument", Need::Staff, format!("addSolicitationDocument(input: {{solicitationId: \"{solicitation}\", title: \"Addendum 1\", url: \"https://city.example/a1.pdf\"}}) {{ id }}")),
        ("postComment", Need::Verified, format!("postComment(input: {{subjectId: \"{contract}\", body: \"Matrix comment\", position: NEUTRAL}}) {{ id }}")),
        ("editComment", Need::Author, format!("editComment(input: {{commentId: \"{comment}\", body: \"Keep it in-house, please\"}}) {{ id }}")),
        ("deleteComment", Need::Author, format!("deleteComment(commentId: \"{comment}\") {{ id }}")),
        ("flagConcern", Need::Verified, format!("flagConcern(input: {{subjectId: \"{contract}\", category: OTHER, severity: LOW, summary: \"Matrix\"}}) {{ id }}")),
        ("endorseConcern", Need::Verified, format!("endorseConcern(concernId: \"{concern}\") {{ id }}")),
        ("withdrawEndorsement", Need::Verified, format!("withdrawEndorsement(concernId: \"{concern}\") {{ id }}")),
        ("respondToConcern", Need::Responder, format!("respondToConcern(input: {{concernId: \"{concern}\", body: \"Noted\", status: ACKNOWLEDGED}}) {{ id }}")),
        ("archive", Need::Staff, format!("archive(input: {{id: \"{vendor}\", reason: \"duplicate\"}}) {{ archived }}").replace(&vendor, &gid(NodeKind::Agency, r.parks))),
        ("reportComment", Need::Verified, format!("reportComment(input: {{commentId: \"{comment}\", reason: SPAM}})")),
        ("moderateComment", Need::Moderator, format!("moderateComment(input: {{commentId: \"{comment}\", action: HIDE, reason: \"Matrix\"}}) {{ id }}")),
        ("createAlertSubscription", Need::SignedIn, format!("createAlertSubscription(input: {{target: {{agencyId: \"{agency}\"}}, delivery: IMMEDIATE}}) {{ id }}")),
        ("updateAlertSubscription", Need::OwnAlert, format!("updateAlertSubscription(input: {{alertSubscriptionId: \"{alert}\", delivery: WEEKLY}}) {{ id }}")),
        ("muteAlertItem", Need::OwnAlert, format!("muteAlertItem(input: {{alertSubscriptionId: \"{alert}\", subjectId: \"{contract}\"}}) {{ id }}")),
        ("unmuteAlertItem", Need::OwnAlert, format!("unmuteAlertItem(input: {{alertSubscriptionId: \"{alert}\", subjectId: \"{contract}\"}}) {{ id }}")),
        ("deleteAlertSubscription", Need::OwnAlert, format!("deleteAlertSubscription(alertSubscriptionId: \"{alert}\")")),
        ("createWatchlist", Need::RepresentativeOnly, format!("createWatchlist(input: {{organizationId: \"{org}\", name: \"Another\"}}) {{ id }}")),
        ("addWatchlistItem", Need::RepresentativeOnly, format!("addWatchlistItem(input: {{watchlistId: \"{watchlist}\", subjectId: \"{contract}\", note: \"Watch\"}}) {{ id }}")),
        ("removeWatchlistItem", Need::RepresentativeOnly, format!("removeWatchlistItem(input: {{watchlistId: \"{watchlist}\", subjectId: \"{contract}\"}}) {{ id }}")),
    ];

    // Every mutation, every query field and every field documented as "visible to" someone
    // has a row: a new one without a row fails here.
    let schema = app
        .data(
            "{ __schema { queryType { name } mutationType { name } types { name fields { name description } } } }",
            json!({}),
        )
        .await;
    let root = |kind: &str| {
        schema["__schema"][kind]["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (query_root, mutation_root) = (root("queryType"), root("mutationType"));
    let query_rows: BTreeMap<&str, Need> = queries.iter().map(|(n, need, _)| (*n, *need)).collect();
    let mutation_rows: BTreeMap<&str, Need> =
        mutations.iter().map(|(n, need, _)| (*n, *need)).collect();
    let mut restricted = 0;
    for ty in schema["__schema"]["types"].as_array().unwrap() {
        let ty_name = ty["name"].as_str().unwrap();
        for field in ty["fields"].as_array().into_iter().flatten() {
            let name = field["name"].as_str().unwrap();
            let documented_restricted = field["description"]
                .as_str()
                .is_some_and(|d| d.to_lowercase().contains("visible to"));
            if ty_name == mutation_root {
                assert!(
                    mutation_rows.contains_key(name),
                    "no authorization row for mutation {name}"
                );
            } else if ty_name == query_root {
                assert!(
                    query_rows.contains_key(name),
                    "no authorization row for query field {name}"
                );
            } else if documented_restricted {
                restricted += 1;
                let row = format!("{ty_name}.{name}");
                assert!(
                    query_rows.contains_key(row.as_str()),
                    "no authorization row for restricted field {row}"
                );
            }
        }
    }
    assert!(
        restricted > 0,
        "the schema documents at least one restricted field"
    );
    let cases: Vec<(&str, &str, Need, String)> = queries
        .into_iter()
        .map(|(n, need, f)| ("query", n, need, f))
        .chain(
            mutations
                .into_iter()
                .map(|(n, need, f)| ("mutation", n, need, f)),
        )
        .collect();

    let viewers: [(&str, Option<&str>); 9] = [
        ("anonymous", None),
        ("unverified", Some(&unverified)),
        ("resident", Some(&resident)),
        ("representative", Some(&rep)),
        ("official", Some(&official)),
        ("staff of another jurisdiction", Some(&staff_other)),
        ("moderator", None),
        ("staff of this jurisdiction", Some(&staff_here)),
        ("admin", Some(&admin)),
    ];
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    const DENIED: [&str; 3] = ["UNAUTHENTICATED", "EMAIL_NOT_VERIFIED", "FORBIDDEN"];
    for (operation, name, need, field) in &cases {
        let field = if field.is_empty() {
            name.to_string()
        } else {
            field.clone()
        };
        for (who, token) in viewers {
            let token = if who == "moderator" {
                Some(moderator.as_str())
            } else {
                token
            };
            let allowed = match need {
                Need::Public => true,
                Need::SignedIn => who != "anonymous",
                Need::Verified => !matches!(who, "anonymous" | "unverified"),
                Need::Representative => matches!(who, "representative" | "admin"),
                Need::Staff => matches!(who, "staff of this jurisdiction" | "admin"),
                Need::AnyStaff => matches!(
                    who,
                    "staff of this jurisdiction" | "staff of another jurisdiction" | "admin"
                ),
                Need::Author => who == "resident",
                Need::AuthorOrModerator => matches!(who, "resident" | "moderator" | "admin"),
                Need::Moderator => matches!(who, "moderator" | "admin"),
                Need::OwnAlert => who == "resident",
                Need::RepresentativeOnly => who == "representative",
                Need::OwnOfficial => who == "official",
                Need::Responder => {
                    matches!(who, "staff of this jurisdiction" | "admin" | "official")
                }
                Need::Admin => who == "admin",
            };
            // Destructive self-service rows are only checked where they are refused.
            if allowed
                && matches!(
                    *name,
                    "logOutEverywhere"
                        | "removeOrganizationMember"
                        | "deleteComment"
                        | "deleteAlertSubscription"
                )
            {
                continue;
            }
            let (status, body) = app
                .gql_as(
                    token,
                    "192.0.2.50",
                    &format!("{operation} {{ {field} }}"),
                    json!({}),
                )
                .await;
            assert_eq!(status, 200, "{name} as {who}: {body}");
            let code = body["errors"][0]["extensions"]["code"].as_str();
            if allowed {
                assert!(
                    !code.is_some_and(
                        |c| DENIED.contains(&c) || c == "NOT_FOUND" && *need == Need::OwnAlert
                    ),
                    "{name} must be allowed for {who}: {body}"
                );
            } else {
                let expected = match (who, need) {
                    ("anonymous", _) => "UNAUTHENTICATED",
                    // Another person's alert subscription does not exist, as far as anyone can
                    // tell.
                    (_, Need::OwnAlert) => "NOT_FOUND",
                    ("unverified", _) => "EMAIL_NOT_VERIFIED",
                    _ => "FORBIDDEN",
                };
                assert_eq!(code, Some(expected), "{name} as {who}: {body}");
            }
        }
    }

    // IDOR: a representative cannot manage someone else's organisation.
    let other_org = app
        .data_as(&resident, "mutation { createOrganization(input: {name: \"Other Group\", kind: ADVOCACY_GROUP, description: \"\"}) { id } }", json!({}))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, idor) = app
        .gql_as(Some(&rep), "192.0.2.1", "mutation($o: ID!, $u: ID!) { addOrganizationMember(input: {organizationId: $o, userId: $u, role: REPRESENTATIVE}) { id } }",
            json!({ "o": other_org, "u": gid(NodeKind::User, rep_id) }))
        .await;
    assert_eq!(error_code(&idor), "FORBIDDEN");
    // Nor read its members.
    let (_, members) = app
        .gql_as(
            Some(&rep),
            "192.0.2.1",
            "query($o: ID!) { node(id: $o) { ... on Organization { members { role } } } }",
            json!({ "o": other_org }),
        )
        .await;
    assert_eq!(error_code(&members), "FORBIDDEN");
}
