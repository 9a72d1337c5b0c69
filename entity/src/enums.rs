//! Closed vocabularies, stored as lower-case text so both databases hold the same values.

use sea_orm::entity::prelude::*;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $value)] $variant,)+
        }
    };
}

text_enum!(
    /// What kind of government a jurisdiction is.
    JurisdictionKind {
        City = "city",
        County = "county",
        State = "state",
        SchoolDistrict = "school_district",
        TransitDistrict = "transit_district",
        SpecialDistrict = "special_district",
    }
);

text_enum!(
    /// What kind of deciding body.
    BodyKind {
        Council = "council",
        Committee = "committee",
        Board = "board",
        Commission = "commission",
    }
);

text_enum!(
    /// An official's seat on a body.
    OfficeRole {
        Member = "member",
        Chair = "chair",
        ViceChair = "vice_chair",
    }
);

text_enum!(
    /// How a solicitation buys (OCDS `tender.procurementMethodDetails`).
    ProcurementMethod {
        Rfp = "rfp",
        Rfq = "rfq",
        Ifb = "ifb",
        Rfi = "rfi",
        SoleSource = "sole_source",
        Emergency = "emergency",
        Cooperative = "cooperative",
        /// Another method, or one the source did not name (imported data).
        Other = "other",
    }
);

text_enum!(
    /// Where a solicitation stands: planned → open → closed → under evaluation → awarded | cancelled.
    SolicitationStatus {
        Planned = "planned",
        Open = "open",
        Closed = "closed",
        UnderEvaluation = "under_evaluation",
        Awarded = "awarded",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Where a contract stands (OCDS `contract.status`).
    ContractStatus {
        Pending = "pending",
        Active = "active",
        Expired = "expired",
        Terminated = "terminated",
    }
);

text_enum!(
    /// Whether a meeting happens as planned.
    MeetingStatus {
        Scheduled = "scheduled",
        Held = "held",
        Postponed = "postponed",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// What an agenda item puts to a vote.
    AgendaAction {
        Award = "award",
        Renewal = "renewal",
        Extension = "extension",
        Amendment = "amendment",
        Other = "other",
    }
);

text_enum!(
    /// The decision on an agenda item.
    AgendaOutcome {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Deferred = "deferred",
        Withdrawn = "withdrawn",
    }
);

text_enum!(
    /// One official's recorded vote.
    VoteChoice {
        Yes = "yes",
        No = "no",
        Abstain = "abstain",
        Absent = "absent",
    }
);

text_enum!(
    /// Where an outbox delivery stands.
    DeliveryStatus {
        /// Waiting for its first attempt.
        Pending = "pending",
        /// Accepted by the relay.
        Sent = "sent",
        /// A transient failure; another attempt is due at `next_attempt_at`.
        Retrying = "retrying",
        /// A permanent failure or too many attempts; never retried.
        Dead = "dead",
        /// Not sent: the address bounced or the recipient unsubscribed.
        Suppressed = "suppressed",
    }
);

text_enum!(
    /// What an account may do beyond reading.
    UserRole {
        Resident = "resident",
        Staff = "staff",
        Moderator = "moderator",
        Admin = "admin",
    }
);

text_enum!(
    /// What a single-use emailed token is for.
    TokenPurpose {
        VerifyEmail = "verify_email",
        ResetPassword = "reset_password",
    }
);

text_enum!(
    /// What kind of organisation speaks.
    OrganizationKind {
        UnionLocal = "union_local",
        CommunityGroup = "community_group",
        AdvocacyGroup = "advocacy_group",
    }
);

text_enum!(
    /// A member's standing in an organisation.
    MemberRole {
        Member = "member",
        Representative = "representative",
    }
);

text_enum!(
    /// What a comment or concern is about.
    SubjectType {
        Solicitation = "solicitation",
        Contract = "contract",
        AgendaItem = "agenda_item",
    }
);

text_enum!(
    /// Where a top-level comment stands.
    Position {
        Support = "support",
        Oppose = "oppose",
        Concern = "concern",
        Question = "question",
        Neutral = "neutral",
    }
);

text_enum!(
    /// Who may see a comment.
    Visibility {
        Visible = "visible",
        /// Hidden pending review (by reports or a moderator); moderators still see it.
        Hidden = "hidden",
        /// Removed by a moderator.
        Removed = "removed",
    }
);

text_enum!(
    /// What a concern is about.
    ConcernCategory {
        WorkerRights = "worker_rights",
        Outsourcing = "outsourcing",
        Equity = "equity",
        Environment = "environment",
        Transparency = "transparency",
        Cost = "cost",
        VendorRecord = "vendor_record",
        TechnologyPrivacy = "technology_privacy",
        Other = "other",
    }
);

text_enum!(
    /// How serious a concern is, in its author's view.
    Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
);

text_enum!(
    /// Where an official answer has left a concern.
    ConcernStatus {
        Open = "open",
        Acknowledged = "acknowledged",
        Addressed = "addressed",
        Dismissed = "dismissed",
    }
);

text_enum!(
    /// Why a comment was reported.
    ReportReason {
        Abuse = "abuse",
        Spam = "spam",
        PersonalInformation = "personal_information",
        OffTopic = "off_topic",
        Other = "other",
    }
);

text_enum!(
    /// What moderation did to a comment.
    ModerationKind {
        /// Hidden automatically when enough people reported it.
        AutoHide = "auto_hide",
        Hide = "hide",
        Restore = "restore",
        Remove = "remove",
    }
);

text_enum!(
    /// What an alert subscription follows.
    AlertTarget {
        /// One solicitation, contract or agenda item.
        Subject = "subject",
        Agency = "agency",
        Body = "body",
        Vendor = "vendor",
        /// A category code (NIGP, UNSPSC, …).
        Category = "category",
        /// A keyword with `solicitations` filter fields.
        Search = "search",
        /// All outsourcing in a jurisdiction.
        Outsourcing = "outsourcing",
        /// Renewals in some agencies.
        Renewals = "renewals",
        /// An organisation's watchlist.
        Watchlist = "watchlist",
    }
);

text_enum!(
    /// How often alerts are mailed.
    AlertDelivery {
        Immediate = "immediate",
        Daily = "daily",
        Weekly = "weekly",
    }
);

text_enum!(
    /// What happened, for alerts.
    AlertEventKind {
        NewSolicitation = "new_solicitation",
        SolicitationChanged = "solicitation_changed",
        RenewalWindow = "renewal_window",
        VoteScheduled = "vote_scheduled",
        VoteRescheduled = "vote_rescheduled",
        VoteWithdrawn = "vote_withdrawn",
        VoteOutcome = "vote_outcome",
        CommentAdded = "comment_added",
        ConcernAdded = "concern_added",
        OfficialResponse = "official_response",
        WatchlistItemAdded = "watchlist_item_added",
    }
);
