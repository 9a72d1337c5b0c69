//! The demo city, Riverton: a realistic, fictional registry whose dates are relative to "now", so
//! the demo never goes stale. Loaded by `seed-demo`, and by `serve` on an empty database.

use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, SubsecRound, TimeZone, Utc,
};
use chrono_tz::Tz;
use entity::enums::*;
use entity::*;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    TransactionTrait,
};

const ZONE: Tz = chrono_tz::America::Chicago;
const CURRENCY: &str = "USD";

/// Seeds the demo city unless the registry already has a jurisdiction. Returns a summary.
pub async fn seed_if_empty(db: &DatabaseConnection, now: DateTime<Utc>) -> anyhow::Result<String> {
    if jurisdiction::Entity::find().count(db).await? > 0 {
        return Ok("the database already has data; nothing seeded".to_owned());
    }
    let txn = db.begin().await?;
    let summary = seed(&txn, now).await?;
    crate::services::search::reindex_all(&txn, now)
        .await
        .map_err(|e| anyhow::anyhow!("indexing the demo city for search: {e}"))?;
    txn.commit().await?;
    Ok(summary)
}

/// `(name, acronym)` of each agency.
const AGENCIES: [(&str, &str); 10] = [
    ("Public Works", "DPW"),
    ("Parks and Recreation", "PARKS"),
    ("Library Services", "RPL"),
    ("Transportation and Parking", "DOT"),
    ("Police Department", "RPD"),
    ("Information Technology", "IT"),
    ("Public Health", "DPH"),
    ("Water and Sewer", "WSD"),
    ("Sanitation", "SAN"),
    ("Fleet Services", "FLEET"),
];

/// `(name, title, district)` of each council member; the first is the mayor.
const OFFICIALS: [(&str, &str, Option<&str>); 9] = [
    ("Rosa Delgado", "Mayor", None),
    ("Marcus Whitfield", "Council Member", Some("District 1")),
    ("Aiyana Redcloud", "Council Member", Some("District 2")),
    ("Tomasz Nowak", "Council Member", Some("District 3")),
    ("Grace Oduya", "Council Member", Some("District 4")),
    ("Henry Lam", "Council Member", Some("District 5")),
    ("Priya Raman", "Council Member", Some("District 6")),
    ("Darnell Brooks", "Council Member", Some("District 7")),
    ("Elena Sokolova", "Council Member", Some("District 8")),
];

const VENDORS: [&str; 15] = [
    "CivicServe Solutions LLC",
    "Prairie Custodial Group",
    "Metro Parking Partners",
    "Northline Waste Services",
    "Bluestem Landscaping Co.",
    "Sentinel Analytics Inc.",
    "Harbor Fleet Maintenance",
    "Keystone Engineering Associates",
    "ClearWater Utility Services",
    "BrightPath Learning Systems",
    "Riverbend Construction Inc.",
    "Apex Data Systems",
    "Greenway Transit Contractors",
    "Lakeside Health Partners",
    "Union Street Printing Cooperative",
];

