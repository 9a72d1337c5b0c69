//! Opaque global IDs (Relay): `base64url("Solicitation:42")`. Clients treat them as opaque;
//! the type prefix lets `node(id:)` find the right table and lets every argument check that it was
//! given the right kind of id.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::AppError;

/// Every type that has a global ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Jurisdiction,
    Agency,
    Body,
    Official,
    Vendor,
    Solicitation,
    Contract,
    Meeting,
    AgendaItem,
    OfficeTerm,
    RenewalOption,
    ContractAmendment,
    User,
    Organization,
    Comment,
    Concern,
    Watchlist,
    AlertSubscription,
}

impl NodeKind {
    const ALL: [NodeKind; 18] = [
        Self::Jurisdiction,
        Self::Agency,
        Self::Body,
        Self::Official,
        Self::Vendor,
        Self::Solicitation,
        Self::Contract,
        Self::Meeting,
        Self::AgendaItem,
        Self::OfficeTerm,
        Self::RenewalOption,
        Self::ContractAmendment,
        Self::User,
        Self::Organization,
        Self::Comment,
        Self::Concern,
        Self::Watchlist,
        Self::AlertSubscription,
    ];

    /// The GraphQL type name, which is also the id prefix.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jurisdiction => "Jurisdiction",
            Self::Agency => "Agency",
            Self::Body => "Body",
            Self::Official => "Official",
            Self::Vendor => "Vendor",
            Self::Solicitation => "Solicitation",
            Self::Contract => "Contract",
            Self::Meeting => "Meeting",
            Self::AgendaItem => "AgendaItem",
            Self::OfficeTerm => "OfficeTerm",
            Self::RenewalOption => "RenewalOption",
            Self::ContractAmendment => "Amendment",
            Self::User => "User",
            Self::Organization => "Organization",
            Self::Comment => "Comment",
            Self::Concern => "Concern",
            Self::Watchlist => "Watchlist",
            Self::AlertSubscription => "AlertSubscription",
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for NodeKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == s)
            .ok_or(())
    }
}

/// A decoded global ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalId {
    pub kind: NodeKind,
    pub id: i64,
}

impl GlobalId {
    pub fn new(kind: NodeKind, id: i64) -> Self {
        Self { kind, id }
    }

    /// The opaque string form.
    pub fn encode(self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.kind, self.id))
    }

    /// The path of the record's page in the web client (`/contracts/<id>`); records without a
    /// page of their own open through `/?item=<id>`, which finds one or says it is gone.
    pub fn page_path(self) -> String {
        let section = match self.kind {
            NodeKind::Solicitation => "solicitations",
            NodeKind::Contract => "contracts",
            NodeKind::AgendaItem => "agenda-items",
            NodeKind::Meeting => "meetings",
            NodeKind::Body => "bodies",
            NodeKind::Official => "officials",
            NodeKind::Agency => "agencies",
            NodeKind::Vendor => "vendors",
            NodeKind::Organization => "organizations",
            _ => return format!("/?item={}", self.encode()),
        };
        format!("/{section}/{}", self.encode())
    }

    /// Decodes any global ID; `field` names the input in the error.
    pub fn parse(raw: &str, field: &'static str) -> Result<Self, AppError> {
        let invalid = || AppError::invalid(field, "is not a valid ID");
        let bytes = URL_SAFE_NO_PAD
            .decode(raw.trim_end_matches('='))
            .map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (kind, id) = text.split_once(':').ok_or_else(invalid)?;
        let kind = kind.parse::<NodeKind>().map_err(|()| invalid())?;
        let id = id
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(invalid)?;
        Ok(Self { kind, id })
    }

    /// Decodes a global ID that must be of `kind`, returning the row id.
    pub fn parse_as(raw: &str, kind: NodeKind, field: &'static str) -> Result<i64, AppError> {
        let id = Self::parse(raw, field)?;
        if id.kind != kind {
            return Err(AppError::invalid(
                field,
                format!("is the ID of a {}, not of a {kind}", id.kind),
            ));
        }
        Ok(id.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for kind in NodeKind::ALL {
            let id = GlobalId::new(kind, 42);
            assert_eq!(GlobalId::parse(&id.encode(), "id").ok(), Some(id));
        }
    }

    #[test]
    fn garbage_and_wrong_kinds_are_bad_input() {
        for raw in [
            "",
            "!!!",
            "U29saWNpdGF0aW9u",
            &URL_SAFE_NO_PAD.encode("Nope:1"),
            &URL_SAFE_NO_PAD.encode("Contract:-1"),
        ] {
            let err = GlobalId::parse(raw, "id").err();
            assert!(
                matches!(err, Some(AppError::Validation { field: "id", .. })),
                "{raw:?}"
            );
        }
        let contract = GlobalId::new(NodeKind::Contract, 7).encode();
        assert!(GlobalId::parse_as(&contract, NodeKind::Solicitation, "id").is_err());
        assert_eq!(
            GlobalId::parse_as(&contract, NodeKind::Contract, "id").ok(),
            Some(7)
        );
    }
}
