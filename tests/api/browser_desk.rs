//! The work pages in real Chromium (see `browser_tier`): the clerk's side of journey 3 with
//! JavaScript off (a meeting created, two agenda items, one linked through its suggestion, the
//! members' digests scheduled, previewed and sent, the roll call and the outcome on the public
//! page); the moderators' side of journey 5 and an admin verifying a union and linking an
//! official, also with JavaScript off; and axe, the keyboard pass and 320 px on every work page
//! in each of its states. Background jobs are run by the test, never waited for.

use contract_watch::domain::ids::NodeKind;
use contract_watch::services::official_digest::send_due;
use entity::enums::UserRole;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser_tier::{
    app_and_server, browser, check_page, click, click_css, fill, sign_in, sign_out, submit, text,
};
use crate::helpers::{TestApp, gid, test_now};
use crate::participation::post;

/// Links Ada and Ben (the two members seated on the council) to accounts, so both receive
/// digests, and makes an admin and Testville's clerk.
async fn desk_accounts(app: &TestApp, r: &crate::fixtures::Registry) -> String {
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    app.account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    crate::digest_choices::linked(
        app,
        &admin,
        &[
            (r.officials[0], "ada@example.org"),
            (r.officials[1], "ben@example.org"),
        ],
    )
    .await;
    admin
}

/// Chooses `value` in the select `id`.
async fn choose(client: &Client, id: &str, value: &str) {
    click(
        client,
        Locator::Css(&format!("#{id} option[value='{value}']")),
    )
    .await;
}

/// Types a local day and time into the `datetime-local` field `id` the way a person does in
/// Chromium's English field: month, day, year, then the time.
async fn type_local_time(
    client: &Client,
    id: &str,
    (month, day, year): (u32, u32, i32),
    time: &str,
) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field
        .send_keys(&format!("{month:02}{day:02}{year}\u{E004}{time}"))
        .await
        .unwrap();
}

