//! RSS and Atom feeds, parsed by `feed-rs`: one article per entry.

use super::html::{html_to_text, tidy};
use super::{read_bytes, Record, Records};
use crate::article::{Article, Source};
use crate::error::InputError;
use feed_rs::model::{Entry, Text};
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
        .map_err(|e| error(e.to_string()))?;
    Ok(feed.entries)
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
    let title = entry.title.as_ref().map(text_of);
    let content = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?;
            Some(if is_plain(&c.content_type) {
                tidy(body)
            } else {
                html_to_text(body)
            })
        })
        .filter(|b| !b.is_empty());
    let body = content
        .or_else(|| entry.summary.as_ref().map(text_of))
        .unwrap_or_default();
    let mut article = Article::new(id, title, body);
    article.source = Source::record(path, number);
    article.source.link = link;
    if article.is_empty() {
        return Err(InputError::Record {
            path: path.to_string(),
            line: number,
            message: format!(
                "entry {number} has no text: its title, summary and content are all missing or empty"
            ),
        });
    }
    Ok(Record {
        article,
        label: None,
    })
}

/// A feed text construct as plain text: HTML is converted, plain text kept.
fn text_of(text: &Text) -> String {
    if is_plain(&text.content_type) {
        tidy(&text.content)
    } else {
        html_to_text(&text.content)
    }
}

/// True for `text/plain`; anything else (`text/html`, `application/xhtml+xml`) is markup.
fn is_plain(media_type: &impl AsRef<str>) -> bool {
    let essence = media_type.as_ref().split(';').next().unwrap_or_default();
    essence.trim().eq_ignore_ascii_case("text/plain")
}
