//! Search text: folding, tokens and safe queries for SQLite FTS5 and PostgreSQL full-text search.
//!
//! We fold and tokenise text ourselves, in Rust, instead of leaving it to the database:
//!
//! - **Identical behaviour on both engines.** FTS5 tokenisers and PostgreSQL text-search parsers
//!   disagree about accents, case, hyphens and digits. We store [`index_text`] (our folded tokens
//!   joined by single spaces) and build both engines' query strings from our own parsed tokens, so
//!   both engines (each with a plain whitespace/Unicode tokeniser) see exactly the same tokens.
//!   [`SearchQuery::matches`] applies the same rules in memory, for saved-search alerts.
//! - **Accent folding without the PostgreSQL `unaccent` extension.** [`fold`] decomposes (NFKD),
//!   lowercases and drops combining marks, so "Montréal" and "montreal" are the same token
//!   everywhere.
//!   (On FTS5, use `tokenize = "unicode61 remove_diacritics 0"` so it folds no further than we do.)
//! - **No engine syntax errors from raw input.** What a person types is never passed to the
//!   database. [`SearchQuery::parse`] keeps only letters, digits and double quotes; every other
//!   character, and every operator word (`AND`, `OR`, `NOT`, `NEAR`), is a separator or a plain
//!   word. [`SearchQuery::to_fts5`] and [`SearchQuery::to_tsquery`] quote every token.
//!
//! Words match whole tokens, except the last word typed, which matches as a prefix, "as you
//! type": `custod` finds "custodial", `library cust` finds "custodial, library". A double-quoted
//! phrase matches consecutive tokens; its last word is a prefix only while its quote is open.
//! (Only the last word, because a prefix costs the engines a merge of every token it starts:
//! PostgreSQL's GIN index cannot skip through such a merge, so `custodial services 2026` with
//! three prefixes read a million entries where whole words read a few.)

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// [`SearchQuery::parse`] reads at most this many characters of input.
pub const MAX_QUERY_CHARS: usize = 256;

/// [`SearchQuery::parse`] keeps at most this many terms.
pub const MAX_TERMS: usize = 12;

/// [`tokens`] keeps at most this many characters of each token. This keeps every token far below
/// the engines' token-size limits (PostgreSQL rejects a tsquery word over 2047 bytes). Matching is
/// as equal tokens or by prefix, so cutting both the stored and the searched tokens the same way
/// loses almost nothing.
pub const MAX_TOKEN_CHARS: usize = 64;

/// About this many characters of context come before the first match in a snippet.
const CONTEXT_CHARS: usize = 40;

/// Marks text cut off at either end of a snippet.
const ELLIPSIS: char = '…';

/// Folds text for matching: NFKD-decompose, lowercase, drop combining marks.
///
/// "Montréal" -> "montreal", "ÉCOLE" -> "ecole"; "ß" stays "ß" (as `char::to_lowercase` gives).
/// Combining marks are what `unicode_normalization::char::is_combining_mark` reports (Unicode
/// general category Mark, which includes Mn). They are dropped after lowercasing, so a lowercase
/// mapping cannot bring one back.
pub fn fold(text: &str) -> String {
    text.nfkd()
        .flat_map(char::to_lowercase)
        .filter(|&c| !is_combining_mark(c))
        .collect()
}

/// The folded tokens of a text: maximal runs of alphanumeric characters (`char::is_alphanumeric`)
/// after folding, each cut to [`MAX_TOKEN_CHARS`] characters. "C-12 Café" -> `["c", "12", "cafe"]`.
pub fn tokens(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            if current_chars < MAX_TOKEN_CHARS {
                current.push(c);
                current_chars += 1;
            }
        } else if !current.is_empty() {
            found.push(std::mem::take(&mut current));
            current_chars = 0;
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found
}

/// The text to store for indexing: the [`tokens`] joined by single spaces, so both engines, with
/// plain whitespace/Unicode tokenisers, see exactly our tokens.
pub fn index_text(text: &str) -> String {
    tokens(text).join(" ")
}

