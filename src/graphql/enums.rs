//! GraphQL enums. Each mirrors a stored vocabulary (`remote`), so conversions are generated and a
//! new stored value cannot be forgotten here.

use async_graphql::Enum;

/// What kind of government a jurisdiction is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::JurisdictionKind")]
pub enum JurisdictionKind {
    City,
    County,
    State,
    SchoolDistrict,
    TransitDistrict,
    SpecialDistrict,
}

/// What kind of deciding body.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BodyKind")]
pub enum BodyKind {
    Council,
    Committee,
    Board,
    Commission,
}

/// An official's seat on a body.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::OfficeRole")]
pub enum OfficeRole {
    Member,
    Chair,
    ViceChair,
}

/// How a solicitation buys.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ProcurementMethod")]
pub enum ProcurementMethod {
    /// Request for proposals.
    Rfp,
    /// Request for quotations.
    Rfq,
    /// Invitation for bids.
    Ifb,
    /// Request for information.
    Rfi,
    /// One vendor, no competition.
    SoleSource,
    /// Emergency purchase without the usual competition.
    Emergency,
    /// Buying through another government's contract (piggyback).
    Cooperative,
    /// Another method, or one the source did not name (imported data).
    Other,
}

/// Where a solicitation stands: planned → open → closed → under evaluation → awarded | cancelled.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SolicitationStatus")]
pub enum SolicitationStatus {
    Planned,
    Open,
    Closed,
    UnderEvaluation,
    Awarded,
    Cancelled,
}

/// Where a contract stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ContractStatus")]
pub enum ContractStatus {
    Pending,
    Active,
    Expired,
    Terminated,
}

/// Whether a meeting happens as planned.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MeetingStatus")]
pub enum MeetingStatus {
    Scheduled,
    Held,
    Postponed,
    Cancelled,
}

/// What an agenda item puts to a vote.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AgendaAction")]
pub enum AgendaAction {
    Award,
    Renewal,
    Extension,
    Amendment,
    Other,
}

/// The decision on an agenda item.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AgendaOutcome")]
pub enum AgendaOutcome {
    Pending,
    Approved,
    Rejected,
    Deferred,
    Withdrawn,
}

/// One official's recorded vote.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::VoteChoice")]
pub enum VoteChoice {
    Yes,
    No,
    Abstain,
    Absent,
}

/// Structured equity facts about a solicitation or contract.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::domain::labels::Label")]
pub enum ProcurementLabel {
    /// Moves work now done by public employees to a contractor.
    Outsourcing,
    Technology,
    ArtificialIntelligence,
    AutomatedDecisions,
    Surveillance,
    PrevailingWage,
    LivingWage,
    ProjectLaborAgreement,
    LaborPeace,
    EnvironmentalCriteria,
    LocalBusinessGoal,
    MinorityWomenOwnedBusinessGoal,
}

/// What an account may do beyond reading.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::UserRole")]
pub enum UserRole {
    /// Follows, comments and flags concerns (the default).
    Resident,
    /// Procurement staff or clerk of one jurisdiction: edits its registry.
    Staff,
    /// Reviews reported content.
    Moderator,
    /// Runs the service: roles, officials, organisations, the audit log.
    Admin,
}

/// What kind of organisation.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::OrganizationKind")]
pub enum OrganizationKind {
    UnionLocal,
    CommunityGroup,
    AdvocacyGroup,
}

/// A member's standing in an organisation.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MemberRole")]
pub enum MemberRole {
    Member,
    /// Adds members and speaks in the organisation's name.
    Representative,
}

/// Where a top-level comment stands on its subject.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Position")]
pub enum Position {
    Support,
    Oppose,
    /// Worried, without opposing outright.
    Concern,
    Question,
    Neutral,
}

/// Who may see a comment. Only moderators ever see anything but `VISIBLE`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Visibility")]
pub enum Visibility {
    Visible,
    /// Hidden pending review.
    Hidden,
    Removed,
}

/// What a concern is about.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConcernCategory")]
pub enum ConcernCategory {
    WorkerRights,
    Outsourcing,
    Equity,
    Environment,
    Transparency,
    Cost,
    VendorRecord,
    TechnologyPrivacy,
    Other,
}

/// How serious a concern is, in its author's view.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Severity")]
pub enum Severity {
    Low,
    Medium,
    High,
}

/// Where official answers have left a concern.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConcernStatus")]
pub enum ConcernStatus {
    Open,
    Acknowledged,
    Addressed,
    Dismissed,
}

/// Why a comment was reported.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ReportReason")]
pub enum ReportReason {
    Abuse,
    Spam,
    /// It exposes someone's personal information.
    PersonalInformation,
    OffTopic,
    Other,
}

/// What moderation did to a comment.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ModerationKind")]
pub enum ModerationKind {
    /// Hidden pending review because enough people reported it.
    AutoHide,
    Hide,
    Restore,
    Remove,
}

/// What an alert subscription follows.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AlertTarget")]
pub enum AlertTargetKind {
    Subject,
    Agency,
    Body,
    Vendor,
    Category,
    Search,
    Outsourcing,
    Renewals,
    Watchlist,
}

/// How often alerts are mailed: at once, or gathered into a morning digest (local time).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AlertDelivery")]
pub enum AlertDelivery {
    Immediate,
    Daily,
    Weekly,
}

/// What happened, in an item's timeline.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AlertEventKind")]
pub enum TimelineEventKind {
    NewSolicitation,
    SolicitationChanged,
    /// A contract's renewal decision came within 180, 90 or 30 days.
    RenewalWindow,
    VoteScheduled,
    VoteRescheduled,
    VoteWithdrawn,
    VoteOutcome,
    CommentAdded,
    ConcernAdded,
    OfficialResponse,
    WatchlistItemAdded,
}
