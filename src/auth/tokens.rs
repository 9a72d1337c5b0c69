//! Opaque secrets handed to people (refresh, verification, reset and unsubscribe tokens): 256
//! random bits, base64url, and only their SHA-256 is stored. A hash is enough for values this
//! random; nothing can be guessed from a leaked table.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// A new 256-bit token, base64url without padding (43 characters).
pub fn random_token() -> String {
    random_base64url(32)
}

/// `bytes` random bytes from the thread's CSPRNG (seeded by the operating system), base64url.
pub fn random_base64url(bytes: usize) -> String {
    let mut buffer = vec![0_u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

/// What the database keeps of a token: its SHA-256, base64url.
pub fn token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// A hex SHA-256 of any bytes (audit digests, throttle keys that must not hold an address).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Equality that takes the same time wherever the inputs first differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
