//! The Legistar Web API objects this module reads, as the API writes them.
//!
//! Every field is optional, because the API leaves almost any of them null; fields this module
//! does not use are not listed and are ignored when reading. Timestamps are kept as the API's
//! text (see [`super::time::parse_timestamp`]). Flags (`…Flag`, `…Consent`) are read by
//! [`flag`]: the API writes most of them as 0/1 or null, a few as booleans.

use serde::{Deserialize, Deserializer};

/// Reads a Legistar flag: `0`/`1`, `false`/`true`, the text `"0"`/`"1"`/`"false"`/`"true"`, or
/// null (a missing field is `None` too). Any other value is an error, so that a record with a
/// flag that means something else is left out and reported rather than misread.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    use serde::de::Error as _;
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Bool(b)) => Ok(Some(b)),
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(D::Error::custom(format!(
                "expected a flag (0, 1, true, false or null), found {n}"
            ))),
        },
        Some(serde_json::Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "0" | "false" => Ok(Some(false)),
            "1" | "true" => Ok(Some(true)),
            "" => Ok(None),
            _ => Err(D::Error::custom(format!(
                "expected a flag (0, 1, true, false or null), found {s:?}"
            ))),
        },
        Some(other) => Err(D::Error::custom(format!(
            "expected a flag (0, 1, true, false or null), found {other}"
        ))),
    }
}

/// A body: a council, committee, board or commission (`/bodies`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Body {
    /// `BodyId`.
    pub body_id: Option<i64>,
    /// `BodyGuid`.
    pub body_guid: Option<String>,
    /// `BodyLastModifiedUtc` (UTC, no offset written).
    pub body_last_modified_utc: Option<String>,
    /// `BodyName`, e.g. "City Council".
    pub body_name: Option<String>,
    /// `BodyTypeId`.
    pub body_type_id: Option<i64>,
    /// `BodyTypeName`, e.g. "City Council", "Primary Legislative Body", "Committee".
    pub body_type_name: Option<String>,
    /// `BodyMeetFlag`: the body holds meetings.
    #[serde(default, deserialize_with = "flag")]
    pub body_meet_flag: Option<bool>,
    /// `BodyActiveFlag`.
    #[serde(default, deserialize_with = "flag")]
    pub body_active_flag: Option<bool>,
    /// `BodyDescription`.
    pub body_description: Option<String>,
}

impl Body {
    /// Whether the body is active; a body whose flag is null is taken as active.
    pub fn is_active(&self) -> bool {
        self.body_active_flag.unwrap_or(true)
    }
}

/// A person: an official, a staff member or a system account (`/persons`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Person {
    /// `PersonId`.
    pub person_id: Option<i64>,
    /// `PersonGuid`.
    pub person_guid: Option<String>,
    /// `PersonLastModifiedUtc`.
    pub person_last_modified_utc: Option<String>,
    /// `PersonFirstName` (often blank).
    pub person_first_name: Option<String>,
    /// `PersonLastName`.
    pub person_last_name: Option<String>,
    /// `PersonFullName`.
    pub person_full_name: Option<String>,
    /// `PersonActiveFlag`.
    #[serde(default, deserialize_with = "flag")]
    pub person_active_flag: Option<bool>,
    /// `PersonEmail`: a work address, public record (keep it out of logs).
    pub person_email: Option<String>,
    /// `PersonWWW`.
    #[serde(rename = "PersonWWW")]
    pub person_www: Option<String>,
}

impl Person {
    /// Whether the person is active; a person whose flag is null is taken as active.
    pub fn is_active(&self) -> bool {
        self.person_active_flag.unwrap_or(true)
    }
}

