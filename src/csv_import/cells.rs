//! Reading one cell: money, dates, text.

use chrono::{NaiveDate, NaiveDateTime};

/// Amounts of this many major units or more are refused, as `crate::domain::money::parse_amount`
/// refuses more than 15 whole digits.
const MAX_MAJOR_UNITS: i128 = 1_000_000_000_000_000;

/// Why a money cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not an amount at all.
    #[error("is not an amount")]
    NotAnAmount,
    /// More (non-zero) decimals than the currency has: refused, never rounded.
    #[error("has more decimals than the currency's {exponent}")]
    TooPrecise {
        /// The currency's decimals.
        exponent: u32,
    },
    /// 10^15 major units or more.
    #[error("is too large (10^15 or more)")]
    TooLarge,
}

/// Reads an amount as exact minor units of a currency with `exponent` decimals, without floats.
///
/// Accepted: `1234.5`, `$1,234.50`, `-$12`, `$-12`, `+7`, `(500.00)` and `($500.00)` (negative),
/// `.50`, spaces around the sign and the `$`. Thousands separators must be commas in groups of
/// three (`1,234,567`); decimals beyond the currency's must be zeros (`1.500` is 150 cents,
/// `1.505` is refused).
pub fn parse_money(text: &str, exponent: u32) -> Result<i64, MoneyError> {
    let mut rest = text.trim();
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let mut signed = false;
    let mut take_sign = |rest: &mut &str| -> Result<(), MoneyError> {
        let sign = rest.as_bytes().first().copied();
        if matches!(sign, Some(b'-' | b'+')) {
            if signed || negative {
                return Err(MoneyError::NotAnAmount);
            }
            signed = true;
            negative = sign == Some(b'-');
            *rest = rest[1..].trim_start();
        }
        Ok(())
    };
    take_sign(&mut rest)?;
    if let Some(after) = rest.strip_prefix('$') {
        rest = after.trim_start();
        take_sign(&mut rest)?;
    }
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let whole_digits = whole_digits(whole)?;
    let fraction = fraction.unwrap_or("");
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NotAnAmount);
    }
    if whole_digits.is_empty() && fraction.is_empty() {
        return Err(MoneyError::NotAnAmount);
    }
    let exponent_len = exponent as usize;
    let (kept, dropped) = fraction.split_at(fraction.len().min(exponent_len));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(MoneyError::TooPrecise { exponent });
    }
    let significant = whole_digits.trim_start_matches('0');
    if significant.len() > 16 {
        return Err(MoneyError::TooLarge);
    }
    let mut minor: i128 = 0;
    for b in significant.bytes().chain(kept.bytes()) {
        minor = minor * 10 + i128::from(b - b'0');
    }
    for _ in kept.len()..exponent_len {
        minor *= 10;
    }
    if minor >= MAX_MAJOR_UNITS * 10_i128.pow(exponent) {
        return Err(MoneyError::TooLarge);
    }
    let minor = i64::try_from(minor).map_err(|_| MoneyError::TooLarge)?;
    Ok(if negative { -minor } else { minor })
}

/// The digits of a whole part written with optional comma thousands separators.
fn whole_digits(whole: &str) -> Result<String, MoneyError> {
    if !whole.contains(',') {
        return if whole.bytes().all(|b| b.is_ascii_digit()) {
            Ok(whole.to_owned())
        } else {
            Err(MoneyError::NotAnAmount)
        };
    }
    let mut digits = String::with_capacity(whole.len());
    for (i, group) in whole.split(',').enumerate() {
        let size_ok = if i == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !size_ok || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotAnAmount);
        }
        digits.push_str(group);
    }
    Ok(digits)
}

/// Reads a date in the first of `formats` that fits the whole cell. A format may include a
/// time (`%m/%d/%Y %I:%M:%S %p`): the time is read and dropped.
pub fn parse_date(text: &str, formats: &[String]) -> Option<NaiveDate> {
    let text = text.trim();
    formats.iter().find_map(|format| {
        NaiveDate::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .map(|at| at.date())
        })
    })
}

/// A trimmed cell, or `None` when blank.
pub fn text(cell: &str) -> Option<String> {
    let trimmed = cell.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Plain text from an HTML fragment: tags removed (line breaks for `<br>` and block ends),
/// common entities decoded, spaces collapsed, blank lines dropped.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let is_tag = rest.starts_with('<')
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if is_tag {
            match rest.find('>') {
                Some(end) => {
                    let tag = rest[1..end].trim().to_ascii_lowercase();
                    let name: String = tag
                        .trim_start_matches('/')
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    let closing = tag.starts_with('/');
                    if name == "br"
                        || (closing && matches!(name.as_str(), "p" | "div" | "li" | "tr"))
                        || (!closing && name == "li")
                    {
                        out.push('\n');
                    }
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else if rest.starts_with('<') {
            out.push('<');
            rest = &rest[1..];
        } else {
            let (decoded, used) = decode_entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes the entity at the start of `text` (which starts with `&`): the text and the bytes used.
fn decode_entity(text: &str) -> (String, usize) {
    let Some(end) = text.find(';').filter(|&end| end <= 10) else {
        return ("&".to_owned(), 1);
    };
    let body = &text[1..end];
    let named = match body {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => None,
    };
    let numeric = || {
        let code = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok()
        } else {
            body.strip_prefix('#')
                .and_then(|dec| dec.parse::<u32>().ok())
        };
        code.and_then(char::from_u32)
    };
    match named.or_else(numeric) {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".to_owned(), 1),
    }
}

/// At most 40 characters of a cell, for a message.
pub fn shown(cell: &str) -> String {
    let trimmed = cell.trim();
    let mut shown: String = trimmed.chars().take(40).collect();
    if trimmed.chars().count() > 40 {
        shown.push('…');
    }
    shown
}
