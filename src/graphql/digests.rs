//! Choices about officials' digests: a body's lead times (staff) and an official's own.

use async_graphql::{Context, ID, Object};

use crate::error::GqlResult;
use crate::graphql::context::{meta, state, viewer};
use crate::graphql::directory::{Body, Official};
use crate::services::{digest_choices, official_contact};

/// Digest choices.
#[derive(Default)]
pub struct DigestMutation;

#[Object]
impl DigestMutation {
    /// For staff of the body's jurisdiction: the days before each meeting when its members get
    /// the pre-vote digest (one to four, each 0–60, each once); null goes back to the service's
    /// default. Digests already sent are never repeated.
    async fn set_body_digest_lead_times(
        &self,
        ctx: &Context<'_>,
        body_id: ID,
        lead_days: Option<Vec<i32>>,
    ) -> GqlResult<Body> {
        Ok(Body(
            digest_choices::set_lead_times(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                &body_id,
                lead_days,
            )
            .await?,
        ))
    }

    /// For staff of the official's jurisdiction: a fresh confirmation link to the official's
    /// unconfirmed contact address (the previous link stops working). Three a day per official.
    async fn resend_contact_confirmation(
        &self,
        ctx: &Context<'_>,
        official_id: ID,
    ) -> GqlResult<Official> {
        Ok(Official(
            official_contact::resend(state(ctx), viewer(ctx), &meta(ctx), &official_id).await?,
        ))
    }

    /// For an official's own account: whether you receive pre-vote digests (your choice is shown
    /// publicly on your profile) and the weekly summary. An omitted choice stays as it is.
    async fn set_my_digest_choices(
        &self,
        ctx: &Context<'_>,
        pre_vote_digests: Option<bool>,
        weekly_summary: Option<bool>,
    ) -> GqlResult<Official> {
        Ok(Official(
            digest_choices::set_choices(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                pre_vote_digests,
                weekly_summary,
            )
            .await?,
        ))
    }
}
