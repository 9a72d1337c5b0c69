#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde_json::json;

use super::model::{
    Body, Event, EventItem, Matter, MatterHistory, OfficeRecord, Person, RollCall, Vote,
};
use super::time::{Warning, local_to_utc, parse_clock, parse_date};
use super::*;

/// Mesa's mapping, as a client file would hold it.
const MESA_TOML: &str = r#"
# Mesa, Arizona (client "mesa"). Arizona keeps standard time all year.
time_zone = "America/Phoenix"
# Mesa publishes "Action Results" minutes once a meeting's actions are recorded.
held_minutes_statuses = ["Action Results"]

[vote_names]
"Recuse" = "abstain"
"#;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legistar")
}

fn recorded(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixtures().join("recorded").join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn mesa_mapping() -> ClientMapping {
    ClientMapping::from_toml(MESA_TOML).unwrap()
}

async fn snapshot(folder: &str) -> Snapshot {
    load(&Folder::new(fixtures().join(folder))).await.unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn item(plan: &Plan, id: i64) -> &PlannedAgendaItem {
    plan.agenda_items
        .iter()
        .find(|i| i.legistar_id == id)
        .unwrap_or_else(|| panic!("no agenda item {id}"))
}

fn meeting(plan: &Plan, id: i64) -> &PlannedMeeting {
    plan.meetings
        .iter()
        .find(|m| m.legistar_id == id)
        .unwrap_or_else(|| panic!("no meeting {id}"))
}

fn term(plan: &Plan, id: i64) -> &PlannedTerm {
    plan.terms
        .iter()
        .find(|t| t.legistar_id == id)
        .unwrap_or_else(|| panic!("no term {id}"))
}

fn has_skip(plan: &Plan, path: &str, reason_contains: &str) -> bool {
    plan.skips
        .iter()
        .any(|s| s.path == path && s.reason.contains(reason_contains))
}

// ---------------------------------------------------------------------------------------------
// Times

#[test]
fn clock_times_in_clerks_styles() {
    for (text, expected) in [
        ("5:45 PM", hm(17, 45)),
        ("10:00 AM", hm(10, 0)),
        ("10 AM", hm(10, 0)),
        ("10:00AM", hm(10, 0)),
        ("5:30PM", hm(17, 30)),
        ("  6 pm ", hm(18, 0)),
        ("7:30 p.m.", hm(19, 30)),
        ("9:00 a.m.", hm(9, 0)),
        ("10:00:00 AM", hm(10, 0)),
        ("12:00 AM", hm(0, 0)),
        ("12 PM", hm(12, 0)),
        ("12:15 pm", hm(12, 15)),
        ("Noon", hm(12, 0)),
        ("NOON", hm(12, 0)),
        ("12 Noon", hm(12, 0)),
        ("12:00 noon", hm(12, 0)),
        ("Midnight", hm(0, 0)),
        ("17:30", hm(17, 30)),
        ("09:00", hm(9, 0)),
        ("00:30", hm(0, 30)),
    ] {
        assert_eq!(parse_clock(text), Ok(expected), "{text:?}");
    }
    for text in [
        "",
        "TBD",
        "5:45",
        "12:30",
        "13:00 PM",
        "0 AM",
        "10:0 AM",
        "10:000 AM",
        "25:00",
        "24:00",
        "5:60 PM",
        "10 AM - 12 PM",
        "Following the study session",
        "1O AM",
    ] {
        assert_eq!(
            parse_clock(text),
            Err(TimeError::Clock(text.to_owned())),
            "{text:?}"
        );
    }
}

#[test]
fn timestamps_without_offset_and_any_fraction() {
    let t = |text: &str| parse_timestamp(text).unwrap();
    assert_eq!(
        t("2014-05-24T04:15:17"),
        date(2014, 5, 24).and_hms_opt(4, 15, 17).unwrap()
    );
    assert_eq!(
        t("2024-09-21T00:49:38.617"),
        date(2024, 9, 21).and_hms_milli_opt(0, 49, 38, 617).unwrap()
    );
    assert_eq!(
        t("2014-05-24T04:10:20.03"),
        date(2014, 5, 24).and_hms_milli_opt(4, 10, 20, 30).unwrap()
    );
    assert_eq!(
        t("2014-05-24T04:15:15.8"),
        date(2014, 5, 24).and_hms_milli_opt(4, 15, 15, 800).unwrap()
    );
    assert_eq!(
        t("2014-05-24T04:15:17.8930000"),
        date(2014, 5, 24).and_hms_milli_opt(4, 15, 17, 893).unwrap()
    );
    assert_eq!(
        t(" 2015-02-17 "),
        date(2015, 2, 17).and_time(NaiveTime::MIN)
    );
    assert_eq!(
        t("2013-04-30 10:00"),
        date(2013, 4, 30).and_hms_opt(10, 0, 0).unwrap()
    );
    assert_eq!(
        parse_utc_timestamp("2010-09-23T22:57:31.397").unwrap(),
        utc("2010-09-23T22:57:31.397Z")
    );
    assert_eq!(parse_date("2006-06-05T00:00:00"), Ok(date(2006, 6, 5)));
    for bad in ["", "05/24/2014", "2014-13-01T00:00:00", "yesterday"] {
        assert_eq!(
            parse_timestamp(bad),
            Err(TimeError::Timestamp(bad.trim().to_owned()))
        );
    }
}

#[test]
fn meeting_start_in_phoenix_has_no_daylight_saving() {
    let phx = chrono_tz::America::Phoenix;
    // The recorded Mesa meeting: 5:45 PM MST (UTC-7), in September, when the rest of the
    // country is on daylight-saving time.
    assert_eq!(
        meeting_start("2010-09-27T00:00:00", Some("5:45 PM"), phx),
        Ok((utc("2010-09-28T00:45:00Z"), None))
    );
    // The night the US springs forward: 2:30 exists in Phoenix, still UTC-7.
    assert_eq!(
        meeting_start("2024-03-10T00:00:00", Some("2:30 AM"), phx),
        Ok((utc("2024-03-10T09:30:00Z"), None))
    );
    // And the night it falls back: 1:30 happens once.
    assert_eq!(
        meeting_start("2024-11-03T00:00:00", Some("1:30 AM"), phx),
        Ok((utc("2024-11-03T08:30:00Z"), None))
    );
    assert_eq!(
        meeting_start("2024-01-15T00:00:00", Some("Noon"), phx),
        Ok((utc("2024-01-15T19:00:00Z"), None))
    );
}

#[test]
fn meeting_start_in_chicago_across_daylight_saving() {
    let chi = chrono_tz::America::Chicago;
    // Winter: CST, UTC-6. Summer: CDT, UTC-5.
    assert_eq!(
        meeting_start("2024-01-17T00:00:00", Some("10 AM"), chi),
        Ok((utc("2024-01-17T16:00:00Z"), None))
    );
    assert_eq!(
        meeting_start("2024-07-17T00:00:00", Some("10:00AM"), chi),
        Ok((utc("2024-07-17T15:00:00Z"), None))
    );
    // 2024-03-10: clocks go from 1:59:59 CST to 3:00 CDT. 2:30 does not exist: 3:30 CDT.
    let local = date(2024, 3, 10).and_time(hm(2, 30));
    assert_eq!(
        meeting_start("2024-03-10T00:00:00", Some("2:30 AM"), chi),
        Ok((
            utc("2024-03-10T08:30:00Z"),
            Some(Warning::Nonexistent {
                local,
                used: date(2024, 3, 10).and_time(hm(3, 30)),
            })
        ))
    );
    // Just before and after the gap.
    assert_eq!(
        meeting_start("2024-03-10T00:00:00", Some("1:59 AM"), chi),
        Ok((utc("2024-03-10T07:59:00Z"), None))
    );
    assert_eq!(
        meeting_start("2024-03-10T00:00:00", Some("3:00 AM"), chi),
        Ok((utc("2024-03-10T08:00:00Z"), None))
    );
    // 2024-11-03: 1:30 happens twice, first CDT (06:30Z), then CST (07:30Z): the earlier.
    assert_eq!(
        meeting_start("2024-11-03T00:00:00", Some("1:30 AM"), chi),
        Ok((
            utc("2024-11-03T06:30:00Z"),
            Some(Warning::Ambiguous {
                local: date(2024, 11, 3).and_time(hm(1, 30)),
            })
        ))
    );
    assert_eq!(
        meeting_start("2024-11-03T00:00:00", Some("2:00 AM"), chi),
        Ok((utc("2024-11-03T08:00:00Z"), None))
    );
}

#[test]
fn meeting_start_in_los_angeles() {
    let la = chrono_tz::America::Los_Angeles;
    // LA Metro's recorded board meeting: 10:00 AM PDT (UTC-7).
    assert_eq!(
        meeting_start("2024-09-26T00:00:00", Some("10:00 AM"), la),
        Ok((utc("2024-09-26T17:00:00Z"), None))
    );
    // Winter, PST (UTC-8).
    assert_eq!(
        meeting_start("2024-12-05T00:00:00", Some("9:30 AM"), la),
        Ok((utc("2024-12-05T17:30:00Z"), None))
    );
    // 2:00 on 2024-03-10 does not exist: 3:00 PDT.
    let (start, warning) = meeting_start("2024-03-10", Some("2 AM"), la).unwrap();
    assert_eq!(start, utc("2024-03-10T10:00:00Z"));
    assert!(matches!(warning, Some(Warning::Nonexistent { .. })));
    // 1:15 on 2024-11-03 happens twice: the PDT one.
    let (start, warning) = meeting_start("2024-11-03T00:00:00", Some("1:15 AM"), la).unwrap();
    assert_eq!(start, utc("2024-11-03T08:15:00Z"));
    assert!(matches!(warning, Some(Warning::Ambiguous { .. })));
}

#[test]
fn meeting_start_without_a_readable_time_is_local_midnight_with_a_warning() {
    let chi = chrono_tz::America::Chicago;
    for time in [None, Some(""), Some("   ")] {
        assert_eq!(
            meeting_start("2024-07-17T00:00:00", time, chi),
            Ok((utc("2024-07-17T05:00:00Z"), Some(Warning::MissingTime))),
            "{time:?}"
        );
    }
    assert_eq!(
        meeting_start("2024-07-17T00:00:00", Some(" TBD "), chi),
        Ok((
            utc("2024-07-17T05:00:00Z"),
            Some(Warning::UnreadableTime("TBD".to_owned()))
        ))
    );
    assert!(Warning::MissingTime.to_string().contains("midnight"));
    assert_eq!(
        meeting_start("09/27/2010", Some("5:45 PM"), chi),
        Err(TimeError::Timestamp("09/27/2010".to_owned()))
    );
}

#[test]
fn a_gap_longer_than_an_hour_is_an_error() {
    // Samoa skipped 2011-12-30 entirely.
    let apia = chrono_tz::Pacific::Apia;
    let local = date(2011, 12, 30).and_time(hm(10, 0));
    assert_eq!(
        local_to_utc(local, apia),
        Err(TimeError::Nonexistent {
            local,
            zone: "Pacific/Apia"
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Model

#[test]
fn flags_read_from_0_1_null_and_booleans() {
    let body = |flag: serde_json::Value| -> Result<Body, serde_json::Error> {
        serde_json::from_value(json!({ "BodyId": 1, "BodyActiveFlag": flag }))
    };
    assert_eq!(body(json!(1)).unwrap().body_active_flag, Some(true));
    assert_eq!(body(json!(0)).unwrap().body_active_flag, Some(false));
    assert_eq!(body(json!(null)).unwrap().body_active_flag, None);
    assert_eq!(body(json!(true)).unwrap().body_active_flag, Some(true));
    assert_eq!(body(json!(false)).unwrap().body_active_flag, Some(false));
    assert_eq!(body(json!("1")).unwrap().body_active_flag, Some(true));
    assert_eq!(body(json!(" 0 ")).unwrap().body_active_flag, Some(false));
    assert!(body(json!(2)).is_err());
    assert!(body(json!(-1)).is_err());
    assert!(body(json!("yes")).is_err());
    assert!(body(json!([1])).is_err());
    let missing: Body = serde_json::from_value(json!({ "BodyId": 1 })).unwrap();
    assert_eq!(missing.body_active_flag, None);

    // Null means active; 0 inactive.
    assert!(body(json!(null)).unwrap().is_active());
    assert!(!body(json!(0)).unwrap().is_active());

    let roll_call: EventItem =
        serde_json::from_value(recorded("mesa/eventitem-20901.json")).unwrap();
    assert_eq!(roll_call.event_item_roll_call_flag, Some(true));
    assert_eq!(roll_call.event_item_consent, Some(false));
    assert_eq!(roll_call.event_item_passed_flag, None);
    assert!(roll_call.is_roll_call());
    // A real boolean.
    let matter: Matter = serde_json::from_value(recorded("mesa/matter-2379.json")).unwrap();
    assert_eq!(matter.matter_restrict_view_via_web, Some(false));
}

#[test]
fn every_recorded_response_reads() {
    let body: Body = serde_json::from_value(recorded("mesa/body-138.json")).unwrap();
    assert_eq!(body.body_name.as_deref(), Some("City Council"));
    let person: Person = serde_json::from_value(recorded("mesa/person-120.json")).unwrap();
    assert_eq!(person.person_www.as_deref(), Some(""));
    assert_eq!(person.person_first_name.as_deref(), Some(""));
    let record: OfficeRecord =
        serde_json::from_value(recorded("mesa/officerecord-570.json")).unwrap();
    assert_eq!(record.office_record_title.as_deref(), Some("Vice Mayor"));
    let event: Event = serde_json::from_value(recorded("mesa/event-1235.json")).unwrap();
    assert_eq!(event.event_time.as_deref(), Some("5:45 PM"));
    assert_eq!(
        event.event_agenda_last_published_utc.as_deref(),
        Some("2010-09-23T22:57:31.397")
    );
    assert!(event.event_in_site_url.unwrap().contains("LEGID=1235"));
    let vote: Vote = serde_json::from_value(recorded("mesa/vote-5437.json")).unwrap();
    assert_eq!(vote.vote_value_name.as_deref(), Some("Aye"));
    assert_eq!(vote.vote_event_item_id, Some(21138));
    let roll_call: RollCall = serde_json::from_value(recorded("mesa/rollcall-4026.json")).unwrap();
    assert_eq!(roll_call.roll_call_value_name.as_deref(), Some("Present"));
    let metro: Event = serde_json::from_value(recorded("lametro/event-2907.json")).unwrap();
    assert!(metro.event_location.unwrap().contains("\r\n"));
    let matters: Vec<Matter> =
        serde_json::from_value(recorded("lametro/matters-10881.json")).unwrap();
    assert_eq!(matters[0].matter_status_name.as_deref(), Some("Passed"));
    assert_eq!(matters[0].matter_name, None);
    for file in [
        "chicago/matter-histories-dupe.json",
        "chicago/matter-histories-no-dupe.json",
    ] {
        let rows: Vec<MatterHistory> = serde_json::from_value(recorded(file)).unwrap();
        assert!(!rows.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping

#[test]
fn mesa_mapping_adds_to_the_defaults() {
    let mesa = mesa_mapping();
    assert_eq!(mesa.time_zone, chrono_tz::America::Phoenix);
    assert_eq!(mesa.vote_choice("Recuse"), Some(VoteChoice::Abstain));
    assert_eq!(mesa.vote_choice("Aye"), Some(VoteChoice::Yes));
    let defaults = ClientMapping::new(chrono_tz::America::Phoenix);
    assert_eq!(defaults.vote_choice("Recuse"), None);
    assert_eq!(
        mesa.meeting_status(Some("Final"), Some("Action Results"), None),
        MeetingStatus::Held
    );
    assert_eq!(
        defaults.meeting_status(Some("Final"), Some("Action Results"), None),
        MeetingStatus::Scheduled
    );
    // The example in the module documentation is a valid file.
    let documented = r#"
time_zone = "America/Phoenix"
held_minutes_statuses = ["Action Results"]
[vote_names]
"Recuse" = "abstain"
[outcome_names]
"Approved on Consent" = "approved"
[role_words]
"Presiding Officer" = "chair"
[body_kind_words]
"Legislative Body" = "council"
[action_words]
"sole source" = "award"
"#;
    let mapping = ClientMapping::from_toml(documented).unwrap();
    assert_eq!(
        mapping.office_role(Some("Presiding Officer"), None),
        OfficeRole::Chair
    );
    assert_eq!(
        mapping.agenda_action(&["Sole Source for radio parts"]),
        AgendaAction::Award
    );
    // Deserialize works through any serde format, e.g. a TOML table inside a larger file.
    let inside: HashMap<String, ClientMapping> =
        toml::from_str("[mesa]\ntime_zone = \"America/Phoenix\"\n").unwrap();
    assert_eq!(
        inside["mesa"],
        ClientMapping::new(chrono_tz::America::Phoenix)
    );
}

#[test]
fn mapping_files_are_checked() {
    let err = |text: &str| ClientMapping::from_toml(text).unwrap_err();
    assert!(matches!(err(""), MappingError::Invalid { key, .. } if key == "time_zone"));
    assert!(
        matches!(err("time_zone = \"Mars/Olympus\""), MappingError::Invalid { key, message } if key == "time_zone" && message.contains("Mars/Olympus"))
    );
    let unknown_key = err("time_zone = \"America/Chicago\"\nvotes = {}");
    assert!(matches!(&unknown_key, MappingError::Toml(m) if m.contains("votes")));
    let unknown_choice = err("time_zone = \"America/Chicago\"\n[vote_names]\nAye = \"maybe\"");
    assert!(matches!(&unknown_choice, MappingError::Toml(m) if m.contains("maybe")));
    assert!(matches!(
        err("time_zone = \"America/Chicago\"\ncancelled_words = [\" - \"]"),
        MappingError::Invalid { key, .. } if key == "cancelled_words"
    ));
    // replace_defaults leaves only the file's names.
    let only = ClientMapping::from_toml(
        "time_zone = \"America/Chicago\"\nreplace_defaults = true\n[vote_names]\n\"Sí\" = \"yes\"",
    )
    .unwrap();
    assert_eq!(only.vote_choice("sí"), Some(VoteChoice::Yes));
    assert_eq!(only.vote_choice("Aye"), None);
    assert_eq!(only.office_role(Some("Mayor"), None), OfficeRole::Member);
    // An entry for a default name replaces it.
    let over = ClientMapping::from_toml(
        "time_zone = \"America/Chicago\"\n[vote_names]\nPRESENT = \"absent\"",
    )
    .unwrap();
    assert_eq!(over.vote_choice("Present"), Some(VoteChoice::Absent));
}

#[test]
fn vote_names_match_whole_names_only() {
    let m = ClientMapping::new(chrono_tz::America::Chicago);
    for (name, choice) in [
        ("Aye", VoteChoice::Yes),
        (" AYE ", VoteChoice::Yes),
        ("Yes", VoteChoice::Yes),
        ("Affirmative", VoteChoice::Yes),
        ("Nay", VoteChoice::No),
        ("no", VoteChoice::No),
        ("Opposed", VoteChoice::No),
        ("Abstain", VoteChoice::Abstain),
        ("Abstained", VoteChoice::Abstain),
        ("Recused", VoteChoice::Abstain),
        ("Present", VoteChoice::Abstain),
        ("Absent", VoteChoice::Absent),
        ("Excused", VoteChoice::Absent),
        ("Not Present", VoteChoice::Absent),
        ("Non-voting", VoteChoice::Absent),
        ("Non Voting", VoteChoice::Absent),
    ] {
        assert_eq!(m.vote_choice(name), Some(choice), "{name:?}");
    }
    for name in ["", "Conflict", "Aye (by phone)", "Pass", "Nays"] {
        assert_eq!(m.vote_choice(name), None, "{name:?}");
    }
}

#[test]
fn outcome_names_match_at_the_start() {
    let m = ClientMapping::new(chrono_tz::America::Chicago);
    for (name, outcome) in [
        ("Pass", AgendaOutcome::Approved),
        ("Passed", AgendaOutcome::Approved),
        ("Adopted", AgendaOutcome::Approved),
        ("Adopted As Amended", AgendaOutcome::Approved),
        ("Approved", AgendaOutcome::Approved),
        ("Recommended to Pass", AgendaOutcome::Approved),
        ("Fail", AgendaOutcome::Rejected),
        ("Failed to Pass", AgendaOutcome::Rejected),
        ("Deferred", AgendaOutcome::Deferred),
        ("Held in Committee", AgendaOutcome::Deferred),
        ("Continued", AgendaOutcome::Deferred),
        ("Tabled", AgendaOutcome::Deferred),
        ("Referred", AgendaOutcome::Deferred),
        ("Withdrawn", AgendaOutcome::Withdrawn),
    ] {
        assert_eq!(m.outcome(name), Some(outcome), "{name:?}");
    }
    for name in [
        "",
        "Not Adopted",
        "Placed on File",
        "Passover",
        "Introduced",
    ] {
        assert_eq!(m.outcome(name), None, "{name:?}");
    }
}

#[test]
fn roles_body_kinds_and_actions_from_words() {
    let m = ClientMapping::new(chrono_tz::America::Chicago);
    for (title, role) in [
        ("Chair", OfficeRole::Chair),
        ("Chairperson", OfficeRole::Chair),
        ("Mayor", OfficeRole::Chair),
        ("President", OfficeRole::Chair),
        ("Council President", OfficeRole::Chair),
        ("Vice Chair", OfficeRole::ViceChair),
        ("Vice-Chair", OfficeRole::ViceChair),
        ("Vice Chairperson", OfficeRole::ViceChair),
        ("Vice Mayor", OfficeRole::ViceChair),
        ("Vice President", OfficeRole::ViceChair),
        ("Mayor Pro Tem", OfficeRole::ViceChair),
        ("Councilmember", OfficeRole::Member),
        ("Member", OfficeRole::Member),
        ("Armchair critic", OfficeRole::Member),
    ] {
        assert_eq!(
            m.office_role(Some(title), Some("Member")),
            role,
            "{title:?}"
        );
    }
    // No title: the member type.
    assert_eq!(m.office_role(None, Some("Chair")), OfficeRole::Chair);
    assert_eq!(m.office_role(None, None), OfficeRole::Member);

    for (type_name, name, kind) in [
        (Some("City Council"), "City Council", BodyKind::Council),
        (
            Some("Primary Legislative Body"),
            "Board of Directors",
            BodyKind::Council,
        ),
        (
            Some("Committee"),
            "Audit, Finance and Enterprise Committee",
            BodyKind::Committee,
        ),
        (
            None,
            "Planning and Zoning Board - Study Session",
            BodyKind::Board,
        ),
        (
            None,
            "Historic Preservation Commission",
            BodyKind::Commission,
        ),
        (None, "City Council Finance Committee", BodyKind::Committee),
        (
            Some("Department"),
            "Office of the City Clerk",
            BodyKind::Committee,
        ),
    ] {
        assert_eq!(m.body_kind(type_name, Some(name)), kind, "{name:?}");
    }

    for (texts, action) in [
        (
            &[
                "Renewal of the custodial services contract with Acme",
                "Contract",
            ][..],
            AgendaAction::Renewal,
        ),
        (
            &["Extension of the agreement for towing"][..],
            AgendaAction::Extension,
        ),
        (&["Contract time extension"][..], AgendaAction::Extension),
        (&["Extend the lease"][..], AgendaAction::Extension),
        (
            &["Amendment No. 2 to the agreement"][..],
            AgendaAction::Amendment,
        ),
        (
            &["Change Order No. 3", "Resolution"][..],
            AgendaAction::Amendment,
        ),
        (&["Award of bid for fire engines"][..], AgendaAction::Award),
        (&["Purchase of radios"][..], AgendaAction::Award),
        (
            &["Professional services", "Contract"][..],
            AgendaAction::Award,
        ),
        (&["Roll Call"][..], AgendaAction::Other),
        (
            &["Appointments to boards and committees.", "Appointment"][..],
            AgendaAction::Other,
        ),
    ] {
        assert_eq!(m.agenda_action(texts), action, "{texts:?}");
    }
}

#[test]
fn meeting_status_from_statuses_and_comment() {
    let m = ClientMapping::new(chrono_tz::America::Chicago);
    assert_eq!(
        m.meeting_status(Some("Cancelled"), Some("Final"), None),
        MeetingStatus::Cancelled
    );
    assert_eq!(
        m.meeting_status(
            Some("Final"),
            None,
            Some("This meeting has been CANCELED.\r\n")
        ),
        MeetingStatus::Cancelled
    );
    assert_eq!(
        m.meeting_status(Some("Final"), Some("Draft"), Some("Postponed to June 5")),
        MeetingStatus::Postponed
    );
    assert_eq!(
        m.meeting_status(Some("Rescheduled"), None, None),
        MeetingStatus::Postponed
    );
    assert_eq!(
        m.meeting_status(Some("Final"), Some("Final"), None),
        MeetingStatus::Held
    );
    assert_eq!(
        m.meeting_status(Some("Final"), Some("approved"), None),
        MeetingStatus::Held
    );
    assert_eq!(
        m.meeting_status(Some("Final"), Some("Draft"), None),
        MeetingStatus::Scheduled
    );
    assert_eq!(m.meeting_status(None, None, None), MeetingStatus::Scheduled);
}

#[test]
fn enum_keys_are_the_stored_vocabulary() {
    // The lower-case keys in entity/src/enums.rs.
    let keys = |all: &[&str]| all.join(",");
    assert_eq!(
        keys(&BodyKind::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        "council,committee,board,commission"
    );
    assert_eq!(
        keys(&OfficeRole::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        "member,chair,vice_chair"
    );
    assert_eq!(
        keys(
            &MeetingStatus::ALL
                .iter()
                .map(|v| v.key())
                .collect::<Vec<_>>()
        ),
        "scheduled,held,postponed,cancelled"
    );
    assert_eq!(
        keys(
            &AgendaAction::ALL
                .iter()
                .map(|v| v.key())
                .collect::<Vec<_>>()
        ),
        "award,renewal,extension,amendment,other"
    );
    assert_eq!(
        keys(
            &AgendaOutcome::ALL
                .iter()
                .map(|v| v.key())
                .collect::<Vec<_>>()
        ),
        "pending,approved,rejected,deferred,withdrawn"
    );
    assert_eq!(
        keys(&VoteChoice::ALL.iter().map(|v| v.key()).collect::<Vec<_>>()),
        "yes,no,abstain,absent"
    );
}

// ---------------------------------------------------------------------------------------------
// Fetching

/// Responses from memory, recording each path asked for.
#[derive(Default)]
struct Memory {
    responses: HashMap<String, serde_json::Value>,
    asked: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl Fetch for Memory {
    async fn get(&self, path: &str) -> Result<Option<serde_json::Value>, FetchError> {
        self.asked.lock().unwrap().push(path.to_owned());
        Ok(self.responses.get(path).cloned())
    }
}

#[tokio::test]
async fn load_walks_the_api_and_asks_for_each_matter_once() {
    let mut memory = Memory::default();
    let r = &mut memory.responses;
    r.insert(
        "bodies".into(),
        json!([{ "BodyId": 1, "BodyName": "Council" }]),
    );
    r.insert("persons".into(), json!([]));
    r.insert("officerecords".into(), json!([]));
    r.insert(
        "events".into(),
        json!([{ "EventId": 10, "EventBodyId": 1 }, { "EventId": 11, "EventBodyId": 1 }]),
    );
    r.insert(
        "events/10/eventitems".into(),
        json!([
            { "EventItemId": 100, "EventItemRollCallFlag": 1 },
            { "EventItemId": 101, "EventItemMatterId": 7 },
            { "EventItemId": 102, "EventItemRollCallFlag": 0 },
        ]),
    );
    r.insert(
        "events/11/eventitems".into(),
        json!([{ "EventItemId": 110, "EventItemMatterId": 7, "EventItemRollCallFlag": 1 }]),
    );
    r.insert(
        "matters/7".into(),
        json!({ "MatterId": 7, "MatterFile": "24-1" }),
    );
    r.insert(
        "eventitems/110/votes".into(),
        json!([{ "VotePersonId": 5, "VoteValueName": "Aye" }]),
    );

    let snapshot = load(&memory).await.unwrap();
    assert_eq!(
        *memory.asked.lock().unwrap(),
        [
            "bodies",
            "persons",
            "officerecords",
            "events",
            "events/10/eventitems",
            "eventitems/100/votes",
            "matters/7",
            "matters/7/histories",
            "eventitems/101/votes",
            "events/11/eventitems",
            "eventitems/110/votes",
        ]
    );
    assert_eq!(snapshot.events.len(), 2);
    assert_eq!(snapshot.event_items[&10].len(), 3);
    assert_eq!(snapshot.matters[&7].matter_file.as_deref(), Some("24-1"));
    assert_eq!(snapshot.matter_histories[&7], Vec::new());
    assert_eq!(snapshot.votes[&100], Vec::new());
    assert_eq!(snapshot.votes[&110].len(), 1);
    assert!(!snapshot.votes.contains_key(&102));
    assert!(snapshot.skips.is_empty());
}

#[tokio::test]
async fn load_fails_only_on_what_cannot_be_read() {
    // No bodies at all: the client root is wrong.
    let empty = Folder::new(fixtures().join("no-such-client"));
    assert_eq!(
        load(&empty).await,
        Err(FetchError::Missing {
            path: "bodies".to_owned()
        })
    );
    // A list that is not a list.
    let mut memory = Memory::default();
    memory
        .responses
        .insert("bodies".into(), json!({ "BodyId": 1 }));
    assert!(matches!(
        load(&memory).await,
        Err(FetchError::WrongShape { path, .. }) if path == "bodies"
    ));
    // An element that does not read is skipped, with its path.
    let mut memory = Memory::default();
    let r = &mut memory.responses;
    r.insert(
        "bodies".into(),
        json!([{ "BodyId": 1, "BodyName": "Council" }, { "BodyId": 2, "BodyActiveFlag": 2 }]),
    );
    r.insert("persons".into(), json!([]));
    r.insert("officerecords".into(), json!([]));
    r.insert("events".into(), json!([]));
    let snapshot = load(&memory).await.unwrap();
    assert_eq!(snapshot.bodies.len(), 1);
    assert_eq!(snapshot.skips.len(), 1);
    assert_eq!(snapshot.skips[0].path, "bodies[1]");
    assert!(snapshot.skips[0].reason.contains("flag"));
    // …and carried into the plan.
    let plan = plan(&snapshot, &mesa_mapping());
    assert_eq!(plan.skips, snapshot.skips);
}

#[tokio::test]
async fn folder_maps_paths_to_files_and_refuses_others() {
    let folder = Folder::new(fixtures().join("mesa"));
    let bodies = folder.get("bodies").await.unwrap().unwrap();
    assert_eq!(bodies.as_array().unwrap().len(), 2);
    let items = folder.get("events/1235/eventitems").await.unwrap().unwrap();
    assert_eq!(items.as_array().unwrap().len(), 4);
    let matter = folder.get("matters/2379").await.unwrap().unwrap();
    assert_eq!(matter["MatterFile"], "10-0003");
    assert_eq!(folder.get("eventitems/20901/votes").await.unwrap(), None);
    for bad in ["../mesa/bodies", "/etc/passwd", "bodies?$top=1", ""] {
        assert!(
            matches!(folder.get(bad).await, Err(FetchError::Unavailable { .. })),
            "{bad:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The plan of the composed Mesa folder

#[tokio::test]
async fn mesa_plan_has_exactly_what_was_composed() {
    let snapshot = snapshot("mesa").await;
    let plan = plan(&snapshot, &mesa_mapping());

    assert_eq!(plan.bodies.len(), 2);
    assert_eq!(plan.officials.len(), 7);
    assert_eq!(plan.terms.len(), 9);
    assert_eq!(plan.meetings.len(), 2);
    assert_eq!(plan.agenda_items.len(), 4);
    assert_eq!(plan.votes.len(), 5);
    assert_eq!(plan.warnings, Vec::new());
    assert_eq!(plan.skips.len(), 3, "{:#?}", plan.skips);

    // The heading without an agenda sequence, and the empty line.
    assert!(has_skip(
        &plan,
        "events/1235/eventitems[0]",
        "no EventItemAgendaSequence"
    ));
    assert!(has_skip(&plan, "events/1235/eventitems[2]", "no title"));
    // The vote whose name is not in the vocabulary.
    assert!(has_skip(
        &plan,
        "eventitems/21301/votes[5]",
        "the vote name \"Conflict\" is not in the client's vote names"
    ));

    assert_eq!(
        plan.bodies,
        [
            PlannedBody {
                legistar_id: 138,
                name: "City Council".into(),
                kind: BodyKind::Council,
                active: true,
            },
            PlannedBody {
                legistar_id: 182,
                name: "Audit, Finance and Enterprise Committee".into(),
                kind: BodyKind::Committee,
                active: true,
            },
        ]
    );
    let official = |id: i64| plan.officials.iter().find(|o| o.legistar_id == id).unwrap();
    assert_eq!(
        official(120),
        &PlannedOfficial {
            legistar_id: 120,
            name: "Daystar".into(),
            email: Some("ats@granicus.com".into()),
            active: true,
        }
    );
    assert_eq!(official(173).email, None); // blank
    assert!(!official(174).active);
}

#[tokio::test]
async fn mesa_terms_map_titles_to_roles() {
    let plan = plan(&snapshot("mesa").await, &mesa_mapping());
    assert_eq!(
        term(&plan, 570),
        &PlannedTerm {
            legistar_id: 570,
            person_id: 174,
            body_id: 138,
            role: OfficeRole::ViceChair,
            title: Some("Vice Mayor".into()),
            starts_on: date(2006, 6, 5),
            ends_on: Some(date(2011, 1, 18)),
        }
    );
    assert_eq!(term(&plan, 571).role, OfficeRole::Chair); // Mayor
    assert_eq!(term(&plan, 571).ends_on, None);
    assert_eq!(term(&plan, 572).role, OfficeRole::Member); // Councilmember
    assert_eq!(term(&plan, 576).role, OfficeRole::Chair); // Chairperson
    assert_eq!(term(&plan, 577).role, OfficeRole::ViceChair); // Vice Chair
    assert_eq!(term(&plan, 578).role, OfficeRole::Member);
    assert_eq!(term(&plan, 578).ends_on, Some(date(2010, 6, 30)));
    let roles: Vec<_> = plan.terms.iter().map(|t| t.role).collect();
    assert_eq!(roles.iter().filter(|r| **r == OfficeRole::Chair).count(), 2);
    assert_eq!(
        roles
            .iter()
            .filter(|r| **r == OfficeRole::ViceChair)
            .count(),
        2
    );
}

#[tokio::test]
async fn mesa_meetings_start_at_the_right_utc_instant() {
    let plan = plan(&snapshot("mesa").await, &mesa_mapping());
    // 5:45 PM MST on 2010-09-27 (Phoenix is UTC-7 all year).
    assert_eq!(
        meeting(&plan, 1235),
        &PlannedMeeting {
            legistar_id: 1235,
            body_id: 138,
            starts_at: utc("2010-09-28T00:45:00Z"),
            location: Some("Council Chambers - Upper Level".into()),
            agenda_url: None,
            page_url: Some(
                "https://mesa.legistar.com/MeetingDetail.aspx?LEGID=1235&GID=107&G=6D482A9C-B912-4765-B79B-550C367FA729"
                    .into()
            ),
            status: MeetingStatus::Held,
        }
    );
    // "5:30PM" on 2010-10-04.
    let composed = meeting(&plan, 1240);
    assert_eq!(composed.starts_at, utc("2010-10-05T00:30:00Z"));
    assert_eq!(
        composed.location.as_deref(),
        Some("Council Chambers - Upper Level\n57 East 1st Street")
    );
    assert_eq!(composed.status, MeetingStatus::Scheduled);

    // In Chicago's zone the same record would be two hours earlier in UTC (CDT, UTC-5).
    let mut chicago = mesa_mapping();
    chicago.time_zone = chrono_tz::America::Chicago;
    let plan = super::plan(&snapshot("mesa").await, &chicago);
    assert_eq!(meeting(&plan, 1235).starts_at, utc("2010-09-27T22:45:00Z"));
}

#[tokio::test]
async fn mesa_contract_item_and_its_roll_call() {
    let plan = plan(&snapshot("mesa").await, &mesa_mapping());
    assert_eq!(
        item(&plan, 21301),
        &PlannedAgendaItem {
            legistar_id: 21301,
            meeting_id: 1240,
            item_number: "3-a".into(),
            sequence: 2,
            title: "Renewal of the custodial services contract with Desert Example Custodial \
                    Services, LLC for City facilities (Citywide)."
                .into(),
            action: AgendaAction::Renewal,
            outcome: AgendaOutcome::Approved,
            matter: Some(PlannedMatter {
                legistar_id: 2401,
                file: Some("10-0412".into()),
                name: Some("Custodial Services Contract Renewal".into()),
                type_name: Some("Contract".into()),
                status_name: Some("Passed".into()),
                title: Some(
                    "Renewal of the custodial services contract with Desert Example Custodial \
                     Services, LLC for City facilities, for an estimated annual amount of \
                     $1,250,000.\n(Citywide)"
                        .into()
                ),
            }),
            roll_call: true,
        }
    );
    let vote = |person_id, choice| PlannedVote {
        agenda_item_id: 21301,
        person_id,
        choice,
    };
    assert_eq!(
        plan.votes,
        [
            vote(173, VoteChoice::Yes),
            vote(174, VoteChoice::Yes),
            vote(201, VoteChoice::Yes),
            vote(202, VoteChoice::No),
            vote(203, VoteChoice::Absent),
        ]
    );
    // The recorded roll-call line: no agenda number, so the sequence.
    let roll_call = item(&plan, 20901);
    assert_eq!(roll_call.item_number, "1");
    assert_eq!(roll_call.title, "Roll Call");
    assert!(roll_call.roll_call);
    assert_eq!(roll_call.action, AgendaAction::Other);
    assert_eq!(roll_call.outcome, AgendaOutcome::Pending);
    assert_eq!(roll_call.matter, None);
}

#[tokio::test]
async fn outcome_comes_from_the_history_when_the_item_has_no_passed_flag() {
    let mut snapshot = snapshot("mesa").await;
    let appointments = &snapshot.event_items[&1235][3];
    assert_eq!(appointments.event_item_id, Some(20905));
    assert_eq!(appointments.event_item_passed_flag, None);
    assert_eq!(appointments.event_item_passed_flag_name, None);

    let planned = plan(&snapshot, &mesa_mapping());
    let appointments = item(&planned, 20905);
    assert_eq!(appointments.outcome, AgendaOutcome::Approved);
    assert_eq!(appointments.item_number, "4-a");
    assert!(!appointments.roll_call);
    assert_eq!(
        appointments.matter.as_ref().unwrap().type_name.as_deref(),
        Some("Appointment")
    );

    // Without the history, nothing says: pending.
    snapshot.matter_histories.clear();
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(item(&planned, 20905).outcome, AgendaOutcome::Pending);

    // A history row at another meeting says nothing about this one.
    let mut other = self::snapshot("mesa").await;
    for row in other.matter_histories.get_mut(&2379).unwrap() {
        if row.matter_history_event_id == Some(1235) {
            row.matter_history_event_id = Some(9999);
        }
    }
    let planned = plan(&other, &mesa_mapping());
    assert_eq!(item(&planned, 20905).outcome, AgendaOutcome::Pending);
}

#[tokio::test]
async fn outcome_prefers_the_items_own_flag_then_history_then_action_name() {
    let mut snapshot = snapshot("mesa").await;
    {
        let contract = &mut snapshot.event_items.get_mut(&1240).unwrap()[1];
        // The item's flag name is not in the vocabulary, but its 0 flag says: rejected.
        contract.event_item_passed_flag_name = Some("Did Not Carry".into());
        contract.event_item_passed_flag = Some(false);
    }
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(item(&planned, 21301).outcome, AgendaOutcome::Rejected);

    {
        let contract = &mut snapshot.event_items.get_mut(&1240).unwrap()[1];
        contract.event_item_passed_flag_name = None;
        contract.event_item_passed_flag = None;
        contract.event_item_action_name = Some("Withdrawn".into());
    }
    snapshot.matter_histories.clear();
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(item(&planned, 21301).outcome, AgendaOutcome::Withdrawn);

    // An action name that matches nothing: pending, with a warning.
    snapshot.event_items.get_mut(&1240).unwrap()[1].event_item_action_name =
        Some("Discussed".into());
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(item(&planned, 21301).outcome, AgendaOutcome::Pending);
    assert_eq!(planned.warnings.len(), 1);
    assert_eq!(planned.warnings[0].path, "events/1240/eventitems[1]");
    assert!(planned.warnings[0].message.contains("\"Discussed\""));
}

#[tokio::test]
async fn votes_by_unknown_people_are_skipped_and_non_roll_call_votes_kept() {
    let mut snapshot = snapshot("mesa").await;
    snapshot.votes.get_mut(&21301).unwrap()[0].vote_person_id = Some(999);
    snapshot.event_items.get_mut(&1240).unwrap()[1].event_item_roll_call_flag = Some(false);
    let planned = plan(&snapshot, &mesa_mapping());
    assert!(has_skip(
        &planned,
        "eventitems/21301/votes[0]",
        "person 999 (Scott Smith), who is not among the officials"
    ));
    assert_eq!(planned.votes.len(), 4);
    assert!(!item(&planned, 21301).roll_call);
    assert!(planned.votes.iter().all(|v| v.agenda_item_id == 21301));

    // A second vote by the same person on the same item: the first is kept.
    let mut snapshot = self::snapshot("mesa").await;
    let votes = snapshot.votes.get_mut(&21301).unwrap();
    let mut again = votes[1].clone();
    again.vote_value_name = Some("Nay".into());
    votes.push(again);
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(planned.votes.len(), 5);
    assert!(has_skip(
        &planned,
        "eventitems/21301/votes[6]",
        "a second vote by person 174"
    ));
}

#[tokio::test]
async fn what_depends_on_a_skipped_record_is_skipped_with_it() {
    let mut snapshot = snapshot("mesa").await;
    snapshot.events[1].event_date = Some("October 4".into());
    snapshot.office_records[0].office_record_person_id = Some(999);
    snapshot.matters.remove(&2379);
    let planned = plan(&snapshot, &mesa_mapping());
    assert!(has_skip(&planned, "events[1]", "EventDate"));
    assert!(has_skip(
        &planned,
        "events/1240/eventitems",
        "meeting 1240 was left out, and so are its 2 agenda items"
    ));
    assert!(has_skip(
        &planned,
        "eventitems/21301/votes",
        "agenda item 21301 was left out, and so are its 6 votes"
    ));
    assert!(has_skip(
        &planned,
        "officerecords[0]",
        "person 999 is not among the officials"
    ));
    assert_eq!(planned.meetings.len(), 1);
    assert_eq!(planned.agenda_items.len(), 2);
    assert_eq!(planned.votes.len(), 0);
    assert_eq!(planned.terms.len(), 8);
    // A matter that could not be got is taken from the item's own fields, with a warning.
    let appointments = item(&planned, 20905);
    assert_eq!(
        appointments.matter,
        Some(PlannedMatter {
            legistar_id: 2379,
            file: Some("10-0003".into()),
            name: Some("Boards and Committees".into()),
            type_name: Some("Appointment".into()),
            status_name: Some("Agenda Ready".into()),
            title: None,
        })
    );
    assert!(
        planned
            .warnings
            .iter()
            .any(|w| w.path == "events/1235/eventitems[3]" && w.message.contains("matters/2379"))
    );
}

#[tokio::test]
async fn a_missing_time_is_a_warning_not_a_skip() {
    let mut snapshot = snapshot("mesa").await;
    snapshot.events[1].event_time = None;
    let planned = plan(&snapshot, &mesa_mapping());
    assert_eq!(
        meeting(&planned, 1240).starts_at,
        utc("2010-10-04T07:00:00Z")
    );
    assert_eq!(planned.warnings.len(), 1);
    assert_eq!(planned.warnings[0].path, "events[1]");
    assert!(planned.warnings[0].message.contains("midnight"));
}

// ---------------------------------------------------------------------------------------------
// Recorded shapes from other clients

#[test]
fn la_metro_location_line_breaks_are_normalised() {
    let body: Body = serde_json::from_value(json!({
        "BodyId": 138,
        "BodyName": "Board of Directors - Regular Board Meeting",
        "BodyTypeName": "Primary Legislative Body",
        "BodyActiveFlag": 1,
    }))
    .unwrap();
    let event: Event = serde_json::from_value(recorded("lametro/event-2907.json")).unwrap();
    let snapshot = Snapshot {
        bodies: vec![body],
        events: vec![event],
        ..Snapshot::default()
    };
    let planned = plan(
        &snapshot,
        &ClientMapping::new(chrono_tz::America::Los_Angeles),
    );
    assert_eq!(planned.skips, Vec::new());
    assert_eq!(
        planned.meetings,
        [PlannedMeeting {
            legistar_id: 2907,
            body_id: 138,
            starts_at: utc("2024-09-26T17:00:00Z"),
            location: Some("One Gateway Plaza, Los Angeles, CA 90012,\n3rd Floor, Metro Board Room".into()),
            agenda_url: Some(
                "https://metro.legistar1.com/metro/meetings/2024/9/2907_A_Board_of_Directors_-_Regular_Board_Meeting_24-09-26_Agenda.pdf"
                    .into()
            ),
            page_url: Some(
                "https://metro.legistar.com/MeetingDetail.aspx?LEGID=2907&GID=557&G=A5FAA737-A54D-4A6C-B1E8-FF70F765FA94"
                    .into()
            ),
            status: MeetingStatus::Scheduled,
        }]
    );
    assert_eq!(planned.bodies[0].kind, BodyKind::Council);
}

/// What a history row says, without its ids and sequences (which differ between the files).
fn said(row: &MatterHistory) -> Said<'_> {
    Said {
        event: row.matter_history_event_id,
        action: row.matter_history_action_name.as_deref(),
        text: row.matter_history_action_text.as_deref(),
        passed: row.matter_history_passed_flag,
        passed_name: row.matter_history_passed_flag_name.as_deref(),
        date: row.matter_history_action_date.as_deref(),
        body: row.matter_history_action_body_id,
    }
}

#[derive(Debug, PartialEq)]
struct Said<'a> {
    event: Option<i64>,
    action: Option<&'a str>,
    text: Option<&'a str>,
    passed: Option<bool>,
    passed_name: Option<&'a str>,
    date: Option<&'a str>,
    body: Option<i64>,
}

#[test]
fn chicago_duplicate_histories_collapse_to_the_rows_without_duplicates() {
    let dupe: Vec<MatterHistory> =
        serde_json::from_value(recorded("chicago/matter-histories-dupe.json")).unwrap();
    let no_dupe: Vec<MatterHistory> =
        serde_json::from_value(recorded("chicago/matter-histories-no-dupe.json")).unwrap();
    assert_eq!(dupe.len(), 4);
    assert_eq!(no_dupe.len(), 3);
    assert_eq!(
        dupe.iter()
            .filter(|r| r.matter_history_event_id == Some(3683))
            .count(),
        2
    );

    let deduped = dedupe_histories(&dupe);
    assert_eq!(deduped.len(), 3);
    let at_3683: Vec<_> = deduped
        .iter()
        .filter(|r| r.matter_history_event_id == Some(3683))
        .map(|r| said(r))
        .collect();
    let expected: Vec<_> = no_dupe
        .iter()
        .filter(|r| r.matter_history_event_id == Some(3683))
        .map(said)
        .collect();
    assert_eq!(at_3683, expected);
    assert_eq!(at_3683.len(), 1);
    // The earlier (agenda) row is the one kept.
    assert_eq!(
        deduped
            .iter()
            .find(|r| r.matter_history_event_id == Some(3683))
            .unwrap()
            .matter_history_id,
        Some(200020)
    );
    // Every row of the file without duplicates says the same as the deduplicated rows.
    assert_eq!(
        deduped.iter().map(|r| said(r)).collect::<Vec<_>>(),
        no_dupe.iter().map(said).collect::<Vec<_>>()
    );
    // Nothing to remove in the other file.
    assert_eq!(dedupe_histories(&no_dupe).len(), 3);
}

#[test]
fn histories_differing_in_what_they_say_are_not_duplicates() {
    let row =
        |id: i64, event: Option<i64>, name: &str, passed: Option<bool>, text: Option<&str>| {
            MatterHistory {
                matter_history_id: Some(id),
                matter_history_event_id: event,
                matter_history_action_name: Some(name.into()),
                matter_history_passed_flag: passed,
                matter_history_action_text: text.map(Into::into),
                ..MatterHistory::default()
            }
        };
    let rows = [
        row(1, Some(5), "Passed", Some(true), None),
        row(2, Some(5), "PASSED ", Some(true), Some("On motion, Passed")), // duplicate of 1
        row(3, Some(5), "Passed", Some(false), None),                      // another flag
        row(4, Some(6), "Passed", Some(true), None),                       // another meeting
        row(5, Some(5), "Amended", None, None),                            // another action
        row(6, None, "Referred", None, None),                              // outside a meeting
        row(7, None, "Referred", None, None),                              // kept too
        row(8, Some(7), "Held", None, Some("Held for one week")),
        row(9, Some(7), "Held", None, Some("Held for two weeks")), // another text
    ];
    let kept: Vec<i64> = dedupe_histories(&rows)
        .iter()
        .filter_map(|r| r.matter_history_id)
        .collect();
    assert_eq!(kept, [1, 3, 4, 5, 6, 7, 8, 9]);
}

#[tokio::test]
async fn mesa_duplicate_history_rows_collapse() {
    let snapshot = snapshot("mesa").await;
    let rows = &snapshot.matter_histories[&2379];
    assert_eq!(rows.len(), 3);
    let kept: Vec<_> = dedupe_histories(rows)
        .iter()
        .filter_map(|r| r.matter_history_id)
        .collect();
    assert_eq!(kept, [5101, 5102]);
}

// ---------------------------------------------------------------------------------------------
// Re-running on changed data

#[tokio::test]
async fn moved_meeting_plans_differently_only_in_its_start_and_the_changed_vote() {
    let mapping = mesa_mapping();
    let before = plan(&snapshot("mesa").await, &mapping);
    let after = plan(&snapshot("mesa-moved").await, &mapping);

    assert_eq!(after.bodies, before.bodies);
    assert_eq!(after.officials, before.officials);
    assert_eq!(after.terms, before.terms);
    assert_eq!(after.agenda_items, before.agenda_items);
    assert_eq!(after.skips, before.skips);
    assert_eq!(after.warnings, before.warnings);

    assert_eq!(meeting(&after, 1235), meeting(&before, 1235));
    let (moved, original) = (meeting(&after, 1240), meeting(&before, 1240));
    assert_eq!(moved.starts_at, utc("2010-10-12T00:30:00Z"));
    assert_eq!(moved.starts_at - original.starts_at, TimeDelta::days(7));
    assert_eq!(
        PlannedMeeting {
            starts_at: original.starts_at,
            ..moved.clone()
        },
        *original
    );

    assert_eq!(after.votes.len(), before.votes.len());
    let changed: Vec<_> = before
        .votes
        .iter()
        .zip(&after.votes)
        .filter(|(b, a)| b != a)
        .collect();
    assert_eq!(changed.len(), 1);
    let (b, a) = changed[0];
    assert_eq!((b.person_id, b.choice), (202, VoteChoice::No));
    assert_eq!((a.person_id, a.choice), (202, VoteChoice::Yes));
}

#[test]
fn free_text_line_breaks_and_whitespace() {
    use super::plan::{multi_line, one_line};
    assert_eq!(
        multi_line(Some(" Room 1 \r\n2nd Floor\rEast Wing \n")),
        Some("Room 1\n2nd Floor\nEast Wing".into())
    );
    assert_eq!(multi_line(Some(" \r\n \t")), None);
    assert_eq!(multi_line(None), None);
    assert_eq!(
        one_line(Some("  Renewal of the\r\ncustodial   contract ")),
        Some("Renewal of the custodial contract".into())
    );
    assert_eq!(one_line(Some("")), None);
}