/// A person's seat on a body for a period (`/officerecords`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OfficeRecord {
    /// `OfficeRecordId`.
    pub office_record_id: Option<i64>,
    /// `OfficeRecordGuid`.
    pub office_record_guid: Option<String>,
    /// `OfficeRecordLastModifiedUtc`.
    pub office_record_last_modified_utc: Option<String>,
    /// `OfficeRecordFirstName`.
    pub office_record_first_name: Option<String>,
    /// `OfficeRecordLastName`.
    pub office_record_last_name: Option<String>,
    /// `OfficeRecordEmail`: a work address, public record (keep it out of logs).
    pub office_record_email: Option<String>,
    /// `OfficeRecordFullName`.
    pub office_record_full_name: Option<String>,
    /// `OfficeRecordStartDate`: a local date at midnight.
    pub office_record_start_date: Option<String>,
    /// `OfficeRecordEndDate`: a local date at midnight; null while the term runs.
    pub office_record_end_date: Option<String>,
    /// `OfficeRecordPersonId`.
    pub office_record_person_id: Option<i64>,
    /// `OfficeRecordBodyId`.
    pub office_record_body_id: Option<i64>,
    /// `OfficeRecordBodyName`.
    pub office_record_body_name: Option<String>,
    /// `OfficeRecordTitle`, e.g. "Vice Mayor", "Councilmember", "Chair".
    pub office_record_title: Option<String>,
    /// `OfficeRecordMemberTypeId`.
    pub office_record_member_type_id: Option<i64>,
    /// `OfficeRecordMemberType`, e.g. "Member".
    pub office_record_member_type: Option<String>,
}

/// A meeting of a body (`/events`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Event {
    /// `EventId`.
    pub event_id: Option<i64>,
    /// `EventGuid`.
    pub event_guid: Option<String>,
    /// `EventLastModifiedUtc`.
    pub event_last_modified_utc: Option<String>,
    /// `EventBodyId`.
    pub event_body_id: Option<i64>,
    /// `EventBodyName`.
    pub event_body_name: Option<String>,
    /// `EventDate`: the local date, written as a timestamp at midnight ("2010-09-27T00:00:00").
    pub event_date: Option<String>,
    /// `EventTime`: the local start time as typed by the clerk ("5:45 PM").
    pub event_time: Option<String>,
    /// `EventAgendaStatusName`, e.g. "Final", "Draft", sometimes "Cancelled".
    pub event_agenda_status_name: Option<String>,
    /// `EventMinutesStatusName`, e.g. "Final", "Draft", "Action Results".
    pub event_minutes_status_name: Option<String>,
    /// `EventLocation`: free text, may hold CRLF line breaks.
    pub event_location: Option<String>,
    /// `EventAgendaFile`: the agenda document's URL.
    pub event_agenda_file: Option<String>,
    /// `EventMinutesFile`: the minutes document's URL.
    pub event_minutes_file: Option<String>,
    /// `EventAgendaLastPublishedUTC`.
    #[serde(rename = "EventAgendaLastPublishedUTC")]
    pub event_agenda_last_published_utc: Option<String>,
    /// `EventMinutesLastPublishedUTC`.
    #[serde(rename = "EventMinutesLastPublishedUTC")]
    pub event_minutes_last_published_utc: Option<String>,
    /// `EventComment`: free text, may hold CRLF line breaks.
    pub event_comment: Option<String>,
    /// `EventVideoPath`.
    pub event_video_path: Option<String>,
    /// `EventInSiteURL`: the meeting's page on the client's Legistar site.
    #[serde(rename = "EventInSiteURL")]
    pub event_in_site_url: Option<String>,
}

