//! Reading a Legistar client's bodies, officials, meetings, agenda items and votes.
//!
//! Legistar (Granicus) publishes a council's legislative record through its Web API,
//! `https://webapi.legistar.com/v1/{client}/…`. This module is the pure part of importing it:
//!
//! 1. [`load`] walks the API through a [`Fetch`] (recorded responses in a [`Folder`], or
//!    HTTP) into a [`Snapshot`] of the API's own objects ([`model`]).
//! 2. [`plan()`] maps the snapshot, through the client's [`ClientMapping`] (its time zone and
//!    vocabularies), to a [`Plan`] in our words: bodies, officials, office terms, meetings,
//!    agenda items and roll-call votes, keyed by Legistar ids, with the [`Skip`]s (what was
//!    left out, by API path, and why) and [`PlanWarning`]s.
//!
//! Nothing here touches a database or the network. Applying a plan is the importer's job.
//!
//! # Decisions
//!
//! - **Times**: `EventDate` is a local date and `EventTime` a clerk's local clock time, put
//!   together in the mapping's zone ([`time::meeting_start`]). A blank or unreadable time puts
//!   the meeting at local midnight, with a warning; a time that happens twice takes the
//!   earlier, one that does not exist the time an hour later, with a warning.
//! - **Flags** are 0/1, booleans or null ([`model::flag`]); a null active flag is active.
//! - **Outcomes**: the item's passed flag (its name, else 0/1); else the matter's history at
//!   the same meeting, deduplicated ([`dedupe_histories`]), last row first; else the item's
//!   action name; else pending.
//! - **Votes** whose name is not in the vocabulary, or whose person is not an official, are
//!   skipped with the reason; a name is never guessed.
//! - **Personal data**: officials' work emails are public record, but are kept out of logs;
//!   nothing here logs.

pub mod fetch;
pub mod http;
pub mod mapping;
pub mod model;
pub mod plan;
#[cfg(test)]
mod tests;
pub mod time;

pub use fetch::{Fetch, FetchError, Folder, Snapshot, load};
pub use http::Http;
pub use mapping::{ClientMapping, MappingError, Vocabulary};
pub use plan::{
    AgendaAction, AgendaOutcome, BodyKind, MeetingStatus, OfficeRole, Plan, PlanWarning,
    PlannedAgendaItem, PlannedBody, PlannedMatter, PlannedMeeting, PlannedOfficial, PlannedTerm,
    PlannedVote, Skip, VoteChoice, dedupe_histories, plan,
};
pub use time::{TimeError, meeting_start, parse_timestamp, parse_utc_timestamp};
