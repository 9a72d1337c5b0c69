//! The test harness: the real router and schema over a fresh, migrated database per test.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::startup::routes;
use contract_watch::state::AppState;
use poem::EndpointExt;
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::TestClient;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

/// The password every test account uses (15+ characters, as the policy requires).
pub const PASSWORD: &str = "correct horse battery staple";

/// The link token in a mail body, after `marker` (e.g. `/verify-email/`).
pub fn link_token(body: &str, marker: &str) -> String {
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} link in {body}"))
        + marker.len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The instant every test runs at: a Monday noon, UTC.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0)
        .single()
        .unwrap()
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL URL for tests, when set.
pub fn postgres_url() -> Option<String> {
    std::env::var("CW_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A running app with its own database.
pub struct TestApp {
    pub client: TestClient<BoxEndpoint<'static>>,
    pub state: AppState,
    /// SQL statements executed on the read pool since the last [`TestApp::reset_statements`].
    pub statements: Arc<AtomicUsize>,
    /// The same statements, with their values.
    recorded: Arc<std::sync::Mutex<Vec<sea_orm::Statement>>>,
    _guard: DatabaseGuard,
}

enum DatabaseGuard {
    Sqlite(#[allow(dead_code, reason = "deleted on drop")] tempfile::TempDir),
    Postgres { url: String, schema: String },
}

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        if let Self::Postgres { url, schema } = self {
            let (url, schema) = (url.clone(), schema.clone());
            // Drop is synchronous; run the cleanup on its own runtime and wait for it.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let db = Database::connect(&url).await.ok()?;
                    // sqlx rolls back a dropped transaction in a task it spawns when the
                    // connection returns to the pool; a test's runtime may stop before that task
                    // runs, leaving a session that holds locks in this schema. End such sessions.
                    db.execute_unprepared(&format!(
                        "SELECT pg_terminate_backend(l.pid) FROM pg_locks l \
                         JOIN pg_class c ON c.oid = l.relation \
                         JOIN pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname = '{schema}' AND l.pid <> pg_backend_pid()"
                    ))
                    .await
                    .ok()?;
                    db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

static SCHEMA_COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestApp {
    /// A fresh app on `backend`, its settings overridden by `CW__…` variables as in production.
    /// Panics if PostgreSQL is asked for but unreachable.
    pub async fn spawn_with(backend: Backend, overrides: &[(&str, &str)]) -> Self {
        let mut vars: BTreeMap<String, String> = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let guard = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                vars.insert("CW__DATABASE__URL".to_owned(), url);
                DatabaseGuard::Sqlite(dir)
            }
            Backend::Postgres => {
                let url = postgres_url().expect("CW_TEST_POSTGRES_URL is set");
                let schema = format!(
                    "cw_test_{}_{}_{}",
                    std::process::id(),
                    SCHEMA_COUNTER.fetch_add(1, Ordering::SeqCst),
                    Utc::now().timestamp_micros()
                );
                let admin = Database::connect(&url)
                    .await
                    .expect("PostgreSQL is reachable at CW_TEST_POSTGRES_URL");
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                vars.insert("CW__DATABASE__URL".to_owned(), url.clone());
                vars.insert("CW__DATABASE__SCHEMA".to_owned(), schema.clone());
                DatabaseGuard::Postgres { url, schema }
            }
        };
        let settings = Settings::load_from(Path::new("configuration"), "test", &vars).unwrap();
        let mut state = AppState::build(settings, Clock::fixed(test_now()))
            .await
            .unwrap();
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        let recorded: Arc<std::sync::Mutex<Vec<sea_orm::Statement>>> = Arc::default();
        let recorder = recorded.clone();
        // CW_TEST_LOG_SQL=1 prints each statement, to see what a test ran.
        let log_sql = std::env::var_os("CW_TEST_LOG_SQL").is_some();
        state.db.read.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut recorded) = recorder.lock() {
                recorded.push(info.statement.clone());
            }
            if log_sql {
                eprintln!("SQL: {}", info.statement.sql);
            }
        });
        let client = TestClient::new(routes(state.clone()).map_to_response().boxed());
        Self {
            client,
            state,
            statements,
            recorded,
            _guard: guard,
        }
    }

    /// Loads the demo city as of the test clock.
    pub async fn seed_demo(&self) {
        contract_watch::seed::demo::seed_if_empty(&self.state.db.write, test_now())
            .await
            .unwrap();
    }

    /// Runs a GraphQL request and returns the JSON body; the HTTP status must be 200.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        let (status, body) = self
            .post_json(&json!({ "query": query, "variables": variables }).to_string())
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Runs a GraphQL request that must succeed, returning `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.gql(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// Posts a raw body as `application/json`.
    pub async fn post_json(&self, body: &str) -> (StatusCode, Value) {
        self.post_raw("application/json", body.to_owned()).await
    }

    /// Posts a raw body with any content type.
    pub async fn post_raw(&self, content_type: &str, body: String) -> (StatusCode, Value) {
        let response = self
            .client
            .post("/graphql")
            .content_type(content_type)
            .body(body)
            .send()
            .await;
        read(response).await
    }

    /// Runs a GraphQL request with an optional bearer token, from client address `ip`.
    pub async fn gql_as(
        &self,
        token: Option<&str>,
        ip: &str,
        query: &str,
        variables: Value,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .post("/graphql")
            .content_type("application/json")
            .header("x-forwarded-for", ip)
            .body(json!({ "query": query, "variables": variables }).to_string());
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        read(request.send().await).await
    }

    /// Like [`TestApp::data`], as the holder of `token`.
    pub async fn data_as(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self
            .gql_as(Some(token), "192.0.2.1", query, variables)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// The newest queued mail to `to`: (kind, text body).
    pub async fn last_mail_to(&self, to: &str) -> Option<(String, String)> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        entity::email_delivery::Entity::find()
            .filter(entity::email_delivery::Column::Recipient.eq(to))
            .order_by_desc(entity::email_delivery::Column::Id)
            .one(&self.state.db.write)
            .await
            .unwrap()
            .map(|row| (row.kind, row.text_body))
    }

    /// Creates a verified account with a role, as `contract-watch admin create-user` does, and
    /// logs it in; returns (account id, access token).
    pub async fn account(
        &self,
        email: &str,
        role: entity::enums::UserRole,
        jurisdiction: Option<i64>,
    ) -> (i64, String) {
        let user = contract_watch::services::admin::create_user(
            &self.state,
            email,
            email.split('@').next().unwrap(),
            secrecy::SecretString::from(PASSWORD.to_owned()),
            role,
            jurisdiction,
        )
        .await
        .unwrap();
        (user.id, self.log_in(email).await)
    }

    /// Logs in with [`PASSWORD`] and returns the access token.
    pub async fn log_in(&self, email: &str) -> String {
        let data = self
            .data(
                "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { accessToken } }",
                json!({ "e": email, "p": PASSWORD }),
            )
            .await;
        data["logIn"]["accessToken"].as_str().unwrap().to_owned()
    }

    /// A GET with a query string.
    pub async fn get(&self, path_and_query: &str) -> (StatusCode, Value) {
        read(self.client.get(path_and_query).send().await).await
    }

    pub fn reset_statements(&self) {
        self.statements.store(0, Ordering::SeqCst);
        if let Ok(mut recorded) = self.recorded.lock() {
            recorded.clear();
        }
    }

    /// The read pool's statements since the last [`TestApp::reset_statements`].
    pub fn recorded_statements(&self) -> Vec<sea_orm::Statement> {
        self.recorded.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn statement_count(&self) -> usize {
        self.statements.load(Ordering::SeqCst)
    }
}

async fn read(response: poem::test::TestResponse) -> (StatusCode, Value) {
    let status = response.0.status();
    let text = response.0.into_body().into_string().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The `extensions.code` of the first error.
/// The global ID of row `id` of `kind`.
pub fn gid(kind: contract_watch::domain::ids::NodeKind, id: i64) -> String {
    contract_watch::domain::ids::GlobalId::new(kind, id).encode()
}

/// A second jurisdiction, for staff who must not reach the first.
pub async fn second_jurisdiction(app: &TestApp) -> i64 {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    entity::jurisdiction::ActiveModel {
        name: Set("Other Town".into()),
        kind: Set(entity::enums::JurisdictionKind::City),
        time_zone: Set("America/Chicago".into()),
        created_at: Set(test_now()),
        ..Default::default()
    }
    .insert(&app.state.db.write)
    .await
    .unwrap()
    .id
}

pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
}

/// Runs each named scenario (`async fn(TestApp)`) as two tests: on SQLite, and on PostgreSQL
/// when `CW_TEST_POSTGRES_URL` is set.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),+ $(,)?) => {
        $crate::on_both_databases!(with []; $($scenario),+);
    };
    (with $overrides:expr; $($scenario:ident),+ $(,)?) => {$(
        mod $scenario {
            #[tokio::test]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn_with($crate::helpers::Backend::Sqlite, &$overrides).await;
                super::$scenario(app).await;
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::postgres_url().is_none() {
                    eprintln!("CW_TEST_POSTGRES_URL not set: PostgreSQL run skipped");
                    return;
                }
                let app = $crate::helpers::TestApp::spawn_with($crate::helpers::Backend::Postgres, &$overrides).await;
                super::$scenario(app).await;
            }
        }
    )+};
}
