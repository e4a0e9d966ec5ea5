//! RSS and Atom feeds, parsed by `feed-rs`: one article per entry.

use super::html::{checked_html_to_text, tidy};
use super::{decode, guarded, OpenOptions, Record, Records};
use crate::article::{Article, Source};
use crate::error::InputError;
use feed_rs::model::{Entry, FeedType, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};

/// Reads a feed from its bytes and streams its entries in document order.
///
/// The bytes are decoded first (byte-order mark, then the XML declaration, else UTF-8, or
/// `--encoding`), so the parser always sees UTF-8. A feed that does not parse, or on which
/// the parser panics, yields one error for the whole file; a feed with no entries yields a
/// warning. An entry with neither title nor text yields an error naming the entry; the other
/// entries are still read.
pub(super) fn read(path: &str, bytes: &[u8], options: &OpenOptions) -> Records {
    match parse(path, bytes, options) {
        Ok((entries, _, dialect)) if entries.is_empty() => {
            Box::new(std::iter::once(Err(InputError::NoEntries {
                path: path.to_string(),
                format: dialect.into(),
            })))
        }
        Ok((entries, encoding, _)) => {
            let path = path.to_string();
            Box::new(entries.into_iter().enumerate().map(move |(i, entry)| {
                let mut record = article(&path, i + 1, entry)?;
                record.article.source.encoding = encoding.clone();
                Ok(record)
            }))
        }
        Err(e) => Box::new(std::iter::once(Err(e))),
    }
}

fn parse(
    path: &str,
    bytes: &[u8],
    options: &OpenOptions,
) -> Result<(Vec<Entry>, Option<String>, &'static str), InputError> {
    let error = |message: String| InputError::Parse {
        path: path.to_string(),
        format: "RSS or Atom feed",
        message,
    };
    let trimmed = bytes.trim_ascii_start();
    let is_json = trimmed.starts_with(b"{");
    let (text, encoding) = if is_json {
        let (text, encoding) = decode::decode_text(bytes.to_vec(), options.encoding, path)?;
        (text, encoding)
    } else {
        decode::decode_markup(bytes, options.encoding, path)?
    };
    let text = if is_json {
        text
    } else {
        upgrade_old_dialects(text)
    };
    // Ids are left empty where the feed gives none, rather than made up, so a missing id
    // can fall back to the entry's link.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = guarded(|| parser.parse(text.as_bytes()))
        .map_err(|panic| InputError::ParserFailed {
            path: path.to_string(),
            parser: "feed parser",
            message: panic,
        })?
        .map_err(|e| error(describe(text.as_bytes(), e)))?;
    let dialect = match feed.feed_type {
        FeedType::Atom => "Atom feed",
        FeedType::JSON => "JSON Feed",
        FeedType::RSS0 => "RSS 0.9x feed",
        FeedType::RSS1 => "RSS 1.0 feed",
        FeedType::RSS2 => "RSS 2.0 feed",
    };
    let encoding = Some(encoding)
        .filter(|e| *e != encoding_rs::UTF_8)
        .map(|e| e.name().to_string());
    Ok((feed.entries, encoding, dialect))
}

/// Rewrites dialects the feed parser does not know into ones it does, changing no text:
/// Atom 0.3 (`xmlns="http://purl.org/atom/ns#"`, `issued`/`modified`, `mode="escaped"`)
/// becomes Atom 1.0, and RSS 0.90 (`rdf:RDF` in the Netscape namespace) RSS 1.0.
fn upgrade_old_dialects(text: String) -> String {
    const ATOM_03: &str = "http://purl.org/atom/ns#";
    const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
    let head = &text.as_bytes()[..text.len().min(4096)];
    let has = |ns: &str| head.windows(ns.len()).any(|w| w == ns.as_bytes());
    let (atom_03, rss_090) = (has(ATOM_03), has(RSS_090));
    let mut text = text;
    if atom_03 {
        text = text
            .replace(ATOM_03, "http://www.w3.org/2005/Atom")
            .replace("<issued>", "<published>")
            .replace("</issued>", "</published>")
            .replace("<modified>", "<updated>")
            .replace("</modified>", "</updated>");
    }
    if rss_090 {
        text = text.replace(RSS_090, "http://purl.org/rss/1.0/");
    }
    text
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
        .map_err(|e| error(format!("entry {number}: its title: {e}")))?
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
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
        let named = match article.id.as_str() {
            id if id == format!("{path}:{number}") => String::new(),
            id => format!(" ({id})"),
        };
        return Err(error(format!(
            "entry {number}{named} has no text: its title, summary and content are all missing or empty"
        )));
    }
    Ok(Record {
        article,
        label: None,
    })
}

/// A feed text construct as plain text, as feed readers show it: markup removed and
/// entities decoded once. Feeds escape HTML inside "plain" titles and summaries all the time
/// (`&lt;b&gt;`, `&amp;amp;`), and readers render them as HTML, so text holding a tag or an
/// entity is read as HTML too.
fn text_of(text: &Text) -> Result<String, String> {
    let content = &text.content;
    if is_plain(&text.content_type) && !content.contains(['<', '&']) {
        Ok(tidy(content))
    } else {
        checked_html_to_text(content)
    }
}

/// True for `text/plain`; anything else (`text/html`, `application/xhtml+xml`) is markup.
fn is_plain(media_type: &impl AsRef<str>) -> bool {
    let essence = media_type.as_ref().split(';').next().unwrap_or_default();
    essence.trim().eq_ignore_ascii_case("text/plain")
}
