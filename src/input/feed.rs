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
                format: dialect,
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
) -> Result<(Vec<Entry>, Option<String>, String), InputError> {
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
    let (text, rss_version) = if is_json {
        (text, None)
    } else {
        let (text, rss_version) = upgrade_rss_version(upgrade_old_dialects(close_last_tag(text)));
        (rss_dublin_core(atom_text_types(text)), rss_version)
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
    let dialect = match (feed.feed_type, rss_version) {
        (FeedType::RSS2, Some(Some(version))) => format!("RSS {version} feed"),
        (FeedType::RSS2, Some(None)) => "RSS feed (no version given)".to_string(),
        (FeedType::Atom, _) => "Atom feed".to_string(),
        (FeedType::JSON, _) => "JSON Feed".to_string(),
        (FeedType::RSS0, _) => "RSS 0.9x feed".to_string(),
        (FeedType::RSS1, _) => "RSS 1.0 feed".to_string(),
        (FeedType::RSS2, _) => "RSS 2.0 feed".to_string(),
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

/// Supplies the `>` of a feed's last end tag when the file stops just before it
/// (`…</entry>\n</feed`), as feed readers do; a file cut short anywhere else is left alone.
fn close_last_tag(mut text: String) -> String {
    let end = text.trim_end().len();
    let last = text[..end].rfind("</").map(|i| &text[i + 2..end]);
    let cut = last.is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
    });
    if cut {
        text.truncate(end);
        text.push('>');
    }
    text
}

/// The root element's start tag (`<rss version="0.94">`): its byte range, after any XML
/// declaration, processing instructions, comments and doctype (with an internal subset).
fn root_tag(text: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let skipped = rest.len() - rest.trim_start().len();
        at += skipped;
        let rest = &text[at..];
        let end = if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            // A doctype, whose internal subset (`[ … ]`) may hold `>`.
            let close = rest.find('>')?;
            match rest[..close].find('[') {
                Some(open) => {
                    let subset_end = open + rest[open..].find(']')?;
                    subset_end + rest[subset_end..].find('>')? + 1
                }
                None => close + 1,
            }
        } else if rest.starts_with('<') {
            return Some(at..at + rest.find('>')? + 1);
        } else {
            return None;
        };
        at += end;
    }
}

/// Rewrites an `<rss>` root whose `version` the feed parser does not dispatch on (none, or
/// `0.93`, `0.94`, `2.0.1`, `3.0`) to version 2.0, whose parser reads every RSS 0.9x/2.x
/// element. Returns the text and, when it was rewritten, the version the feed gave (`None`
/// for none), so the report names the dialect as the feed does.
fn upgrade_rss_version(text: String) -> (String, Option<Option<String>>) {
    let Some(range) = root_tag(&text) else {
        return (text, None);
    };
    let tag = &text[range.clone()];
    let is_rss = tag
        .strip_prefix("<rss")
        .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'));
    if !is_rss {
        return (text, None);
    }
    let version = decode::attribute(tag, "version");
    // Items straight under `<rss>`, or no channel at all: the channel the parser needs is
    // supplied (a feed reader reads such items; an `<rss>` with nothing is an empty feed).
    let tag_end = range.end;
    let close = text.rfind("</rss");
    let no_channel = !text[tag_end..].contains("<channel") && !tag.ends_with("/>");
    if matches!(version.map(str::trim), Some("2.0" | "" | "0.91" | "0.92")) {
        let mut text = text;
        if let (true, Some(close)) = (no_channel, close.filter(|c| *c >= tag_end)) {
            text.insert_str(close, "</channel>");
            text.insert_str(tag_end, "<channel>");
        }
        return (text, None);
    }
    let given = version.map(|v| v.trim().to_string());
    let value = version.map(|v| {
        let start = range.start + (v.as_ptr() as usize - tag.as_ptr() as usize);
        start..start + v.len()
    });
    let mut text = text;
    if let (true, Some(close)) = (no_channel, close.filter(|c| *c >= tag_end)) {
        text.insert_str(close, "</channel>");
        text.insert_str(tag_end, "<channel>");
    }
    match value {
        Some(value) => text.replace_range(value, "2.0"),
        None => text.insert_str(range.start + 4, " version=\"2.0\""),
    }
    (text, Some(given))
}