/// One line of a meeting's agenda or minutes (`/events/{id}/eventitems`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventItem {
    /// `EventItemId`.
    pub event_item_id: Option<i64>,
    /// `EventItemGuid`.
    pub event_item_guid: Option<String>,
    /// `EventItemLastModifiedUtc`.
    pub event_item_last_modified_utc: Option<String>,
    /// `EventItemEventId`.
    pub event_item_event_id: Option<i64>,
    /// `EventItemAgendaSequence`: the item's place on the agenda; null for minutes-only rows.
    pub event_item_agenda_sequence: Option<i64>,
    /// `EventItemMinutesSequence`.
    pub event_item_minutes_sequence: Option<i64>,
    /// `EventItemAgendaNumber`: the number printed on the agenda ("5-a"), often null.
    pub event_item_agenda_number: Option<String>,
    /// `EventItemActionId`.
    pub event_item_action_id: Option<i64>,
    /// `EventItemActionName`, e.g. "Approved", "Adopted As Amended".
    pub event_item_action_name: Option<String>,
    /// `EventItemActionText`.
    pub event_item_action_text: Option<String>,
    /// `EventItemPassedFlag`: 1 passed, 0 failed, null when no decision was recorded.
    #[serde(default, deserialize_with = "flag")]
    pub event_item_passed_flag: Option<bool>,
    /// `EventItemPassedFlagName`, e.g. "Pass", "Fail".
    pub event_item_passed_flag_name: Option<String>,
    /// `EventItemRollCallFlag`: a roll call (per-member votes) was taken.
    #[serde(default, deserialize_with = "flag")]
    pub event_item_roll_call_flag: Option<bool>,
    /// `EventItemTitle`.
    pub event_item_title: Option<String>,
    /// `EventItemTally`, e.g. "4:1".
    pub event_item_tally: Option<String>,
    /// `EventItemConsent`: the item is on the consent agenda.
    #[serde(default, deserialize_with = "flag")]
    pub event_item_consent: Option<bool>,
    /// `EventItemMoverId`.
    pub event_item_mover_id: Option<i64>,
    /// `EventItemSeconderId`.
    pub event_item_seconder_id: Option<i64>,
    /// `EventItemMatterId`: the matter (legislative file) the item acts on.
    pub event_item_matter_id: Option<i64>,
    /// `EventItemMatterGuid`.
    pub event_item_matter_guid: Option<String>,
    /// `EventItemMatterFile`.
    pub event_item_matter_file: Option<String>,
    /// `EventItemMatterName`.
    pub event_item_matter_name: Option<String>,
    /// `EventItemMatterType`.
    pub event_item_matter_type: Option<String>,
    /// `EventItemMatterStatus`.
    pub event_item_matter_status: Option<String>,
}

impl EventItem {
    /// Whether a roll call was taken on the item.
    pub fn is_roll_call(&self) -> bool {
        self.event_item_roll_call_flag == Some(true)
    }
}

/// A matter: a legislative file (ordinance, resolution, contract, …) (`/matters/{id}`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matter {
    /// `MatterId`.
    pub matter_id: Option<i64>,
    /// `MatterGuid`.
    pub matter_guid: Option<String>,
    /// `MatterLastModifiedUtc`.
    pub matter_last_modified_utc: Option<String>,
    /// `MatterFile`: the file number, e.g. "10-0003".
    pub matter_file: Option<String>,
    /// `MatterName`.
    pub matter_name: Option<String>,
    /// `MatterTitle`.
    pub matter_title: Option<String>,
    /// `MatterTypeId`.
    pub matter_type_id: Option<i64>,
    /// `MatterTypeName`, e.g. "Contract", "Ordinance", "Minutes".
    pub matter_type_name: Option<String>,
    /// `MatterStatusId`.
    pub matter_status_id: Option<i64>,
    /// `MatterStatusName`, e.g. "Passed", "Agenda Ready".
    pub matter_status_name: Option<String>,
    /// `MatterBodyId`.
    pub matter_body_id: Option<i64>,
    /// `MatterBodyName`.
    pub matter_body_name: Option<String>,
    /// `MatterIntroDate`.
    pub matter_intro_date: Option<String>,
    /// `MatterAgendaDate`.
    pub matter_agenda_date: Option<String>,
    /// `MatterPassedDate`.
    pub matter_passed_date: Option<String>,
    /// `MatterEnactmentNumber`.
    pub matter_enactment_number: Option<String>,
    /// `MatterRestrictViewViaWeb` (a real boolean).
    #[serde(default, deserialize_with = "flag")]
    pub matter_restrict_view_via_web: Option<bool>,
}

