//! Who is asking: passwords, access tokens, opaque single-use and refresh tokens, and the viewer
//! every resolver checks.

pub mod jwt;
pub mod password;
pub mod tokens;
pub mod viewer;

pub use jwt::JwtKeys;
pub use viewer::{RequestMeta, Viewer};
