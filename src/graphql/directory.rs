//! Who is who: jurisdictions, agencies, bodies, officials, vendors.

use async_graphql::{Context, ID, Object, SimpleObject};
use entity::{
    agency as agency_row, body as body_row, jurisdiction as jurisdiction_row, office_term,
    official as official_row, vendor as vendor_row,
};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::GqlResult;
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{children, page, required, state, today, viewer, wants_total};
use crate::graphql::enums::{BodyKind, JurisdictionKind, OfficeRole};
use crate::graphql::loaders::{
    AgenciesByJurisdiction, BodiesByJurisdiction, IdentifiersByVendor, TermsByBody, TermsByOfficial,
};
use crate::graphql::scalars::Date;
use crate::services::{digest_choices, directory};

/// The global ID of a row.
pub fn global_id(kind: NodeKind, id: i64) -> ID {
    GlobalId::new(kind, id).encode().into()
}

/// Parses an optional ID argument of a given kind.
pub fn optional_id(raw: Option<ID>, kind: NodeKind, field: &'static str) -> GqlResult<Option<i64>> {
    Ok(raw
        .map(|id| GlobalId::parse_as(&id, kind, field))
        .transpose()?)
}

/// A government: city, county, state, school, transit or special district.
pub struct Jurisdiction(pub jurisdiction_row::Model);

#[Object]
impl Jurisdiction {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Jurisdiction, self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> JurisdictionKind {
        self.0.kind.into()
    }
    /// IANA time zone in which this jurisdiction's dates are shown, e.g. `America/Chicago`.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
    /// Its buying departments, by name.
    async fn agencies(&self, ctx: &Context<'_>) -> GqlResult<Vec<Agency>> {
        let mut rows = children::<AgenciesByJurisdiction>(ctx, self.0.id).await?;
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows.into_iter().map(Agency).collect())
    }
    /// Its deciding bodies, by name.
    async fn bodies(&self, ctx: &Context<'_>) -> GqlResult<Vec<Body>> {
        let mut rows = children::<BodiesByJurisdiction>(ctx, self.0.id).await?;
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(rows.into_iter().map(Body).collect())
    }
}

/// A department that buys.
pub struct Agency(pub agency_row::Model);

#[Object]
impl Agency {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Agency, self.0.id)
    }
    /// The row's current state as an opaque token: an edit form sends it back as
    /// `expectedVersion`, so a save over someone else's change is refused.
    async fn version(&self) -> String {
        crate::services::audit::digest(&self.0)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn acronym(&self) -> Option<&str> {
        self.0.acronym.as_deref()
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> GqlResult<Jurisdiction> {
        Ok(Jurisdiction(
            required::<jurisdiction_row::Entity>(ctx, self.0.jurisdiction_id).await?,
        ))
    }
}

/// A deciding body: council, committee, board or commission.
pub struct Body(pub body_row::Model);

#[Object]
impl Body {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Body, self.0.id)
    }
    /// The row's current state as an opaque token: an edit form sends it back as
    /// `expectedVersion`, so a save over someone else's change is refused.
    async fn version(&self) -> String {
        crate::services::audit::digest(&self.0)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> BodyKind {
        self.0.kind.into()
    }
    /// Days before each meeting when its members get the pre-vote digest, longest first: the
    /// body's own (`setBodyDigestLeadTimes`), else the service's.
    async fn digest_lead_days(&self, ctx: &Context<'_>) -> Vec<i32> {
        digest_choices::lead_times(&self.0, &state(ctx).settings.digests.lead_days)
            .into_iter()
            .map(|d| i32::try_from(d).unwrap_or(i32::MAX))
            .collect()
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> GqlResult<Jurisdiction> {
        Ok(Jurisdiction(
            required::<jurisdiction_row::Entity>(ctx, self.0.jurisdiction_id).await?,
        ))
    }
    /// Seats on this body; by default only terms that include today.
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] current_only: bool,
    ) -> GqlResult<Vec<OfficeTerm>> {
        let today = today(ctx);
        let terms = children::<TermsByBody>(ctx, self.0.id).await?;
        Ok(terms
            .into_iter()
            .filter(|term| term.archived_at.is_none())
            .filter(|term| {
                !current_only
                    || (term.starts_on <= today && term.ends_on.is_none_or(|end| end >= today))
            })
            .map(OfficeTerm)
            .collect())
    }
}

/// An elected or appointed member of a body. Contact details are not public.
pub struct Official(pub official_row::Model);

