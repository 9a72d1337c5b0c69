//! Every relation resolves through a per-request DataLoader: a page of 100 costs the same number
//! of SQL statements as a page of 1.

use serde_json::json;

use crate::helpers::{TestApp, test_now};
use crate::on_both_databases;

// A wide batching window: on a loaded 2-core machine (the whole suite in parallel, debug build)
// resolving a 100-row level can outlast the test default of 50 ms, and a late key would start a
// second batch. The count is what is asserted here, not latency.
on_both_databases!(
    with [("CW__GRAPHQL__DATALOADER_DELAY_MICROS", "300000")];
    a_page_of_100_costs_the_same_statements_as_a_page_of_1,
);

const PAGE: &str = "query($n: Int!) { solicitations(first: $n, orderBy: NEWEST) { edges { node { title \
    agency { name } contracts { title vendor { name } } agendaItems { title meeting { startsAt } } \
    tally { positions { position people organizations } organizationPositions { position organization { name } } } } } } }";

async fn a_page_of_100_costs_the_same_statements_as_a_page_of_1(app: TestApp) {
    // Every generated solicitation has a contract (with a vendor) and an agenda item.
    contract_watch::seed::scale::seed(&app.state.db.write, 120, test_now())
        .await
        .unwrap();

    let mut counts = Vec::new();
    for n in [1, 100] {
        app.reset_statements();
        let data = app.data(PAGE, json!({ "n": n })).await;
        let edges = data["solicitations"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n);
        for edge in edges {
            let node = &edge["node"];
            assert!(node["agency"]["name"].is_string());
            assert!(node["contracts"][0]["vendor"]["name"].is_string(), "{node}");
            assert!(
                node["agendaItems"][0]["meeting"]["startsAt"].is_string(),
                "{node}"
            );
        }
        counts.push(app.statement_count());
    }
    // The page, then one statement per relation: agency, contracts, agenda items, vendor, meeting,
    // and the three tally queries (counts by position, organisations' comments, concerns), each
    // a GROUP BY or one IN over the whole page.
    assert_eq!(counts, [9, 9]);
}

// The production window (1 ms) on purpose: what used to split a batch under load was a window
// that closed before all the page's rows had asked for their relations.
on_both_databases!(
    with [("CW__GRAPHQL__DATALOADER_DELAY_MICROS", "1000")];
    concurrent_pages_and_lookups_keep_their_statement_counts,
);

/// The page `cw-bench` measures.
const BENCH_PAGE: &str = "query($after: String) { solicitations(first: 50, after: $after, orderBy: NEWEST) { \
    edges { node { id title status agency { name } contracts { title currentValue { amount } vendor { name } } } } } }";
const BENCH_LOOKUP: &str =
    "query($id: ID!) { solicitation(id: $id) { id title status agency { name } } }";

async fn concurrent_pages_and_lookups_keep_their_statement_counts(app: TestApp) {
    contract_watch::seed::scale::seed(&app.state.db.write, 400, test_now())
        .await
        .unwrap();
    let ids: Vec<String> = app.data(BENCH_PAGE, json!({})).await["solicitations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"]["id"].as_str().unwrap().to_owned())
        .collect();

    // 16 pages at once, each 50 rows, all on the test's one executor thread: the page, then
    // agency, contracts, their amendments (for the current value) and vendors, once each.
    app.reset_statements();
    let pages = (0..16).map(|n| {
        let after = (n > 0).then(|| contract_watch::domain::page::encode_cursor(n * 20 - 1));
        app.data(BENCH_PAGE, json!({ "after": after }))
    });
    for data in futures_util::future::join_all(pages).await {
        let edges = data["solicitations"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 50);
        for edge in edges {
            let node = &edge["node"];
            assert!(node["agency"]["name"].is_string(), "{node}");
            assert!(node["contracts"][0]["vendor"]["name"].is_string(), "{node}");
            assert!(
                node["contracts"][0]["currentValue"]["amount"].is_string(),
                "{node}"
            );
        }
    }
    assert_eq!(
        app.statement_count(),
        16 * 5,
        "a page's batches split under load"
    );

    // 32 lookups at once: the row with its agency, one joined statement each; no batching
    // window to wait for.
    app.reset_statements();
    let lookups = ids
        .iter()
        .cycle()
        .take(32)
        .map(|id| app.data(BENCH_LOOKUP, json!({ "id": id })));
    for (data, id) in futures_util::future::join_all(lookups)
        .await
        .iter()
        .zip(ids.iter().cycle())
    {
        assert_eq!(data["solicitation"]["id"], json!(id));
        assert!(data["solicitation"]["agency"]["name"].is_string(), "{data}");
    }
    assert_eq!(app.statement_count(), 32);
}
