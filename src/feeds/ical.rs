//! iCalendar (RFC 5545) feeds: a `VCALENDAR` of `VEVENT`s, every instant in UTC.
//!
//! What the output always is:
//! - lines end in CRLF, and no line is longer than 75 octets: longer content lines are folded
//!   (CRLF and one space), only between characters, never inside a multi-byte one;
//! - TEXT values escape `\`, `;`, `,` and line breaks (`\n`; a CRLF or a lone CR is one line
//!   break) and drop every other control character (a tab is kept), so no text can start a
//!   property or a component of its own;
//! - the URL is written as a URI (see `clean_uri` in the parent module), never TEXT-escaped;
//! - `DTSTAMP`, `DTSTART`, `DTEND` and `LAST-MODIFIED` are `YYYYMMDDTHHMMSSZ`; there is no
//!   `VTIMEZONE`;
//! - the same calendar renders to the same bytes, every time.
//!
//! **An event whose end is unknown has no `DTEND`** (nor `DURATION`). RFC 5545 §3.6.1 defines
//! such a `VEVENT` as ending at its start: a point in time. That is what most of these events
//! are (bids due, questions due, a renewal decision date), and a made-up end would say
//! something false: "bids due 14:00–15:00" reads as if bids were taken until 15:00. A
//! zero-length `DTEND` equal to `DTSTART` is not an option, since §3.8.2.2 requires `DTEND` to be
//! later than `DTSTART`; so an `ends_at` that is not later than `starts_at` (to the second) is
//! treated as unknown too. A caller that knows an event lasts (a meeting with a scheduled end,
//! or one it chooses to show as an hour long) sets `ends_at`.
//!
//! Events are written in the order given. An event whose UID repeats one already written is
//! left out: two `VEVENT`s with one UID and no `RECURRENCE-ID` are not a valid calendar.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{clean_uri, percent_encode, utc_fields};

/// A calendar to publish (`METHOD:PUBLISH`), such as a body's meetings or a jurisdiction's
/// deadlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The calendar's display name: `X-WR-CALNAME` and RFC 7986 `NAME`.
    pub name: String,
    /// `PRODID`, such as `-//Contract Watch//EN`.
    pub product: String,
    pub events: Vec<Event>,
}

/// One `VEVENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across renders; see [`uid`].
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub starts_at: DateTime<Utc>,
    /// `DTEND`; `None` (or not after `starts_at`) makes the event a point in time: see the
    /// module documentation.
    pub ends_at: Option<DateTime<Utc>>,
    /// `DTSTAMP`: when this version of the event was made. Passed in, not read from the clock,
    /// so a render is deterministic.
    pub stamp: DateTime<Utc>,
    pub last_modified: Option<DateTime<Utc>>,
    /// `STATUS:CANCELLED` when set, else `STATUS:CONFIRMED`.
    pub cancelled: bool,
}

/// Longest line, in octets, not counting its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The calendar as an iCalendar object (`text/calendar; charset=utf-8`).
pub fn render(calendar: &Calendar) -> String {
    let mut out = String::with_capacity(512 + calendar.events.len() * 512);
    let name = escape_text(&calendar.name);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    property(&mut out, "PRODID", &escape_text(&calendar.product));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    property(&mut out, "X-WR-CALNAME", &name);
    property(&mut out, "NAME", &name);

    let mut seen = HashSet::with_capacity(calendar.events.len());
    for event in &calendar.events {
        let uid = escape_text(&event.uid);
        if !seen.insert(uid.clone()) {
            continue;
        }
        render_event(&mut out, event, &uid);
    }

    line(&mut out, "END:VCALENDAR");
    out
}

