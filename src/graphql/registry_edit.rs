//! Staff mutations over the registry. Each parses nothing itself: the service checks fields,
//! scope and writes the audit row.
//!
//! The inputs are the service's own (plain data with raw global ids); here they are mirrored as
//! GraphQL input objects, each lowered field by field into the service's type.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use crate::error::GqlResult;
use crate::graphql::agendas::AgendaItem;
use crate::graphql::context::{meta, state, viewer};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Agency, Body, OfficeTerm, Official, Vendor};
use crate::graphql::enums::{
    AgendaAction as AgendaActionInput, AgendaOutcome as AgendaOutcomeInput,
    BodyKind as BodyKindInput, ContractStatus as ContractStatusInput,
    MeetingStatus as MeetingStatusInput, OfficeRole as OfficeRoleInput,
    ProcurementLabel as LabelInput, ProcurementMethod as MethodInput,
    SolicitationStatus as SolicitationStatusInput, VoteChoice as VoteChoiceInput,
};
use crate::graphql::meetings::Meeting;
use crate::graphql::scalars::Date;
use crate::graphql::solicitations::Solicitation;
use crate::services::registry_edit as edit;

/// A GraphQL input value lowered into the service's plain type.
trait Lower {
    type Out;
    fn lower(self) -> Self::Out;
}

macro_rules! lower_as_is {
    ($($ty:ty),+) => {$(
        impl Lower for $ty {
            type Out = $ty;
            fn lower(self) -> $ty {
                self
            }
        }
    )+};
}
lower_as_is!(String, bool, f64, DateTime<Utc>);

/// Mirrored enums lower through the conversions `remote` generates.
macro_rules! lower_into {
    ($($ty:ty => $out:ty),+ $(,)?) => {$(
        impl Lower for $ty {
            type Out = $out;
            fn lower(self) -> $out {
                self.into()
            }
        }
    )+};
}
lower_into!(
    AgendaActionInput => entity::enums::AgendaAction,
    AgendaOutcomeInput => entity::enums::AgendaOutcome,
    BodyKindInput => entity::enums::BodyKind,
    ContractStatusInput => entity::enums::ContractStatus,
    MeetingStatusInput => entity::enums::MeetingStatus,
    OfficeRoleInput => entity::enums::OfficeRole,
    LabelInput => crate::domain::labels::Label,
    MethodInput => entity::enums::ProcurementMethod,
    SolicitationStatusInput => entity::enums::SolicitationStatus,
    VoteChoiceInput => entity::enums::VoteChoice,
);

impl Lower for ID {
    type Out = String;
    fn lower(self) -> String {
        self.0
    }
}

impl Lower for Date {
    type Out = NaiveDate;
    fn lower(self) -> NaiveDate {
        self.0
    }
}

impl<T: Lower> Lower for Option<T> {
    type Out = Option<T::Out>;
    fn lower(self) -> Self::Out {
        self.map(Lower::lower)
    }
}

impl<T: Lower> Lower for Vec<T> {
    type Out = Vec<T::Out>;
    fn lower(self) -> Self::Out {
        self.into_iter().map(Lower::lower).collect()
    }
}