/// One action on a matter, at a meeting or not (`/matters/{id}/histories`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatterHistory {
    /// `MatterHistoryId`.
    pub matter_history_id: Option<i64>,
    /// `MatterHistoryGuid`.
    pub matter_history_guid: Option<String>,
    /// `MatterHistoryLastModifiedUtc`.
    pub matter_history_last_modified_utc: Option<String>,
    /// `MatterHistoryEventId`: the meeting where the action was taken; null for actions
    /// outside a meeting (a referral).
    pub matter_history_event_id: Option<i64>,
    /// `MatterHistoryAgendaSequence`.
    pub matter_history_agenda_sequence: Option<i64>,
    /// `MatterHistoryMinutesSequence`.
    pub matter_history_minutes_sequence: Option<i64>,
    /// `MatterHistoryAgendaNumber`.
    pub matter_history_agenda_number: Option<String>,
    /// `MatterHistoryActionDate`.
    pub matter_history_action_date: Option<String>,
    /// `MatterHistoryActionId`.
    pub matter_history_action_id: Option<i64>,
    /// `MatterHistoryActionName`, e.g. "Passed", "Referred", "Recommended to Pass".
    pub matter_history_action_name: Option<String>,
    /// `MatterHistoryActionText`, e.g. "Recommended to Pass  BY VOICE VOTE".
    pub matter_history_action_text: Option<String>,
    /// `MatterHistoryActionBodyId`.
    pub matter_history_action_body_id: Option<i64>,
    /// `MatterHistoryActionBodyName`.
    pub matter_history_action_body_name: Option<String>,
    /// `MatterHistoryPassedFlag`.
    #[serde(default, deserialize_with = "flag")]
    pub matter_history_passed_flag: Option<bool>,
    /// `MatterHistoryPassedFlagName`, e.g. "Pass".
    pub matter_history_passed_flag_name: Option<String>,
    /// `MatterHistoryRollCallFlag`: 0 for a voice vote (no per-member votes).
    #[serde(default, deserialize_with = "flag")]
    pub matter_history_roll_call_flag: Option<bool>,
    /// `MatterHistoryTally`.
    pub matter_history_tally: Option<String>,
    /// `MatterHistoryConsent`.
    #[serde(default, deserialize_with = "flag")]
    pub matter_history_consent: Option<bool>,
}

/// One member's vote on an agenda item (`/eventitems/{id}/votes`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vote {
    /// `VoteId`.
    pub vote_id: Option<i64>,
    /// `VoteGuid`.
    pub vote_guid: Option<String>,
    /// `VoteLastModifiedUtc`.
    pub vote_last_modified_utc: Option<String>,
    /// `VotePersonId`.
    pub vote_person_id: Option<i64>,
    /// `VotePersonName`.
    pub vote_person_name: Option<String>,
    /// `VoteValueId`.
    pub vote_value_id: Option<i64>,
    /// `VoteValueName`, e.g. "Aye", "Nay", "Absent".
    pub vote_value_name: Option<String>,
    /// `VoteSort`.
    pub vote_sort: Option<i64>,
    /// `VoteResult`: the client's own code for the value (1 for "Aye" in Mesa).
    pub vote_result: Option<i64>,
    /// `VoteEventItemId`.
    pub vote_event_item_id: Option<i64>,
}

/// One member's presence at a roll call of attendance (`/eventitems/{id}/rollcalls`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RollCall {
    /// `RollCallId`.
    pub roll_call_id: Option<i64>,
    /// `RollCallGuid`.
    pub roll_call_guid: Option<String>,
    /// `RollCallLastModifiedUtc`.
    pub roll_call_last_modified_utc: Option<String>,
    /// `RollCallPersonId`.
    pub roll_call_person_id: Option<i64>,
    /// `RollCallPersonName`.
    pub roll_call_person_name: Option<String>,
    /// `RollCallValueId`.
    pub roll_call_value_id: Option<i64>,
    /// `RollCallValueName`, e.g. "Present", "Absent".
    pub roll_call_value_name: Option<String>,
    /// `RollCallSort`.
    pub roll_call_sort: Option<i64>,
    /// `RollCallResult`.
    pub roll_call_result: Option<i64>,
    /// `RollCallEventItemId`.
    pub roll_call_event_item_id: Option<i64>,
}