/// A reference number in the form used for storing and comparing: ASCII letters and digits
/// only, letters uppercased, so the separators people type differently do not matter:
/// "rfp 2026-014", "RFP-2026-014" and "RFP2026014" are equal.
pub fn normalize_reference(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word; matches an equal token, or, as a query's prefix term, any token that starts with
    /// it ("as you type": `custod` finds "custodial").
    Word(String),
    /// Words in double quotes: consecutive equal tokens; as a prefix term, the last token only has
    /// to start with the last word.
    Phrase(Vec<String>),
}

impl Term {
    /// The words of the term, in order.
    pub fn words(&self) -> &[String] {
        match self {
            Self::Word(word) => std::slice::from_ref(word),
            Self::Phrase(words) => words.as_slice(),
        }
    }

    /// Whether the term matches somewhere in `tokens`; with `prefix`, its last word as a prefix.
    fn matches(&self, tokens: &[String], prefix: bool) -> bool {
        let fits = |token: &String, word: &String| {
            if prefix {
                token.starts_with(word.as_str())
            } else {
                token == word
            }
        };
        match self {
            Self::Word(word) => tokens.iter().any(|token| fits(token, word)),
            Self::Phrase(words) => {
                let Some((last, leading)) = words.split_last() else {
                    return false;
                };
                tokens.windows(words.len()).any(|window| {
                    let leading_equal = window
                        .iter()
                        .zip(leading)
                        .all(|(token, word)| token == word);
                    let last_matches = window.last().is_some_and(|token| fits(token, last));
                    leading_equal && last_matches
                })
            }
        }
    }
}

/// A parsed search: what a person typed, made safe. Never fails.
///
/// Every word is a non-empty token (letters and digits only); every phrase has at least two words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    terms: Vec<Term>,
    /// Whether the last term's last word matches as a prefix: it is a word, or a phrase whose
    /// quote was left open.
    last_is_prefix: bool,
    reference: Option<String>,
}

impl SearchQuery {
    /// Parses what a person typed. Never fails; hostile input gives fewer (or no) terms.
    ///
    /// Only the first [`MAX_QUERY_CHARS`] characters count. Double quotes (straight `"` or
    /// typographic `“ ” „`, as phones type them) delimit phrases; an unclosed quote runs to the end
    /// of the input. Everything else that is not a letter or digit (`-`, `*`, `:`, `(`, `^`, `&`,
    /// `|`, `!`, `<->`, …) separates words, and `AND`, `OR`, `NOT` and `NEAR` are ordinary words.
    /// A phrase of one word becomes a [`Term::Word`], a phrase of none is dropped. Duplicate terms
    /// are dropped and at most [`MAX_TERMS`] are kept.
    ///
    /// The input is also read as a reference number; see [`SearchQuery::reference`].
    pub fn parse(raw: &str) -> Self {
        let input: String = raw.chars().take(MAX_QUERY_CHARS).collect();
        let mut terms = Vec::new();
        let mut last_is_prefix = false;
        // Splitting on quotes alternates outside (even) and inside (odd) pieces; the piece after an
        // unclosed quote is odd, so it is a phrase.
        let pieces: Vec<&str> = input.split(is_quote).collect();
        for (index, piece) in pieces.iter().enumerate() {
            let words = tokens(piece);
            if words.is_empty() {
                continue;
            }
            let quoted = index % 2 == 1;
            let still_open = quoted && index + 1 == pieces.len();
            if quoted && words.len() > 1 {
                add_term(&mut terms, Term::Phrase(words));
                last_is_prefix = still_open;
            } else {
                for word in words {
                    add_term(&mut terms, Term::Word(word));
                }
                last_is_prefix = !quoted || still_open;
            }
        }
        Self {
            terms,
            last_is_prefix,
            reference: detect_reference(&input),
        }
    }

    /// The terms, in the order typed.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Whether the term at `index` matches as a prefix (only the last one can).
    pub fn is_prefix(&self, index: usize) -> bool {
        self.last_is_prefix && index + 1 == self.terms.len()
    }

