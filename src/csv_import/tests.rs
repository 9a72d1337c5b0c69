#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;

use super::cells::{MoneyError, parse_date, parse_money, strip_html};
use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn preset(id: &str) -> Mapping {
    presets::preset(id).unwrap().unwrap()
}

fn import(id: &str, csv: &str) -> CsvImport {
    read_contracts(&preset(id), csv.as_bytes()).unwrap()
}

fn skip(line: u64, column: Option<&str>, reason_contains: &str, skips: &[Skip]) {
    assert!(
        skips.iter().any(|s| s.line == line
            && s.column.as_deref() == column
            && s.reason.contains(reason_contains)),
        "no skip at line {line}, column {column:?}, containing {reason_contains:?} in {skips:#?}"
    );
}

const CHICAGO_CSV: &str = include_str!("../../tests/fixtures/csv/chicago.csv");
const NYC_CSV: &str = include_str!("../../tests/fixtures/csv/nyc.csv");
const SF_CSV: &str = include_str!("../../tests/fixtures/csv/san-francisco.csv");

#[test]
fn every_preset_is_a_valid_mapping() {
    for (id, text) in presets::ALL {
        let mapping = Mapping::from_toml(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(mapping.currency(), "USD", "{id}");
    }
    assert!(presets::preset("atlantis").is_none());
}

#[test]
fn chicago_export_parses_to_plans() {
    let result = import("chicago", CHICAGO_CSV);
    let refs: Vec<&str> = result
        .contracts
        .iter()
        .map(|c| c.reference_number.as_str())
        .collect();
    assert_eq!(refs, ["CW100001", "CW200002", "CW300003", "CW400004"]);

    let custodial = &result.contracts[0];
    assert_eq!(
        custodial,
        &ContractPlan {
            line: 2,
            reference_number: "CW100001".into(),
            title: Some("CUSTODIAL SERVICES - BRANCH LIBRARIES".into()),
            description: None,
            agency: Some("CHICAGO PUBLIC LIBRARY".into()),
            vendor: Some(VendorPlan {
                name: "ACME JANITORIAL, INC.".into(),
                scheme: Some("US-CHICAGO-FMPS".into()),
                identifier: Some("100234567A".into()),
            }),
            value_minor: Some(123_456_750),
            indefinite_quantity: false,
            currency: "USD".into(),
            start_date: Some(date(2024, 1, 1)),
            end_date: Some(date(2027, 12, 31)),
            award_date: Some(date(2023, 12, 15)),
            method_text: Some("BID".into()),
            contract_type_text: Some("WORK SERVICES".into()),
            amendments: vec![
                AmendmentPlan {
                    line: 4,
                    revision: 1,
                    date: Some(date(2025, 3, 1)),
                    value_change_minor: Some(10_000_000),
                    new_end_date: None,
                    description: "Revision 1: CUSTODIAL SERVICES - ADD SUNDAY HOURS".into(),
                },
                AmendmentPlan {
                    line: 3,
                    revision: 2,
                    date: Some(date(2025, 6, 1)),
                    value_change_minor: Some(-5_000_000),
                    new_end_date: Some(date(2027, 12, 31)),
                    description: "Revision 2".into(),
                },
            ],
            team_members: vec![],
        }
    );

    // A row without vendor, dates or value is still a contract, with what it has.
    let meters = &result.contracts[3];
    assert_eq!(meters.title.as_deref(), Some("PARKING METER PARTS"));
    assert_eq!(meters.vendor, None);
    assert_eq!(meters.value_minor, None);
    assert!(!meters.indefinite_quantity);
    assert!(meters.amendments.is_empty());

    assert_eq!(result.skipped.len(), 5, "{:#?}", result.skipped);
    skip(5, None, "duplicate of line 4", &result.skipped);
    skip(
        11,
        Some("Purchase Order (Contract) Number"),
        "no reference number",
        &result.skipped,
    );
}

#[test]
fn chicago_zero_award_is_indefinite_quantity_not_zero_value() {
    let result = import("chicago", CHICAGO_CSV);
    let salt = &result.contracts[1];
    assert_eq!(salt.reference_number, "CW200002");
    assert_eq!(salt.value_minor, None);
    assert!(salt.indefinite_quantity);
    // A later $0 revision is a change of nothing (here, an extension), not a new IDIQ flag.
    assert_eq!(
        salt.amendments,
        vec![AmendmentPlan {
            line: 7,
            revision: 1,
            date: Some(date(2025, 9, 15)),
            value_change_minor: Some(0),
            new_end_date: Some(date(2026, 10, 31)),
            description: "Revision 1".into(),
        }]
    );
    assert_eq!(salt.end_date, Some(date(2026, 10, 31)));
    assert_eq!(salt.start_date, Some(date(2023, 11, 1)));

    // Without the rule, $0 is a value of 0.
    let text = presets::CHICAGO.replace(
        "zero_value_means_indefinite = true",
        "zero_value_means_indefinite = false",
    );
    let mapping = Mapping::from_toml(&text).unwrap();
    let plain = read_contracts(&mapping, CHICAGO_CSV.as_bytes()).unwrap();
    assert_eq!(plain.contracts[1].value_minor, Some(0));
    assert!(!plain.contracts[1].indefinite_quantity);
}

#[test]
fn chicago_revisions_become_amendments_in_revision_order() {
    let result = import("chicago", CHICAGO_CSV);
    let custodial = &result.contracts[0];
    let changes: Vec<(u32, Option<i64>)> = custodial
        .amendments
        .iter()
        .map(|a| (a.revision, a.value_change_minor))
        .collect();
    // Rows come as revisions 0, 2, 1 (and 1 again, a duplicate): the deltas are each
    // revision's own Award Amount.
    assert_eq!(changes, [(1, Some(10_000_000)), (2, Some(-5_000_000))]);
    let total: i64 = custodial.value_minor.unwrap()
        + custodial
            .amendments
            .iter()
            .filter_map(|a| a.value_change_minor)
            .sum::<i64>();
    assert_eq!(total, 128_456_750);

    // A revision with an unreadable amount is kept, its change unknown; a later row fills the
    // agency the original left blank.
    let trees = &result.contracts[2];
    assert_eq!(trees.value_minor, Some(123_450));
    assert_eq!(
        trees.agency.as_deref(),
        Some("DEPARTMENT OF STREETS AND SANITATION")
    );
    assert_eq!(trees.vendor.as_ref().map(|v| v.scheme.clone()), Some(None));
    assert_eq!(trees.amendments.len(), 1);
    assert_eq!(trees.amendments[0].value_change_minor, None);
    assert_eq!(trees.amendments[0].date, Some(date(2024, 4, 4)));
}

#[test]
fn revisions_given_as_totals_become_differences() {
    let mapping = Mapping::from_toml(
        r#"
        name = "totals"
        currency = "USD"
        date_formats = ["%Y-%m-%d"]
        [columns]
        reference_number = "Contract"
        revision = "Rev"
        value = "Total"
        end_date = "Ends"
        [rules]
        revision_values = "total"
        "#,
    )
    .unwrap();
    let csv = "Contract,Rev,Total,Ends\n\
               A-1,2,$1200,2026-06-30\n\
               A-1,0,\"$1,000.00\",2025-06-30\n\
               A-1,1,1500,2025-06-30\n";
    let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
    assert!(result.skipped.is_empty(), "{:#?}", result.skipped);
    let contract = &result.contracts[0];
    assert_eq!(contract.line, 3);
    assert_eq!(contract.value_minor, Some(100_000));
    let changes: Vec<_> = contract
        .amendments
        .iter()
        .map(|a| (a.revision, a.value_change_minor, a.new_end_date))
        .collect();
    assert_eq!(
        changes,
        [
            (1, Some(50_000), None),
            (2, Some(-30_000), Some(date(2026, 6, 30)))
        ]
    );
    assert_eq!(contract.end_date, Some(date(2026, 6, 30)));
}

#[test]
fn conflicting_rows_for_one_revision_keep_the_first() {
    let mapping = Mapping::from_toml(
        r#"
        name = "revs"
        currency = "USD"
        [columns]
        reference_number = "Contract"
        revision = "Rev"
        value = "Amount"
        "#,
    )
    .unwrap();
    let csv = "Contract,Rev,Amount\nA-1,0,10\nA-1,0,20\nA-1,,5\n";
    let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
    assert_eq!(result.contracts[0].value_minor, Some(1_000));
    skip(
        3,
        Some("Rev"),
        "revision 0 of this contract was already read at line 2",
        &result.skipped,
    );
    skip(4, Some("Rev"), "no revision number", &result.skipped);
}

#[test]
fn nyc_export_parses_to_plans() {
    let result = import("nyc", NYC_CSV);
    assert_eq!(result.contracts.len(), 3);
    assert_eq!(
        result.contracts[0],
        ContractPlan {
            line: 2,
            reference_number: "84625B0001001".into(),
            title: Some("LANDSCAPE MAINTENANCE, BRONX".into()),
            description: Some(
                "Three-year term with two renewals.\nParks & playgrounds in the Bronx.".into()
            ),
            agency: Some("Parks and Recreation".into()),
            vendor: Some(VendorPlan {
                name: "Green Acres Landscaping LLC".into(),
                scheme: None,
                identifier: None,
            }),
            value_minor: Some(123_456_789),
            indefinite_quantity: false,
            currency: "USD".into(),
            start_date: None,
            end_date: None,
            award_date: Some(date(2025, 1, 8)),
            method_text: Some("Competitive Sealed Bids".into()),
            contract_type_text: Some("Services (other than human services)".into()),
            amendments: vec![],
            team_members: vec![],
        }
    );
    // No PIN: the RequestID stands in; "award" matches "Award"; no vendor, no value.
    let salt = &result.contracts[1];
    assert_eq!(salt.reference_number, "20250103004");
    assert_eq!(salt.vendor, None);
    assert_eq!(salt.value_minor, None);
    assert_eq!(salt.award_date, Some(date(2025, 1, 9)));
    // "$1,234.50" and a bad date.
    let bridge = &result.contracts[2];
    assert_eq!(bridge.reference_number, "84122B0009001R001");
    assert_eq!(bridge.value_minor, Some(123_450));
    assert_eq!(bridge.award_date, None);

    assert_eq!(result.skipped.len(), 4, "{:#?}", result.skipped);
    skip(3, None, "duplicate of line 2", &result.skipped);
    skip(
        4,
        Some("TypeOfNoticeDescription"),
        "\"Intent to Award\"",
        &result.skipped,
    );
    skip(
        5,
        Some("ContractAmount"),
        "\"N/A\" is not an amount",
        &result.skipped,
    );
    skip(
        6,
        Some("StartDate"),
        "\"2025-13-01\" is not a date",
        &result.skipped,
    );
}

#[test]
fn san_francisco_counts_each_contract_once_with_the_prime_as_vendor() {
    let result = import("san-francisco", SF_CSV);
    assert_eq!(result.contracts.len(), 3);
    let custodial = &result.contracts[0];
    assert_eq!(
        custodial,
        &ContractPlan {
            line: 2,
            reference_number: "1000012345".into(),
            title: Some("Custodial Services - Terminal 2".into()),
            description: Some("Janitorial services".into()),
            agency: Some("Airport Commission".into()),
            vendor: Some(VendorPlan {
                name: "Golden Gate Facility Services Inc".into(),
                scheme: None,
                identifier: None,
            }),
            value_minor: Some(250_000_000),
            indefinite_quantity: false,
            currency: "USD".into(),
            start_date: Some(date(2023, 7, 1)),
            // 2200-12-31 means no end date.
            end_date: None,
            award_date: None,
            method_text: Some("Chapter 21 - Competitive".into()),
            contract_type_text: Some("Professional Services".into()),
            amendments: vec![],
            team_members: vec![
                TeamMemberPlan {
                    line: 3,
                    name: "Bay Cleaning Co".into(),
                    role: Some("Subcontractor".into()),
                    value_minor: Some(40_000_000),
                },
                TeamMemberPlan {
                    line: 4,
                    name: "Mission Supply LLC".into(),
                    role: Some("Joint Venture Constituent".into()),
                    value_minor: Some(-100_000),
                },
            ],
        }
    );

    // No prime row: the value is not taken (let alone summed) from the team members' shares.
    let trees = &result.contracts[1];
    assert_eq!(trees.reference_number, "1000067890");
    assert_eq!(
        trees.vendor.as_ref().map(|v| v.name.as_str()),
        Some("Arbor Partners JV")
    );
    assert_eq!(trees.value_minor, None);
    assert_eq!(trees.end_date, Some(date(2027, 1, 14)));
    let members: Vec<_> = trees
        .team_members
        .iter()
        .map(|m| (m.name.as_str(), m.value_minor))
        .collect();
    assert_eq!(
        members,
        [
            ("Oak Crew Inc", Some(30_000_000)),
            ("Elm Works LLC", Some(20_000_000))
        ]
    );

    let guards = &result.contracts[2];
    assert_eq!(guards.value_minor, None);
    assert_eq!(guards.end_date, None);
    assert!(guards.team_members.is_empty());

    assert_eq!(result.skipped.len(), 4, "{:#?}", result.skipped);
    skip(5, None, "duplicate of line 3", &result.skipped);
    skip(
        6,
        Some("Contract Awarded Amount"),
        "no row for its prime contractor",
        &result.skipped,
    );
    skip(
        8,
        Some("Term End Date"),
        "\"31/12/2026\" is not a date",
        &result.skipped,
    );
    skip(
        8,
        Some("Contract Awarded Amount"),
        "negative original value",
        &result.skipped,
    );
}

#[test]
fn san_francisco_sentinel_and_far_future_end_dates_mean_no_end() {
    let mapping = preset("san-francisco");
    let header = SF_CSV.lines().next().unwrap();
    for (end, expected) in [
        ("12/31/2200", None),
        ("2200-12-31", None),
        ("01/01/2100", None),
        ("12/31/2099", Some(date(2099, 12, 31))),
    ] {
        let csv =
            format!("{header}\n1,T,01/01/2024,{end},,,,,D,Prime,Prime,,,Prime Contractor,,$1,,,\n");
        let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
        assert!(result.skipped.is_empty(), "{end}: {:#?}", result.skipped);
        assert_eq!(result.contracts[0].end_date, expected, "{end}");
        assert_eq!(result.contracts[0].value_minor, Some(100));
    }
}

#[test]
fn bad_cells_are_reported_with_line_and_column() {
    let result = import("chicago", CHICAGO_CSV);
    let s = &result.skipped;
    skip(
        8,
        Some("Start Date"),
        "\"13/45/2024\" is not a date in the format(s) %m/%d/%Y %I:%M:%S %p, %m/%d/%Y",
        s,
    );
    skip(8, Some("Start Date"), "start date left out", s);
    skip(
        9,
        Some("Revision Number"),
        "revision number \"X1\" is not a whole number; row left out",
        s,
    );
    skip(
        10,
        Some("Award Amount"),
        "\"$12.345\" has more decimals than the currency's 2 (USD); value left out",
        s,
    );
    // Skips come sorted by line.
    let lines: Vec<u64> = s.iter().map(|s| s.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
}

#[test]
fn a_mapping_with_an_unknown_key_is_rejected_naming_it() {
    let text = presets::CHICAGO.replace("vendor_name = ", "vendr_name = ");
    let error = Mapping::from_toml(&text).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MappingError::Toml(_)), "{error:?}");
    assert!(message.contains("unknown field `vendr_name`"), "{message}");
    assert!(message.contains("line "), "{message}");

    let text = format!("delimiter = \";\"\n{}", presets::NYC);
    let message = Mapping::from_toml(&text).unwrap_err().to_string();
    assert!(message.contains("unknown field `delimiter`"), "{message}");

    let text = presets::NYC.replace("strip_html = true", "strip_htm = true");
    let message = Mapping::from_toml(&text).unwrap_err().to_string();
    assert!(message.contains("unknown field `strip_htm`"), "{message}");
}

