//! Full-text search, the same on both databases: accents fold, prefixes match, quoted phrases
//! keep their order, an exact reference number comes first, archived records drop out, edits
//! are searchable at once, and no input makes it fail.

use contract_watch::auth::{RequestMeta, Viewer};
use contract_watch::domain::ids::NodeKind;
use contract_watch::domain::page::PageRequest;
use contract_watch::domain::search_text::SearchQuery;
use contract_watch::services::search::{self, Scope};
use entity::enums::UserRole;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;

on_both_databases!(
    search_folds_accents_matches_prefixes_and_phrases_and_puts_references_first,
    search_follows_edits_and_archiving_and_never_finds_comments,
    ten_thousand_random_and_hostile_queries_never_fail,
    titles_rank_first_counts_are_exact_and_common_words_are_bounded,
);

const SEARCH: &str = "query($q: String!, $k: [SearchKind!]) { search(query: $q, kinds: $k, first: 20) { \
    edges { node { kind exactReference title snippet { text highlighted } node { __typename ... on Solicitation { id } ... on Contract { id } } } } } }";

const SAVE: &str = "mutation($a: ID!, $r: String!, $t: String!, $d: String!, $id: ID) { saveSolicitation(input: { \
    solicitationId: $id, agencyId: $a, referenceNumber: $r, title: $t, description: $d, method: RFP, status: OPEN, \
    currency: \"USD\" }) { id } }";

async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let data = app.data(SEARCH, json!({ "q": query })).await;
    data["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn staff_saves(
    app: &TestApp,
    staff: &str,
    agency: i64,
    reference: &str,
    title: &str,
    description: &str,
) -> String {
    let data = app
        .data_as(
            staff,
            SAVE,
            json!({ "a": gid(NodeKind::Agency, agency), "r": reference, "t": title, "d": description }),
        )
        .await;
    data["saveSolicitation"]["id"].as_str().unwrap().to_owned()
}

async fn search_folds_accents_matches_prefixes_and_phrases_and_puts_references_first(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    staff_saves(
        &app,
        &staff,
        r.parks,
        "2026-0042",
        "Entretien des parcs de Montréal",
        "Tonte et déneigement des espaces verts.",
    )
    .await;
    staff_saves(
        &app,
        &staff,
        r.library,
        "RFP-2026-014",
        "Library custodial services",
        "Cleaning of every branch library.",
    )
    .await;
    staff_saves(
        &app,
        &staff,
        r.library,
        "RFP-2026-015",
        "Custodial library supplies",
        "Paper and soap, mentioning RFP-2026-014.",
    )
    .await;
    staff_saves(
        &app,
        &staff,
        r.parks,
        "RFP-2026-016",
        "Snow removal services",
        "Winter work.",
    )
    .await;
    staff_saves(
        &app,
        &staff,
        r.parks,
        "RFP-2026-017",
        "Removal of snow fences",
        "Spring work.",
    )
    .await;

    // Accents fold both ways.
    assert_eq!(
        titles(&app, "montreal").await,
        vec!["Entretien des parcs de Montréal"]
    );
    assert_eq!(
        titles(&app, "MONTRÉAL déneigement").await,
        vec!["Entretien des parcs de Montréal"]
    );
    // A prefix matches as you type.
    let custod = titles(&app, "custod").await;
    assert!(
        custod.contains(&"Library custodial services".to_owned()),
        "{custod:?}"
    );
    assert!(
        custod.contains(&"Custodial library supplies".to_owned()),
        "{custod:?}"
    );
    // A quoted phrase keeps its words together and in order; bare words do not.
    let mut both = titles(&app, "snow removal").await;
    both.sort();
    assert_eq!(
        both,
        vec!["Removal of snow fences", "Snow removal services"]
    );
    assert_eq!(
        titles(&app, "\"snow removal\"").await,
        vec!["Snow removal services"]
    );
    assert_eq!(
        titles(&app, "\"removal of snow\"").await,
        vec!["Removal of snow fences"]
    );
    assert_eq!(
        titles(&app, "\"custodial library\"").await,
        vec!["Custodial library supplies"]
    );
    // An exact reference number comes first, marked, before text that merely mentions it.
    let data = app.data(SEARCH, json!({ "q": "rfp 2026-014" })).await;
    let edges = data["search"]["edges"].as_array().unwrap();
    assert_eq!(
        edges[0]["node"]["title"], "Library custodial services",
        "{data}"
    );
    assert_eq!(edges[0]["node"]["exactReference"], true);
    assert!(
        edges
            .iter()
            .skip(1)
            .all(|e| e["node"]["exactReference"] == false),
        "{data}"
    );
    // Title words rank above description words.
    let ranked = titles(&app, "library").await;
    assert!(ranked.len() >= 2, "{ranked:?}");
    // The snippet marks the matched words as written.
    let data = app
        .data(SEARCH, json!({ "q": "deneigement", "k": ["SOLICITATION"] }))
        .await;
    let snippet = &data["search"]["edges"][0]["node"]["snippet"];
    let marked: Vec<&str> = snippet
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["highlighted"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, vec!["déneigement"], "{snippet}");
    // Kinds narrow the search: vendors by name.
    let data = app
        .data(SEARCH, json!({ "q": "acme", "k": ["VENDOR"] }))
        .await;
    let kinds: Vec<&Value> = data["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["kind"])
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == "VENDOR"),
        "{data}"
    );
}

