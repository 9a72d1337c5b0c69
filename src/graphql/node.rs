//! The Relay `Node` interface and `node(id:)`.

use async_graphql::{Context, ID, Interface, Object};
use entity::*;

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::GqlResult;
use crate::graphql::agendas::AgendaItem;
use crate::graphql::alerts::{AlertSubscription, Watchlist};
use crate::graphql::comments::Comment;
use crate::graphql::concerns::Concern;
use crate::graphql::context::{by_id, state, viewer};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Agency, Body, Jurisdiction, Official, Vendor};
use crate::graphql::meetings::Meeting;
use crate::graphql::organizations::{Organization, User};
use crate::graphql::solicitations::Solicitation;

/// An object with a global ID, refetchable through `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global ID."))]
pub enum Node {
    Jurisdiction(Jurisdiction),
    Agency(Agency),
    Body(Body),
    Official(Official),
    Vendor(Vendor),
    Solicitation(Solicitation),
    Contract(Contract),
    Meeting(Meeting),
    AgendaItem(AgendaItem),
    User(User),
    Organization(Organization),
    Comment(Comment),
    Concern(Concern),
    Watchlist(Watchlist),
    AlertSubscription(AlertSubscription),
}

/// `node(id:)`.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global ID; empty when nothing has that ID.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> GqlResult<Option<Node>> {
        let GlobalId { kind, id } = GlobalId::parse(&id, "id")?;
        Ok(match kind {
            NodeKind::Jurisdiction => by_id::<jurisdiction::Entity>(ctx, id)
                .await?
                .map(|m| Node::Jurisdiction(Jurisdiction(m))),
            NodeKind::Agency => by_id::<agency::Entity>(ctx, id)
                .await?
                .map(|m| Node::Agency(Agency(m))),
            NodeKind::Body => by_id::<body::Entity>(ctx, id)
                .await?
                .map(|m| Node::Body(Body(m))),
            NodeKind::Official => by_id::<official::Entity>(ctx, id)
                .await?
                .map(|m| Node::Official(Official(m))),
            NodeKind::Vendor => by_id::<vendor::Entity>(ctx, id)
                .await?
                .map(|m| Node::Vendor(Vendor(m))),
            NodeKind::Solicitation => by_id::<solicitation::Entity>(ctx, id)
                .await?
                .map(|m| Node::Solicitation(Solicitation(m))),
            NodeKind::Contract => by_id::<contract::Entity>(ctx, id)
                .await?
                .map(|m| Node::Contract(Contract(m))),
            NodeKind::Meeting => by_id::<meeting::Entity>(ctx, id)
                .await?
                .map(|m| Node::Meeting(Meeting(m))),
            NodeKind::AgendaItem => by_id::<agenda_item::Entity>(ctx, id)
                .await?
                .map(|m| Node::AgendaItem(AgendaItem(m))),
            NodeKind::User => by_id::<user_account::Entity>(ctx, id)
                .await?
                .map(|m| Node::User(User(m))),
            NodeKind::Organization => by_id::<organization::Entity>(ctx, id)
                .await?
                .map(|m| Node::Organization(Organization(m))),
            // Hidden comments are nobody's business but moderators'.
            NodeKind::Comment => {
                crate::services::comments::find(&state(ctx).db.read, viewer(ctx), id)
                    .await?
                    .map(|m| Node::Comment(Comment(m)))
            }
            // Parts of a contract or an official: fetched through their parent.
            NodeKind::Concern => crate::services::concerns::find(&state(ctx).db.read, id)
                .await?
                .map(|m| Node::Concern(Concern(m))),
            NodeKind::Watchlist => crate::services::watchlists::find(&state(ctx).db.read, id)
                .await?
                .map(|m| Node::Watchlist(Watchlist(m))),
            // Only its owner sees an alert subscription.
            NodeKind::AlertSubscription => {
                crate::services::alerts::find_own(&state(ctx).db.read, viewer(ctx), id)
                    .await?
                    .map(|m| Node::AlertSubscription(AlertSubscription(m)))
            }
            NodeKind::OfficeTerm | NodeKind::RenewalOption | NodeKind::ContractAmendment => None,
        })
    }
}