    /// Whether there is nothing to search for (no terms).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The input as a reference number (normalised by [`normalize_reference`]), if it looks like
    /// one, for matching stored reference numbers alongside the text search.
    ///
    /// The rule, applied to the input trimmed and with surrounding double quotes stripped: it has
    /// 2 to 64 characters, only ASCII letters, digits, `-`, `/`, `.`, `_`, `#` and spaces, at least
    /// one digit and at most 3 spaces; and if it has any space, at least half of its other
    /// characters are digits, `-` or `/`. So `C-12`, `RFP-2026-014`, `rfp 2026-014` and
    /// `2026/0042` are references; `parking`, `custodial services 2026` and
    /// `2026 parking contracts` are not.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// The SQLite FTS5 `MATCH` expression, or `None` when there are no terms.
    ///
    /// A word `w` is `"w"`, a phrase `a b c` is `"a b c"`, and the prefix term takes a `*` (on a
    /// phrase, that makes its last token a prefix). Terms are joined by single spaces (implicit
    /// AND). Every token is quoted, so no word is an operator.
    pub fn to_fts5(&self) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .terms
            .iter()
            .enumerate()
            .map(|(index, term)| {
                let star = if self.is_prefix(index) { "*" } else { "" };
                format!("{}{star}", fts5_string(&term.words().join(" ")))
            })
            .collect();
        Some(parts.join(" "))
    }

    /// The text for PostgreSQL `to_tsquery('simple', $1)`, or `None` when there are no terms.
    ///
    /// A word `w` is `'w'`, a phrase `a b c` is `('a' <-> 'b' <-> 'c')`, and the prefix term's last
    /// lexeme takes `:*`. Terms are joined by ` & `. Every token is quoted as a lexeme.
    pub fn to_tsquery(&self) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .terms
            .iter()
            .enumerate()
            .map(|(index, term)| {
                let mut lexemes: Vec<String> =
                    term.words().iter().map(|word| ts_lexeme(word)).collect();
                if self.is_prefix(index)
                    && let Some(last) = lexemes.last_mut()
                {
                    last.push_str(":*");
                }
                match term {
                    Term::Word(_) => lexemes.concat(),
                    Term::Phrase(_) => format!("({})", lexemes.join(" <-> ")),
                }
            })
            .collect();
        Some(parts.join(" & "))
    }

    /// Whether `text` matches, by the same rules as the engines: every term must match some
    /// [`tokens`] of the text. A word matches an equal token; a phrase, consecutive equal tokens;
    /// the prefix term's last word only has to start its token. An empty query matches nothing.
    pub fn matches(&self, text: &str) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        let text_tokens = tokens(text);
        self.terms
            .iter()
            .enumerate()
            .all(|(index, term)| term.matches(&text_tokens, self.is_prefix(index)))
    }

    /// A snippet of `text`, as written (accents kept, nothing escaped), split into matched and
    /// unmatched fragments.
    ///
    /// A word of the text (a run of letters and digits, with any combining marks) is matched when
    /// one of its tokens starts with any word of any term. The snippet is at most `max_chars`
    /// characters of the text: starting about 40 characters (at most a third of `max_chars`) before
    /// the first matched word, or at the start if nothing matches; both ends are moved to word
    /// boundaries where possible. Runs of whitespace become single spaces, and `…` marks text cut
    /// off at either end. Empty or blank text, or `max_chars` of 0, gives no fragments.
    pub fn highlight(&self, text: &str, max_chars: usize) -> Vec<Fragment> {
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() || max_chars == 0 {
            return Vec::new();
        }
        let words: Vec<&str> = self
            .terms
            .iter()
            .flat_map(Term::words)
            .map(String::as_str)
            .collect();
        let matched_runs: Vec<(usize, usize)> = word_runs(&chars)
            .into_iter()
            .filter(|&(start, end)| run_matches(&chars[start..end], &words))
            .collect();
        let first_match = matched_runs.first().map(|&(start, _)| start);
        let (start, end) = snippet_window(&chars, max_chars, first_match);
        if start >= end {
            return Vec::new();
        }

        let mut matched = vec![false; end - start];
        for &(run_start, run_end) in &matched_runs {
            let from = run_start.max(start) - start;
            let to = run_end.min(end).saturating_sub(start);
            if from < to {
                matched[from..to].fill(true);
            }
        }

        let mut fragments = Vec::new();
        let mut after_space = false;
        for (offset, &c) in chars[start..end].iter().enumerate() {
            if c.is_whitespace() {
                if !after_space {
                    push_char(&mut fragments, ' ', false);
                }
                after_space = true;
            } else {
                push_char(&mut fragments, c, matched[offset]);
                after_space = false;
            }
        }

        if chars[..start].iter().any(|c| !c.is_whitespace()) {
            match fragments.first_mut() {
                Some(first) if !first.matched => first.text.insert(0, ELLIPSIS),
                _ => fragments.insert(0, ellipsis_fragment()),
            }
        }
        if chars[end..].iter().any(|c| !c.is_whitespace()) {
            match fragments.last_mut() {
                Some(last) if !last.matched => last.text.push(ELLIPSIS),
                _ => fragments.push(ellipsis_fragment()),
            }
        }
        fragments
    }
}

