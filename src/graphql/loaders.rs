//! Per-request DataLoaders. Every relation in the schema resolves through one of these, so a page
//! of N rows costs the same number of statements as a page of one: one `WHERE … IN (…)` per
//! relation and nesting level.
//!
//! Two generic shapes cover every relation: [`ById`] (to-one, by primary key) and [`Children`]
//! (to-many, by a foreign key column named by a marker type).

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::enums::{Position, Visibility};
use entity::*;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ModelTrait, QueryFilter, QueryOrder,
    QuerySelect, Value,
};

/// An entity with an `i64` primary key.
pub trait Keyed: EntityTrait {
    /// The primary key column.
    const ID: Self::Column;
}

macro_rules! keyed {
    ($($module:ident),+) => {$(
        impl Keyed for $module::Entity {
            const ID: Self::Column = $module::Column::Id;
        }
    )+};
}

keyed!(
    jurisdiction,
    agency,
    body,
    official,
    office_term,
    vendor,
    vendor_identifier,
    solicitation,
    solicitation_category,
    solicitation_document,
    contract,
    renewal_option,
    contract_amendment,
    meeting,
    agenda_item,
    roll_call_vote,
    user_account,
    organization,
    comment_reach,
    red_flag
);

fn as_i64(value: Value) -> Option<i64> {
    match value {
        Value::BigInt(Some(v)) => Some(v),
        Value::Int(Some(v)) => Some(v.into()),
        _ => None,
    }
}

/// Loads rows of `E` by primary key.
pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> Loader<i64> for ById<E>
where
    E: Keyed,
    E::Model: Clone + Send + Sync,
{
    type Value = E::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>, Self::Error> {
        let rows = E::find()
            .filter(E::ID.is_in(keys.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| Some((as_i64(row.get(E::ID))?, row)))
            .collect())
    }
}

/// A to-many relation: rows of `Entity` whose `PARENT` column holds the key, in primary-key order.
pub trait ChildRelation: Send + Sync + 'static {
    type Entity: Keyed;
    const PARENT: <Self::Entity as EntityTrait>::Column;
}

/// Loads the children of many parents at once.
pub struct Children<R> {
    db: DatabaseConnection,
    relation: PhantomData<fn() -> R>,
}

impl<R> Loader<i64> for Children<R>
where
    R: ChildRelation,
    <R::Entity as EntityTrait>::Model: Clone + Send + Sync,
{
    type Value = Vec<<R::Entity as EntityTrait>::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = R::Entity::find()
            .filter(R::PARENT.is_in(keys.iter().copied()))
            .order_by_asc(<R::Entity as Keyed>::ID)
            .all(&self.db)
            .await?;
        let mut by_parent: HashMap<i64, Self::Value> = HashMap::new();
        for row in rows {
            if let Some(parent) = as_i64(row.get(R::PARENT)) {
                by_parent.entry(parent).or_default().push(row);
            }
        }
        Ok(by_parent)
    }
}

