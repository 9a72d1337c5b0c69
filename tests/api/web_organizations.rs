//! The organisation pages through the real router: the list with each organisation's badge, an
//! organisation's public page (the "Verified" badge or the plain "not verified yet" note, its
//! representatives, the positions it took and its watchlists with their notes, each followed
//! from the page), and what its representatives manage there: starting the organisation, its
//! members by email address, its details, its watchlists and their items with notes. Bad input
//! names its field and changes nothing; nobody else's post changes anything. Every change is
//! checked through the API.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use poem::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::browser::{Browser, Page, assert_page_shape};
use crate::fixtures::{Registry, registry};
use crate::helpers::{PASSWORD, TestApp, error_code, gid};
use crate::on_both_databases;
use crate::participation::post;

on_both_databases!(
    a_verified_organisation_shows_its_badge_representatives_positions_and_watchlists,
    following_a_watchlist_from_its_page_creates_the_subscription,
    a_representative_starts_an_organisation_and_manages_members_and_watchlists,
    nobody_but_a_representative_changes_an_organisation,
);

/// The public face of an organisation, as the API tells it.
const ORGANIZATION: &str = "query($o: ID!) { node(id: $o) { ... on Organization { \
    name kind description verified representatives { displayName } \
    watchlists { id name description items { note subject { __typename \
    ... on Solicitation { id } ... on Contract { id } ... on AgendaItem { id } } } } } } }";

/// Who belongs, as a representative sees it.
const MEMBERS: &str = "query($o: ID!) { node(id: $o) { ... on Organization { \
    members { role user { id displayName } } } } }";

const CREATE: &str = "mutation($n: String!) { createOrganization(input: {name: $n, \
    kind: UNION_LOCAL, description: \"Building service workers\"}) { id } }";

const VERIFY: &str = "mutation($o: ID!) { verifyOrganization(input: {organizationId: $o}) { id } }";

const MODERATE: &str = "mutation($c: ID!, $a: ModerationDecision!, $r: String!) { \
    moderateComment(input: {commentId: $c, action: $a, reason: $r}) { id visibility } }";

const WATCHLIST: &str = "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, \
    name: \"Library outsourcing\", description: \"Library work the city wants to contract out\"}) { id } }";

const ADD_ITEM: &str = "mutation($w: ID!, $s: ID!, $n: String!) { \
    addWatchlistItem(input: {watchlistId: $w, subjectId: $s, note: $n}) { id } }";

const ADD_MEMBER: &str = "mutation($o: ID!, $u: ID, $e: String) { addOrganizationMember(input: \
    {organizationId: $o, userId: $u, email: $e, role: MEMBER}) { id } }";

const MINE: &str = "{ myAlertSubscriptions { id target delivery watchlist { id name } } }";

/// The note on the custodial solicitation in the union's watchlist.
const NOTE: &str = "We oppose: this outsources 42 custodial jobs";

/// A failed form: shown again as `status`, titled "Error:", the summary linking to `#field`
/// (or, with `None`, saying what is wrong without a field).
fn assert_refused(page: &Page, status: StatusCode, field: Option<&str>, what: &str) {
    assert_page_shape(page, status, what);
    assert!(
        page.texts("title").join("").starts_with("Error:"),
        "{what}: title"
    );
    assert!(
        !page.texts(".error-summary").is_empty(),
        "{what}: {}",
        page.text()
    );
    if let Some(field) = field {
        assert_eq!(
            page.attr(".error-summary a", "href"),
            Some(format!("#{field}")),
            "{what}: {}",
            page.texts(".error-summary").join("")
        );
        assert_eq!(
            page.texts(&format!("#{field}-error")).len(),
            1,
            "{what}: inline"
        );
    }
}

/// A verified union local with `rep` as its representative; returns its global id.
async fn verified_union(app: &TestApp, rep: &str, admin: &str, name: &str) -> String {
    let org = app.data_as(rep, CREATE, json!({ "n": name })).await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(admin, VERIFY, json!({ "o": org })).await;
    org
}

/// The union's watchlist "Library outsourcing" with the custodial solicitation and [`NOTE`];
/// returns its global id.
async fn watchlist_of(app: &TestApp, r: &Registry, rep: &str, org: &str) -> String {
    let list = app.data_as(rep, WATCHLIST, json!({ "o": org })).await["createWatchlist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(
        rep,
        ADD_ITEM,
        json!({ "w": list, "s": gid(NodeKind::Solicitation, r.custodial), "n": NOTE }),
    )
    .await;
    list
}

/// The organisation as the API shows it to anyone.
async fn organization(app: &TestApp, org: &str) -> Value {
    app.data(ORGANIZATION, json!({ "o": org })).await["node"].clone()
}

