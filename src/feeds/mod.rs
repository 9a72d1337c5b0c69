//! Calendar (iCalendar, RFC 5545) and news (Atom, RFC 4287) feeds, rendered from plain structs.
//!
//! Both renderers write the text themselves rather than through the `icalendar` or
//! `atom_syndication` crates: neither strips the characters its format forbids, `icalendar` lets
//! a bare carriage return through into the output and its folding mixes character and byte
//! positions. Here every output is deterministic (same input, byte-identical output), never
//! panics, and is valid whatever text it is given: control characters are removed, line breaks
//! are escaped, and URLs are percent-encoded where they hold characters a URI cannot.
//!
//! Instants are written in UTC to the second. A year outside 0000–9999 (which neither format can
//! write) is clamped to the nearest end of that range.

pub mod atom;
pub mod ical;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// An RFC 4151 tag URI, `tag:{host},{date}:{path}`, for stable feed and entry ids.
///
/// `host` is the tagging authority (a domain name the service controlled on `date`, or an email
/// address): it is lowercased and keeps only the characters a domain name or email address may
/// have. `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a fixed date chosen once and never changed
/// (for instance the year the service started on that domain); only its digits and hyphens are
/// kept. `path` is percent-encoded where RFC 4151 does not allow a character (existing `%XX`
/// escapes are kept). Same inputs, same tag, always.
///
/// ```text
/// tag_id("Contract-Watch.example", "2026", "contracts/42")
///     == "tag:contract-watch.example,2026:contracts/42"
/// ```
pub fn tag_id(host: &str, date: &str, path: &str) -> String {
    let authority: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '@'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let date: String = date
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let specific = percent_encode(path, |c| is_pchar(c) || matches!(c, '/' | '?'), true);
    format!("tag:{authority},{date}:{specific}")
}

/// RFC 3986 `pchar` minus `pct-encoded` (handled by [`percent_encode`]).
fn is_pchar(c: char) -> bool {
    is_unreserved(c) || is_sub_delim(c) || matches!(c, ':' | '@')
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn is_sub_delim(c: char) -> bool {
    matches!(
        c,
        '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '='
    )
}

/// Percent-encodes (as UTF-8) every character `allowed` refuses. A `%` starts a kept escape when
/// `keep_escapes` is set and two hex digits follow it; any other `%` is encoded as `%25`.
pub(crate) fn percent_encode(
    input: &str,
    allowed: impl Fn(char) -> bool,
    keep_escapes: bool,
) -> String {
    let mut out = String::with_capacity(input.len());
    let bytes = input.as_bytes();
    for (i, c) in input.char_indices() {
        let escape_follows = keep_escapes
            && c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if escape_follows || (c != '%' && allowed(c)) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A URL made safe to write as a URI: surrounding whitespace trimmed, control characters
/// (tab, CR and LF included) removed, and every character a URI cannot hold (space, `"`, `<`,
/// `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, non-ASCII) percent-encoded. Existing `%XX` escapes
/// are kept; a stray `%` becomes `%25`.
pub(crate) fn clean_uri(url: &str) -> String {
    let without_controls: String = url.trim().chars().filter(|c| !c.is_control()).collect();
    percent_encode(
        &without_controls,
        |c| {
            is_unreserved(c)
                || is_sub_delim(c)
                || matches!(c, ':' | '/' | '?' | '#' | '[' | ']' | '@')
        },
        true,
    )
}

/// Year, month, day, hour, minute, second of `instant` in UTC, to the second, with the year
/// clamped to 0000–9999 (whole instants outside that range become its first or last second).
pub(crate) fn utc_fields(instant: &DateTime<Utc>) -> [u32; 6] {
    let year = instant.year();
    if year < 0 {
        [0, 1, 1, 0, 0, 0]
    } else if year > 9999 {
        [9999, 12, 31, 23, 59, 59]
    } else {
        [
            year.unsigned_abs(),
            instant.month(),
            instant.day(),
            instant.hour(),
            instant.minute(),
            instant.second(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_id_is_rfc_4151_shaped_and_stable() {
        assert_eq!(
            tag_id("Contract-Watch.example", "2026-01", "contracts/42"),
            "tag:contract-watch.example,2026-01:contracts/42"
        );
        assert_eq!(
            tag_id("cw.example", "2026", "feeds/agency 7/é#x%zz%41"),
            "tag:cw.example,2026:feeds/agency%207/%C3%A9%23x%25zz%41"
        );
        assert_eq!(
            tag_id("evil,host:x\n", "2026\r\n-01", "a"),
            "tag:evilhostx,2026-01:a"
        );
        assert_eq!(tag_id("a", "2026", "b"), tag_id("a", "2026", "b"));
    }

    #[test]
    fn clean_uri_removes_controls_and_encodes_what_a_uri_cannot_hold() {
        assert_eq!(
            clean_uri("  https://x.example/a b?q=1&r=é\r\nSTATUS:CANCELLED%\t "),
            "https://x.example/a%20b?q=1&r=%C3%A9STATUS:CANCELLED%25"
        );
        assert_eq!(
            clean_uri("https://x.example/<\"'>%2F"),
            "https://x.example/%3C%22'%3E%2F"
        );
        assert_eq!(clean_uri("\u{0}\u{7f}\u{85}"), "");
    }

    #[test]
    fn utc_fields_clamp_years_four_digits_cannot_hold() {
        assert_eq!(utc_fields(&DateTime::<Utc>::MIN_UTC), [0, 1, 1, 0, 0, 0]);
        assert_eq!(
            utc_fields(&DateTime::<Utc>::MAX_UTC),
            [9999, 12, 31, 23, 59, 59]
        );
    }
}
