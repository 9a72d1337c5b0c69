//! [`Fetch`] over HTTP: a Legistar Web API client root such as
//! `https://webapi.legistar.com/v1/mesa`.

use chrono::NaiveDate;
use serde_json::Value;

use super::fetch::{Fetch, FetchError};

/// Reads a Legistar client's API over HTTP(S).
#[derive(Debug, Clone)]
pub struct Http {
    base: url::Url,
    client: reqwest::Client,
    since: Option<NaiveDate>,
}

impl Http {
    /// A client for `base` (the client's root, without a trailing slash), asking only for
    /// events on or after `since` when given.
    pub fn new(base: &str, since: Option<NaiveDate>) -> Result<Self, FetchError> {
        let mut base =
            url::Url::parse(base.trim_end_matches('/')).map_err(|e| FetchError::Unavailable {
                path: base.to_owned(),
                message: format!("not a URL: {e}"),
            })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(FetchError::Unavailable {
                path: base.to_string(),
                message: "only http and https URLs can be read".to_owned(),
            });
        }
        // Paths are joined onto the root as its children.
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let client = reqwest::Client::builder()
            .user_agent(concat!("contract-watch/", env!("CARGO_PKG_VERSION")))
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| FetchError::Unavailable {
                path: base.to_string(),
                message: e.to_string(),
            })?;
        Ok(Self {
            base,
            client,
            since,
        })
    }
}

#[async_trait::async_trait]
impl Fetch for Http {
    async fn get(&self, path: &str) -> Result<Option<Value>, FetchError> {
        let unavailable = |message: String| FetchError::Unavailable {
            path: path.to_owned(),
            message,
        };
        let mut url = self
            .base
            .join(path)
            .map_err(|e| unavailable(e.to_string()))?;
        if path == "events"
            && let Some(since) = self.since
        {
            url.query_pairs_mut().append_pair(
                "$filter",
                &format!("EventDate ge datetime'{}'", since.format("%Y-%m-%d")),
            );
        }
        let response = self
            .client
            .get(url)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(unavailable(format!("HTTP {}", response.status())));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| FetchError::NotJson {
                path: path.to_owned(),
                message: e.to_string(),
            })
    }
}
