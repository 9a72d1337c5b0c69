//! One error type for the core, one mapping at the GraphQL boundary.
//!
//! Services return [`AppError`]. Resolvers return [`GqlResult`], whose error type is deliberately
//! not `Display`: async-graphql converts *any* `Display` error into a code-less error carrying its
//! message, which would leak internals. Every error that reaches a client carries
//! `extensions.code`; internal causes are logged once here and replaced by a fixed message.

use std::sync::Arc;

use sea_orm::DbErr;

/// The closed set of failures the core can report.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{field}: {reason}")]
    Validation { field: &'static str, reason: String },
    #[error("authentication required")]
    Unauthenticated,
    #[error("verify your email address first")]
    EmailNotVerified,
    #[error("not allowed")]
    Forbidden,
    #[error("email or password is incorrect")]
    InvalidCredentials,
    #[error("too many attempts; try again in {retry_after_seconds} seconds")]
    RateLimited { retry_after_seconds: i64 },
    #[error("{0}")]
    Conflict(&'static str),
    /// The subject no longer takes this kind of input (e.g. its meeting has started).
    #[error("{0}")]
    Closed(String),
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Loader(#[from] Arc<DbErr>),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl AppError {
    /// A validation failure of one input field.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Validation {
            field,
            reason: reason.into(),
        }
    }

    /// Stable, documented codes; clients switch on these, never on messages.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "NOT_FOUND",
            Self::Validation { .. } => "BAD_USER_INPUT",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::EmailNotVerified => "EMAIL_NOT_VERIFIED",
            Self::Forbidden => "FORBIDDEN",
            Self::InvalidCredentials => "INVALID_CREDENTIALS",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Conflict(_) => "CONFLICT",
            Self::Closed(_) => "CLOSED",
            Self::Database(e) if is_unavailable(e) => UNAVAILABLE,
            Self::Loader(e) if is_unavailable(e) => UNAVAILABLE,
            Self::Database(_) | Self::Loader(_) | Self::Unexpected(_) => "INTERNAL_SERVER_ERROR",
        }
    }
}

/// The code of a request that failed because the database could not be reached (a restart, a
/// failover, a full pool): worth retrying shortly. `/graphql` answers it with 503.
pub const UNAVAILABLE: &str = "UNAVAILABLE";

/// Whether `error` means the database is out of reach rather than that the request was wrong.
pub fn is_unavailable(error: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match error {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
        Sqlx::Protocol(_) | Sqlx::Tls(_) => true,
        // Class 08 (connection exception), 57P01-57P03 (shutting down, starting up).
        Sqlx::Database(e) => e
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// The message every internal failure shows a client.
pub const INTERNAL_MESSAGE: &str = "internal server error";

/// The message of [`UNAVAILABLE`].
pub const UNAVAILABLE_MESSAGE: &str = "the service is unavailable; please try again shortly";

impl async_graphql::ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        let message = match self {
            _ if self.code() == UNAVAILABLE => {
                tracing::warn!(error = ?self, "database unreachable");
                UNAVAILABLE_MESSAGE.to_owned()
            }
            Self::Database(_) | Self::Loader(_) | Self::Unexpected(_) => {
                // The one place internal request errors are logged.
                tracing::error!(error = ?self, "request failed");
                INTERNAL_MESSAGE.to_owned()
            }
            other => other.to_string(),
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                Self::Validation { field, .. } => ext.set("field", *field),
                Self::RateLimited {
                    retry_after_seconds,
                } => ext.set("retryAfterSeconds", *retry_after_seconds),
                _ => {}
            }
        })
    }
}

/// Error type of every resolver; see the module documentation for why it is not `Display`.
#[derive(Clone)]
pub struct GqlError(async_graphql::Error);

impl<E: Into<AppError>> From<E> for GqlError {
    fn from(e: E) -> Self {
        Self(async_graphql::ErrorExtensions::extend(&e.into()))
    }
}

impl From<GqlError> for async_graphql::Error {
    fn from(e: GqlError) -> Self {
        e.0
    }
}

/// Result of every resolver.
pub type GqlResult<T> = Result<T, GqlError>;
