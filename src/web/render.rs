//! Page templates (`frontend/templates/`, compiled into the binary; every `.html` template
//! escapes what it prints) and the helpers they call: `t` for catalogue messages, `when`, `day`
//! and `money` for local dates and amounts, `asset` for fingerprinted files.

use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_bundle::FluentValue;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use rust_embed::RustEmbed;

use crate::web::assets;
use crate::web::i18n::Catalogue;

#[derive(RustEmbed)]
#[folder = "frontend/templates/"]
#[include = "*.html"]
struct Templates;

static ENVIRONMENT: LazyLock<Result<Environment<'static>, Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    for name in Templates::iter() {
        let Some(file) = Templates::get(&name) else {
            continue;
        };
        let source = String::from_utf8_lossy(&file.data).into_owned();
        env.add_template_owned(name.into_owned(), source)?;
    }
    env.add_function("asset", |name: &str| assets::url(name));
    env.add_filter("global_id_kind", global_id_kind);
    Ok(env)
});

fn environment() -> Result<&'static Environment<'static>, Error> {
    ENVIRONMENT
        .as_ref()
        .map_err(|err| Error::new(ErrorKind::InvalidOperation, err.to_string()))
}

/// The names of every page template, for tests.
pub fn template_names() -> Vec<String> {
    Templates::iter().map(|name| name.into_owned()).collect()
}

/// The kind a global id names (`Solicitation`), for building links from mixed lists.
fn global_id_kind(id: &str) -> String {
    crate::domain::ids::GlobalId::parse(id, "id")
        .map(|global| global.kind.name().to_owned())
        .unwrap_or_default()
}

/// Renders `name` with `context` plus the per-request helpers of `catalogue`.
pub fn render(
    name: &str,
    catalogue: &Arc<Catalogue>,
    tz: Tz,
    context: Value,
) -> Result<String, Error> {
    let helpers = helpers(catalogue, tz);
    let context = minijinja::context! { ..helpers, ..context };
    environment()?.get_template(name)?.render(context)
}

fn helpers(catalogue: &Arc<Catalogue>, tz: Tz) -> Value {
    let t = {
        let catalogue = catalogue.clone();
        move |id: &str, kwargs: Kwargs| -> Result<String, Error> {
            let mut args: Vec<(&str, FluentValue<'_>)> = Vec::new();
            let mut owned: Vec<(String, Value)> = Vec::new();
            for key in kwargs.args() {
                owned.push((key.to_owned(), kwargs.get::<Value>(key)?));
            }
            for (key, value) in &owned {
                let value = match value.as_i64() {
                    Some(number) => FluentValue::from(number),
                    None => FluentValue::from(value.to_string()),
                };
                args.push((key.as_str(), value));
            }
            Ok(catalogue.text(id, &args))
        }
    };
    let when = {
        let catalogue = catalogue.clone();
        move |at: Option<&str>, zone: Option<&str>| -> String {
            parse_time(at).map_or_else(String::new, |at| catalogue.date_time(at, zone_or(zone, tz)))
        }
    };
    let day = {
        let catalogue = catalogue.clone();
        move |at: Option<&str>, zone: Option<&str>| -> String {
            parse_time(at).map_or_else(String::new, |at| catalogue.date(at, zone_or(zone, tz)))
        }
    };
    let date = {
        let catalogue = catalogue.clone();
        move |on: Option<&str>| -> String {
            on.and_then(|on| chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").ok())
                .and_then(|on| on.and_hms_opt(12, 0, 0))
                .map_or_else(String::new, |noon| catalogue.date(noon.and_utc(), Tz::UTC))
        }
    };
    let money = {
        let catalogue = catalogue.clone();
        move |value: Value| -> String {
            let amount = value.get_attr("amount").ok().filter(|v| !v.is_undefined());
            let currency = value
                .get_attr("currency")
                .ok()
                .filter(|v| !v.is_undefined());
            match (amount, currency) {
                (Some(amount), Some(currency)) if !amount.is_none() => {
                    catalogue.money(&amount.to_string(), &currency.to_string())
                }
                _ => String::new(),
            }
        }
    };
    minijinja::context! {
        lang => catalogue.lang(),
        t => Value::from_function(t),
        when => Value::from_function(when),
        day => Value::from_function(day),
        date => Value::from_function(date),
        money => Value::from_function(money),
    }
}

fn parse_time(at: Option<&str>) -> Option<DateTime<Utc>> {
    at.and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc))
}

fn zone_or(zone: Option<&str>, fallback: Tz) -> Tz {
    zone.and_then(|zone| zone.parse().ok()).unwrap_or(fallback)
}
