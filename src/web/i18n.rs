//! The message catalogue: every word a person reads on a page comes from the Fluent files of
//! `frontend/locales/<lang>/`, so offering Spanish or French is a folder to translate. Dates, times and
//! money are formatted here from catalogue patterns, in the jurisdiction's time zone.
//!
//! A person's choice of language is kept in a cookie; otherwise `Accept-Language` decides, and
//! English is the fallback for any message a translation lacks.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Datelike as _, Timelike as _, Utc};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "frontend/locales/"]
#[include = "*/*.ftl"]
struct Locales;

/// The language every message exists in.
pub const FALLBACK: &str = "en";

/// One language's messages, with English behind it.
pub struct Catalogue {
    lang: String,
    bundles: Vec<Arc<FluentBundle<FluentResource>>>,
}

static BUNDLES: LazyLock<HashMap<String, Arc<FluentBundle<FluentResource>>>> =
    LazyLock::new(|| {
        let mut bundles: HashMap<String, FluentBundle<FluentResource>> = HashMap::new();
        // One folder per language (`en/`), any number of `.ftl` files in it.
        for file in Locales::iter() {
            let Some((lang, _)) = file.split_once('/') else {
                continue;
            };
            let Some(content) = Locales::get(&file) else {
                continue;
            };
            let source = String::from_utf8_lossy(&content.data).into_owned();
            let resource = match FluentResource::try_new(source) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    tracing::error!(%file, ?errors, "message catalogue has syntax errors");
                    resource
                }
            };
            let bundle = bundles.entry(lang.to_owned()).or_insert_with(|| {
                let id: LanguageIdentifier = lang.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Pages declare their language and direction; isolation marks would only leak
                // invisible characters into attributes and copied text.
                bundle.set_use_isolating(false);
                bundle
            });
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(%file, ?errors, "message catalogue has duplicate messages");
            }
        }
        bundles
            .into_iter()
            .map(|(lang, bundle)| (lang, Arc::new(bundle)))
            .collect()
    });

/// The languages offered, fallback first.
pub fn languages() -> Vec<&'static str> {
    let mut langs: Vec<&'static str> = BUNDLES.keys().map(String::as_str).collect();
    langs.sort_by_key(|lang| (*lang != FALLBACK, *lang));
    langs
}

/// The languages offered as (code, its own name), for the language form on every page: worked
/// out once.
pub fn offered() -> &'static [(&'static str, String)] {
    static OFFERED: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
        languages()
            .into_iter()
            .map(|lang| (lang, Catalogue::new(lang).text("language-name", &[])))
            .collect()
    });
    &OFFERED
}

