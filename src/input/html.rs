//! HTML pages: the title and main article text, extracted readability-style by `dom_smoothie`.
//!
//! Every HTML-to-text conversion (a page's article, a feed entry's content) ends in the same
//! formatter, `dom_query`'s formatted text, followed by [`tidy`], so a page and a feed entry
//! holding the same markup yield the same text.

use super::{read_bytes, utf8, Record};
use crate::article::{id_from_path, Article, Source};
use crate::error::InputError;
use dom_smoothie::{Config, Readability, TextMode};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Reads one HTML page (`-` is stdin) as one article.
pub(super) fn read(path: &str) -> Result<Record, InputError> {
    let html = utf8(read_bytes(path)?, path, None)?;
    let source = Source::file(path);
    let (title, body) = extract(&html).map_err(|message| InputError::Parse {
        path: path.to_string(),
        format: "HTML page",
        message,
    })?;
    let article = Article {
        id: id_from_path(path),
        ..Article::new("", title, body)
    };
    if article.is_empty() {
        return Err(InputError::Empty {
            path: source.path,
            line: None,
        });
    }
    Ok(Record {
        article: Article { source, ..article },
        label: None,
    })
}

/// The title and main text of a page.
///
/// The readability extractor picks the main content and drops navigation, sidebars and
/// footers. On a page too small or too odd for it to find an article, the text of the whole
/// `<body>` is used instead, so no page with text is lost.
fn extract(html: &str) -> Result<(Option<String>, String), String> {
    // The extractor is third-party code run on untrusted input: a panic in it becomes an
    // error for this file rather than the end of the run.
    catch_unwind(AssertUnwindSafe(|| {
        let config = Config {
            text_mode: TextMode::Formatted,
            ..Config::default()
        };
        let mut readability =
            Readability::new(html, None, Some(config)).map_err(|e| e.to_string())?;
        match readability.parse() {
            Ok(article) => {
                let title = Some(tidy(&article.title)).filter(|t| !t.is_empty());
                Ok((title, tidy(&article.text_content)))
            }
            Err(_) => {
                let doc = dom_query::Document::from(html);
                let title = tidy(&doc.select("title").text());
                let body = match doc.body() {
                    Some(body) => tidy(&body.formatted_text()),
                    None => tidy(&doc.formatted_text()),
                };
                Ok((Some(title).filter(|t| !t.is_empty()), body))
            }
        }
    }))
    .unwrap_or_else(|_| Err("the HTML extractor failed on this page".to_string()))
}

/// Converts a fragment of HTML (a feed entry's summary or content) to plain text: tags
/// removed, entities decoded, paragraphs kept as blank-line-separated blocks.
///
/// ```
/// let text = hypecheck::input::html_to_text("<p>First &amp; <b>bold</b>.</p><p>Second.</p>");
/// assert_eq!(text, "First & bold.\n\nSecond.");
/// ```
pub fn html_to_text(html: &str) -> String {
    catch_unwind(AssertUnwindSafe(|| {
        tidy(&dom_query::Document::fragment(html).formatted_text())
    }))
    .unwrap_or_default()
}

/// Normalises extracted text: spaces inside lines collapsed, lines trimmed, at most one blank
/// line between paragraphs, none at either end.
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_space_and_keeps_paragraphs() {
        assert_eq!(tidy("  a   b \n\n\n\n c\n d  \n\n"), "a b\n\nc\nd");
        assert_eq!(tidy(""), "");
    }

    #[test]
    fn a_page_without_an_article_falls_back_to_its_body() {
        let (title, body) = extract(
            "<html><head><title>Short</title></head><body><p>Just one line.</p></body></html>",
        )
        .unwrap();
        assert_eq!(title.as_deref(), Some("Short"));
        assert!(body.contains("Just one line."), "{body}");
    }
}
