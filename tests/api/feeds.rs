//! Feeds, on both databases: every iCalendar event has a stable UID, DTSTAMP, a UTC start and a
//! link; every Atom feed and entry has an id, `updated` and links, the feed a `rel="self"` one.
//! The real parsers (Python's `icalendar` and `feedparser`) read them too when installed (CI
//! installs them), but they accept files missing UID or `id`, so the properties are checked
//! here first. The private calendar follows what its account follows and stops working when
//! regenerated; pages link their feeds.

use std::collections::BTreeSet;

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::json;

use crate::browser::Browser;
use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;

on_both_databases!(
    calendars_carry_stable_uids_stamps_and_utc_times,
    the_private_calendar_follows_what_its_account_follows,
    atom_feeds_carry_ids_updated_and_self_links,
    pages_link_their_feeds,
);

async fn fetch(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.client.get(path).send().await;
    let status = response.0.status().as_u16();
    let kind = response
        .0
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.0.into_body().into_string().await.unwrap();
    (status, kind, body)
}

/// The events of an iCalendar text, each as its unfolded `NAME:value` lines.
fn vevents(text: &str) -> Vec<Vec<String>> {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(raw.len() <= 75, "a line longer than 75 octets: {raw}");
        match raw.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(raw.to_owned()),
        }
    }
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        match line.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.push(current.take().unwrap()),
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line);
                }
            }
        }
    }
    events
}

fn property<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event
        .iter()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
}

/// Checks what RFC 5545 requires of each event, and what we promise: UTC times and a link.
fn check_events(events: &[Vec<String>]) -> Vec<String> {
    let mut uids = Vec::new();
    for event in events {
        let uid = property(event, "UID").expect("UID");
        let stamp = property(event, "DTSTAMP").expect("DTSTAMP");
        let start = property(event, "DTSTART").expect("DTSTART");
        for time in [stamp, start] {
            assert!(time.len() == 16 && time.ends_with('Z'), "not UTC: {time}");
        }
        assert!(property(event, "SUMMARY").is_some());
        assert!(
            property(event, "URL").is_some_and(|u| u.starts_with("http")),
            "{event:?}"
        );
        uids.push(uid.to_owned());
    }
    let unique: BTreeSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs repeat: {uids:?}");
    uids
}

/// Runs the Python parsers over `text` when installed: `icalendar` or `feedparser`, per `kind`.
/// Returns the number of events or entries they read.
fn python_count(kind: &str, text: &str) -> Option<usize> {
    let Ok(python) = std::env::var("CW_FEED_PARSERS_PYTHON") else {
        assert!(
            std::env::var("CW_FEED_PARSERS").as_deref() != Ok("required"),
            "CW_FEED_PARSERS=required but CW_FEED_PARSERS_PYTHON is not set"
        );
        return None;
    };
    let script = match kind {
        "ics" => {
            "import sys, icalendar\n\
             cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\n\
             print(len([c for c in cal.walk('VEVENT')]))"
        }
        _ => {
            "import sys, feedparser\n\
             feed = feedparser.parse(sys.stdin.buffer.read())\n\
             assert not feed.bozo, feed.bozo_exception\n\
             assert feed.feed.get('id') and feed.feed.get('updated')\n\
             print(len(feed.entries))"
        }
    };
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap(),
    )
}

