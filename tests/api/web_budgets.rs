//! The web client's budgets (`docs/web.md`): compressed pages and assets stay small enough for a
//! cheap phone on a slow link.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use serde_json::json;

use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;

on_both_databases!(an_item_page_with_fifty_comments_transfers_under_100_kb);

async fn an_item_page_with_fifty_comments_transfers_under_100_kb(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let subject = gid(NodeKind::Contract, r.custodial_contract);
    let body = "I oppose this renewal: the work is done well in house today, and the contract has \
                no labour standards. "
        .repeat(4);
    // Fifty comments from ten residents (the hourly comment limit is per person).
    for n in 0..10 {
        let (_, token) = app
            .account(&format!("r{n}@example.org"), UserRole::Resident, None)
            .await;
        for k in 0..5 {
            app.data_as(
                &token,
                "mutation($s: ID!, $b: String!) { postComment(input: {subjectId: $s, body: $b, position: OPPOSE}) { id } }",
                json!({ "s": subject, "b": format!("Point {k} from resident {n}. {body}") }),
            )
            .await;
        }
    }
    let response = app
        .client
        .get(format!("/contracts/{subject}"))
        .header("accept-encoding", "gzip")
        .send()
        .await;
    response.assert_status_is_ok();
    response.assert_header("content-encoding", "gzip");
    let transferred = response.0.into_body().into_bytes().await.unwrap().len();
    assert!(transferred <= 100 * 1024, "{transferred} bytes transferred");
    // The page really holds the fifty comments (compression did not hide an empty page).
    let plain = app.client.get(format!("/contracts/{subject}")).send().await;
    let html = plain.0.into_body().into_string().await.unwrap();
    assert_eq!(
        html.matches("class=\"comment\"").count(),
        50,
        "fifty comments rendered"
    );
    eprintln!(
        "item page with 50 comments: {transferred} bytes gzipped, {} bytes uncompressed",
        html.len()
    );
}
