//! The mapping presets shipped with the service, one per published export.
//!
//! The files live in `configuration/csv-presets/`; they are compiled in so a preset works
//! without the configuration folder. (In the scratch crate they are in `presets/`: the paths
//! below are the only lines to change when the files move.)

use super::mapping::{Mapping, MappingError};

/// City of Chicago, Contracts (data.cityofchicago.org, dataset `rsxa-ify5`).
pub const CHICAGO: &str = include_str!("../../configuration/csv-presets/chicago.toml");
/// New York City, Recent Contract Awards (data.cityofnewyork.us, dataset `qyyg-4tf5`).
pub const NYC: &str = include_str!("../../configuration/csv-presets/nyc.toml");
/// San Francisco, Supplier Contracts (data.sfgov.org, dataset `cqi5-hm2d`).
pub const SAN_FRANCISCO: &str = include_str!("../../configuration/csv-presets/san-francisco.toml");

/// Every preset: its id (the file's name without `.toml`) and its text.
pub const ALL: &[(&str, &str)] = &[
    ("chicago", CHICAGO),
    ("nyc", NYC),
    ("san-francisco", SAN_FRANCISCO),
];

/// The preset with this id, checked; `None` for an unknown id.
pub fn preset(id: &str) -> Option<Result<Mapping, MappingError>> {
    ALL.iter()
        .find(|(name, _)| *name == id)
        .map(|(_, text)| Mapping::from_toml(text))
}