/// The organisation's members, as its representative `rep` sees them.
async fn members(app: &TestApp, rep: &str, org: &str) -> Vec<Value> {
    app.data_as(rep, MEMBERS, json!({ "o": org })).await["node"]["members"]
        .as_array()
        .unwrap()
        .clone()
}

/// The items of the organisation's only watchlist.
async fn items(app: &TestApp, org: &str) -> Vec<Value> {
    organization(app, org).await["watchlists"][0]["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn organization_count(app: &TestApp) -> u64 {
    entity::organization::Entity::find()
        .count(&app.state.db.write)
        .await
        .unwrap()
}

/// Posts `fields` with the page's token to `path`, expecting the redirect to `location`, and
/// returns the page it leads to, with its notice.
async fn post_ok(
    browser: &Browser<'_>,
    page: &Page,
    path: &str,
    fields: &[(&str, &str)],
    location: &str,
) -> Page {
    let csrf = page.csrf();
    let mut all = vec![("csrf_token", csrf.as_str())];
    all.extend_from_slice(fields);
    let posted = browser.post(path, &all).await;
    assert_eq!(
        posted.status,
        StatusCode::SEE_OTHER,
        "{path}: {}",
        posted.texts(".error-summary").join("")
    );
    assert_eq!(posted.location.as_deref(), Some(location), "{path}");
    let back = browser.follow(&posted).await;
    assert_page_shape(&back, StatusCode::OK, path);
    assert_eq!(back.texts("[data-flash]").len(), 1, "{path}: a notice");
    back
}

/// Posts `fields` with the page's token to `path` and returns the page that comes back.
async fn post_form(
    browser: &Browser<'_>,
    page: &Page,
    path: &str,
    fields: &[(&str, &str)],
) -> Page {
    let csrf = page.csrf();
    let mut all = vec![("csrf_token", csrf.as_str())];
    all.extend_from_slice(fields);
    browser.post(path, &all).await
}

async fn a_verified_organisation_shows_its_badge_representatives_positions_and_watchlists(
    app: TestApp,
) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (_, tom) = app
        .account("tom@example.org", UserRole::Resident, None)
        .await;
    let org = verified_union(&app, &rosa, &admin, "Custodians Local 7").await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let chatbot = gid(NodeKind::Solicitation, r.chatbot);
    let custodial = gid(NodeKind::Solicitation, r.custodial);

    // The union opposes the renewal, then says it is a concern; that later comment is hidden
    // by a moderator, so the opposition stands. It supports the chatbot pilot.
    post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "Keep custodial work in house.", "p": "OPPOSE", "o": org }),
    )
    .await
    .unwrap();
    let hidden = post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "We need a living-wage clause.", "p": "CONCERN", "o": org }),
    )
    .await
    .unwrap();
    app.data_as(
        &moderator,
        MODERATE,
        json!({ "c": hidden["id"], "a": "HIDE", "r": "Testing what a hidden comment does" }),
    )
    .await;
    post(
        &app,
        &rosa,
        json!({ "s": chatbot, "b": "We support a pilot with a privacy review.", "p": "SUPPORT", "o": org }),
    )
    .await
    .unwrap();
    // Rosa's own comment is not the union's position.
    post(
        &app,
        &rosa,
        json!({ "s": custodial, "b": "Speaking for myself here.", "p": "NEUTRAL" }),
    )
    .await
    .unwrap();
    let list = watchlist_of(&app, &r, &rosa, &org).await;

    // The API: the latest counted comment per item, newest first.
    let positions = app
        .data(
            "query($o: ID!) { node(id: $o) { ... on Organization { positions { position excerpt \
             comment { body } subject { __typename ... on Contract { id } ... on Solicitation { id } } } \
             latest: positions(first: 1) { position } } } }",
            json!({ "o": org }),
        )
        .await;
    let node = &positions["node"];
    let all = node["positions"].as_array().unwrap();
    assert_eq!(all.len(), 2, "{positions}");
    assert_eq!(all[0]["position"], "SUPPORT");
    assert_eq!(all[0]["subject"]["id"], chatbot.as_str());
    assert_eq!(
        all[1]["position"], "OPPOSE",
        "the hidden comment never counts"
    );
    assert_eq!(all[1]["subject"]["id"], contract.as_str());
    assert_eq!(all[1]["excerpt"], "Keep custodial work in house.");
    assert_eq!(node["latest"].as_array().unwrap().len(), 1);
    for first in [0, 101] {
        let (_, refused) = app
            .gql_as(
                None,
                "192.0.2.1",
                "query($o: ID!, $f: Int) { node(id: $o) { ... on Organization { positions(first: $f) { position } } } }",
                json!({ "o": org, "f": first }),
            )
            .await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "first");
    }

    // The public page, to anyone.
    let visitor = Browser::new(&app);
    let path = format!("/organizations/{org}");
    let page = visitor.get(&path).await;
    assert_page_shape(&page, StatusCode::OK, &path);
    assert_eq!(page.texts("h1"), vec!["Custodians Local 7"]);
    assert!(
        page.texts("title")
            .join("")
            .starts_with("Custodians Local 7"),
        "{}",
        page.texts("title").join("")
    );
    assert_eq!(page.texts("[data-verified]"), vec!["Verified"]);
    assert!(page.texts("[data-unverified]").is_empty());
    assert_eq!(page.texts("[data-representatives] li"), vec!["rosa"]);
    assert_eq!(
        page.attr("nav.breadcrumbs li:last-child a", "href")
            .as_deref(),
        Some("/organizations")
    );
    // Positions taken: each item linked, the position in words, what was said.
    assert_eq!(
        page.texts("[data-positions] h3"),
        vec!["Benefits Chatbot", "Custodial Services"]
    );
    assert_eq!(
        page.attr("[data-positions] li[data-position='OPPOSE'] h3 a", "href"),
        Some(format!("/contracts/{contract}"))
    );
    assert_eq!(
        page.texts("[data-positions] li[data-position='OPPOSE'] .position"),
        vec!["Oppose"]
    );
    assert_eq!(
        page.texts("[data-positions] blockquote"),
        vec![
            "We support a pilot with a privacy review.",
            "Keep custodial work in house."
        ]
    );
    assert!(!page.text().contains("living-wage clause"), "hidden");
    assert!(
        !page.text().contains("Speaking for myself"),
        "not the union's"
    );
    // The watchlist, its item linked with the note, and a follow form.
    let card = format!("[data-watchlist='{list}']");
    assert_eq!(
        page.texts(&format!("{card} h3")),
        vec!["Library outsourcing"]
    );
    assert_eq!(page.texts(&format!("{card} [data-note]")), vec![NOTE]);
    assert_eq!(
        page.attr(&format!("{card} li[data-item='{custodial}'] a"), "href"),
        Some(format!("/solicitations/{custodial}"))
    );
    assert_eq!(
        page.attr(&format!("{card} form[data-form=follow]"), "action"),
        Some(format!("{path}/watchlists/{list}/follow"))
    );
    assert!(page.body.contains("name=\"csrf_token\""));
    // Nothing a representative manages shows to the public.
    assert!(page.texts("[data-manage]").is_empty());
    assert!(page.texts("[data-members]").is_empty());
    assert!(page.texts("form[data-form=add-item]").is_empty());
    assert!(page.texts("form[data-form=remove-item]").is_empty());

    // Signed in as someone else, still only the public part.
    let other = Browser::new(&app);
    other.sign_in("tom@example.org", PASSWORD).await;
    let page = other.get(&path).await;
    assert_page_shape(&page, StatusCode::OK, "tom");
    assert!(page.texts("[data-manage]").is_empty());
    assert!(page.texts("form[data-form=note]").is_empty());

    // Rosa sees the members and the forms.
    let browser = Browser::new(&app);
    browser.sign_in("rosa@example.org", PASSWORD).await;
    let page = browser.get(&path).await;
    assert_page_shape(&page, StatusCode::OK, "rosa");
    assert_eq!(page.texts("[data-members] tbody tr").len(), 1);
    assert_eq!(
        page.texts("[data-members] tbody tr td:first-child"),
        vec!["rosa"]
    );
    assert!(
        page.attr(&format!("{card} form[data-form=add-item]"), "action")
            .is_some()
    );

    // An organisation not yet verified says so in words, and what that means.
    let waiting = app
        .data_as(&tom, CREATE, json!({ "n": "Tenants United" }))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = visitor.get(&format!("/organizations/{waiting}")).await;
    assert_page_shape(&page, StatusCode::OK, "unverified");
    assert!(page.texts("[data-verified]").is_empty());
    let note = page.texts("[data-verification='unverified']").join(" ");
    assert!(note.contains("Not verified yet"), "{note}");
    assert!(
        note.contains("Only verified organisations' positions count as organisation positions"),
        "{note}"
    );
    assert!(
        page.text()
            .contains("Tenants United has not taken a position on any item yet."),
        "{}",
        page.text()
    );

    // The list: every organisation with its badge; the verified ones only, on request.
    let list_page = visitor.get("/organizations").await;
    assert_page_shape(&list_page, StatusCode::OK, "/organizations");
    assert_eq!(
        list_page.texts("[data-organization] .card__title"),
        vec!["Custodians Local 7", "Tenants United"]
    );
    assert_eq!(
        list_page.texts(&format!("[data-organization='{org}'] [data-verified]")),
        vec!["Verified"]
    );
    assert_eq!(
        list_page.texts(&format!(
            "[data-organization='{waiting}'] [data-unverified]"
        )),
        vec!["Not verified yet"]
    );
    assert_eq!(
        list_page.attr(&format!("[data-organization='{org}'] a"), "href"),
        Some(path.clone())
    );
    assert!(
        list_page
            .attr("a[href='/organizations/new']", "href")
            .is_none(),
        "starting one is for signed-in people"
    );
    let verified_only = visitor.get("/organizations?verified=only").await;
    assert_page_shape(&verified_only, StatusCode::OK, "verified only");
    assert_eq!(
        verified_only.texts("[data-organization] .card__title"),
        vec!["Custodians Local 7"]
    );
    let signed_in = other.get("/organizations").await;
    assert!(
        signed_in
            .attr("a[href='/organizations/new']", "href")
            .is_some(),
        "{}",
        signed_in.text()
    );

    // Unknown ids, ids of another kind and bad cursors are the helpful "not found" page.
    for missing in [
        format!("/organizations/{}", gid(NodeKind::Organization, 999_999)),
        "/organizations/not-an-id".to_owned(),
        format!("/organizations/{contract}"),
        "/organizations?after=not-a-cursor".to_owned(),
    ] {
        let page = visitor.get(&missing).await;
        assert_page_shape(&page, StatusCode::NOT_FOUND, &missing);
        assert!(page.text().contains("Page not found"), "{missing}");
    }
}

