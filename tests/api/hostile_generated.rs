//! Hostile input at scale: random documents generated from the schema itself, then mutated
//! (deep, wide, aliased, huge strings, odd Unicode, wrong types, fragments, directives), sent
//! anonymously and as a resident, plus hostile form posts and URLs against the web pages. Every
//! answer is below 500, carries no internal text, gives every error a code, and a refused
//! request changes nothing in the database.
//!
//! CI runs 2,000 documents per database; the full run is
//! `CW_HOSTILE_DOCUMENTS=20000 cargo test --test api hostile_generated -- --nocapture`
//! (`CW_HOSTILE_SEED` replays one run).

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, FieldDefinition, InputValueDefinition, Type, TypeDefinition, TypeKind,
    TypeSystemDefinition,
};
use entity::enums::UserRole;
use poem::http::StatusCode;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom as _;
use rand::{Rng as _, SeedableRng as _};
use sea_orm::{ConnectionTrait as _, Statement};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(generated_hostile_documents_and_forms_are_refused_cleanly);

/// The schema's types by name.
struct Schema {
    types: HashMap<String, TypeDefinition>,
}

impl Schema {
    fn load() -> Self {
        let document = async_graphql::parser::parse_schema(contract_watch::graphql::sdl()).unwrap();
        let types = document
            .definitions
            .into_iter()
            .filter_map(|definition| match definition {
                TypeSystemDefinition::Type(t) => Some((t.node.name.node.to_string(), t.node)),
                _ => None,
            })
            .collect();
        Self { types }
    }

    fn fields(&self, name: &str) -> Vec<&FieldDefinition> {
        match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o.fields.iter().map(|f| &f.node).collect(),
            Some(TypeKind::Interface(i)) => i.fields.iter().map(|f| &f.node).collect(),
            _ => Vec::new(),
        }
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

/// Random valid documents, then broken ones.
struct Generator {
    schema: Schema,
    rng: StdRng,
}

const ODD: &[&str] = &[
    "\u{202e}evil\u{202c}",
    "\u{0000}",
    "\u{feff}bom",
    "e\u{0301}\u{0301}\u{0301}",
    "\u{1f4a9}\u{200d}\u{1f525}",
    "'; DROP TABLE user_account; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00%ff",
    "\\u0000",
    "\u{10ffff}",
    "𝕮𝖔𝖓𝖙𝖗𝖆𝖈𝖙",
];

impl Generator {
    fn string(&mut self) -> String {
        match self.rng.random_range(0..10) {
            0 => "x".repeat(self.rng.random_range(1_000..70_000)),
            1..=3 => (*ODD.choose(&mut self.rng).unwrap()).to_owned(),
            4 => String::new(),
            5 => "U29saWNpdGF0aW9uOjE=".to_owned(),
            _ => format!("s{}", self.rng.random_range(0..1_000_000)),
        }
    }

    /// A literal for an input of type `ty`; `wrong` sometimes gives a value of another type.
    fn value(&mut self, ty: &Type, depth: usize) -> String {
        if ty.nullable && self.rng.random_bool(0.2) {
            return "null".to_owned();
        }
        if self.rng.random_bool(0.05) {
            // A wrong type on purpose.
            return ["1", "\"one\"", "true", "[1,2]", "{a: 1}", "FOO", "-1e400"]
                .choose(&mut self.rng)
                .unwrap()
                .to_string();
        }
        match &ty.base {
            BaseType::List(inner) => {
                let n = self.rng.random_range(0..4);
                let items: Vec<String> = (0..n).map(|_| self.value(inner, depth + 1)).collect();
                format!("[{}]", items.join(", "))
            }
            BaseType::Named(name) => match name.as_str() {
                "Int" => self.rng.random_range(-5..2_000_000_000_i64).to_string(),
                "Float" => format!("{}", self.rng.random_range(-1e9..1e9)),
                "Boolean" => self.rng.random_bool(0.5).to_string(),
                _ => match self.schema.types.get(name.as_str()).map(|t| t.kind.clone()) {
                    Some(TypeKind::Enum(e)) => e
                        .values
                        .choose(&mut self.rng)
                        .map_or_else(|| "X".to_owned(), |v| v.node.value.node.to_string()),
                    Some(TypeKind::InputObject(input)) if depth < 4 => {
                        let mut fields = Vec::new();
                        for f in &input.fields {
                            if f.node.ty.node.nullable && !self.rng.random_bool(0.5) {
                                continue;
                            }
                            let v = self.value(&f.node.ty.node, depth + 1);
                            fields.push(format!("{}: {v}", f.node.name.node));
                        }
                        format!("{{{}}}", fields.join(", "))
                    }
                    _ => serde_json::to_string(&self.string()).unwrap(),
                },
            },
        }
    }

