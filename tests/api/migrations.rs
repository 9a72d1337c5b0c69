//! Every migration's `down` works: up → down → up on both databases.

use migration::SchemaManager;
use migration::{Migrator, MigratorTrait};
use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(migrations_go_down_and_up_again);

const TABLES: [&str; 16] = [
    "jurisdiction",
    "agency",
    "body",
    "official",
    "office_term",
    "vendor",
    "vendor_identifier",
    "solicitation",
    "solicitation_category",
    "solicitation_document",
    "contract",
    "renewal_option",
    "contract_amendment",
    "meeting",
    "agenda_item",
    "roll_call_vote",
];

async fn migrations_go_down_and_up_again(app: TestApp) {
    let db = &app.state.db.write;
    let manager = SchemaManager::new(db);
    for table in TABLES {
        assert!(manager.has_table(table).await.unwrap(), "{table} after up");
    }
    Migrator::down(db, None).await.unwrap();
    assert!(
        Migrator::get_applied_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );
    for table in TABLES {
        assert!(
            !manager.has_table(table).await.unwrap(),
            "{table} after down"
        );
    }
    Migrator::up(db, None).await.unwrap();
    for table in TABLES {
        assert!(
            manager.has_table(table).await.unwrap(),
            "{table} after up again"
        );
    }
    app.seed_demo().await;
    let data = app.data("{ contracts { totalCount } }", json!({})).await;
    assert_eq!(data["contracts"]["totalCount"], 30);
}
