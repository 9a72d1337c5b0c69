//! What the community says about subjects, counted the way every tally counts it: live, visible,
//! top-level comments by position (people and organisations apart), organisations' comments, and
//! concerns ranked by endorsements. The GraphQL DataLoaders and the officials' digests both read
//! these, so a digest's counts are the tallies' counts.

use std::collections::HashMap;

use entity::enums::{Position, SubjectType, Visibility};
use entity::{comment, concern};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// A comment or concern subject: (kind, id).
pub type SubjectKey = (SubjectType, i64);

/// `subject_type = kind AND subject_id IN (…)` for each kind among `keys`, joined by OR.
pub fn subjects_in<C: ColumnTrait>(keys: &[SubjectKey], kind_col: C, id_col: C) -> Condition {
    let mut any = Condition::any();
    for kind in [
        SubjectType::Solicitation,
        SubjectType::Contract,
        SubjectType::AgendaItem,
    ] {
        let ids: Vec<i64> = keys.iter().filter(|k| k.0 == kind).map(|k| k.1).collect();
        if !ids.is_empty() {
            any = any.add(
                Condition::all()
                    .add(kind_col.eq(kind))
                    .add(id_col.is_in(ids)),
            );
        }
    }
    any
}

/// Live, visible, top-level comments: the ones tallies count.
pub fn counted_comments() -> Condition {
    Condition::all()
        .add(comment::Column::Visibility.eq(Visibility::Visible))
        .add(comment::Column::DeletedAt.is_null())
        .add(comment::Column::ParentId.is_null())
}

/// Comment counts by (position, in an organisation's name) per subject: one `GROUP BY`.
pub async fn position_counts(
    db: &impl ConnectionTrait,
    keys: &[SubjectKey],
) -> Result<HashMap<SubjectKey, Vec<(Option<Position>, bool, i64)>>, DbErr> {
    let by_organization = Expr::col(comment::Column::OrganizationId).is_not_null();
    let rows: Vec<(SubjectType, i64, Option<Position>, bool, i64)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::SubjectType)
        .column(comment::Column::SubjectId)
        .column(comment::Column::Position)
        .column_as(by_organization.clone(), "by_organization")
        .column_as(comment::Column::Id.count(), "n")
        .filter(subjects_in(
            keys,
            comment::Column::SubjectType,
            comment::Column::SubjectId,
        ))
        .filter(counted_comments())
        .group_by(comment::Column::SubjectType)
        .group_by(comment::Column::SubjectId)
        .group_by(comment::Column::Position)
        .group_by(by_organization)
        .into_tuple()
        .all(db)
        .await?;
    let mut tallies: HashMap<SubjectKey, Vec<(Option<Position>, bool, i64)>> = HashMap::new();
    for (kind, id, position, by_org, n) in rows {
        tallies
            .entry((kind, id))
            .or_default()
            .push((position, by_org, n));
    }
    Ok(tallies)
}

/// Comments posted in organisations' names per subject, oldest first.
pub async fn organization_comments(
    db: &impl ConnectionTrait,
    keys: &[SubjectKey],
) -> Result<HashMap<SubjectKey, Vec<comment::Model>>, DbErr> {
    let rows = comment::Entity::find()
        .filter(subjects_in(
            keys,
            comment::Column::SubjectType,
            comment::Column::SubjectId,
        ))
        .filter(counted_comments())
        .filter(comment::Column::OrganizationId.is_not_null())
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    Ok(by_subject(rows, |c| (c.subject_type, c.subject_id)))
}

/// Concerns per subject, most endorsed first (then oldest first).
pub async fn concerns_by_subject(
    db: &impl ConnectionTrait,
    keys: &[SubjectKey],
) -> Result<HashMap<SubjectKey, Vec<concern::Model>>, DbErr> {
    let rows = concern::Entity::find()
        .filter(subjects_in(
            keys,
            concern::Column::SubjectType,
            concern::Column::SubjectId,
        ))
        .order_by_desc(concern::Column::EndorsementCount)
        .order_by_asc(concern::Column::Id)
        .all(db)
        .await?;
    Ok(by_subject(rows, |c| (c.subject_type, c.subject_id)))
}

/// Rows grouped by their subject, each group in the rows' order.
fn by_subject<T>(rows: Vec<T>, key: impl Fn(&T) -> SubjectKey) -> HashMap<SubjectKey, Vec<T>> {
    let mut groups: HashMap<SubjectKey, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
