//! Structured concerns: flagged by residents or organisations, endorsed by people and co-signed by
//! verified organisations, and answered officially by staff of the jurisdiction or an official of
//! a body that decides the subject.

use entity::enums::{AlertEventKind, ConcernCategory, ConcernStatus, Severity, SubjectType};
use entity::{
    agency, agenda_item, body, concern, concern_cosignature, concern_endorsement, concern_response,
    contract, meeting, office_term, official, solicitation,
};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    TryInsertResult,
};

use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::page::{Page, PageRequest};
use crate::domain::text::bounded;
use crate::error::AppError;
use crate::events::{Event, EventKind};
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::paginate;
use crate::services::subjects::{self, Subject};
use crate::services::{alert_events, organizations, throttle};
use crate::state::AppState;

/// A new concern, as the API received it.
#[derive(Debug, Clone)]
pub struct NewConcern {
    pub subject_id: String,
    pub category: ConcernCategory,
    pub severity: Severity,
    pub summary: String,
    pub details: String,
    pub evidence_url: Option<String>,
    pub on_behalf_of_organization_id: Option<String>,
}

/// An evidence link: an absolute http(s) URL of at most 2,000 characters.
fn parse_evidence_url(raw: &str) -> Result<Option<String>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || AppError::invalid("evidenceUrl", "must be an http or https address");
    if raw.len() > 2000 {
        return Err(invalid());
    }
    let url = url::Url::parse(raw).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid());
    }
    Ok(Some(url.to_string()))
}

/// `flagConcern`.
pub async fn flag(
    state: &AppState,
    viewer: &Viewer,
    input: NewConcern,
) -> Result<concern::Model, AppError> {
    let author = viewer.verified()?;
    let summary = bounded("summary", &input.summary, 1, 200)?;
    let details = bounded("details", &input.details, 0, 5000)?;
    let evidence_url = match &input.evidence_url {
        Some(raw) => parse_evidence_url(raw)?,
        None => None,
    };
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let subject = subjects::resolve(&txn, &input.subject_id, "subjectId").await?;
    let organization = match &input.on_behalf_of_organization_id {
        Some(raw) => Some(
            organizations::speaking_for(&txn, author.id, raw, "onBehalfOfOrganizationId").await?,
        ),
        None => None,
    };
    throttle::hourly(
        &txn,
        &format!("concern:{}", author.id),
        state.settings.participation.concerns_per_hour,
        now,
    )
    .await?;
    let row = concern::ActiveModel {
        subject_type: Set(subject.kind),
        subject_id: Set(subject.id),
        author_id: Set(author.id),
        organization_id: Set(organization.map(|o| o.id)),
        category: Set(input.category),
        severity: Set(input.severity),
        summary: Set(summary),
        details: Set(details),
        evidence_url: Set(evidence_url),
        status: Set(ConcernStatus::Open),
        status_changed_by: Set(None),
        status_changed_at: Set(None),
        endorsement_count: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    alert_events::emit(
        &txn,
        alert_events::about_subject(
            AlertEventKind::ConcernAdded,
            (row.subject_type, row.subject_id),
            format!("New concern ({}): {}", row.category.to_value(), row.summary),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    announce(state, &row).await;
    Ok(row)
}

/// Tells subscribers that a concern changed (after its change committed).
async fn announce(state: &AppState, row: &concern::Model) {
    state
        .events
        .publish(Event::new(
            EventKind::ConcernUpdated,
            (row.subject_type, row.subject_id),
            row.id,
        ))
        .await;
}

async fn load(db: &impl ConnectionTrait, raw: &str) -> Result<concern::Model, AppError> {
    let id = GlobalId::parse_as(raw, NodeKind::Concern, "concernId")?;
    concern::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("concern"))
}

/// `endorseConcern`: one endorsement per person, or a co-signature by a verified organisation
/// through its representative.
pub async fn endorse(
    state: &AppState,
    viewer: &Viewer,
    concern_id: &str,
    on_behalf_of: Option<&str>,
) -> Result<concern::Model, AppError> {
    let me = viewer.verified()?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = load(&txn, concern_id).await?;
    throttle::hourly(
        &txn,
        &format!("endorse:{}", me.id),
        state.settings.participation.endorsements_per_hour,
        now,
    )
    .await?;
    match on_behalf_of {
        Some(raw) => {
            let org =
                organizations::speaking_for(&txn, me.id, raw, "onBehalfOfOrganizationId").await?;
            let inserted = concern_cosignature::Entity::insert(concern_cosignature::ActiveModel {
                concern_id: Set(row.id),
                organization_id: Set(org.id),
                signed_by: Set(me.id),
                created_at: Set(now),
            })
            .on_conflict_do_nothing()
            .exec_without_returning(&txn)
            .await?;
            if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
                return Err(AppError::Conflict(
                    "the organisation already co-signed this concern",
                ));
            }
        }
        None => {
            let inserted = concern_endorsement::Entity::insert(concern_endorsement::ActiveModel {
                concern_id: Set(row.id),
                user_id: Set(me.id),
                created_at: Set(now),
            })
            .on_conflict_do_nothing()
            .exec_without_returning(&txn)
            .await?;
            if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
                return Err(AppError::Conflict("you already endorsed this concern"));
            }
            adjust_count(&txn, row.id, 1).await?;
        }
    }
    let row = concern::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("concern"))?;
    txn.commit().await?;
    announce(state, &row).await;
    Ok(row)
}

