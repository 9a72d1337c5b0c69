//! Contract Watch: watch public procurement — solicitations, contracts and their renewals, and
//! the votes that decide them.

pub mod account_pages;
pub mod auth;
pub mod clock;
pub mod comment_packet;
pub mod config;
pub mod csv_import;
pub mod db;
pub mod domain;
pub mod edge;
pub mod email;
pub mod error;
pub mod events;
pub mod feed_pages;
pub mod feeds;
pub mod graphql;
pub mod jobs;
pub mod legistar;
pub mod metrics;
pub mod ocds;
pub mod open_data;
pub mod outbox;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod templates;
pub mod unsubscribe;
pub mod web;
