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

/// Output fields whose name mentions an email, by type. Input types may take addresses
/// (sign-up, log-in); only the viewer's own `Me.email` may return one.
fn email_output_fields(sdl: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<&str> = None;
    for line in sdl.lines() {
        let line = line.trim();
        if let Some(rest) = line
            .strip_prefix("type ")
            .or_else(|| line.strip_prefix("interface "))
        {
            current = rest.split_whitespace().next();
        } else if line.starts_with("input ") || line.starts_with("enum ") || line == "}" {
            current = None;
        } else if let Some(ty) = current {
            let name = line.split(['(', ':']).next().unwrap_or_default().trim();
            let is_field =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if is_field && name.to_lowercase().contains("email") {
                found.push(format!("{ty}.{name}"));
            }
        }
    }
    found
}

#[test]
fn no_public_type_returns_an_email_address() {
    let found = email_output_fields(&contract_watch::graphql::sdl());
    let allowed = [
        "Me.email",
        "Me.emailVerified",
        "AdminUserView.emailVerified",
        "Query.userByEmail",
        "Mutation.verifyEmail",
        "Mutation.changeEmail",
        // The office's own address: shown to the official and the jurisdiction's staff only.
        "Official.contactEmail",
    ];
    let leaks: Vec<_> = found
        .iter()
        .filter(|f| !allowed.contains(&f.as_str()))
        .collect();
    assert!(
        leaks.is_empty(),
        "fields that may expose an address: {leaks:?}"
    );
    assert!(
        found.contains(&"Me.email".to_owned()),
        "the check sees output fields: {found:?}"
    );
}