/// `withdrawEndorsement`: takes back one's endorsement or the organisation's co-signature.
pub async fn withdraw(
    state: &AppState,
    viewer: &Viewer,
    concern_id: &str,
    on_behalf_of: Option<&str>,
) -> Result<concern::Model, AppError> {
    let me = viewer.verified()?;
    let txn = state.db.write.begin().await?;
    let row = load(&txn, concern_id).await?;
    match on_behalf_of {
        Some(raw) => {
            let org =
                organizations::speaking_for(&txn, me.id, raw, "onBehalfOfOrganizationId").await?;
            let deleted = concern_cosignature::Entity::delete_by_id((row.id, org.id))
                .exec(&txn)
                .await?;
            if deleted.rows_affected == 0 {
                return Err(AppError::NotFound("co-signature"));
            }
        }
        None => {
            let deleted = concern_endorsement::Entity::delete_by_id((row.id, me.id))
                .exec(&txn)
                .await?;
            if deleted.rows_affected == 0 {
                return Err(AppError::NotFound("endorsement"));
            }
            adjust_count(&txn, row.id, -1).await?;
        }
    }
    let row = concern::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("concern"))?;
    txn.commit().await?;
    announce(state, &row).await;
    Ok(row)
}

async fn adjust_count(db: &impl ConnectionTrait, id: i64, by: i32) -> Result<(), AppError> {
    concern::Entity::update_many()
        .col_expr(
            concern::Column::EndorsementCount,
            Expr::col(concern::Column::EndorsementCount).add(by),
        )
        .filter(concern::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the viewer's linked official sits today on a body that decides `subject`.
async fn official_deciding(
    db: &impl ConnectionTrait,
    official_id: i64,
    subject: &Subject,
    today: chrono::NaiveDate,
) -> Result<bool, AppError> {
    let items = agenda_item::Entity::find()
        .select_only()
        .column(agenda_item::Column::MeetingId);
    let items = match subject.kind {
        SubjectType::AgendaItem => items.filter(agenda_item::Column::Id.eq(subject.id)),
        SubjectType::Contract => items.filter(agenda_item::Column::ContractId.eq(subject.id)),
        SubjectType::Solicitation => {
            items.filter(agenda_item::Column::SolicitationId.eq(subject.id))
        }
    };
    let meeting_ids: Vec<i64> = items.into_tuple().all(db).await?;
    if meeting_ids.is_empty() {
        return Ok(false);
    }
    let body_ids: Vec<i64> = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::BodyId)
        .filter(meeting::Column::Id.is_in(meeting_ids))
        .into_tuple()
        .all(db)
        .await?;
    let seats = office_term::Entity::find()
        .filter(office_term::Column::OfficialId.eq(official_id))
        .filter(office_term::Column::BodyId.is_in(body_ids))
        .filter(office_term::Column::StartsOn.lte(today))
        .all(db)
        .await?;
    Ok(seats
        .iter()
        .any(|t| t.ends_on.is_none_or(|end| end >= today)))
}

/// `respondToConcern`: an official answer, which may change the concern's status. Staff of the
/// subject's jurisdiction answer for the government; a linked official answers as themself when
/// they sit on a body that decides the subject.
pub async fn respond(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    concern_id: &str,
    body: &str,
    status: ConcernStatus,
) -> Result<(concern::Model, concern_response::Model), AppError> {
    let me = viewer.verified()?;
    let body = bounded("body", body, 1, 5000)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = load(&txn, concern_id).await?;
    let subject = subjects::load(&txn, row.subject_type, row.subject_id).await?;
    let as_official = match viewer.staff_of(subject.jurisdiction_id) {
        Ok(_) => None,
        Err(refused) => match me.official_id {
            Some(official_id)
                if official_deciding(&txn, official_id, &subject, now.date_naive()).await? =>
            {
                Some(official_id)
            }
            _ => return Err(refused),
        },
    };
    let before = digest(&row);
    let response = concern_response::ActiveModel {
        concern_id: Set(row.id),
        responder_id: Set(me.id),
        official_id: Set(as_official),
        body: Set(body),
        status: Set(status),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let row = if row.status == status {
        row
    } else {
        let mut active = row.into_active_model();
        active.status = Set(status);
        active.status_changed_by = Set(Some(me.id));
        active.status_changed_at = Set(Some(now));
        active.update(&txn).await?
    };
    alert_events::emit(
        &txn,
        alert_events::about_subject(
            AlertEventKind::OfficialResponse,
            (row.subject_type, row.subject_id),
            format!(
                "Official response to \"{}\": {}",
                row.summary,
                row.status.to_value()
            ),
        ),
        now,
    )
    .await?;
    audit::record(
        &txn,
        &Actor::of(viewer, meta),
        Entry {
            action: "respondToConcern",
            target_type: NodeKind::Concern.name(),
            target_id: Some(row.id),
            reason: None,
            before: Some(before),
            after: Some(digest(&row)),
            jurisdiction_id: Some(subject.jurisdiction_id),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    announce(state, &row).await;
    Ok((row, response))
}

/// One concern by id.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<concern::Model>, AppError> {
    Ok(concern::Entity::find_by_id(id).one(db).await?)
}

/// Official responses to a concern, oldest first.
pub async fn responses(
    db: &impl ConnectionTrait,
    concern_id: i64,
) -> Result<Vec<concern_response::Model>, AppError> {
    Ok(concern_response::Entity::find()
        .filter(concern_response::Column::ConcernId.eq(concern_id))
        .order_by_asc(concern_response::Column::Id)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_links_are_http_or_https() {
        assert_eq!(parse_evidence_url("  ").ok(), Some(None));
        assert!(parse_evidence_url("https://city.example/minutes.pdf").is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://x.example/a",
            "not a url",
            "https://",
        ] {
            assert!(parse_evidence_url(bad).is_err(), "{bad}");
        }
    }
}

/// Which concerns to answer come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOrder {
    /// The longest waiting first.
    Oldest,
    /// The most endorsed first (then the longest waiting).
    MostEndorsed,
}

/// `concernsToAnswer`: concerns still open or only acknowledged on the jurisdiction's
/// solicitations, contracts and agenda items. For its staff and admins, and for officials of
/// the jurisdiction (who may answer those their bodies decide).
pub async fn to_answer(
    state: &AppState,
    viewer: &Viewer,
    jurisdiction_id: i64,
    order: AnswerOrder,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<concern::Model>, AppError> {
    use sea_orm::sea_query::Query;

    let me = viewer.verified()?;
    let db = &state.db.read;
    let official_here = match me.official_id {
        Some(id) => official::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|o| o.jurisdiction_id == jurisdiction_id),
        None => false,
    };
    if !official_here {
        viewer.staff_of(jurisdiction_id)?;
    }
    let agencies = Query::select()
        .column(agency::Column::Id)
        .from(agency::Entity)
        .and_where(agency::Column::JurisdictionId.eq(jurisdiction_id))
        .to_owned();
    let solicitations = Query::select()
        .column(solicitation::Column::Id)
        .from(solicitation::Entity)
        .and_where(solicitation::Column::AgencyId.in_subquery(agencies.clone()))
        .to_owned();
    let contracts = Query::select()
        .column(contract::Column::Id)
        .from(contract::Entity)
        .and_where(contract::Column::AgencyId.in_subquery(agencies))
        .to_owned();
    let bodies = Query::select()
        .column(body::Column::Id)
        .from(body::Entity)
        .and_where(body::Column::JurisdictionId.eq(jurisdiction_id))
        .to_owned();
    let meetings = Query::select()
        .column(meeting::Column::Id)
        .from(meeting::Entity)
        .and_where(meeting::Column::BodyId.in_subquery(bodies))
        .to_owned();
    let items = Query::select()
        .column(agenda_item::Column::Id)
        .from(agenda_item::Entity)
        .and_where(agenda_item::Column::MeetingId.in_subquery(meetings))
        .to_owned();
    let of = |kind: SubjectType, ids| {
        sea_orm::Condition::all()
            .add(concern::Column::SubjectType.eq(kind))
            .add(concern::Column::SubjectId.in_subquery(ids))
    };
    let mut select = concern::Entity::find()
        .filter(concern::Column::Status.is_in([ConcernStatus::Open, ConcernStatus::Acknowledged]))
        .filter(
            sea_orm::Condition::any()
                .add(of(SubjectType::Solicitation, solicitations))
                .add(of(SubjectType::Contract, contracts))
                .add(of(SubjectType::AgendaItem, items)),
        );
    if order == AnswerOrder::MostEndorsed {
        select = select.order_by_desc(concern::Column::EndorsementCount);
    }
    let select = select
        .order_by_asc(concern::Column::CreatedAt)
        .order_by_asc(concern::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}
