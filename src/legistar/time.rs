//! Legistar's dates and times.
//!
//! Legistar writes timestamps without an offset and with zero to three fractional digits
//! (`"2014-05-24T04:15:17"`, `"2024-09-21T00:49:38.617"`). Fields whose names end in `Utc` or
//! `UTC` are UTC ([`parse_utc_timestamp`]); the others are the client's local time. A meeting's
//! start is split in two: `EventDate` is the local date written as a timestamp at midnight, and
//! `EventTime` is the local clock time as a clerk typed it ("5:45 PM", "10 AM", "Noon").
//! [`meeting_start`] puts them together in the client's time zone and converts to UTC.

use std::fmt;

use chrono::offset::MappedLocalTime;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// Why a date or time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not a Legistar timestamp or date.
    #[error("{0:?} is not a Legistar timestamp (expected YYYY-MM-DDTHH:MM:SS, or a date)")]
    Timestamp(String),
    /// Not a clock time.
    #[error(
        "{0:?} is not a clock time (expected e.g. \"5:45 PM\", \"10 AM\", \"Noon\" or \"17:30\")"
    )]
    Clock(String),
    /// The local time falls in a daylight-saving gap that lasts more than an hour.
    #[error("{local} does not exist in {zone}, nor does the time an hour later")]
    Nonexistent {
        /// The local time asked for.
        local: NaiveDateTime,
        /// The zone's IANA name.
        zone: &'static str,
    },
}

/// Something about a meeting's start that a reader of the data should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// `EventTime` is null or blank: the meeting is put at local midnight of its date.
    MissingTime,
    /// `EventTime` is not a clock time this module reads ("TBD", "Following the study
    /// session"): the meeting is put at local midnight of its date.
    UnreadableTime(String),
    /// The local time does not exist (the clocks skip it when daylight-saving time starts):
    /// the time an hour later is used.
    Nonexistent {
        /// The local time given.
        local: NaiveDateTime,
        /// The local time used.
        used: NaiveDateTime,
    },
    /// The local time happens twice (the clocks repeat it when daylight-saving time ends): the
    /// earlier is used.
    Ambiguous {
        /// The local time given.
        local: NaiveDateTime,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingTime => f.write_str(
                "EventTime is blank: the meeting is put at midnight local time on its date",
            ),
            Self::UnreadableTime(text) => write!(
                f,
                "EventTime {text:?} is not a clock time: the meeting is put at midnight local \
                 time on its date"
            ),
            Self::Nonexistent { local, used } => write!(
                f,
                "local time {local} does not exist (daylight-saving time starts): {used} is used"
            ),
            Self::Ambiguous { local } => write!(
                f,
                "local time {local} happens twice (daylight-saving time ends): the earlier is used"
            ),
        }
    }
}

/// When a meeting starts, in UTC: its `EventDate` (a local date, written as a timestamp at
/// midnight) at its `EventTime` (a local clock time, read by [`parse_clock`]) in `zone`.
///
/// A blank or unreadable `EventTime` puts the meeting at local midnight, with a warning. A
/// local time that happens twice takes the earlier; one that does not exist takes the time an
/// hour later; both with a warning. (When two warnings apply, the one about `EventTime` is
/// given.) Fails only when `EventDate` is not a date, or in a gap longer than an hour.
pub fn meeting_start(
    event_date: &str,
    event_time: Option<&str>,
    zone: Tz,
) -> Result<(DateTime<Utc>, Option<Warning>), TimeError> {
    let date = parse_timestamp(event_date)?.date();
    let (time, time_warning) = match event_time.map(str::trim).filter(|t| !t.is_empty()) {
        None => (NaiveTime::MIN, Some(Warning::MissingTime)),
        Some(text) => match parse_clock(text) {
            Ok(time) => (time, None),
            Err(_) => (
                NaiveTime::MIN,
                Some(Warning::UnreadableTime(text.to_owned())),
            ),
        },
    };
    let (start, zone_warning) = local_to_utc(date.and_time(time), zone)?;
    Ok((start, time_warning.or(zone_warning)))
}