/// A piece of a snippet: text as written, and whether it matched the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The text, as written (not escaped: that is the renderer's job).
    pub text: String,
    /// Whether the text is a word that matched the search.
    pub matched: bool,
}

/// Whether `c` opens or closes a phrase.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Adds `term` unless it is already there or there are already [`MAX_TERMS`].
fn add_term(terms: &mut Vec<Term>, term: Term) {
    if terms.len() < MAX_TERMS && !terms.contains(&term) {
        terms.push(term);
    }
}

/// The reference number in `input`, by the rule documented on [`SearchQuery::reference`].
fn detect_reference(input: &str) -> Option<String> {
    let candidate = input.trim().trim_matches(is_quote).trim();
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_' | '#' | ' ');
    if !candidate.chars().all(allowed) {
        return None;
    }
    // Only ASCII is left, so bytes are characters.
    let length = candidate.len();
    let spaces = candidate.bytes().filter(|&b| b == b' ').count();
    let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
    if !(2..=64).contains(&length) || digits == 0 || spaces > 3 {
        return None;
    }
    if spaces > 0 {
        let dense = candidate
            .bytes()
            .filter(|&b| b.is_ascii_digit() || b == b'-' || b == b'/')
            .count();
        if dense * 2 < length - spaces {
            return None;
        }
    }
    Some(normalize_reference(candidate))
}

/// `text` as an FTS5 string literal: in double quotes, any `"` doubled.
fn fts5_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `word` as a quoted tsquery lexeme: in single quotes, `\` escaped and `'` doubled.
fn ts_lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\\', "\\\\").replace('\'', "''"))
}