#[test]
fn a_mapping_without_a_required_key_is_rejected_naming_it() {
    let text = presets::SAN_FRANCISCO.replace("reference_number = \"Contract Number\"\n", "");
    assert_eq!(
        Mapping::from_toml(&text).unwrap_err(),
        MappingError::Invalid {
            key: "columns.reference_number".into(),
            message: "is required: the column that holds the contract's reference number".into(),
        }
    );
    let message = Mapping::from_toml("name = \"x\"\ncurrency = \"USD\"\n")
        .unwrap_err()
        .to_string();
    assert!(message.contains("missing field `columns`"), "{message}");
}

#[test]
fn mapping_values_are_checked() {
    let cases: &[(&str, &str, &str)] = &[
        ("currency = \"USD\"", "currency = \"usd\"", "currency"),
        ("\"%m/%d/%Y\",\n", "\"%m/%Q/%Y\",\n", "date_formats[1]"),
        ("\"%m/%d/%Y\",\n", "\"%m/%Y\",\n", "date_formats[1]"),
        ("\"%m/%d/%Y\",\n", "\"%m/%d/%Y %z\",\n", "date_formats[1]"),
        ("vendor_scheme = \"US-CHICAGO-FMPS\"\n", "", "vendor_scheme"),
        (
            "group_by = [\"Purchase Order (Contract) Number\"]",
            "group_by = []",
            "group_by",
        ),
        (
            "vendor_name = \"Vendor Name\"",
            "vendor_name = \"  \"",
            "columns.vendor_name",
        ),
        (
            "title = \"Purchase Order Description\"",
            "title = []",
            "columns.title",
        ),
        (
            "revision = \"Revision Number\"\n",
            "",
            "rules.revision_values",
        ),
    ];
    for (from, to, key) in cases {
        let mut text = presets::CHICAGO.replacen(from, to, 1);
        if *key == "rules.revision_values" {
            text = text.replace(
                "revision_values = \"change\"",
                "revision_values = \"total\"",
            );
        }
        assert_ne!(text, presets::CHICAGO, "{from}");
        match Mapping::from_toml(&text) {
            Err(MappingError::Invalid { key: got, .. }) => assert_eq!(&got, key, "{to}"),
            other => panic!("{to}: expected an error for {key}, got {other:?}"),
        }
    }
    let text = presets::SAN_FRANCISCO.replace("team_role = \"Supplier Type\"\n", "");
    match Mapping::from_toml(&text) {
        Err(MappingError::Invalid { key, .. }) => assert_eq!(key, "rules.primary_roles"),
        other => panic!("{other:?}"),
    }
    let text = presets::SAN_FRANCISCO.replace("\"2200-12-31\"", "\"12/31/2200\"");
    match Mapping::from_toml(&text) {
        Err(MappingError::Invalid { key, .. }) => assert_eq!(key, "rules.no_end_date[0]"),
        other => panic!("{other:?}"),
    }
    let text = presets::CHICAGO.replace(
        "revision_values = \"change\"",
        "revision_values = \"delta\"",
    );
    let message = Mapping::from_toml(&text).unwrap_err().to_string();
    assert!(message.contains("unknown variant `delta`"), "{message}");
}

