//! Templates for mail and for the few server-rendered pages, compiled into the binary. Names that
//! end in `.html` are HTML-escaped automatically: everything interpolated into them is escaped.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior, Value};

/// (name, source) of the layouts and pages.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "mail/layout.html",
        include_str!("../templates/mail/layout.html.j2"),
    ),
    (
        "mail/layout.txt",
        include_str!("../templates/mail/layout.txt.j2"),
    ),
    (
        "pages/layout.html",
        include_str!("../templates/pages/layout.html.j2"),
    ),
    (
        "pages/unsubscribe.html",
        include_str!("../templates/pages/unsubscribe.html.j2"),
    ),
    (
        "pages/account.html",
        include_str!("../templates/pages/account.html.j2"),
    ),
];

/// A mail template's folder: `subject.txt`, `body.txt` and `body.html`.
macro_rules! mail {
    ($name:literal) => {
        [
            (
                concat!("mail/", $name, "/subject.txt"),
                include_str!(concat!("../templates/mail/", $name, "/subject.txt.j2")),
            ),
            (
                concat!("mail/", $name, "/body.txt"),
                include_str!(concat!("../templates/mail/", $name, "/body.txt.j2")),
            ),
            (
                concat!("mail/", $name, "/body.html"),
                include_str!(concat!("../templates/mail/", $name, "/body.html.j2")),
            ),
        ]
    };
}

/// Every mail template, as (name, source) for its subject, text and HTML bodies.
const MAIL: &[[(&str, &str); 3]] = &[
    mail!("test"),
    mail!("verify_email"),
    mail!("account_exists"),
    mail!("email_changed"),
    mail!("password_reset"),
    mail!("comment_moderated"),
    mail!("comment_reach"),
    mail!("alert"),
    mail!("alert_digest"),
    mail!("official_contact"),
    mail!("official_digest"),
    mail!("official_summary"),
];

static ENVIRONMENT: LazyLock<Result<Environment<'static>, minijinja::Error>> =
    LazyLock::new(|| {
        let mut env = Environment::new();
        // A misspelt variable is an error when printed, not an empty string in someone's inbox.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        for (name, source) in TEMPLATES.iter().chain(MAIL.iter().flatten()) {
            env.add_template(name, source)?;
        }
        Ok(env)
    });

fn environment() -> Result<&'static Environment<'static>, minijinja::Error> {
    ENVIRONMENT.as_ref().map_err(|err| {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, err.to_string())
    })
}

/// Renders one template.
pub fn render(name: &str, context: &Value) -> Result<String, minijinja::Error> {
    environment()?.get_template(name)?.render(context)
}

/// A message's three parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `mail/<message>/subject.txt`, `body.txt` and `body.html`.
pub fn render_mail(message: &str, context: &Value) -> Result<RenderedMail, minijinja::Error> {
    let subject = render(&format!("mail/{message}/subject.txt"), context)?;
    Ok(RenderedMail {
        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        text: render(&format!("mail/{message}/body.txt"), context)?,
        html: render(&format!("mail/{message}/body.html"), context)?,
    })
}

/// A server-rendered page whose URL carries a secret token: never cached, never sent onward as a
/// referrer, forms post only to this site.
pub fn page_response(
    name: &str,
    context: &Value,
    status: poem::http::StatusCode,
) -> poem::Response {
    use poem::IntoResponse as _;
    match render(name, context) {
        Ok(html) => poem::web::Html(html)
            .with_status(status)
            .with_header("Referrer-Policy", "no-referrer")
            .with_header(
                "Content-Security-Policy",
                "default-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            )
            .with_header("Cache-Control", "no-store")
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, page = name, "page failed to render");
            poem::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::*;

    #[test]
    fn every_template_compiles() -> anyhow::Result<()> {
        let env = environment()?;
        for (name, _) in TEMPLATES.iter().chain(MAIL.iter().flatten()) {
            env.get_template(name)?;
        }
        Ok(())
    }

    #[test]
    fn interpolated_text_is_escaped_in_html_and_kept_in_text() -> anyhow::Result<()> {
        let context = context! {
            name => "<script>alert('x')</script>",
            app_url => "https://watch.example",
            unsubscribe_url => (),
        };
        let mail = render_mail("test", &context)?;
        assert!(!mail.html.contains("<script>"), "{}", mail.html);
        assert!(mail.html.contains("&lt;script&gt;"), "{}", mail.html);
        assert!(mail.text.contains("<script>alert('x')</script>"));
        Ok(())
    }
}
