//! What happens to what people write, shown on the page: a comment the members' digest carried
//! says so (with a link to the copy they received) and its author gets one short mail; the
//! author edits their comment through the page's form; an item's timeline lists what happened.

use chrono::TimeDelta;
use contract_watch::domain::ids::NodeKind;
use contract_watch::services::official_digest::send_due;
use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::fixtures::registry;
use crate::helpers::{PASSWORD, TestApp, gid};
use crate::official_digest::mail_to;
use crate::on_both_databases;
use crate::participation::{FLAG, post};

on_both_databases!(
    a_comment_the_digest_carried_says_so_and_its_author_is_told_once,
    an_author_edits_their_comment_through_the_page,
    an_item_page_lists_what_happened_newest_first,
);

const REACHED: &str = "query($c: ID!) { node(id: $c) { ... on Comment { \
    reached { recipients quoted copyId meeting { id } body { name } } } } }";

async fn a_comment_the_digest_carried_says_so_and_its_author_is_told_once(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let (_, sam) = app
        .account("sam@example.org", UserRole::Resident, None)
        .await;
    let (_, tess) = app
        .account("tess@example.org", UserRole::Resident, None)
        .await;
    // Two members of the council are reached; the third has no address.
    crate::digest_choices::linked(
        &app,
        &admin,
        &[
            (r.officials[0], "ada@example.org"),
            (r.officials[1], "ben@example.org"),
        ],
    )
    .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let rosa_comment = post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "Keep the custodians in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    let hidden = post(
        &app,
        &tess,
        json!({ "s": contract, "b": "Something a moderator hid.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    app.data_as(
        &moderator,
        "mutation($c: ID!) { moderateComment(input: {commentId: $c, action: HIDE, reason: \"Insult\"}) { id } }",
        json!({ "c": hidden }),
    )
    .await;
    assert!(
        app.data(REACHED, json!({ "c": rosa_comment })).await["node"]["reached"].is_null(),
        "nothing has gone yet"
    );

    // The 7-day digest goes (the meeting is 3 days out): Rosa's comment was in it.
    assert_eq!(send_due(&app.state).await.unwrap(), 2);
    let told = mail_to(&app, "rosa@example.org", "comment_reach").await;
    assert_eq!(told.len(), 1, "one message to the author");
    let (subject, text) = &told[0];
    assert_eq!(
        subject,
        "Your Contract Watch comment reached the 2 members of the Council"
    );
    assert!(
        text.contains("Your comment was in the digest sent to the 2 members of the Council"),
        "{text}"
    );
    let reached = app.data(REACHED, json!({ "c": rosa_comment })).await["node"]["reached"].clone();
    assert_eq!(reached["recipients"], 2);
    assert_eq!(reached["quoted"], true, "the earliest comments are quoted");
    assert_eq!(reached["body"]["name"], "Council");
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    assert_eq!(reached["meeting"]["id"], meeting.as_str());
    // The link opens the copy the members received.
    let copies = app
        .data(
            "query($m: ID!) { meeting(id: $m) { sentDigests { copyId text } } }",
            json!({ "m": meeting }),
        )
        .await["meeting"]["sentDigests"]
        .clone();
    assert_eq!(copies[0]["copyId"], reached["copyId"]);
    let anchor = format!(
        "/meetings/{meeting}#digest-{}",
        reached["copyId"].as_str().unwrap()
    );
    assert!(text.contains(&anchor), "{text}");
    let browser = Browser::new(&app);
    let meeting_page = browser.get(&format!("/meetings/{meeting}")).await;
    assert_eq!(
        meeting_page
            .texts(&format!(
                "#digest-{} summary",
                reached["copyId"].as_str().unwrap()
            ))
            .len(),
        1,
        "the copy is on the meeting page"
    );
    // The comment says so on the item's page, with the link.
    let page = browser.get(&format!("/contracts/{contract}")).await;
    let notes = page.texts(".comment__reached");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("Quoted in the digest sent to the 2 members of the Council"),
        "{notes:?}"
    );
    assert_eq!(
        page.attr(".comment__reached a", "href").as_deref(),
        Some(anchor.as_str())
    );
    // The hidden comment's author hears nothing.
    assert!(
        mail_to(&app, "tess@example.org", "comment_reach")
            .await
            .is_empty()
    );

    // Sam comments after the first digest; the 2-day digest carries it. Rosa is not told again.
    post(
        &app,
        &sam,
        json!({ "s": contract, "b": "Publish the cost comparison first.", "p": "QUESTION" }),
    )
    .await
    .unwrap();
    assert_eq!(send_due(&app.state).await.unwrap(), 0, "nothing due yet");
    app.state
        .clock
        .advance(TimeDelta::days(1) + TimeDelta::minutes(1));
    assert_eq!(send_due(&app.state).await.unwrap(), 2);
    assert_eq!(
        send_due(&app.state).await.unwrap(),
        0,
        "a re-run sends nothing"
    );
    assert_eq!(
        mail_to(&app, "sam@example.org", "comment_reach")
            .await
            .len(),
        1
    );
    assert_eq!(
        mail_to(&app, "rosa@example.org", "comment_reach")
            .await
            .len(),
        1,
        "each comment is told once"
    );
}

