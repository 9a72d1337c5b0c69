//! What a person chooses and what the pages then show: the language (French beside English, a
//! choice that sticks over the browser's), the jurisdiction on the home page, and, after a vote,
//! each member's vote on the contract's page; an agenda item's page takes part in the
//! conversation of the contract it decides, the one the members' digest reports.

use std::collections::BTreeSet;

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::fixtures::registry;
use crate::helpers::{PASSWORD, TestApp, gid, second_jurisdiction};
use crate::on_both_databases;
use crate::participation::post;

on_both_databases!(
    the_language_follows_the_browser_until_a_person_chooses_one,
    the_home_page_shows_the_jurisdiction_picked,
    a_contract_page_shows_each_vote_and_an_agenda_item_shares_its_conversation,
    browsing_filters_by_bids_due_category_and_jurisdiction,
);

/// The message ids of one language's catalogue, with the variables each uses.
fn catalogue(lang: &str) -> BTreeSet<(String, Vec<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("frontend/locales")
        .join(lang);
    let mut messages = BTreeSet::new();
    for file in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let mut current: Option<(String, BTreeSet<String>)> = None;
        for line in text.lines() {
            let starts_message = line.split_once(" =").filter(|(id, _)| {
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
            if let Some((id, _)) = starts_message {
                if let Some((done, vars)) = current.take() {
                    messages.insert((done, vars.into_iter().collect()));
                }
                current = Some((id.to_owned(), BTreeSet::new()));
            }
            if let Some((_, vars)) = current.as_mut() {
                for piece in line.split("$").skip(1) {
                    let var: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !var.is_empty() {
                        vars.insert(var);
                    }
                }
            }
        }
        if let Some((done, vars)) = current.take() {
            messages.insert((done, vars.into_iter().collect()));
        }
    }
    messages
}

async fn the_language_follows_the_browser_until_a_person_chooses_one(app: TestApp) {
    // French is complete: every English message exists in French (the time of day alone needs
    // fewer variables: 24-hour time has no am/pm).
    let ids = |lang: &str| {
        catalogue(lang)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<BTreeSet<_>>()
    };
    let (en, fr) = (ids("en"), ids("fr"));
    assert!(en.len() > 600, "{}", en.len());
    assert_eq!(
        en.difference(&fr).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in French"
    );
    assert_eq!(
        fr.difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "only in French"
    );

    let r = registry(&app.state.db.write).await;
    let browser = Browser::new(&app);
    let contract = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    // No choice: the browser's languages decide.
    let english = browser.get(&contract).await;
    assert_eq!(english.attr("html", "lang").as_deref(), Some("en"));
    let french = browser
        .get_with(&contract, &[("accept-language", "fr-CA,fr;q=0.9,en;q=0.5")])
        .await;
    assert_eq!(french.status, StatusCode::OK);
    assert_eq!(french.attr("html", "lang").as_deref(), Some("fr"));
    assert_ne!(
        french.texts("h2"),
        english.texts("h2"),
        "the headings are French"
    );
    assert!(
        french.text().contains("Contrat") || french.text().contains("contrat"),
        "{}",
        french.text()
    );

    // A language not offered changes nothing and says so; so does a stale form.
    let refused = browser
        .post(
            "/language",
            &[
                ("csrf_token", &english.csrf()),
                ("lang", "xx"),
                ("return_to", &contract),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.text().contains("The language was not changed"));
    let stale = browser
        .post(
            "/language",
            &[
                ("csrf_token", "stale"),
                ("lang", "fr"),
                ("return_to", &contract),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        browser.get(&contract).await.attr("html", "lang").as_deref(),
        Some("en")
    );

    // The footer's form: the choice returns to the page and sticks over the browser's.
    let options = english.texts("#language option");
    assert_eq!(options, vec!["English".to_owned(), "Français".to_owned()]);
    let chosen = browser
        .post(
            "/language",
            &[
                ("csrf_token", &english.csrf()),
                ("lang", "fr"),
                ("return_to", &contract),
            ],
        )
        .await;
    assert_eq!(chosen.location.as_deref(), Some(contract.as_str()));
    let page = browser
        .get_with(&contract, &[("accept-language", "en-US,en;q=0.9")])
        .await;
    assert_eq!(page.attr("html", "lang").as_deref(), Some("fr"));
    assert_eq!(
        page.attr("#language option[selected]", "value").as_deref(),
        Some("fr")
    );
    // Someone else's address cannot be the destination.
    let away = browser
        .post(
            "/language",
            &[
                ("csrf_token", &page.csrf()),
                ("lang", "en"),
                ("return_to", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(away.location.as_deref(), Some("/"));
}

async fn the_home_page_shows_the_jurisdiction_picked(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let browser = Browser::new(&app);
    // One jurisdiction: nothing to pick.
    let home = browser.get("/").await;
    assert!(home.attr("select#jurisdiction", "name").is_none());
    second_jurisdiction(&app).await;
    let home = browser.get("/").await;
    let options = home.texts("select#jurisdiction option");
    assert_eq!(options.len(), 3, "{options:?}");
    assert!(
        home.text().contains("Custodial Services"),
        "everything at first"
    );

    let here = gid(NodeKind::Jurisdiction, r.jurisdiction);
    let picked = browser.get(&format!("/?jurisdiction={here}")).await;
    assert_eq!(picked.status, StatusCode::OK);
    assert!(picked.text().contains("Custodial Services"));
    assert_eq!(
        picked
            .attr("select#jurisdiction option[selected]", "value")
            .as_deref(),
        Some(here.as_str())
    );
    let other_id = picked
        .html()
        .select(&scraper::Selector::parse("select#jurisdiction option").unwrap())
        .filter_map(|o| o.value().attr("value"))
        .find(|v| !v.is_empty() && *v != here)
        .unwrap()
        .to_owned();
    let other = browser.get(&format!("/?jurisdiction={other_id}")).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(
        !other.text().contains("Custodial Services"),
        "{}",
        other.text()
    );
    // The API filters the same way, and names a bad id.
    let none = app
        .data(
            "query($j: ID) { contracts(filter: { jurisdictionId: $j }) { totalCount } solicitations(filter: { jurisdictionId: $j }) { totalCount } upcomingVotes(withinDays: 60, jurisdictionId: $j) { totalCount } }",
            json!({ "j": other_id }),
        )
        .await;
    assert_eq!(none["contracts"]["totalCount"], 0);
    assert_eq!(none["solicitations"]["totalCount"], 0);
    assert_eq!(none["upcomingVotes"]["totalCount"], 0);
    let mine = app
        .data(
            "query($j: ID) { contracts(filter: { jurisdictionId: $j }) { totalCount } upcomingVotes(withinDays: 60, jurisdictionId: $j) { totalCount } }",
            json!({ "j": here }),
        )
        .await;
    assert!(mine["contracts"]["totalCount"].as_i64().unwrap() > 0);
    assert!(mine["upcomingVotes"]["totalCount"].as_i64().unwrap() > 0);
    let (_, bad) = app
        .gql_as(
            None,
            "192.0.2.1",
            "query($j: ID) { contracts(filter: { jurisdictionId: $j }) { totalCount } }",
            json!({ "j": gid(NodeKind::Vendor, r.vendor) }),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "jurisdictionId");
}

async fn a_contract_page_shows_each_vote_and_an_agenda_item_shares_its_conversation(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let item = format!(
        "/agenda-items/{}",
        gid(NodeKind::AgendaItem, r.renewal_item)
    );
    post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "Keep the custodians in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();

    // The agenda item's page shows the contract's conversation, and its forms post there.
    let browser = Browser::new(&app);
    browser.sign_in("rosa@example.org", PASSWORD).await;
    let page = browser.get(&item).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.text().contains("Keep the custodians in-house."));
    assert_eq!(
        page.attr("form[action$='/comments'][novalidate]", "action")
            .as_deref(),
        Some(format!("/contracts/{contract}/comments").as_str())
    );
    assert!(page.text().contains("which this item decides"));
    let posted = browser
        .post(
            &format!("/contracts/{contract}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "QUESTION"),
                ("body", "Asked from the agenda item's page."),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let counted = app
        .data(
            "query($c: ID!) { node(id: $c) { ... on Contract { comments { totalCount } } } }",
            json!({ "c": contract }),
        )
        .await;
    assert_eq!(counted["node"]["comments"]["totalCount"], 2);

    // Before the vote the contract page has no vote record; after it, each member's vote.
    let contract_page = format!("/contracts/{contract}");
    assert!(
        browser
            .get(&contract_page)
            .await
            .texts("#votes-heading")
            .is_empty()
    );
    let (ada, ben) = (
        gid(NodeKind::Official, r.officials[0]),
        gid(NodeKind::Official, r.officials[1]),
    );
    app.data_as(
        &staff,
        "mutation($i: ID!, $a: ID!, $b: ID!) { recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: [{officialId: $a, vote: YES}, {officialId: $b, vote: NO}]}) { id } }",
        json!({ "i": gid(NodeKind::AgendaItem, r.renewal_item), "a": ada, "b": ben }),
    )
    .await;
    let page = browser.get(&contract_page).await;
    assert_eq!(
        page.texts("#votes-heading"),
        vec!["How the members voted".to_owned()]
    );
    let rows = page.texts("#votes-heading ~ .table-wrap tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Ada Alder") && r.contains("Yes")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Ben Birch") && r.contains("No")),
        "{rows:?}"
    );
    assert_eq!(
        page.attr("#votes-heading ~ h3 a", "href").as_deref(),
        Some(item.as_str())
    );
    // Beside the community's tally on the same page.
    let tally = page.texts("#tally-heading ~ .table-wrap tbody tr");
    assert!(tally.iter().any(|r| r.contains("Oppose")), "{tally:?}");
}

async fn browsing_filters_by_bids_due_category_and_jurisdiction(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let other = gid(NodeKind::Jurisdiction, second_jurisdiction(&app).await);
    let here = gid(NodeKind::Jurisdiction, r.jurisdiction);
    let browser = Browser::new(&app);
    let listed = |page: &crate::browser::Page| page.text().contains("Custodial Services");
    // The custodial solicitation: bids due in 10 days, category 910-39.
    for (query, expected) in [
        ("due=15", true),
        ("due=5", false),
        ("category=910-39", true),
        ("category=999-99", false),
        (&*format!("jurisdiction={here}"), true),
        (&*format!("jurisdiction={other}"), false),
    ] {
        let page = browser
            .get(&format!("/search?kind=SOLICITATION&{query}"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.body);
        assert_eq!(listed(&page), expected, "{query}");
    }
    let page = browser.get("/search?kind=SOLICITATION").await;
    assert_eq!(page.texts("select#jurisdiction option").len(), 3);
    // Bad values name their field and keep the rest of the form.
    let bad = browser
        .get("/search?kind=SOLICITATION&due=0&category=910-39")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.attr(".error-summary a", "href").as_deref(),
        Some("#due")
    );
    assert_eq!(bad.attr("#category", "value").as_deref(), Some("910-39"));
    let wrong = browser
        .get(&format!(
            "/search?kind=CONTRACT&jurisdiction={}",
            gid(NodeKind::Vendor, r.vendor)
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong.attr(".error-summary a", "href").as_deref(),
        Some("#jurisdiction")
    );
    // Words and a jurisdiction together.
    let words = browser
        .get(&format!("/search?q=custod&jurisdiction={other}"))
        .await;
    assert_eq!(words.status, StatusCode::OK);
    assert!(!listed(&words), "{}", words.text());
    let words = browser
        .get(&format!("/search?q=custod&jurisdiction={here}"))
        .await;
    assert!(listed(&words), "{}", words.text());
}
