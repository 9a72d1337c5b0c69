//! A tiny browser over the test client: it keeps cookies, sends forms as a browser would
//! (urlencoded, same-origin) and reads pages with `scraper`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use poem::http::StatusCode;
use scraper::{Html, Selector};

use crate::helpers::TestApp;

/// A page as a browser received it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: poem::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The value of attribute `attr` of the first element matching `selector`.
    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_owned))
    }

    /// The form token of the page.
    pub fn csrf(&self) -> String {
        self.attr("input[name=csrf_token]", "value")
            .unwrap_or_else(|| panic!("no form token in {}", self.body))
    }

    /// All visible text, whitespace folded.
    pub fn text(&self) -> String {
        self.texts("body").join(" ")
    }
}

/// One browser: its own cookies.
pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: Mutex<BTreeMap<String, String>>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    async fn read(&self, response: poem::test::TestResponse) -> Page {
        let headers = response.0.headers().clone();
        for set in headers.get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let expired = set.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
            let mut cookies = self.cookies.lock().unwrap();
            if expired {
                cookies.remove(name);
            } else {
                cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.0.status();
        let location = headers
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let body = response.0.into_body().into_string().await.unwrap();
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// A GET with extra request headers (`accept-language`, …).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self
            .app
            .client
            .get(path)
            .header("cookie", self.cookie_header())
            .header("sec-fetch-site", "same-origin");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await;
        self.read(response).await
    }

    /// Follows a 303 after a form post.
    pub async fn follow(&self, page: &Page) -> Page {
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        self.get(page.location.as_deref().unwrap()).await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_with(path, fields, &[("sec-fetch-site", "same-origin")])
            .await
    }

    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request = self
            .app
            .client
            .post(path)
            .content_type("application/x-www-form-urlencoded")
            .header("cookie", self.cookie_header());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.body(body).send().await;
        self.read(response).await
    }

    /// Posts a `multipart/form-data` form, as a browser sends a file upload: `fields`, then
    /// the file under `file` with its name.
    pub async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        (file_name, content): (&str, Vec<u8>),
    ) -> Page {
        let mut form = poem::test::TestForm::new();
        for (name, value) in fields {
            form = form.text(*name, *value);
        }
        form = form.field(
            poem::test::TestFormField::bytes(content)
                .name("file")
                .filename(file_name),
        );
        let response = self
            .app
            .client
            .post(path)
            .header("cookie", self.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .multipart(form)
            .send()
            .await;
        self.read(response).await
    }

    /// Signs in through the form; panics unless it redirects.
    pub async fn sign_in(&self, email: &str, password: &str) {
        let form = self.get("/sign-in").await;
        let done = self
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &form.csrf()),
                    ("email", email),
                    ("password", password),
                    ("return_to", "/"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
}

/// What every page must have: status, one `h1`, a title, `lang`, the site navigation, a
/// strict CSP.
pub fn assert_page_shape(page: &Page, status: StatusCode, path: &str) {
    assert_eq!(page.status, status, "{path}: {}", page.body);
    assert_eq!(page.texts("h1").len(), 1, "{path}: one h1");
    let title = page.texts("title").join("");
    assert!(
        title.ends_with("– Contract Watch") && title.len() > 20,
        "{path}: title {title}"
    );
    assert_eq!(page.attr("html", "lang").as_deref(), Some("en"), "{path}");
    assert!(
        page.attr("a.site-header__title", "href").is_some(),
        "{path}: navigation"
    );
    assert!(
        page.attr("a.skip-link", "href").is_some(),
        "{path}: skip link"
    );
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
}
