//! Access tokens: HS256 JWTs with `typ: at+jwt` and a `kid`, checked against one algorithm, the
//! configured issuer and audience, and the app's clock (so tests can move time).
//!
//! jsonwebtoken checks `exp` against the system clock; we turn that off and check `exp` and
//! `iat` against [`crate::clock::Clock`] ourselves, with the configured leeway. The claims are
//! typed (`exp: i64`), so a string `exp` fails to deserialise instead of being skipped.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::config::AuthSettings;

/// The `typ` header every access token carries (RFC 9068).
const TYP: &str = "at+jwt";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The account id, as text.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    /// The account's token version when the session began.
    pub ver: i32,
}

/// Why a presented token is refused. Never shown to clients in detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token or header")]
    Malformed,
    #[error("unknown key id")]
    UnknownKey,
    #[error("wrong token type")]
    WrongType,
    #[error("bad signature, algorithm, issuer, audience or claims")]
    Invalid,
    #[error("expired")]
    Expired,
    #[error("issued in the future")]
    NotYetValid,
}

/// The signing keys by `kid`, the current one, and the checks every token must pass.
pub struct JwtKeys {
    current: String,
    keys: HashMap<String, (EncodingKey, DecodingKey)>,
    validation: Validation,
    ttl: TimeDelta,
    leeway: TimeDelta,
    issuer: String,
    audience: String,
}

impl JwtKeys {
    pub fn from_settings(settings: &AuthSettings) -> Self {
        let keys = settings
            .keys
            .iter()
            .map(|(kid, secret)| {
                let bytes = secret.expose_secret().as_bytes();
                (
                    kid.clone(),
                    (
                        EncodingKey::from_secret(bytes),
                        DecodingKey::from_secret(bytes),
                    ),
                )
            })
            .collect();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        // Time is checked against the app's clock in `verify`.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        Self {
            current: settings.current_key_id.clone(),
            keys,
            validation,
            ttl: TimeDelta::minutes(settings.access_token_minutes),
            leeway: TimeDelta::seconds(settings.leeway_seconds),
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
        }
    }

    /// How long an access token lives.
    pub fn ttl(&self) -> TimeDelta {
        self.ttl
    }

    /// Signs an access token for `user_id` at `now` with the current key.
    pub fn issue(
        &self,
        user_id: i64,
        token_version: i32,
        now: DateTime<Utc>,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            ver: token_version,
        };
        self.sign(&self.current, &claims)
    }

    /// Signs arbitrary claims with the key `kid` (tests forge tokens with it).
    pub fn sign(&self, kid: &str, claims: &Claims) -> anyhow::Result<String> {
        let (key, _) = self
            .keys
            .get(kid)
            .ok_or_else(|| anyhow::anyhow!("no key {kid}"))?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid.to_owned());
        header.typ = Some(TYP.to_owned());
        Ok(jsonwebtoken::encode(&header, claims, key)?)
    }

    /// Checks a presented token and returns its claims.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.typ.as_deref() != Some(TYP) {
            return Err(TokenError::WrongType);
        }
        let kid = header.kid.ok_or(TokenError::UnknownKey)?;
        let (_, key) = self.keys.get(&kid).ok_or(TokenError::UnknownKey)?;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
            .map_err(|_| TokenError::Invalid)?
            .claims;
        let now = now.timestamp();
        let leeway = self.leeway.num_seconds();
        if now > claims.exp.saturating_add(leeway) {
            return Err(TokenError::Expired);
        }
        if claims.iat > now.saturating_add(leeway) {
            return Err(TokenError::NotYetValid);
        }
        Ok(claims)
    }
}
