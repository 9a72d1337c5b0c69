//! Live updates over WebSocket (`graphql-transport-ws` at `/graphql/ws`) against a real server on
//! a loopback port: a subscriber sees a comment arrive; on PostgreSQL, a comment posted through
//! one instance reaches a subscriber on another.

use std::sync::Arc;
use std::time::Duration;

use contract_watch::domain::ids::{GlobalId, NodeKind};
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use entity::enums::UserRole;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;

use crate::fixtures::registry;
use crate::helpers::{Backend, TestApp, postgres_url};
use crate::on_both_databases;
use crate::participation::post;

on_both_databases!(
    a_subscriber_sees_comments_and_concerns_arrive_over_websocket,
    hidden_comments_are_never_pushed,
);

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Serves `state` on a loopback port until the test ends; returns the port.
pub async fn serve(state: &AppState) -> u16 {
    let mut settings = (*state.settings).clone();
    settings.application.port = 0;
    let state = AppState {
        settings: Arc::new(settings),
        ..state.clone()
    };
    let app = Application::bind(state).await.unwrap();
    let port = app.port();
    tokio::spawn(app.run_until(std::future::pending()));
    port
}

/// Opens a `graphql-transport-ws` connection, initialised with `token` if given.
pub async fn connect(port: u16, token: Option<&str>) -> Socket {
    let mut request = format!("ws://127.0.0.1:{port}/graphql/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let payload = token.map_or(
        json!({}),
        |t| json!({ "authorization": format!("Bearer {t}") }),
    );
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    socket
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next protocol message (pings answered). Bounded so that a missing push fails the test
/// instead of hanging it.
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .expect("a message within 20 s")
            .unwrap()
            .unwrap();
        match message {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["type"] == "ping" {
                    send(socket, json!({ "type": "pong" })).await;
                    continue;
                }
                return value;
            }
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected message {other:?}"),
        }
    }
}

pub async fn subscribe(socket: &mut Socket, id: &str, query: &str, variables: Value) {
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }),
    )
    .await;
}

pub const COMMENTS: &str = "subscription($s: ID!) { commentAdded(subjectId: $s) { body position author { displayName } } }";
const CONCERNS: &str =
    "subscription($s: ID!) { concernUpdated(subjectId: $s) { summary endorsements } }";

async fn a_subscriber_sees_comments_and_concerns_arrive_over_websocket(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = GlobalId::new(NodeKind::Contract, r.custodial_contract).encode();
    let other = GlobalId::new(NodeKind::Contract, r.mowing_contract).encode();
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let port = serve(&app.state).await;
    app.state.events.listening().await;

    // An invalid token refuses the connection; none is anonymous.
    let mut request = format!("ws://127.0.0.1:{port}/graphql/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut refused, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    send(
        &mut refused,
        json!({ "type": "connection_init", "payload": { "authorization": "Bearer forged" } }),
    )
    .await;
    let closed = tokio::time::timeout(Duration::from_secs(20), refused.next())
        .await
        .unwrap();
    assert!(
        !matches!(&closed, Some(Ok(Message::Text(t))) if t.contains("connection_ack")),
        "a forged token must not be acknowledged: {closed:?}"
    );

    let mut socket = connect(port, None).await;
    subscribe(&mut socket, "comments", COMMENTS, json!({ "s": contract })).await;
    subscribe(&mut socket, "concerns", CONCERNS, json!({ "s": contract })).await;
    app.state.events.subscriptions_started(2).await;

    // A comment on another subject is not pushed; this one is.
    post(
        &app,
        &ana,
        json!({ "s": other, "b": "About mowing", "p": "NEUTRAL" }),
    )
    .await
    .unwrap();
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Keep it in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    let pushed = next(&mut socket).await;
    assert_eq!(pushed["type"], "next", "{pushed}");
    assert_eq!(pushed["id"], "comments");
    assert_eq!(
        pushed["payload"]["data"]["commentAdded"],
        json!({ "body": "Keep it in-house.", "position": "OPPOSE", "author": { "displayName": "ana" } })
    );
    app.data_as(&ana, "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: OUTSOURCING, severity: HIGH, summary: \"Jobs outsourced\"}) { id } }", json!({ "s": contract }))
        .await;
    let pushed = next(&mut socket).await;
    assert_eq!(pushed["id"], "concerns");
    assert_eq!(
        pushed["payload"]["data"]["concernUpdated"],
        json!({ "summary": "Jobs outsourced", "endorsements": 0 })
    );
    // The socket serves subscriptions only.
    subscribe(
        &mut socket,
        "query",
        "{ jurisdictions { totalCount } }",
        json!({}),
    )
    .await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["id"], "query", "{refused}");
    assert_eq!(refused["payload"]["data"], Value::Null);
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"],
        "BAD_REQUEST"
    );
    assert_eq!(
        next(&mut socket).await,
        json!({ "id": "query", "type": "complete" })
    );
    // A subscription to something that is not a subject is refused with a coded error.
    subscribe(
        &mut socket,
        "bad",
        COMMENTS,
        json!({ "s": GlobalId::new(NodeKind::Vendor, r.vendor).encode() }),
    )
    .await;
    let refused = next(&mut socket).await;
    assert_eq!(refused["id"], "bad");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{refused}"
    );
}