/// The offered language for a cookie's choice or an `Accept-Language` header, else English.
pub fn negotiate(choice: Option<&str>, accept_language: Option<&str>) -> &'static str {
    let offered = languages();
    let pick = |tag: &str| {
        let primary = tag.split(['-', '_']).next().unwrap_or_default().trim();
        offered
            .iter()
            .copied()
            .find(|lang| lang.eq_ignore_ascii_case(primary))
    };
    if let Some(lang) = choice.and_then(pick) {
        return lang;
    }
    let mut ranked: Vec<(f32, &str)> = accept_language
        .unwrap_or_default()
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            Some((quality, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked
        .into_iter()
        .find_map(|(_, tag)| pick(tag))
        .unwrap_or(FALLBACK)
}

impl Catalogue {
    /// The catalogue of `lang` (one of [`languages`]).
    pub fn new(lang: &str) -> Self {
        let mut bundles = Vec::with_capacity(2);
        bundles.extend(BUNDLES.get(lang).cloned());
        if lang != FALLBACK {
            bundles.extend(BUNDLES.get(FALLBACK).cloned());
        }
        Self {
            lang: lang.to_owned(),
            bundles,
        }
    }

    /// The page language, for `<html lang>`.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The message `id` with `args`; a missing message shows its id (and is logged) rather
    /// than failing the page.
    pub fn text(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        for bundle in &self.bundles {
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, ?errors, "message formatted with errors");
            }
            return text.into_owned();
        }
        tracing::warn!(id, lang = %self.lang, "missing message");
        id.to_owned()
    }

    /// "Tuesday 1 December 2026" in `tz`.
    pub fn date(&self, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        self.text(
            "format-date",
            &[
                (
                    "weekday",
                    self.text(
                        &format!("weekday-{}", local.weekday().number_from_monday()),
                        &[],
                    )
                    .into(),
                ),
                ("day", local.day().into()),
                (
                    "month",
                    self.text(&format!("month-{}", local.month()), &[]).into(),
                ),
                ("year", local.year().into()),
            ],
        )
    }

    /// "6:30 pm" in `tz`.
    pub fn time(&self, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        let (pm, hour12) = local.hour12();
        self.text(
            "format-time",
            &[
                ("hour24", local.hour().into()),
                ("hour12", hour12.into()),
                ("minute", format!("{:02}", local.minute()).into()),
                ("pm", if pm { "pm" } else { "am" }.into()),
            ],
        )
    }

    /// "Tuesday 1 December 2026, 6:30 pm" in `tz`.
    pub fn date_time(&self, at: DateTime<Utc>, tz: Tz) -> String {
        self.text(
            "format-date-time",
            &[
                ("date", self.date(at, tz).into()),
                ("time", self.time(at, tz).into()),
            ],
        )
    }

    /// An amount given as the API's exact decimal string: "$1.2 million" from a million up,
    /// "$48,500" below (cents only when there are some).
    pub fn money(&self, amount: &str, currency: &str) -> String {
        let symbol = self.text(&format!("currency-{currency}"), &[]);
        let symbol = if symbol.starts_with("currency-") {
            format!("{currency} ")
        } else {
            symbol
        };
        let (negative, amount) = amount
            .strip_prefix('-')
            .map_or((false, amount), |rest| (true, rest));
        let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
        let whole = whole.trim_start_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        let sign = if negative { "-" } else { "" };
        let digits = whole.len();
        if digits > 6 {
            let (scale_id, scale_digits) = if digits > 9 {
                ("money-billions", 9)
            } else {
                ("money-millions", 6)
            };
            let head = &whole[..digits - scale_digits];
            let tenth = &whole[digits - scale_digits..digits - scale_digits + 1];
            let number = if tenth == "0" {
                self.group(head)
            } else {
                format!(
                    "{}{}{tenth}",
                    self.group(head),
                    self.text("number-decimal", &[])
                )
            };
            return self.text(
                scale_id,
                &[
                    ("sign", sign.into()),
                    ("symbol", symbol.into()),
                    ("number", number.into()),
                ],
            );
        }
        let mut number = self.group(whole);
        if !fraction.trim_end_matches('0').is_empty() {
            number = format!("{number}{}{fraction}", self.text("number-decimal", &[]));
        }
        self.text(
            "money",
            &[
                ("sign", sign.into()),
                ("symbol", symbol.into()),
                ("number", number.into()),
            ],
        )
    }

    /// Digits grouped by thousands with the language's separator.
    fn group(&self, digits: &str) -> String {
        let separator = self.text("number-group", &[]);
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(&separator);
            }
            grouped.push(digit);
        }
        grouped
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    #[test]
    fn english_dates_times_and_money_read_plainly() {
        let en = Catalogue::new("en");
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 0, 30, 0).unwrap();
        let chicago: Tz = "America/Chicago".parse().unwrap();
        assert_eq!(
            en.date_time(at, chicago),
            "Tuesday 1 December 2026, 6:30 pm"
        );
        assert_eq!(en.money("1250000.00", "USD"), "$1.2 million");
        assert_eq!(en.money("3000000000.00", "USD"), "$3 billion");
        assert_eq!(en.money("48500.00", "USD"), "$48,500");
        assert_eq!(en.money("12.50", "USD"), "$12.50");
        assert_eq!(en.money("-12000.00", "CAD"), "-CA$12,000");
        assert_eq!(en.money("900.00", "XYZ"), "XYZ 900");
    }

    #[test]
    fn french_dates_times_and_money_read_as_in_quebec() {
        let fr = Catalogue::new("fr");
        let at = Utc.with_ymd_and_hms(2026, 12, 2, 0, 30, 0).unwrap();
        let chicago: Tz = "America/Chicago".parse().unwrap();
        // No-break spaces before units and symbols, a narrow one between thousands.
        assert_eq!(
            fr.date_time(at, chicago),
            "mardi 1er décembre 2026 à 18\u{a0}h\u{a0}30"
        );
        assert_eq!(fr.money("1250000.00", "USD"), "1,2\u{a0}M$\u{a0}US");
        assert_eq!(fr.money("48500.00", "USD"), "48\u{202f}500\u{a0}$\u{a0}US");
        assert_eq!(fr.money("12.50", "CAD"), "12,50\u{a0}$");
        assert_eq!(fr.lang(), "fr");
        assert_eq!(negotiate(None, Some("fr-CA,fr;q=0.9,en;q=0.5")), "fr");
    }

    #[test]
    fn the_choice_beats_the_browser_and_english_is_the_fallback() {
        assert_eq!(negotiate(Some("en"), Some("fr-CA,fr;q=0.9")), "en");
        assert_eq!(negotiate(None, Some("de-DE,de;q=0.9")), "en");
        assert_eq!(negotiate(Some("xx"), None), "en");
        assert_eq!(negotiate(None, Some("*;q=0.1,en-GB;q=0.8")), "en");
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        assert_eq!(
            Catalogue::new("en").text("no-such-message", &[]),
            "no-such-message"
        );
    }
}
