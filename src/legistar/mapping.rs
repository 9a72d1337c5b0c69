//! Per-client vocabularies: how one Legistar client's names read in our words.
//!
//! Clients name things their own way ("Aye" or "Yes", "Vice Mayor" or "Vice Chair"), so each
//! client has a [`ClientMapping`]: its time zone, and vocabularies that add to (or, with
//! `replace_defaults`, replace) the US defaults of [`Vocabulary::default`]. A mapping is TOML:
//!
//! ```toml
//! time_zone = "America/Phoenix"          # required: EventTime is local time
//! held_minutes_statuses = ["Action Results"]
//!
//! [vote_names]                           # VoteValueName → yes | no | abstain | absent
//! "Recuse" = "abstain"
//!
//! [outcome_names]                        # passed-flag or action name → approved | rejected | …
//! "Approved on Consent" = "approved"
//!
//! [role_words]                           # in OfficeRecordTitle → chair | vice_chair | member
//! "Presiding Officer" = "chair"
//!
//! [body_kind_words]                      # in BodyTypeName, else BodyName → council | …
//! "Legislative Body" = "council"
//!
//! [action_words]                         # in the item's and matter's titles and type
//! "sole source" = "award"
//! ```
//!
//! Also `cancelled_words`, `postponed_words` (lists) and `replace_defaults = true`. Every key is
//! checked: an unknown key, an unknown category or a time zone that is not an IANA name is a
//! [`MappingError`].
//!
//! # How names match
//!
//! Names are compared after [`normalize`]: lower case, every run of characters other than
//! letters and digits made one space ("Vice-Chair" reads as "vice chair").
//!
//! - **Vote names** and **minutes statuses** match whole: "Aye" matches "AYE " but not "Aye
//!   (by phone)". A vote name that does not match is never guessed: the vote is skipped.
//! - **Outcome names** match at the start of the name, on word boundaries: "Adopted" matches
//!   "Adopted As Amended" but "Pass" does not match "Passed", and "Adopted" does not match "Not
//!   Adopted". The longest match wins.
//! - **Words** (roles, body kinds, agenda actions, meeting status words) match anywhere at the
//!   start of a word: "renew" matches "Renewal of the custodial services contract", "chair"
//!   matches "Chairperson". When words of several categories match, a fixed order decides:
//!   roles vice_chair, chair (so "Vice Chair" is never a chair); body kinds committee, board,
//!   commission, council; actions renewal, extension, amendment, award; meetings cancelled,
//!   postponed.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::Deserialize;

use super::plan::{AgendaAction, AgendaOutcome, BodyKind, MeetingStatus, OfficeRole, VoteChoice};

/// Why a mapping file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Not TOML, an unknown key, or a value of the wrong type (an unknown category). The
    /// message is the TOML reader's, with the line and the key.
    #[error("the Legistar mapping file is not a valid mapping: {0}")]
    Toml(String),
    /// A key has a value that cannot work.
    #[error("Legistar mapping key `{key}`: {message}")]
    Invalid {
        /// The key, as written in the file.
        key: String,
        /// What is wrong with it.
        message: String,
    },
}

/// One client's time zone and vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "MappingFile")]
pub struct ClientMapping {
    /// The zone of the client's local times (`EventDate`, `EventTime`, office record dates).
    pub time_zone: Tz,
    /// How the client's names read.
    pub vocabulary: Vocabulary,
}

/// How a client's names read in our words. Lists of (name or word, category); see the module
/// documentation for how each is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// `VoteValueName` → vote choice (whole-name match).
    pub vote_names: Vec<(String, VoteChoice)>,
    /// `EventItemPassedFlagName`, `MatterHistoryPassedFlagName` and action names → outcome
    /// (match at the start).
    pub outcome_names: Vec<(String, AgendaOutcome)>,
    /// Words in `BodyTypeName`, else `BodyName` → body kind. With no match: committee.
    pub body_kind_words: Vec<(String, BodyKind)>,
    /// Words in `OfficeRecordTitle`, else `OfficeRecordMemberType` → role. With no match:
    /// member.
    pub role_words: Vec<(String, OfficeRole)>,
    /// Words in an agenda item's title, its matter's title, name and type → action. With no
    /// match: other.
    pub action_words: Vec<(String, AgendaAction)>,
    /// Words in `EventAgendaStatusName` or `EventComment` that mean the meeting is cancelled.
    pub cancelled_words: Vec<String>,
    /// Words in `EventAgendaStatusName` or `EventComment` that mean the meeting is postponed.
    pub postponed_words: Vec<String>,
    /// `EventMinutesStatusName`s that mean the meeting was held (whole-name match).
    pub held_minutes_statuses: Vec<String>,
}

