//! The article: the unit hypecheck scores, and how raw text becomes one ([`lede`]: kicker,
//! headline detection, dateline).

pub mod furniture;
pub mod lede;

use crate::error::InputError;
use serde::{Deserialize, Serialize};

/// Which part of an article a span points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The headline.
    Title,
    /// The body.
    Body,
    /// The kicker before the headline (`BREAKING`, `Opinion`).
    Kicker,
}

/// How the first line of a plain-text article is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum HeadlineMode {
    /// The first line is the headline only when it looks like one: 2 to 30 words, one
    /// sentence, no closing full stop, not a dateline or byline.
    #[default]
    Auto,
    /// The first line is always the headline.
    FirstLine,
    /// There is no headline: all the text is body.
    None,
}

/// Where an article came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from (`-` for stdin).
    pub path: String,
    /// Its 1-based record number in a multi-record input (the line for JSONL and CSV, the entry
    /// for feeds); `None` for a single-article file.
    pub record: Option<usize>,
    /// The article's own address, where the input gives one (a feed entry's link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The outlet a labeled corpus says published it (JSON Lines `portal`, `outlet` or
    /// `domain`): training groups its folds by it. Not part of reports.
    #[serde(skip)]
    pub outlet: Option<String>,
    /// The encoding the input was decoded from, when it was not UTF-8 (`windows-1252`,
    /// `UTF-16LE`, `KOI8-R`, as the WHATWG Encoding Standard names them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl Source {
    /// A single-article source.
    pub fn file(path: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            record: None,
            link: None,
            outlet: None,
            encoding: None,
        }
    }

    /// A record of a multi-record source.
    pub fn record(path: impl Into<String>, record: usize) -> Source {
        Source {
            path: path.into(),
            record: Some(record),
            link: None,
            outlet: None,
            encoding: None,
        }
    }
}

/// A news article or a bare headline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// A stable identifier: the record's `id`, else derived from the source.
    pub id: String,
    /// The headline, if there is one (without its kicker).
    pub title: Option<String>,
    /// The kicker printed before the headline (`BREAKING`, `Opinion`), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// The body text; empty for a bare headline. Lines of page furniture (bylines, time
    /// stamps, `Advertisement`, share prompts: [`furniture`]) are not in it.
    pub body: String,
    /// The lines of page furniture set apart from the text, in order: above the headline
    /// (`LOCAL NEWS`, `By Jane Doe`, `5 min read`) and in the body (`Advertisement`,
    /// `Share this article`, `(AP Photo/John Roe)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture: Vec<String>,
    /// Where it came from.
    pub source: Source,
    /// Why the text's first line was not taken for the headline, when headline detection
    /// ([`HeadlineMode::Auto`]) looked at it and turned it away (`it ends like a sentence`,
    /// `it opens with a dateline`); `None` when it was taken, when the text was read with
    /// another mode, and for an article built from its parts. Not serialised: the report's
    /// warning says it.
    #[serde(skip)]
    pub headline_problem: Option<lede::NotHeadline>,
}

impl Article {
    /// An article from its parts. An empty title becomes `None`; a kicker opening the title
    /// (`BREAKING: ...`) is set apart in [`Article::kicker`].
    ///
    /// ```
    /// use hypecheck::Article;
    /// let a = Article::new("a", Some("EXCLUSIVE: Star weds in secret".into()), "");
    /// assert_eq!((a.kicker.as_deref(), a.title.as_deref()), (Some("EXCLUSIVE"), Some("Star weds in secret")));
    /// ```
    pub fn new(id: impl Into<String>, title: Option<String>, body: impl Into<String>) -> Article {
        let (kicker, title) = match title.as_deref().and_then(lede::split_kicker) {
            Some((k, rest)) => (Some(k.text.to_string()), Some(rest.to_string())),
            None => (None, title),
        };
        let body = body.into();
        let (body, furniture) = match furniture::strip(&body) {
            (std::borrow::Cow::Borrowed(_), _) => (body, Vec::new()),
            (std::borrow::Cow::Owned(kept), removed) => (kept, removed),
        };
        Article {
            id: id.into(),
            title: title.filter(|t| !t.trim().is_empty()),
            kicker,
            body,
            furniture,
            source: Source::default(),
            headline_problem: None,
        }
    }

