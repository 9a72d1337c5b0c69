//! The browser tier: real Chromium (Debian's `chromium` and `chromium-driver`) against the real
//! server on loopback. axe-core (WCAG 2.2 AA tags) on every page in its states, a keyboard
//! pass, no horizontal scroll at 320 px, and a resident's journey with JavaScript off and on.
//!
//! Without a chromedriver the tier is skipped and says why; with `CW_BROWSER_TESTS=required`
//! (CI sets it) a missing browser fails the run. Runs on SQLite: the pages are the same on both
//! databases, which the router tier already checks.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use contract_watch::domain::ids::NodeKind;
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::fixtures::{Registry, registry};
use crate::helpers::{Backend, PASSWORD, TestApp, gid, link_token};
use crate::live::serve;

/// axe-core 4.14.1 (MPL-2.0, Deque Systems), unmodified; see `tests/browser/README.md`.
const AXE: &str = include_str!("../browser/axe.min.js");
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

fn found(candidates: &[&str], env: &str) -> Option<PathBuf> {
    std::env::var_os(env)
        .map(PathBuf::from)
        .into_iter()
        .chain(candidates.iter().map(PathBuf::from))
        .find(|path| path.is_file())
}

/// A chromedriver process, ended when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The browser and its driver, or `None` (said on stderr) when this machine has none.
async fn browser(javascript: bool) -> Option<(Driver, Client)> {
    let required = std::env::var("CW_BROWSER_TESTS").is_ok_and(|v| v == "required");
    let driver = found(
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        "CW_CHROMEDRIVER",
    );
    let chromium = found(
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        "CW_CHROMIUM",
    );
    let (Some(driver), Some(chromium)) = (driver, chromium) else {
        assert!(
            !required,
            "CW_BROWSER_TESTS=required, but chromium or chromedriver is missing"
        );
        eprintln!(
            "browser tier skipped: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    let mut prefs = json!({});
    if !javascript {
        prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let profile = tempfile::tempdir().unwrap();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.keep().display()),
            ],
            "prefs": prefs,
        }
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    // The driver takes a moment to listen; try for up to ten seconds.
    for _ in 0..100 {
        if let Ok(client) = ClientBuilder::new(connector.clone())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            return Some((driver, client));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

/// axe's WCAG 2.2 AA violations on the current page, as "rule: selectors".
async fn axe_violations(client: &Client) -> Vec<String> {
    client.execute(AXE, vec![]).await.unwrap();
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![json!(AXE_TAGS)],
        )
        .await
        .unwrap();
    serde_json::from_value(result).unwrap()
}

/// No horizontal scrolling at a 320 px wide viewport (WCAG 1.4.10).
async fn assert_reflows_at_320(client: &Client, what: &str) {
    client.set_window_size(320, 800).await.unwrap();
    let overflow = client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .unwrap();
    client.set_window_size(1280, 900).await.unwrap();
    let (scroll, width) = (overflow[0].as_i64().unwrap(), overflow[1].as_i64().unwrap());
    assert!(
        scroll <= width,
        "{what}: {scroll}px wide content in a {width}px viewport"
    );
}

/// Tabs through the page: focus moves every time, onto a visible element with a visible focus
/// indicator, and is never trapped (it reaches the end, or comes back round, within 200 steps).
async fn assert_keyboard_pass(client: &Client, what: &str) {
    client
        .execute(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
            vec![],
        )
        .await
        .unwrap();
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let tab = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: '\u{E004}' })
            .then(KeyAction::Up { value: '\u{E004}' });
        client.perform_actions(tab).await.unwrap();
        let focus = client
            .execute(
                "const e = document.activeElement;
                 if (!e || e === document.body) return null;
                 const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                 const path = []; for (let n = e; n && n !== document; n = n.parentNode) path.unshift(n.tagName + ':' + Array.prototype.indexOf.call(n.parentNode ? n.parentNode.children : [], n));
                 return { path: path.join('/'), ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none',
                          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight, tag: e.tagName, text: (e.innerText || e.value || '').slice(0, 40) };",
                vec![],
            )
            .await
            .unwrap();
        if focus.is_null() {
            // Past the last element: focus left the document, so nothing trapped it.
            assert!(
                seen.len() >= 3,
                "{what}: only {} focusable elements",
                seen.len()
            );
            return;
        }
        let path = focus["path"].as_str().unwrap().to_owned();
        if seen.first() == Some(&path) {
            return;
        }
        assert!(!seen.contains(&path), "{what}: focus is trapped at {focus}");
        assert!(
            focus["ring"] == true,
            "{what}: no visible focus ring on {focus}"
        );
        assert!(
            focus["visible"] == true,
            "{what}: focused element is hidden: {focus}"
        );
        seen.push(path);
    }
    panic!("{what}: more than 200 tab stops");
}

