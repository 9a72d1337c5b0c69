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
