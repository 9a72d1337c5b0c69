//! Who is who: jurisdictions, agencies, bodies, officials and vendors.

use entity::{agency, body, jurisdiction, office_term, official, vendor};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect as _,
};

use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::paginate;

/// Jurisdictions by name.
pub async fn jurisdictions(
    db: &impl ConnectionTrait,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<jurisdiction::Model>, AppError> {
    let select = jurisdiction::Entity::find()
        .order_by_asc(jurisdiction::Column::Name)
        .order_by_asc(jurisdiction::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Agencies by name, optionally of one jurisdiction.
pub async fn agencies(
    db: &impl ConnectionTrait,
    jurisdiction_id: Option<i64>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<agency::Model>, AppError> {
    let mut select = agency::Entity::find().filter(agency::Column::ArchivedAt.is_null());
    if let Some(id) = jurisdiction_id {
        select = select.filter(agency::Column::JurisdictionId.eq(id));
    }
    let select = select
        .order_by_asc(agency::Column::Name)
        .order_by_asc(agency::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Bodies by name, optionally of one jurisdiction.
pub async fn bodies(
    db: &impl ConnectionTrait,
    jurisdiction_id: Option<i64>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<body::Model>, AppError> {
    let mut select = body::Entity::find().filter(body::Column::ArchivedAt.is_null());
    if let Some(id) = jurisdiction_id {
        select = select.filter(body::Column::JurisdictionId.eq(id));
    }
    let select = select
        .order_by_asc(body::Column::Name)
        .order_by_asc(body::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Officials by name, optionally of one jurisdiction or with a term on one body.
pub async fn officials(
    db: &impl ConnectionTrait,
    jurisdiction_id: Option<i64>,
    body_id: Option<i64>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<official::Model>, AppError> {
    let mut select = official::Entity::find().filter(official::Column::ArchivedAt.is_null());
    if let Some(id) = jurisdiction_id {
        select = select.filter(official::Column::JurisdictionId.eq(id));
    }
    if let Some(id) = body_id {
        let members = Query::select()
            .column(office_term::Column::OfficialId)
            .from(office_term::Entity)
            .and_where(office_term::Column::BodyId.eq(id))
            .to_owned();
        select = select.filter(official::Column::Id.in_subquery(members));
    }
    let select = select
        .order_by_asc(official::Column::Name)
        .order_by_asc(official::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Vendors by name, optionally those whose name contains `name_contains` (case-insensitive).
pub async fn vendors(
    db: &impl ConnectionTrait,
    name_contains: Option<String>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<vendor::Model>, AppError> {
    let mut select = vendor::Entity::find().filter(vendor::Column::ArchivedAt.is_null());
    if let Some(fragment) = name_contains {
        let fragment = fragment.trim().to_lowercase();
        if fragment.chars().count() > 200 {
            return Err(AppError::invalid(
                "nameContains",
                "must be at most 200 characters",
            ));
        }
        select = select.filter(
            Expr::expr(Func::lower(Expr::col(vendor::Column::Name)))
                .like(LikeExpr::new(format!("%{}%", escape_like(&fragment))).escape('\\')),
        );
    }
    let select = select
        .order_by_asc(vendor::Column::Name)
        .order_by_asc(vendor::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Escapes LIKE wildcards so user text matches literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Vendor names by id.
pub async fn vendor_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let rows: Vec<(i64, String)> = vendor::Entity::find()
        .select_only()
        .column(vendor::Column::Id)
        .column(vendor::Column::Name)
        .filter(vendor::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Office terms in force on `day`: not archived, begun, and not yet ended.
pub fn seated_on(day: chrono::NaiveDate) -> Condition {
    Condition::all()
        .add(office_term::Column::ArchivedAt.is_null())
        .add(office_term::Column::StartsOn.lte(day))
        .add(
            Condition::any()
                .add(office_term::Column::EndsOn.is_null())
                .add(office_term::Column::EndsOn.gte(day)),
        )
}

/// `SELECT id FROM agency WHERE jurisdiction_id = …`, for filtering registry rows by
/// jurisdiction.
pub fn agencies_of(jurisdiction_id: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(agency::Column::Id)
        .from(agency::Entity)
        .and_where(agency::Column::JurisdictionId.eq(jurisdiction_id))
        .to_owned()
}

/// `SELECT id FROM body WHERE jurisdiction_id = …`.
pub fn bodies_of(jurisdiction_id: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(body::Column::Id)
        .from(body::Entity)
        .and_where(body::Column::JurisdictionId.eq(jurisdiction_id))
        .to_owned()
}
