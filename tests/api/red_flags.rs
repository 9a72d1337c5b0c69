//! Computed red flags, on both databases, kept current by the staff edits that change them:
//! each flag raised on rows that should raise it and not on rows just short of it.

use chrono::{Duration, NaiveDate};
use contract_watch::domain::ids::NodeKind;
use contract_watch::services::red_flags::{self, Scope};
use entity::enums::UserRole;
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;

on_both_databases!(
    contract_flags_follow_options_amendments_and_methods,
    a_contract_ending_soon_is_flagged_until_a_replacement_is_under_way,
    short_submission_periods_are_flagged,
);

const FLAGS: &str = "query($id: ID!) { node(id: $id) { \
    ... on Contract { redFlags { kind explanation amount { amount } limit { amount } onDate limitDate } } \
    ... on Solicitation { redFlags { kind explanation amount { amount } limit { amount } onDate limitDate minimumDays } } } }";

async fn flags(app: &TestApp, id: &str) -> Vec<Value> {
    app.data(FLAGS, json!({ "id": id })).await["node"]["redFlags"]
        .as_array()
        .unwrap()
        .clone()
}

fn kinds(flags: &[Value]) -> Vec<&str> {
    flags.iter().map(|f| f["kind"].as_str().unwrap()).collect()
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

struct Staff<'a> {
    app: &'a TestApp,
    token: String,
    today: NaiveDate,
}