fn pairs<T: Copy>(groups: &[(T, &[&str])]) -> Vec<(String, T)> {
    groups
        .iter()
        .flat_map(|(category, names)| names.iter().map(|name| ((*name).to_owned(), *category)))
        .collect()
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

impl Default for Vocabulary {
    /// Names common among US Legistar clients.
    fn default() -> Self {
        Self {
            vote_names: pairs(&[
                (VoteChoice::Yes, &["Aye", "Yes", "Yea", "Affirmative"]),
                (VoteChoice::No, &["Nay", "No", "Opposed"]),
                (
                    VoteChoice::Abstain,
                    &["Abstain", "Abstained", "Recused", "Present"],
                ),
                (
                    VoteChoice::Absent,
                    &["Absent", "Excused", "Not Present", "Non-voting"],
                ),
            ]),
            outcome_names: pairs(&[
                (
                    AgendaOutcome::Approved,
                    &[
                        "Pass",
                        "Passed",
                        "Adopted",
                        "Approved",
                        "Recommended to Pass",
                        "Recommended for Approval",
                    ],
                ),
                (
                    AgendaOutcome::Rejected,
                    &["Fail", "Failed", "Rejected", "Denied", "Defeated"],
                ),
                (
                    AgendaOutcome::Deferred,
                    &[
                        "Deferred",
                        "Held",
                        "Continued",
                        "Tabled",
                        "Referred",
                        "Postponed",
                    ],
                ),
                (AgendaOutcome::Withdrawn, &["Withdrawn"]),
            ]),
            body_kind_words: pairs(&[
                (BodyKind::Council, &["council", "primary legislative body"]),
                (BodyKind::Committee, &["committee", "subcommittee"]),
                (BodyKind::Board, &["board"]),
                (BodyKind::Commission, &["commission"]),
            ]),
            role_words: pairs(&[
                (
                    OfficeRole::Chair,
                    &[
                        "chair",
                        "chairperson",
                        "chairman",
                        "chairwoman",
                        "mayor",
                        "president",
                    ],
                ),
                (
                    OfficeRole::ViceChair,
                    &[
                        "vice chair",
                        "vice chairperson",
                        "vice chairman",
                        "vice chairwoman",
                        "vice mayor",
                        "vice president",
                        "pro tem",
                        "pro tempore",
                    ],
                ),
            ]),
            action_words: pairs(&[
                (AgendaAction::Renewal, &["renew"]),
                (AgendaAction::Extension, &["extend", "extension"]),
                (AgendaAction::Amendment, &["amend", "change order"]),
                (
                    AgendaAction::Award,
                    &["award", "contract", "agreement", "purchase"],
                ),
            ]),
            cancelled_words: strings(&["cancelled", "canceled"]),
            postponed_words: strings(&["postponed", "rescheduled"]),
            held_minutes_statuses: strings(&["Final", "Approved"]),
        }
    }
}

/// The mapping file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    time_zone: Option<String>,
    #[serde(default)]
    replace_defaults: bool,
    #[serde(default)]
    vote_names: BTreeMap<String, VoteChoice>,
    #[serde(default)]
    outcome_names: BTreeMap<String, AgendaOutcome>,
    #[serde(default)]
    body_kind_words: BTreeMap<String, BodyKind>,
    #[serde(default)]
    role_words: BTreeMap<String, OfficeRole>,
    #[serde(default)]
    action_words: BTreeMap<String, AgendaAction>,
    #[serde(default)]
    cancelled_words: Vec<String>,
    #[serde(default)]
    postponed_words: Vec<String>,
    #[serde(default)]
    held_minutes_statuses: Vec<String>,
}

impl TryFrom<MappingFile> for ClientMapping {
    type Error = MappingError;

