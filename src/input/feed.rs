//! RSS and Atom feeds, parsed by `feed-rs`: one article per entry.

use super::html::{checked_html_to_text, tidy};
use super::{read_bytes, Record, Records};
use crate::article::{Article, Source};
use crate::error::InputError;
use feed_rs::model::{Entry, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Reads a feed (`-` is stdin) and streams its entries in document order.
///
/// A feed that does not parse yields one error for the whole file. An entry with neither
/// title nor text yields an error naming its entry number; the other entries are still read.
pub(super) fn read(path: &str) -> Records {
    match parse(path) {
        Ok(entries) => {
            let path = path.to_string();
            Box::new(
                entries
                    .into_iter()
                    .enumerate()
                    .map(move |(i, entry)| article(&path, i + 1, entry)),
            )
        }
        Err(e) => Box::new(std::iter::once(Err(e))),
    }
}

fn parse(path: &str) -> Result<Vec<Entry>, InputError> {
    let bytes = read_bytes(path)?;
    let error = |message: String| InputError::Parse {
        path: path.to_string(),
        format: "RSS or Atom feed",
        message,
    };
    // Ids are left empty where the feed gives none, rather than made up, so a missing id
    // can fall back to the entry's link.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = catch_unwind(AssertUnwindSafe(|| parser.parse(bytes.as_slice())))
        .map_err(|_| error("the feed parser failed on this file".into()))?
        .map_err(|e| error(describe(&bytes, e)))?;
    Ok(feed.entries)
}

/// Says what is wrong with a file the feed parser refused, in the reader's terms rather than
/// the parser's ("no root element" for a file that is not XML at all).
fn describe(bytes: &[u8], e: ParseFeedError) -> String {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = &text[text.len() - text.trim_ascii_start().len()..];
    if text.is_empty() {
        return "the file is empty".into();
    }
    if !matches!(text[0], b'<' | b'{') {
        let start = String::from_utf8_lossy(&text[..text.len().min(24)]);
        return format!("not XML: a feed starts with `<`, this file starts with {start:?}");
    }
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            "no complete <rss>, <feed> or <rdf:RDF> element: the file is cut short or is not a feed"
                .into()
        }
        ParseFeedError::JsonSerde(e) => format!("not XML, nor a valid JSON Feed ({e})"),
        e => e.to_string(),
    }
}

/// One entry as an article: its title, and its content (or else its summary) as plain text.
fn article(path: &str, number: usize, entry: Entry) -> Result<Record, InputError> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|l| !l.is_empty());
    let id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| link.clone())
        .unwrap_or_else(|| format!("{path}:{number}"));
    let error = |message: String| InputError::Record {
        path: path.to_string(),
        line: number,
        message,
    };
    let title = entry
        .title
        .as_ref()
        .map(text_of)
        .transpose()
        .map_err(|e| error(format!("entry {number}: its title: {e}")))?;
    let content = match entry.content.as_ref() {
        Some(c) => match c.body.as_deref() {
            Some(body) if is_plain(&c.content_type) => Some(tidy(body)),
            Some(body) => Some(
                checked_html_to_text(body)
                    .map_err(|e| error(format!("entry {number}: its content: {e}")))?,
            ),
            None => None,
        },
        None => None,
    }
    .filter(|b| !b.is_empty());
    let body = match content {
        Some(content) => content,
        None => entry
            .summary
            .as_ref()
            .map(text_of)
            .transpose()
            .map_err(|e| error(format!("entry {number}: its summary: {e}")))?
            .unwrap_or_default(),
    };
    let mut article = Article::new(id, title, body);
    article.source = Source::record(path, number);
    article.source.link = link;
    if article.is_empty() {
        return Err(error(format!(
            "entry {number} has no text: its title, summary and content are all missing or empty"
        )));
    }
    Ok(Record {
        article,
        label: None,
    })
}

/// A feed text construct as plain text: HTML is converted, plain text kept.
fn text_of(text: &Text) -> Result<String, String> {
    if is_plain(&text.content_type) {
        Ok(tidy(&text.content))
    } else {
        checked_html_to_text(&text.content)
    }
}

/// True for `text/plain`; anything else (`text/html`, `application/xhtml+xml`) is markup.
fn is_plain(media_type: &impl AsRef<str>) -> bool {
    let essence = media_type.as_ref().split(';').next().unwrap_or_default();
    essence.trim().eq_ignore_ascii_case("text/plain")
}