/// Converts a local time in `zone` to UTC. A time that happens twice takes the earlier; one
/// that does not exist takes the time an hour later; both with a warning.
pub fn local_to_utc(
    local: NaiveDateTime,
    zone: Tz,
) -> Result<(DateTime<Utc>, Option<Warning>), TimeError> {
    match zone.from_local_datetime(&local) {
        MappedLocalTime::Single(time) => Ok((time.with_timezone(&Utc), None)),
        MappedLocalTime::Ambiguous(a, b) => Ok((
            a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
            Some(Warning::Ambiguous { local }),
        )),
        MappedLocalTime::None => {
            let used = local + TimeDelta::hours(1);
            let time = match zone.from_local_datetime(&used) {
                MappedLocalTime::Single(time) => time.with_timezone(&Utc),
                MappedLocalTime::Ambiguous(a, b) => {
                    a.with_timezone(&Utc).min(b.with_timezone(&Utc))
                }
                MappedLocalTime::None => {
                    return Err(TimeError::Nonexistent {
                        local,
                        zone: zone.name(),
                    });
                }
            };
            Ok((time, Some(Warning::Nonexistent { local, used })))
        }
    }
}

/// Reads a Legistar timestamp written without an offset: `YYYY-MM-DDTHH:MM:SS` with any
/// number of fractional digits (or none), `YYYY-MM-DDTHH:MM`, or a bare `YYYY-MM-DD` (taken as
/// midnight). A space may stand for the `T`; surrounding whitespace is ignored. Which zone it is
/// in depends on the field: see [`parse_utc_timestamp`].
pub fn parse_timestamp(text: &str) -> Result<NaiveDateTime, TimeError> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(time);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|date| date.and_time(NaiveTime::MIN))
        .map_err(|_| TimeError::Timestamp(text.to_owned()))
}

/// Reads a timestamp from a field whose name ends in `Utc` or `UTC`
/// (`EventLastModifiedUtc`, `EventAgendaLastPublishedUTC`): [`parse_timestamp`], in UTC.
pub fn parse_utc_timestamp(text: &str) -> Result<DateTime<Utc>, TimeError> {
    parse_timestamp(text).map(|time| time.and_utc())
}

/// Reads the date of a Legistar date field (`OfficeRecordStartDate`, `EventDate`): a timestamp
/// at local midnight, or a bare date. Any time of day written is ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    parse_timestamp(text).map(|time| time.date())
}

/// Reads a clock time as clerks type it into `EventTime`.
///
/// Accepted, without regard to case or surrounding whitespace: `H[:MM[:SS]] AM|PM` with or
/// without the space and with or without dots ("5:45 PM", "10 AM", "10:00AM", "7:30 p.m."),
/// "Noon" ("12 Noon", "12:00 Noon"), "Midnight", and 24-hour `HH:MM[:SS]` where that cannot be
/// misread (hours 13–23, or written with a leading zero: "17:30", "09:00"). "5:45" without
/// AM or PM is refused: a clerk's "5:45" is most likely the evening, but that would be a guess.
pub fn parse_clock(text: &str) -> Result<NaiveTime, TimeError> {
    let error = || TimeError::Clock(text.to_owned());
    let lower: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| *c != '.')
        .collect();
    let compact = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match compact.as_str() {
        "noon" | "12 noon" | "12:00 noon" | "12 pm noon" | "12:00 pm noon" => {
            return NaiveTime::from_hms_opt(12, 0, 0).ok_or_else(error);
        }
        "midnight" | "12 midnight" | "12:00 midnight" => return Ok(NaiveTime::MIN),
        _ => {}
    }
    let (clock, pm) = if let Some(clock) = compact.strip_suffix("am") {
        (clock.trim_end(), Some(false))
    } else if let Some(clock) = compact.strip_suffix("pm") {
        (clock.trim_end(), Some(true))
    } else {
        (compact.as_str(), None)
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let digits = |part: &str, min: usize, max: usize| {
        (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let valid = match parts.as_slice() {
        [hour] => digits(hour, 1, 2),
        [hour, minute] => digits(hour, 1, 2) && digits(minute, 2, 2),
        [hour, minute, second] => {
            digits(hour, 1, 2) && digits(minute, 2, 2) && digits(second, 2, 2)
        }
        _ => false,
    };
    if !valid {
        return Err(error());
    }
    let number = |index: usize| -> Result<u32, TimeError> {
        parts
            .get(index)
            .map_or(Ok(0), |part| part.parse::<u32>().map_err(|_| error()))
    };
    let (hour, minute, second) = (number(0)?, number(1)?, number(2)?);
    let hour = match pm {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Err(error());
            }
            hour % 12 + if pm { 12 } else { 0 }
        }
        None => {
            let leading_zero = parts
                .first()
                .is_some_and(|h| h.len() == 2 && h.starts_with('0'));
            if parts.len() < 2 || !(hour >= 13 || leading_zero) {
                return Err(error());
            }
            hour
        }
    };
    NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(error)
}