/// A solicitation of the demo: title, agency index, description, category (NIGP), labels.
struct DemoSolicitation {
    title: &'static str,
    agency: usize,
    description: &'static str,
    nigp: (&'static str, &'static str),
    estimate_dollars: i64,
    labels: &'static [Label],
    /// `(positions, annual cost in dollars, bargaining unit)` when it outsources.
    baseline: Option<(f64, i64, &'static str)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Outsourcing,
    Technology,
    Ai,
    AutomatedDecisions,
    Surveillance,
    PrevailingWage,
    LivingWage,
    Pla,
    LaborPeace,
    Environmental,
    LocalGoal,
    Mwbe,
}

macro_rules! solicitation {
    ($title:expr, $agency:expr, $description:expr, $nigp:expr, $estimate:expr, [$($label:ident),*], $baseline:expr) => {
        DemoSolicitation {
            title: $title,
            agency: $agency,
            description: $description,
            nigp: $nigp,
            estimate_dollars: $estimate,
            labels: &[$(Label::$label),*],
            baseline: Some($baseline),
        }
    };
    ($title:expr, $agency:expr, $description:expr, $nigp:expr, $estimate:expr, [$($label:ident),*]) => {
        DemoSolicitation {
            title: $title,
            agency: $agency,
            description: $description,
            nigp: $nigp,
            estimate_dollars: $estimate,
            labels: &[$(Label::$label),*],
            baseline: None,
        }
    };
}

const SOLICITATIONS: [DemoSolicitation; 40] = [
    solicitation!(
        "Custodial Services for Branch Libraries",
        2,
        "Daily cleaning of all nine branch libraries, now done by city custodians.",
        ("910-39", "Custodial/Janitorial Services"),
        2_400_000,
        [Outsourcing, LivingWage],
        (42.0, 2_310_000, "Municipal Employees Union Local 17")
    ),
    solicitation!(
        "Parking Enforcement Services",
        3,
        "Patrol, citation issuance and booting for on-street parking.",
        ("990-52", "Parking Enforcement Services"),
        3_800_000,
        [Outsourcing, Technology],
        (38.5, 3_100_000, "Municipal Employees Union Local 17")
    ),
    solicitation!(
        "Automated License Plate Readers",
        4,
        "Fixed and mobile plate readers with a cloud analytics service.",
        ("205-60", "Surveillance Systems"),
        1_250_000,
        [Technology, Surveillance, AutomatedDecisions]
    ),
    solicitation!(
        "Predictive Maintenance Analytics for Water Mains",
        7,
        "Machine-learning risk scoring of water mains to plan replacement.",
        ("920-45", "Data Processing Services"),
        640_000,
        [Technology, Ai]
    ),
    solicitation!(
        "Residential Curbside Recycling Collection",
        8,
        "Weekly recycling collection for 58,000 households.",
        ("910-85", "Refuse/Recycling Collection"),
        9_600_000,
        [Outsourcing, Environmental, PrevailingWage],
        (61.0, 7_450_000, "Teamsters Local 710")
    ),
    solicitation!(
        "Park Mowing and Turf Care",
        1,
        "Mowing, edging and turf care for 112 parks and medians.",
        ("988-50", "Lawn and Turf Maintenance"),
        1_900_000,
        [Outsourcing, LocalGoal],
        (27.0, 1_640_000, "Laborers Local 4")
    ),
    solicitation!(
        "Bridge Deck Rehabilitation, Oak Street",
        0,
        "Deck replacement and joint repair on the Oak Street bridge.",
        ("913-12", "Bridge Construction"),
        6_200_000,
        [PrevailingWage, Pla, Mwbe]
    ),
    solicitation!(
        "Body-Worn Camera Program",
        4,
        "Cameras, storage and redaction software for 420 officers.",
        ("205-60", "Surveillance Systems"),
        2_750_000,
        [Technology, Surveillance]
    ),
    solicitation!(
        "Benefits Eligibility Chatbot",
        6,
        "A conversational assistant that screens residents for health benefits.",
        ("920-45", "Data Processing Services"),
        480_000,
        [Technology, Ai, AutomatedDecisions]
    ),
    solicitation!(
        "Fleet Preventive Maintenance",
        9,
        "Scheduled maintenance of 900 light-duty vehicles.",
        ("928-62", "Vehicle Maintenance"),
        2_100_000,
        [Outsourcing],
        (19.0, 1_720_000, "Machinists Lodge 126")
    ),
    solicitation!(
        "Lead Service Line Replacement, Phase 2",
        7,
        "Replacement of 3,200 lead service lines.",
        ("913-78", "Water Line Construction"),
        14_500_000,
        [PrevailingWage, Pla, LocalGoal, Mwbe, Environmental]
    ),
    solicitation!(
        "Electric Refuse Trucks",
        8,
        "Twelve battery-electric side-loading refuse trucks.",
        ("070-72", "Refuse Trucks"),
        5_400_000,
        [Environmental]
    ),
    solicitation!(
        "Library Integrated Library System",
        2,
        "Hosted catalogue, circulation and patron system.",
        ("208-38", "Library Software"),
        720_000,
        [Technology]
    ),
    solicitation!(
        "Security Guard Services, City Hall",
        0,
        "Unarmed guard services for City Hall and the Annex.",
        ("990-75", "Security Guard Services"),
        1_350_000,
        [Outsourcing, LaborPeace, LivingWage],
        (14.0, 1_080_000, "SEIU Local 1")
    ),
    solicitation!(
        "Traffic Signal Timing Optimization",
        3,
        "Adaptive signal timing on 14 corridors.",
        ("920-45", "Data Processing Services"),
        890_000,
        [Technology, AutomatedDecisions]
    ),
    solicitation!(
        "Community Health Worker Program",
        6,
        "Community health workers for three neighbourhoods.",
        ("948-08", "Community Health Services"),
        1_100_000,
        [LivingWage, LocalGoal]
    ),
    solicitation!(
        "Snow and Ice Removal, Arterials",
        0,
        "Plowing and salting of arterial streets on call.",
        ("968-72", "Snow Removal"),
        2_300_000,
        [Outsourcing, PrevailingWage],
        (33.0, 2_050_000, "Laborers Local 4")
    ),
    solicitation!(
        "Gunshot Detection System Renewal Study",
        4,
        "Independent evaluation of acoustic gunshot detection.",
        ("918-32", "Consulting Services"),
        150_000,
        [Surveillance]
    ),
    solicitation!(
        "Playground Replacement, Five Parks",
        1,
        "Design-build replacement of five playgrounds.",
        ("913-35", "Park Construction"),
        1_650_000,
        [PrevailingWage, Mwbe]
    ),
    solicitation!(
        "Call Center Overflow Services, 311",
        5,
        "Overflow answering of the 311 line at peak hours.",
        ("915-25", "Call Center Services"),
        780_000,
        [Outsourcing, Technology],
        (12.0, 690_000, "AFSCME Council 31")
    ),
    solicitation!(
        "Wastewater Treatment Plant Operations",
        7,
        "Operation and maintenance of the South plant.",
        ("968-89", "Wastewater Treatment"),
        11_800_000,
        [Outsourcing, Environmental],
        (54.0, 9_200_000, "Operating Engineers Local 399")
    ),
    solicitation!(
        "Tree Trimming and Removal",
        1,
        "Trimming and hazardous tree removal on request.",
        ("988-76", "Tree Trimming"),
        1_200_000,
        [PrevailingWage, LocalGoal]
    ),
    solicitation!(
        "Cloud Email and Productivity Suite",
        5,
        "Hosted email and office software for 4,100 staff.",
        ("920-30", "Software as a Service"),
        1_900_000,
        [Technology]
    ),
    solicitation!(
        "Facial Recognition Search Service",
        4,
        "Investigative image search against booking photos.",
        ("205-60", "Surveillance Systems"),
        320_000,
        [Technology, Ai, Surveillance, AutomatedDecisions]
    ),
    solicitation!(
        "Printing of Ballots and Voter Guides",
        0,
        "Printing and mailing of election materials.",
        ("966-54", "Printing Services"),
        410_000,
        [LocalGoal]
    ),
    solicitation!(
        "School Crossing Guard Services",
        3,
        "Crossing guards at 96 school crossings.",
        ("990-20", "Crossing Guard Services"),
        1_450_000,
        [Outsourcing, LivingWage],
        (96.0, 1_310_000, "Municipal Employees Union Local 17")
    ),
    solicitation!(
        "Street Resurfacing Program 2027",
        0,
        "Mill and overlay of 42 lane-miles.",
        ("913-74", "Street Paving"),
        8_700_000,
        [PrevailingWage, Pla, Mwbe]
    ),
    solicitation!(
        "Emergency Generator Rental, Pump Stations",
        7,
        "Emergency rental after the pump station fire.",
        ("285-35", "Generators"),
        260_000,
        []
    ),
    solicitation!(
        "Recreation Center Food Service",
        1,
        "Snack bar and senior meals at four centers.",
        ("961-30", "Food Service Management"),
        540_000,
        [Outsourcing, LivingWage, LaborPeace],
        (9.0, 470_000, "UNITE HERE Local 1")
    ),
    solicitation!(
        "Permitting Software Replacement",
        5,
        "Online permitting and inspections platform.",
        ("208-80", "Permitting Software"),
        1_600_000,
        [Technology, AutomatedDecisions]
    ),
    solicitation!(
        "Ambulance Billing Services",
        6,
        "Billing and collections for EMS transports.",
        ("946-12", "Billing Services"),
        950_000,
        [Outsourcing],
        (11.0, 820_000, "AFSCME Council 31")
    ),
    solicitation!(
        "LED Streetlight Conversion",
        0,
        "Conversion of 22,000 streetlights to LED.",
        ("285-46", "Street Lighting"),
        7_300_000,
        [Environmental, PrevailingWage]
    ),
    solicitation!(
        "Transit Shelter Advertising Concession",
        3,
        "Advertising concession for 300 bus shelters.",
        ("990-10", "Advertising Concessions"),
        0,
        []
    ),
    solicitation!(
        "Homeless Outreach Services",
        6,
        "Street outreach and case management.",
        ("952-40", "Social Services"),
        1_750_000,
        [LivingWage, LocalGoal]
    ),
    solicitation!(
        "Cybersecurity Managed Detection and Response",
        5,
        "Round-the-clock monitoring of city networks.",
        ("920-64", "Security Services, IT"),
        1_150_000,
        [Technology, Ai]
    ),
    solicitation!(
        "Water Meter Reading, Advanced Metering",
        7,
        "Smart meters replacing manual reads.",
        ("680-45", "Water Meters"),
        12_900_000,
        [Technology, Outsourcing],
        (23.0, 1_480_000, "Municipal Employees Union Local 17")
    ),
    solicitation!(
        "Cooperative Purchase: Police Vehicles",
        9,
        "Pursuit vehicles through the state cooperative contract.",
        ("070-55", "Police Vehicles"),
        3_200_000,
        []
    ),
    solicitation!(
        "Library Book Delivery Courier",
        2,
        "Inter-branch delivery of library materials.",
        ("962-17", "Courier Services"),
        210_000,
        [Outsourcing],
        (4.0, 230_000, "Municipal Employees Union Local 17")
    ),
    solicitation!(
        "Request for Information: Public Wi-Fi",
        5,
        "Ideas for free public Wi-Fi in parks and libraries.",
        ("920-45", "Data Processing Services"),
        0,
        [Technology]
    ),
    solicitation!(
        "Sole Source: Radio System Maintenance",
        4,
        "Maintenance of the proprietary public safety radio network.",
        ("725-60", "Radio Maintenance"),
        880_000,
        []
    ),
];

const METHODS: [ProcurementMethod; 7] = [
    ProcurementMethod::Rfp,
    ProcurementMethod::Ifb,
    ProcurementMethod::Rfq,
    ProcurementMethod::Rfp,
    ProcurementMethod::Ifb,
    ProcurementMethod::Rfp,
    ProcurementMethod::Rfq,
];

const STATUSES: [SolicitationStatus; 6] = [
    SolicitationStatus::Open,
    SolicitationStatus::Awarded,
    SolicitationStatus::Planned,
    SolicitationStatus::UnderEvaluation,
    SolicitationStatus::Closed,
    SolicitationStatus::Awarded,
];

/// Sets the label flags and in-house baseline of a solicitation or contract row.
macro_rules! set_labels {
    ($row:ident, $demo:expr) => {{
        let labels = $demo.labels;
        $row.is_outsourcing = Set(has(labels, Label::Outsourcing));
        $row.is_technology = Set(has(labels, Label::Technology));
        $row.is_ai = Set(has(labels, Label::Ai));
        $row.is_automated_decisions = Set(has(labels, Label::AutomatedDecisions));
        $row.is_surveillance = Set(has(labels, Label::Surveillance));
        $row.requires_prevailing_wage = Set(has(labels, Label::PrevailingWage));
        $row.requires_living_wage = Set(has(labels, Label::LivingWage));
        $row.has_project_labor_agreement = Set(has(labels, Label::Pla));
        $row.requires_labor_peace = Set(has(labels, Label::LaborPeace));
        $row.has_environmental_criteria = Set(has(labels, Label::Environmental));
        $row.has_local_business_goal = Set(has(labels, Label::LocalGoal));
        $row.has_mwbe_goal = Set(has(labels, Label::Mwbe));
        $row.inhouse_fte = Set($demo.baseline.map(|b| b.0));
        $row.inhouse_annual_cost_minor = Set($demo.baseline.map(|b| dollars(b.1)));
        $row.bargaining_unit = Set($demo.baseline.map(|b| b.2.to_owned()));
    }};
}

fn has(labels: &[Label], label: Label) -> bool {
    labels.contains(&label)
}

fn dollars(amount: i64) -> i64 {
    amount * 100
}

/// 18:30 local time on the day `days` from `today`, in UTC.
fn evening(today: NaiveDate, days: i64, hour: u32) -> DateTime<Utc> {
    let date = today + Duration::days(days);
    let local = date.and_time(NaiveTime::from_hms_opt(hour, 30, 0).unwrap_or_default());
    ZONE.from_local_datetime(&local)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

async fn seed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<String> {
    let today = now.with_timezone(&ZONE).date_naive();
    // Whole seconds, so stored instants compare the same on both databases.
    let now = now.trunc_subsecs(0);

    let city = jurisdiction::ActiveModel {
        name: Set("City of Riverton".to_owned()),
        kind: Set(JurisdictionKind::City),
        time_zone: Set(ZONE.name().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let mut agencies = Vec::new();
    for (name, acronym) in AGENCIES {
        let row = agency::ActiveModel {
            jurisdiction_id: Set(city.id),
            name: Set(name.to_owned()),
            acronym: Set(Some(acronym.to_owned())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        agencies.push(row.id);
    }

    let council = body::ActiveModel {
        jurisdiction_id: Set(city.id),
        name: Set("City Council".to_owned()),
        kind: Set(BodyKind::Council),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let committee = body::ActiveModel {
        jurisdiction_id: Set(city.id),
        name: Set("Finance and Procurement Committee".to_owned()),
        kind: Set(BodyKind::Committee),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let term_start = NaiveDate::from_ymd_opt(today.year() - 1, 5, 1).unwrap_or(today);
    let mut officials = Vec::new();
    for (i, (name, title, district)) in OFFICIALS.into_iter().enumerate() {
        let email = format!(
            "{}@council.riverton.example",
            name.to_lowercase().replace(' ', ".")
        );
        let row = official::ActiveModel {
            jurisdiction_id: Set(city.id),
            name: Set(name.to_owned()),
            title: Set(title.to_owned()),
            district: Set(district.map(str::to_owned)),
            contact_email: Set(Some(email.clone())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let role = if i == 0 {
            OfficeRole::Chair
        } else {
            OfficeRole::Member
        };
        insert_term(db, row.id, council.id, role, term_start).await?;
        if (2..=5).contains(&i) {
            let role = if i == 2 {
                OfficeRole::Chair
            } else {
                OfficeRole::Member
            };
            insert_term(db, row.id, committee.id, role, term_start).await?;
        }
        // Each member's account, verified and linked, so pre-vote digests reach them (in the
        // demo, the mail folder). No password: a member sets one through "forgot password".
        user_account::ActiveModel {
            email: Set(Some(email)),
            email_verified_at: Set(Some(now)),
            password_hash: Set(None),
            display_name: Set(name.to_owned()),
            role: Set(UserRole::Resident),
            jurisdiction_id: Set(None),
            official_id: Set(Some(row.id)),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        officials.push(row.id);
    }

    let mut vendors = Vec::new();
    for (i, name) in VENDORS.into_iter().enumerate() {
        let row = vendor::ActiveModel {
            name: Set(name.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        vendor_identifier::ActiveModel {
            vendor_id: Set(row.id),
            scheme: Set("US-UEI".to_owned()),
            identifier: Set(format!("RVT{:09}", 104_729 * (i + 1))),
            ..Default::default()
        }
        .insert(db)
        .await?;
        vendors.push(row.id);
    }

    // Solicitations: statuses and methods cycle so every one appears; dates follow the status.
    let mut solicitations = Vec::new();
    for (i, s) in SOLICITATIONS.iter().enumerate() {
        let n = i as i64;
        let status = match i {
            16 | 27 => SolicitationStatus::Cancelled,
            _ => STATUSES[i % STATUSES.len()],
        };
        let method = match s.title {
            t if t.starts_with("Emergency") => ProcurementMethod::Emergency,
            t if t.starts_with("Sole Source") => ProcurementMethod::SoleSource,
            t if t.starts_with("Cooperative") => ProcurementMethod::Cooperative,
            t if t.starts_with("Request for Information") => ProcurementMethod::Rfi,
            _ => METHODS[i % METHODS.len()],
        };
        let (published, bids_due) = match status {
            SolicitationStatus::Planned => (None, Some(60 + 7 * n)),
            SolicitationStatus::Open => (Some(-10 - n), Some(6 + 3 * n)),
            SolicitationStatus::Closed => (Some(-50 - n), Some(-5 - n)),
            SolicitationStatus::UnderEvaluation => (Some(-60 - n), Some(-20 - n)),
            SolicitationStatus::Awarded => (Some(-200 - 5 * n), Some(-150 - 5 * n)),
            SolicitationStatus::Cancelled => (Some(-90 - n), None),
        };
        let at = |days: i64| evening(today, days, 14);
        let mut row = solicitation::ActiveModel {
            agency_id: Set(agencies[s.agency]),
            reference_number: Set(format!(
                "{}-{}-{:03}",
                method_code(method),
                today.format("%Y"),
                i + 1
            )),
            title: Set(s.title.to_owned()),
            description: Set(s.description.to_owned()),
            method: Set(method),
            status: Set(status),
            estimated_value_minor: Set(
                (s.estimate_dollars > 0).then(|| dollars(s.estimate_dollars))
            ),
            currency: Set(CURRENCY.to_owned()),
            published_at: Set(published.map(at)),
            questions_due_at: Set(bids_due.map(|d| at(d - 10))),
            bids_due_at: Set(bids_due.map(at)),
            pre_bid_meeting_at: Set(bids_due.filter(|_| i % 3 == 0).map(|d| at(d - 14))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        set_labels!(row, s);
        let row = row.insert(db).await?;
        solicitation_category::ActiveModel {
            solicitation_id: Set(row.id),
            scheme: Set("NIGP".to_owned()),
            code: Set(s.nigp.0.to_owned()),
            description: Set(Some(s.nigp.1.to_owned())),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if let Some(days) = published {
            solicitation_document::ActiveModel {
                solicitation_id: Set(row.id),
                title: Set(format!("{} — solicitation document", s.title)),
                url: Set(format!(
                    "https://procurement.riverton.example/solicitations/{}.pdf",
                    row.reference_number
                )),
                published_at: Set(Some(at(days))),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        solicitations.push(row);
    }

    // Contracts: awarded solicitations become contracts; the rest are older agreements. End dates
    // are spread so several expire within 30, 90 and 180 days.
    const END_OFFSETS: [i64; 30] = [
        88, 21, 45, 130, 170, 27, 240, 365, 60, 175, 12, 300, 95, 150, 420, 540, 85, 700, 29, 160,
        800, 200, 75, 900, 1000, -20, 110, 250, 178, 500,
    ];
    let awarded: Vec<&solicitation::Model> = solicitations
        .iter()
        .filter(|s| s.status == SolicitationStatus::Awarded)
        .collect();
    let mut contracts = Vec::new();
    for (i, end_offset) in END_OFFSETS.into_iter().enumerate() {
        let source = awarded.get(i).copied();
        let template = source.map_or(&SOLICITATIONS[(i * 7 + 3) % SOLICITATIONS.len()], |s| {
            SOLICITATIONS
                .iter()
                .find(|d| d.title == s.title)
                .unwrap_or(&SOLICITATIONS[0])
        });
        // The parking enforcement contract of the product journeys: renewal decision ~90 days out.
        let (template, end_offset) = if i == 0 {
            (&SOLICITATIONS[1], 88)
        } else {
            (template, end_offset)
        };
        let term_years = 3 + (i % 3) as u64;
        let end = today
            .checked_add_signed(Duration::days(end_offset))
            .unwrap_or(today);
        let start = end
            .checked_sub_days(Days::new(365 * term_years))
            .unwrap_or(end);
        let option_count = [2, 1, 0, 3, 2][i % 5];
        let value = dollars(template.estimate_dollars.max(150_000) * term_years as i64 / 3);
        let mut row = contract::ActiveModel {
            agency_id: Set(agencies[template.agency]),
            vendor_id: Set(vendors[(i * 4 + 1) % vendors.len()]),
            solicitation_id: Set(source.map(|s| s.id)),
            reference_number: Set(format!("C-{}-{:04}", start.format("%Y"), 101 + i)),
            title: Set(if i == 0 {
                "Parking Enforcement Services".to_owned()
            } else {
                template.title.to_owned()
            }),
            description: Set(Some(template.description.to_owned())),
            value_minor: Set(value),
            currency: Set(CURRENCY.to_owned()),
            start_date: Set(start),
            end_date: Set(end),
            max_extent_date: Set(end.checked_add_days(Days::new(365 * option_count))),
            status: Set(if end < today {
                ContractStatus::Expired
            } else {
                ContractStatus::Active
            }),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        set_labels!(row, template);
        let row = row.insert(db).await?;
        for sequence in 1..=option_count {
            let period_start = end
                .checked_add_days(Days::new(365 * (sequence - 1) + 1))
                .unwrap_or(end);
            renewal_option::ActiveModel {
                contract_id: Set(row.id),
                sequence: Set(sequence as i32),
                period_start: Set(period_start),
                period_end: Set(period_start
                    .checked_add_days(Days::new(364))
                    .unwrap_or(period_start)),
                value_minor: Set(Some(dollars(value / 100 / term_years as i64 * 103 / 100))),
                decision_deadline: Set(period_start
                    .checked_sub_days(Days::new(1))
                    .unwrap_or(period_start)),
                exercised: Set(false),
                exercised_on: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        if i % 3 == 1 {
            let change = dollars(value / 1_000);
            contract_amendment::ActiveModel {
                contract_id: Set(row.id),
                amended_on: Set(start.checked_add_days(Days::new(400)).unwrap_or(start)),
                value_change_minor: Set(change),
                new_end_date: Set(None),
                description: Set("Change order: added service locations.".to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        if i % 5 == 2 {
            contract_amendment::ActiveModel {
                contract_id: Set(row.id),
                amended_on: Set(today.checked_sub_days(Days::new(45)).unwrap_or(today)),
                value_change_minor: Set(-dollars(value / 2_000)),
                new_end_date: Set(Some(end)),
                description: Set("Scope reduced; term extended to the current end date.".to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        contracts.push(row);
    }

    // Meetings: the council every other week, the committee in between, over the next 60 days;
    // three past council meetings with roll calls.
    let mut meeting_count = 0;
    let mut item_count = 0;
    let mut upcoming = contracts
        .iter()
        .filter(|c| c.end_date >= today)
        .collect::<Vec<_>>();
    upcoming.sort_by_key(|c| c.end_date);
    let pending_awards: Vec<&solicitation::Model> = solicitations
        .iter()
        .filter(|s| {
            matches!(
                s.status,
                SolicitationStatus::UnderEvaluation | SolicitationStatus::Closed
            )
        })
        .collect();
    let mut next_contract = upcoming.into_iter();
    let mut next_award = pending_awards.into_iter();
    for k in 0..5i64 {
        for (body_id, offset, hour) in [
            (council.id, 5 + 14 * k, 18),
            (committee.id, 12 + 14 * k, 10),
        ] {
            if offset > 60 {
                continue;
            }
            let meeting = insert_meeting(
                db,
                body_id,
                evening(today, offset, hour),
                MeetingStatus::Scheduled,
            )
            .await?;
            meeting_count += 1;
            let mut number = 1;
            insert_item(
                db,
                meeting.id,
                number,
                "Approval of the minutes",
                AgendaAction::Other,
                None,
                None,
                AgendaOutcome::Pending,
            )
            .await?;
            for _ in 0..2 {
                if let Some(contract) = next_contract.next() {
                    number += 1;
                    let title = format!(
                        "Renewal of contract {}, {}",
                        contract.reference_number, contract.title
                    );
                    insert_item(
                        db,
                        meeting.id,
                        number,
                        &title,
                        AgendaAction::Renewal,
                        None,
                        Some(contract.id),
                        AgendaOutcome::Pending,
                    )
                    .await?;
                    item_count += 1;
                }
            }
            if let Some(solicitation) = next_award.next() {
                number += 1;
                let title = format!(
                    "Award of {}: {}",
                    solicitation.reference_number, solicitation.title
                );
                insert_item(
                    db,
                    meeting.id,
                    number,
                    &title,
                    AgendaAction::Award,
                    Some(solicitation.id),
                    None,
                    AgendaOutcome::Pending,
                )
                .await?;
                item_count += 1;
            }
        }
    }
    for (k, contract) in contracts
        .iter()
        .filter(|c| c.solicitation_id.is_some())
        .take(3)
        .enumerate()
    {
        let meeting = insert_meeting(
            db,
            council.id,
            evening(today, -10 - 14 * k as i64, 18),
            MeetingStatus::Held,
        )
        .await?;
        meeting_count += 1;
        let outcome = if k == 1 {
            AgendaOutcome::Rejected
        } else {
            AgendaOutcome::Approved
        };
        let title = format!(
            "Amendment of contract {}: {}",
            contract.reference_number, contract.title
        );
        let item = insert_item(
            db,
            meeting.id,
            1,
            &title,
            AgendaAction::Amendment,
            None,
            Some(contract.id),
            outcome,
        )
        .await?;
        item_count += 1;
        for (j, official_id) in officials.iter().enumerate() {
            let vote = match (k, j) {
                (_, 8) => VoteChoice::Absent,
                (1, j) if j % 2 == 0 => VoteChoice::No,
                (0, 3) => VoteChoice::Abstain,
                (0, 5) => VoteChoice::No,
                _ => VoteChoice::Yes,
            };
            roll_call_vote::ActiveModel {
                agenda_item_id: Set(item.id),
                official_id: Set(*official_id),
                vote: Set(vote),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    Ok(format!(
        "seeded the City of Riverton: {} agencies, 2 bodies, {} officials, {} vendors, {} solicitations, {} contracts, {meeting_count} meetings, {item_count} procurement agenda items",
        agencies.len(),
        officials.len(),
        vendors.len(),
        solicitations.len(),
        contracts.len(),
    ))
}

fn method_code(method: ProcurementMethod) -> &'static str {
    match method {
        ProcurementMethod::Rfp => "RFP",
        ProcurementMethod::Rfq => "RFQ",
        ProcurementMethod::Ifb => "IFB",
        ProcurementMethod::Rfi => "RFI",
        ProcurementMethod::SoleSource => "SS",
        ProcurementMethod::Emergency => "EM",
        ProcurementMethod::Cooperative => "COOP",
        ProcurementMethod::Other => "OTH",
    }
}

async fn insert_term(
    db: &impl ConnectionTrait,
    official_id: i64,
    body_id: i64,
    role: OfficeRole,
    starts_on: NaiveDate,
) -> Result<(), sea_orm::DbErr> {
    office_term::ActiveModel {
        official_id: Set(official_id),
        body_id: Set(body_id),
        role: Set(role),
        starts_on: Set(starts_on),
        ends_on: Set(starts_on.checked_add_days(Days::new(4 * 365))),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn insert_meeting(
    db: &impl ConnectionTrait,
    body_id: i64,
    starts_at: DateTime<Utc>,
    status: MeetingStatus,
) -> Result<meeting::Model, sea_orm::DbErr> {
    meeting::ActiveModel {
        body_id: Set(body_id),
        starts_at: Set(starts_at),
        location: Set(Some(
            "Council Chambers, Riverton City Hall, 100 Main Street".to_owned(),
        )),
        agenda_url: Set(Some(format!(
            "https://riverton.example/agendas/{}",
            starts_at.format("%Y-%m-%d")
        ))),
        status: Set(status),
        ..Default::default()
    }
    .insert(db)
    .await
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row's columns, named at every call site"
)]
async fn insert_item(
    db: &impl ConnectionTrait,
    meeting_id: i64,
    number: i32,
    title: &str,
    action: AgendaAction,
    solicitation_id: Option<i64>,
    contract_id: Option<i64>,
    outcome: AgendaOutcome,
) -> Result<agenda_item::Model, sea_orm::DbErr> {
    agenda_item::ActiveModel {
        meeting_id: Set(meeting_id),
        item_number: Set(format!("{number}")),
        title: Set(title.to_owned()),
        action: Set(action),
        solicitation_id: Set(solicitation_id),
        contract_id: Set(contract_id),
        outcome: Set(outcome),
        ..Default::default()
    }
    .insert(db)
    .await
}