async fn calendars_carry_stable_uids_stamps_and_utc_times(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let path = format!(
        "/feeds/bodies/{}/meetings.ics",
        gid(NodeKind::Body, r.council)
    );
    let (status, kind, text) = fetch(&app, &path).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"));
    let events = vevents(&text);
    let uids = check_events(&events);
    assert!(
        uids.contains(&format!("meeting-{}@127.0.0.1", r.upcoming_meeting))
            || uids
                .iter()
                .any(|u| u.starts_with(&format!("meeting-{}@", r.upcoming_meeting)))
    );
    assert_eq!(
        python_count("ics", &text).unwrap_or(events.len()),
        events.len()
    );

    // A moved meeting keeps its UID, so calendar apps move it rather than add another.
    let moved = format!(
        "mutation {{ saveMeeting(input: {{ meetingId: \"{}\", startsAt: \"2030-01-01T18:00:00Z\", status: SCHEDULED }}) {{ id }} }}",
        gid(NodeKind::Meeting, r.upcoming_meeting)
    );
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let saved = app.data_as(&staff, &moved, json!({})).await;
    assert!(saved["saveMeeting"]["id"].is_string(), "{saved}");
    let (_, _, again) = fetch(&app, &path).await;
    let events_again = vevents(&again);
    let uids_again = check_events(&events_again);
    assert_eq!(
        uids.iter().collect::<BTreeSet<_>>(),
        uids_again.iter().collect::<BTreeSet<_>>()
    );
    let upcoming = events_again
        .iter()
        .find(|e| {
            property(e, "UID")
                .is_some_and(|u| u.starts_with(&format!("meeting-{}@", r.upcoming_meeting)))
        })
        .unwrap();
    assert_eq!(property(upcoming, "DTSTART"), Some("20300101T180000Z"));

    // Deadlines, by agency and by jurisdiction: the custodial call's questions and bids.
    for query in [
        format!("agency={}", gid(NodeKind::Agency, r.library)),
        format!(
            "jurisdiction={}",
            gid(NodeKind::Jurisdiction, r.jurisdiction)
        ),
    ] {
        let (status, _, text) = fetch(&app, &format!("/feeds/deadlines.ics?{query}")).await;
        assert_eq!(status, 200, "{text}");
        let uids = check_events(&vevents(&text));
        assert!(
            uids.iter()
                .any(|u| u.starts_with(&format!("bids-due-{}@", r.custodial))),
            "{uids:?}"
        );
    }
    let (status, _, body) = fetch(&app, "/feeds/deadlines.ics").await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("INVALID") || body.contains("agency"),
        "{body}"
    );
}

async fn the_private_calendar_follows_what_its_account_follows(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    for subject in [
        gid(NodeKind::Solicitation, r.custodial),
        gid(NodeKind::Contract, r.custodial_contract),
    ] {
        let created = app
            .data_as(
                &ana,
                "mutation($t: AlertTargetInput!) { createAlertSubscription(input: {target: $t, delivery: DAILY}) { id } }",
                json!({ "t": { "subjectId": subject } }),
            )
            .await;
        assert!(created["createAlertSubscription"]["id"].is_string());
    }
    let made = app
        .data_as(&ana, "mutation { regenerateCalendarAddress }", json!({}))
        .await;
    let url = made["regenerateCalendarAddress"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = url[url.find("/feeds/").unwrap()..].to_owned();
    let (status, _, text) = fetch(&app, &path).await;
    assert_eq!(status, 200);
    let uids = check_events(&vevents(&text));
    // The followed call's deadlines, and the vote on the followed contract's renewal.
    assert!(
        uids.iter()
            .any(|u| u.starts_with(&format!("bids-due-{}@", r.custodial)))
    );
    assert!(
        uids.iter()
            .any(|u| u.starts_with(&format!("vote-{}@", r.renewal_item))),
        "{uids:?}"
    );
    // Nothing of another account's: a chatbot deadline is not followed.
    assert!(
        !uids
            .iter()
            .any(|u| u.starts_with(&format!("bids-due-{}@", r.chatbot)))
    );

    // A new address ends the old one.
    let again = app
        .data_as(&ana, "mutation { regenerateCalendarAddress }", json!({}))
        .await;
    let new_url = again["regenerateCalendarAddress"].as_str().unwrap();
    assert_ne!(new_url, url);
    let (status, _, _) = fetch(&app, &path).await;
    assert_eq!(status, 404);
    // Signed out, there is no address to make.
    let (_, body) = app
        .gql_as(
            None,
            "192.0.2.1",
            "mutation { regenerateCalendarAddress }",
            json!({}),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&body), "UNAUTHENTICATED");
}

/// Checks an Atom document: the feed's id, updated and self link; each entry's id, updated and
/// link. Returns the entry ids.
fn check_atom(text: &str, self_path: &str) -> Vec<String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut feed = (false, false, false);
    let mut entries: Vec<(Option<String>, bool, bool)> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "link" => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                let in_entry = stack.last().is_some_and(|s| s == "entry");
                if in_entry {
                    entries.last_mut().unwrap().2 = attr("href").is_some();
                } else if attr("rel").as_deref() == Some("self") {
                    assert!(attr("href").unwrap().ends_with(self_path), "{text}");
                    feed.2 = true;
                }
            }
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                if name == "entry" {
                    entries.push((None, false, false));
                }
                stack.push(name);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                let depth = stack.len();
                match (stack.last().map(String::as_str), depth) {
                    (Some("id"), 2) => feed.0 = !text.is_empty(),
                    (Some("updated"), 2) => feed.1 = !text.is_empty(),
                    (Some("id"), 3) => entries.last_mut().unwrap().0 = Some(text),
                    (Some("updated"), 3) => entries.last_mut().unwrap().1 = !text.is_empty(),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        feed,
        (true, true, true),
        "feed id, updated, self link: {text}"
    );
    entries
        .into_iter()
        .map(|(id, updated, link)| {
            assert!(updated && link, "an entry without updated or link: {text}");
            id.expect("an entry without id")
        })
        .collect()
}