#[Object]
impl Official {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Official, self.0.id)
    }
    /// The row's current state as an opaque token, for edit forms (`expectedVersion`): staff
    /// only, as it covers the private contact address.
    async fn version(&self, ctx: &Context<'_>) -> Option<String> {
        crate::graphql::context::viewer(ctx)
            .staff_of(self.0.jurisdiction_id)
            .is_ok()
            .then(|| crate::services::audit::digest(&self.0))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// E.g. "Council Member", "Mayor".
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn district(&self) -> Option<&str> {
        self.0.district.as_deref()
    }
    /// Whether this official receives the pre-vote digests: their own choice, shown publicly.
    async fn receives_pre_vote_digests(&self) -> bool {
        self.0.pre_vote_digests
    }
    /// When the official last changed that choice; null if never.
    async fn pre_vote_digests_chosen_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.digest_choice_at
    }
    /// Whether digests can reach the official's contact address: it is entered and its owner has
    /// confirmed it. Shown to the official's own account and to staff of the jurisdiction; null
    /// for everyone else.
    async fn contact_address_confirmed(&self, ctx: &Context<'_>) -> Option<bool> {
        self.own_or_staff(ctx)
            .then_some(self.0.contact_email.is_some() && self.0.contact_email_verified_at.is_some())
    }
    /// The office's contact address, where digests go once confirmed. Shown to the official's
    /// own account and to staff of the jurisdiction (to keep it right); null for everyone else.
    async fn contact_email(&self, ctx: &Context<'_>) -> Option<&str> {
        if self.own_or_staff(ctx) {
            self.0.contact_email.as_deref()
        } else {
            None
        }
    }
    /// Whether the official has opted into the weekly summary. Shown to the official's own
    /// account and to staff of the jurisdiction; null for everyone else.
    async fn receives_weekly_summary(&self, ctx: &Context<'_>) -> Option<bool> {
        self.own_or_staff(ctx).then_some(self.0.weekly_summary)
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> GqlResult<Jurisdiction> {
        Ok(Jurisdiction(
            required::<jurisdiction_row::Entity>(ctx, self.0.jurisdiction_id).await?,
        ))
    }
    /// Every seat this official has held, oldest first.
    async fn terms(&self, ctx: &Context<'_>) -> GqlResult<Vec<OfficeTerm>> {
        Ok(children::<TermsByOfficial>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(OfficeTerm)
            .collect())
    }
}

impl Official {
    /// Whether the viewer is the official's own account or staff of the jurisdiction.
    fn own_or_staff(&self, ctx: &Context<'_>) -> bool {
        let viewer = viewer(ctx);
        viewer
            .user()
            .is_ok_and(|me| me.official_id == Some(self.0.id))
            || viewer.staff_of(self.0.jurisdiction_id).is_ok()
    }
}

/// An official's seat on a body for a period.
pub struct OfficeTerm(pub office_term::Model);

#[Object]
impl OfficeTerm {
    /// For `saveOfficeTerm` and `archive`.
    async fn id(&self) -> ID {
        global_id(NodeKind::OfficeTerm, self.0.id)
    }
    async fn official(&self, ctx: &Context<'_>) -> GqlResult<Official> {
        Ok(Official(
            required::<official_row::Entity>(ctx, self.0.official_id).await?,
        ))
    }
    async fn body(&self, ctx: &Context<'_>) -> GqlResult<Body> {
        Ok(Body(
            required::<body_row::Entity>(ctx, self.0.body_id).await?,
        ))
    }
    async fn role(&self) -> OfficeRole {
        self.0.role.into()
    }
    async fn starts_on(&self) -> Date {
        self.0.starts_on.into()
    }
    /// Empty while the term runs without a set end.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date)
    }
}

/// A supplier.
pub struct Vendor(pub vendor_row::Model);

/// An external identifier of a vendor (OCDS `identifier`).
#[derive(SimpleObject)]
pub struct VendorIdentifier {
    /// The register, e.g. `US-UEI` or `GB-COH`.
    pub scheme: String,
    pub identifier: String,
}

#[Object]
impl Vendor {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Vendor, self.0.id)
    }
    /// The row's current state as an opaque token: an edit form sends it back as
    /// `expectedVersion`, so a save over someone else's change is refused.
    async fn version(&self) -> String {
        crate::services::audit::digest(&self.0)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn identifiers(&self, ctx: &Context<'_>) -> GqlResult<Vec<VendorIdentifier>> {
        Ok(children::<IdentifiersByVendor>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(|row| VendorIdentifier {
                scheme: row.scheme,
                identifier: row.identifier,
            })
            .collect())
    }
}

/// Directory lists.
#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// Jurisdictions, by name.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn jurisdictions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Jurisdiction>> {
        let page = page(ctx, first, after)?;
        let rows = directory::jurisdictions(&state(ctx).db.read, page, wants_total(ctx)).await?;
        Ok(connection(rows, Jurisdiction))
    }

    /// Agencies, by name.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Agency>> {
        let jurisdiction_id =
            optional_id(jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        let page = page(ctx, first, after)?;
        let rows =
            directory::agencies(&state(ctx).db.read, jurisdiction_id, page, wants_total(ctx))
                .await?;
        Ok(connection(rows, Agency))
    }

    /// Deciding bodies, by name.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn bodies(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Body>> {
        let jurisdiction_id =
            optional_id(jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        let page = page(ctx, first, after)?;
        let rows =
            directory::bodies(&state(ctx).db.read, jurisdiction_id, page, wants_total(ctx)).await?;
        Ok(connection(rows, Body))
    }

    /// Officials, by name; `bodyId` keeps those who have held a seat on that body.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn officials(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: Option<ID>,
        body_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Official>> {
        let jurisdiction_id =
            optional_id(jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        let body_id = optional_id(body_id, NodeKind::Body, "bodyId")?;
        let page = page(ctx, first, after)?;
        let rows = directory::officials(
            &state(ctx).db.read,
            jurisdiction_id,
            body_id,
            page,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(rows, Official))
    }

    /// Vendors, by name; `nameContains` matches case-insensitively.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn vendors(
        &self,
        ctx: &Context<'_>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Vendor>> {
        let page = page(ctx, first, after)?;
        let rows =
            directory::vendors(&state(ctx).db.read, name_contains, page, wants_total(ctx)).await?;
        Ok(connection(rows, Vendor))
    }
}
