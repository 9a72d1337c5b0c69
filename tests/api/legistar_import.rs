//! Legistar import, on both databases: Mesa's recorded and composed responses become bodies,
//! officials with their terms, meetings at the right UTC instant, agenda items and a roll
//! call; the contract-approval item is linked to the contract it names; running it again
//! changes nothing; a moved meeting and a changed vote are picked up, the move telling the
//! contract's followers "Vote moved"; and the same responses served over HTTP import the same.

use std::path::{Path, PathBuf};

use chrono::{TimeZone as _, Utc};
use contract_watch::legistar::{ClientMapping, Fetch, Folder, Http};
use contract_watch::services::audit::Actor;
use contract_watch::services::legistar_import::{self, Options};
use contract_watch::services::ocds_import::Report;
use entity::enums::{AgendaOutcome, AlertEventKind, ContractStatus, OfficeRole, VoteChoice};
use entity::{
    agenda_item, alert_event, body, contract, meeting, office_term, official, roll_call_vote,
    vendor,
};
use sea_orm::{ActiveModelTrait as _, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::fixtures::registry;
use crate::helpers::{TestApp, test_now};
use crate::on_both_databases;

on_both_databases!(
    mesa_imports_bodies_officials_meetings_items_and_votes,
    a_second_run_changes_nothing_and_a_moved_meeting_is_picked_up,
    the_api_over_http_imports_the_same,
);

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/legistar")
        .join(name)
}

fn mesa() -> ClientMapping {
    ClientMapping::new(chrono_tz::America::Phoenix)
}

async fn import(app: &TestApp, jurisdiction: i64, fetch: &dyn Fetch, dry_run: bool) -> Report {
    let options = Options {
        jurisdiction_id: jurisdiction,
        client: "mesa".to_owned(),
        dry_run,
    };
    legistar_import::import(&app.state, &Actor::command_line(), fetch, &mesa(), &options)
        .await
        .unwrap()
}

