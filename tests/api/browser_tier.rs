//! The browser tier: real Chromium (Debian's `chromium` and `chromium-driver`) against the real
//! server on loopback. It covers:
//!
//! - **every page in its states**: axe-core (WCAG 2.2 AA tags), a keyboard pass and no horizontal
//!   scroll at 320 px, anonymous, signed in, with a form error and after commenting; and the item
//!   pages after each journey's main interaction (a representative speaking for a union, a
//!   resident's endorsement, a recorded roll call);
//! - **the journeys, each with JavaScript off and on**: a resident's (sign up, verify, find by
//!   search, follow, comment with a position, flag a concern, the tally); a union
//!   representative's (comment and concern in the union's name, counted under organisations, then
//!   a resident endorses the union's concern); and after the vote (a resident follows, staff
//!   record the roll call through the API, the alert jobs run, the outcome mail's link opens the
//!   item with each seated official's vote beside the community tally);
//! - **live updates** with JavaScript on: a comment and an endorsement made elsewhere arrive on
//!   an open item page and are announced in the polite live region;
//! - **journey 5 from the residents' side**: three reports from the comment's page hide it
//!   pending review, and the public moderation log says so (JS off and on);
//! - **the README screenshots**: the contract page (1280×1000) and the home page on a phone
//!   (390×844), written to `target/screenshots/` on every run and to `docs/screenshots/` with
//!   `CW_UPDATE_SCREENSHOTS=1`.
//!
//! Without a chromedriver the tier is skipped and says why; with `CW_BROWSER_TESTS=required`
//! (CI sets it) a missing browser fails the run. Runs on SQLite: the pages are the same on both
//! databases, which the router tier already checks. Background jobs are never waited for: a test
//! runs them itself; waits are only for what happens in the browser.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use contract_watch::domain::ids::NodeKind;
use contract_watch::services::{alert_events, alert_mail};
use entity::email_delivery;
use entity::enums::UserRole;
use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::fixtures::{Registry, registry};
use crate::helpers::{Backend, PASSWORD, TestApp, gid, link_token};
use crate::live::serve;
use crate::participation::{ENDORSE, FLAG, post, verified_union};

/// How long a test waits for something the browser does (a script's update, an in-place form).
const BROWSER_WAIT: Duration = Duration::from_secs(10);

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
pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The browser and its driver, or `None` (said on stderr) when this machine has none.
pub(crate) async fn browser(javascript: bool) -> Option<(Driver, Client)> {
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
            "const w = document.documentElement.clientWidth;
             const wide = [...document.querySelectorAll('body *')]
               .map(e => [e, e.getBoundingClientRect().right])
               .filter(([e, right]) => right > w + 1 && !e.closest('.table-wrap'))
               .sort((a, b) => b[1] - a[1]).slice(0, 3)
               .map(([e, right]) => e.tagName + '.' + e.className + ' ' + Math.round(right) + 'px');
             return [document.documentElement.scrollWidth, w, wide.join(', ')];",
            vec![],
        )
        .await
        .unwrap();
    client.set_window_size(1280, 900).await.unwrap();
    let (scroll, width) = (overflow[0].as_i64().unwrap(), overflow[1].as_i64().unwrap());
    assert!(
        scroll <= width,
        "{what}: {scroll}px wide content in a {width}px viewport ({})",
        overflow[2]
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
    let mut segment_steps = 0;
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
                          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight, tag: e.tagName, type: e.type || '', text: (e.innerText || e.value || '').slice(0, 40) };",
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
        // Tab steps through the parts of a date or time field (month, day, year, hour…)
        // before leaving it: the same element a few times in a row is not a trap.
        let segmented = matches!(
            focus["type"].as_str(),
            Some("date" | "time" | "datetime-local")
        );
        if segmented && seen.last() == Some(&path) && segment_steps < 8 {
            segment_steps += 1;
            continue;
        }
        segment_steps = 0;
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