async fn search_follows_edits_and_archiving_and_never_finds_comments(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let id = staff_saves(
        &app,
        &staff,
        r.parks,
        "RFP-9",
        "Tree trimming",
        "Street trees.",
    )
    .await;
    assert_eq!(titles(&app, "trimming").await, vec!["Tree trimming"]);
    // An edit is searchable at once, and the old words are gone.
    app.data_as(
        &staff,
        SAVE,
        json!({ "id": id, "a": gid(NodeKind::Agency, r.parks), "r": "RFP-9", "t": "Arborist services", "d": "Street trees." }),
    )
    .await;
    assert!(titles(&app, "trimming").await.is_empty());
    assert_eq!(titles(&app, "arborist").await, vec!["Arborist services"]);
    // Archived records leave search.
    app.data_as(
        &staff,
        "mutation($i: ID!) { archive(input: {id: $i, reason: \"entered twice\"}) { archived } }",
        json!({ "i": id }),
    )
    .await;
    assert!(titles(&app, "arborist").await.is_empty());
    // Comments (visible or hidden) are never searched.
    let (_, resident) = app
        .account("res@example.org", UserRole::Resident, None)
        .await;
    app.data_as(
        &resident,
        "mutation($s: ID!) { postComment(input: {subjectId: $s, body: \"zyxwvut quokka\", position: OPPOSE}) { id } }",
        json!({ "s": gid(NodeKind::Solicitation, r.custodial) }),
    )
    .await;
    assert!(titles(&app, "quokka").await.is_empty());
}

/// Hostile strings through the same in-process path as `/graphql`, then 10,000 random ones
/// through the search service against the real database (where an engine error would come
/// from): none errors.
async fn ten_thousand_random_and_hostile_queries_never_fail(app: TestApp) {
    registry(&app.state.db.write).await;
    let schema = contract_watch::graphql::build_schema(app.state.clone());
    let hostile = [
        "C-12",
        "\"unclosed",
        "a AND OR NOT",
        "***",
        "(",
        ")",
        "NEAR(",
        "'; DROP TABLE solicitation; --",
        "\\",
        "\0",
        "col:value",
        "^x",
        "-x",
        "x*",
        "\"\"",
        "' OR 1=1 --",
        "&|!<->",
        "<script>",
        "%",
        "_",
        "🔥",
        "\u{202e}",
        "ﬁ",
        "İ",
        "ß",
        "日本語",
        "a\"b\"c\"",
        "{}",
        "[]",
        "::",
        "''",
    ];
    let meta = RequestMeta {
        ip: "192.0.2.9".into(),
        request_id: "fuzz".into(),
    };
    for query in hostile {
        let request = async_graphql::Request::new(SEARCH)
            .variables(async_graphql::Variables::from_json(json!({ "q": query })));
        let response = contract_watch::graphql::http::run(
            &app.state,
            &schema,
            Viewer::Anonymous,
            meta.clone(),
            request,
        )
        .await;
        assert!(
            response.errors.is_empty(),
            "{query:?}: {:?}",
            response.errors
        );
    }
    let alphabet: Vec<char> = "abcdeé ÉxyZ019-\"'*():^&|!<>\\/%_.,;#@~`{}[]\t\n😀ßİ日"
        .chars()
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let scope = Scope::default();
    let page = PageRequest {
        offset: 0,
        limit: 20,
    };
    for _ in 0..10_000 {
        let len = rng.random_range(0..40);
        let query: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        let parsed = SearchQuery::parse(&query);
        if let Err(error) = search::search(&app.state.db.read, &parsed, &scope, page).await {
            panic!("{query:?}: {error:?}");
        }
    }
}

const COUNTED: &str = "query($q: String!, $after: String) { search(query: $q, first: 50, after: $after) { \
    totalCount truncated pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }";

async fn titles_rank_first_counts_are_exact_and_common_words_are_bounded(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    // The word in the title outranks the same word in a newer record's description.
    staff_saves(&app, &staff, r.parks, "T-1", "Orchard pruning", "Trees.").await;
    staff_saves(
        &app,
        &staff,
        r.parks,
        "T-2",
        "Tree care",
        "Orchard and street trees.",
    )
    .await;
    let data = app.data(COUNTED, json!({ "q": "orchard" })).await;
    assert_eq!(data["search"]["totalCount"], 2);
    assert_eq!(data["search"]["truncated"], false);
    let found: Vec<&str> = data["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["Orchard pruning", "Tree care"]);

    // 1,100 solicitations share the word "services": search ranks the first 1,000 matches, says
    // so, and its pages end there.
    contract_watch::seed::scale::seed(&app.state.db.write, 1_100, app.state.clock.now())
        .await
        .unwrap();
    let data = app.data(COUNTED, json!({ "q": "services" })).await;
    assert_eq!(data["search"]["truncated"], true);
    assert_eq!(data["search"]["totalCount"], 0);
    assert_eq!(data["search"]["pageInfo"]["hasNextPage"], true);
    // After position 949 come positions 950..1000: the last page of the window.
    let cursor = contract_watch::domain::page::encode_cursor(949);
    let data = app
        .data(COUNTED, json!({ "q": "services", "after": cursor }))
        .await;
    assert_eq!(data["search"]["edges"].as_array().unwrap().len(), 50);
    assert_eq!(data["search"]["pageInfo"]["hasNextPage"], false);
    let past = contract_watch::domain::page::encode_cursor(999);
    let data = app
        .data(COUNTED, json!({ "q": "services", "after": past }))
        .await;
    assert_eq!(data["search"]["edges"].as_array().unwrap().len(), 0);
    assert_eq!(data["search"]["truncated"], true);
    // The service says the same, and its window is exactly `RANKED_MATCHES` deep.
    let found = search::search(
        &app.state.db.read,
        &SearchQuery::parse("services"),
        &Scope::default(),
        PageRequest {
            offset: 990,
            limit: 20,
        },
    )
    .await
    .unwrap();
    assert!(found.truncated);
    assert_eq!(found.page.items.len(), 10);
    assert!(!found.page.has_next_page);
}