/// The digest lines of the meeting desk shown: (member, lead days, state).
async fn digest_states(client: &Client) -> Vec<(String, String, String)> {
    let mut lines = Vec::new();
    for row in client
        .find_all(Locator::Css("table[data-digests] tbody tr"))
        .await
        .unwrap()
    {
        let name = row
            .find(Locator::Css("td"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lead = row.attr("data-lead").await.unwrap().unwrap();
        let state = row.attr("data-state").await.unwrap().unwrap();
        lines.push((name, lead, state));
    }
    lines
}

#[tokio::test]
async fn a_clerk_runs_journey_three_with_javascript_off() {
    let Some((_driver, client)) = browser(false).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    desk_accounts(&app, &r).await;
    sign_in(&client, &base, "clerk@example.org").await;

    // From the header to a new meeting, five days out at 18:30 New York time.
    click_css(&client, ".site-nav a[href='/staff']").await;
    assert!(text(&client).await.contains("Staff desk: Testville"));
    click_css(&client, "main a[href='/staff/meetings/new']").await;
    let day = (test_now() + chrono::TimeDelta::days(5)).date_naive();
    use chrono::Datelike as _;
    type_local_time(
        &client,
        "startsAt",
        (day.month(), day.day(), day.year()),
        "0630P",
    )
    .await;
    fill(&client, "location", "Council Chambers").await;
    submit(&client, "/staff/meetings/new").await;
    let page = text(&client).await;
    assert!(page.contains("The meeting is added"), "{page}");
    let meeting_url = client.current_url().await.unwrap();
    let meeting = meeting_url
        .path_segments()
        .unwrap()
        .nth(2)
        .unwrap()
        .to_owned();
    let api = app
        .data(
            "query($m: ID!) { meeting(id: $m) { startsAt } }",
            json!({ "m": meeting }),
        )
        .await;
    assert_eq!(api["meeting"]["startsAt"], format!("{day}T22:30:00+00:00"));

    // Both members' digests are scheduled, for each lead time.
    let lines = digest_states(&client).await;
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines.iter().all(|(_, _, s)| s == "SCHEDULED"), "{lines:?}");

    // Item 1: its contract found with the picker.
    fill(&client, "itemNumber", "4").await;
    fill(&client, "title", "Custodial services renewal, Acme").await;
    choose(&client, "action", "RENEWAL").await;
    fill(&client, "find_text", "custodial").await;
    click_css(&client, "button[name=find]").await;
    let custodial = gid(NodeKind::Contract, r.custodial_contract);
    click(
        &client,
        Locator::Css(&format!("input[name=subject][value='{custodial}']")),
    )
    .await;
    click_css(&client, "form[action$='/items'] button:not([name])").await;
    assert!(text(&client).await.contains("The item is added"));

    // Item 2, entered without a link, then linked through its suggestion.
    fill(&client, "itemNumber", "5").await;
    fill(
        &client,
        "title",
        "Amendment to C-Custodial Services with Acme Services",
    )
    .await;
    choose(&client, "action", "AMENDMENT").await;
    click_css(&client, "form[action$='/items'] button:not([name])").await;
    let page = text(&client).await;
    assert!(page.contains("Not linked yet"), "{page}");
    submit(&client, "/link").await;
    let page = text(&client).await;
    assert!(page.contains("The item is linked"), "{page}");
    assert!(!page.contains("Not linked yet"), "{page}");

    // Ada's 7-day digest, previewed.
    let ada = gid(NodeKind::Official, r.officials[0]);
    click_css(&client, &format!("a[href$='/digests/{ada}/7']")).await;
    let preview = text(&client).await;
    assert!(preview.contains("Digest for Ada Alder"), "{preview}");
    assert!(
        preview.contains("Custodial services renewal, Acme"),
        "{preview}"
    );
    let subject = client
        .find(Locator::Css("[data-subject]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    click_css(&client, "main a[href^='/staff/meetings/']").await;

    // The worker runs (the 7-day moment has passed): the desk then says sent.
    send_due(&app.state).await.unwrap();
    let sender = std::sync::Arc::new(contract_watch::email::InMemorySender::new(
        contract_watch::email::Composer::from_settings(&app.state.settings.email).unwrap(),
    ));
    contract_watch::outbox::worker::Worker::with_sender(&app.state, sender.clone())
        .drain()
        .await
        .unwrap();
    client.refresh().await.unwrap();
    let lines = digest_states(&client).await;
    assert!(
        lines
            .iter()
            .filter(|(_, lead, _)| lead == "7")
            .all(|(_, _, s)| s == "SENT"),
        "{lines:?}"
    );
    assert!(
        sender
            .sent()
            .iter()
            .any(|m| m.email.to == "ada@example.org" && m.email.subject == subject),
        "what was previewed was sent"
    );

    // The roll call for item 1: a row per seated member.
    click_css(&client, "a[href$='/roll-call']").await;
    let ben = gid(NodeKind::Official, r.officials[1]);
    choose(&client, "outcome", "APPROVED").await;
    click(&client, Locator::Id(&format!("vote-{ada}-yes"))).await;
    submit(&client, "/roll-call").await;
    let page = text(&client).await;
    assert!(
        page.contains("no vote recorded for Ben Birch"),
        "refused by name: {page}"
    );
    click(&client, Locator::Id(&format!("vote-{ben}-no"))).await;
    submit(&client, "/roll-call").await;
    assert!(text(&client).await.contains("The roll call is recorded"));

    // The public meeting page shows the outcome.
    click_css(&client, "a[href^='/meetings/']").await;
    let public = text(&client).await;
    assert!(public.contains("Approved"), "{public}");
    assert!(
        public.contains("Yes 1, no 1, abstained 0, absent 0"),
        "{public}"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_moderator_reviews_a_hidden_comment_with_javascript_off() {
    let Some((_driver, client)) = browser(false).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    app.account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, author) = app
        .account("author@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let comment = post(
        &app,
        &author,
        json!({ "s": contract, "b": "Everyone on the council is a crook.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Three people report it: it is hidden pending review.
    for reporter in ["ana", "ben", "cai"] {
        let (_, token) = app
            .account(&format!("{reporter}@example.org"), UserRole::Resident, None)
            .await;
        app.data_as(&token, "mutation($c: ID!) { reportComment(input: {commentId: $c, reason: ABUSE, details: \"Name-calling\"}) }", json!({ "c": comment }))
            .await;
    }

    sign_in(&client, &base, "mod@example.org").await;
    click_css(&client, ".site-nav a[href='/moderation']").await;
    let queue = text(&client).await;
    assert!(queue.contains("Reported by 3 people"), "{queue}");
    assert!(
        queue.contains("Abuse or harassment: Name-calling"),
        "{queue}"
    );
    assert!(!queue.contains("ana@example.org") && !queue.contains("Account (ana)"));
    // No reason: refused, nothing changes.
    click(&client, Locator::Id(&format!("decision-{comment}-remove"))).await;
    submit(&client, &format!("/moderation/comments/{comment}")).await;
    assert!(text(&client).await.contains("Give the reason"));
    click(&client, Locator::Id(&format!("decision-{comment}-remove"))).await;
    fill(
        &client,
        &format!("reason-{comment}"),
        "Personal attack on council members",
    )
    .await;
    submit(&client, &format!("/moderation/comments/{comment}")).await;
    assert!(text(&client).await.contains("The comment is removed"));
    client
        .goto(&format!("{base}/moderation-log"))
        .await
        .unwrap();
    let log = text(&client).await;
    assert!(log.contains("Personal attack on council members"), "{log}");
    client
        .goto(&format!("{base}/contracts/{contract}"))
        .await
        .unwrap();
    sign_out(&client).await;
    client
        .goto(&format!("{base}/contracts/{contract}"))
        .await
        .unwrap();
    assert!(
        !text(&client)
            .await
            .contains("Everyone on the council is a crook.")
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_admin_verifies_a_union_and_links_an_official_with_javascript_off() {
    let Some((_driver, client)) = browser(false).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    app.account("admin@example.org", UserRole::Admin, None)
        .await;
    app.account("ben@example.org", UserRole::Resident, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let org = app
        .data_as(&rep, "mutation { createOrganization(input: {name: \"Library Workers Local 88\", kind: UNION_LOCAL, description: \"\"}) { id } }", json!({}))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    sign_in(&client, &base, "admin@example.org").await;
    click_css(&client, ".site-nav a[href='/admin']").await;
    // Verify the union, saying how it was checked.
    fill(
        &client,
        &format!("verify-reason-{org}"),
        "Charter and officers checked",
    )
    .await;
    submit(&client, &format!("/admin/organizations/{org}/verify")).await;
    assert!(text(&client).await.contains("The organisation is verified"));
    client
        .goto(&format!("{base}/organizations/{org}"))
        .await
        .unwrap();
    assert!(text(&client).await.contains("Verified"));

    // Find Ben's account and link it to his official record.
    click_css(&client, ".site-nav a[href='/admin']").await;
    fill(&client, "email", "ben@example.org").await;
    click_css(&client, "form[role=search] button").await;
    let ben = gid(NodeKind::Official, r.officials[1]);
    choose(&client, "officialId", &ben).await;
    fill(
        &client,
        "officialReason",
        "Identity checked at the clerk's office",
    )
    .await;
    submit(&client, "/official").await;
    let page = text(&client).await;
    assert!(page.contains("The link is saved"), "{page}");
    assert!(
        page.contains("Ben Birch, Council Member (Testville)"),
        "{page}"
    );
    sign_out(&client).await;

    // Ben now has his desk.
    sign_in(&client, &base, "ben@example.org").await;
    click_css(&client, ".site-nav a[href='/my/official']").await;
    assert!(text(&client).await.contains("Ben Birch: your desk"));
    client.close().await.unwrap();
}

#[tokio::test]
async fn every_work_page_passes_axe_the_keyboard_pass_and_320px_in_each_state() {
    let Some((_driver, client)) = browser(true).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    desk_accounts(&app, &r).await;
    app.account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (author_id, author) = app
        .account("author@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let comment = post(
        &app,
        &author,
        json!({ "s": contract, "b": "Reported comment", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(&author, "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: COST, severity: HIGH, summary: \"Costs doubled\"}) { id } }", json!({ "s": contract })).await;
    let (_, reporter) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    app.data_as(
        &reporter,
        "mutation($c: ID!) { reportComment(input: {commentId: $c, reason: SPAM}) }",
        json!({ "c": comment }),
    )
    .await;
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
    let ada = gid(NodeKind::Official, r.officials[0]);

    // The clerk's pages, and a refused form on each that has one.
    sign_in(&client, &base, "clerk@example.org").await;
    for path in [
        "/staff".to_owned(),
        "/staff/meetings/new".to_owned(),
        format!("/staff/meetings/{meeting}"),
        format!("/staff/meetings/{meeting}/digests/{ada}/7"),
        format!("/staff/agenda-items/{item}/roll-call"),
        "/staff/concerns".to_owned(),
        "/staff/audit".to_owned(),
        "/staff/registry".to_owned(),
        "/staff/registry?q=custodial".to_owned(),
        format!("/staff/registry/contracts/{contract}"),
        format!(
            "/staff/registry/solicitations/{}",
            gid(NodeKind::Solicitation, r.custodial)
        ),
        format!("/staff/registry/officials/{ada}"),
        format!(
            "/staff/registry/vendors/{}",
            gid(NodeKind::Vendor, r.vendor)
        ),
        format!(
            "/staff/registry/agencies/{}",
            gid(NodeKind::Agency, r.library)
        ),
        format!("/staff/registry/bodies/{}", gid(NodeKind::Body, r.council)),
        "/staff/registry/contracts/new".to_owned(),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &path).await;
    }
    client
        .goto(&format!("{base}/staff/meetings/new"))
        .await
        .unwrap();
    submit(&client, "/staff/meetings/new").await;
    check_page(&client, "new meeting (refused)").await;
    client
        .goto(&format!("{base}/staff/meetings/{meeting}"))
        .await
        .unwrap();
    fill(&client, "find_text", "custodial").await;
    click_css(&client, "button[name=find]").await;
    check_page(&client, "meeting desk (picker results)").await;
    client
        .goto(&format!("{base}/staff/agenda-items/{item}/roll-call"))
        .await
        .unwrap();
    submit(&client, "/roll-call").await;
    check_page(&client, "roll call (refused)").await;
    client
        .goto(&format!("{base}/staff/registry/contracts/new"))
        .await
        .unwrap();
    fill(&client, "vendorId-find", "acme").await;
    click_css(&client, "button[name=find][value=vendorId]").await;
    check_page(&client, "new contract (vendor picker)").await;
    click_css(&client, "form button.button:not([name])").await;
    check_page(&client, "new contract (refused)").await;
    client
        .goto(&format!("{base}/staff/concerns"))
        .await
        .unwrap();
    click_css(&client, "[data-concern] form button").await;
    check_page(&client, "concerns (refused answer)").await;
    // The import page: refused without a file, then a checked file's report, then applied.
    client.goto(&format!("{base}/staff/import")).await.unwrap();
    check_page(&client, "/staff/import").await;
    submit(&client, "/staff/import").await;
    check_page(&client, "import (refused)").await;
    let package = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocds/fictional/ocds-213czf-000-00001-05-contract.json");
    client
        .find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(package.to_str().unwrap())
        .await
        .unwrap();
    submit(&client, "/staff/import").await;
    assert!(text(&client).await.contains("What importing it would do"));
    check_page(&client, "import run (checked)").await;
    submit(&client, "/apply").await;
    assert!(text(&client).await.contains("What the import did"));
    check_page(&client, "import run (applied)").await;
    client.goto(&format!("{base}/staff/import")).await.unwrap();
    check_page(&client, "/staff/import (history)").await;
    client.goto(&format!("{base}/moderation")).await.unwrap();
    check_page(&client, "forbidden page").await;
    sign_out(&client).await;

    // The official's desk.
    sign_in(&client, &base, "ada@example.org").await;
    for path in [
        "/my/official".to_owned(),
        format!("/my/official/meetings/{meeting}/digests/7"),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &path).await;
    }
    sign_out(&client).await;

    // The moderator's.
    sign_in(&client, &base, "mod@example.org").await;
    for path in [
        "/moderation".to_owned(),
        format!("/moderation/authors/{}", gid(NodeKind::User, author_id)),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &path).await;
    }
    client.goto(&format!("{base}/moderation")).await.unwrap();
    submit(&client, &format!("/moderation/comments/{comment}")).await;
    check_page(&client, "moderation (refused decision)").await;
    sign_out(&client).await;

    // The admin's.
    sign_in(&client, &base, "admin@example.org").await;
    for path in [
        "/admin",
        "/admin?email=ada%40example.org",
        "/admin?email=nobody",
        "/admin/audit",
        "/staff",
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, path).await;
    }
    client.close().await.unwrap();
}
