//! Atom 1.0 (RFC 4287) feeds.
//!
//! What the output always is:
//! - a UTF-8 XML 1.0 document whose text and attribute values escape `&`, `<`, `>`, `"` and `'`;
//! - free of characters XML 1.0 forbids (C0 controls other than tab and line feed, U+FFFE and
//!   U+FFFF) and of those it discourages (DEL, C1 controls, other noncharacters); a CRLF or a
//!   lone CR becomes a line feed, as an XML parser would read it anyway;
//! - `href`s written as URIs (see `clean_uri` in the parent module);
//! - timestamps in RFC 3339, UTC, to the second (`2026-07-16T23:00:00Z`);
//! - the same feed renders to the same bytes, every time.
//!
//! The feed always names [`FEED_AUTHOR`] as its author, so every entry has an author (RFC 4287
//! §4.1.1): an entry's own `author`, when given, is written in the entry and overrides it. Each
//! entry links to its page (`rel="alternate"`), which RFC 4287 §4.1.2 requires of an entry with
//! no `content`.

use chrono::{DateTime, Utc};

use super::{clean_uri, utc_fields};

/// The feed-level author, inherited by every entry that does not name its own.
pub const FEED_AUTHOR: &str = "Contract Watch";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// A permanent IRI: a `tag:` URI (see [`super::tag_id`]) or an `https` URL that never changes.
    pub id: String,
    pub title: String,
    /// Where this feed is served (`rel="self"`, `application/atom+xml`).
    pub self_url: String,
    /// The web page it follows (`rel="alternate"`, `text/html`).
    pub alternate_url: String,
    pub updated: DateTime<Utc>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// A permanent IRI, as for [`Feed::id`].
    pub id: String,
    pub title: String,
    /// The entry's web page (`rel="alternate"`, `text/html`).
    pub url: String,
    pub updated: DateTime<Utc>,
    pub published: Option<DateTime<Utc>>,
    /// Plain text (`type="text"`), not HTML.
    pub summary: Option<String>,
    /// The author's display name; `None` (or blank) leaves the entry to [`FEED_AUTHOR`].
    pub author: Option<String>,
}

/// The feed as an Atom document (`application/atom+xml; charset=utf-8`).
pub fn render(feed: &Feed) -> String {
    let mut out = String::with_capacity(1024 + feed.entries.len() * 768);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(&mut out, "  ", "id", "", &feed.id);
    element(&mut out, "  ", "title", " type=\"text\"", &feed.title);
    element(
        &mut out,
        "  ",
        "updated",
        "",
        &format_instant(&feed.updated),
    );
    link(
        &mut out,
        "  ",
        "self",
        "application/atom+xml",
        &feed.self_url,
    );
    link(
        &mut out,
        "  ",
        "alternate",
        "text/html",
        &feed.alternate_url,
    );
    author(&mut out, "  ", FEED_AUTHOR);
    for entry in &feed.entries {
        render_entry(&mut out, entry);
    }
    out.push_str("</feed>\n");
    out
}

fn render_entry(out: &mut String, entry: &Entry) {
    const IN: &str = "    ";
    out.push_str("  <entry>\n");
    element(out, IN, "id", "", &entry.id);
    element(out, IN, "title", " type=\"text\"", &entry.title);
    element(out, IN, "updated", "", &format_instant(&entry.updated));
    if let Some(published) = &entry.published {
        element(out, IN, "published", "", &format_instant(published));
    }
    link(out, IN, "alternate", "text/html", &entry.url);
    if let Some(name) = &entry.author
        && !xml_text(name).trim().is_empty()
    {
        author(out, IN, name);
    }
    if let Some(summary) = &entry.summary
        && !xml_text(summary).is_empty()
    {
        element(out, IN, "summary", " type=\"text\"", summary);
    }
    out.push_str("  </entry>\n");
}