#[test]
fn a_file_without_a_mapped_column_is_rejected_naming_it() {
    let csv = CHICAGO_CSV.replacen("Award Amount", "Amount Awarded", 1);
    let error = read_contracts(&preset("chicago"), csv.as_bytes()).unwrap_err();
    match &error {
        CsvError::MissingColumns { missing, found } => {
            assert_eq!(
                missing,
                &[MissingColumn {
                    key: "columns.value".into(),
                    header: "Award Amount".into(),
                }]
            );
            assert_eq!(found.len(), 19);
        }
        other => panic!("{other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("\"Award Amount\" (columns.value)"),
        "{message}"
    );
    assert!(message.contains("\"Amount Awarded\""), "{message}");

    // The wrong preset for a file: everything it names is listed.
    let error = read_contracts(&preset("nyc"), CHICAGO_CSV.as_bytes()).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("\"RequestID\" (group_by)"), "{message}");
    assert!(
        message.contains("\"TypeOfNoticeDescription\" (rules.include_only.column)"),
        "{message}"
    );
}

#[test]
fn headers_match_without_case_and_with_a_byte_order_mark() {
    let mapping = Mapping::from_toml(
        "name = \"x\"\ncurrency = \"JPY\"\n[columns]\nreference_number = \"Number\"\nvalue = \"Amount\"\n",
    )
    .unwrap();
    let csv = "\u{feff} NUMBER ,amount\r\nA,\"¥1,000\"\r\nB,\"1,000\"\r\n";
    let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
    assert_eq!(result.contracts.len(), 2);
    assert_eq!(result.contracts[0].value_minor, None);
    skip(2, Some("Amount"), "is not an amount", &result.skipped);
    assert_eq!(result.contracts[1].value_minor, Some(1_000));
    assert_eq!(result.contracts[1].currency, "JPY");
}

