//! Argon2id password hashes (OWASP parameters: 19 MiB, 2 passes, 1 lane), computed on the
//! blocking pool so a log-in never stalls the async runtime.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AppError;

/// The policy every new hash follows.
fn policy() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

/// A hash of a password nobody has, verified when an address has no account so that unknown and
/// known addresses cost the same time.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    policy()
        .hash_password(b"no account has this password")
        .ok()
        .map(|hash| hash.to_string())
});

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Wrong password, or no account (the caller cannot tell, and neither can a client).
    Rejected,
    /// Right password; `rehash` when the stored hash is weaker than the policy.
    Accepted { rehash: bool },
}

/// Hashes a password with the policy, off the runtime.
pub async fn hash(password: SecretString) -> Result<String, AppError> {
    blocking(move || {
        policy()
            .hash_password(password.expose_secret().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
    })
    .await
}

/// Verifies `password` against `stored` (or against the dummy hash when there is no account).
pub async fn verify(password: SecretString, stored: Option<String>) -> Result<Verdict, AppError> {
    blocking(move || {
        let known = stored.is_some();
        let Some(phc) = stored.or_else(|| DUMMY_HASH.clone()) else {
            anyhow::bail!("the dummy password hash could not be computed");
        };
        let Ok(parsed) = PasswordHash::new(&phc) else {
            tracing::error!("a stored password hash does not parse");
            return Ok(Verdict::Rejected);
        };
        let matches = Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok();
        Ok(if known && matches {
            Verdict::Accepted {
                rehash: is_weaker_than_policy(&parsed),
            }
        } else {
            Verdict::Rejected
        })
    })
    .await
}

/// Whether a hash was made with another algorithm or weaker parameters than the policy.
fn is_weaker_than_policy(hash: &PasswordHash) -> bool {
    if hash.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(hash) {
        Ok(params) => {
            params.m_cost() < Params::DEFAULT_M_COST
                || params.t_cost() < Params::DEFAULT_T_COST
                || params.p_cost() < Params::DEFAULT_P_COST
        }
        Err(_) => true,
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .await
        .map_err(|e| anyhow::anyhow!("password task failed: {e}"))?
        .map_err(AppError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash with explicit (weak) parameters, as an older policy would have stored.
    fn hash_with(password: &str, m_cost: u32, t_cost: u32) -> anyhow::Result<String> {
        let params = Params::new(m_cost, t_cost, 1, None).map_err(|e| anyhow::anyhow!("{e}"))?;
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("{e}"))
    }

    #[tokio::test]
    async fn accepts_the_right_password_and_asks_to_rehash_weak_hashes() -> anyhow::Result<()> {
        let strong = hash(SecretString::from("correct horse battery")).await?;
        assert!(strong.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let ok = verify(
            SecretString::from("correct horse battery"),
            Some(strong.clone()),
        )
        .await?;
        assert_eq!(ok, Verdict::Accepted { rehash: false });
        let wrong = verify(SecretString::from("wrong horse battery"), Some(strong)).await?;
        assert_eq!(wrong, Verdict::Rejected);
        let weak = hash_with("correct horse battery", 4096, 1)?;
        let weak_ok = verify(SecretString::from("correct horse battery"), Some(weak)).await?;
        assert_eq!(weak_ok, Verdict::Accepted { rehash: true });
        let nobody = verify(SecretString::from("no account has this password"), None).await?;
        assert_eq!(
            nobody,
            Verdict::Rejected,
            "the dummy hash never logs anyone in"
        );
        Ok(())
    }
}
