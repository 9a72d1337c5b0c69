//! Staff mutations over the registry. Each parses nothing itself: the service checks fields,
//! scope and writes the audit row.

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::error::GqlResult;
use crate::graphql::agendas::AgendaItem;
use crate::graphql::context::{meta, state, viewer};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Agency, Body, OfficeTerm, Official, Vendor};
use crate::graphql::meetings::Meeting;
use crate::graphql::solicitations::Solicitation;
use crate::services::registry_edit::{self as edit, *};

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
        Ok(Agency(edit::save_agency(s, v, m, input).await?))
    }

    /// Creates a deciding body or updates one.
    async fn save_body(&self, ctx: &Context<'_>, input: BodyInput) -> GqlResult<Body> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Body(edit::save_body(s, v, m, input).await?))
    }

    /// Creates an official or updates one. The contact address stays private.
    async fn save_official(&self, ctx: &Context<'_>, input: OfficialInput) -> GqlResult<Official> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Official(edit::save_official(s, v, m, input).await?))
    }

    /// Seats an official on a body for a term, or changes a term.
    async fn save_office_term(
        &self,
        ctx: &Context<'_>,
        input: OfficeTermInput,
    ) -> GqlResult<OfficeTerm> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(OfficeTerm(edit::save_office_term(s, v, m, input).await?))
    }

    /// Creates a vendor or corrects one: any staff member.
    async fn save_vendor(&self, ctx: &Context<'_>, input: VendorInput) -> GqlResult<Vendor> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Vendor(edit::save_vendor(s, v, m, input).await?))
    }

    /// Creates a solicitation or updates one, including its status, dates and labels.
    async fn save_solicitation(
        &self,
        ctx: &Context<'_>,
        input: SolicitationInput,
    ) -> GqlResult<Solicitation> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Solicitation(edit::save_solicitation(s, v, m, input).await?))
    }

    /// Creates a contract (with its renewal options) or updates one.
    async fn save_contract(&self, ctx: &Context<'_>, input: ContractInput) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(edit::save_contract(s, v, m, input).await?))
    }

    /// Publishes a document (an addendum) with a solicitation; its followers are alerted.
    async fn add_solicitation_document(
        &self,
        ctx: &Context<'_>,
        input: AddSolicitationDocumentInput,
    ) -> GqlResult<Solicitation> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Solicitation(
            edit::add_solicitation_document(s, v, m, input).await?,
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
        Ok(AgendaItem(edit::link_agenda_item(s, v, m, input).await?))
    }

    /// Adds a renewal option to a contract.
    async fn add_renewal_option(
        &self,
        ctx: &Context<'_>,
        input: AddRenewalOptionInput,
    ) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(edit::add_renewal_option(s, v, m, input).await?))
    }

    /// Exercises a renewal option; the contract then runs to the option's period end.
    async fn exercise_renewal_option(
        &self,
        ctx: &Context<'_>,
        input: ExerciseRenewalOptionInput,
    ) -> GqlResult<Contract> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Contract(
            edit::exercise_renewal_option(s, v, m, input).await?,
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
            edit::add_contract_amendment(s, v, m, input).await?,
        ))
    }

    /// Schedules a meeting or changes one (time, place, status).
    async fn save_meeting(&self, ctx: &Context<'_>, input: MeetingInput) -> GqlResult<Meeting> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(Meeting(edit::save_meeting(s, v, m, input).await?))
    }

    /// Puts an item on a meeting's agenda, linked to the solicitation or contract it decides, or
    /// changes one.
    async fn save_agenda_item(
        &self,
        ctx: &Context<'_>,
        input: AgendaItemInput,
    ) -> GqlResult<AgendaItem> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(AgendaItem(edit::save_agenda_item(s, v, m, input).await?))
    }

    /// Records an agenda item's outcome and roll call (replacing any earlier one).
    async fn record_votes(
        &self,
        ctx: &Context<'_>,
        input: RecordVotesInput,
    ) -> GqlResult<AgendaItem> {
        let (s, v, m) = ctx_args!(ctx);
        Ok(AgendaItem(edit::record_votes(s, v, m, input).await?))
    }

    /// Archives an agency, body, official, office term, vendor, solicitation, contract, meeting
    /// or agenda item: it leaves public lists and stays reachable by id.
    async fn archive(&self, ctx: &Context<'_>, input: ArchiveInput) -> GqlResult<Archived> {
        let (s, v, m) = ctx_args!(ctx);
        let id = input.id.clone();
        edit::archive(s, v, m, input).await?;
        Ok(Archived { id, archived: true })
    }
}
