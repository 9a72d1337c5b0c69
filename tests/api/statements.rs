//! Every relation resolves through a per-request DataLoader: a page of 100 costs the same number
//! of SQL statements as a page of 1. The background jobs' statements do not grow with the
//! registry either: renewal windows write a chunk of contracts' events at once, and timelines and
//! the fan-out queue are read through indexes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

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

on_both_databases!(
    renewal_windows_write_their_events_a_hundred_to_a_statement,
    pages_and_the_fan_out_queue_are_read_through_their_indexes,
);

/// A process of its own on the test's database, counting the statements its write pool runs.
async fn counting_writes(app: &TestApp) -> (contract_watch::state::AppState, Arc<AtomicUsize>) {
    let mut state = contract_watch::state::AppState::build(
        (*app.state.settings).clone(),
        app.state.clock.clone(),
    )
    .await
    .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    state.db.write.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (state, count)
}

async fn renewal_windows_write_their_events_a_hundred_to_a_statement(app: TestApp) {
    use contract_watch::services::alert_events::renewal_windows;

    contract_watch::seed::scale::seed(&app.state.db.write, 300, test_now())
        .await
        .unwrap();
    let (state, count) = counting_writes(&app).await;
    let written = renewal_windows(&state).await.unwrap();
    assert!(
        (101..=200).contains(&written),
        "{written} contracts are due"
    );
    // The agencies, the first chunk of due contracts (all 300 fit in one) and their options, the
    // chunk's events in two statements (a hundred to each), and the empty chunk that ends the run.
    assert_eq!(count.load(Ordering::SeqCst), 6, "{written} events written");

    // The run every ten minutes after it writes nothing, at the same cost.
    count.store(0, Ordering::SeqCst);
    assert_eq!(renewal_windows(&state).await.unwrap(), 0);
    assert_eq!(count.load(Ordering::SeqCst), 6);
}

async fn pages_and_the_fan_out_queue_are_read_through_their_indexes(app: TestApp) {
    use contract_watch::services::alert_events::waiting;
    use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement, TransactionTrait};

    contract_watch::seed::scale::seed(&app.state.db.write, 300, test_now())
        .await
        .unwrap();
    let documents: std::collections::BTreeMap<String, String> =
        contract_watch::web::documents::all().into_iter().collect();
    app.reset_statements();
    let home = app.data(&documents["home"], json!({})).await;
    assert!(
        !home["renewals"]["nodes"].as_array().unwrap().is_empty(),
        "{home}"
    );
    assert!(
        !home["open"]["nodes"].as_array().unwrap().is_empty(),
        "{home}"
    );
    let id = home["open"]["nodes"][0]["id"].as_str().unwrap().to_owned();
    let item = app
        .data(&documents["solicitation"], json!({ "id": id }))
        .await;
    assert_eq!(item["solicitation"]["id"], json!(id));
    let ran = app.recorded_statements();
    let db = &app.state.db.write;
    let backend = db.get_database_backend();
    // What the pages ran (found by what they read and how they order it), and the job's queue.
    let ran_one = |fragment: &str| {
        ran.iter()
            .find(|statement| statement.sql.contains(fragment))
            .unwrap_or_else(|| panic!("no statement with {fragment}"))
            .clone()
    };
    let statements = [
        (
            ran_one(r#"ORDER BY "solicitation"."published_at" DESC"#),
            "idx_solicitation_status_recently_published",
        ),
        (
            ran_one(r#"ORDER BY "contract"."end_date" ASC, "contract"."id" ASC"#),
            "idx_contract_end_date_id",
        ),
        (
            ran_one(r#"FROM "alert_event" WHERE "alert_event"."subject_type""#),
            "idx_alert_event_subject_occurred",
        ),
        (waiting(100).build(backend), "idx_alert_event_waiting"),
    ];
    for (statement, index) in statements {
        let plan = match backend {
            DbBackend::Postgres => {
                // 300 rows are cheapest to scan and sort; the question is whether an index
                // serves the order without either.
                let txn = db.begin().await.unwrap();
                txn.execute_unprepared(
                    "SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off",
                )
                .await
                .unwrap();
                let rows = txn
                    .query_all_raw(Statement {
                        sql: format!("EXPLAIN {}", statement.sql),
                        ..statement.clone()
                    })
                    .await
                    .unwrap();
                txn.rollback().await.unwrap();
                rows.iter()
                    .map(|row| row.try_get_by_index::<String>(0).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            _ => db
                .query_all_raw(Statement {
                    sql: format!("EXPLAIN QUERY PLAN {}", statement.sql),
                    ..statement.clone()
                })
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get::<String>("", "detail").unwrap())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        // Read in the order asked through an index, not scanned and sorted. SQLite's index of
        // `fanned_out_at` already ends in the rowid (the id), so either index serves it there.
        let (scanned, sorted) = match backend {
            DbBackend::Postgres => (plan.contains("Seq Scan"), plan.contains("Sort")),
            _ => (plan.contains("SCAN "), plan.contains("TEMP B-TREE")),
        };
        assert!(
            !scanned && !sorted && (plan.contains(index) || backend == DbBackend::Sqlite),
            "{index}: {}\n{plan}",
            statement.sql
        );
    }
}