/// The words of `chars` as `(start, end)` char indices: maximal runs of alphanumeric characters
/// and combining marks (so a decomposed "é" stays inside its word).
fn word_runs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut run_start = None;
    for (index, &c) in chars.iter().enumerate() {
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        match (in_word, run_start) {
            (true, None) => run_start = Some(index),
            (false, Some(start)) => {
                runs.push((start, index));
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(start) = run_start {
        runs.push((start, chars.len()));
    }
    runs
}

/// Whether a word of the text, as written, has a token that starts with one of `words`.
fn run_matches(run: &[char], words: &[&str]) -> bool {
    if words.is_empty() {
        return false;
    }
    let run: String = run.iter().collect();
    tokens(&run)
        .iter()
        .any(|token| words.iter().any(|word| token.starts_with(*word)))
}

/// The `(start, end)` char indices of a snippet of at most `max_chars` characters, around the
/// first match if there is one, with both ends moved to word boundaries where possible and
/// surrounding whitespace left out. `chars` is not empty and `max_chars` is not 0.
fn snippet_window(chars: &[char], max_chars: usize, first_match: Option<usize>) -> (usize, usize) {
    let total = chars.len();
    let anchor = first_match.unwrap_or(0);
    let context = CONTEXT_CHARS.min(max_chars / 3);
    // Never start so late that the window would end short of the text's end.
    let mut start = anchor
        .saturating_sub(context)
        .min(total.saturating_sub(max_chars));
    if start > 0 && !chars[start - 1].is_whitespace() {
        // Inside a word: start after the next whitespace, but never after the first match.
        start = match chars[start..anchor].iter().position(|c| c.is_whitespace()) {
            Some(offset) => start + offset + 1,
            None => anchor,
        };
    }

    let mut end = start.saturating_add(max_chars).min(total);
    if end < total && !chars[end].is_whitespace() && !chars[end - 1].is_whitespace() {
        // Inside a word: end at the last whitespace, but never before the first match's first
        // character. With no whitespace to end at, cut the word.
        let floor = anchor.max(start);
        if let Some(offset) = chars[floor..end].iter().rposition(|c| c.is_whitespace())
            && offset > 0
        {
            end = floor + offset;
        }
    }

    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (start, end)
}

/// Appends `c` to the last fragment if it has the same `matched`, else starts a new fragment.
fn push_char(fragments: &mut Vec<Fragment>, c: char, matched: bool) {
    match fragments.last_mut() {
        Some(last) if last.matched == matched => last.text.push(c),
        _ => fragments.push(Fragment {
            text: c.to_string(),
            matched,
        }),
    }
}

/// An unmatched fragment holding only the ellipsis.
fn ellipsis_fragment() -> Fragment {
    Fragment {
        text: ELLIPSIS.to_string(),
        matched: false,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn word(text: &str) -> Term {
        Term::Word(text.to_owned())
    }

    fn phrase(words: &[&str]) -> Term {
        Term::Phrase(words.iter().map(|w| (*w).to_owned()).collect())
    }

    fn frag(text: &str, matched: bool) -> Fragment {
        Fragment {
            text: text.to_owned(),
            matched,
        }
    }

    /// Whether an engine string uses only the characters our quoting produces.
    fn is_engine_safe(text: &str) -> bool {
        text.chars()
            .all(|c| c.is_alphanumeric() || " \"*':&<->()".contains(c))
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Montréal"), "montreal");
        assert_eq!(fold("montreal"), "montreal");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("Montre\u{301}al"), "montreal");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("ß"), "ß");
    }

    #[test]
    fn tokens_are_folded_alphanumeric_runs() {
        assert_eq!(tokens("C-12 Café"), ["c", "12", "cafe"]);
        assert_eq!(tokens("Москва, 2026!"), ["москва", "2026"]);
        assert!(tokens("  -- *** ( ) 🔥 ").is_empty());
        assert_eq!(tokens(&"a".repeat(100)), ["a".repeat(MAX_TOKEN_CHARS)]);
        assert_eq!(
            index_text("Library  Custodial—Services\n(2026)"),
            "library custodial services 2026"
        );
        assert_eq!(index_text(""), "");
    }

    #[test]
    fn parse_words_and_phrases() {
        let query = SearchQuery::parse("\"library custodial\" services");
        assert_eq!(
            query.terms(),
            [phrase(&["library", "custodial"]), word("services")]
        );
        // Typographic quotes work like straight ones.
        assert_eq!(SearchQuery::parse("“library custodial” services"), query);
        // An unclosed quote runs to the end.
        assert_eq!(
            SearchQuery::parse("parking \"north lot").terms(),
            [word("parking"), phrase(&["north", "lot"])]
        );
        // A one-word phrase is a word; empty phrases are dropped.
        assert_eq!(
            SearchQuery::parse("\"school\" \"\" \"!!\"").terms(),
            [word("school")]
        );
        // Duplicates are dropped, after folding.
        assert_eq!(
            SearchQuery::parse("bus Bus BÚS \"bus\"").terms(),
            [word("bus")]
        );
    }

    #[test]
    fn parse_keeps_at_most_max_terms() {
        let raw: Vec<String> = (0..20).map(|n| format!("w{n}")).collect();
        let query = SearchQuery::parse(&raw.join(" "));
        assert_eq!(query.terms().len(), MAX_TERMS);
        assert_eq!(query.terms().first(), Some(&word("w0")));
        assert_eq!(query.terms().last(), Some(&word("w11")));
    }

    #[test]
    fn hostile_inputs_give_safe_strings() {
        let long = "x".repeat(10_000);
        let hostile = [
            "C-12",
            "\"unclosed",
            "a AND OR NOT",
            "***",
            "(",
            "NEAR(",
            "'; DROP TABLE contracts; --",
            "",
            "   \n\t ",
            "🔥🎉",
            "(\"a\" OR b*)^-:&|!<-> NEAR/3 col:x \\ '' \"\"",
            long.as_str(),
        ];
        for raw in hostile {
            let query = SearchQuery::parse(raw);
            assert_eq!(query.to_fts5().is_none(), query.is_empty(), "{raw:?}");
            assert_eq!(query.to_tsquery().is_none(), query.is_empty(), "{raw:?}");
            for engine in [query.to_fts5(), query.to_tsquery()].into_iter().flatten() {
                assert!(is_engine_safe(&engine), "{raw:?} gave {engine:?}");
            }
        }
        for empty in ["***", "(", "", "   \n\t ", "🔥🎉", "\"\""] {
            assert!(SearchQuery::parse(empty).is_empty(), "{empty:?}");
        }
        assert_eq!(
            SearchQuery::parse("NEAR(").to_fts5().as_deref(),
            Some("\"near\"*")
        );
        let injection = SearchQuery::parse("'; DROP TABLE contracts; --");
        assert_eq!(
            injection.to_fts5().as_deref(),
            Some("\"drop\" \"table\" \"contracts\"*")
        );
        assert_eq!(
            injection.to_tsquery().as_deref(),
            Some("'drop' & 'table' & 'contracts':*")
        );
        let long_query = SearchQuery::parse(&long);
        assert_eq!(long_query.terms(), [word(&"x".repeat(MAX_TOKEN_CHARS))]);
        assert_eq!(long_query.reference(), None);
        // Only the first 256 characters count; the word cut there still matches as a prefix.
        assert_eq!(
            SearchQuery::parse(&"a1 ".repeat(5_000)).terms(),
            [word("a1"), word("a")]
        );
    }

    #[test]
    fn operators_are_plain_words() {
        let query = SearchQuery::parse("a AND OR NOT");
        assert_eq!(
            query.to_fts5().as_deref(),
            Some("\"a\" \"and\" \"or\" \"not\"*")
        );
        assert_eq!(
            query.to_tsquery().as_deref(),
            Some("'a' & 'and' & 'or' & 'not':*")
        );
    }

    #[test]
    fn engine_strings() {
        let word_query = SearchQuery::parse("custod");
        assert_eq!(word_query.to_fts5().as_deref(), Some("\"custod\"*"));
        assert_eq!(word_query.to_tsquery().as_deref(), Some("'custod':*"));

        let mixed = SearchQuery::parse("\"library custodial\" services");
        assert_eq!(
            mixed.to_fts5().as_deref(),
            Some("\"library custodial\" \"services\"*")
        );
        assert_eq!(
            mixed.to_tsquery().as_deref(),
            Some("('library' <-> 'custodial') & 'services':*")
        );
        // A phrase last: a prefix only while its quote is open.
        let closed = SearchQuery::parse("services \"library custodial\"");
        assert_eq!(
            closed.to_fts5().as_deref(),
            Some("\"services\" \"library custodial\"")
        );
        assert_eq!(
            closed.to_tsquery().as_deref(),
            Some("'services' & ('library' <-> 'custodial')")
        );
        let open = SearchQuery::parse("\"library cust");
        assert_eq!(open.to_fts5().as_deref(), Some("\"library cust\"*"));
        assert_eq!(
            open.to_tsquery().as_deref(),
            Some("('library' <-> 'cust':*)")
        );

        let accents = SearchQuery::parse("Café C-12");
        assert_eq!(accents.to_fts5().as_deref(), Some("\"cafe\" \"c\" \"12\"*"));
        assert_eq!(
            accents.to_tsquery().as_deref(),
            Some("'cafe' & 'c' & '12':*")
        );

        assert_eq!(SearchQuery::default().to_fts5(), None);
        assert_eq!(SearchQuery::default().to_tsquery(), None);
    }

    #[test]
    fn quoting_escapes_defensively() {
        assert_eq!(fts5_string("a\"b"), "\"a\"\"b\"");
        assert_eq!(ts_lexeme("o'r\\"), "'o''r\\\\'");
    }

    #[test]
    fn words_match_by_prefix() {
        assert!(SearchQuery::parse("custod").matches("Custodial services"));
        assert!(!SearchQuery::parse("stodial").matches("Custodial services"));
        assert!(SearchQuery::parse("montreal").matches("Ville de Montréal"));
        assert!(SearchQuery::parse("Montréal").matches("MONTREAL"));
        // Every term must match; only the last word is a prefix.
        assert!(SearchQuery::parse("library cust").matches("Custodial, library"));
        assert!(!SearchQuery::parse("cust library").matches("Custodial, library"));
        assert!(SearchQuery::parse("custodial library").matches("Custodial, library"));
        assert!(!SearchQuery::parse("library parking").matches("library custodial"));
        // An empty query matches nothing.
        assert!(!SearchQuery::default().matches("anything"));
        assert!(!SearchQuery::parse("***").matches("***"));
    }

    #[test]
    fn phrases_match_consecutive_tokens() {
        let query = SearchQuery::parse("\"library custodial\"");
        assert!(query.matches("Main Library Custodial Services"));
        assert!(query.matches("library, custodial"));
        assert!(!query.matches("custodial library"));
        assert!(!query.matches("library main custodial"));
        // Only the last word is a prefix, and only while the quote is open.
        assert!(SearchQuery::parse("\"library cust").matches("library custodial"));
        assert!(!SearchQuery::parse("\"library cust\"").matches("library custodial"));
        assert!(!SearchQuery::parse("\"lib custodial").matches("library custodial"));
    }

    #[test]
    fn references() {
        let reference = |raw: &str| SearchQuery::parse(raw).reference().map(str::to_owned);
        assert_eq!(reference("C-12").as_deref(), Some("C12"));
        assert_eq!(reference(" \"C-12\" ").as_deref(), Some("C12"));
        assert_eq!(reference("RFP-2026-014").as_deref(), Some("RFP2026014"));
        assert_eq!(reference("rfp 2026-014").as_deref(), Some("RFP2026014"));
        assert_eq!(reference("2026/0042").as_deref(), Some("20260042"));
        assert_eq!(reference("parking"), None);
        assert_eq!(reference("custodial services 2026"), None);
        assert_eq!(reference("2026 parking contracts"), None);
        assert_eq!(reference("1"), None);
        assert_eq!(reference("C-12; DROP"), None);
        assert_eq!(reference("1 2 3 4 5"), None);
        assert_eq!(normalize_reference("rfp 2026-014"), "RFP2026014");
        assert_eq!(normalize_reference("RFP-2026-014"), "RFP2026014");
    }

    #[test]
    fn highlight_keeps_text_as_written() {
        let query = SearchQuery::parse("montreal");
        assert_eq!(
            query.highlight("Ville de Montréal <b> & co", 200),
            [
                frag("Ville de ", false),
                frag("Montréal", true),
                frag(" <b> & co", false)
            ]
        );
        assert_eq!(
            query.highlight("Montre\u{301}al", 50),
            [frag("Montre\u{301}al", true)]
        );
        assert_eq!(
            SearchQuery::parse("custodial").highlight("Library\n\n  custodial\tservices", 200),
            [
                frag("Library ", false),
                frag("custodial", true),
                frag(" services", false)
            ]
        );
        assert_eq!(
            SearchQuery::parse("\"library custodial\"").highlight("Main library custodial", 200),
            [
                frag("Main ", false),
                frag("library", true),
                frag(" ", false),
                frag("custodial", true)
            ]
        );
    }

    #[test]
    fn highlight_windows_around_the_first_match() {
        let text = format!(
            "{}custodial services{}",
            "alpha ".repeat(20),
            " omega".repeat(20)
        );
        assert_eq!(
            SearchQuery::parse("custod").highlight(&text, 60),
            [
                frag("…alpha alpha alpha ", false),
                frag("custodial", true),
                frag(" services omega omega omega omega…", false)
            ]
        );
        // Nothing matches: the start of the text.
        assert_eq!(
            SearchQuery::parse("zzz").highlight(&"alpha ".repeat(20), 20),
            [frag("alpha alpha alpha…", false)]
        );
        // No word boundary before the match: the window starts at the match.
        let dashes = format!("{}custodial rest", "-".repeat(100));
        assert_eq!(
            SearchQuery::parse("custodial").highlight(&dashes, 30),
            [
                frag("…", false),
                frag("custodial", true),
                frag(" rest", false)
            ]
        );
    }

    #[test]
    fn highlight_of_nothing() {
        let query = SearchQuery::parse("custodial");
        assert!(query.highlight("", 100).is_empty());
        assert!(query.highlight(" \n\t ", 100).is_empty());
        assert!(query.highlight("custodial", 0).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// Any input parses, and the engine strings hold only the characters of our quoting.
        #[test]
        fn any_input_gives_safe_engine_strings(raw in any::<String>()) {
            let query = SearchQuery::parse(&raw);
            prop_assert!(query.terms().len() <= MAX_TERMS);
            for engine in [query.to_fts5(), query.to_tsquery()].into_iter().flatten() {
                prop_assert!(is_engine_safe(&engine), "{raw:?} gave {engine:?}");
            }
        }

        /// Operator soup parses to safe engine strings too.
        #[test]
        fn operator_soup_gives_safe_engine_strings(
            raw in "([\"“”'*:()^&|!<>\\\\/-]|AND|OR|NOT|NEAR|\\PC| ){0,80}",
        ) {
            let query = SearchQuery::parse(&raw);
            for engine in [query.to_fts5(), query.to_tsquery()].into_iter().flatten() {
                prop_assert!(is_engine_safe(&engine), "{raw:?} gave {engine:?}");
            }
        }

        /// A text matches a query made of its own tokens, as words or as one phrase.
        #[test]
        fn text_matches_its_own_tokens(text in "[a-zA-Z0-9éÉçÇßøÅ ,.-]{0,60}") {
            let own = tokens(&text);
            prop_assume!(!own.is_empty());
            prop_assert!(SearchQuery::parse(&own.join(" ")).matches(&text));
            let quoted = format!("\"{}\"", own.join(" "));
            prop_assert!(SearchQuery::parse(&quoted).matches(&text));
        }

        /// Highlighting never panics and gives tidy, bounded snippets.
        #[test]
        fn highlight_is_total(
            text in "(\\PC|\\s|e\u{301}){0,400}",
            cut in 0usize..400,
            len in 0usize..12,
            max_chars in 1usize..400,
        ) {
            let typed: String = text.chars().skip(cut).take(len).collect();
            let fragments = SearchQuery::parse(&typed).highlight(&text, max_chars);
            let shown: String = fragments.iter().map(|f| f.text.as_str()).collect();
            prop_assert!(shown.chars().count() <= max_chars + 2);
            prop_assert!(!shown.contains("  "));
            prop_assert!(!shown.starts_with(' ') && !shown.ends_with(' '));
            prop_assert!(!shown.chars().any(|c| c.is_whitespace() && c != ' '));
            prop_assert!(fragments.iter().all(|f| !f.text.is_empty()));
            prop_assert!(fragments.windows(2).all(|pair| pair[0].matched != pair[1].matched));
        }
    }
}