fn render_event(out: &mut String, event: &Event, uid: &str) {
    let starts_at = format_instant(&event.starts_at);
    line(out, "BEGIN:VEVENT");
    property(out, "UID", uid);
    property(out, "DTSTAMP", &format_instant(&event.stamp));
    property(out, "DTSTART", &starts_at);
    if let Some(ends_at) = &event.ends_at {
        let ends_at = format_instant(ends_at);
        // Fixed-width digits: comparing the text compares the instants, to the second.
        if ends_at > starts_at {
            property(out, "DTEND", &ends_at);
        }
    }
    property(out, "SUMMARY", &escape_text(&event.summary));
    optional_text(out, "DESCRIPTION", event.description.as_deref());
    optional_text(out, "LOCATION", event.location.as_deref());
    if let Some(url) = &event.url {
        let url = clean_uri(url);
        if !url.is_empty() {
            property(out, "URL", &url);
        }
    }
    let status = if event.cancelled {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    property(out, "STATUS", status);
    if let Some(last_modified) = &event.last_modified {
        property(out, "LAST-MODIFIED", &format_instant(last_modified));
    }
    line(out, "END:VEVENT");
}

/// A stable UID such as `meeting-42@contract-watch.example`: same inputs, same UID, always.
///
/// `kind` and `host` are percent-encoded outside `A–Z a–z 0–9 - . _ ~` (and a trailing `-` of
/// `kind` too), and `host` is lowercased, so distinct `(kind, id, host)` give distinct UIDs up
/// to the case of `host`.
pub fn uid(kind: &str, id: i64, host: &str) -> String {
    let uid_safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~');
    let mut kind = percent_encode(kind, uid_safe, false);
    // "a-" with 1 and "a" with -1 would both read "a--1": a trailing hyphen is encoded.
    if kind.ends_with('-') {
        kind.pop();
        kind.push_str("%2D");
    }
    let host = percent_encode(&host.to_ascii_lowercase(), uid_safe, false);
    format!("{kind}-{id}@{host}")
}

fn optional_text(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        let value = escape_text(value);
        if !value.is_empty() {
            property(out, name, &value);
        }
    }
}