async fn check_page(client: &Client, what: &str) {
    let violations = axe_violations(client).await;
    assert!(violations.is_empty(), "{what}: axe found {violations:#?}");
    assert_keyboard_pass(client, what).await;
    assert_reflows_at_320(client, what).await;
}

async fn text(client: &Client) -> String {
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn fill(client: &Client, id: &str, value: &str) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Clicks `element` and waits until the page it leads to has replaced this one.
async fn click_and_load(client: &Client, element: Element) {
    let old = client.find(Locator::Css("html")).await.unwrap();
    element.click().await.unwrap();
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            client
                .wait()
                .for_element(Locator::Css("main"))
                .await
                .unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the click did not load a page");
}

async fn click_css(client: &Client, css: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap();
    click_and_load(client, element).await;
}

async fn submit(client: &Client, form_action_ends: &str) {
    click_css(
        client,
        &format!("form[action$='{form_action_ends}'] button[type=submit]"),
    )
    .await;
}

async fn sign_up_and_in(client: &Client, app: &TestApp, base: &str, email: &str) {
    client.goto(&format!("{base}/sign-up")).await.unwrap();
    fill(client, "displayName", "Rosa").await;
    fill(client, "email", email).await;
    fill(client, "password", PASSWORD).await;
    submit(client, "/sign-up").await;
    assert!(text(client).await.contains("Check your email"));
    let (_, mail) = app.last_mail_to(email).await.unwrap();
    let token = link_token(&mail, "/verify-email/");
    client
        .goto(&format!("{base}/verify-email/{token}"))
        .await
        .unwrap();
    click_css(client, "form button").await;
    // Confirming the address signs the person in.
    assert!(
        text(client)
            .await
            .contains("Your address is confirmed and you are signed in")
    );
    client.goto(&format!("{base}/")).await.unwrap();
    assert!(
        text(client).await.contains("Account (Rosa)"),
        "{}",
        text(client).await
    );
}

async fn app_and_server() -> (TestApp, Registry, String) {
    let app = TestApp::spawn_with(Backend::Sqlite, &[]).await;
    let r = registry(&app.state.db.write).await;
    let port = serve(&app.state).await;
    (app, r, format!("http://127.0.0.1:{port}"))
}

#[tokio::test]
async fn every_page_passes_axe_the_keyboard_pass_and_320px_in_each_state() {
    let Some((_driver, client)) = browser(true).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let contract = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let pages = [
        "/".to_owned(),
        format!(
            "/solicitations/{}",
            gid(NodeKind::Solicitation, r.custodial)
        ),
        contract.clone(),
        format!(
            "/agenda-items/{}",
            gid(NodeKind::AgendaItem, r.renewal_item)
        ),
        format!("/meetings/{}", gid(NodeKind::Meeting, r.upcoming_meeting)),
        format!("/meetings/{}", gid(NodeKind::Meeting, r.past_meeting)),
        "/search".to_owned(),
        "/search?q=custod".to_owned(),
        "/search?q=nothing-matches-this".to_owned(),
        "/sign-in".to_owned(),
        "/sign-up".to_owned(),
        "/no-such-page".to_owned(),
        format!("/bodies/{}", gid(NodeKind::Body, r.council)),
        format!("/officials/{}", gid(NodeKind::Official, r.officials[0])),
        format!("/agencies/{}", gid(NodeKind::Agency, r.parks)),
        format!("/vendors/{}", gid(NodeKind::Vendor, r.vendor)),
        "/moderation-log".to_owned(),
    ];
    // axe itself catches what it looks for: here, an image without a text alternative.
    client.goto(&format!("{base}/")).await.unwrap();
    client
        .execute("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">');", vec![])
        .await
        .unwrap();
    let caught = axe_violations(&client).await;
    assert!(
        caught.iter().any(|v| v.starts_with("image-alt")),
        "{caught:?}"
    );
    // Anonymous, empty states.
    for path in &pages {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &format!("{path} (anonymous)")).await;
    }
    // A form error: signing up with nothing filled in.
    client.goto(&format!("{base}/sign-up")).await.unwrap();
    submit(&client, "/sign-up").await;
    check_page(&client, "/sign-up (errors)").await;
    // Signed in, with a form error, then after the main interaction (a posted comment).
    sign_up_and_in(&client, &app, &base, "rosa@example.org").await;
    for path in &pages {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &format!("{path} (signed in)")).await;
    }
    client.goto(&format!("{base}{contract}")).await.unwrap();
    submit(&client, "/comments").await;
    assert!(text(&client).await.contains("There is a problem"));
    check_page(&client, "contract (comment error)").await;
    client
        .find(Locator::Id("position-oppose"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&client, "body", "Keep this work in house.").await;
    click_css(&client, "form[action$='/comments'] button.button").await;
    assert!(text(&client).await.contains("Your comment is posted."));
    check_page(&client, "contract (after commenting)").await;
    client.close().await.unwrap();
}

/// Journeys 1 and 2 from the resident's side: sign up, verify, find by search, follow,
/// comment with a position, flag a concern, see the tally.
async fn resident_journey(javascript: bool) {
    let Some((_driver, client)) = browser(javascript).await else {
        return;
    };
    let (app, _r, base) = app_and_server().await;
    sign_up_and_in(&client, &app, &base, "res@example.org").await;
    client.goto(&format!("{base}/")).await.unwrap();
    fill(&client, "q", "custod").await;
    click_css(&client, "form[action='/search'] button").await;
    let result = client
        .find(Locator::XPath(
            "//a[contains(@href, '/contracts/') and normalize-space()='Custodial Services']",
        ))
        .await
        .unwrap();
    click_and_load(&client, result).await;
    client
        .find(Locator::Id("delivery-weekly"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let follow = client
        .find(Locator::Css("form[action$='/follow'] button"))
        .await
        .unwrap();
    if javascript {
        // Enhanced: the form is replaced in place, without a page load.
        follow.click().await.unwrap();
    } else {
        click_and_load(&client, follow).await;
    }
    // With JavaScript the follow form is replaced in place; without, the page reloads.
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//p[starts-with(normalize-space(), 'You follow this')]",
        ))
        .await
        .unwrap();
    client
        .find(Locator::Id("position-oppose"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&client, "body", "Outsourcing this cuts 42 public jobs.").await;
    click_css(&client, "form[action$='/comments'] button.button").await;
    let page = text(&client).await;
    assert!(
        page.contains("Your comment is posted.")
            && page.contains("Outsourcing this cuts 42 public jobs."),
        "{page}"
    );
    client
        .find(Locator::XPath(
            "//summary[normalize-space()='Flag a concern']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&client, "summary", "No labour standards in the renewal").await;
    submit(&client, "/concerns").await;
    let page = text(&client).await;
    assert!(
        page.contains("Your concern is flagged.")
            && page.contains("No labour standards in the renewal"),
        "{page}"
    );
    let tally = client
        .find(Locator::Css("table.tally tbody"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(tally.contains("Oppose") && tally.contains('1'), "{tally}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_resident_journey_works_with_javascript_off() {
    resident_journey(false).await;
}

#[tokio::test]
async fn a_resident_journey_works_with_javascript_on() {
    resident_journey(true).await;
}

/// With JavaScript on, a comment posted elsewhere appears on an open item page and is announced
/// in the polite live region; an endorsement updates the concern's count.
#[tokio::test]
async fn new_comments_and_endorsements_arrive_live_and_are_announced() {
    let Some((_driver, client)) = browser(true).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let subject = gid(NodeKind::Contract, r.custodial_contract);
    let (_, token) = app
        .account("union@example.org", entity::enums::UserRole::Resident, None)
        .await;
    let concern = app
        .data_as(
            &token,
            "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: WORKER_RIGHTS, severity: HIGH, summary: \"No living wage\"}) { id } }",
            json!({ "s": subject }),
        )
        .await["flagConcern"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    client
        .goto(&format!("{base}/contracts/{subject}"))
        .await
        .unwrap();
    // The script subscribes once the socket is acknowledged; wait for it before posting.
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-live-subject][data-live-connected]"))
        .await
        .unwrap();
    let comment = app
        .data_as(
            &token,
            "mutation($s: ID!) { postComment(input: {subjectId: $s, body: \"Arrives live\", position: OPPOSE}) { id } }",
            json!({ "s": subject }),
        )
        .await["postComment"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let arrived = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id(&format!("comment-{comment}")))
        .await
        .unwrap();
    assert!(arrived.text().await.unwrap().contains("Arrives live"));
    let (_, other) = app
        .account(
            "second@example.org",
            entity::enums::UserRole::Resident,
            None,
        )
        .await;
    app.data_as(
        &other,
        "mutation($c: ID!) { endorseConcern(concernId: $c) { id } }",
        json!({ "c": concern }),
    )
    .await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(&format!(
            "//li[@id='concern-{concern}']//*[@data-endorsements and normalize-space()='1']"
        )))
        .await
        .unwrap();
    // Both were announced in the polite live region (the script gathers announcements for a
    // moment so none is lost).
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//*[@data-live-status][contains(., 'Concern updated: No living wage, 1 endorsements')]",
        ))
        .await
        .unwrap();
    client.close().await.unwrap();
}
