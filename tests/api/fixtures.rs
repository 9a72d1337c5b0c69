//! A small, exact registry for tests that assert precise values (the demo city is for journeys).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::enums::*;
use entity::*;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, DatabaseConnection};

use crate::helpers::test_now;

/// Row ids of the small registry.
pub struct Registry {
    pub jurisdiction: i64,
    pub parks: i64,
    pub library: i64,
    pub council: i64,
    pub officials: Vec<i64>,
    pub vendor: i64,
    /// Open, outsourcing, living wage, NIGP 910-39, bids due in 10 days, in Library.
    pub custodial: i64,
    /// Planned, technology + AI, bids due in 40 days, in Parks.
    pub chatbot: i64,
    /// From `custodial`: ends in 30 days, option 1 exercised, option 2 open (deadline in 100
    /// days), amendments +500.00 and −120.50.
    pub custodial_contract: i64,
    /// No solicitation: ends in 400 days, no options, in Parks.
    pub mowing_contract: i64,
    /// Council meeting in 3 days deciding the custodial contract's renewal and the chatbot.
    pub upcoming_meeting: i64,
    pub renewal_item: i64,
    pub award_item: i64,
    /// Council meeting 10 days ago with a roll call on the mowing contract.
    pub past_meeting: i64,
}

fn days(n: i64) -> DateTime<Utc> {
    test_now() + Duration::days(n)
}

fn date(n: i64) -> NaiveDate {
    days(n).date_naive()
}

