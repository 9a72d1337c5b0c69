//! Static files (`frontend/static/`): one stylesheet and one small script, served under a name
//! that carries a hash of their content (`/static/app.3f9a1c2e.css`), so they are cached for a
//! year and a new build is fetched at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{IntoResponse as _, Response, handler};
use rust_embed::RustEmbed;

use crate::auth::tokens::sha256_hex;

#[derive(RustEmbed)]
#[folder = "frontend/static/"]
struct Static;

/// One file: its fingerprinted name, bytes and type.
struct Asset {
    served_as: String,
    bytes: Vec<u8>,
    mime: &'static str,
}

static ASSETS: LazyLock<HashMap<String, Asset>> = LazyLock::new(|| {
    Static::iter()
        .filter_map(|name| {
            let file = Static::get(&name)?;
            let bytes = file.data.into_owned();
            let hash = sha256_hex(&bytes);
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            let mime = match ext {
                "css" => "text/css; charset=utf-8",
                "js" => "text/javascript; charset=utf-8",
                "svg" => "image/svg+xml",
                "png" => "image/png",
                "ico" => "image/x-icon",
                _ => "application/octet-stream",
            };
            let served_as = format!("{stem}.{}.{ext}", &hash[..10]);
            Some((
                name.into_owned(),
                Asset {
                    served_as,
                    bytes,
                    mime,
                },
            ))
        })
        .collect()
});

/// The URL of a static file, fingerprinted; an unknown name gives an URL that 404s.
pub fn url(name: &str) -> String {
    ASSETS.get(name).map_or_else(
        || format!("/static/{name}"),
        |asset| format!("/static/{}", asset.served_as),
    )
}

/// The bytes of a static file by its plain name, for budgets in tests.
pub fn bytes(name: &str) -> Option<&'static [u8]> {
    ASSETS.get(name).map(|asset| asset.bytes.as_slice())
}

/// `GET /static/{name}`: a fingerprinted file, cached for a year.
#[handler]
pub fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.values().find(|asset| asset.served_as == name) {
        Some(asset) => Response::builder()
            .content_type(asset.mime)
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .body(asset.bytes.clone()),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