async fn an_author_edits_their_comment_through_the_page(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    app.account("sam@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let comment = post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "Keep the custodians in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/contracts/{contract}");
    // Someone else's comment offers no edit link; its edit page and a forged post refuse.
    let edit = format!("/comments/{comment}/edit");
    let sam = Browser::new(&app);
    sam.sign_in("sam@example.org", PASSWORD).await;
    let page = sam.get(&path).await;
    assert!(page.attr(&format!("a[href^='{edit}']"), "href").is_none());
    let refused = sam.get(&edit).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused
            .text()
            .contains("You can only change your own comments")
    );
    let forged = sam
        .post(
            &edit,
            &[
                ("csrf_token", &page.csrf()),
                ("return_to", &path),
                ("body", "Sam's words in Rosa's mouth."),
            ],
        )
        .await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(
        body_now(&app, &comment).await["body"],
        "Keep the custodians in-house."
    );

    // The author finds the link on the item page; the form holds the text as written.
    let rosa_browser = Browser::new(&app);
    rosa_browser.sign_in("rosa@example.org", PASSWORD).await;
    let page = rosa_browser.get(&path).await;
    let link = page
        .attr(&format!("#comment-{comment} a[href^='{edit}']"), "href")
        .expect("an edit link on one's own comment");
    let form = rosa_browser.get(&link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.texts("h1"), vec!["Change your comment".to_owned()]);
    assert_eq!(
        form.texts("textarea#body"),
        vec!["Keep the custodians in-house.".to_owned()]
    );
    assert_eq!(
        form.attr("input[name=return_to]", "value").as_deref(),
        Some(path.as_str())
    );
    // An empty text is refused with the field named; nothing changes.
    let empty = rosa_browser
        .post(
            &edit,
            &[
                ("csrf_token", &form.csrf()),
                ("return_to", &path),
                ("body", "  "),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert_eq!(
        empty.attr(".error-summary a", "href").as_deref(),
        Some("#body")
    );
    assert_eq!(body_now(&app, &comment).await["edited"], false);
    // A stale token keeps what was typed and asks to submit again.
    let stale = rosa_browser
        .post(
            &edit,
            &[
                ("csrf_token", "stale"),
                ("return_to", &path),
                ("body", "Typed, not lost."),
            ],
        )
        .await;
    assert_eq!(
        stale.texts("textarea#body"),
        vec!["Typed, not lost.".to_owned()]
    );
    assert_eq!(body_now(&app, &comment).await["edited"], false);

    let saved = rosa_browser
        .post(
            &edit,
            &[
                ("csrf_token", &form.csrf()),
                ("return_to", &path),
                ("body", "Keep all 42 custodians in-house."),
            ],
        )
        .await;
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("{path}?done=edited#comment-{comment}").as_str())
    );
    let page = rosa_browser.follow(&saved).await;
    assert!(
        page.text().contains("Your comment is changed."),
        "{}",
        page.text()
    );
    let shown = page.texts(&format!("#comment-{comment} .comment__meta"));
    assert!(shown[0].contains("edited"), "{shown:?}");
    let now = body_now(&app, &comment).await;
    assert_eq!(now["body"], "Keep all 42 custodians in-house.");
    assert_eq!(now["edited"], true);
}

/// A comment's text as the API has it, and whether it is marked edited.
async fn body_now(app: &TestApp, comment: &str) -> serde_json::Value {
    app.data(
        "query($c: ID!) { node(id: $c) { ... on Comment { body edited } } }",
        json!({ "c": comment }),
    )
    .await["node"]
        .clone()
}

async fn an_item_page_lists_what_happened_newest_first(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, rosa) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let path = format!("/contracts/{contract}");
    let browser = Browser::new(&app);
    let page = browser.get(&path).await;
    assert!(
        page.text().contains("Nothing has happened to this yet"),
        "{}",
        page.text()
    );

    post(
        &app,
        &rosa,
        json!({ "s": contract, "b": "A comment is not a timeline event.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    app.state.clock.advance(TimeDelta::minutes(5));
    app.data_as(
        &rosa,
        FLAG,
        json!({ "s": contract, "c": "COST", "v": "HIGH", "m": "The price doubled", "d": "Two amendments." }),
    )
    .await;
    let page = browser.get(&path).await;
    let lines = page.texts(".timeline--events > li");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Concern flagged"), "{lines:?}");
    assert!(lines[0].contains("The price doubled"), "{lines:?}");

    // The API offers the same, and names a bad argument.
    let timeline = app
        .data(
            "query($c: ID!) { node(id: $c) { ... on Contract { timeline { kind headline } } } }",
            json!({ "c": contract }),
        )
        .await["node"]["timeline"]
        .clone();
    assert_eq!(timeline[0]["kind"], "CONCERN_ADDED");
    let (_, bad) = app
        .gql_as(
            None,
            "192.0.2.1",
            "query($c: ID!) { node(id: $c) { ... on Contract { timeline(first: 0) { kind } } } }",
            json!({ "c": contract }),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "first");
}
