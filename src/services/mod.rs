//! Use-cases. sea-orm lives here, in `graphql/loaders.rs` and in `seed/`; services take validated
//! domain types and return models or [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod admin;
pub mod agenda_links;
pub mod alert_events;
pub mod alert_mail;
pub mod alerts;
pub mod audit;
pub mod comment_packet;
pub mod comment_reach;
pub mod comments;
pub mod concerns;
pub mod contracts;
pub mod csv_import;
pub mod digest_choices;
pub mod directory;
pub mod import_runs;
pub mod imported;
pub mod labels;
pub mod legistar_import;
pub mod meetings;
pub mod moderation;
pub mod ocds_export;
pub mod ocds_import;
pub mod official_contact;
pub mod official_digest;
pub mod official_summary;
pub mod organizations;
pub mod red_flags;
pub mod registry_edit;
pub mod search;
pub mod solicitations;
pub mod subjects;
pub mod tallies;
pub mod throttle;
pub mod watchlists;
pub mod web_sessions;

use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QuerySelect, Select,
};

use crate::domain::page::{Page, PageRequest};

/// Runs one page of `select` (fetching one extra row to learn whether another page follows), and
/// the total count only when asked: counting a large table costs more than the page itself.
pub async fn paginate<E>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
{
    let total_count = if want_total {
        Some(select.clone().count(db).await?)
    } else {
        None
    };
    let mut items = select
        .offset(page.offset)
        .limit(page.limit + 1)
        .all(db)
        .await?;
    let has_next_page = items.len() as u64 > page.limit;
    items.truncate(page.limit as usize);
    Ok(Page {
        items,
        offset: page.offset,
        has_next_page,
        total_count,
    })
}