/// RSS 2.0 items that give their title or description only as Dublin Core (`<dc:title>`,
/// `<dc:description>`), which the RSS 2.0 parser skips: those become the item's own
/// `<title>` and `<description>` where the item has none.
fn rss_dublin_core(text: String) -> String {
    let is_rss = root_tag(&text).is_some_and(|r| text[r].starts_with("<rss"));
    if !is_rss || !(text.contains("<dc:title") || text.contains("<dc:description")) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<item") {
        let Some(len) = rest[start..].find("</item>") else {
            break;
        };
        let end = start + len;
        out.push_str(&rest[..start]);
        let mut item = rest[start..end].to_string();
        for name in ["title", "description"] {
            let own = item.contains(&format!("<{name}>")) || item.contains(&format!("<{name} "));
            if !own && item.contains(&format!("<dc:{name}")) {
                item = item
                    .replace(&format!("<dc:{name}"), &format!("<{name}"))
                    .replace(&format!("</dc:{name}>"), &format!("</{name}>"));
            }
        }
        out.push_str(&item);
        rest = &rest[end..];
        // Past this item's `</item>`, so the next search starts after it.
        out.push_str(&rest[..7]);
        rest = &rest[7..];
    }
    out.push_str(rest);
    out
}

/// Maps the media types Atom feeds give their text constructs and content that the feed
/// parser refuses to the ones it reads: `text/plain` (Atom 0.3) is `text`, other `text/…`
/// on a text construct `text`, `application/xhtml+xml` is `xhtml` (or `html` when Atom 0.3's
/// `mode="escaped"` says it is escaped). An element holding binary data (`mode="base64"`, or a
/// media type that is not text or XML, such as `application/octet-stream`) cannot give text:
/// it is removed, so the rest of the entry and of the feed is still read.
fn atom_text_types(text: String) -> String {
    use std::sync::LazyLock;
    static OPEN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"<((?:atom:)?(title|subtitle|tagline|summary|content|rights|copyright|info))(\s[^>]*)?>",
        )
        .expect("a valid pattern")
    });
    let is_atom = root_tag(&text).is_some_and(|r| {
        let tag = &text[r];
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or_default();
        name.rsplit(':').next() == Some("feed")
    });
    if !is_atom || !text.contains("type=") && !text.contains("mode=") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for caps in OPEN.captures_iter(&text) {
        let whole = caps.get(0).expect("the match");
        if whole.start() < copied {
            continue;
        }
        let Some(attrs) = caps.get(3) else { continue };
        let tag = whole.as_str();
        let kind = decode::attribute(attrs.as_str(), "type").map(str::trim);
        let mode = decode::attribute(attrs.as_str(), "mode").map(|m| m.trim().to_ascii_lowercase());
        let is_content = &caps[2] == "content";
        let essence = kind
            .map(|k| {
                k.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let binary = mode.as_deref() == Some("base64")
            || !(essence.is_empty()
                || matches!(essence.as_str(), "text" | "html" | "xhtml")
                || essence.starts_with("text/")
                || essence.ends_with("/xml")
                || essence.ends_with("+xml"));
        if binary {
            // Remove the element: its start tag to its end tag (or the empty-element tag).
            let end = if tag.ends_with("/>") {
                Some(whole.end())
            } else {
                let close = format!("</{}", &caps[1]);
                text[whole.end()..].find(&close).and_then(|i| {
                    let from = whole.end() + i;
                    text[from..].find('>').map(|j| from + j + 1)
                })
            };
            if let Some(end) = end {
                out.push_str(&text[copied..whole.start()]);
                copied = end;
            }
            continue;
        }
        let new = match essence.as_str() {
            "application/xhtml+xml" if mode.as_deref() == Some("escaped") => "html",
            "application/xhtml+xml" => "xhtml",
            "text/plain" => "text",
            "" if kind.is_some() => "text",
            "text/html" => continue,
            e if e.starts_with("text/") && !is_content => "text",
            _ => continue,
        };
        let kind = kind.expect("a type for a media type");
        let start = whole.start() + (kind.as_ptr() as usize - tag.as_ptr() as usize);
        out.push_str(&text[copied..start]);
        out.push_str(new);
        copied = start + kind.len();
    }
    out.push_str(&text[copied..]);
    out
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
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)
            if std::str::from_utf8(bytes)
                .ok()
                .and_then(root_tag)
                .is_some_and(|r| bytes[r].starts_with(b"<CHANNEL")) =>
        {
            "a CDF channel (Microsoft's Channel Definition Format of 1997), which hypecheck does not read: convert it to RSS or Atom".into()
        }
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
    // A media description or title (Media RSS, as YouTube's feeds give) stands in for a
    // missing summary or title.
    let media_title = entry.media.iter().find_map(|m| m.title.clone());
    let media_description = entry.media.iter().find_map(|m| m.description.clone());
    let title = entry
        .title
        .as_ref()
        .or(media_title.as_ref())
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
            .or(media_description.as_ref())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_versions_the_parser_does_not_dispatch_become_2_0() {
        let (text, given) = upgrade_rss_version(
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"0.94\"><channel/></rss>".into(),
        );
        assert!(text.contains("<rss version=\"2.0\">"), "{text}");
        assert_eq!(given, Some(Some("0.94".to_string())));
        let (text, given) = upgrade_rss_version("<rss><item/></rss>".into());
        assert_eq!(
            text,
            "<rss version=\"2.0\"><channel><item/></channel></rss>"
        );
        assert_eq!(given, Some(None));
        let (text, given) = upgrade_rss_version("<rss version=\"2.0\"><channel/></rss>".into());
        assert_eq!(
            (text.as_str(), given),
            ("<rss version=\"2.0\"><channel/></rss>", None)
        );
        // Not RSS: untouched.
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
        assert_eq!(upgrade_rss_version(atom.into()).0, atom);
        assert_eq!(upgrade_rss_version("<rssx/>".into()).1, None);
    }

    #[test]
    fn atom_types_are_mapped_and_binary_elements_removed() {
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>\
                    <title type=\"text/plain\">a</title>\
                    <summary type='application/xhtml+xml'><div>b</div></summary>\
                    <content type=\"application/xhtml+xml\" mode=\"escaped\">&lt;p&gt;c</content>\
                    <content type=\"application/octet-stream\">AAAA</content>\
                    <atom:rights type=\"text/plain\" mode=\"base64\">QQ==</atom:rights>\
                    <content type=\"image/png\" src=\"x.png\"/></entry></feed>";
        assert_eq!(
            atom_text_types(atom.into()),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>\
             <title type=\"text\">a</title>\
             <summary type='xhtml'><div>b</div></summary>\
             <content type=\"html\" mode=\"escaped\">&lt;p&gt;c</content>\
             </entry></feed>"
        );
        // RSS is left alone.
        let rss = "<rss><channel><title type=\"text/plain\">a</title></channel></rss>";
        assert_eq!(atom_text_types(rss.into()), rss);
    }

    #[test]
    fn dublin_core_stands_in_for_a_missing_title_or_description_in_rss() {
        let rss = "<rss version=\"2.0\"><channel><item><dc:title>a</dc:title>\
                   <dc:description>b</dc:description></item>\
                   <item><title>c</title><dc:title>d</dc:title></item><items/></channel></rss>";
        assert_eq!(
            rss_dublin_core(rss.into()),
            "<rss version=\"2.0\"><channel><item><title>a</title>\
             <description>b</description></item>\
             <item><title>c</title><dc:title>d</dc:title></item><items/></channel></rss>"
        );
    }

    #[test]
    fn only_a_last_end_tag_cut_before_its_bracket_is_closed() {
        assert_eq!(close_last_tag("<a></a".into()), "<a></a>");
        assert_eq!(close_last_tag("<a></a>\n".into()), "<a></a>\n");
        assert_eq!(close_last_tag("<a><b>x</b".into()), "<a><b>x</b>");
        assert_eq!(close_last_tag("<a>x</a y".into()), "<a>x</a y");
    }
}