async fn hidden_comments_are_never_pushed(app: TestApp) {
    use contract_watch::events::{Event, EventKind};
    use entity::enums::SubjectType;
    let r = registry(&app.state.db.write).await;
    let contract = GlobalId::new(NodeKind::Contract, r.custodial_contract).encode();
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    let port = serve(&app.state).await;
    app.state.events.listening().await;
    let hidden = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Hidden before anyone saw it", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(&moderator, "mutation($c: ID!) { moderateComment(input: {commentId: $c, action: HIDE, reason: \"Abuse\"}) { id } }", json!({ "c": hidden }))
        .await;

    let mut resident = connect(port, Some(&ana)).await;
    let mut moderating = connect(port, Some(&moderator)).await;
    subscribe(&mut resident, "1", COMMENTS, json!({ "s": contract })).await;
    subscribe(&mut moderating, "1", COMMENTS, json!({ "s": contract })).await;
    app.state.events.subscriptions_started(2).await;

    // The event for the hidden comment arrives first (as if it was hidden while in flight), then
    // a visible one: residents get only the visible one; moderators get both.
    let subject = (SubjectType::Contract, r.custodial_contract);
    let hidden_id = GlobalId::parse_as(&hidden, NodeKind::Comment, "id").unwrap();
    app.state
        .events
        .publish(Event::new(EventKind::CommentAdded, subject, hidden_id))
        .await;
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Visible", "p": "SUPPORT" }),
    )
    .await
    .unwrap();
    let first = next(&mut resident).await;
    assert_eq!(
        first["payload"]["data"]["commentAdded"]["body"], "Visible",
        "{first}"
    );
    let first = next(&mut moderating).await;
    assert_eq!(
        first["payload"]["data"]["commentAdded"]["body"],
        "Hidden before anyone saw it"
    );
    let second = next(&mut moderating).await;
    assert_eq!(second["payload"]["data"]["commentAdded"]["body"], "Visible");
}

/// PostgreSQL only: two instances on one database, as in production.
#[tokio::test]
async fn a_comment_posted_on_one_instance_reaches_a_subscriber_on_another() {
    if postgres_url().is_none() {
        eprintln!("CW_TEST_POSTGRES_URL not set: the two-instance test needs PostgreSQL");
        return;
    }
    let a = TestApp::spawn_with(Backend::Postgres, &[]).await;
    let r = registry(&a.state.db.write).await;
    let contract = GlobalId::new(NodeKind::Contract, r.custodial_contract).encode();
    let (_, ana) = a.account("ana@example.org", UserRole::Resident, None).await;
    // Instance B: its own pools and its own listener, on the same database and schema.
    let b = AppState::build((*a.state.settings).clone(), a.state.clock.clone())
        .await
        .unwrap();
    let port_b = serve(&b).await;
    b.events.listening().await;
    let mut socket = connect(port_b, Some(&ana)).await;
    subscribe(&mut socket, "1", COMMENTS, json!({ "s": contract })).await;
    b.events.subscriptions_started(1).await;

    // Posted through instance A (its in-process router), received on B.
    post(
        &a,
        &ana,
        json!({ "s": contract, "b": "Posted on A", "p": "SUPPORT" }),
    )
    .await
    .unwrap();
    let pushed = next(&mut socket).await;
    assert_eq!(
        pushed["payload"]["data"]["commentAdded"]["body"], "Posted on A",
        "{pushed}"
    );
}