    fn arguments(
        &mut self,
        arguments: &[async_graphql::Positioned<InputValueDefinition>],
    ) -> String {
        let mut chosen = Vec::new();
        for a in arguments {
            if a.node.ty.node.nullable && !self.rng.random_bool(0.4) {
                continue;
            }
            let v = self.value(&a.node.ty.node, 0);
            chosen.push(format!("{}: {v}", a.node.name.node));
        }
        if chosen.is_empty() {
            String::new()
        } else {
            format!("({})", chosen.join(", "))
        }
    }

    /// A selection set on `type_name`.
    fn selection(&mut self, type_name: &str, depth: usize) -> String {
        let kind = self.schema.types.get(type_name).map(|t| t.kind.clone());
        if let Some(TypeKind::Union(union)) = &kind {
            let member = union
                .members
                .choose(&mut self.rng)
                .unwrap()
                .node
                .to_string();
            let inner = self.selection(&member, depth + 1);
            return format!("{{ __typename ... on {member} {inner} }}");
        }
        let fields: Vec<FieldDefinition> =
            self.schema.fields(type_name).into_iter().cloned().collect();
        if fields.is_empty() {
            return "{ __typename }".to_owned();
        }
        let n = self.rng.random_range(1..=4.min(fields.len()));
        let mut parts = Vec::new();
        for field in fields.choose_multiple(&mut self.rng, n) {
            let args = self.arguments(&field.arguments);
            let target = named(&field.ty.node);
            let nested = if self.schema.fields(target).is_empty()
                && !matches!(
                    self.schema.types.get(target).map(|t| &t.kind),
                    Some(TypeKind::Union(_))
                ) {
                String::new()
            } else if depth >= 5 {
                "{ __typename }".to_owned()
            } else {
                self.selection(target, depth + 1)
            };
            parts.push(format!("{}{args} {nested}", field.name.node));
        }
        format!("{{ {} }}", parts.join(" "))
    }

    /// One valid-looking document: a query, or a mutation of one field.
    fn document(&mut self) -> String {
        if self.rng.random_bool(0.6) {
            format!("query {}", self.selection("Query", 0))
        } else {
            let fields: Vec<FieldDefinition> = self
                .schema
                .fields("Mutation")
                .into_iter()
                .cloned()
                .collect();
            let field = fields.choose(&mut self.rng).unwrap().clone();
            let args = self.arguments(&field.arguments);
            let target = named(&field.ty.node);
            let nested = if self.schema.fields(target).is_empty() {
                String::new()
            } else {
                self.selection(target, 1)
            };
            format!("mutation {{ {}{args} {nested} }}", field.name.node)
        }
    }