async fn atom_feeds_carry_ids_updated_and_self_links(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    // Give the custodial call a history: a deadline moved by staff.
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
    let moved = app
        .data_as(
            &staff,
            "mutation($m: ID!) { saveMeeting(input: { meetingId: $m, startsAt: \"2030-01-01T18:00:00Z\", status: SCHEDULED }) { id } }",
            json!({ "m": gid(NodeKind::Meeting, r.upcoming_meeting) }),
        )
        .await;
    assert!(moved["saveMeeting"]["id"].is_string(), "{moved}");

    let timeline = format!("/feeds/agenda-items/{item}.atom");
    let contract_timeline = format!(
        "/feeds/contracts/{}.atom",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let agency = format!("/feeds/agencies/{}.atom", gid(NodeKind::Agency, r.library));
    let search = "/feeds/search.atom?q=custodial".to_owned();
    let mut seen = Vec::new();
    for path in [&timeline, &contract_timeline, &agency, &search] {
        let (status, kind, text) = fetch(&app, path).await;
        assert_eq!(status, 200, "{path}: {text}");
        assert!(kind.starts_with("application/atom+xml"));
        let ids = check_atom(&text, path);
        if let Some(count) = python_count("atom", &text) {
            assert_eq!(count, ids.len());
        }
        // The same feed again: the same ids.
        let (_, _, again) = fetch(&app, path).await;
        assert_eq!(check_atom(&again, path), ids);
        seen.push((path.clone(), ids));
    }
    // The vote moved: it is in the contract's and the agency's feeds (an agenda item's events
    // are its subject's), and the search finds the call.
    assert!(!seen[1].1.is_empty(), "{seen:?}");
    assert!(!seen[2].1.is_empty(), "{seen:?}");
    assert!(!seen[3].1.is_empty(), "{seen:?}");

    // Bad ids are errors, not empty feeds.
    let (status, _, _) = fetch(&app, "/feeds/contracts/nonsense.atom").await;
    assert_eq!(status, 400);
    let (status, _, _) = fetch(&app, "/feeds/search.atom").await;
    assert_eq!(status, 400);
}

async fn pages_link_their_feeds(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let browser = Browser::new(&app);
    for (page, feed) in [
        (
            format!(
                "/contracts/{}",
                gid(NodeKind::Contract, r.custodial_contract)
            ),
            format!(
                "/feeds/contracts/{}.atom",
                gid(NodeKind::Contract, r.custodial_contract)
            ),
        ),
        (
            format!("/agencies/{}", gid(NodeKind::Agency, r.library)),
            format!("/feeds/agencies/{}.atom", gid(NodeKind::Agency, r.library)),
        ),
        (
            format!("/bodies/{}", gid(NodeKind::Body, r.council)),
            format!(
                "/feeds/bodies/{}/meetings.ics",
                gid(NodeKind::Body, r.council)
            ),
        ),
        (
            "/search?q=custodial".to_owned(),
            "/feeds/search.atom?q=custodial".to_owned(),
        ),
    ] {
        let shown = browser.get(&page).await;
        assert_eq!(shown.status, 200, "{page}");
        let alternate: Vec<String> = shown
            .html()
            .select(&scraper::Selector::parse("link[rel=alternate]").unwrap())
            .filter_map(|l| l.value().attr("href").map(str::to_owned))
            .collect();
        assert!(alternate.contains(&feed), "{page}: {alternate:?}");
        let visible: Vec<String> = shown
            .html()
            .select(&scraper::Selector::parse("main a").unwrap())
            .filter_map(|l| l.value().attr("href").map(str::to_owned))
            .collect();
        assert!(visible.contains(&feed), "{page}: no visible subscribe link");
    }
}
