//! One integration binary: every test drives the real router and schema over its own database.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod accounts;
mod alert_mail;
mod alerts;
mod browser;
mod browser_tier;
mod content_safety;
mod csv_import;
mod digest_choices;
mod fixtures;
mod health;
mod helpers;
mod hostile;
mod legistar_import;
mod live;
mod migrations;
mod moderation;
mod ocds_import;
mod official_digest;
mod outbox;
mod packet;
mod participation;
mod red_flags;
mod registry;
mod schema;
mod search;
mod staff;
mod statements;
mod web;
mod web_account;
mod web_alerts;
mod web_budgets;
mod web_choices;
mod web_organizations;
mod web_reach;
