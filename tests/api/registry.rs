//! The public read API over the registry: filters, ordering, pagination, computed fields, nodes.

use contract_watch::domain::ids::NodeKind;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::on_both_databases;

fn titles(connection: &Value) -> Vec<&str> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap())
        .collect()
}

on_both_databases!(
    the_acceptance_query_returns_demo_agenda_items,
    solicitation_filters_select_exactly_the_matching_rows,
    contract_filters_select_exactly_the_matching_rows,
    computed_contract_fields_follow_options_and_amendments,
    upcoming_votes_leave_out_cancelled_far_and_non_procurement_items,
    cursors_walk_a_list_without_gaps_or_repeats,
    every_node_kind_is_refetchable_by_global_id,
    bodies_list_current_members_and_roll_calls_are_tallied,
);

async fn the_acceptance_query_returns_demo_agenda_items(app: TestApp) {
    app.seed_demo().await;
    let data = app
        .data(
            "{ upcomingVotes(withinDays: 60) { edges { node { id title meeting { startsAt body { name } } \
             subject { __typename ... on Contract { vendor { name } currentValue { amount currency } } } } } } }",
            json!({}),
        )
        .await;
    let edges = data["upcomingVotes"]["edges"].as_array().unwrap();
    assert!(
        edges.len() >= 10,
        "the demo schedules many procurement items: {data}"
    );
    let contracts = edges
        .iter()
        .filter(|e| e["node"]["subject"]["__typename"] == "Contract")
        .count();
    assert!(contracts >= 5, "{data}");
    for edge in edges {
        let node = &edge["node"];
        assert!(
            node["meeting"]["body"]["name"]
                .as_str()
                .unwrap()
                .contains("Co")
        );
        if node["subject"]["__typename"] == "Contract" {
            assert_eq!(node["subject"]["currentValue"]["currency"], "USD");
            assert!(
                !node["subject"]["vendor"]["name"]
                    .as_str()
                    .unwrap()
                    .is_empty()
            );
        }
    }
    // Seeding again changes nothing.
    app.seed_demo().await;
    let again = app
        .data(
            "{ solicitations { totalCount } contracts { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(again["solicitations"]["totalCount"], 40);
    assert_eq!(again["contracts"]["totalCount"], 30);
}

async fn solicitation_filters_select_exactly_the_matching_rows(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let query = "query($f: SolicitationFilter, $o: SolicitationOrder!) { solicitations(filter: $f, orderBy: $o) { totalCount edges { node { title labels outsourcing { positionsFte annualCost { amount } bargainingUnit } categories { code } } } } }";
    let run = |filter: Value| {
        let app = &app;
        async move {
            app.data(query, json!({ "f": filter, "o": "BIDS_DUE_SOONEST" }))
                .await["solicitations"]
                .clone()
        }
    };
    assert_eq!(
        titles(&run(json!({})).await),
        ["Custodial Services", "Benefits Chatbot"]
    );
    assert_eq!(
        titles(&run(json!({ "status": ["PLANNED"] })).await),
        ["Benefits Chatbot"]
    );
    assert_eq!(
        titles(&run(json!({ "status": "OPEN" })).await),
        ["Custodial Services"]
    );
    assert_eq!(
        titles(&run(json!({ "agencyId": gid(NodeKind::Agency, r.parks) })).await),
        ["Benefits Chatbot"]
    );
    assert_eq!(
        titles(&run(json!({ "label": ["TECHNOLOGY", "ARTIFICIAL_INTELLIGENCE"] })).await),
        ["Benefits Chatbot"]
    );
    assert_eq!(
        titles(&run(json!({ "label": ["TECHNOLOGY", "LIVING_WAGE"] })).await),
        Vec::<&str>::new()
    );
    assert_eq!(
        titles(&run(json!({ "categoryCode": "910-39" })).await),
        ["Custodial Services"]
    );
    assert_eq!(
        titles(&run(json!({ "method": ["RFQ"] })).await),
        Vec::<&str>::new()
    );
    assert_eq!(
        titles(&run(json!({ "outsourcing": false })).await),
        ["Benefits Chatbot"]
    );
    let window =
        json!({ "bidsDueAfter": "2026-06-26T00:00:00Z", "bidsDueBefore": "2026-08-01T00:00:00Z" });
    assert_eq!(titles(&run(window).await), ["Benefits Chatbot"]);

    let outsourcing = run(json!({ "outsourcing": true })).await;
    assert_eq!(outsourcing["totalCount"], 1);
    let node = &outsourcing["edges"][0]["node"];
    assert_eq!(node["labels"], json!(["OUTSOURCING", "LIVING_WAGE"]));
    assert_eq!(
        node["outsourcing"],
        json!({ "positionsFte": 42.0, "annualCost": { "amount": "2310000.00" }, "bargainingUnit": "Local 17" })
    );
    assert_eq!(node["categories"], json!([{ "code": "910-39" }]));

    // An agency id of the wrong kind names the field.
    let body = app
        .gql(
            query,
            json!({ "f": { "agencyId": gid(NodeKind::Vendor, r.vendor) }, "o": "NEWEST" }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "agencyId");
}

async fn contract_filters_select_exactly_the_matching_rows(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let query = "query($f: ContractFilter) { contracts(filter: $f) { totalCount edges { node { title } } } }";
    let run = |filter: Value| {
        let app = &app;
        async move { app.data(query, json!({ "f": filter })).await["contracts"].clone() }
    };
    assert_eq!(
        titles(&run(json!({})).await),
        ["Custodial Services", "Park Mowing"]
    );
    assert_eq!(
        titles(&run(json!({ "expiringWithinDays": 30 })).await),
        ["Custodial Services"]
    );
    assert_eq!(
        titles(&run(json!({ "expiringWithinDays": 29 })).await),
        Vec::<&str>::new()
    );
    assert_eq!(
        titles(&run(json!({ "hasRenewalOptions": true })).await),
        ["Custodial Services"]
    );
    assert_eq!(
        titles(&run(json!({ "hasRenewalOptions": false })).await),
        ["Park Mowing"]
    );
    assert_eq!(
        titles(&run(json!({ "outsourcing": true })).await),
        ["Custodial Services"]
    );
    assert_eq!(
        titles(&run(json!({ "agencyId": gid(NodeKind::Agency, r.parks) })).await),
        ["Park Mowing"]
    );
    assert_eq!(
        run(json!({ "vendorId": gid(NodeKind::Vendor, r.vendor) })).await["totalCount"],
        2
    );
    let by_value = app
        .data(
            "{ contracts(orderBy: VALUE_HIGHEST) { edges { node { title } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        titles(&by_value["contracts"]),
        ["Custodial Services", "Park Mowing"]
    );

    let body = app
        .gql(query, json!({ "f": { "expiringWithinDays": -1 } }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["extensions"]["field"],
        "expiringWithinDays"
    );
}

async fn computed_contract_fields_follow_options_and_amendments(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let data = app
        .data(
            "query($id: ID!) { contract(id: $id) { value { amount display } currentValue { amount } daysUntilExpiry \
             renewalOptionsRemaining nextRenewalDecision { kind decideBy daysUntil option { sequence exercised } } \
             renewalOptions { sequence exercised exercisedOn } amendments { valueChange { amount } } \
             solicitation { title contracts { title } } vendor { name identifiers { scheme identifier } } } }",
            json!({ "id": gid(NodeKind::Contract, r.custodial_contract) }),
        )
        .await;
    let c = &data["contract"];
    assert_eq!(
        c["value"],
        json!({ "amount": "10000.00", "display": "USD 10,000.00" })
    );
    assert_eq!(
        c["currentValue"]["amount"], "10379.50",
        "10,000.00 + 500.00 − 120.50"
    );
    assert_eq!(c["daysUntilExpiry"], 30);
    assert_eq!(c["renewalOptionsRemaining"], 1);
    assert_eq!(c["nextRenewalDecision"]["kind"], "EXERCISE_OPTION");
    assert_eq!(c["nextRenewalDecision"]["daysUntil"], 100);
    assert_eq!(c["nextRenewalDecision"]["decideBy"], "2026-09-23");
    assert_eq!(
        c["nextRenewalDecision"]["option"],
        json!({ "sequence": 2, "exercised": false })
    );
    assert_eq!(c["renewalOptions"][0]["exercisedOn"], "2025-11-22");
    assert_eq!(
        c["amendments"],
        json!([{ "valueChange": { "amount": "500.00" } }, { "valueChange": { "amount": "-120.50" } }])
    );
    assert_eq!(
        c["solicitation"],
        json!({ "title": "Custodial Services", "contracts": [{ "title": "Custodial Services" }] })
    );
    assert_eq!(
        c["vendor"]["identifiers"],
        json!([{ "scheme": "US-UEI", "identifier": "ACME00000001" }])
    );

    let mowing = app
        .data(
            "query($id: ID!) { contract(id: $id) { renewalOptionsRemaining nextRenewalDecision { kind daysUntil option { sequence } } solicitation { title } } }",
            json!({ "id": gid(NodeKind::Contract, r.mowing_contract) }),
        )
        .await;
    assert_eq!(
        mowing["contract"],
        json!({ "renewalOptionsRemaining": 0, "nextRenewalDecision": { "kind": "END_OF_TERM", "daysUntil": 400, "option": null }, "solicitation": null })
    );
}

async fn upcoming_votes_leave_out_cancelled_far_and_non_procurement_items(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let data = app
        .data(
            "{ upcomingVotes(withinDays: 30) { totalCount edges { node { id action subject { __typename ... on Solicitation { title } ... on Contract { title } } meeting { localStartsAt } } } } }",
            json!({}),
        )
        .await;
    let votes = &data["upcomingVotes"];
    assert_eq!(votes["totalCount"], 2);
    let ids: Vec<&str> = votes["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            gid(NodeKind::AgendaItem, r.renewal_item),
            gid(NodeKind::AgendaItem, r.award_item)
        ]
    );
    assert_eq!(
        votes["edges"][0]["node"]["subject"],
        json!({ "__typename": "Contract", "title": "Custodial Services" })
    );
    assert_eq!(
        votes["edges"][1]["node"]["subject"],
        json!({ "__typename": "Solicitation", "title": "Benefits Chatbot" })
    );
    // 12:00 UTC is 08:00 in New York (EDT, −04:00).
    assert_eq!(
        votes["edges"][0]["node"]["meeting"]["localStartsAt"],
        "2026-06-18T08:00:00-04:00"
    );

    let longer = app
        .data(
            "{ upcomingVotes(withinDays: 120) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(longer["upcomingVotes"]["totalCount"], 3);
    for days in [0, 367, -5] {
        let body = app
            .gql(
                "query($d: Int!) { upcomingVotes(withinDays: $d) { totalCount } }",
                json!({ "d": days }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "withinDays {days}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "withinDays");
    }
}

async fn cursors_walk_a_list_without_gaps_or_repeats(app: TestApp) {
    app.seed_demo().await;
    let query = "query($after: String) { solicitations(first: 7, after: $after, orderBy: NEWEST) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.data(query, json!({ "after": after })).await["solicitations"].clone();
        assert_eq!(page["totalCount"], 40);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], !seen.is_empty());
        for edge in page["edges"].as_array().unwrap() {
            seen.push(edge["node"]["id"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (40, 40));

    let defaults = app
        .data("{ contracts { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(
        defaults["contracts"]["edges"].as_array().unwrap().len(),
        20,
        "default page size"
    );
}

async fn every_node_kind_is_refetchable_by_global_id(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let cases = [
        (NodeKind::Jurisdiction, r.jurisdiction, "Jurisdiction"),
        (NodeKind::Agency, r.library, "Agency"),
        (NodeKind::Body, r.council, "Body"),
        (NodeKind::Official, r.officials[0], "Official"),
        (NodeKind::Vendor, r.vendor, "Vendor"),
        (NodeKind::Solicitation, r.custodial, "Solicitation"),
        (NodeKind::Contract, r.mowing_contract, "Contract"),
        (NodeKind::Meeting, r.upcoming_meeting, "Meeting"),
        (NodeKind::AgendaItem, r.award_item, "AgendaItem"),
    ];
    for (kind, id, typename) in cases {
        let id = gid(kind, id);
        let data = app
            .data(
                "query($id: ID!) { node(id: $id) { __typename id } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(data["node"], json!({ "__typename": typename, "id": id }));
    }
    let missing = app
        .data(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": gid(NodeKind::Contract, 999_999) }),
        )
        .await;
    assert_eq!(missing["node"], Value::Null);
    let body = app
        .gql(
            "query($id: ID!) { solicitation(id: $id) { id } }",
            json!({ "id": gid(NodeKind::Solicitation, 999_999) }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
    let chatbot = app.data("query($id: ID!) { solicitation(id: $id) { title agency { name jurisdiction { name timeZone } } } }", json!({ "id": gid(NodeKind::Solicitation, r.chatbot) })).await;
    assert_eq!(
        chatbot["solicitation"]["agency"],
        json!({ "name": "Parks", "jurisdiction": { "name": "Testville", "timeZone": "America/New_York" } })
    );
}

async fn bodies_list_current_members_and_roll_calls_are_tallied(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let data = app
        .data(
            "query($id: ID!, $m: ID!) { node(id: $id) { ... on Body { current: members { official { name } } all: members(currentOnly: false) { official { name } endsOn } } } \
             meeting(id: $m) { status agendaItems { rollCall { official { name } vote } voteTally { yes no abstain absent } } } \
             officials(bodyId: $id) { totalCount } jurisdictions { edges { node { agencies { name } bodies { name } } } } }",
            json!({ "id": gid(NodeKind::Body, r.council), "m": gid(NodeKind::Meeting, r.past_meeting) }),
        )
        .await;
    assert_eq!(
        data["node"]["current"],
        json!([{ "official": { "name": "Ada Alder" } }, { "official": { "name": "Ben Birch" } }])
    );
    assert_eq!(data["node"]["all"].as_array().unwrap().len(), 3);
    let item = &data["meeting"]["agendaItems"][0];
    assert_eq!(data["meeting"]["status"], "HELD");
    assert_eq!(
        item["voteTally"],
        json!({ "yes": 1, "no": 1, "abstain": 0, "absent": 1 })
    );
    assert_eq!(
        item["rollCall"][1],
        json!({ "official": { "name": "Ben Birch" }, "vote": "NO" })
    );
    assert_eq!(data["officials"]["totalCount"], 3);
    assert_eq!(
        data["jurisdictions"]["edges"][0]["node"],
        json!({ "agencies": [{ "name": "Library" }, { "name": "Parks" }], "bodies": [{ "name": "Council" }] })
    );
}