    /// An article from pasted text, its headline detected: the first line is the headline
    /// only when it looks like one, else the text is all body.
    ///
    /// ```
    /// use hypecheck::Article;
    /// let a = Article::from_text("Mayor resigns after audit\n\nThe mayor resigned on Monday.");
    /// assert_eq!(a.title.as_deref(), Some("Mayor resigns after audit"));
    /// let b = Article::from_text("The mayor resigned on Monday. She had served six years.");
    /// assert_eq!(b.title, None);
    /// ```
    pub fn from_text(text: &str) -> Article {
        let article = Article::from_plain_text_with(text, Source::default(), HeadlineMode::Auto)
            .unwrap_or_else(|_| Article::new("", None, ""));
        Article {
            id: "text".to_string(),
            ..article
        }
    }

    /// A record with no title field: its body's first line is its headline when it looks
    /// like one.
    pub fn from_body(id: impl Into<String>, body: &str) -> Article {
        Article::from_body_with(id, body, HeadlineMode::Auto)
    }

    /// [`Article::from_body`], reading the first line as `mode` says.
    pub fn from_body_with(id: impl Into<String>, body: &str, mode: HeadlineMode) -> Article {
        let lede = split_lede(body, mode);
        Article {
            id: id.into(),
            title: lede.title,
            kicker: lede.kicker,
            body: lede.body,
            furniture: lede.furniture,
            source: Source::default(),
            headline_problem: lede.headline_problem,
        }
    }

    /// Parses a plain-text article: a kicker line or prefix is set apart, then the first
    /// non-empty line is the headline when it looks like one ([`HeadlineMode::Auto`]).
    ///
    /// ```
    /// use hypecheck::{Article, Source};
    /// let a = Article::from_plain_text("\nCity opens bridge\n\nThe bridge opened on Monday.", Source::file("a.txt")).unwrap();
    /// assert_eq!(a.title.as_deref(), Some("City opens bridge"));
    /// assert_eq!(a.body.trim(), "The bridge opened on Monday.");
    /// ```
    pub fn from_plain_text(text: &str, source: Source) -> Result<Article, InputError> {
        Article::from_plain_text_with(text, source, HeadlineMode::Auto)
    }

    /// Parses a plain-text article, reading its first line as `mode` says.
    pub fn from_plain_text_with(
        text: &str,
        source: Source,
        mode: HeadlineMode,
    ) -> Result<Article, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(InputError::Empty {
                path: source.path,
                line: source.record,
            });
        }
        let lede = split_lede(text, mode);
        Ok(Article {
            id: id_from_path(&source.path),
            title: lede.title,
            kicker: lede.kicker,
            body: lede.body,
            furniture: lede.furniture,
            source,
            headline_problem: lede.headline_problem,
        })
    }

    /// The text of one part (empty when the article lacks it): evidence spans index into it.
    pub fn part(&self, part: Part) -> &str {
        match part {
            Part::Title => self.title.as_deref().unwrap_or(""),
            Part::Body => &self.body,
            Part::Kicker => self.kicker.as_deref().unwrap_or(""),
        }
    }

    /// True when the article has neither title nor body text.
    pub fn is_empty(&self) -> bool {
        self.title.as_deref().is_none_or(|t| t.trim().is_empty()) && self.body.trim().is_empty()
    }

    /// Title and body length in bytes.
    pub fn text_len(&self) -> usize {
        self.title.as_ref().map_or(0, String::len) + self.body.len()
    }
}

/// The first line of `text` and the rest after its newline (empty when there is none).
fn first_line(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find('\n') {
        Some(newline) => (text[..newline].trim_end(), &text[newline + 1..]),
        None => (text.trim_end(), ""),
    }
}

