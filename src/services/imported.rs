//! What every importer shares: remembering which registry row each source record became
//! (`external_record`, with a digest of what was last applied), and writing the audit entry,
//! search index and red flags for a changed row as a staff edit does.

use chrono::{DateTime, Utc};
use entity::external_record;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel as _, QueryFilter,
};

use crate::domain::ids::NodeKind;
use crate::error::AppError;
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::{red_flags, search};

/// Where registry rows came from: the `external_record.source` they are remembered under and
/// the reason their audit entries give.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub key: &'a str,
    pub reason: &'a str,
}

/// Recomputes every red flag once an import has finished, in one transaction.
pub(crate) async fn refresh_flags(state: &crate::state::AppState) -> Result<(), AppError> {
    let txn = sea_orm::TransactionTrait::begin(&state.db.write).await?;
    red_flags::refresh(
        &txn,
        &state.settings.red_flags,
        state.clock.now().date_naive(),
        red_flags::Scope::All,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One import's transaction and who and what it writes for.
pub(crate) struct Rows<'a> {
    pub txn: &'a DatabaseTransaction,
    pub actor: &'a Actor,
    pub source: Source<'a>,
    pub jurisdiction_id: i64,
    pub now: DateTime<Utc>,
}

impl Rows<'_> {
    /// The row remembered for `(kind, key)`, with the digest of what was last applied.
    pub async fn remembered(
        &self,
        kind: &str,
        key: &str,
    ) -> Result<Option<external_record::Model>, AppError> {
        Ok(external_record::Entity::find()
            .filter(external_record::Column::Source.eq(self.source.key))
            .filter(external_record::Column::JurisdictionId.eq(self.jurisdiction_id))
            .filter(external_record::Column::Kind.eq(kind))
            .filter(external_record::Column::Key.eq(key))
            .one(self.txn)
            .await?)
    }

    /// Records that `(kind, key)` is row `target_id`, last applied as `state`.
    pub async fn remember(
        &self,
        existing: Option<external_record::Model>,
        kind: &str,
        key: &str,
        target_id: i64,
        state: &str,
    ) -> Result<(), AppError> {
        match existing {
            Some(row) => {
                let mut active = row.into_active_model();
                active.target_id = Set(target_id);
                active.digest = Set(state.to_owned());
                active.updated_at = Set(self.now);
                active.update(self.txn).await?;
            }
            None => {
                external_record::ActiveModel {
                    source: Set(self.source.key.to_owned()),
                    jurisdiction_id: Set(self.jurisdiction_id),
                    kind: Set(kind.to_owned()),
                    key: Set(key.to_owned()),
                    target_id: Set(target_id),
                    digest: Set(state.to_owned()),
                    updated_at: Set(self.now),
                    ..Default::default()
                }
                .insert(self.txn)
                .await?;
            }
        }
        Ok(())
    }

    /// The audit entry and search index for a changed row, as a staff edit writes them. Red
    /// flags are computed once for the whole import, at its end ([`refresh_flags`]): per row,
    /// an agency's flags would be recomputed for every release of that agency.
    pub async fn audit(
        &self,
        action: &str,
        target: NodeKind,
        id: i64,
        before: Option<String>,
        after: &impl std::fmt::Debug,
    ) -> Result<(), AppError> {
        audit::record(
            self.txn,
            self.actor,
            Entry {
                action,
                target_type: target.name(),
                target_id: Some(id),
                reason: Some(self.source.reason.to_owned()),
                before,
                after: Some(digest(after)),
                jurisdiction_id: Some(self.jurisdiction_id),
            },
            self.now,
        )
        .await?;
        search::reindex(self.txn, target, id, self.now).await
    }
}
