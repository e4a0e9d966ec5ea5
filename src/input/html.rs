//! HTML pages: the title and main article text, extracted readability-style by `dom_smoothie`.
//!
//! Every HTML-to-text conversion (a page's article, a feed entry's content) ends in the same
//! formatter, `dom_query`'s formatted text, followed by [`tidy`], so a page and a feed entry
//! holding the same markup yield the same text.

use super::{decode, guarded, OpenOptions, Record};
use crate::article::{id_from_path, Article, Source};
use crate::error::InputError;
use dom_smoothie::{Config, Readability, TextMode};

/// Elements nested deeper than this are refused: browsers stop nesting there too (Chromium's
/// parser caps the tree at 512 levels), and the HTML parser and the article extractor slow
/// down with the square of the depth, so a page of nothing but `<div>`s would never finish.
pub const MAX_HTML_DEPTH: usize = 512;

/// Reads one HTML page (`-` is stdin) as one article, decoded from the encoding its
/// byte-order mark or `<meta charset>` names (else UTF-8, or `--encoding`).
pub(super) fn read(
    path: &str,
    bytes: Vec<u8>,
    options: &OpenOptions,
) -> Result<Record, InputError> {
    let (html, encoding) = decode::decode_markup(&bytes, options.encoding, path)?;
    drop(bytes);
    let mut source = Source::file(path);
    if encoding != encoding_rs::UTF_8 {
        source.encoding = Some(encoding.name().to_string());
    }
    let (title, body) = check_depth(&html)
        .and_then(|()| extract(&html))
        .map_err(|message| InputError::Parse {
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
    guarded(|| {
        let config = Config {
            text_mode: TextMode::Formatted,
            ..Config::default()
        };
        let mut readability =
            Readability::new(html, None, Some(config)).map_err(|e| e.to_string())?;
        let doc = dom_query::Document::from(html);
        let title = headline(&doc);
        let (title, body) = match readability.parse() {
            Ok(article) => {
                let title = title.or_else(|| Some(tidy(&article.title)).filter(|t| !t.is_empty()));
                (title, tidy(&article.text_content))
            }
            Err(_) => {
                let body = match doc.body() {
                    Some(body) => tidy(&body.formatted_text()),
                    None => tidy(&doc.formatted_text()),
                };
                (title, body)
            }
        };
        let body = without_repeated_headline(title.as_deref(), body);
        Ok((title, body))
    })
    .unwrap_or_else(|panic| Err(format!("the HTML extractor failed on this page: {panic}")))
}

/// A page's whole headline: `og:title`, else the article's `<h1>` (the one inside
/// `<article>`, or the page's only `<h1>`), else `<title>` with a site-name affix
/// (`Headline | Site`, `Site - Headline`) removed only when it is the site's name, as
/// `og:site_name`, `application-name` or the site's address gives it. Kickers and labels
/// (`SHOCKING:`, `LED :`) are part of the headline and are kept.
fn headline(doc: &dom_query::Document) -> Option<String> {
    let meta = |selector: &str| {
        doc.select(selector)
            .iter()
            .find_map(|m| m.attr("content").map(|c| one_line(&c)))
            .filter(|t| !t.is_empty())
    };
    if let Some(title) = meta(r#"meta[property="og:title"], meta[name="og:title"]"#) {
        return Some(title);
    }
    let h1 = {
        let in_article = doc.select("article h1");
        let chosen = if in_article.exists() {
            in_article.first()
        } else {
            let all = doc.select("h1");
            if all.length() == 1 {
                all
            } else {
                doc.select("h1.__none__")
            }
        };
        Some(one_line(&chosen.text())).filter(|t| !t.is_empty())
    };
    if h1.is_some() {
        return h1;
    }
    let title = one_line(&doc.select("title").first().text());
    if title.is_empty() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    if let Some(site) = meta(r#"meta[property="og:site_name"], meta[name="application-name"]"#) {
        names.push(site);
    }
    let address = doc
        .select(r#"meta[property="og:url"]"#)
        .iter()
        .find_map(|m| m.attr("content").map(|c| c.to_string()))
        .or_else(|| {
            doc.select(r#"link[rel="canonical"]"#)
                .iter()
                .find_map(|l| l.attr("href").map(|h| h.to_string()))
        });
    if let Some(host) = address.as_deref().and_then(host_of) {
        names.push(host);
    }
    Some(strip_site_name(&title, &names))
}

/// The host of an address (`https://www.example.com/a` → `www.example.com`).
fn host_of(address: &str) -> Option<String> {
    let rest = address.split_once("//")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    Some(host.to_ascii_lowercase()).filter(|h| !h.is_empty())
}

/// `title` without a leading or trailing segment (split at ` | `, ` - `, ` – `, ` — `, ` :: `,
/// ` · `, ` » `) that names the site: equal to one of `names`, or to a host's name with or
/// without `www.` and its top-level domain, letters and digits compared case-insensitively.
fn strip_site_name(title: &str, names: &[String]) -> String {
    let mut keys: Vec<String> = Vec::new();
    for name in names {
        keys.push(letters_key(name));
        if name.contains('.') && !name.contains(' ') {
            let host = name.trim_start_matches("www.");
            keys.push(letters_key(host));
            if let Some((stem, _)) = host.rsplit_once('.') {
                keys.push(letters_key(stem));
            }
        }
    }
    keys.retain(|k| !k.is_empty());
    let is_site = |s: &str| keys.contains(&letters_key(s));
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_site(tail) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_site(head) && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The body without a first line that repeats the headline (the page's `<h1>` inside the
/// extracted article), so the headline's words are not counted twice and a dateline after it
/// opens the body. Compared on letters and digits, case-insensitively.
fn without_repeated_headline(title: Option<&str>, body: String) -> String {
    let Some(title) = title.map(letters_key).filter(|t| !t.is_empty()) else {
        return body;
    };
    let (first, rest) = body.split_once('\n').unwrap_or((body.as_str(), ""));
    if letters_key(first) != title {
        return body;
    }
    rest.trim_start_matches(['\n', '\r', ' ', '\t']).to_string()
}

/// A text's letters and digits, lower-cased: how headlines and site names are compared.
fn letters_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text on one line, white space collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How hypecheck's own HTML report names its generator (`<meta name="generator" content="hypecheck
/// 0.1.0">`, [`crate::render`]): a directory walk skips such a page, a report on articles and
/// no article itself.
pub const REPORT_GENERATOR: &str = "<meta name=\"generator\" content=\"hypecheck ";

/// True when `head`, a file's first bytes, is hypecheck's own HTML report.
pub(crate) fn is_report(head: &[u8]) -> bool {
    memchr::memmem::find(head, REPORT_GENERATOR.as_bytes()).is_some()
}

/// Converts a fragment of HTML (a feed entry's summary or content) to plain text: tags
/// removed, entities decoded, paragraphs kept as blank-line-separated blocks.
///
/// Markup nested deeper than `MAX_HTML_DEPTH` is not parsed and gives an empty string (the
/// feed reader reports such an entry as an error instead).
///
/// ```
/// let text = hypecheck::input::html_to_text("<p>First &amp; <b>bold</b>.</p><p>Second.</p>");
/// assert_eq!(text, "First & bold.\n\nSecond.");
/// ```
pub fn html_to_text(html: &str) -> String {
    checked_html_to_text(html).unwrap_or_default()
}

/// [`html_to_text`], or what is wrong with the markup.
pub(super) fn checked_html_to_text(html: &str) -> Result<String, String> {
    check_depth(html)?;
    guarded(|| tidy(&dom_query::Document::fragment(html).formatted_text()))
        .map_err(|panic| format!("the HTML converter failed on this markup: {panic}"))
}

/// Refuses markup whose elements nest deeper than [`MAX_HTML_DEPTH`], naming the byte
/// where they do, before any parser sees it.
///
/// The depth is estimated from the tags in one linear pass: opening tags count, closing tags
/// uncount, and void elements (`<br>`), elements whose end tag may be left out (`<p>`, `<li>`,
/// `<td>`), comments and the contents of `<script>` and `<style>` are not counted.
fn check_depth(html: &str) -> Result<(), String> {
    const VOID_OR_OPTIONAL_END: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
        "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
        "html", "head", "body",
    ];
    const RAW_TEXT: &[&str] = &[
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    ];
    let bytes = html.as_bytes();
    let find = |from: usize, needle: &[u8]| {
        bytes[from.min(bytes.len())..]
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map_or(bytes.len(), |i| from + i)
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<').map(|p| i + p) {
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = (find(lt + 4, b"-->") + 3).min(bytes.len());
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + closing as usize;
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
            .count();
        if !matches!(rest.first(), Some(b'!' | b'?')) && name_len == 0 {
            i = lt + 1; // a `<` in text
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        // The end of the tag: the first `>` outside quoted attribute values.
        let mut end = name_start + name_len;
        let mut quote = None;
        while end < bytes.len() {
            match (bytes[end], quote) {
                (b'"' | b'\'', None) => quote = Some(bytes[end]),
                (q, Some(open)) if q == open => quote = None,
                (b'>', None) => break,
                _ => {}
            }
            end += 1;
        }
        i = (end + 1).min(bytes.len());
        if name_len == 0 || VOID_OR_OPTIONAL_END.contains(&name.as_str()) {
            continue; // `<!doctype>`, `<?xml?>`, or an element that does not nest
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find(i, close.as_bytes());
        } else {
            depth += 1;
            if depth > MAX_HTML_DEPTH {
                return Err(format!(
                    "elements are nested more than {MAX_HTML_DEPTH} deep (at byte {lt}): too deep to extract an article from"
                ));
            }
        }
    }
    Ok(())
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
    fn nesting_is_limited_but_not_fooled_by_unclosed_paragraphs_or_scripts() {
        let deep = |n: usize| "<div>".repeat(n) + "text" + &"</div>".repeat(n);
        assert!(check_depth(&deep(MAX_HTML_DEPTH)).is_ok());
        let e = check_depth(&deep(MAX_HTML_DEPTH + 1)).unwrap_err();
        assert!(
            e.contains("nested more than 512 deep (at byte 2560)"),
            "{e}"
        );
        let sloppy = "<p>one<br><li>two<img src='a>b'>".repeat(1000)
            + "<script>"
            + &"<div>".repeat(1000)
            + "</script><!-- <div><div> -->";
        assert!(check_depth(&(sloppy + &deep(10))).is_ok());
    }

    #[test]
    fn the_headline_is_not_read_again_as_the_body_s_first_line() {
        let paragraph = "<p>SPRINGFIELD — Mayor Tom Reed resigned on Thursday, two days after \
            a state audit found that $1.2 million in city funds could not be accounted for, the \
            city clerk said. The state auditor said her office had referred the findings to the \
            attorney general, and council members said they would meet on Monday.</p>";
        let page = format!(
            "<html><head><title>Mayor resigns after audit - The Daily Example</title></head>\
             <body><article><h1>Mayor resigns after audit</h1><p>By Anna Marsh</p>{}</article>\
             </body></html>",
            paragraph.repeat(3)
        );
        let (title, body) = extract(&page).unwrap();
        assert_eq!(title.as_deref(), Some("Mayor resigns after audit"));
        assert!(body.starts_with("By Anna Marsh\n\nSPRINGFIELD —"), "{body}");
        // Only a first line equal to the headline goes; other lines stay.
        let kept =
            without_repeated_headline(Some("Mayor resigns"), "Mayor resigns early\nx".into());
        assert_eq!(kept, "Mayor resigns early\nx");
        assert_eq!(
            without_repeated_headline(Some("Mayor: resigns!"), "MAYOR RESIGNS\n\nText.".into()),
            "Text."
        );
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