/// An opening split apart: kicker, headline, body and the page furniture set aside.
struct Lede {
    kicker: Option<String>,
    title: Option<String>,
    body: String,
    furniture: Vec<String>,
    /// Why the first line was turned away as the headline ([`HeadlineMode::Auto`] only).
    headline_problem: Option<lede::NotHeadline>,
}

/// Most lines of kicker and page furniture looked past for the headline: a site's menu, one
/// section a line, then its sign-in links and an advertisement's label, fit.
const MAX_LEDE_LINES: usize = 24;

/// Splits the start of a text into kicker, headline and body, page furniture set aside.
///
/// Lines of page furniture above the headline (`LOCAL NEWS`, `By Jane Doe`, `5 min read`) are
/// looked past, with any mode: the headline is the first line that is neither furniture nor
/// a kicker alone on its line.
fn split_lede(text: &str, mode: HeadlineMode) -> Lede {
    let text = text.trim_start();
    let mut furniture = Vec::new();
    let mut kicker: Option<String> = None;
    let mut rest = text;
    let section = |l: &str| furniture::kind(l) == Some(furniture::FurnitureKind::Section);
    // Whether the line before was a section label: a menu, one section a line.
    let mut in_menu = false;
    for _ in 0..MAX_LEDE_LINES {
        let (line, after) = first_line(rest);
        if line.is_empty() {
            break;
        }
        let kind = lede::split_kicker(line);
        let furniture_kind = furniture::kind(line);
        match kind {
            // A kicker's word among a menu's sections (`News`, `Opinion`, `Sport`) is a link
            // to that section, not the article's label.
            Some((_, "")) if in_menu || section(first_line(after).0) => {
                furniture.push(line.to_string())
            }
            Some((k, "")) if kicker.is_none() => kicker = Some(k.text.to_string()),
            // A kicker heading a headline on its line (`WATCH: Water main floods...`) is the
            // headline's, not a link's label further down the page.
            Some((_, headline)) if kicker.is_none() && !headline.is_empty() => break,
            _ if furniture_kind.is_some() => furniture.push(line.to_string()),
            _ => break,
        }
        in_menu = furniture_kind == Some(furniture::FurnitureKind::Section)
            || (in_menu && matches!(kind, Some((_, ""))));
        rest = after.trim_start();
    }
    let (mut line, after) = first_line(rest);
    // A section label before the headline on its line: `Politics | Council approves...`.
    if let Some((label, headline)) = line.split_once(" | ") {
        if furniture::kind(label) == Some(furniture::FurnitureKind::Section) {
            furniture.push(label.trim().to_string());
            line = headline.trim_start();
        }
    }
    let mut headline_problem = None;
    let (title, body) = if mode == HeadlineMode::None {
        (None, rest)
    } else {
        let (candidate, after) = match lede::split_kicker(line) {
            Some((k, headline)) if kicker.is_none() && !headline.is_empty() => {
                kicker = Some(k.text.to_string());
                (headline, after)
            }
            _ => (line, after),
        };
        if mode == HeadlineMode::Auto && !candidate.is_empty() {
            headline_problem = lede::headline_problem(candidate);
            // Two sentences with no full stop above a byline (`I moved back to my hometown.
            // Nobody warned me about the silence` / `By Colm Ardery`): a column's headline,
            // since a paragraph is never followed by its byline.
            if headline_problem == Some(lede::NotHeadline::Sentences)
                && furniture::kind(first_line(after).0) == Some(furniture::FurnitureKind::Byline)
            {
                headline_problem = None;
            }
            // A place in capitals, a dash and a title, then a blank line (`THE FRONT LINE –
            // Weekly Briefing from the Citizens PAC`): a newsletter's masthead, read as a
            // headline, since the dateline it seemed to open has no paragraph.
            if headline_problem == Some(lede::NotHeadline::Dateline)
                && lede::dateline(&text[offset_in(text, candidate)..]).is_none()
            {
                headline_problem = None;
            }
        }
        let is_headline = !candidate.is_empty()
            && (mode == HeadlineMode::FirstLine || headline_problem.is_none());
        if is_headline && kicker.is_none() && mode == HeadlineMode::Auto {
            if let Some(letterhead) = letterhead(candidate, after) {
                furniture.extend(letterhead.lines.iter().map(|l| l.to_string()));
                kicker = Some(letterhead.label.to_string());
                (Some(letterhead.headline.to_string()), letterhead.after)
            } else {
                below_headline(candidate, after, &mut kicker)
            }
        } else if is_headline {
            below_headline(candidate, after, &mut kicker)
        } else {
            // The body starts at the candidate (after a kicker on its line): every piece
            // above is a slice of `rest`, so its offset is the distance between pointers.
            (None, &rest[offset_in(rest, candidate)..])
        }
    };
    let (body, removed) = furniture::strip(body);
    furniture.extend(removed);
    Lede {
        kicker,
        title,
        body: body.into_owned(),
        furniture,
        headline_problem,
    }
}