/// The custodial contract the composed agenda item names, by its vendor.
async fn named_contract(app: &TestApp, agency: i64) -> i64 {
    let db = &app.state.db.write;
    let vendor = vendor::ActiveModel {
        name: Set("Desert Example Custodial Services, LLC".to_owned()),
        created_at: Set(test_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    contract::ActiveModel {
        agency_id: Set(agency),
        vendor_id: Set(vendor.id),
        reference_number: Set("2008-118".to_owned()),
        title: Set("Custodial services for City facilities".to_owned()),
        value_minor: Set(125_000_000),
        currency: Set("USD".to_owned()),
        start_date: Set(test_now().date_naive()),
        end_date: Set(test_now().date_naive() + chrono::Days::new(300)),
        status: Set(ContractStatus::Active),
        created_at: Set(test_now()),
        updated_at: Set(test_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// The meeting imported from Legistar event `id`.
async fn meeting_of(app: &TestApp, legistar_id: i64) -> meeting::Model {
    let memo = entity::external_record::Entity::find()
        .filter(entity::external_record::Column::Source.eq("legistar:mesa"))
        .filter(entity::external_record::Column::Kind.eq("meeting"))
        .filter(entity::external_record::Column::Key.eq(legistar_id.to_string()))
        .one(&app.state.db.read)
        .await
        .unwrap()
        .expect("the event was remembered");
    meeting::Entity::find_by_id(memo.target_id)
        .one(&app.state.db.read)
        .await
        .unwrap()
        .unwrap()
}

async fn renewal_item(app: &TestApp) -> agenda_item::Model {
    agenda_item::Entity::find()
        .filter(agenda_item::Column::Title.contains("Desert Example Custodial"))
        .one(&app.state.db.read)
        .await
        .unwrap()
        .expect("the contract-approval item")
}

async fn votes(app: &TestApp, item: i64) -> Vec<(String, VoteChoice)> {
    let rows = roll_call_vote::Entity::find()
        .filter(roll_call_vote::Column::AgendaItemId.eq(item))
        .all(&app.state.db.read)
        .await
        .unwrap();
    let mut named = Vec::new();
    for row in rows {
        let person = official::Entity::find_by_id(row.official_id)
            .one(&app.state.db.read)
            .await
            .unwrap()
            .unwrap();
        named.push((person.name, row.vote));
    }
    named.sort_by(|a, b| a.0.cmp(&b.0));
    named
}

async fn counts(app: &TestApp) -> [u64; 6] {
    let db = &app.state.db.read;
    [
        body::Entity::find().count(db).await.unwrap(),
        official::Entity::find().count(db).await.unwrap(),
        office_term::Entity::find().count(db).await.unwrap(),
        meeting::Entity::find().count(db).await.unwrap(),
        agenda_item::Entity::find().count(db).await.unwrap(),
        roll_call_vote::Entity::find().count(db).await.unwrap(),
    ]
}

async fn mesa_imports_bodies_officials_meetings_items_and_votes(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let custodial = named_contract(&app, r.library).await;
    let before = counts(&app).await;
    let report = import(&app, r.jurisdiction, &Folder::new(folder("mesa")), false).await;
    let after = counts(&app).await;
    let added: Vec<u64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    // Two bodies, seven people, nine office records, two events; the heading without an
    // agenda sequence is left out (four items); five of the six votes map (one "Conflict").
    assert_eq!(added, [2, 7, 9, 2, 4, 5], "{report:#?}");
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.reason.contains("20900") && s.reason.contains("AgendaSequence")),
        "{:?}",
        report.skipped
    );
    assert!(
        report.skipped.iter().any(|s| s.reason.contains("Conflict")),
        "{:?}",
        report.skipped
    );

    // `EventDate` 2010-10-04 and `EventTime` "5:30PM" in Mesa (UTC−7 all year).
    let council = meeting_of(&app, 1240).await;
    assert_eq!(
        council.starts_at,
        Utc.with_ymd_and_hms(2010, 10, 5, 0, 30, 0).unwrap()
    );

    // A chair and a vice chair among the terms.
    let roles: Vec<OfficeRole> = office_term::Entity::find()
        .all(&app.state.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.role)
        .collect();
    assert!(roles.contains(&OfficeRole::Chair) && roles.contains(&OfficeRole::ViceChair));

    // The renewal item names the contract's vendor: linked, decided, with its roll call.
    let item = renewal_item(&app).await;
    assert_eq!(item.contract_id, Some(custodial));
    assert_eq!(item.meeting_id, council.id);
    assert_eq!(item.outcome, AgendaOutcome::Approved);
    let choices: Vec<VoteChoice> = votes(&app, item.id)
        .await
        .into_iter()
        .map(|v| v.1)
        .collect();
    let count = |c: VoteChoice| choices.iter().filter(|v| **v == c).count();
    assert_eq!(
        (
            count(VoteChoice::Yes),
            count(VoteChoice::No),
            count(VoteChoice::Absent)
        ),
        (3, 1, 1)
    );
}

async fn a_second_run_changes_nothing_and_a_moved_meeting_is_picked_up(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    named_contract(&app, r.library).await;
    let dry = import(&app, r.jurisdiction, &Folder::new(folder("mesa")), true).await;
    let before = counts(&app).await;
    assert!(!dry.created.is_empty());
    let first = import(&app, r.jurisdiction, &Folder::new(folder("mesa")), false).await;
    assert_eq!(
        first.created, dry.created,
        "the dry run reported what importing does"
    );
    let imported = counts(&app).await;
    assert!(imported[3] > before[3]);

    let again = import(&app, r.jurisdiction, &Folder::new(folder("mesa")), false).await;
    assert!(again.created.is_empty(), "{:?}", again.created);
    assert!(again.updated.is_empty(), "{:?}", again.updated);
    assert_eq!(counts(&app).await, imported);

    let item = renewal_item(&app).await;
    let moved_before = alert_event::Entity::find()
        .filter(alert_event::Column::Kind.eq(AlertEventKind::VoteRescheduled))
        .count(&app.state.db.read)
        .await
        .unwrap();
    let report = import(
        &app,
        r.jurisdiction,
        &Folder::new(folder("mesa-moved")),
        false,
    )
    .await;
    assert!(report.created.is_empty(), "{:?}", report.created);
    // The meeting moved a week, and one member's vote changed; nothing else.
    let council = meeting_of(&app, 1240).await;
    assert_eq!(
        council.starts_at,
        Utc.with_ymd_and_hms(2010, 10, 12, 0, 30, 0).unwrap()
    );
    assert_eq!(counts(&app).await, imported);
    let choices: Vec<VoteChoice> = votes(&app, item.id)
        .await
        .into_iter()
        .map(|v| v.1)
        .collect();
    assert_eq!(choices.iter().filter(|v| **v == VoteChoice::Yes).count(), 4);
    // The contract's followers hear "Vote moved", as from a staff edit.
    let moved = alert_event::Entity::find()
        .filter(alert_event::Column::Kind.eq(AlertEventKind::VoteRescheduled))
        .all(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(moved.len() as u64, moved_before + 1);
    assert!(
        moved.iter().any(|e| e.headline.contains("Vote moved")),
        "{moved:?}"
    );
}

/// Serves `root` like a Legistar client: `GET /{path}` answers `{root}/{path}.json`.
async fn serve(root: PathBuf) -> String {
    use poem::{EndpointExt as _, Route, handler, web::Path as UrlPath};
    #[handler]
    fn answer(
        UrlPath(path): UrlPath<String>,
        root: poem::web::Data<&PathBuf>,
    ) -> poem::Result<poem::Response> {
        let file = root.join(format!("{path}.json"));
        match std::fs::read(&file) {
            Ok(bytes) => Ok(poem::Response::builder()
                .content_type("application/json")
                .body(bytes)),
            Err(_) => Err(poem::Error::from_status(poem::http::StatusCode::NOT_FOUND)),
        }
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let app = Route::new().at("/v1/mesa/*path", answer).data(root);
    let acceptor = poem::listener::TcpAcceptor::from_std(listener).unwrap();
    tokio::spawn(async move { poem::Server::new_with_acceptor(acceptor).run(app).await });
    format!("http://127.0.0.1:{port}/v1/mesa")
}

async fn the_api_over_http_imports_the_same(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let before = counts(&app).await;
    let base = serve(folder("mesa")).await;
    let report = import(
        &app,
        r.jurisdiction,
        &Http::new(&base, None).unwrap(),
        false,
    )
    .await;
    let after = counts(&app).await;
    let added: Vec<u64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    assert_eq!(added, [2, 7, 9, 2, 4, 5], "{report:#?}");
    // Without a contract that clearly matches, the item is left for staff to link.
    let item = renewal_item(&app).await;
    assert_eq!(item.contract_id, None);
    let council = meeting_of(&app, 1240).await;
    assert_eq!(
        council.starts_at,
        Utc.with_ymd_and_hms(2010, 10, 5, 0, 30, 0).unwrap()
    );
}
