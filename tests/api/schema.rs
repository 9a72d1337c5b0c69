//! The committed SDL (`schema.graphql`) is the published contract; this fails when it drifts.

#[test]
fn the_committed_schema_matches_the_code() {
    let committed = include_str!("../../schema.graphql");
    let current = contract_watch::graphql::sdl();
    assert!(
        committed == current,
        "schema.graphql is out of date; review the change and run `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn private_contact_details_are_not_in_the_schema() {
    let sdl = contract_watch::graphql::sdl().to_lowercase();
    assert!(
        !sdl.contains("email"),
        "officials' contact emails must never be public"
    );
}