/// Declares GraphQL input objects and how each lowers into its service twin, field by field.
macro_rules! inputs {
    ($(
        $(#[$meta:meta])*
        struct $name:ident => $target:path {
            $($(#[$field_meta:meta])* $field:ident: $ty:ty),* $(,)?
        }
    )+) => {$(
        $(#[$meta])*
        #[derive(InputObject)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl Lower for $name {
            type Out = $target;
            fn lower(self) -> $target {
                $target { $($field: self.$field.lower(),)* }
            }
        }
    )+};
}

inputs! {
/// Archiving: any registry row, with a reason.
struct ArchiveInput => edit::ArchiveInput {
    id: ID,
    reason: Option<String>,
}

struct AgencyInput => edit::AgencyInput {
    /// Required when creating; ignored when updating.
    jurisdiction_id: Option<ID>,
    /// Set when updating.
    agency_id: Option<ID>,
    name: String,
    acronym: Option<String>,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

struct BodyInput => edit::BodyInput {
    jurisdiction_id: Option<ID>,
    body_id: Option<ID>,
    name: String,
    kind: BodyKindInput,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

struct OfficialInput => edit::OfficialInput {
    jurisdiction_id: Option<ID>,
    official_id: Option<ID>,
    name: String,
    title: String,
    district: Option<String>,
    /// The office's address; never shown publicly. A new or changed one is sent a confirmation
    /// link, and pre-vote digests go to it once confirmed (unless an account is linked).
    contact_email: Option<String>,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

struct OfficeTermInput => edit::OfficeTermInput {
    /// Set when updating; the official and body are fixed once created.
    office_term_id: Option<ID>,
    official_id: Option<ID>,
    body_id: Option<ID>,
    role: OfficeRoleInput,
    starts_on: Date,
    ends_on: Option<Date>,
}

/// A category code: its scheme (`UNSPSC`, `NIGP`, `CPV`), the code, and what it means.
struct CategoryCodeInput => edit::CategoryCodeInput {
    scheme: String,
    code: String,
    description: Option<String>,
}

/// An external identifier: the register (`US-UEI`, `GB-COH`) and the number in it.
struct VendorIdentifierInput => edit::VendorIdentifierInput {
    scheme: String,
    identifier: String,
}

struct VendorInput => edit::VendorInput {
    vendor_id: Option<ID>,
    name: String,
    /// When given, replaces the vendor's external identifiers.
    identifiers: Option<Vec<VendorIdentifierInput>>,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

/// Labels and the in-house baseline, shared by solicitations and contracts.
#[derive(Default)]
struct LabelsInput => edit::LabelsInput {
    labels: Vec<LabelInput>,
    /// Public positions doing the work in house today (outsourcing only).
    inhouse_fte: Option<f64>,
    inhouse_annual_cost: Option<String>,
    bargaining_unit: Option<String>,
}

struct SolicitationInput => edit::SolicitationInput {
    solicitation_id: Option<ID>,
    /// Required when creating; fixed afterwards.
    agency_id: Option<ID>,
    reference_number: String,
    title: String,
    description: String,
    method: MethodInput,
    status: SolicitationStatusInput,
    estimated_value: Option<String>,
    currency: String,
    published_at: Option<DateTime<Utc>>,
    questions_due_at: Option<DateTime<Utc>>,
    bids_due_at: Option<DateTime<Utc>>,
    pre_bid_meeting_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    labels: LabelsInput,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
    /// When given, replaces the solicitation's category codes.
    categories: Option<Vec<CategoryCodeInput>>,
}

struct RenewalOptionInput => edit::RenewalOptionInput {
    period_start: Date,
    period_end: Date,
    value: Option<String>,
    decision_deadline: Date,
}

struct ContractInput => edit::ContractInput {
    contract_id: Option<ID>,
    /// Required when creating; fixed afterwards.
    agency_id: Option<ID>,
    vendor_id: ID,
    solicitation_id: Option<ID>,
    reference_number: String,
    title: String,
    description: Option<String>,
    /// The original value; amendments add to it.
    value: String,
    currency: String,
    start_date: Date,
    end_date: Date,
    max_extent_date: Option<Date>,
    status: ContractStatusInput,
    #[graphql(default)]
    labels: LabelsInput,
    /// Options to add when creating (ignored when updating; use `addRenewalOption`).
    #[graphql(default)]
    renewal_options: Vec<RenewalOptionInput>,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

struct AddSolicitationDocumentInput => edit::AddSolicitationDocumentInput {
    solicitation_id: ID,
    /// "Addendum 2: revised scope of work".
    title: String,
    /// Where the document is published (http or https).
    url: String,
    /// When it was published; now if not given.
    published_at: Option<DateTime<Utc>>,
}

struct AddRenewalOptionInput => edit::AddRenewalOptionInput {
    contract_id: ID,
    option: RenewalOptionInput,
}

struct ExerciseRenewalOptionInput => edit::ExerciseRenewalOptionInput {
    renewal_option_id: ID,
    exercised_on: Date,
    reason: Option<String>,
}

struct AddContractAmendmentInput => edit::AddContractAmendmentInput {
    contract_id: ID,
    amended_on: Date,
    /// Change in value, negative when it goes down.
    value_change: String,
    new_end_date: Option<Date>,
    description: String,
}

struct MeetingInput => edit::MeetingInput {
    meeting_id: Option<ID>,
    /// Required when creating; fixed afterwards.
    body_id: Option<ID>,
    starts_at: DateTime<Utc>,
    location: Option<String>,
    agenda_url: Option<String>,
    status: MeetingStatusInput,
    /// When updating: the `version` the edit form showed. A save over a row changed since
    /// is refused with `CONFLICT`, so nobody overwrites a change they have not seen.
    expected_version: Option<String>,
}

struct AgendaItemInput => edit::AgendaItemInput {
    agenda_item_id: Option<ID>,
    /// Required when creating; fixed afterwards.
    meeting_id: Option<ID>,
    item_number: String,
    title: String,
    action: AgendaActionInput,
    /// The solicitation this item decides, if any.
    solicitation_id: Option<ID>,
    /// The contract this item decides, if any (a renewal, extension or amendment).
    contract_id: Option<ID>,
}

struct LinkAgendaItemInput => edit::LinkAgendaItemInput {
    agenda_item_id: ID,
    /// The contract the item decides (usually from `agendaItemLinkSuggestions`).
    contract_id: ID,
}

struct VoteInput => edit::VoteInput {
    official_id: ID,
    vote: VoteChoiceInput,
}

struct RecordVotesInput => edit::RecordVotesInput {
    agenda_item_id: ID,
    outcome: AgendaOutcomeInput,
    /// One entry per official; replaces any roll call recorded before.
    votes: Vec<VoteInput>,
    reason: Option<String>,
}
}

/// What `archive` did.
#[derive(SimpleObject)]
pub struct Archived {
    pub id: ID,
    pub archived: bool,
}

/// Registry changes: staff of the record's jurisdiction, or admins. Each writes one audit row.
#[derive(Default)]
pub struct RegistryMutation;

macro_rules! ctx_args {
    ($ctx:ident) => {
        (state($ctx), viewer($ctx), &meta($ctx))
    };
}

#[Object]
impl RegistryMutation {
    /// Creates an agency (`jurisdictionId` set) or updates one (`agencyId` set).
    async fn save_agency(&self, ctx: &Context<'_>, input: AgencyInput) -> GqlResult<Agency> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Agency(edit::save_agency(s, v, m, input.lower()).await?))
    }

    /// Creates a deciding body or updates one.
    async fn save_body(&self, ctx: &Context<'_>, input: BodyInput) -> GqlResult<Body> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Body(edit::save_body(s, v, m, input.lower()).await?))
    }

    /// Creates an official or updates one. The contact address stays private.
    async fn save_official(&self, ctx: &Context<'_>, input: OfficialInput) -> GqlResult<Official> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Official(edit::save_official(s, v, m, input.lower()).await?))
    }

    /// Seats an official on a body for a term, or changes a term.
    async fn save_office_term(
        &self,
        ctx: &Context<'_>,
        input: OfficeTermInput,
    ) -> GqlResult<OfficeTerm> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(OfficeTerm(
            edit::save_office_term(s, v, m, input.lower()).await?,
        ))
    }

    /// Creates a vendor or corrects one: any staff member.
    async fn save_vendor(&self, ctx: &Context<'_>, input: VendorInput) -> GqlResult<Vendor> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Vendor(edit::save_vendor(s, v, m, input.lower()).await?))
    }

    /// Creates a solicitation or updates one, including its status, dates and labels.
    async fn save_solicitation(
        &self,
        ctx: &Context<'_>,
        input: SolicitationInput,
    ) -> GqlResult<Solicitation> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Solicitation(
            edit::save_solicitation(s, v, m, input.lower()).await?,
        ))
    }

    /// Creates a contract (with its renewal options) or updates one.
    async fn save_contract(&self, ctx: &Context<'_>, input: ContractInput) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(edit::save_contract(s, v, m, input.lower()).await?))
    }

    /// Publishes a document (an addendum) with a solicitation; its followers are alerted.
    async fn add_solicitation_document(
        &self,
        ctx: &Context<'_>,
        input: AddSolicitationDocumentInput,
    ) -> GqlResult<Solicitation> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Solicitation(
            edit::add_solicitation_document(s, v, m, input.lower()).await?,
        ))
    }

    /// Links an agenda item to the contract it decides (see `agendaItemLinkSuggestions`); the
    /// contract's followers are told it is scheduled for a vote.
    async fn link_agenda_item(
        &self,
        ctx: &Context<'_>,
        input: LinkAgendaItemInput,
    ) -> GqlResult<AgendaItem> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(AgendaItem(
            edit::link_agenda_item(s, v, m, input.lower()).await?,
        ))
    }

    /// Adds a renewal option to a contract.
    async fn add_renewal_option(
        &self,
        ctx: &Context<'_>,
        input: AddRenewalOptionInput,
    ) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(
            edit::add_renewal_option(s, v, m, input.lower()).await?,
        ))
    }

    /// Exercises a renewal option; the contract then runs to the option's period end.
    async fn exercise_renewal_option(
        &self,
        ctx: &Context<'_>,
        input: ExerciseRenewalOptionInput,
    ) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(
            edit::exercise_renewal_option(s, v, m, input.lower()).await?,
        ))
    }

    /// Records an amendment or change order.
    async fn add_contract_amendment(
        &self,
        ctx: &Context<'_>,
        input: AddContractAmendmentInput,
    ) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(
            edit::add_contract_amendment(s, v, m, input.lower()).await?,
        ))
    }

    /// Schedules a meeting or changes one (time, place, status).
    async fn save_meeting(&self, ctx: &Context<'_>, input: MeetingInput) -> GqlResult<Meeting> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Meeting(edit::save_meeting(s, v, m, input.lower()).await?))
    }

    /// Puts an item on a meeting's agenda, linked to the solicitation or contract it decides, or
    /// changes one.
    async fn save_agenda_item(
        &self,
        ctx: &Context<'_>,
        input: AgendaItemInput,
    ) -> GqlResult<AgendaItem> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(AgendaItem(
            edit::save_agenda_item(s, v, m, input.lower()).await?,
        ))
    }

    /// Records an agenda item's outcome and roll call (replacing any earlier one): one vote for
    /// each member seated on the meeting's date, `ABSENT` included.
    async fn record_votes(
        &self,
        ctx: &Context<'_>,
        input: RecordVotesInput,
    ) -> GqlResult<AgendaItem> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(AgendaItem(
            edit::record_votes(s, v, m, input.lower()).await?,
        ))
    }

    /// Archives an agency, body, official, office term, vendor, solicitation, contract, meeting
    /// or agenda item: it leaves public lists and stays reachable by id.
    async fn archive(&self, ctx: &Context<'_>, input: ArchiveInput) -> GqlResult<Archived> {
        let (s, v, m) = ctx_args!(ctx);
        let id = input.id.clone();
        edit::archive(s, v, m, input.lower()).await?;
        Ok(Archived { id, archived: true })
    }
}
