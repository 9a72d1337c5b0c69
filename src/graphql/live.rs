//! Live updates: GraphQL subscriptions fed by [`crate::events`].

use async_graphql::{Context, ID, Subscription};
use futures_util::{Stream, StreamExt as _, stream};
use tokio::sync::broadcast::error::RecvError;

use crate::error::GqlResult;
use crate::events::{Event, EventKind};
use crate::graphql::comments::Comment;
use crate::graphql::concerns::Concern;
use crate::graphql::context::{state, viewer};
use crate::services::{comments, concerns, subjects};

/// The root subscription.
#[derive(Default)]
pub struct SubscriptionRoot;

/// Events of `kind` about the subject, from now on. A subscriber that falls behind skips what it
/// missed rather than ending.
async fn events_about(
    ctx: &Context<'_>,
    subject_id: &ID,
    kind: EventKind,
) -> GqlResult<impl Stream<Item = Event> + use<>> {
    let state = state(ctx);
    let (subject_kind, id) = subjects::parse(subject_id, "subjectId")?;
    subjects::load(&state.db.read, subject_kind, id).await?;
    let receiver = state.events.subscribe();
    Ok(stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                Err(RecvError::Lagged(skipped)) => {
                    tracing::warn!(skipped, "a subscriber fell behind");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
    .filter(move |event| {
        let wanted = event.kind == kind && event.concerns((subject_kind, id));
        async move { wanted }
    }))
}

#[Subscription]
impl SubscriptionRoot {
    /// Comments (and replies) posted on a subject from now on. Only comments the subscriber may
    /// see are pushed.
    async fn comment_added(
        &self,
        ctx: &Context<'_>,
        subject_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = Comment>> {
        let db = state(ctx).db.read.clone();
        let viewer = viewer(ctx).clone();
        let events = events_about(ctx, &subject_id, EventKind::CommentAdded)
            .await
            .map_err(async_graphql::Error::from)?;
        Ok(events.filter_map(move |event| {
            let (db, viewer) = (db.clone(), viewer.clone());
            async move {
                match comments::find(&db, &viewer, event.id).await {
                    Ok(row) => row.map(Comment),
                    Err(error) => {
                        tracing::warn!(%error, "could not load a pushed comment");
                        None
                    }
                }
            }
        }))
    }

    /// Concerns on a subject as they are flagged, endorsed or answered, from now on.
    async fn concern_updated(
        &self,
        ctx: &Context<'_>,
        subject_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = Concern>> {
        let db = state(ctx).db.read.clone();
        let events = events_about(ctx, &subject_id, EventKind::ConcernUpdated)
            .await
            .map_err(async_graphql::Error::from)?;
        Ok(events.filter_map(move |event| {
            let db = db.clone();
            async move {
                match concerns::find(&db, event.id).await {
                    Ok(row) => row.map(Concern),
                    Err(error) => {
                        tracing::warn!(%error, "could not load a pushed concern");
                        None
                    }
                }
            }
        }))
    }
}
