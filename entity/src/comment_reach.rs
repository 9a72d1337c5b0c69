//! The digest that first carried a comment to the members of the deciding body: which archived
//! copy, to how many members, and whether the comment was quoted or counted in the tally.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "comment_reach")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub comment_id: i64,
    /// The archived copy of what the members received.
    pub archive_id: i64,
    pub meeting_id: i64,
    /// How many members it was sent to.
    pub recipients: i32,
    /// Quoted in the digest, not only counted in its tally.
    pub quoted: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