/// `<name attrs>text</name>`; `attrs` is trusted markup (a literal), `text` is escaped.
fn element(out: &mut String, indent: &str, name: &str, attrs: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push_str(attrs);
    out.push('>');
    out.push_str(&xml_text(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn link(out: &mut String, indent: &str, rel: &str, media_type: &str, href: &str) {
    out.push_str(indent);
    out.push_str("<link rel=\"");
    out.push_str(rel);
    out.push_str("\" type=\"");
    out.push_str(media_type);
    out.push_str("\" href=\"");
    out.push_str(&xml_text(&clean_uri(href)));
    out.push_str("\"/>\n");
}

fn author(out: &mut String, indent: &str, name: &str) {
    out.push_str(indent);
    out.push_str("<author>\n");
    element(out, &format!("{indent}  "), "name", "", name);
    out.push_str(indent);
    out.push_str("</author>\n");
}

/// RFC 3339 in UTC, to the second.
fn format_instant(instant: &DateTime<Utc>) -> String {
    let [year, month, day, hour, minute, second] = utc_fields(instant);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// Text fit for XML 1.0 content or a quoted attribute value: forbidden and discouraged
/// characters dropped, CRLF and CR read as LF, and `& < > " '` escaped.
fn xml_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if c.is_control() || is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE and U+FFFF among them).
fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use quick_xml::Reader;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        match Utc.with_ymd_and_hms(y, mo, d, h, mi, 0) {
            chrono::LocalResult::Single(t) => t,
            _ => panic!("bad test date"),
        }
    }

    fn entry(n: i64) -> Entry {
        Entry {
            id: format!("tag:cw.example,2026:contracts/{n}"),
            title: format!("Contract {n} renewal"),
            url: format!("https://cw.example/contracts/{n}"),
            updated: at(2026, 7, 1, 12, 0),
            published: None,
            summary: None,
            author: None,
        }
    }

    fn feed(entries: Vec<Entry>) -> Feed {
        Feed {
            id: "tag:cw.example,2026:feeds/renewals".to_owned(),
            title: "Renewals in Riverton".to_owned(),
            self_url: "https://cw.example/feeds/renewals.atom".to_owned(),
            alternate_url: "https://cw.example/".to_owned(),
            updated: at(2026, 7, 2, 8, 30),
            entries,
        }
    }

    /// A parsed element: name, attributes, text (unescaped), children.
    #[derive(Debug, Default)]
    struct Node {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
        children: Vec<Node>,
    }

    impl Node {
        fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }
        fn all(&self, name: &str) -> Vec<&Node> {
            self.children.iter().filter(|c| c.name == name).collect()
        }
        fn one(&self, name: &str) -> &Node {
            let found = self.all(name);
            assert_eq!(
                found.len(),
                1,
                "<{}> must have exactly one <{name}>",
                self.name
            );
            found[0]
        }
        fn link(&self, rel: &str) -> &Node {
            let found: Vec<_> = self
                .all("link")
                .into_iter()
                .filter(|l| l.attr("rel") == Some(rel))
                .collect();
            assert_eq!(
                found.len(),
                1,
                "<{}> must have one link rel={rel}",
                self.name
            );
            found[0]
        }
    }

    fn node(start: &quick_xml::events::BytesStart<'_>) -> Node {
        let attrs = start
            .attributes()
            .map(|a| {
                let a = a.unwrap_or_else(|e| panic!("bad attribute: {e}"));
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap_or_else(|e| panic!("bad attribute value: {e}"));
                (a.key.as_ref().to_owned(), value.into_owned())
            })
            .collect();
        Node {
            name: start.name().as_ref().to_owned(),
            attrs,
            ..Node::default()
        }
    }

    /// Parses the document into its root element, failing on anything not well-formed.
    fn parse(xml: &str) -> Node {
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<Node> = vec![Node::default()];
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => stack.push(node(&e)),
                Ok(Event::Empty(e)) => {
                    let n = node(&e);
                    stack
                        .last_mut()
                        .unwrap_or_else(|| panic!("no parent"))
                        .children
                        .push(n);
                }
                Ok(Event::End(_)) => {
                    let done = stack.pop().unwrap_or_else(|| panic!("unbalanced"));
                    stack
                        .last_mut()
                        .unwrap_or_else(|| panic!("unbalanced"))
                        .children
                        .push(done);
                }
                Ok(Event::Text(t)) => {
                    let text = t.xml10_content();
                    stack
                        .last_mut()
                        .unwrap_or_else(|| panic!("no parent"))
                        .text
                        .push_str(&text);
                }
                Ok(Event::GeneralRef(r)) => {
                    let name = r.as_ref().to_owned();
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};"))
                            .to_owned(),
                    };
                    stack
                        .last_mut()
                        .unwrap_or_else(|| panic!("no parent"))
                        .text
                        .push_str(&resolved);
                }
                Ok(Event::Decl(_)) => {}
                Ok(Event::Eof) => break,
                Ok(other) => panic!("unexpected {other:?}"),
                Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
            }
        }
        assert_eq!(stack.len(), 1, "unclosed elements");
        let mut document = stack.pop().unwrap_or_default();
        assert_eq!(document.children.len(), 1, "one root element");
        document.children.pop().unwrap_or_default()
    }

    fn is_rfc3339_utc(value: &str) -> bool {
        let b = value.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        b.len() == 20
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19)
            && b[19] == b'Z'
    }

    fn is_xml_char(c: char) -> bool {
        matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
    }

    /// Checks every RFC 4287 requirement this module promises and returns the parsed feed.
    fn assert_valid(xml: &str) -> Node {
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"));
        assert!(xml.chars().all(is_xml_char), "character XML 1.0 forbids");
        assert!(
            !xml.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control character"
        );
        let root = parse(xml);
        assert_eq!(root.name, "feed");
        assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
        root.one("id");
        assert_eq!(root.one("title").attr("type"), Some("text"));
        assert!(is_rfc3339_utc(&root.one("updated").text));
        assert_eq!(root.link("self").attr("type"), Some("application/atom+xml"));
        assert_eq!(root.link("alternate").attr("type"), Some("text/html"));
        assert!(root.link("self").attr("href").is_some());
        assert!(root.link("alternate").attr("href").is_some());
        assert_eq!(root.one("author").one("name").text, FEED_AUTHOR);
        for e in root.all("entry") {
            e.one("id");
            assert_eq!(e.one("title").attr("type"), Some("text"));
            assert!(is_rfc3339_utc(&e.one("updated").text));
            for p in e.all("published") {
                assert!(is_rfc3339_utc(&p.text));
            }
            assert!(e.link("alternate").attr("href").is_some());
            assert!(e.all("author").len() <= 1);
            for a in e.all("author") {
                a.one("name");
            }
            assert!(e.all("summary").len() <= 1);
            for s in e.all("summary") {
                assert_eq!(s.attr("type"), Some("text"));
            }
        }
        root
    }

    #[test]
    fn feed_and_every_entry_carry_the_required_elements() {
        let mut full = entry(1);
        full.published = Some(at(2026, 6, 30, 17, 5));
        full.summary = Some("Decision due in 90 days".to_owned());
        full.author = Some("Riverton Public Works".to_owned());
        let xml = render(&feed(vec![full, entry(2)]));
        let root = assert_valid(&xml);
        assert_eq!(root.one("id").text, "tag:cw.example,2026:feeds/renewals");
        assert_eq!(root.one("title").text, "Renewals in Riverton");
        assert_eq!(root.one("updated").text, "2026-07-02T08:30:00Z");
        assert_eq!(
            root.link("self").attr("href"),
            Some("https://cw.example/feeds/renewals.atom")
        );
        assert_eq!(
            root.link("alternate").attr("href"),
            Some("https://cw.example/")
        );

        let entries = root.all("entry");
        assert_eq!(entries.len(), 2);
        let e = entries[0];
        assert_eq!(e.one("id").text, "tag:cw.example,2026:contracts/1");
        assert_eq!(e.one("title").text, "Contract 1 renewal");
        assert_eq!(e.one("updated").text, "2026-07-01T12:00:00Z");
        assert_eq!(e.one("published").text, "2026-06-30T17:05:00Z");
        assert_eq!(
            e.link("alternate").attr("href"),
            Some("https://cw.example/contracts/1")
        );
        assert_eq!(e.one("summary").text, "Decision due in 90 days");
        assert_eq!(e.one("author").one("name").text, "Riverton Public Works");
        let bare = entries[1];
        for absent in ["published", "summary", "author"] {
            assert_eq!(bare.all(absent).len(), 0, "{absent}");
        }
        assert_valid(&render(&feed(vec![])));
    }

    #[test]
    fn markup_characters_are_escaped_and_read_back() {
        let nasty = "<script>alert(\"x\" & 'y')</script> ]]> &amp; &#0; <!-- -->";
        let mut e = entry(1);
        e.id = nasty.to_owned();
        e.title = nasty.to_owned();
        e.summary = Some(nasty.to_owned());
        e.author = Some(nasty.to_owned());
        e.url = "https://cw.example/s?q=a&b=\"c\"'<d>".to_owned();
        let mut f = feed(vec![e]);
        f.title = nasty.to_owned();
        f.self_url = "https://cw.example/\"/><script>".to_owned();
        let xml = render(&f);
        assert!(!xml.contains("<script"));
        assert!(
            xml.contains("&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;")
        );
        let root = assert_valid(&xml);
        assert_eq!(root.one("title").text, nasty);
        let e = root.one("entry");
        assert_eq!(e.one("id").text, nasty);
        assert_eq!(e.one("title").text, nasty);
        assert_eq!(e.one("summary").text, nasty);
        assert_eq!(e.one("author").one("name").text, nasty);
        assert_eq!(
            e.link("alternate").attr("href"),
            Some("https://cw.example/s?q=a&b=%22c%22'%3Cd%3E")
        );
        assert_eq!(
            root.link("self").attr("href"),
            Some("https://cw.example/%22/%3E%3Cscript%3E")
        );
    }

    #[test]
    fn characters_xml_forbids_are_removed() {
        let controls: String = (0u8..=0x1f).map(char::from).collect();
        let hostile = format!(
            "a{controls}b\u{7f}\u{85}\u{9f}\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}\u{10ffff}c\r\nd\re"
        );
        let mut e = entry(1);
        e.title = hostile.clone();
        e.summary = Some(hostile.clone());
        e.author = Some(controls.clone());
        e.url = format!("https://cw.example/{controls}x");
        let mut f = feed(vec![e]);
        f.id = hostile.clone();
        let xml = render(&f);
        let root = assert_valid(&xml);
        let expected = "a\t\n\nbc\nd\ne";
        assert_eq!(root.one("id").text, expected);
        let e = root.one("entry");
        assert_eq!(e.one("title").text, expected);
        assert_eq!(e.one("summary").text, expected);
        // Only tab and line breaks were left of it: blank, so the feed's author stands.
        assert_eq!(e.all("author").len(), 0);
        assert_eq!(
            e.link("alternate").attr("href"),
            Some("https://cw.example/x")
        );
    }

    #[test]
    fn unicode_and_long_text_pass_through() {
        let text = format!("Déneigement — 東京 😀👩‍👩‍👧 {}", "long ".repeat(10_000));
        let mut e = entry(1);
        e.title = text.clone();
        e.summary = Some(text.clone());
        e.url = "https://cw.example/recherche?q=déneigement".to_owned();
        let root = assert_valid(&render(&feed(vec![e])));
        let e = root.one("entry");
        assert_eq!(e.one("title").text, text);
        assert_eq!(e.one("summary").text, text);
        assert_eq!(
            e.link("alternate").attr("href"),
            Some("https://cw.example/recherche?q=d%C3%A9neigement")
        );
    }

    #[test]
    fn pseudo_random_text_always_renders_valid_output() {
        let alphabet: Vec<char> = "aZ09 <>&\"';]]\r\n\t\u{0}\u{1b}\u{7f}\u{85}é€😀\u{200d}\u{feff}\u{fffe}\u{ffff}\u{10ffff}"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
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
            let mut e = entry(1);
            e.id = text.clone();
            e.title = text.clone();
            e.url = text.clone();
            e.summary = Some(text.clone());
            e.author = Some(text.clone());
            let mut f = feed(vec![e]);
            f.self_url = text.clone();
            let root = assert_valid(&render(&f));
            let expected: String = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| *c == '\n' || *c == '\t' || !(c.is_control() || is_noncharacter(*c)))
                .collect();
            assert_eq!(root.one("entry").one("title").text, expected);
        }
    }

    #[test]
    fn extreme_instants_still_render_as_rfc_3339() {
        let mut e = entry(1);
        e.updated = DateTime::<Utc>::MAX_UTC;
        e.published = Some(DateTime::<Utc>::MIN_UTC);
        let mut f = feed(vec![e]);
        f.updated = at(2026, 7, 2, 8, 30) + chrono::Duration::milliseconds(999);
        let root = assert_valid(&render(&f));
        assert_eq!(root.one("updated").text, "2026-07-02T08:30:00Z");
        assert_eq!(
            root.one("entry").one("updated").text,
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            root.one("entry").one("published").text,
            "0000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn rendering_is_deterministic() {
        let build = || {
            let mut e = entry(1);
            e.summary = Some("Oppose & concern: <outsourcing>".to_owned());
            feed(vec![e, entry(2), entry(3)])
        };
        let first = render(&build());
        assert_eq!(first.as_bytes(), render(&build()).as_bytes());
        assert_eq!(render(&feed(vec![])), render(&feed(vec![])));
    }
}
