//! Cursor pagination. A cursor is the opaque form of an item's position in the ordered list;
//! `after` resumes right behind it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::AppError;

const CURSOR_PREFIX: &str = "cursor:";

/// Which slice of a list a client asked for, validated against the page-size limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub offset: u64,
    pub limit: u64,
}

/// Page-size limits from the settings.
#[derive(Debug, Clone, Copy)]
pub struct PageLimits {
    pub default_size: u64,
    pub max_size: u64,
}

impl PageRequest {
    /// Parses Relay's `first` and `after`.
    pub fn parse(
        first: Option<i32>,
        after: Option<&str>,
        limits: PageLimits,
    ) -> Result<Self, AppError> {
        let limit = match first {
            None => limits.default_size,
            Some(n) if n >= 0 && (n as u64) <= limits.max_size => n as u64,
            Some(_) => {
                return Err(AppError::invalid(
                    "first",
                    format!("must be between 0 and {}", limits.max_size),
                ));
            }
        };
        let offset = match after {
            None => 0,
            Some(cursor) => decode_cursor(cursor)? + 1,
        };
        Ok(Self { offset, limit })
    }
}

/// The opaque cursor of the item at `offset`.
pub fn encode_cursor(offset: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{offset}"))
}

fn decode_cursor(cursor: &str) -> Result<u64, AppError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(CURSOR_PREFIX)?.parse::<u64>().ok())
        .filter(|offset| *offset < i64::MAX as u64)
        .ok_or_else(|| AppError::invalid("after", "is not a valid cursor"))
}

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Position of the first item in the whole ordered list.
    pub offset: u64,
    pub has_next_page: bool,
    /// Only computed when the client asked for it.
    pub total_count: Option<u64>,
}

impl<T> Page<T> {
    /// Converts the items, keeping the page's position.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            offset: self.offset,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: PageLimits = PageLimits {
        default_size: 20,
        max_size: 100,
    };

    #[test]
    fn defaults_and_cursors() {
        assert_eq!(
            PageRequest::parse(None, None, LIMITS).ok(),
            Some(PageRequest {
                offset: 0,
                limit: 20
            })
        );
        let after = encode_cursor(19);
        assert_eq!(
            PageRequest::parse(Some(100), Some(&after), LIMITS).ok(),
            Some(PageRequest {
                offset: 20,
                limit: 100
            })
        );
    }

    #[test]
    fn out_of_range_sizes_and_bad_cursors_are_rejected() {
        for first in [-1, 101, i32::MAX] {
            assert!(matches!(
                PageRequest::parse(Some(first), None, LIMITS),
                Err(AppError::Validation { field: "first", .. })
            ));
        }
        for after in [
            "",
            "x",
            "Y3Vyc29yOi0x",
            &URL_SAFE_NO_PAD.encode("cursor:18446744073709551615"),
        ] {
            assert!(
                matches!(
                    PageRequest::parse(None, Some(after), LIMITS),
                    Err(AppError::Validation { field: "after", .. })
                ),
                "{after:?}"
            );
        }
    }
}