/// `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5, form #2: UTC).
fn format_instant(instant: &DateTime<Utc>) -> String {
    let [year, month, day, hour, minute, second] = utc_fields(instant);
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

/// A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped, each line break (CRLF, CR or LF) as
/// `\n`, other control characters dropped (a tab is kept).
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn property(out: &mut String, name: &str, value: &str) {
    let mut content = String::with_capacity(name.len() + 1 + value.len());
    content.push_str(name);
    content.push(':');
    content.push_str(value);
    line(out, &content);
}

/// Writes one content line, folded (RFC 5545 §3.1) so that no line, the continuation's leading
/// space included, is longer than 75 octets, and never inside a multi-byte character.
fn line(out: &mut String, content: &str) {
    let mut octets = 0;
    for c in content.chars() {
        let width = c.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        match Utc.with_ymd_and_hms(y, mo, d, h, mi, 0) {
            chrono::LocalResult::Single(t) => t,
            _ => panic!("bad test date"),
        }
    }

    fn event(uid_: &str, summary: &str) -> Event {
        Event {
            uid: uid_.to_owned(),
            summary: summary.to_owned(),
            description: None,
            location: None,
            url: None,
            starts_at: at(2026, 7, 16, 23, 0),
            ends_at: None,
            stamp: at(2026, 7, 1, 12, 0),
            last_modified: None,
            cancelled: false,
        }
    }

    fn calendar(events: Vec<Event>) -> Calendar {
        Calendar {
            name: "Riverton: City Council".to_owned(),
            product: "-//Contract Watch//EN".to_owned(),
            events,
        }
    }

    /// A content line after unfolding: name, raw parameters, raw value.
    #[derive(Debug)]
    struct ContentLine {
        name: String,
        params: String,
        value: String,
    }

    /// Unfolds and splits the output as a consumer would (RFC 5545 §3.1), failing on anything
    /// that is not CRLF-terminated content lines.
    fn parse(ics: &str) -> Vec<ContentLine> {
        assert!(ics.ends_with("\r\n"), "output must end in CRLF");
        let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
        let body = unfolded.strip_suffix("\r\n").unwrap_or(&unfolded);
        body.split("\r\n")
            .map(|l| {
                let colon = l.find(':').unwrap_or_else(|| panic!("no colon in {l:?}"));
                let (head, value) = (&l[..colon], &l[colon + 1..]);
                let (name, params) = head.split_once(';').unwrap_or((head, ""));
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                    "bad property name in {l:?}"
                );
                ContentLine {
                    name: name.to_owned(),
                    params: params.to_owned(),
                    value: value.to_owned(),
                }
            })
            .collect()
    }

    fn unescape_text(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                // An unescaped `;` or `,` would separate values of a multi-valued TEXT.
                assert!(c != ';' && c != ',', "unescaped {c:?} in {value:?}");
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some(';') => out.push(';'),
                Some(',') => out.push(','),
                Some('n' | 'N') => out.push('\n'),
                other => panic!("bad escape \\{other:?} in {value:?}"),
            }
        }
        out
    }

    /// The VEVENTs' properties, one list per event.
    fn events_of(lines: &[ContentLine]) -> Vec<Vec<&ContentLine>> {
        let mut events = Vec::new();
        let mut current: Option<Vec<&ContentLine>> = None;
        for l in lines {
            match (l.name.as_str(), l.value.as_str()) {
                ("BEGIN", "VEVENT") => {
                    assert!(current.is_none(), "nested VEVENT");
                    current = Some(Vec::new());
                }
                ("END", "VEVENT") => {
                    events.push(current.take().unwrap_or_else(|| panic!("stray END")))
                }
                _ => {
                    if let Some(props) = current.as_mut() {
                        props.push(l);
                    }
                }
            }
        }
        assert!(current.is_none(), "unterminated VEVENT");
        events
    }

    fn only<'a>(props: &[&'a ContentLine], name: &str) -> &'a ContentLine {
        let found: Vec<_> = props.iter().filter(|p| p.name == name).collect();
        assert_eq!(
            found.len(),
            1,
            "{name} must appear exactly once in {props:?}"
        );
        found[0]
    }

    fn is_utc_instant(value: &str) -> bool {
        let b = value.as_bytes();
        b.len() == 16
            && b[..8].iter().all(u8::is_ascii_digit)
            && b[8] == b'T'
            && b[9..15].iter().all(u8::is_ascii_digit)
            && b[15] == b'Z'
    }

    fn assert_well_formed(ics: &str) {
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "CR without LF at {i}"),
                b'\n' => assert!(i > 0 && bytes[i - 1] == b'\r', "LF without CR at {i}"),
                _ => {}
            }
        }
        for physical in ics.split("\r\n") {
            assert!(
                physical.len() <= MAX_LINE_OCTETS,
                "{} octets: {physical:?}",
                physical.len()
            );
            assert!(
                !physical.chars().any(|c| c.is_control() && c != '\t'),
                "control character in {physical:?}"
            );
        }
        // Every physical line is a whole string slice: a fold inside a multi-byte character
        // would leave invalid UTF-8 on either side.
        for physical in bytes.split(|b| *b == b'\n') {
            assert!(std::str::from_utf8(physical).is_ok(), "split character");
        }
        let lines = parse(ics);
        assert_eq!(lines.first().map(|l| l.value.as_str()), Some("VCALENDAR"));
        assert_eq!(lines.last().map(|l| l.name.as_str()), Some("END"));
        assert_eq!(lines.last().map(|l| l.value.as_str()), Some("VCALENDAR"));
        for l in &lines {
            assert!(l.params.is_empty(), "no parameters are written: {l:?}");
        }
        for props in events_of(&lines) {
            for name in ["UID", "DTSTAMP", "DTSTART", "SUMMARY", "STATUS"] {
                only(&props, name);
            }
            for name in ["DTSTAMP", "DTSTART", "DTEND", "LAST-MODIFIED"] {
                for p in props.iter().filter(|p| p.name == name) {
                    assert!(is_utc_instant(&p.value), "{name}:{}", p.value);
                }
            }
            for p in &props {
                if ["UID", "SUMMARY", "DESCRIPTION", "LOCATION"].contains(&p.name.as_str()) {
                    unescape_text(&p.value);
                }
            }
        }
    }

    #[test]
    fn calendar_and_every_event_carry_the_required_properties() {
        let mut meeting = event(&uid("meeting", 42, "cw.example"), "City Council");
        meeting.ends_at = Some(at(2026, 7, 17, 1, 30));
        meeting.url = Some("https://cw.example/meetings/TWVldGluZzo0Mg".to_owned());
        meeting.location = Some("City Hall, Room 200".to_owned());
        meeting.description = Some("Custodial services; renewal".to_owned());
        meeting.last_modified = Some(at(2026, 7, 2, 9, 15));
        let deadline = event(&uid("bids-due", 7, "cw.example"), "Bids due: RFP 2026-14");
        let mut cancelled = event(&uid("meeting", 43, "cw.example"), "Committee");
        cancelled.cancelled = true;
        let ics = render(&calendar(vec![meeting, deadline, cancelled]));
        assert_well_formed(&ics);

        let lines = parse(&ics);
        let cal: Vec<_> = lines
            .iter()
            .take_while(|l| l.name != "BEGIN" || l.value != "VEVENT")
            .collect();
        assert_eq!(only(&cal, "VERSION").value, "2.0");
        assert_eq!(only(&cal, "PRODID").value, "-//Contract Watch//EN");
        assert_eq!(only(&cal, "CALSCALE").value, "GREGORIAN");
        assert_eq!(only(&cal, "METHOD").value, "PUBLISH");
        assert_eq!(only(&cal, "X-WR-CALNAME").value, "Riverton: City Council");
        assert!(!lines.iter().any(|l| l.value == "VTIMEZONE"));

        let events = events_of(&lines);
        assert_eq!(events.len(), 3);
        let m = &events[0];
        assert_eq!(only(m, "UID").value, "meeting-42@cw.example");
        assert_eq!(only(m, "DTSTAMP").value, "20260701T120000Z");
        assert_eq!(only(m, "DTSTART").value, "20260716T230000Z");
        assert_eq!(only(m, "DTEND").value, "20260717T013000Z");
        assert_eq!(only(m, "SUMMARY").value, "City Council");
        assert_eq!(only(m, "LOCATION").value, "City Hall\\, Room 200");
        assert_eq!(
            only(m, "DESCRIPTION").value,
            "Custodial services\\; renewal"
        );
        assert_eq!(
            only(m, "URL").value,
            "https://cw.example/meetings/TWVldGluZzo0Mg"
        );
        assert_eq!(only(m, "LAST-MODIFIED").value, "20260702T091500Z");
        assert_eq!(only(m, "STATUS").value, "CONFIRMED");

        let d = &events[1];
        assert!(!d.iter().any(|p| p.name == "DTEND" || p.name == "DURATION"));
        assert!(!d.iter().any(|p| {
            ["URL", "DESCRIPTION", "LOCATION", "LAST-MODIFIED"].contains(&p.name.as_str())
        }));
        assert_eq!(only(&events[2], "STATUS").value, "CANCELLED");
    }

    #[test]
    fn an_end_not_after_the_start_is_left_out() {
        let mut same = event("a", "same second");
        same.ends_at = Some(same.starts_at + chrono::Duration::milliseconds(900));
        let mut before = event("b", "before");
        before.ends_at = Some(before.starts_at - chrono::Duration::hours(1));
        let ics = render(&calendar(vec![same, before]));
        assert_well_formed(&ics);
        assert!(!ics.contains("DTEND"));
    }

    #[test]
    fn a_repeated_uid_is_written_once() {
        let ics = render(&calendar(vec![
            event("x@h", "first"),
            event("x@h", "second"),
            event("x@h\u{0}", "same once escaped"),
            event("y@h", "other"),
        ]));
        assert_well_formed(&ics);
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("SUMMARY:first") && !ics.contains("second"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        // Shift 1- to 4-byte characters across every fold position.
        for prefix in 0..8 {
            let summary = format!(
                "{}{}",
                "x".repeat(prefix),
                "aé€😀👩‍👩‍👧 Ünïcödé façade — 東京都 ".repeat(40)
            );
            let mut e = event("u", &summary);
            e.description = Some("😀".repeat(500));
            e.location = Some("é".repeat(301));
            let ics = render(&calendar(vec![e]));
            assert_well_formed(&ics);
            let lines = parse(&ics);
            let events = events_of(&lines);
            assert_eq!(unescape_text(&only(&events[0], "SUMMARY").value), summary);
            assert_eq!(
                unescape_text(&only(&events[0], "DESCRIPTION").value),
                "😀".repeat(500)
            );
        }
        let ics = render(&calendar(vec![event("u", &"y".repeat(20_000))]));
        assert_well_formed(&ics);
        assert!(ics.contains(&format!(
            "SUMMARY:{}\r\n {}",
            "y".repeat(67),
            "y".repeat(74)
        )));
    }

    #[test]
    fn text_escaping_round_trips() {
        let cases = [
            "plain",
            "a,b;c\\d",
            "\\n is not a newline",
            "\\,\\;\\\\",
            "line one\nline two\r\nline three\rline four",
            "trailing backslash \\",
            ":colon: \"quotes\" 'single' <tags> & ampersands",
            "tab\tkept",
            "",
        ];
        for text in cases {
            let mut e = event("u", text);
            e.description = Some(text.to_owned());
            e.location = Some(text.to_owned());
            let ics = render(&calendar(vec![e]));
            assert_well_formed(&ics);
            let lines = parse(&ics);
            let events = events_of(&lines);
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(unescape_text(&only(&events[0], "SUMMARY").value), expected);
            if !expected.is_empty() {
                assert_eq!(
                    unescape_text(&only(&events[0], "DESCRIPTION").value),
                    expected
                );
                assert_eq!(unescape_text(&only(&events[0], "LOCATION").value), expected);
            }
        }
        assert_eq!(escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn hostile_text_cannot_break_out_of_its_property() {
        let injection =
            "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:pwned\nEND:VCALENDAR\r";
        let controls: String = (0u8..=0x1f)
            .map(char::from)
            .chain(['\u{7f}', '\u{85}', '\u{9b}'])
            .collect();
        let mut e = event(injection, injection);
        e.description = Some(format!("{controls}{injection}"));
        e.location = Some(controls.clone());
        e.url = Some(format!(
            "https://cw.example/a\r\nSTATUS:CANCELLED {controls}"
        ));
        let mut cal = calendar(vec![e, event("\u{0}", "\u{0}")]);
        cal.name = injection.to_owned();
        cal.product = controls;
        let ics = render(&cal);
        assert_well_formed(&ics);
        let lines = parse(&ics);
        let events = events_of(&lines);
        assert_eq!(events.len(), 2);
        assert_eq!(lines.iter().filter(|l| l.name == "BEGIN").count(), 3);
        assert_eq!(lines.iter().filter(|l| l.name == "STATUS").count(), 2);
        assert_eq!(
            unescape_text(&only(&events[0], "SUMMARY").value),
            injection.replace("\r\n", "\n").replace('\r', "\n")
        );
        assert_eq!(
            only(&events[0], "URL").value,
            "https://cw.example/aSTATUS:CANCELLED%20"
        );
        assert_eq!(only(&events[0], "LOCATION").value, "\t\\n\\n");
        assert_eq!(only(&events[1], "UID").value, "");
    }

    #[test]
    fn pseudo_random_text_always_renders_valid_output() {
        let alphabet: Vec<char> =
            "aZ09 \\;,:\"'\r\n\t\u{0}\u{1b}\u{7f}\u{85}é€😀\u{200d}\u{feff}\u{fffe}\u{10ffff}"
                .chars()
                .collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let len = (next() % 200) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let mut e = event(&text, &text);
            e.description = Some(text.clone());
            e.url = Some(text.clone());
            let ics = render(&calendar(vec![e]));
            assert_well_formed(&ics);
            let lines = parse(&ics);
            let events = events_of(&lines);
            let expected: String = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect();
            assert_eq!(unescape_text(&only(&events[0], "SUMMARY").value), expected);
        }
    }

    #[test]
    fn extreme_instants_still_render_as_utc_date_times() {
        let mut e = event("u", "far");
        e.starts_at = DateTime::<Utc>::MIN_UTC;
        e.ends_at = Some(DateTime::<Utc>::MAX_UTC);
        e.stamp = DateTime::<Utc>::MAX_UTC;
        let ics = render(&calendar(vec![e]));
        assert_well_formed(&ics);
        assert!(ics.contains("DTSTART:00000101T000000Z\r\n"));
        assert!(ics.contains("DTEND:99991231T235959Z\r\n"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let build = || {
            let mut e = event(
                &uid("meeting", 42, "cw.example"),
                "Vote: parking enforcement, renewal",
            );
            e.description = Some("Long text ".repeat(30));
            e.ends_at = Some(at(2026, 7, 17, 1, 0));
            calendar(vec![
                e,
                event(&uid("bids-due", 9, "cw.example"), "Bids due"),
            ])
        };
        let first = render(&build());
        assert_eq!(first, render(&build()));
        assert_eq!(first.as_bytes(), render(&build()).as_bytes());
        assert_eq!(render(&calendar(vec![])), render(&calendar(vec![])));
        assert_well_formed(&render(&calendar(vec![])));
    }

    #[test]
    fn uids_are_stable_and_distinct() {
        assert_eq!(
            uid("meeting", 42, "contract-watch.example"),
            "meeting-42@contract-watch.example"
        );
        assert_eq!(
            uid("meeting", 42, "Contract-Watch.EXAMPLE"),
            uid("meeting", 42, "contract-watch.example")
        );
        assert_eq!(
            uid("bid deadline", -1, "h@x\r\n"),
            "bid%20deadline--1@h%40x%0D%0A"
        );
        let inputs = [
            ("a", 1, "h"),
            ("a-", 1, "h"),
            ("a", -1, "h"),
            ("a-1", 2, "h"),
            ("a", 12, "h"),
            ("a-1-", 2, "h"),
            ("a-1", -2, "h"),
            ("a@b", 1, "h"),
            ("a", 1, "b@h"),
            ("a%40b", 1, "h"),
            ("", 1, "h"),
            ("", -1, "h"),
        ];
        let uids: HashSet<_> = inputs.iter().map(|(k, i, h)| uid(k, *i, h)).collect();
        assert_eq!(uids.len(), inputs.len(), "{uids:?}");
    }
}
