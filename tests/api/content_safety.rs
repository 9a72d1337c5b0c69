//! Comment bodies cannot carry script: an XSS corpus through Markdown → sanitiser, with the
//! output re-parsed as HTML and checked element by element, and the sanitiser's idempotence as
//! a property.

use contract_watch::domain::markdown::{render, sanitize};
use proptest::prelude::*;
use scraper::Html;

const CORPUS: &str = include_str!("../fixtures/xss/payloads.txt");

/// Elements the renderer may produce; anything else means the allowlist leaked.
const ALLOWED: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    // The fragment parser's own wrapper.
    "html",
    "body",
];

fn payloads() -> Vec<String> {
    CORPUS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            // `\n` is a newline and `\\` a backslash.
            let mut out = String::with_capacity(line.len());
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match (c, chars.clone().next()) {
                    ('\\', Some('n')) => {
                        out.push('\n');
                        chars.next();
                    }
                    ('\\', Some('\\')) => {
                        out.push('\\');
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            out
        })
        .collect()
}

/// Every way `html` could execute script, as a list of findings (empty when safe).
pub fn executable_parts(html: &str) -> Vec<String> {
    let mut findings = Vec::new();
    let document = Html::parse_fragment(html);
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        if !ALLOWED.contains(&name) {
            findings.push(format!("element <{name}>"));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") || attribute == "style" || attribute == "srcdoc" {
                findings.push(format!("attribute {attribute}"));
            }
            if matches!(
                attribute.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                let url = value.trim().to_ascii_lowercase();
                if !["http:", "https:", "mailto:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme))
                {
                    findings.push(format!("{attribute}={value}"));
                }
            }
        }
    }
    findings
}

#[test]
fn no_payload_in_the_corpus_renders_anything_executable() {
    let payloads = payloads();
    assert!(
        payloads.len() >= 500,
        "the corpus has {} payloads",
        payloads.len()
    );
    let mut failures = Vec::new();
    for payload in &payloads {
        let html = render(payload);
        let found = executable_parts(&html);
        if !found.is_empty() {
            failures.push(format!("{payload:?} → {html:?}: {found:?}"));
        }
        // What the renderer emits is already clean: sanitising it again changes nothing.
        assert_eq!(sanitize(&html), html, "{payload:?}");
    }
    assert!(
        failures.is_empty(),
        "{} executable outputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checker_itself_catches_what_it_should() {
    // Guard against a checker that passes everything.
    for unsafe_html in [
        "<script>alert(1)</script>",
        "<p onclick=\"x()\">a</p>",
        "<a href=\"javascript:alert(1)\">a</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">a</a>",
        "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
        "<img src=x>",
    ] {
        assert!(!executable_parts(unsafe_html).is_empty(), "{unsafe_html}");
    }
    assert!(executable_parts("<p><a href=\"https://a.example\">ok</a></p>").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// `clean(clean(x)) == clean(x)` over HTML-shaped strings.
    #[test]
    fn sanitising_twice_equals_once(
        html in r#"(<(/?)(a|p|b|script|svg|math|img|em|table|td|style|textarea|noscript)( (href|onclick|src|title)=("[^"]{0,12}"|[a-z:]{0,10}))?>|[a-z &;<>"'=:/]{0,8}){0,12}"#
    ) {
        let once = sanitize(&html);
        prop_assert_eq!(sanitize(&once), once.clone());
        prop_assert!(executable_parts(&once).is_empty(), "{} → {}", html, once);
    }

    /// And over arbitrary Markdown through the whole renderer.
    #[test]
    fn rendered_markdown_is_clean_and_stable(markdown in r#"[\[\]()!<>*_`#a-z:/ \n"'=&;]{0,60}"#) {
        let html = render(&markdown);
        prop_assert_eq!(sanitize(&html), html.clone());
        prop_assert!(executable_parts(&html).is_empty(), "{:?} → {}", markdown, html);
    }
}