    /// A document, often broken on purpose.
    fn hostile(&mut self) -> String {
        let base = self.document();
        match self.rng.random_range(0..14) {
            0 => {
                let depth = self.rng.random_range(20..200);
                format!(
                    "{{ {}__typename{} }}",
                    "agencies(first: 1) { edges { node { jurisdiction { ".repeat(depth),
                    " } } } }".repeat(depth)
                )
            }
            1 => {
                let n = self.rng.random_range(50..3_000);
                let body: Vec<String> = (0..n).map(|i| format!("a{i}: __typename")).collect();
                format!("{{ {} }}", body.join(" "))
            }
            2 => format!(
                "query {{ ...A }} fragment A on Query {{ ...B }} fragment B on Query {{ ...A }} {}",
                base
            ),
            3 => base.replacen('{', "{ ...Missing ", 1),
            4 => format!(
                "{} {}",
                base,
                "@skip(if: false) ".repeat(self.rng.random_range(2..50))
            ),
            5 => {
                let cut = self.rng.random_range(0..base.len().max(1));
                base.chars().take(cut).collect()
            }
            6 => base.replace(
                '}',
                &format!(" {}: __typename }}", self.string().replace(['"', '\\'], "")),
            ),
            7 => format!(
                "{base}\n{}",
                "# comment\n".repeat(self.rng.random_range(1..5_000))
            ),
            8 => base.replace(':', ": $undefined ,"),
            9 => format!("subscription {{ {} }}", self.string()),
            10 => (*ODD.choose(&mut self.rng).unwrap()).to_owned(),
            _ => base,
        }
    }
}

/// How many rows each table holds: the database's fingerprint (abuse counters excluded: counting
/// a refused request is their job).
async fn fingerprint(app: &TestApp, tables: &[String]) -> Vec<i64> {
    let sql = format!(
        "SELECT {}",
        tables
            .iter()
            .map(|t| format!("(SELECT COUNT(*) FROM {t})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let backend = app.state.db.write.get_database_backend();
    let row = app
        .state
        .db
        .write
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    (0..tables.len())
        .map(|i| row.try_get_by_index::<i64>(i).unwrap())
        .collect()
}

async fn tables(app: &TestApp) -> Vec<String> {
    let backend = app.state.db.write.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE 'search_fts%'"
        }
        _ => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    app.state
        .db
        .write
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .filter(|t| !["rate_counter", "login_throttle", "seaql_migrations"].contains(&t.as_str()))
        .map(|t| format!("\"{t}\""))
        .collect()
}

/// Nothing a client may see of the inside.
fn assert_clean(status: StatusCode, text: &str, case: &str) {
    assert!(status.as_u16() < 500, "{case}: status {status}: {text}");
    let lower = text.to_lowercase();
    for leak in [
        "sqlx",
        "sea_orm",
        "sea-orm",
        "sqlite",
        "syntax error at",
        "relation \"",
        "constraint",
        "panicked",
        "backtrace",
        "src/",
        ".rs:",
    ] {
        assert!(
            !lower.contains(leak),
            "{case}: the answer mentions {leak:?}: {text}"
        );
    }
}

/// Whether the response reports that nothing was done.
fn refused(body: &Value) -> bool {
    let data_empty = match &body["data"] {
        Value::Null => true,
        Value::Object(fields) => fields.values().all(Value::is_null),
        _ => false,
    };
    body["errors"].is_array() && data_empty
}

async fn generated_hostile_documents_and_forms_are_refused_cleanly(app: TestApp) {
    app.seed_demo().await;
    let (_, token) = app
        .account("hostile@example.org", UserRole::Resident, None)
        .await;
    let count: usize = std::env::var("CW_HOSTILE_DOCUMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let seed: u64 = std::env::var("CW_HOSTILE_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("hostile documents: {count}, CW_HOSTILE_SEED={seed}");
    let mut generator = Generator {
        schema: Schema::load(),
        rng: StdRng::seed_from_u64(seed),
    };
    let tables = tables(&app).await;
    let mut before = fingerprint(&app, &tables).await;
    let mut refusals = 0;
    for i in 0..count {
        let query = generator.hostile();
        let as_resident = generator.rng.random_bool(0.5);
        let body = if generator.rng.random_bool(0.1) {
            // Variables of the wrong shape, beside the document.
            json!({ "query": query, "variables": ["not", "an", "object"] }).to_string()
        } else {
            json!({ "query": query }).to_string()
        };
        let mut request = app
            .client
            .post("/graphql")
            .content_type("application/json")
            .body(body);
        if as_resident {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = request.send().await;
        let status = response.0.status();
        let text = response.0.into_body().into_string().await.unwrap();
        let case = format!(
            "document {i} (seed {seed}): {}",
            query.chars().take(300).collect::<String>()
        );
        assert_clean(status, &text, &case);
        let answer: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if let Some(errors) = answer["errors"].as_array() {
            for error in errors {
                assert!(
                    error["extensions"]["code"].is_string(),
                    "{case}: an error without a code: {text}"
                );
            }
        }
        let after = fingerprint(&app, &tables).await;
        if status != StatusCode::OK || refused(&answer) {
            refusals += 1;
            assert_eq!(
                before, after,
                "{case}: a refused request changed the database: {text}"
            );
        }
        before = after;
    }
    eprintln!("refused {refusals} of {count}");
    assert!(
        refusals > count / 2,
        "most hostile documents are refused: {refusals}/{count}"
    );

    // Hostile form posts and URLs against the web pages.
    let paths = [
        "/solicitations/1/comments",
        "/contracts/1/follow",
        "/agenda-items/1/concerns",
        "/comments/1/delete",
        "/comments/1/report",
        "/sign-in",
        "/sign-up",
        "/language",
        "/my/alerts/new",
        "/staff/meetings/1/items",
        "/staff/registry/vendor/1/edit",
        "/moderation/comments/1",
        "/admin/users/1/role",
    ];
    for i in 0..(count / 10).max(50) {
        let path = *paths.choose(&mut generator.rng).unwrap();
        let mut form = Vec::new();
        for _ in 0..generator.rng.random_range(0..6) {
            let name = [
                "csrf_token",
                "body",
                "position",
                "email",
                "password",
                "reason",
                "lang",
                "x",
            ]
            .choose(&mut generator.rng)
            .unwrap()
            .to_string();
            form.push((name, generator.string()));
        }
        let encoded = serde_urlencoded::to_string(&form).unwrap();
        let response = app
            .client
            .post(path)
            .content_type("application/x-www-form-urlencoded")
            .header("x-forwarded-for", "198.51.100.66")
            .body(encoded)
            .send()
            .await;
        let status = response.0.status();
        let text = response.0.into_body().into_string().await.unwrap();
        assert_clean(status, &text, &format!("form {i} to {path}"));
        let after = fingerprint(&app, &tables).await;
        assert_eq!(
            before, after,
            "form {i} to {path} without a session changed the database"
        );
    }
    let urls = [
        "/solicitations/%00".to_owned(),
        "/solicitations/-1".to_owned(),
        "/solicitations/99999999999999999999999".to_owned(),
        "/contracts/abc".to_owned(),
        format!("/search?q={}", "%F0%9F%92%A9".repeat(2_000)),
        "/search?q=%ff%fe&page=-3".to_owned(),
        "/search?page=99999999999".to_owned(),
        "/static/..%2f..%2fCargo.toml".to_owned(),
        "/static/%2e%2e/%2e%2e/Cargo.toml".to_owned(),
        format!("/{}", "a/".repeat(500)),
        "/feeds/private/..%2f..%2f".to_owned(),
        "/unsubscribe/%27%20OR%201%3D1".to_owned(),
        "/ocds/releases/%3Cscript%3E.json".to_owned(),
        "/agenda-items/1/comments.csv?x=%0d%0aSet-Cookie:%20a=b".to_owned(),
        "/meetings/1?lang=%E2%80%AE".to_owned(),
    ];
    for url in &urls {
        let response = app.client.get(url).send().await;
        let status = response.0.status();
        assert!(
            response
                .0
                .headers()
                .get("set-cookie")
                .is_none_or(|c| !c.to_str().unwrap_or_default().contains("a=b")),
            "{url}: no header injection"
        );
        let text = response.0.into_body().into_string().await.unwrap();
        assert_clean(status, &text, url);
        assert!(
            !text.contains("[package]"),
            "{url}: no file outside the static folder"
        );
    }
    assert_eq!(before, fingerprint(&app, &tables).await);
}