pub(crate) async fn check_page(client: &Client, what: &str) {
    let violations = axe_violations(client).await;
    assert!(violations.is_empty(), "{what}: axe found {violations:#?}");
    assert_keyboard_pass(client, what).await;
    assert_reflows_at_320(client, what).await;
}

pub(crate) async fn text(client: &Client) -> String {
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) async fn fill(client: &Client, id: &str, value: &str) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Clicks `element` and waits until the page it leads to has replaced this one.
pub(crate) async fn click_and_load(client: &Client, element: Element) {
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

pub(crate) async fn click_css(client: &Client, css: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap();
    click_and_load(client, element).await;
}

pub(crate) async fn submit(client: &Client, form_action_ends: &str) {
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

/// Signs in through the sign-in form as `email`, an account made with [`TestApp::account`]
/// (whose display name is the address's local part), with [`PASSWORD`].
pub(crate) async fn sign_in(client: &Client, base: &str, email: &str) {
    client.goto(&format!("{base}/sign-in")).await.unwrap();
    fill(client, "email", email).await;
    fill(client, "password", PASSWORD).await;
    submit(client, "/sign-in").await;
    let name = email.split('@').next().unwrap();
    let page = text(client).await;
    assert!(page.contains(&format!("Account ({name})")), "{page}");
}

/// Signs out through the header's sign-out form.
pub(crate) async fn sign_out(client: &Client) {
    submit(client, "/sign-out").await;
    let page = text(client).await;
    assert!(
        page.contains("You are signed out.") && page.contains("Sign in"),
        "{page}"
    );
}

pub(crate) async fn click(client: &Client, locator: Locator<'_>) {
    client.find(locator).await.unwrap().click().await.unwrap();
}

/// From the home page, searches for "custod" and opens the custodial contract; returns its path.
async fn open_custodial_contract_by_search(client: &Client, base: &str) -> String {
    client.goto(&format!("{base}/")).await.unwrap();
    fill(client, "q", "custod").await;
    click_css(client, "form[action='/search'] button").await;
    let result = client
        .find(Locator::XPath(
            "//a[contains(@href, '/contracts/') and normalize-space()='Custodial Services']",
        ))
        .await
        .unwrap();
    click_and_load(client, result).await;
    client.current_url().await.unwrap().path().to_owned()
}

/// Follows the open item page with `delivery` (`immediate`, `daily` or `weekly`).
async fn follow(client: &Client, delivery: &str, javascript: bool) {
    click(client, Locator::Id(&format!("delivery-{delivery}"))).await;
    let button = client
        .find(Locator::Css("form[action$='/follow'] button"))
        .await
        .unwrap();
    if javascript {
        // Enhanced: the form is replaced in place, without a page load.
        button.click().await.unwrap();
    } else {
        click_and_load(client, button).await;
    }
    client
        .wait()
        .at_most(BROWSER_WAIT)
        .for_element(Locator::XPath(
            "//p[starts-with(normalize-space(), 'You follow this')]",
        ))
        .await
        .unwrap();
}

/// The item page's own comment form (reply forms post to the same action, without `#body`).
const COMMENT_FORM: &str = "//form[.//textarea[@id='body']]";
/// The item page's flag-a-concern form.
const CONCERN_FORM: &str = "//form[.//input[@id='summary']]";
/// The community's tally and the roll call on an item page.
const TALLY: &str = "section[aria-labelledby='tally-heading'] table";
const ROLL_CALL: &str = "section[aria-labelledby='roll-heading'] table";

/// Chooses `organization` (a global id) in the "Speak as" control of the form at XPath `form`.
/// The control is there only for a representative of a verified organisation.
async fn speak_as(client: &Client, form: &str, organization: &str) {
    client
        .find(Locator::XPath(&format!(
            "{form}//select[@name='onBehalfOf']"
        )))
        .await
        .unwrap()
        .select_by_value(organization)
        .await
        .unwrap();
}

/// Posts a comment with `position` (e.g. `oppose`) on the open item page, in the name of
/// `organization` if given, and sees it posted.
async fn comment(client: &Client, position: &str, body: &str, organization: Option<&str>) {
    click(client, Locator::Id(&format!("position-{position}"))).await;
    fill(client, "body", body).await;
    if let Some(organization) = organization {
        speak_as(client, COMMENT_FORM, organization).await;
    }
    let button = client
        .find(Locator::XPath(&format!(
            "{COMMENT_FORM}//button[@type='submit']"
        )))
        .await
        .unwrap();
    click_and_load(client, button).await;
    let page = text(client).await;
    assert!(
        page.contains("Your comment is posted.") && page.contains(body),
        "{page}"
    );
}

/// Flags a concern of `category` (e.g. `WORKER_RIGHTS`) on the open item page, in the name of
/// `organization` if given; returns the concern's element id (`concern-…`).
async fn flag_concern(
    client: &Client,
    category: &str,
    summary: &str,
    organization: Option<&str>,
) -> String {
    click(
        client,
        Locator::XPath("//summary[normalize-space()='Flag a concern']"),
    )
    .await;
    client
        .find(Locator::Id("category"))
        .await
        .unwrap()
        .select_by_value(category)
        .await
        .unwrap();
    fill(client, "summary", summary).await;
    if let Some(organization) = organization {
        speak_as(client, CONCERN_FORM, organization).await;
    }
    submit(client, "/concerns").await;
    let page = text(client).await;
    assert!(
        page.contains("Your concern is flagged.") && page.contains(summary),
        "{page}"
    );
    concern_id(client, summary).await
}

/// The element id (`concern-…`) of the concern listed on the open page with `summary`.
async fn concern_id(client: &Client, summary: &str) -> String {
    client
        .find(Locator::XPath(&format!(
            "//li[@class='concern'][p[@class='concern__summary' and normalize-space()='{summary}']]"
        )))
        .await
        .unwrap()
        .attr("id")
        .await
        .unwrap()
        .unwrap()
}

/// Endorses the concern with element id `concern` on the open item page and sees its count
/// reach 1: in place with JavaScript (the count arrives over the live connection), after a
/// page load without.
async fn endorse(client: &Client, concern: &str, javascript: bool) {
    let item = format!("//li[@id='{concern}']");
    let button = client
        .find(Locator::XPath(&format!(
            "{item}//form[contains(@action, '/endorse')]//button"
        )))
        .await
        .unwrap();
    if javascript {
        // The count is updated by the live subscription: wait until it is open.
        client
            .wait()
            .at_most(BROWSER_WAIT)
            .for_element(Locator::Css("[data-live-subject][data-live-connected]"))
            .await
            .unwrap();
        button.click().await.unwrap();
        client
            .wait()
            .at_most(BROWSER_WAIT)
            .for_element(Locator::XPath(&format!(
                "{item}//form[contains(@action, '/withdraw')]"
            )))
            .await
            .unwrap();
    } else {
        click_and_load(client, button).await;
        let page = text(client).await;
        assert!(page.contains("You endorsed the concern."), "{page}");
    }
    client
        .wait()
        .at_most(BROWSER_WAIT)
        .for_element(Locator::XPath(&format!(
            "{item}//*[@data-endorsements and normalize-space()='1']"
        )))
        .await
        .unwrap();
}

/// The text of each cell of each body row of the table at `css`.
async fn rows(client: &Client, css: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in client
        .find_all(Locator::Css(&format!("{css} tbody tr")))
        .await
        .unwrap()
    {
        let mut texts = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await.unwrap() {
            texts.push(cell.text().await.unwrap().trim().to_owned());
        }
        rows.push(texts);
    }
    rows
}

fn cells(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| (*t).to_owned()).collect()
}

pub(crate) async fn app_and_server() -> (TestApp, Registry, String) {
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
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let union = verified_union(&app, &rep, &admin).await;
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
        "/organizations".to_owned(),
        format!("/organizations/{union}"),
        "/organizations/new".to_owned(),
        "/forgot-password".to_owned(),
        "/my/alerts".to_owned(),
        "/account".to_owned(),
        "/account/password".to_owned(),
        "/account/email".to_owned(),
        "/account/delete".to_owned(),
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
    // Changing the comment: its page, then the form refused with an empty text.
    let edit = client
        .find(Locator::Css("a[href*='/edit?return_to=']"))
        .await
        .unwrap();
    let href = edit.attr("href").await.unwrap().unwrap();
    client.goto(&format!("{base}{href}")).await.unwrap();
    check_page(&client, "comment edit").await;
    client
        .find(Locator::Id("body"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    submit(&client, "/edit").await;
    assert!(text(&client).await.contains("There is a problem"));
    check_page(&client, "comment edit (error)").await;
    // In French, chosen with the footer's form.
    client.goto(&format!("{base}{contract}")).await.unwrap();
    client
        .find(Locator::Css("#language option[value='fr']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(&client, "/language").await;
    let lang = client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));
    for path in ["/", contract.as_str(), "/my/alerts", "/search?q=custod"] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check_page(&client, &format!("{path} (French)")).await;
    }
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
    open_custodial_contract_by_search(&client, &base).await;
    follow(&client, "weekly", javascript).await;
    comment(
        &client,
        "oppose",
        "Outsourcing this cuts 42 public jobs.",
        None,
    )
    .await;
    flag_concern(
        &client,
        "WORKER_RIGHTS",
        "No labour standards in the renewal",
        None,
    )
    .await;
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

/// Journey 1 from the union's side, then journey 2's endorsement: the representative of a
/// verified union finds the custodial contract by search, posts the union's position and flags
/// a concern in the union's name, and sees the tally count it under organisations and list the
/// union's position; a resident then endorses the union's concern and sees the count reach 1.
async fn union_representative_journey(javascript: bool) {
    let Some((_driver, client)) = browser(javascript).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    // "Custodians Local 7", with `rep` as its representative.
    let union = verified_union(&app, &rep, &admin).await;
    app.account("res@example.org", UserRole::Resident, None)
        .await;

    sign_in(&client, &base, "rep@example.org").await;
    let contract = open_custodial_contract_by_search(&client, &base).await;
    assert_eq!(
        contract,
        format!(
            "/contracts/{}",
            gid(NodeKind::Contract, r.custodial_contract)
        )
    );
    comment(
        &client,
        "oppose",
        "Local 7 opposes this renewal: the 42 custodial jobs belong in house.",
        Some(union.as_str()),
    )
    .await;
    let page = text(&client).await;
    assert!(page.contains("rep for Custodians Local 7"), "{page}");
    let summary = "The renewal sets no labour standards for custodial staff";
    let concern = flag_concern(&client, "OUTSOURCING", summary, Some(union.as_str())).await;
    let meta = client
        .find(Locator::XPath(&format!(
            "//li[@id='{concern}']/p[@class='concern__meta']"
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(meta.contains("raised by Custodians Local 7"), "{meta}");
    // Counted under organisations, not people; the union's position is listed by name.
    let tally = rows(&client, TALLY).await;
    assert_eq!(tally, vec![cells(&["Oppose", "0", "1"])]);
    let positions = client
        .find(Locator::XPath(
            "//section[@aria-labelledby='tally-heading']//ul",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        positions.contains("Custodians Local 7 (verified): Oppose"),
        "{positions}"
    );
    if javascript {
        check_page(
            &client,
            "contract (representative, after speaking for the union)",
        )
        .await;
    }

    // A resident, in the same browser: sign out, sign in, endorse the union's concern.
    sign_out(&client).await;
    sign_in(&client, &base, "res@example.org").await;
    client.goto(&format!("{base}{contract}")).await.unwrap();
    endorse(&client, &concern, javascript).await;
    if javascript {
        check_page(&client, "contract (resident, after endorsing)").await;
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_union_representative_journey_works_with_javascript_off() {
    union_representative_journey(false).await;
}

#[tokio::test]
async fn a_union_representative_journey_works_with_javascript_on() {
    union_representative_journey(true).await;
}

const RECORD_VOTES: &str = "mutation($i: ID!, $v: [VoteInput!]!) { \
    recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: $v}) { id outcome } }";

/// Alert mail (`alert`) queued for `to`, oldest first.
async fn alert_mail_to(app: &TestApp, to: &str) -> Vec<email_delivery::Model> {
    email_delivery::Entity::find()
        .filter(email_delivery::Column::Recipient.eq(to))
        .filter(email_delivery::Column::Kind.eq("alert"))
        .order_by_asc(email_delivery::Column::Id)
        .all(&app.state.db.write)
        .await
        .unwrap()
}

/// The path of the first link in a mail's `body` to an item page of the service at `app_url`.
fn item_path(body: &str, app_url: &str) -> String {
    let app_url = app_url.trim_end_matches('/');
    for (at, _) in body.match_indices(app_url) {
        let path: String = body[at + app_url.len()..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        if ["/contracts/", "/solicitations/", "/agenda-items/"]
            .iter()
            .any(|section| path.starts_with(*section))
        {
            return path;
        }
    }
    panic!("no link to an item on {app_url} in {body}");
}

/// Journey 4, after the vote: a resident follows the custodial contract (immediate mail) and
/// says where they stand; staff record the renewal item's outcome and roll call; the alert jobs
/// run; the outcome mail's link opens the contract with each seated official's vote beside the
/// community's tally, and the agenda item shows the roll call.
async fn vote_outcome_journey(javascript: bool) {
    let Some((_driver, client)) = browser(javascript).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let contract_id = gid(NodeKind::Contract, r.custodial_contract);
    let contract = format!("/contracts/{contract_id}");
    let item_id = gid(NodeKind::AgendaItem, r.renewal_item);
    // A neighbour has said where they stand already.
    let (_, neighbour) = app
        .account("neighbour@example.org", UserRole::Resident, None)
        .await;
    post(
        &app,
        &neighbour,
        json!({ "s": contract_id, "b": "Renew it: the branches have never been cleaner.", "p": "SUPPORT" }),
    )
    .await
    .unwrap();
    app.account("res@example.org", UserRole::Resident, None)
        .await;

    sign_in(&client, &base, "res@example.org").await;
    client.goto(&format!("{base}{contract}")).await.unwrap();
    follow(&client, "immediate", javascript).await;
    let page = text(&client).await;
    assert!(page.contains("You follow this (as they happen)."), "{page}");
    comment(
        &client,
        "oppose",
        "Bring the custodial work back in house.",
        None,
    )
    .await;

    // The council votes; staff record the outcome and the roll call. The third fixture
    // member's term has ended, so two members vote.
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let votes = json!([
        { "officialId": gid(NodeKind::Official, r.officials[0]), "vote": "YES" },
        { "officialId": gid(NodeKind::Official, r.officials[1]), "vote": "NO" },
    ]);
    let recorded = app
        .data_as(&staff, RECORD_VOTES, json!({ "i": item_id, "v": votes }))
        .await;
    assert_eq!(recorded["recordVotes"]["outcome"], "APPROVED");

    // The alert steps, as the worker runs them. The outcome is not talk: it is not held back
    // for the hourly batch, so no time needs to pass.
    alert_events::fan_out(&app.state).await.unwrap();
    alert_mail::send_immediate(&app.state)
        .await
        .map_err(|e| format!("{e:?}"))
        .unwrap();
    let mail = alert_mail_to(&app, "res@example.org").await;
    let outcome: Vec<&email_delivery::Model> = mail
        .iter()
        .filter(|m| m.text_body.contains("Council decided"))
        .collect();
    assert_eq!(
        outcome.len(),
        1,
        "{:#?}",
        mail.iter().map(|m| &m.text_body).collect::<Vec<_>>()
    );
    let body = &outcome[0].text_body;
    for said in ["approved", "Ada Alder: yes", "Ben Birch: no"] {
        assert!(body.contains(said), "{said} missing from {body}");
    }
    assert!(!body.contains("Cleo Cedar"), "{body}");

    // The mail's link, on this server: the contract the vote decided.
    let path = item_path(body, app.state.mailer.app_url());
    assert_eq!(path, contract, "{body}");
    client.goto(&format!("{base}{path}")).await.unwrap();
    let decided = client
        .find(Locator::XPath(
            "//section[@aria-labelledby='timeline-heading']//li[contains(., 'Council decided')]",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for said in ["Decided", "approved", "Ada Alder: yes", "Ben Birch: no"] {
        assert!(decided.contains(said), "{said} missing from {decided}");
    }
    let tally = rows(&client, TALLY).await;
    assert_eq!(
        tally,
        vec![cells(&["Support", "1", "0"]), cells(&["Oppose", "1", "0"])]
    );

    // The agenda item: the outcome and each seated official's vote in the roll-call table.
    client
        .goto(&format!("{base}/agenda-items/{item_id}"))
        .await
        .unwrap();
    let page = text(&client).await;
    assert!(
        page.contains("How each official voted")
            && page.contains("Approved")
            && page.contains("Yes 1, no 1, abstained 0, absent 0."),
        "{page}"
    );
    let mut roll_call = rows(&client, ROLL_CALL).await;
    roll_call.sort();
    assert_eq!(
        roll_call,
        vec![
            cells(&["Ada Alder (District 1)", "Yes"]),
            cells(&["Ben Birch (District 2)", "No"]),
        ]
    );
    if javascript {
        check_page(&client, "agenda item (after the roll call)").await;
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_vote_outcome_journey_works_with_javascript_off() {
    vote_outcome_journey(false).await;
}

#[tokio::test]
async fn a_vote_outcome_journey_works_with_javascript_on() {
    vote_outcome_journey(true).await;
}

/// Journey 5 from the residents' side: three people report the same comment from its page; at
/// the third report it is hidden pending review, gone from the page, and the public moderation
/// log says so.
async fn moderation_journey(javascript: bool) {
    let Some((_driver, client)) = browser(javascript).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let (_, author) = app
        .account("author@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let reported = post(
        &app,
        &author,
        json!({ "s": contract, "b": "Everyone on the council is a crook.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/contracts/{contract}");
    for (n, reporter) in ["ana", "ben", "cai"].into_iter().enumerate() {
        let email = format!("{reporter}@example.org");
        app.account(&email, UserRole::Resident, None).await;
        sign_in(&client, &base, &email).await;
        client.goto(&format!("{base}{path}")).await.unwrap();
        let actions = format!("//li[@id='comment-{reported}']/details/summary");
        click(&client, Locator::XPath(&actions)).await;
        client
            .find(Locator::Css(&format!(
                "#report-{reported} option[value='ABUSE']"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        submit(&client, &format!("/comments/{reported}/report")).await;
        let page = text(&client).await;
        assert!(
            page.contains("Thank you. Moderators will look at this comment."),
            "{page}"
        );
        let still_shown = page.contains("Everyone on the council is a crook.");
        assert_eq!(still_shown, n < 2, "after report {}: {page}", n + 1);
        if n == 0 && javascript {
            check_page(&client, "contract (after reporting)").await;
        }
        sign_out(&client).await;
    }
    client
        .goto(&format!("{base}/moderation-log"))
        .await
        .unwrap();
    let log = text(&client).await;
    assert!(
        log.contains("Hidden pending review"),
        "the log lists the automatic hiding: {log}"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_moderation_journey_works_with_javascript_off() {
    moderation_journey(false).await;
}

#[tokio::test]
async fn a_moderation_journey_works_with_javascript_on() {
    moderation_journey(true).await;
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

/// The PNG file signature.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Opens `url` in a `width`×`height` window and saves a screenshot of the viewport as `name`:
/// always under `target/screenshots/`, and under `docs/screenshots/` (the README's copies) when
/// `CW_UPDATE_SCREENSHOTS=1`.
async fn save_screenshot(client: &Client, url: &str, (width, height): (u32, u32), name: &str) {
    client.set_window_size(width, height).await.unwrap();
    client.goto(url).await.unwrap();
    // Settled: at the top, nothing focused, fonts loaded.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             if (document.activeElement) document.activeElement.blur();
             window.scrollTo(0, 0);
             document.fonts.ready.then(() => done(true));",
            vec![],
        )
        .await
        .unwrap();
    let viewport = client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(
        viewport.abs_diff(u64::from(width)) <= 20,
        "{name}: asked for a {width}px wide window, got a {viewport}px wide viewport"
    );
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(PNG_MAGIC), "{name}: not a PNG");
    assert!(
        png.len() > 10 * 1024,
        "{name}: {} bytes, too small to show a page",
        png.len()
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("target").join("screenshots")];
    if std::env::var("CW_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        dirs.push(root.join("docs").join("screenshots"));
    }
    for dir in dirs {
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(name);
        std::fs::write(&file, &png).unwrap();
        eprintln!("screenshot: {} ({} bytes)", file.display(), png.len());
    }
}

/// The README's screenshots, taken by the suite so they show the pages as they are: the
/// custodial contract with comments, positions, a union's position and an endorsed concern, at
/// 1280×1000 (`contract-page.png`), and the home page on a phone, 390×844 (`home-phone.png`).
///
/// Every run writes them to `target/screenshots/` (to look at after a change). To refresh the
/// copies the README shows, in `docs/screenshots/`, run
/// `CW_UPDATE_SCREENSHOTS=1 cargo test --test api browser_tier::readme_screenshots`
/// on a machine with Chromium, look at them, and commit them. Skipped like the rest of the tier
/// when there is no browser.
#[tokio::test]
async fn readme_screenshots() {
    let Some((_driver, client)) = browser(true).await else {
        return;
    };
    let (app, r, base) = app_and_server().await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rep) = app
        .account("dolores@example.org", UserRole::Resident, None)
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    post(
        &app,
        &rep,
        json!({ "s": contract, "p": "OPPOSE", "o": union,
            "b": "Custodians Local 7 opposes this renewal. The 42 custodial positions were cut in 2019; bringing the work back in house costs less than the contract's last two amendments." }),
    )
    .await
    .unwrap();
    let concern = app
        .data_as(
            &rep,
            FLAG,
            json!({ "s": contract, "c": "WORKER_RIGHTS", "v": "HIGH", "o": union,
                "m": "The renewal has no living-wage or labour-peace terms",
                "d": "The original solicitation required a living wage; the renewal drops it." }),
        )
        .await["flagConcern"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let residents = [
        (
            "amara@example.org",
            "OPPOSE",
            "Our branch was cleaned better when the staff were the city's own.",
        ),
        (
            "jon@example.org",
            "QUESTION",
            "What did the vendor's last performance review say?",
        ),
        (
            "priya@example.org",
            "SUPPORT",
            "The service has been reliable; renew it, but publish the cost comparison.",
        ),
    ];
    for (email, position, body) in residents {
        let (_, token) = app.account(email, UserRole::Resident, None).await;
        post(
            &app,
            &token,
            json!({ "s": contract, "b": body, "p": position }),
        )
        .await
        .unwrap();
        if position == "OPPOSE" || position == "QUESTION" {
            app.data_as(&token, ENDORSE, json!({ "c": concern })).await;
        }
    }

    save_screenshot(
        &client,
        &format!("{base}/contracts/{contract}"),
        (1280, 1000),
        "contract-page.png",
    )
    .await;
    save_screenshot(&client, &format!("{base}/"), (390, 844), "home-phone.png").await;
    client.close().await.unwrap();
}