macro_rules! child_relations {
    ($($(#[$meta:meta])* $name:ident => $module:ident :: $column:ident),+ $(,)?) => {$(
        $(#[$meta])*
        pub struct $name;
        impl ChildRelation for $name {
            type Entity = $module::Entity;
            const PARENT: $module::Column = $module::Column::$column;
        }
    )+};
}

child_relations!(
    /// Agencies of a jurisdiction.
    AgenciesByJurisdiction => agency::JurisdictionId,
    /// Bodies of a jurisdiction.
    BodiesByJurisdiction => body::JurisdictionId,
    /// Contracts awarded from a solicitation.
    ContractsBySolicitation => contract::SolicitationId,
    /// Agenda items deciding a solicitation.
    AgendaItemsBySolicitation => agenda_item::SolicitationId,
    /// Agenda items deciding a contract.
    AgendaItemsByContract => agenda_item::ContractId,
    /// The agenda of a meeting.
    AgendaItemsByMeeting => agenda_item::MeetingId,
    /// Category codes of a solicitation.
    CategoriesBySolicitation => solicitation_category::SolicitationId,
    /// Documents of a solicitation.
    DocumentsBySolicitation => solicitation_document::SolicitationId,
    /// Renewal options of a contract.
    RenewalOptionsByContract => renewal_option::ContractId,
    /// Amendments of a contract.
    AmendmentsByContract => contract_amendment::ContractId,
    /// External identifiers of a vendor.
    IdentifiersByVendor => vendor_identifier::VendorId,
    /// Terms an official has served.
    TermsByOfficial => office_term::OfficialId,
    /// Terms served on a body.
    TermsByBody => office_term::BodyId,
    /// The roll call on an agenda item.
    VotesByAgendaItem => roll_call_vote::AgendaItemId,
    /// The digest that first carried a comment (at most one).
    ReachOfComment => comment_reach::CommentId,
    /// Computed red flags of a contract.
    RedFlagsByContract => red_flag::ContractId,
    /// Computed red flags of a solicitation.
    RedFlagsBySolicitation => red_flag::SolicitationId,
);

use crate::services::tallies;
pub use crate::services::tallies::SubjectKey;

/// Comment counts by (position, in an organisation's name) per subject: one `GROUP BY`.
pub struct PositionTallies {
    db: DatabaseConnection,
}

impl Loader<SubjectKey> for PositionTallies {
    type Value = Vec<(Option<Position>, bool, i64)>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[SubjectKey],
    ) -> Result<HashMap<SubjectKey, Self::Value>, Self::Error> {
        Ok(tallies::position_counts(&self.db, keys).await?)
    }
}

/// Comments posted in organisations' names per subject, oldest first.
pub struct OrganizationComments {
    db: DatabaseConnection,
}

impl Loader<SubjectKey> for OrganizationComments {
    type Value = Vec<comment::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[SubjectKey],
    ) -> Result<HashMap<SubjectKey, Self::Value>, Self::Error> {
        Ok(tallies::organization_comments(&self.db, keys).await?)
    }
}

/// Concerns per subject, most endorsed first (then oldest first).
pub struct ConcernsBySubject {
    db: DatabaseConnection,
}

impl Loader<SubjectKey> for ConcernsBySubject {
    type Value = Vec<concern::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[SubjectKey],
    ) -> Result<HashMap<SubjectKey, Self::Value>, Self::Error> {
        Ok(tallies::concerns_by_subject(&self.db, keys).await?)
    }
}

/// Organisations that co-signed each concern, in signing order.
pub struct Cosigners {
    db: DatabaseConnection,
}

impl Loader<i64> for Cosigners {
    type Value = Vec<i64>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows: Vec<(i64, i64)> = concern_cosignature::Entity::find()
            .select_only()
            .column(concern_cosignature::Column::ConcernId)
            .column(concern_cosignature::Column::OrganizationId)
            .filter(concern_cosignature::Column::ConcernId.is_in(keys.iter().copied()))
            .order_by_asc(concern_cosignature::Column::CreatedAt)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut by_concern: HashMap<i64, Self::Value> = HashMap::new();
        for (concern_id, organization_id) in rows {
            by_concern
                .entry(concern_id)
                .or_default()
                .push(organization_id);
        }
        Ok(by_concern)
    }
}

/// Which concerns the viewer endorsed (present: endorsed). Per request, for one viewer.
pub struct ViewerEndorsements {
    db: DatabaseConnection,
    viewer_id: Option<i64>,
}

impl Loader<i64> for ViewerEndorsements {
    type Value = ();
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, ()>, Self::Error> {
        let Some(viewer_id) = self.viewer_id else {
            return Ok(HashMap::new());
        };
        let endorsed: Vec<i64> = concern_endorsement::Entity::find()
            .select_only()
            .column(concern_endorsement::Column::ConcernId)
            .filter(concern_endorsement::Column::UserId.eq(viewer_id))
            .filter(concern_endorsement::Column::ConcernId.is_in(keys.iter().copied()))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(endorsed.into_iter().map(|id| (id, ())).collect())
    }
}

/// Replies to comments, oldest first; hidden and removed ones only for moderators.
pub struct Replies {
    db: DatabaseConnection,
    include_hidden: bool,
}

impl Loader<i64> for Replies {
    type Value = Vec<comment::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut select = comment::Entity::find()
            .filter(comment::Column::ParentId.is_in(keys.iter().copied()))
            .order_by_asc(comment::Column::Id);
        if !self.include_hidden {
            select = select.filter(comment::Column::Visibility.eq(Visibility::Visible));
        }
        let mut by_parent: HashMap<i64, Self::Value> = HashMap::new();
        for row in select.all(&self.db).await? {
            if let Some(parent) = row.parent_id {
                by_parent.entry(parent).or_default().push(row);
            }
        }
        Ok(by_parent)
    }
}