/// The byte offset of `part`, a slice of `text`, within it (0 should it not be one).
fn offset_in(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len());
    if text.is_char_boundary(offset) {
        offset
    } else {
        0
    }
}

/// The headline and what follows it, with a kicker alone on the line below the headline
/// (`FOR IMMEDIATE RELEASE` under a release's title) taken as the text's label, as one above
/// it is.
fn below_headline<'t>(
    candidate: &'t str,
    after: &'t str,
    kicker: &mut Option<String>,
) -> (Option<String>, &'t str) {
    let (below, rest_below) = first_line(after);
    match lede::split_kicker(below) {
        Some((k, "")) if kicker.is_none() => {
            *kicker = Some(k.text.to_string());
            (Some(candidate.to_string()), rest_below)
        }
        _ => (Some(candidate.to_string()), after),
    }
}

/// An issuer's letterhead above a release's label and its headline.
struct Letterhead<'t> {
    /// The letterhead's lines (`MINISTRY OF AGRICULTURE`, `Northfield Water Company`).
    lines: Vec<&'t str>,
    /// The release's label (`PRESS RELEASE`).
    label: &'t str,
    /// The headline under the label.
    headline: &'t str,
    /// The text after the headline.
    after: &'t str,
}

/// Most lines of an issuer's letterhead (the body's name, a department, an address line).
const MAX_LETTERHEAD_LINES: usize = 3;

/// A press release's opening, `ISSUER` / `PRESS RELEASE No. 118/2024` / date / headline: the
/// lines above the release's label are its issuer's letterhead, not the headline, when a
/// line that reads as a headline follows the label (lines of furniture, such as a date,
/// looked past). `first` is the first line read as a headline, `after` the text below it.
/// `None` for any other opening, `Title` / `FOR IMMEDIATE RELEASE` / a dateline's paragraph
/// among them.
fn letterhead<'t>(first: &'t str, after: &'t str) -> Option<Letterhead<'t>> {
    let mut lines = vec![first];
    let mut rest = after;
    let label = loop {
        let (line, below) = first_line(rest);
        match lede::split_kicker(line) {
            Some((k, "")) if k.kind == lede::KickerKind::Release => {
                rest = below;
                break k.text;
            }
            _ if lines.len() < MAX_LETTERHEAD_LINES
                && !line.is_empty()
                && lede::headline_problem(line).is_none() =>
            {
                lines.push(line);
                rest = below;
            }
            _ => return None,
        }
    };
    for _ in 0..MAX_LEDE_LINES {
        let (line, below) = first_line(rest);
        if line.is_empty() {
            return None;
        }
        if furniture::kind(line).is_some() {
            rest = below;
            continue;
        }
        if lede::headline_problem(line).is_some() || lede::split_kicker(line).is_some() {
            return None;
        }
        return Some(Letterhead {
            lines,
            label,
            headline: line,
            after: below,
        });
    }
    None
}

/// A readable id from a path: its file name without extension, or `stdin`.
pub(crate) fn id_from_path(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let name = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    name.filter(|n| !n.is_empty())
        .unwrap_or_else(|| path.to_string())
}
