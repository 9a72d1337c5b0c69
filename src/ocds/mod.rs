//! The Open Contracting Data Standard (OCDS 1.1): reading publishers' files and merging
//! releases.
//!
//! - [`read`] streams releases and records out of any of the shapes publishers use (release or
//!   record packages, bare releases or records, JSON Lines, arrays; gzip or not), reporting what
//!   it skips with the JSON path where it was.
//! - [`merge`] compiles the releases of one contracting process into its current state (and, if
//!   wanted, its history), by the standard's merging rules.
//! - [`map`] turns a compiled release into a plan of what the registry holds (agency, vendors,
//!   solicitation, contracts with amendments and renewal terms), reporting what it skips.
//!
//! None touches the database: the importer stores what [`map`] plans. Test data (the standard's
//! fictional example, samples from three publishers, and the 1.1.5 schema) is under
//! `tests/fixtures/ocds/`, with its sources and licences.

pub mod map;
pub mod merge;
pub mod read;
