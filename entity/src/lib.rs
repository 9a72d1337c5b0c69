//! sea-orm entities, one module per table. They mirror `migration/` and carry no GraphQL:
//! the API's types live in the application crate and are built from these models.

pub mod account_token;
pub mod agency;
pub mod agenda_item;
pub mod audit_log;
pub mod body;
pub mod contract;
pub mod contract_amendment;
pub mod email_delivery;
pub mod email_suppression;
pub mod enums;
pub mod jurisdiction;
pub mod login_throttle;
pub mod mail_preference;
pub mod meeting;
pub mod office_term;
pub mod official;
pub mod organization;
pub mod organization_member;
pub mod rate_counter;
pub mod refresh_token;
pub mod renewal_option;
pub mod roll_call_vote;
pub mod solicitation;
pub mod solicitation_category;
pub mod solicitation_document;
pub mod user_account;
pub mod vendor;
pub mod vendor_identifier;
