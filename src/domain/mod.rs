//! Validated domain types. No I/O here: once one of these exists, it is valid.

pub mod ids;
pub mod labels;
pub mod markdown;
pub mod money;
pub mod page;
pub mod search_text;
pub mod text;