#[test]
fn rows_of_any_length_and_lines_that_span_lines() {
    let mapping = Mapping::from_toml(
        "name = \"x\"\ncurrency = \"USD\"\n[columns]\nreference_number = \"Ref\"\ntitle = \"Title\"\nvalue = \"Value\"\n",
    )
    .unwrap();
    let csv = "Ref,Title,Value\nA,\"two\nlines\",1\nB\nC,t,2,extra,cells\n,,\n\nD,\"x\",3\n";
    let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
    let seen: Vec<_> = result
        .contracts
        .iter()
        .map(|c| {
            (
                c.line,
                c.reference_number.as_str(),
                c.title.as_deref(),
                c.value_minor,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (2, "A", Some("two\nlines"), Some(100)),
            (4, "B", None, None),
            (5, "C", Some("t"), Some(200)),
            (8, "D", Some("x"), Some(300)),
        ]
    );
    assert!(result.skipped.is_empty(), "{:#?}", result.skipped);
}

#[test]
fn a_row_that_is_not_utf8_is_skipped() {
    let mapping = preset("chicago");
    let mut bytes = CHICAGO_CSV.lines().next().unwrap().as_bytes().to_vec();
    bytes.extend_from_slice(b"\nCAF\xC9 SUPPLIES,CW9,0\nTEA,CW10,0\n");
    let result = read_contracts(&mapping, bytes.as_slice()).unwrap();
    assert_eq!(result.contracts.len(), 1);
    assert_eq!(result.contracts[0].reference_number, "CW10");
    skip(2, None, "not UTF-8", &result.skipped);

    let error = read_contracts(&mapping, &b"Purchase Order \xFF\n"[..]).unwrap_err();
    assert_eq!(error, CsvError::HeaderNotUtf8);
    assert_eq!(
        read_contracts(&mapping, &b""[..]).unwrap_err(),
        CsvError::NoHeader
    );
    let header_only = CHICAGO_CSV.lines().next().unwrap();
    assert_eq!(
        read_contracts(&mapping, header_only.as_bytes()).unwrap(),
        CsvImport::default()
    );
}

#[test]
fn garbage_never_panics() {
    let mapping = preset("chicago");
    let header = CHICAGO_CSV.lines().next().unwrap();
    let alphabet: &[u8] = b"CW0-1$,.()\"\n\r\xEF\xBB\xBF 9/:AMP\xFF";
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..300 {
        let mut bytes = header.as_bytes().to_vec();
        bytes.push(b'\n');
        for _ in 0..200 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        let _ = read_contracts(&mapping, bytes.as_slice());
        let _ = read_contracts(&preset("san-francisco"), &bytes[header.len()..]);
    }
}

#[test]
fn money_is_exact() {
    let usd = |text: &str| parse_money(text, 2);
    assert_eq!(usd("1234.5"), Ok(123_450));
    assert_eq!(usd("$1,234.50"), Ok(123_450));
    assert_eq!(usd(" $ 1,234,567.89 "), Ok(123_456_789));
    assert_eq!(usd("(500.00)"), Ok(-50_000));
    assert_eq!(usd("($500.00)"), Ok(-50_000));
    assert_eq!(usd("-$12"), Ok(-1_200));
    assert_eq!(usd("$-12"), Ok(-1_200));
    assert_eq!(usd("+7"), Ok(700));
    assert_eq!(usd(".5"), Ok(50));
    assert_eq!(usd("12."), Ok(1_200));
    assert_eq!(usd("$0"), Ok(0));
    assert_eq!(usd("0.00"), Ok(0));
    assert_eq!(usd("1.500"), Ok(150));
    assert_eq!(usd("0.1"), Ok(10));
    assert_eq!(usd("0.30"), Ok(30));
    assert_eq!(usd("999999999999999.99"), Ok(99_999_999_999_999_999));
    assert_eq!(usd("1000000000000000"), Err(MoneyError::TooLarge));
    assert_eq!(usd("99999999999999999999999999"), Err(MoneyError::TooLarge));
    assert_eq!(usd("1.505"), Err(MoneyError::TooPrecise { exponent: 2 }));
    for bad in [
        "", "$", "-", "()", "(-5)", "--5", "-$-5", "1,23", "1234,50", ",123", "12,34.5", "1.2.3",
        "1e3", "five", "$ 1 000", "¥5", "12-", "NaN", "(5",
    ] {
        assert_eq!(usd(bad), Err(MoneyError::NotAnAmount), "{bad:?}");
    }
    assert_eq!(parse_money("1,000", 0), Ok(1_000));
    assert_eq!(
        parse_money("1.5", 0),
        Err(MoneyError::TooPrecise { exponent: 0 })
    );
    assert_eq!(parse_money("1.234", 3), Ok(1_234));
}

#[test]
fn dates_in_any_listed_format() {
    let formats: Vec<String> = ["%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S%.f"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        parse_date("12/01/1997 12:00:00 AM", &formats),
        Some(date(1997, 12, 1))
    );
    assert_eq!(
        parse_date("12/01/1997 11:59:59 PM", &formats),
        Some(date(1997, 12, 1))
    );
    assert_eq!(parse_date(" 2/3/2001 ", &formats), Some(date(2001, 2, 3)));
    assert_eq!(
        parse_date("1997-12-01T00:00:00.000", &formats),
        Some(date(1997, 12, 1))
    );
    assert_eq!(parse_date("02/30/2024", &formats), None);
    assert_eq!(parse_date("13/45/2024", &formats), None);
    assert_eq!(parse_date("12/01/1997 junk", &formats), None);
}

#[test]
fn html_becomes_text() {
    assert_eq!(
        strip_html(
            "<p><span style='x'>A &amp; B</span><br>C&nbsp;&nbsp;D &#233;&#x41; &bogus; 1 < 2</p><ul><li>x</li></ul>"
        ),
        "A & B\nC D éA &bogus; 1 < 2\nx"
    );
}

#[test]
fn line_numbers_survive_crlf_cr_and_blank_lines() {
    let mapping = Mapping::from_toml(
        "name = \"x\"\ncurrency = \"USD\"\n[columns]\nreference_number = \"Ref\"\nvalue = \"Value\"\n",
    )
    .unwrap();
    for (csv, lines) in [
        ("Ref,Value\r\nA,x\r\n\r\nB,y\r\n", [2, 4]),
        ("Ref,Value\rA,x\r\rB,y\r", [2, 4]),
        ("Ref,Value\n\"A\nA\",x\n\n\nB,y", [2, 6]),
    ] {
        let result = read_contracts(&mapping, csv.as_bytes()).unwrap();
        let got: Vec<u64> = result.skipped.iter().map(|s| s.line).collect();
        assert_eq!(got, lines, "{csv:?}");
        let got: Vec<u64> = result.contracts.iter().map(|c| c.line).collect();
        assert_eq!(got, lines, "{csv:?}");
    }
}

#[test]
fn san_francisco_a_second_prime_row_is_not_added() {
    let header = SF_CSV.lines().next().unwrap();
    let csv = format!(
        "{header}\n\
         9,T,01/01/2024,,,,,,D,Prime Co,Sub Co,,,Subcontractor,,$10,,,\n\
         9,T,01/01/2024,,,,,,D,Prime Co,Prime Co,,,Prime Contractor,,$100,,,\n\
         9,T,01/01/2024,,,,,,D,Prime Co,Prime Co,,,Prime Contractor,,$90,,,\n\
         9,T,01/01/2024,,,,,,D,Prime Co,Sub Co,,,Subcontractor,,$11,,,\n"
    );
    let result = read_contracts(&preset("san-francisco"), csv.as_bytes()).unwrap();
    let contract = &result.contracts[0];
    assert_eq!(contract.line, 3);
    assert_eq!(contract.value_minor, Some(10_000));
    assert_eq!(contract.team_members.len(), 1);
    assert_eq!(contract.team_members[0].value_minor, Some(1_000));
    skip(
        4,
        None,
        "another row for the prime contractor of contract 9 was read at line 3",
        &result.skipped,
    );
    skip(
        5,
        Some("Supplier Name"),
        "team member \"Sub Co\" is already listed at line 2",
        &result.skipped,
    );
    assert_eq!(result.skipped.len(), 2);
}