impl Staff<'_> {
    async fn run(&self, query: &str, variables: Value) -> Value {
        self.app.data_as(&self.token, query, variables).await
    }

    async fn agency(&self, jurisdiction: i64, name: &str) -> String {
        self.run(
            "mutation($j: ID!, $n: String!) { saveAgency(input: { jurisdictionId: $j, name: $n }) { id } }",
            json!({ "j": gid(NodeKind::Jurisdiction, jurisdiction), "n": name }),
        )
        .await["saveAgency"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A solicitation published today with bids due in `due_in` days.
    async fn solicitation(
        &self,
        agency: &str,
        reference: &str,
        method: &str,
        value: &str,
        due_in: i64,
    ) -> String {
        let now = self.app.state.clock.now();
        self.run(
            &format!(
                "mutation($a: ID!, $r: String!, $v: String!, $p: DateTime!, $d: DateTime!) {{ saveSolicitation(input: {{ \
                 agencyId: $a, referenceNumber: $r, title: \"Fleet parts\", description: \"\", method: {method}, \
                 status: PLANNED, estimatedValue: $v, currency: \"USD\", publishedAt: $p, bidsDueAt: $d }}) {{ id }} }}"
            ),
            json!({ "a": agency, "r": reference, "v": value, "p": now.to_rfc3339(), "d": (now + Duration::days(due_in)).to_rfc3339() }),
        )
        .await["saveSolicitation"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// An active contract from `start` to `end`.
    async fn contract(
        &self,
        agency: &str,
        vendor: i64,
        solicitation: Option<&str>,
        value: &str,
        end: NaiveDate,
        max_extent: Option<NaiveDate>,
    ) -> String {
        self.run(
            "mutation($a: ID!, $v: ID!, $s: ID, $value: String!, $start: Date!, $end: Date!, $max: Date) { \
             saveContract(input: { agencyId: $a, vendorId: $v, solicitationId: $s, referenceNumber: \"C-RF\", \
             title: \"Fleet maintenance\", value: $value, currency: \"USD\", startDate: $start, endDate: $end, \
             maxExtentDate: $max, status: ACTIVE }) { id } }",
            json!({
                "a": agency, "v": gid(NodeKind::Vendor, vendor), "s": solicitation, "value": value,
                "start": day(self.today - Duration::days(400)), "end": day(end), "max": max_extent.map(day),
            }),
        )
        .await["saveContract"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

async fn staff(app: &TestApp) -> (Staff<'_>, crate::fixtures::Registry) {
    let r = registry(&app.state.db.write).await;
    let (_, token) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let today = app.state.clock.now().date_naive();
    (Staff { app, token, today }, r)
}

async fn contract_flags_follow_options_amendments_and_methods(app: TestApp) {
    let (staff, r) = staff(&app).await;
    let agency = gid(NodeKind::Agency, r.parks);
    let end = staff.today + Duration::days(400);
    let contract = staff
        .contract(
            &agency,
            r.vendor,
            None,
            "1000.00",
            end,
            Some(end + Duration::days(365)),
        )
        .await;
    assert!(flags(&app, &contract).await.is_empty());

    // An option inside the maximum extent raises nothing; one past it does.
    let option = "mutation($c: ID!, $s: Date!, $e: Date!, $d: Date!) { addRenewalOption(input: { contractId: $c, \
                  option: { periodStart: $s, periodEnd: $e, decisionDeadline: $d } }) { id } }";
    let first_end = end + Duration::days(365);
    staff
        .run(option, json!({ "c": contract, "s": day(end + Duration::days(1)), "e": day(first_end), "d": day(end - Duration::days(30)) }))
        .await;
    assert!(flags(&app, &contract).await.is_empty());
    staff
        .run(option, json!({ "c": contract, "s": day(first_end + Duration::days(1)), "e": day(first_end + Duration::days(365)), "d": day(first_end - Duration::days(30)) }))
        .await;
    let raised = flags(&app, &contract).await;
    assert_eq!(kinds(&raised), ["PAST_MAX_EXTENT"]);
    assert_eq!(raised[0]["onDate"], day(first_end + Duration::days(365)));
    assert_eq!(raised[0]["limitDate"], day(first_end));

    // Amendments: 20 % of the original value is within the 25 % share, 30 % is past it.
    let amend = "mutation($c: ID!, $on: Date!, $v: String!) { addContractAmendment(input: { contractId: $c, \
                 amendedOn: $on, valueChange: $v, description: \"More sites\" }) { id } }";
    staff
        .run(
            amend,
            json!({ "c": contract, "on": day(staff.today), "v": "200.00" }),
        )
        .await;
    assert!(!kinds(&flags(&app, &contract).await).contains(&"AMENDMENTS_OVER_SHARE"));
    staff
        .run(
            amend,
            json!({ "c": contract, "on": day(staff.today), "v": "100.00" }),
        )
        .await;
    let raised = flags(&app, &contract).await;
    let share = raised
        .iter()
        .find(|f| f["kind"] == "AMENDMENTS_OVER_SHARE")
        .expect("30 % added");
    assert_eq!(share["amount"]["amount"], "300.00");
    assert_eq!(share["limit"]["amount"], "1000.00");

    // Sole source above 100,000.00 on the solicitation and the contract from it; not below it,
    // and not for an open competition of the same size.
    let sole = staff
        .solicitation(&agency, "SS-1", "SOLE_SOURCE", "150000.00", 30)
        .await;
    let small = staff
        .solicitation(&agency, "SS-2", "SOLE_SOURCE", "50000.00", 30)
        .await;
    let open = staff
        .solicitation(&agency, "RFP-1", "RFP", "150000.00", 30)
        .await;
    assert_eq!(
        kinds(&flags(&app, &sole).await),
        ["NONCOMPETITIVE_ABOVE_THRESHOLD"]
    );
    assert!(flags(&app, &small).await.is_empty());
    assert!(flags(&app, &open).await.is_empty());
    let awarded = staff
        .contract(&agency, r.vendor, Some(&sole), "200000.00", end, None)
        .await;
    let raised = flags(&app, &awarded).await;
    assert_eq!(kinds(&raised), ["NONCOMPETITIVE_ABOVE_THRESHOLD"]);
    assert!(
        raised[0]["explanation"]
            .as_str()
            .unwrap()
            .contains("200,000.00")
    );
    // The contract's page says so, in its own section; a contract without flags has none.
    let page = Browser::new(&app)
        .get(&format!("/contracts/{awarded}"))
        .await;
    assert_eq!(page.texts("#flags-heading"), ["Red flags"]);
    let said = page.texts("section[aria-labelledby=flags-heading] li");
    assert_eq!(said.len(), 1);
    assert!(
        said[0].contains("without competition") && said[0].contains("$200,000"),
        "{said:?}"
    );
    let quiet = Browser::new(&app)
        .get(&format!(
            "/contracts/{}",
            gid(NodeKind::Contract, r.mowing_contract)
        ))
        .await;
    assert!(quiet.texts("#flags-heading").is_empty());
    // A filter of the API and of the search page.
    let listed = app
        .data(
            "{ contracts(filter: { redFlag: NONCOMPETITIVE_ABOVE_THRESHOLD }, first: 50) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["contracts"]["nodes"], json!([{ "id": awarded }]));
    let page = Browser::new(&app)
        .get("/search?kind=CONTRACT&flag=NONCOMPETITIVE_ABOVE_THRESHOLD")
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.attr(".card__title", "href"),
        Some(format!("/contracts/{awarded}"))
    );
    assert_eq!(page.texts(".card__title").len(), 1);

    // The bulk refresh over the whole registry gives the same rows.
    let before: Vec<Value> = [flags(&app, &contract).await, flags(&app, &sole).await].concat();
    red_flags::refresh(
        &app.state.db.write,
        &app.state.settings.red_flags,
        staff.today,
        Scope::All,
    )
    .await
    .unwrap();
    let after: Vec<Value> = [flags(&app, &contract).await, flags(&app, &sole).await].concat();
    assert_eq!(before, after);
}

async fn a_contract_ending_soon_is_flagged_until_a_replacement_is_under_way(app: TestApp) {
    let (staff, r) = staff(&app).await;
    let agency = staff.agency(r.jurisdiction, "Fleet Services").await;
    let soon = staff
        .contract(
            &agency,
            r.vendor,
            None,
            "5000.00",
            staff.today + Duration::days(90),
            None,
        )
        .await;
    let later = staff
        .contract(
            &agency,
            r.vendor,
            None,
            "5000.00",
            staff.today + Duration::days(400),
            None,
        )
        .await;
    let raised = flags(&app, &soon).await;
    assert_eq!(kinds(&raised), ["ENDING_WITHOUT_REPLACEMENT"]);
    assert_eq!(raised[0]["onDate"], day(staff.today + Duration::days(90)));
    assert!(flags(&app, &later).await.is_empty());

    // A solicitation under way in the agency replaces it: the flag goes with that edit.
    staff
        .solicitation(&agency, "RFP-FLEET", "RFP", "5000.00", 30)
        .await;
    assert!(flags(&app, &soon).await.is_empty());
}

async fn short_submission_periods_are_flagged(app: TestApp) {
    let (staff, r) = staff(&app).await;
    let agency = gid(NodeKind::Agency, r.parks);
    let rushed = staff
        .solicitation(&agency, "RFQ-7", "RFP", "1000.00", 7)
        .await;
    let fair = staff
        .solicitation(&agency, "RFQ-30", "RFP", "1000.00", 30)
        .await;
    let raised = flags(&app, &rushed).await;
    assert_eq!(kinds(&raised), ["SHORT_SUBMISSION_PERIOD"]);
    assert_eq!(raised[0]["minimumDays"], 15);
    assert_eq!(raised[0]["onDate"], day(staff.today));
    assert!(flags(&app, &fair).await.is_empty());
}