    fn try_from(file: MappingFile) -> Result<Self, MappingError> {
        let invalid = |key: &str, message: String| MappingError::Invalid {
            key: key.to_owned(),
            message,
        };
        let zone_name = file.time_zone.ok_or_else(|| {
            invalid(
                "time_zone",
                "is required (an IANA name such as \"America/Chicago\"): meeting times are \
                 local"
                    .to_owned(),
            )
        })?;
        let time_zone: Tz = zone_name.trim().parse().map_err(|_| {
            invalid(
                "time_zone",
                format!("{zone_name:?} is not an IANA time zone name (e.g. \"America/Chicago\")"),
            )
        })?;

        let mut vocabulary = if file.replace_defaults {
            Vocabulary::empty()
        } else {
            Vocabulary::default()
        };
        let checks: [(&str, Vec<&String>); 8] = [
            ("vote_names", file.vote_names.keys().collect()),
            ("outcome_names", file.outcome_names.keys().collect()),
            ("body_kind_words", file.body_kind_words.keys().collect()),
            ("role_words", file.role_words.keys().collect()),
            ("action_words", file.action_words.keys().collect()),
            ("cancelled_words", file.cancelled_words.iter().collect()),
            ("postponed_words", file.postponed_words.iter().collect()),
            (
                "held_minutes_statuses",
                file.held_minutes_statuses.iter().collect(),
            ),
        ];
        for (key, names) in checks {
            if let Some(name) = names.into_iter().find(|name| normalize(name).is_empty()) {
                return Err(invalid(
                    key,
                    format!("{name:?} has no letters or digits, so it matches nothing"),
                ));
            }
        }
        merge(&mut vocabulary.vote_names, file.vote_names);
        merge(&mut vocabulary.outcome_names, file.outcome_names);
        merge(&mut vocabulary.body_kind_words, file.body_kind_words);
        merge(&mut vocabulary.role_words, file.role_words);
        merge(&mut vocabulary.action_words, file.action_words);
        vocabulary.cancelled_words.extend(file.cancelled_words);
        vocabulary.postponed_words.extend(file.postponed_words);
        vocabulary
            .held_minutes_statuses
            .extend(file.held_minutes_statuses);
        Ok(Self {
            time_zone,
            vocabulary,
        })
    }
}

/// Adds the file's entries; an entry for a name already there (after [`normalize`]) replaces
/// it.
fn merge<T>(into: &mut Vec<(String, T)>, from: BTreeMap<String, T>) {
    for (name, category) in from {
        let key = normalize(&name);
        into.retain(|(existing, _)| normalize(existing) != key);
        into.push((name, category));
    }
}

impl Vocabulary {
    /// A vocabulary with no names at all (for `replace_defaults`).
    pub fn empty() -> Self {
        Self {
            vote_names: Vec::new(),
            outcome_names: Vec::new(),
            body_kind_words: Vec::new(),
            role_words: Vec::new(),
            action_words: Vec::new(),
            cancelled_words: Vec::new(),
            postponed_words: Vec::new(),
            held_minutes_statuses: Vec::new(),
        }
    }
}

impl ClientMapping {
    /// The default vocabularies in `time_zone`. There is no default zone: a wrong one would
    /// put every meeting at the wrong hour.
    pub fn new(time_zone: Tz) -> Self {
        Self {
            time_zone,
            vocabulary: Vocabulary::default(),
        }
    }

    /// Reads and checks a mapping file.
    pub fn from_toml(text: &str) -> Result<Self, MappingError> {
        let file: MappingFile =
            toml::from_str(text).map_err(|error| MappingError::Toml(error.to_string()))?;
        Self::try_from(file)
    }

    /// The vote choice a `VoteValueName` stands for; `None` for a name the vocabulary does
    /// not have (never guessed).
    pub fn vote_choice(&self, name: &str) -> Option<VoteChoice> {
        let name = normalize(name);
        self.vocabulary
            .vote_names
            .iter()
            .find(|(known, _)| normalize(known) == name)
            .map(|(_, choice)| *choice)
    }