async fn following_a_watchlist_from_its_page_creates_the_subscription(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let org = verified_union(&app, &rosa, &admin, "Custodians Local 7").await;
    let list = watchlist_of(&app, &r, &rosa, &org).await;
    let path = format!("/organizations/{org}");
    let follow = format!("{path}/watchlists/{list}/follow");

    // Anonymous: the sign-in page, which brings the person back; nothing is created.
    let visitor = Browser::new(&app);
    let page = visitor.get(&path).await;
    let posted = post_form(&visitor, &page, &follow, &[("delivery", "DAILY")]).await;
    assert_page_shape(&posted, StatusCode::OK, "anonymous follow");
    assert_eq!(
        posted.attr("input[name=return_to]", "value"),
        Some(path.clone())
    );

    let browser = Browser::new(&app);
    browser.sign_in("ana@example.org", PASSWORD).await;
    let page = browser.get(&path).await;
    assert_page_shape(&page, StatusCode::OK, &path);

    // A pace the form never offers names the watchlist's choice and creates nothing.
    let odd = post_form(&browser, &page, &follow, &[("delivery", "HOURLY")]).await;
    let delivery_field = format!("delivery-{list}");
    assert_refused(
        &odd,
        StatusCode::BAD_REQUEST,
        Some(delivery_field.as_str()),
        "odd",
    );
    assert!(
        app.data_as(&ana, MINE, json!({})).await["myAlertSubscriptions"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A stale form: "submit again", the choice kept, nothing created.
    let stale = browser
        .post(&follow, &[("csrf_token", "0000"), ("delivery", "WEEKLY")])
        .await;
    assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale");
    assert!(stale.text().contains("please submit it again"));
    assert_eq!(
        stale
            .attr(&format!("#delivery-{list}-weekly"), "checked")
            .as_deref(),
        Some("")
    );

    let page = post_ok(
        &browser,
        &page,
        &follow,
        &[("delivery", "DAILY")],
        &format!("{path}?done=follow#watchlist-{list}"),
    )
    .await;
    let subs = app.data_as(&ana, MINE, json!({})).await["myAlertSubscriptions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(subs.len(), 1, "{subs:?}");
    assert_eq!(subs[0]["target"], "WATCHLIST");
    assert_eq!(subs[0]["delivery"], "DAILY");
    assert_eq!(subs[0]["watchlist"]["id"], list.as_str());
    assert_eq!(subs[0]["watchlist"]["name"], "Library outsourcing");
    // The page says so, with a way to change it, and no longer offers the form.
    let card = format!("[data-watchlist='{list}']");
    assert_eq!(
        page.texts(&format!("{card} [data-following]")),
        vec!["You follow this watchlist (a daily digest). Change or stop"]
    );
    assert!(
        page.texts(&format!("{card} form[data-form=follow]"))
            .is_empty()
    );
    // "My alerts" lists it by the organisation's name.
    let mine = browser.get("/my/alerts").await;
    assert!(
        mine.text()
            .contains("A public watchlist of Custodians Local 7"),
        "{}",
        mine.text()
    );
}

async fn a_representative_starts_an_organisation_and_manages_members_and_watchlists(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (rosa_row, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (mia_id, _) = app
        .account("mia@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);

    // Starting one asks a signed-out person to sign in first.
    let page = browser.get("/organizations/new").await;
    assert_page_shape(&page, StatusCode::OK, "new, signed out");
    assert_eq!(
        page.attr("input[name=return_to]", "value").as_deref(),
        Some("/organizations/new")
    );
    browser.sign_in("rosa@example.org", PASSWORD).await;
    let form = browser.get("/organizations/new").await;
    assert_page_shape(&form, StatusCode::OK, "/organizations/new");
    assert_eq!(
        form.attr("nav.breadcrumbs li:last-child a", "href")
            .as_deref(),
        Some("/organizations")
    );

    // Bad input: each field named, the input kept, nothing created.
    let before = organization_count(&app).await;
    let failed = post_form(
        &browser,
        &form,
        "/organizations/new",
        &[
            ("name", " "),
            ("kind", "UNION_LOCAL"),
            ("description", "Library workers"),
        ],
    )
    .await;
    assert_refused(&failed, StatusCode::BAD_REQUEST, Some("name"), "empty name");
    assert_eq!(
        failed.texts("textarea#description"),
        vec!["Library workers"]
    );
    assert_eq!(
        failed.attr("#kind-union_local", "checked").as_deref(),
        Some("")
    );
    let no_kind = post_form(
        &browser,
        &failed,
        "/organizations/new",
        &[("name", "Library Workers Local 88"), ("kind", "CLUB")],
    )
    .await;
    assert_refused(&no_kind, StatusCode::BAD_REQUEST, Some("kind"), "odd kind");
    assert_eq!(
        no_kind.attr("input#name", "value").as_deref(),
        Some("Library Workers Local 88")
    );
    assert_eq!(organization_count(&app).await, before, "nothing created");

    // Started: Rosa is its representative, and the page says an admin checks it next.
    let csrf = form.csrf();
    let created = browser
        .post(
            "/organizations/new",
            &[
                ("csrf_token", csrf.as_str()),
                ("name", "Library Workers Local 88"),
                ("kind", "UNION_LOCAL"),
                ("description", "Library workers"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    let location = created.location.clone().unwrap();
    assert!(location.ends_with("?done=created"), "{location}");
    let org = location
        .strip_prefix("/organizations/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let path = format!("/organizations/{org}");
    let page = browser.follow(&created).await;
    assert_page_shape(&page, StatusCode::OK, "created");
    assert_eq!(page.texts("[data-flash]").len(), 1);
    assert_eq!(page.texts("[data-unverified]"), vec!["Not verified yet"]);
    let shown = organization(&app, &org).await;
    assert_eq!(shown["name"], "Library Workers Local 88");
    assert_eq!(shown["kind"], "UNION_LOCAL");
    assert_eq!(shown["description"], "Library workers");
    assert_eq!(shown["verified"], false);
    assert_eq!(shown["representatives"], json!([{ "displayName": "rosa" }]));
    assert_eq!(
        page.attr(
            "[data-members] tr[data-role='REPRESENTATIVE']",
            "data-member"
        ),
        Some(gid(NodeKind::User, rosa_row))
    );

    // A member by the email address of their account.
    let page = post_ok(
        &browser,
        &page,
        &format!("{path}/members"),
        &[("memberEmail", "Mia@Example.org"), ("memberRole", "MEMBER")],
        &format!("{path}?done=member-added#members-heading"),
    )
    .await;
    let listed = members(&app, &rosa, &org).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    let mia = gid(NodeKind::User, mia_id);
    let added = listed
        .iter()
        .find(|m| m["user"]["id"] == mia.as_str())
        .unwrap();
    assert_eq!(added["role"], "MEMBER");
    assert_eq!(
        page.texts(&format!(
            "[data-members] tr[data-member='{mia}'] td:first-child"
        )),
        vec!["mia"]
    );
    // An address without an account is named on its field, kept, and adds nobody.
    let unknown = post_form(
        &browser,
        &page,
        &format!("{path}/members"),
        &[
            ("memberEmail", "nobody@example.org"),
            ("memberRole", "MEMBER"),
        ],
    )
    .await;
    assert_refused(
        &unknown,
        StatusCode::BAD_REQUEST,
        Some("memberEmail"),
        "unknown email",
    );
    assert!(
        unknown
            .texts("#memberEmail-error")
            .join("")
            .contains("no account uses that address; ask them to sign up first"),
        "{}",
        unknown.texts(".error-summary").join("")
    );
    assert_eq!(
        unknown.attr("input#memberEmail", "value").as_deref(),
        Some("nobody@example.org")
    );
    assert_eq!(members(&app, &rosa, &org).await.len(), 2);
    let odd_role = post_form(
        &browser,
        &page,
        &format!("{path}/members"),
        &[("memberEmail", "mia@example.org"), ("memberRole", "OWNER")],
    )
    .await;
    assert_refused(
        &odd_role,
        StatusCode::BAD_REQUEST,
        Some("memberRole"),
        "odd role",
    );

    // Removed again.
    let page = post_ok(
        &browser,
        &page,
        &format!("{path}/members/remove"),
        &[("userId", mia.as_str())],
        &format!("{path}?done=member-removed#members-heading"),
    )
    .await;
    assert_eq!(members(&app, &rosa, &org).await.len(), 1);
    assert!(
        page.texts(&format!("[data-members] tr[data-member='{mia}']"))
            .is_empty()
    );
    // The last representative cannot leave it without one: said in the summary, nothing changed.
    let last = post_form(
        &browser,
        &page,
        &format!("{path}/members/remove"),
        &[("userId", gid(NodeKind::User, rosa_row).as_str())],
    )
    .await;
    assert_refused(&last, StatusCode::BAD_REQUEST, None, "last representative");
    assert_eq!(members(&app, &rosa, &org).await.len(), 1);

    // Its details; an empty name is named and changes nothing.
    let page = post_ok(
        &browser,
        &page,
        &format!("{path}/edit"),
        &[
            ("name", "Library Workers Local 88 (AFSCME)"),
            ("description", "Library pages, clerks and custodians"),
        ],
        &format!("{path}?done=updated#edit-heading"),
    )
    .await;
    assert_eq!(page.texts("h1"), vec!["Library Workers Local 88 (AFSCME)"]);
    let shown = organization(&app, &org).await;
    assert_eq!(shown["name"], "Library Workers Local 88 (AFSCME)");
    assert_eq!(shown["description"], "Library pages, clerks and custodians");
    let empty = post_form(
        &browser,
        &page,
        &format!("{path}/edit"),
        &[("name", ""), ("description", "Kept text")],
    )
    .await;
    assert_refused(&empty, StatusCode::BAD_REQUEST, Some("name"), "empty edit");
    assert_eq!(empty.attr("input#name", "value").as_deref(), Some(""));
    assert_eq!(empty.texts("textarea#description"), vec!["Kept text"]);
    assert_eq!(
        organization(&app, &org).await["name"],
        "Library Workers Local 88 (AFSCME)"
    );

    // Watchlists wait for an admin's verification: said on the page, and refused if posted.
    assert!(
        page.text()
            .contains("You can start watchlists once an admin has verified the organisation."),
        "{}",
        page.text()
    );
    let early = post_form(
        &browser,
        &page,
        &format!("{path}/watchlists"),
        &[("watchlistName", "Library outsourcing")],
    )
    .await;
    assert_refused(
        &early,
        StatusCode::BAD_REQUEST,
        None,
        "unverified watchlist",
    );
    assert_eq!(
        organization(&app, &org).await["watchlists"],
        json!([]),
        "nothing started"
    );
    app.data_as(&admin, VERIFY, json!({ "o": org })).await;

    // A watchlist; an empty name is named.
    let page = browser.get(&path).await;
    assert_eq!(page.texts("[data-verified]"), vec!["Verified"]);
    let nameless = post_form(
        &browser,
        &page,
        &format!("{path}/watchlists"),
        &[("watchlistName", ""), ("watchlistDescription", "Kept")],
    )
    .await;
    assert_refused(
        &nameless,
        StatusCode::BAD_REQUEST,
        Some("watchlistName"),
        "nameless",
    );
    assert_eq!(
        nameless.texts("textarea#watchlistDescription"),
        vec!["Kept"]
    );
    let page = post_ok(
        &browser,
        &page,
        &format!("{path}/watchlists"),
        &[
            ("watchlistName", "Library outsourcing"),
            (
                "watchlistDescription",
                "Library work the city wants to contract out",
            ),
        ],
        &format!("{path}?done=watchlist#watchlists-heading"),
    )
    .await;
    let shown = organization(&app, &org).await;
    let lists = shown["watchlists"].as_array().unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0]["name"], "Library outsourcing");
    let list = lists[0]["id"].as_str().unwrap().to_owned();
    let card = format!("[data-watchlist='{list}']");
    assert!(
        page.text().contains("Nothing is on this list yet."),
        "{}",
        page.text()
    );

    // An item by its page address, with a note.
    let custodial = gid(NodeKind::Solicitation, r.custodial);
    let items_path = format!("{path}/watchlists/{list}/items");
    let item_field = format!("item-{list}");
    let note_field = format!("note-{list}");
    let address = format!("http://127.0.0.1:8080/solicitations/{custodial}?done=follow");
    let page = post_ok(
        &browser,
        &page,
        &items_path,
        &[
            (item_field.as_str(), address.as_str()),
            (note_field.as_str(), NOTE),
        ],
        &format!("{path}?done=item-added#watchlist-{list}"),
    )
    .await;
    let listed = items(&app, &org).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["subject"]["id"], custodial.as_str());
    assert_eq!(listed[0]["note"], NOTE);
    assert_eq!(page.texts(&format!("{card} [data-note]")), vec![NOTE]);

    // Unknown items, and notes over 500 characters, are named on their field, kept, and add
    // nothing.
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let long = "x".repeat(501);
    let missing_contract = format!("/contracts/{}", gid(NodeKind::Contract, 999_999));
    let body_page = format!("/bodies/{}", gid(NodeKind::Body, r.council));
    for (typed, note, field, what) in [
        (
            missing_contract.as_str(),
            "",
            item_field.as_str(),
            "a contract that does not exist",
        ),
        (
            body_page.as_str(),
            "",
            item_field.as_str(),
            "a page that is not an item",
        ),
        ("not an id at all", "", item_field.as_str(), "words"),
        ("", "A note", item_field.as_str(), "nothing"),
        (
            contract.as_str(),
            long.as_str(),
            note_field.as_str(),
            "a long note",
        ),
    ] {
        let refused = post_form(
            &browser,
            &page,
            &items_path,
            &[(item_field.as_str(), typed), (note_field.as_str(), note)],
        )
        .await;
        assert_refused(&refused, StatusCode::BAD_REQUEST, Some(field), what);
        assert_eq!(
            refused
                .attr(&format!("input#{item_field}"), "value")
                .as_deref(),
            Some(typed),
            "{what}: kept"
        );
        assert_eq!(
            refused.texts(&format!("textarea#{note_field}")).join(""),
            note,
            "{what}: kept"
        );
        assert_eq!(items(&app, &org).await.len(), 1, "{what}: nothing added");
    }

    // The note changed in place; too long a note is named beside that item and kept.
    let edit_field = format!("note-{list}-{custodial}");
    let too_long = post_form(
        &browser,
        &page,
        &items_path,
        &[
            ("subjectId", custodial.as_str()),
            (edit_field.as_str(), long.as_str()),
        ],
    )
    .await;
    assert_refused(
        &too_long,
        StatusCode::BAD_REQUEST,
        Some(edit_field.as_str()),
        "long edit",
    );
    assert_eq!(
        too_long.texts(&format!("textarea#{edit_field}")).join(""),
        long
    );
    assert_eq!(items(&app, &org).await[0]["note"], NOTE);
    let page = post_ok(
        &browser,
        &page,
        &items_path,
        &[
            ("subjectId", custodial.as_str()),
            (edit_field.as_str(), "We oppose: 42 custodial jobs would go"),
        ],
        &format!("{path}?done=note#watchlist-{list}"),
    )
    .await;
    assert_eq!(
        items(&app, &org).await[0]["note"],
        "We oppose: 42 custodial jobs would go"
    );

    // Taken off the list.
    let page = post_ok(
        &browser,
        &page,
        &format!("{path}/watchlists/{list}/remove"),
        &[("subjectId", custodial.as_str())],
        &format!("{path}?done=item-removed#watchlist-{list}"),
    )
    .await;
    assert!(items(&app, &org).await.is_empty());
    assert!(page.texts(&format!("{card} [data-item]")).is_empty());
}

async fn nobody_but_a_representative_changes_an_organisation(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (rosa_row, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (mia_row, _) = app
        .account("mia@example.org", UserRole::Resident, None)
        .await;
    let org = verified_union(&app, &rosa, &admin, "Custodians Local 7").await;
    let list = watchlist_of(&app, &r, &rosa, &org).await;
    let custodial = gid(NodeKind::Solicitation, r.custodial);
    let contract = gid(NodeKind::Contract, r.custodial_contract);

    // The API: exactly one of userId and email, each error naming its field; only
    // representatives learn whether an address has an account.
    for (variables, field) in [
        (json!({ "o": org }), "email"),
        (
            json!({ "o": org, "u": gid(NodeKind::User, mia_row), "e": "mia@example.org" }),
            "userId",
        ),
        (json!({ "o": org, "e": "nobody@example.org" }), "email"),
        (json!({ "o": org, "e": "not an address" }), "email"),
    ] {
        let (_, refused) = app
            .gql_as(Some(&rosa), "192.0.2.1", ADD_MEMBER, variables.clone())
            .await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{variables}");
        assert_eq!(
            refused["errors"][0]["extensions"]["field"], field,
            "{variables}"
        );
    }
    app.data_as(
        &rosa,
        ADD_MEMBER,
        json!({ "o": org, "e": "mia@example.org" }),
    )
    .await;
    assert_eq!(members(&app, &rosa, &org).await.len(), 2);
    let (_, tom) = app
        .account("tom@example.org", UserRole::Resident, None)
        .await;
    let (_, probe) = app
        .gql_as(
            Some(&tom),
            "192.0.2.1",
            ADD_MEMBER,
            json!({ "o": org, "e": "nobody@example.org" }),
        )
        .await;
    assert_eq!(
        error_code(&probe),
        "FORBIDDEN",
        "no answer about the address"
    );

    // Mia is a member, not a representative: the page offers her nothing to manage.
    let path = format!("/organizations/{org}");
    let browser = Browser::new(&app);
    browser.sign_in("mia@example.org", PASSWORD).await;
    let page = browser.get(&path).await;
    assert_page_shape(&page, StatusCode::OK, "mia");
    assert!(page.texts("[data-manage]").is_empty());
    assert!(page.texts("form[data-form=add-item]").is_empty());

    // Posting the forms anyway: refused, said on the page, nothing changed.
    let rosa_user = gid(NodeKind::User, rosa_row);
    let item_field = format!("item-{list}");
    let note_field = format!("note-{list}");
    let attempts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("{path}/edit"),
            vec![("name", "Taken over"), ("description", "")],
        ),
        (
            format!("{path}/members"),
            vec![
                ("memberEmail", "mia@example.org"),
                ("memberRole", "REPRESENTATIVE"),
            ],
        ),
        (
            format!("{path}/members/remove"),
            vec![("userId", rosa_user.as_str())],
        ),
        (
            format!("{path}/watchlists"),
            vec![("watchlistName", "Not theirs")],
        ),
        (
            format!("{path}/watchlists/{list}/items"),
            vec![
                (item_field.as_str(), contract.as_str()),
                (note_field.as_str(), "Mine"),
            ],
        ),
        (
            format!("{path}/watchlists/{list}/items"),
            vec![("subjectId", custodial.as_str()), ("note", "Rewritten")],
        ),
        (
            format!("{path}/watchlists/{list}/remove"),
            vec![("subjectId", custodial.as_str())],
        ),
    ];
    for (action, fields) in &attempts {
        let refused = post_form(&browser, &page, action, fields).await;
        assert_refused(&refused, StatusCode::FORBIDDEN, None, action);
        assert!(
            refused.text().contains("You cannot do this."),
            "{action}: {}",
            refused.text()
        );
        assert!(refused.texts("[data-manage]").is_empty(), "{action}");
    }
    let unchanged = |shown: &Value| {
        assert_eq!(shown["name"], "Custodians Local 7");
        assert_eq!(shown["description"], "Building service workers");
        let lists = shown["watchlists"].as_array().unwrap();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0]["items"].as_array().unwrap().len(), 1);
        assert_eq!(lists[0]["items"][0]["note"], NOTE);
    };
    unchanged(&organization(&app, &org).await);
    let listed = members(&app, &rosa, &org).await;
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|m| m["user"]["id"] != rosa_user.as_str() || m["role"] == "REPRESENTATIVE")
    );
    assert!(
        listed
            .iter()
            .any(|m| m["user"]["id"] == gid(NodeKind::User, mia_row).as_str()
                && m["role"] == "MEMBER")
    );

    // Signed out: the sign-in page, which brings the person back; nothing changed.
    let visitor = Browser::new(&app);
    let public = visitor.get(&path).await;
    let posted = visitor
        .post(
            &format!("{path}/edit"),
            &[("csrf_token", &public.csrf()), ("name", "Taken over")],
        )
        .await;
    assert_page_shape(&posted, StatusCode::OK, "anonymous edit");
    assert_eq!(
        posted.attr("input[name=return_to]", "value"),
        Some(path.clone())
    );

    // Rosa's own stale or cross-site post changes nothing either.
    let owner = Browser::new(&app);
    owner.sign_in("rosa@example.org", PASSWORD).await;
    let stale = owner
        .post(
            &format!("{path}/edit"),
            &[
                ("csrf_token", "0000"),
                ("name", "Stale name"),
                ("description", ""),
            ],
        )
        .await;
    assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale edit");
    assert!(stale.text().contains("please submit it again"));
    assert_eq!(
        stale.attr("input#name", "value").as_deref(),
        Some("Stale name")
    );
    let own = owner.get(&path).await;
    let crossed = owner
        .post_with(
            &format!("{path}/watchlists/{list}/remove"),
            &[
                ("csrf_token", &own.csrf()),
                ("subjectId", custodial.as_str()),
            ],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(crossed.status, StatusCode::FORBIDDEN);
    unchanged(&organization(&app, &org).await);

    // A form for an organisation that does not exist is the "not found" page.
    let gone = post_form(
        &owner,
        &own,
        &format!(
            "/organizations/{}/edit",
            gid(NodeKind::Organization, 999_999)
        ),
        &[("name", "Nobody"), ("description", "")],
    )
    .await;
    assert_page_shape(&gone, StatusCode::NOT_FOUND, "gone");
}
