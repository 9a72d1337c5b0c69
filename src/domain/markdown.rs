//! Comment bodies: Markdown as written, rendered to HTML that is safe to insert into a page.
//!
//! Two layers. First, raw HTML in the Markdown is never passed through: pulldown-cmark's HTML
//! events become text, so `<b>` shows as typed. Images become links, so a comment cannot make
//! readers' browsers fetch a third-party URL. Second, the output goes through an ammonia
//! allowlist that has no SVG, MathML or raw-text elements (the tags the 2025–2026 ammonia
//! advisories need), allows only http, https and mailto URLs, and marks links
//! `rel="nofollow noopener noreferrer"`.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Elements a rendered comment may contain.
const TAGS: &[&str] = &[
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
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect::<HashSet<_>>())
        .link_rel(Some("nofollow noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("td", ["align"])
        .strip_comments(true);
    builder
});

/// Renders a comment's Markdown to sanitised HTML.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is shown as the text it is.
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    sanitize(&unsafe_html)
}

/// The allowlist pass, repeated until the output no longer changes: the HTML parser repairs
/// misnested markup (an `<a>` inside an `<a>`, a `<p>` inside an `<a>`), so one pass over broken
/// input can yield markup that parses differently again. Well-formed input — everything
/// [`render`] produces — settles after the first pass, and the second only confirms it.
pub fn sanitize(html: &str) -> String {
    let mut current = SANITIZER.clean(html).to_string();
    for _ in 0..4 {
        let next = SANITIZER.clean(&current).to_string();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// The plain text of a body for places that cannot show HTML (mail, notifications): the Markdown
/// as written, which is safe as text, on one line of at most `max_chars` characters, cut at a
/// word and ended with "…" when longer.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let flat: String = markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    // Room for the ellipsis; cut at the last word boundary within it (a space just after the
    // room counts), else mid-word for one long word.
    let room = max_chars.saturating_sub(1);
    let head: String = flat.chars().take(room + 1).collect();
    let cut: String = match head.rfind(' ') {
        Some(at) if at > 0 => head[..at].trim_end().to_owned(),
        _ => flat.chars().take(room).collect(),
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_links_are_marked() {
        let html = render("**Vote no** on [item 7](https://city.example/7)");
        assert_eq!(
            html,
            "<p><strong>Vote no</strong> on <a href=\"https://city.example/7\" rel=\"nofollow noopener noreferrer\">item 7</a></p>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text_and_images_become_links() {
        assert_eq!(render("<b>hi</b>"), "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n");
        let html = render("![chart](https://example.org/c.png)");
        assert!(
            html.contains("<a href=\"https://example.org/c.png\""),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn dangerous_urls_lose_their_href() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
        ] {
            let html = render(markdown);
            assert!(!html.contains("href=\"javascript"), "{markdown} → {html}");
            assert!(!html.contains("href=\"data"), "{markdown} → {html}");
            assert!(!html.contains("href=\"vbscript"), "{markdown} → {html}");
        }
    }

    #[test]
    fn excerpts_flatten_and_cut() {
        assert_eq!(excerpt("a\n\n b", 10), "a b");
        assert_eq!(excerpt("abcdefghij", 5), "abcd…");
        assert_eq!(
            excerpt("Keep custodial work in house", 15),
            "Keep custodial…"
        );
        assert_eq!(excerpt("Keep custodial work in house", 12), "Keep…");
    }
}