pub async fn registry(db: &DatabaseConnection) -> Registry {
    let now = test_now();
    let jurisdiction = jurisdiction::ActiveModel {
        name: Set("Testville".into()),
        kind: Set(JurisdictionKind::City),
        time_zone: Set("America/New_York".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let agency = |name: &str| agency::ActiveModel {
        jurisdiction_id: Set(jurisdiction),
        name: Set(name.into()),
        acronym: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    let parks = agency("Parks").insert(db).await.unwrap().id;
    let library = agency("Library").insert(db).await.unwrap().id;
    let council = body::ActiveModel {
        jurisdiction_id: Set(jurisdiction),
        name: Set("Council".into()),
        kind: Set(BodyKind::Council),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let mut officials = Vec::new();
    for (i, name) in ["Ada Alder", "Ben Birch", "Cleo Cedar"]
        .into_iter()
        .enumerate()
    {
        let id = official::ActiveModel {
            jurisdiction_id: Set(jurisdiction),
            name: Set(name.into()),
            title: Set("Council Member".into()),
            district: Set(Some(format!("District {}", i + 1))),
            contact_email: Set(Some(format!("official{i}@testville.example"))),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id;
        office_term::ActiveModel {
            official_id: Set(id),
            body_id: Set(council),
            role: Set(OfficeRole::Member),
            starts_on: Set(date(-300)),
            // The third member's term has ended.
            ends_on: Set(Some(if i == 2 { date(-1) } else { date(700) })),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        officials.push(id);
    }
    let vendor = vendor::ActiveModel {
        name: Set("Acme Services".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    vendor_identifier::ActiveModel {
        vendor_id: Set(vendor),
        scheme: Set("US-UEI".into()),
        identifier: Set("ACME00000001".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();

    let custodial = solicitation(
        db,
        library,
        "Custodial Services",
        SolicitationStatus::Open,
        10,
        |s| {
            s.is_outsourcing = Set(true);
            s.requires_living_wage = Set(true);
            s.inhouse_fte = Set(Some(42.0));
            s.inhouse_annual_cost_minor = Set(Some(231_000_000));
            s.bargaining_unit = Set(Some("Local 17".into()));
        },
    )
    .await;
    solicitation_category::ActiveModel {
        solicitation_id: Set(custodial),
        scheme: Set("NIGP".into()),
        code: Set("910-39".into()),
        description: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let chatbot = solicitation(
        db,
        parks,
        "Benefits Chatbot",
        SolicitationStatus::Planned,
        40,
        |s| {
            s.is_technology = Set(true);
            s.is_ai = Set(true);
        },
    )
    .await;

    let custodial_contract = contract(
        db,
        library,
        vendor,
        Some(custodial),
        "Custodial Services",
        30,
        1_000_000,
        true,
    )
    .await;
    for (sequence, deadline, exercised) in [(1, -200, true), (2, 100, false)] {
        renewal_option::ActiveModel {
            contract_id: Set(custodial_contract),
            sequence: Set(sequence),
            period_start: Set(date(deadline + 1)),
            period_end: Set(date(deadline + 366)),
            value_minor: Set(Some(300_000)),
            decision_deadline: Set(date(deadline)),
            exercised: Set(exercised),
            exercised_on: Set(exercised.then(|| date(deadline - 5))),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    for (change, on) in [(50_000, -300), (-12_050, -20)] {
        contract_amendment::ActiveModel {
            contract_id: Set(custodial_contract),
            amended_on: Set(date(on)),
            value_change_minor: Set(change),
            new_end_date: Set(None),
            description: Set("change order".into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let mowing_contract =
        contract(db, parks, vendor, None, "Park Mowing", 400, 250_000, false).await;

    let upcoming_meeting = meeting(db, council, days(3), MeetingStatus::Scheduled).await;
    let renewal_item = agenda_item(
        db,
        upcoming_meeting,
        "1",
        AgendaAction::Renewal,
        None,
        Some(custodial_contract),
    )
    .await;
    let award_item = agenda_item(
        db,
        upcoming_meeting,
        "2",
        AgendaAction::Award,
        Some(chatbot),
        None,
    )
    .await;
    agenda_item(db, upcoming_meeting, "3", AgendaAction::Other, None, None).await;
    let cancelled = meeting(db, council, days(5), MeetingStatus::Cancelled).await;
    agenda_item(
        db,
        cancelled,
        "1",
        AgendaAction::Renewal,
        None,
        Some(mowing_contract),
    )
    .await;
    let far = meeting(db, council, days(90), MeetingStatus::Scheduled).await;
    agenda_item(
        db,
        far,
        "1",
        AgendaAction::Renewal,
        None,
        Some(mowing_contract),
    )
    .await;
    let past_meeting = meeting(db, council, days(-10), MeetingStatus::Held).await;
    let past_item = agenda_item(
        db,
        past_meeting,
        "1",
        AgendaAction::Amendment,
        None,
        Some(mowing_contract),
    )
    .await;
    for (official, vote) in
        officials
            .iter()
            .zip([VoteChoice::Yes, VoteChoice::No, VoteChoice::Absent])
    {
        roll_call_vote::ActiveModel {
            agenda_item_id: Set(past_item),
            official_id: Set(*official),
            vote: Set(vote),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }

    contract_watch::services::search::reindex_all(db, now)
        .await
        .unwrap();

    Registry {
        jurisdiction,
        parks,
        library,
        council,
        officials,
        vendor,
        custodial,
        chatbot,
        custodial_contract,
        mowing_contract,
        upcoming_meeting,
        renewal_item,
        award_item,
        past_meeting,
    }
}

async fn solicitation(
    db: &DatabaseConnection,
    agency_id: i64,
    title: &str,
    status: SolicitationStatus,
    bids_due_in_days: i64,
    labels: impl FnOnce(&mut solicitation::ActiveModel),
) -> i64 {
    let mut row = solicitation::ActiveModel {
        id: NotSet,
        agency_id: Set(agency_id),
        reference_number: Set(format!("RFP-{title}")),
        title: Set(title.into()),
        description: Set(format!("{title}, described.")),
        method: Set(ProcurementMethod::Rfp),
        status: Set(status),
        estimated_value_minor: Set(Some(123_456_789)),
        currency: Set("USD".into()),
        published_at: Set(Some(days(-5))),
        questions_due_at: Set(None),
        bids_due_at: Set(Some(days(bids_due_in_days))),
        pre_bid_meeting_at: Set(None),
        created_at: Set(test_now()),
        updated_at: Set(test_now()),
        ..Default::default()
    };
    labels(&mut row);
    row.insert(db).await.unwrap().id
}

#[allow(clippy::too_many_arguments, reason = "a test fixture's columns")]
async fn contract(
    db: &DatabaseConnection,
    agency_id: i64,
    vendor_id: i64,
    solicitation_id: Option<i64>,
    title: &str,
    ends_in_days: i64,
    value_minor: i64,
    outsourcing: bool,
) -> i64 {
    contract::ActiveModel {
        id: NotSet,
        agency_id: Set(agency_id),
        vendor_id: Set(vendor_id),
        solicitation_id: Set(solicitation_id),
        reference_number: Set(format!("C-{title}")),
        title: Set(title.into()),
        description: Set(None),
        value_minor: Set(value_minor),
        currency: Set("USD".into()),
        start_date: Set(date(-700)),
        end_date: Set(date(ends_in_days)),
        max_extent_date: Set(None),
        status: Set(ContractStatus::Active),
        created_at: Set(test_now()),
        updated_at: Set(test_now()),
        is_outsourcing: Set(outsourcing),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn meeting(
    db: &DatabaseConnection,
    body_id: i64,
    starts_at: DateTime<Utc>,
    status: MeetingStatus,
) -> i64 {
    meeting::ActiveModel {
        body_id: Set(body_id),
        starts_at: Set(starts_at),
        location: Set(None),
        agenda_url: Set(None),
        status: Set(status),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn agenda_item(
    db: &DatabaseConnection,
    meeting_id: i64,
    number: &str,
    action: AgendaAction,
    solicitation_id: Option<i64>,
    contract_id: Option<i64>,
) -> i64 {
    agenda_item::ActiveModel {
        meeting_id: Set(meeting_id),
        item_number: Set(number.into()),
        title: Set(format!("Item {number}")),
        action: Set(action),
        solicitation_id: Set(solicitation_id),
        contract_id: Set(contract_id),
        outcome: Set(AgendaOutcome::Pending),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}