    /// The outcome a passed-flag name ("Pass") or action name ("Adopted As Amended") stands
    /// for; `None` when no outcome name matches its start.
    pub fn outcome(&self, name: &str) -> Option<AgendaOutcome> {
        let name = normalize(name);
        self.vocabulary
            .outcome_names
            .iter()
            .map(|(known, outcome)| (normalize(known), *outcome))
            .filter(|(known, _)| {
                !known.is_empty()
                    && (name == *known
                        || name
                            .strip_prefix(known.as_str())
                            .is_some_and(|rest| rest.starts_with(' ')))
            })
            .max_by_key(|(known, _)| known.len())
            .map(|(_, outcome)| outcome)
    }

    /// The kind of a body: from words in its `BodyTypeName`, else in its `BodyName`, else
    /// committee.
    pub fn body_kind(&self, type_name: Option<&str>, name: Option<&str>) -> BodyKind {
        const ORDER: [BodyKind; 4] = [
            BodyKind::Committee,
            BodyKind::Board,
            BodyKind::Commission,
            BodyKind::Council,
        ];
        [type_name, name]
            .into_iter()
            .flatten()
            .find_map(|text| best(&self.vocabulary.body_kind_words, &[text], &ORDER))
            .unwrap_or(BodyKind::Committee)
    }

    /// The role an office record gives: from words in its `OfficeRecordTitle`, else in its
    /// `OfficeRecordMemberType`, else member. "Vice Chair" is a vice chair, never a chair.
    pub fn office_role(&self, title: Option<&str>, member_type: Option<&str>) -> OfficeRole {
        const ORDER: [OfficeRole; 3] =
            [OfficeRole::ViceChair, OfficeRole::Chair, OfficeRole::Member];
        [title, member_type]
            .into_iter()
            .flatten()
            .find_map(|text| best(&self.vocabulary.role_words, &[text], &ORDER))
            .unwrap_or(OfficeRole::Member)
    }

    /// What an agenda item puts to a vote, from words in all of `texts` together (its title,
    /// its matter's title, name and type); other when none match.
    pub fn agenda_action(&self, texts: &[&str]) -> AgendaAction {
        const ORDER: [AgendaAction; 5] = [
            AgendaAction::Renewal,
            AgendaAction::Extension,
            AgendaAction::Amendment,
            AgendaAction::Award,
            AgendaAction::Other,
        ];
        best(&self.vocabulary.action_words, texts, &ORDER).unwrap_or(AgendaAction::Other)
    }

    /// Whether a meeting happens as planned: cancelled, else postponed, when its agenda status
    /// or comment has one of those words; else held when its minutes status is one of
    /// `held_minutes_statuses`; else scheduled.
    pub fn meeting_status(
        &self,
        agenda_status: Option<&str>,
        minutes_status: Option<&str>,
        comment: Option<&str>,
    ) -> MeetingStatus {
        let texts: Vec<&str> = [agenda_status, comment].into_iter().flatten().collect();
        let any = |words: &[String]| {
            words
                .iter()
                .any(|word| texts.iter().any(|text| has_words(text, word)))
        };
        if any(&self.vocabulary.cancelled_words) {
            return MeetingStatus::Cancelled;
        }
        if any(&self.vocabulary.postponed_words) {
            return MeetingStatus::Postponed;
        }
        if let Some(status) = minutes_status.map(normalize)
            && self
                .vocabulary
                .held_minutes_statuses
                .iter()
                .any(|held| normalize(held) == status)
        {
            return MeetingStatus::Held;
        }
        MeetingStatus::Scheduled
    }
}

/// The first category in `order` that has a word found in one of `texts`.
fn best<T: Copy + PartialEq>(words: &[(String, T)], texts: &[&str], order: &[T]) -> Option<T> {
    let found: Vec<T> = words
        .iter()
        .filter(|(word, _)| texts.iter().any(|text| has_words(text, word)))
        .map(|(_, category)| *category)
        .collect();
    order
        .iter()
        .copied()
        .find(|category| found.contains(category))
}

/// Whether `words` occur in `text`, starting at the start of a word ("renew" is in "Renewal of
/// …"; "chair" is not in "Armchair").
pub fn has_words(text: &str, words: &str) -> bool {
    let words = normalize(words);
    if words.is_empty() {
        return false;
    }
    format!(" {}", normalize(text)).contains(&format!(" {words}"))
}

/// Lower case, with every run of characters other than letters and digits made one space,
/// trimmed: `" Vice-Chair "` is `"vice chair"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}