/// A request's DataLoaders, each made on its first use: a lookup that resolves through none pays
/// for none. Per request, because some depend on the viewer (whether hidden comments may be
/// loaded, what they endorsed), so one viewer's rows can never be served to another.
pub struct Loaders {
    db: DatabaseConnection,
    delay: Duration,
    viewer_id: Option<i64>,
    include_hidden: bool,
    slots: Slots,
}

/// A loader a request can make for itself, and where [`Loaders`] keeps its one instance.
pub trait PerRequest: Send + Sync + Sized + 'static {
    /// The request's slot for this loader.
    fn slot(slots: &Slots) -> &OnceLock<DataLoader<Self>>;
    /// A fresh loader for this request.
    fn make(request: &Loaders) -> Self;
}

impl Loaders {
    /// The loaders of one request by `viewer`, none made yet.
    pub fn new(db: &DatabaseConnection, delay: Duration, viewer: &crate::auth::Viewer) -> Self {
        Self {
            db: db.clone(),
            delay,
            viewer_id: viewer.id(),
            include_hidden: viewer.sees_hidden(),
            slots: Slots::default(),
        }
    }

    /// This request's batching DataLoader for `L`, made on first use.
    pub fn get<L: PerRequest>(&self) -> &DataLoader<L> {
        L::slot(&self.slots)
            .get_or_init(|| DataLoader::new(L::make(self), tokio::spawn).delay(self.delay))
    }

    /// A bare `L`, for keys loaded at once without a batching window.
    pub fn bare<L: PerRequest>(&self) -> L {
        L::make(self)
    }
}

macro_rules! per_request {
    (
        by_id: [$($module:ident),+ $(,)?],
        children: [$($relation:ident),+ $(,)?],
        other: [$($loader:ident => $make:expr),+ $(,)?] $(,)?
    ) => {
        /// One empty slot per loader; see [`Loaders`].
        #[derive(Default)]
        #[expect(non_snake_case, reason = "slots are named after their loader's type")]
        pub struct Slots {
            $($module: OnceLock<DataLoader<ById<$module::Entity>>>,)+
            $($relation: OnceLock<DataLoader<Children<$relation>>>,)+
            $($loader: OnceLock<DataLoader<$loader>>,)+
        }
        $(impl PerRequest for ById<$module::Entity> {
            fn slot(slots: &Slots) -> &OnceLock<DataLoader<Self>> {
                &slots.$module
            }
            fn make(request: &Loaders) -> Self {
                ById { db: request.db.clone(), entity: PhantomData }
            }
        })+
        $(impl PerRequest for Children<$relation> {
            fn slot(slots: &Slots) -> &OnceLock<DataLoader<Self>> {
                &slots.$relation
            }
            fn make(request: &Loaders) -> Self {
                Children { db: request.db.clone(), relation: PhantomData }
            }
        })+
        $(impl PerRequest for $loader {
            fn slot(slots: &Slots) -> &OnceLock<DataLoader<Self>> {
                &slots.$loader
            }
            fn make(request: &Loaders) -> Self {
                let make: fn(&Loaders) -> Self = $make;
                make(request)
            }
        })+
    };
}

per_request!(
    by_id: [
        jurisdiction,
        agency,
        body,
        official,
        vendor,
        solicitation,
        contract,
        meeting,
        agenda_item,
        user_account,
        organization,
    ],
    children: [
        AgenciesByJurisdiction,
        BodiesByJurisdiction,
        ContractsBySolicitation,
        AgendaItemsBySolicitation,
        AgendaItemsByContract,
        AgendaItemsByMeeting,
        CategoriesBySolicitation,
        DocumentsBySolicitation,
        RenewalOptionsByContract,
        AmendmentsByContract,
        IdentifiersByVendor,
        TermsByOfficial,
        TermsByBody,
        VotesByAgendaItem,
        ReachOfComment,
        RedFlagsByContract,
        RedFlagsBySolicitation,
    ],
    other: [
        PositionTallies => |r| PositionTallies { db: r.db.clone() },
        OrganizationComments => |r| OrganizationComments { db: r.db.clone() },
        ConcernsBySubject => |r| ConcernsBySubject { db: r.db.clone() },
        Cosigners => |r| Cosigners { db: r.db.clone() },
        ViewerEndorsements => |r| ViewerEndorsements { db: r.db.clone(), viewer_id: r.viewer_id },
        Replies => |r| Replies { db: r.db.clone(), include_hidden: r.include_hidden },
    ],
);
