//! Page furniture: the lines a news page prints around an article that are no part of it and
//! come along when the page is copied: section labels (`LOCAL NEWS`, `Home > News`), bylines
//! (`By Jane Doe | Staff Writer`), time stamps (`Updated 3:45 PM EST, March 3, 2026`,
//! `2 hours ago`), reading times (`5 min read`), prompts (`Share this article`, `Sign up for
//! our newsletter`), advertisement markers, lists of other stories (`Most Read` and the
//! headlines under it), photo credits and captions (`(AP Photo/John Roe)`), copyright lines
//! and comment counts.
//!
//! A line of page furniture is never the headline, never the author's words, and stands in the
//! way of neither the headline nor the dateline: [`strip`] sets such lines apart from a body.
//! The phrases are data, in `models/lexicons/page_furniture.txt`; the shapes (time stamps,
//! reading times, counts) are rules here.
//!
//! ```
//! use hypecheck::article::furniture::{kind, FurnitureKind};
//! assert_eq!(kind("LOCAL NEWS"), Some(FurnitureKind::Section));
//! assert_eq!(kind("By Jane Doe | Staff Writer"), Some(FurnitureKind::Byline));
//! assert_eq!(kind("Updated 3:45 PM EST, Tue March 3, 2026"), Some(FurnitureKind::Timestamp));
//! assert_eq!(kind("Council approves bus lanes on Mill Road"), None);
//! ```

use super::lede;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// What a line of page furniture is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FurnitureKind {
    /// A section label or breadcrumb: `LOCAL NEWS`, `Home > News > Local`.
    Section,
    /// A byline: `By Jane Doe`, `Jane Doe, Staff Writer`, `Written by Jane Doe`.
    Byline,
    /// A time stamp or date line: `Updated 3:45 PM EST`, `Published 2 hours ago`, `March 3, 2026`.
    Timestamp,
    /// A reading or listening time: `5 min read`, `Listen to this article 6:12`.
    ReadingTime,
    /// A prompt or marker of the page: `Advertisement`, `Share this article`, `Read more: ...`.
    Prompt,
    /// A label opening a list of other stories (`Most Read`), or a headline in that list.
    StoryList,
    /// A photo credit or a caption ending in one: `(AP Photo/John Roe)`.
    Credit,
    /// A copyright line: `Copyright 2026 The Associated Press. All rights reserved.`
    Copyright,
    /// A count of comments or shares: `142 Comments`.
    Counter,
    /// The author's bio closing the body: `Jane Doe is an award-winning reporter who covers
    /// transport for the Gazette.`
    Bio,
}

/// The phrase lists of `models/lexicons/page_furniture.txt`, lower-cased.
#[derive(Default)]
struct Phrases {
    section: HashSet<String>,
    line: HashSet<String>,
    prefix: Vec<String>,
    list: HashSet<String>,
    byline: Vec<String>,
    credit: Vec<String>,
    share: HashSet<String>,
    /// What a line's first word says it may be, by that word: `(starter, opener)`. A starter
    /// opens some entry, a date or a time stamp (a short line opening with none, nor with a
    /// digit or a symbol, and holding no byline separator, is text); an opener opens a
    /// prefix, a credit or a copyright line (a line longer than [`MAX_WORDS`] opening with
    /// none, and not ending in a parenthesis, is text). Every opener is a starter.
    first_words: HashMap<String, (bool, bool)>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut p = Phrases::default();
        for line in crate::lexicon::PAGE_FURNITURE_TEXT.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, text)) = line.split_once(' ') else {
                continue;
            };
            let text = text.trim().to_lowercase();
            let opener = matches!(kind, "prefix" | "credit");
            if let Some(first) = text.split_whitespace().next() {
                p.first_word(first.trim_start_matches(['(', '[']), opener);
            }
            let set = match kind {
                "section" => &mut p.section,
                "line" => &mut p.line,
                "list" => &mut p.list,
                "share" => &mut p.share,
                "prefix" => {
                    p.prefix.push(text);
                    continue;
                }
                "credit" => {
                    p.credit.push(text);
                    continue;
                }
                "byline" => {
                    p.byline.push(text);
                    continue;
                }
                _ => continue,
            };
            set.insert(text);
        }
        for word in lede::DATE_WORDS
            .iter()
            .chain(&STAMP_OPENERS)
            .chain(&["listen"])
        {
            p.first_word(word, false);
        }
        for word in ["copyright", "c)"] {
            p.first_word(word, true);
        }
        p
    })
}

impl Phrases {
    /// Records that a line opening with `word` may be furniture, of more than a label's words
    /// when `opener`.
    fn first_word(&mut self, word: &str, opener: bool) {
        let entry = self
            .first_words
            .entry(word.to_string())
            .or_insert((true, false));
        entry.1 |= opener;
    }
}

/// Most words a line of furniture has (a byline with two names and a role, a time stamp, a
/// label); a longer line is a paragraph.
const MAX_WORDS: usize = 16;
/// Most words a prompt has (`Sign up for our newsletter to get the latest local news
/// delivered to your inbox every morning.`).
const MAX_PROMPT_WORDS: usize = 30;
/// Most words a caption ending in its photo credit has.
const MAX_CAPTION_WORDS: usize = 80;
/// A line longer than this many bytes is longer than any label, byline, time stamp or prompt
/// of 30 words is likely to be: only its ends are read.
const LONG_LINE_BYTES: usize = 240;

/// Words of `line`: runs of bytes between ASCII white space. Read byte by byte without
/// decoding, as every line of every body is counted.
fn word_count(line: &str) -> usize {
    let bytes = line.as_bytes();
    let starts = bytes
        .windows(2)
        .filter(|w| w[0].is_ascii_whitespace() && !w[1].is_ascii_whitespace())
        .count();
    starts + usize::from(bytes.first().is_some_and(|b| !b.is_ascii_whitespace()))
}

/// Calls `f` with `word` lower-cased, without allocating for a short ASCII word.
fn lowered<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 24];
    if word.is_ascii() && word.len() <= buf.len() {
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        // ASCII stays ASCII when lower-cased: valid UTF-8.
        match std::str::from_utf8(buf) {
            Ok(lower) => f(lower),
            Err(_) => f(&word.to_lowercase()),
        }
    } else {
        f(&word.to_lowercase())
    }
}

/// Separators of a section label or breadcrumb (`Home > News`, `Politics | Elections`).
const LABEL_SEPARATORS: [char; 6] = ['>', '|', '/', '·', '•', '&'];

/// Words of a staff role or a news agency in a byline (`Jane Doe, Staff Writer`).
const BYLINE_ROLES: [&str; 15] = [
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "columnist",
    "contributor",
    "reuters",
    "ap",
    "afp",
    "bloomberg",
    "press",
    "news",
    "wire",
    "times",
    "post",
];

/// Words that open a time stamp (`Updated 3:45 PM`): followed by a number or `ago`.
const STAMP_OPENERS: [&str; 7] = [
    "updated",
    "posted",
    "published",
    "last",
    "first",
    "modified",
    "edited",
];

/// Units of a relative time (`2 hours ago`) or a reading time (`5 min read`).
const TIME_UNITS: [&str; 14] = [
    "second", "seconds", "sec", "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs",
    "day", "days", "week",
];

/// The words of `line`, lower-cased, with the punctuation around them trimmed.
fn words(line: &str) -> Vec<String> {
    line.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != '’')
                .trim_end_matches('.')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// True for a number, a time (`3:45`) or a year.
fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))
}

/// What kind of page furniture `line` is, or `None` when it may be article text.
pub fn kind(line: &str) -> Option<FurnitureKind> {
    let line = line.trim();
    let first = line.split_whitespace().next()?;
    let p = phrases();
    let ends_in_parenthesis = line.ends_with([')', ']']);
    let first = first.trim_start_matches(['(', '[']);
    // A digit, `©`, an emoji or another symbol; not a quotation mark opening a quote.
    let opens_with_symbol = first.chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || (!c.is_alphanumeric() && !c.is_ascii_punctuation() && !QUOTES.contains(&c))
    });
    let first = first.trim_end_matches([':', ',', ';']);
    // What the first word may open: a starter (any furniture) and an opener (furniture of
    // more than a label's words), looked up once.
    let (starter, opener) = lowered(first, |w| {
        let of = |w: &str| p.first_words.get(w).copied();
        of(w)
            .or_else(|| of(w.trim_end_matches('.')))
            .unwrap_or((false, false))
    });
    let opener = opener || first.starts_with('©');
    // Most lines are paragraphs: a long one (told by its bytes, without reading its words)
    // can only be a caption ending in its credit, or a prompt, credit or copyright line by
    // how it opens.
    if line.len() > LONG_LINE_BYTES && !ends_in_parenthesis && !opener {
        return None;
    }
    // A line opening like no furniture, and not with a name and a byline separator, is
    // text; a line longer than a label opening like no prompt too. Both are told before the
    // words are counted.
    // A rule between parts of the page (`___`, `* * *`): no letter or digit at all.
    if !line.chars().any(char::is_alphanumeric) && line.chars().count() >= 3 {
        return Some(FurnitureKind::Prompt);
    }
    // An embed's placeholder, in square brackets: `[Video: Aerial footage of the flooding]`,
    // `[Embedded content]`. It stands for what the copy left behind.
    if line.len() > 2
        && line.starts_with('[')
        && line.ends_with(']')
        && !line[1..line.len() - 1].contains(['[', ']'])
    {
        return Some(FurnitureKind::Prompt);
    }
    // A wire's or agency's credit closing the story: `(Reporting by Jane Doe; Editing by Tom
    // Reed)`, `Associated Press writer Tom Reed contributed to this report.`
    if is_contribution(line) || is_desk_codes(line) {
        return Some(FurnitureKind::Credit);
    }
    let plain = !ends_in_parenthesis && !opens_with_symbol;
    if plain && !starter && !name_then_separator(line) {
        return None;
    }
    let n_words = word_count(line);
    if n_words > MAX_CAPTION_WORDS || (plain && n_words > MAX_WORDS && !opener) {
        return None;
    }
    let lower = line.to_lowercase();
    // A caption ending in its photo credit may be as long as a paragraph.
    if is_credit(line, &lower, p) {
        return Some(FurnitureKind::Credit);
    }
    if n_words > MAX_PROMPT_WORDS {
        return None;
    }
    let bare = lower.trim_end_matches([':', '.', '!', '…']).trim();
    if p.list.contains(bare) {
        return Some(FurnitureKind::StoryList);
    }
    if p.line.contains(bare) {
        return Some(FurnitureKind::Prompt);
    }
    let prefixed = |list: &[String]| {
        list.iter().any(|pre| {
            lower.strip_prefix(pre.as_str()).is_some_and(|rest| {
                // A prefix ending in its own separator ("more:") takes anything after it;
                // others need a word boundary.
                pre.ends_with([':', '/', '©']) || rest.is_empty() || rest.starts_with([' ', ':'])
            })
        })
    };
    let w = words(line);
    if is_copyright(&lower, &w) {
        return Some(FurnitureKind::Copyright);
    }
    if is_reading_time(&w) {
        return Some(FurnitureKind::ReadingTime);
    }
    if is_timestamp(&w) {
        return Some(FurnitureKind::Timestamp);
    }
    // A label's prefix (`WATCH:`, `More:`) heads a video's or a link's title, not a
    // paragraph of more than a label's words.
    if prefixed(&p.prefix) && (n_words <= MAX_WORDS || !lower.contains(": ")) {
        return Some(FurnitureKind::Prompt);
    }
    if n_words > MAX_WORDS {
        return None;
    }
    let counted = |w: &str| matches!(w, "comments" | "comment" | "shares" | "replies");
    // `142 Comments`, `Comments (124)`.
    if w.len() == 2
        && ((is_number(&w[0]) && counted(&w[1])) || (counted(&w[0]) && is_number(&w[1])))
    {
        return Some(FurnitureKind::Counter);
    }
    // A newsletter's sign-up: `Get the day's top stories straight to your inbox.`
    if lower.contains("your inbox") || lower.contains("newsletter") {
        return Some(FurnitureKind::Prompt);
    }
    if is_byline(line, &lower, p) {
        return Some(FurnitureKind::Byline);
    }
    if is_section(&lower, p) {
        return Some(FurnitureKind::Section);
    }
    // A share bar: `📘 Facebook 🐦 Twitter ✉️ Email 🔗 Copy link`.
    if w.len() >= 2 && w.iter().all(|w| p.share.contains(w.as_str())) {
        return Some(FurnitureKind::Prompt);
    }
    None
}

/// News agencies whose copy closes on the agency's name and its desk's initials: `PTI ABC
/// XYZ RSY` (Press Trust of India), `(NAN)`.
const DESK_AGENCIES: [&str; 6] = ["PTI", "IANS", "ANI", "UNI", "NAN", "APP"];

/// A line of a desk's codes closing a story: editors' initials joined by slashes (`MV/SK`,
/// `JD/TR/AB`), or an agency's name then its desk's codes (`PTI ABC XYZ RSY`). Each code is
/// two to four capital letters; a line of shouted words (`THIS IS NOT OK`) has no slash and
/// opens on no agency.
fn is_desk_codes(line: &str) -> bool {
    if line.len() > 40 || !line.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let mut codes = line
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|c| !c.is_empty());
    let is_code = |c: &str| (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_uppercase());
    let first = codes.next().unwrap_or_default();
    let mut rest = codes.peekable();
    is_code(first)
        && (line.contains('/') || DESK_AGENCIES.contains(&first))
        && rest.peek().is_some()
        && rest.all(is_code)
}

/// How a wire's credit for its reporters opens, inside parentheses: `(Reporting by ...)`.
const WIRE_CREDITS: [&str; 5] = [
    "reporting by",
    "additional reporting by",
    "writing by",
    "editing by",
    "compiled by",
];

/// How a credit for a contributor ends: `... contributed to this report.`
const CONTRIBUTED: [&str; 4] = [
    "contributed to this report",
    "contributed to this story",
    "contributed to this article",
    "contributed reporting",
];

/// Most words of a contributor's credit.
const MAX_CONTRIBUTION_WORDS: usize = 30;

/// A wire's credit in parentheses (`(Reporting by Jane Doe; Editing by Tom Reed)`) or a line
/// crediting a contributor (`Associated Press writer Tom Reed in London contributed to this
/// report.`).
fn is_contribution(line: &str) -> bool {
    if let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
        let inner = inner.trim_start().to_ascii_lowercase();
        return WIRE_CREDITS.iter().any(|c| inner.starts_with(c));
    }
    let tail = line.trim_end_matches(['.', ' ']);
    CONTRIBUTED.iter().any(|c| tail.ends_with(c)) && word_count(line) <= MAX_CONTRIBUTION_WORDS
}

/// `© 2026 ...`, `(c) 2026`, `Copyright 2026 The Associated Press. All rights reserved.`
fn is_copyright(lower: &str, words: &[String]) -> bool {
    let opens = lower.starts_with('©')
        || lower.starts_with("(c) ")
        || lower.starts_with("copyright ©")
        || (lower.starts_with("copyright ")
            && words.get(1).is_some_and(|w| w.len() == 4 && is_number(w)));
    opens || (lower.contains("all rights reserved") && words.len() <= 12)
}

/// `5 min read`, `3-minute read`, `Listen to this article 6:12`, `6 min listen`.
fn is_reading_time(words: &[String]) -> bool {
    if words.len() > 6 {
        return false;
    }
    let last = words.last().map(String::as_str);
    let timed = words.iter().any(|w| is_number(w) || w.contains("-min"));
    let unit = words
        .iter()
        .any(|w| TIME_UNITS.contains(&w.as_str()) || w.ends_with("-minute") || w.ends_with("-min"));
    (timed && unit && matches!(last, Some("read" | "listen" | "watch")))
        || (words.len() >= 4 && words[..4].join(" ") == "listen to this article")
}

/// A line of dates and times alone (`March 3, 2026`, `Tue 3 Mar 2026 15.45 GMT`,
/// `2 hours ago`), or opened by `Updated`, `Published`... with a number or `ago`.
fn is_timestamp(words: &[String]) -> bool {
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let dated = words.iter().any(|w| is_number(w) || w == "ago");
    let stamp_words = |ws: &[String]| {
        ws.iter().all(|w| {
            is_number(w)
                || lede::DATE_WORDS.contains(&w.as_str())
                || TIME_UNITS.contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "at" | "updated" | "published" | "posted" | "and" | "|"
                )
        })
    };
    let opened = STAMP_OPENERS.contains(&words[0].as_str());
    // "Updated 3:45 PM EST, Tue March 3, 2026" / "Published 2 hours ago" / "Last updated on
    // March 3"; a headline never opens "Updated 12 ..." with nothing but dates after it.
    let after_opener = &words[words
        .iter()
        .position(|w| !STAMP_OPENERS.contains(&w.as_str()))
        .unwrap_or(words.len())..];
    (opened && dated && stamp_words(after_opener))
        || (dated && stamp_words(words) && words.iter().any(|w| !is_number(w) || w.contains(':')))
}

/// A photo credit (`(Photo: Jane Doe/Reuters)`, `AP Photo/John Roe`, `Photo by Jane Doe`) or a
/// caption ending in one (`Firefighters on Tuesday. (AP Photo/John Roe)`).
fn is_credit(line: &str, lower: &str, p: &Phrases) -> bool {
    let opened = |s: &str| p.credit.iter().any(|c| s.starts_with(c.as_str()));
    let inner = lower.trim_start_matches(['(', '[']);
    if opened(inner) {
        return true;
    }
    // The last parenthetical, when the line ends with it.
    if !line.ends_with([')', ']']) {
        return false;
    }
    let Some(open) = lower.rfind(['(', '[']) else {
        return false;
    };
    let last = &lower[open + 1..];
    opened(last) || last.contains("getty images") || last.contains("photo/")
}

/// True when `line` opens with 2 to 4 capitalised words and a separator: the shape of a byline
/// without `By` (`Jane Doe, Staff Writer`, `Jane Doe | Reuters`).
fn name_then_separator(line: &str) -> bool {
    // Word by word, so a sentence ("The council voted...") is told at its second word.
    let mut names = 0;
    for word in line.split_ascii_whitespace().take(5) {
        if matches!(word, "|" | "—" | "–") {
            return names >= 2;
        }
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        names += 1;
        if word.ends_with(',') || word.contains(['|', '—', '–']) {
            return (2..=4).contains(&names);
        }
    }
    false
}

/// Quotation marks and dashes that open a paragraph of text.
const QUOTES: [char; 8] = ['“', '”', '‘', '’', '«', '»', '—', '–'];

/// What stands between a byline's name and its role.
const BYLINE_SEPARATORS: [char; 4] = [',', '|', '—', '–'];

/// `By Jane Doe`, `BY JANE DOE AND JOHN ROE | Associated Press`, `Written by Jane Doe`,
/// `Jane Doe, Staff Writer`, `Jane Doe | Reuters`.
fn is_byline(line: &str, lower: &str, p: &Phrases) -> bool {
    let opened = p.byline.iter().any(|b| {
        lower
            .strip_prefix(b.as_str())
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|rest| rest.trim_start().chars().next())
            .is_some_and(|c| c.is_alphabetic())
    });
    // "By the time..." opens a sentence, not a byline: the name is capitalised. So do "By
    // Sunday night, police had..." and "By March, the council...": a byline's name is
    // capitalised to its end, and what follows a separator is a role or an agency.
    if opened {
        let mut after = line
            .split_whitespace()
            .skip_while(|w| !w.eq_ignore_ascii_case("by"))
            .skip(1)
            .peekable();
        let first = after.peek().copied().unwrap_or("");
        if !first.chars().next().is_some_and(char::is_uppercase)
            || matches!(first, "The" | "THE" | "A" | "An")
        {
            return false;
        }
        for (names, word) in after.enumerate() {
            let bare = word.trim_end_matches(BYLINE_SEPARATORS);
            let name_word = bare.is_empty()
                || bare.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    bare,
                    "and" | "&" | "de" | "van" | "von" | "der" | "la" | "bin"
                );
            if word.len() > bare.len() {
                // A separator: a role or an agency must follow, if anything does.
                let Some(at) = line.find(BYLINE_SEPARATORS) else {
                    return name_word;
                };
                let role_words = words(line[at..].trim_start_matches(BYLINE_SEPARATORS));
                return name_word
                    && (role_words.is_empty()
                        || role_words
                            .iter()
                            .any(|w| BYLINE_ROLES.contains(&w.as_str())));
            }
            if !name_word {
                // A name of two or more words may go on with where or when it was written
                // ("By Jane Doe in Washington", "By Jane Doe on March 3").
                return names >= 2
                    && matches!(bare, "in" | "on" | "at" | "for" | "updated" | "published");
            }
        }
        return true;
    }
    // A name of 2 to 4 capitalised words, then a role or an agency: "Jane Doe, Staff
    // Writer", "Jane Doe | Reuters".
    if !name_then_separator(line) {
        return false;
    }
    let Some(at) = line.find(BYLINE_SEPARATORS) else {
        return false;
    };
    let role_words = words(line[at..].trim_start_matches(BYLINE_SEPARATORS));
    !role_words.is_empty()
        && role_words.len() <= 4
        && role_words
            .iter()
            .any(|w| BYLINE_ROLES.contains(&w.as_str()))
        && lede::headline_problem(line) != Some(lede::NotHeadline::SentenceEnd)
}

/// How a press release's contact block opens (lower-cased, its colon dropped).
const CONTACT_HEADINGS: [&str; 6] = [
    "media contact",
    "media contacts",
    "press contact",
    "press contacts",
    "media enquiries",
    "media inquiries",
];

/// The heading of a press release's contact block on its own line: `Media contact:`. (Its
/// `About ...` paragraph stays: the company's own description of itself is the release's
/// text, and its promotional language a sign of what the text is.)
fn is_boilerplate_heading(line: &str) -> bool {
    let bare = line.trim_end_matches(':').trim_end();
    // Compared without case rather than lower-cased: most lines are paragraphs, not copied.
    CONTACT_HEADINGS
        .iter()
        .any(|h| bare.eq_ignore_ascii_case(h))
}

/// How a letter signs off: `Yours faithfully,`.
const SIGN_OFFS: [&str; 6] = [
    "yours faithfully",
    "yours sincerely",
    "yours truly",
    "best wishes",
    "kind regards",
    "with best wishes",
];

/// A letter's sign-off alone on its line: `Yours faithfully,`, `Kind regards`.
fn is_sign_off(line: &str) -> bool {
    let bare = line.trim_end_matches([',', '.', ' ']);
    // Compared without case rather than lower-cased: most lines are paragraphs, not copied.
    SIGN_OFFS.iter().any(|s| bare.eq_ignore_ascii_case(s))
}

/// Most words of a signature: a name, and a place (`Geoffrey Mills, Oban`).
const MAX_SIGNATURE_WORDS: usize = 5;

/// A signature: up to [`MAX_SIGNATURE_WORDS`] words, each capitalised, not ending as a
/// sentence does (`Ann Whitaker`, `Geoffrey Mills, Oban`).
fn is_signature(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=MAX_SIGNATURE_WORDS).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !line.ends_with(['.', '!', '?', ':', '"', '”', '\''])
}

/// Words of a journalist's role in a bio.
const BIO_ROLES: [&str; 11] = [
    "reporter",
    "writer",
    "correspondent",
    "editor",
    "columnist",
    "journalist",
    "contributor",
    "freelancer",
    "photographer",
    "producer",
    "author",
];

/// An author's bio as the last line of a body: a name of 2 or 3 capitalised words, then `is`,
/// `was`, `covers`, `writes` or `reports`, and a journalist's role in the 12 words from there,
/// in at most 40 words (`Jane Doe is an award-winning reporter who covers transport.`). A
/// bio without a role word (`Jane Doe covers city hall.`) is not told from news.
fn is_bio(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().take(41).collect();
    if words.len() > 40 {
        return false;
    }
    let Some(verb) = words
        .iter()
        .position(|w| matches!(*w, "is" | "was" | "covers" | "writes" | "reports"))
    else {
        return false;
    };
    let named = (2..=3).contains(&verb)
        && words[..verb]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    named
        && words[verb..].iter().take(12).any(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            BIO_ROLES.contains(&w.as_str())
                || matches!(words[verb], "covers" | "writes" | "reports")
        })
}

/// `LOCAL NEWS`, `World News`, `Home > News > Local`, `Politics | Elections`.
fn is_section(lower: &str, p: &Phrases) -> bool {
    let (mut count, mut parts) = (0, 0);
    for part in lower.split(LABEL_SEPARATORS) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        parts += 1;
        // Each part is one section phrase or a run of section words.
        let whole = p.section.contains(part);
        let each = part.split_whitespace().all(|w| {
            p.section
                .contains(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        });
        if !(whole || each) {
            return false;
        }
        count += part.split_whitespace().count();
    }
    // A label of up to four words; a site's menu bar, three or more sections between
    // separators (`Home | News | UK | Politics | Business | Sport`), may hold more.
    (1..=4).contains(&count) || (parts >= 3 && count <= MAX_MENU_WORDS)
}

/// Most words of a menu bar of sections.
const MAX_MENU_WORDS: usize = 16;

/// A body with its lines of page furniture set apart: the body as the article keeps it, and
/// the lines set apart, in order. Borrowed when there are none (most bodies).
///
/// After a label opening a list of other stories (`Most Read`), the headline-like lines that
/// follow are set apart too, up to the first line that is not one.
pub fn strip(body: &str) -> (std::borrow::Cow<'_, str>, Vec<String>) {
    let mut removed = Vec::new();
    let mut kept = String::new();
    let mut in_list = false;
    // After a letter's sign-off: the lines of its signature follow.
    let mut signed = false;
    // After a press release's `Media contact:`: its contacts, to the end.
    let mut boilerplate = false;
    let mut changed = false;
    // Lines by their newlines, found by `memchr` (every body's every byte is searched).
    // The last line with text: an author's bio may close the body there.
    let trimmed = body.trim_end();
    // (Only after other text: a body of one line is never all bio.)
    let last_line = trimmed
        .rfind('\n')
        .map(|newline| newline + 1)
        .filter(|&at| !body[..at].trim().is_empty())
        .unwrap_or(usize::MAX);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', body.as_bytes())
        .map(|newline| newline + 1)
        .chain(std::iter::once(body.len()));
    for end in ends {
        if end <= start {
            continue;
        }
        let line = &body[start..end];
        let is_last = start == last_line;
        start = end;
        let text = line.trim();
        if text.is_empty() {
            if changed {
                kept.push_str(line);
            }
            // A blank line does not end a list of stories: pages space them out.
            continue;
        }
        let furniture = match kind(text) {
            Some(FurnitureKind::StoryList) => {
                in_list = true;
                true
            }
            Some(_) => true,
            None if in_list && lede::headline_problem(text).is_none() => true,
            None if is_last && is_bio(text) => true,
            // A letter's sign-off (`Yours faithfully,`) and the name and place under it; a
            // name alone closing the body (an obituary's or a column's signature).
            None if is_sign_off(text) => {
                signed = true;
                true
            }
            // A press release's contact block: from `Media contact:` to the end (names,
            // addresses and telephone numbers, which would count as figures).
            None if is_boilerplate_heading(text) => {
                boilerplate = true;
                true
            }
            None if boilerplate => true,
            None if (signed || is_last) && is_signature(text) => true,
            None => {
                in_list = false;
                false
            }
        };
        if furniture {
            if !changed {
                changed = true;
                kept.push_str(&body[..end - line.len()]);
            }
            removed.push(text.to_string());
        } else if changed {
            kept.push_str(line);
        }
    }
    if !changed {
        return (std::borrow::Cow::Borrowed(body), removed);
    }
    (std::borrow::Cow::Owned(kept), removed)
}

#[cfg(test)]
mod tests {
    use super::{kind, strip, FurnitureKind as K};

    #[test]
    fn lines_of_page_furniture_and_lines_of_articles() {
        let cases: &[(&str, &str, Option<K>)] = &[
            ("caps section label", "LOCAL NEWS", Some(K::Section)),
            (
                "a menu bar of sections",
                "Home | News | UK | Politics | Business | Sport",
                Some(K::Section),
            ),
            (
                "a headline with a separator is no menu",
                "Politics | Council approves the new budget after a long debate",
                None,
            ),
            ("section label", "World News", Some(K::Section)),
            ("one-word section", "Politics", Some(K::Section)),
            ("dotted section", "U.S. NEWS", Some(K::Section)),
            ("breadcrumb", "Home > News > Local", Some(K::Section)),
            ("byline", "By Jane Doe, Staff Writer", Some(K::Byline)),
            ("byline with a pipe and two names", "By JANE DOE and JOHN ROE | Associated Press", Some(K::Byline)),
            ("byline without By", "Jane Doe | Staff Writer", Some(K::Byline)),
            ("byline with an agency", "Jane Doe, Reuters", Some(K::Byline)),
            ("byline with a place", "By Jane Doe in Washington", Some(K::Byline)),
            ("byline of an agency", "By Reuters", Some(K::Byline)),
            ("a sentence opening on a time", "By Sunday night, police had arrested 12 people.", None),
            ("a sentence opening on a month", "By March, the council had spent its budget.", None),
            ("a sentence opening on a holiday", "By Christmas, officials said, the road will reopen.", None),
            ("a label's prefix", "WATCH: Residents describe the moment the water rose", Some(K::Prompt)),
            (
                "a paragraph after a label's prefix",
                "WATCH: The mayor said on Monday that the city would rebuild every home the flood destroyed, and that the money was already there.",
                None,
            ),
            ("written by", "Written by Jane Doe", Some(K::Byline)),
            ("time stamp", "Updated 3:45 PM EST, Tue March 3, 2026", Some(K::Timestamp)),
            ("relative time stamp", "Published 2 hours ago", Some(K::Timestamp)),
            ("date alone", "March 3, 2026", Some(K::Timestamp)),
            ("tweet time", "9:35 PM - 19 Oct 2016", Some(K::Timestamp)),
            ("reading time", "5 min read", Some(K::ReadingTime)),
            ("listening time", "Listen to this article 6:12", Some(K::ReadingTime)),
            ("advertisement", "ADVERTISEMENT", Some(K::Prompt)),
            ("share prompt", "Share this article", Some(K::Prompt)),
            ("newsletter prompt", "Sign up for our newsletter to get the latest local news delivered to your inbox every morning.", Some(K::Prompt)),
            ("related link", "Related: Council delays vote on bus lanes", Some(K::Prompt)),
            ("read more", "Read more: Our full guide to the new bus lanes", Some(K::Prompt)),
            ("share bar", "📘 Facebook 🐦 Twitter ✉️ Email 🔗 Copy link", Some(K::Prompt)),
            ("story list label", "MOST READ", Some(K::StoryList)),
            ("photo credit", "(Photo: Jane Doe/Reuters)", Some(K::Credit)),
            ("caption ending in its credit", "A car sits in floodwater on Highway 12 near Ashby, Monday, March 2, 2026. (AP Photo/John Roe)", Some(K::Credit)),
            ("copyright", "Copyright 2026 The Associated Press. All rights reserved.", Some(K::Copyright)),
            ("copyright sign", "© 2026 Harwick Gazette", Some(K::Copyright)),
            ("comment count", "142 Comments", Some(K::Counter)),
            ("comment count after its label", "Comments (124)", Some(K::Counter)),
            ("an embed's placeholder", "[Video: Aerial footage of flooding at State and Main]", Some(K::Prompt)),
            ("a bracket opening a sentence is text", "[The mayor] said the road would reopen, and [it] did.", None),
            ("an editor's initials", "MV/SK", Some(K::Credit)),
            ("an agency's desk codes", "PTI ABC XYZ RSY", Some(K::Credit)),
            ("shouted words are no desk codes", "THIS IS NOT OK", None),
            ("a release's number", "(Release ID: 2047316)", Some(K::Prompt)),
            ("an editor's credit", "Edited by Chioma Ugboma/Sadiya Hamza", Some(K::Byline)),
            (
                "a cookie notice",
                "We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies. Accept all | Manage preferences",
                Some(K::Prompt),
            ),
            ("a rule", "___", Some(K::Prompt)),
            ("a rule of stars", "* * *", Some(K::Prompt)),
            (
                "a newsletter's sign-up",
                "Get the day's top stories straight to your inbox.",
                Some(K::Prompt),
            ),
            (
                "a wire's credit",
                "(Reporting by Jane Doe; Editing by Tom Reed)",
                Some(K::Credit),
            ),
            (
                "a contributor's credit",
                "Associated Press writer Tom Reed in London contributed to this report.",
                Some(K::Credit),
            ),
            (
                "a paragraph about reporting is text",
                "Reporting by the BBC showed the council knew of the problem in 2019.",
                None,
            ),
            ("get is a word", "Get ready for a cold weekend, forecasters said.", None),
            // Article text, which must stay.
            ("a headline", "Council approves bus lanes on Mill Road", None),
            ("a headline opening with By the", "By the numbers: the council's new budget", None),
            ("a headline naming two people", "Joe Biden, Kamala Harris campaign in Ohio", None),
            ("a headline with news in it", "Good news for commuters as bus lanes open", None),
            ("a headline with a number and minutes", "5 minutes that changed the city", None),
            ("a sentence opening Related", "Related research has shown the same effect in three other cities.", None),
            ("a sentence on copyright", "Copyright cases rose by 20% last year, the office said.", None),
            ("a sentence with a date", "The council voted on March 3, 2026, after a long debate.", None),
            ("a year alone", "2026", None),
            ("a tabloid's own appeal", "Don't miss a single update. Share this with everyone you know!!!", None),
            ("a name and a role in a list", "David Ross Meyers, assistant staff secretary", None),
            ("an empty line", "", None),
        ];
        for (name, line, expected) in cases {
            assert_eq!(kind(line), *expected, "{name}: {line:?}");
        }
    }

    #[test]
    fn strip_sets_furniture_lines_apart_and_keeps_the_rest_as_written() {
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("nothing to strip", "One.\n\nTwo.", "One.\n\nTwo.", &[]),
            (
                "an advertisement between paragraphs",
                "One.\n\nADVERTISEMENT\n\nTwo.",
                "One.\n\n\nTwo.",
                &["ADVERTISEMENT"],
            ),
            (
                "a list of other stories, spaced out",
                "One.\n\nMOST READ\n\n1. SHOCKING video shows the mall after dark\n\n2. You won't believe this chef's secret!!!\n\nTwo said the mayor.",
                "One.\n\n\n\n\nTwo said the mayor.",
                &["MOST READ", "1. SHOCKING video shows the mall after dark", "2. You won't believe this chef's secret!!!"],
            ),
            (
                "an author's bio closing the body",
                "The council voted on Tuesday.\n\nJane Doe is an award-winning reporter who covers transport for the Gazette.\n",
                "The council voted on Tuesday.\n\n",
                &["Jane Doe is an award-winning reporter who covers transport for the Gazette."],
            ),
            (
                "a body of one bio-like line is not all bio",
                "Jane Doe is a reporter who covers transport for the Gazette.",
                "Jane Doe is a reporter who covers transport for the Gazette.",
                &[],
            ),
            (
                "a reporter in the news, not closing the body",
                "Maria Lopez is a reporter who saw the crash, police said.\n\nThe road reopened on Friday.",
                "Maria Lopez is a reporter who saw the crash, police said.\n\nThe road reopened on Friday.",
                &[],
            ),
            (
                "a closing line about someone else's job",
                "The council voted.\n\nThe mayor is a former teacher who was elected in 2022.",
                "The council voted.\n\nThe mayor is a former teacher who was elected in 2022.",
                &[],
            ),
            (
                "a letter's sign-off and signature",
                "The bus lane must go.\n\nYours faithfully,\nGeoffrey Mills\nOban\n",
                "The bus lane must go.\n\n",
                &["Yours faithfully,", "Geoffrey Mills", "Oban"],
            ),
            (
                "a press release's contact block",
                "The plant opens in May.\n\nAbout Greenvale Foods\nGreenvale Foods Ltd is a family-owned business.\n\nMedia contact:\nTom Reilly\n+44 (0)113 496 0000\n",
                "The plant opens in May.\n\nAbout Greenvale Foods\nGreenvale Foods Ltd is a family-owned business.\n\n",
                &["Media contact:", "Tom Reilly", "+44 (0)113 496 0000"],
            ),
            (
                "a sentence about contacts is text",
                "Media contacts were told nothing.\n\nThe plant opens in May.\n",
                "Media contacts were told nothing.\n\nThe plant opens in May.\n",
                &[],
            ),
            (
                "a name alone closing the body",
                "She will be sadly missed.\n\nAnn Whitaker\n",
                "She will be sadly missed.\n\n",
                &["Ann Whitaker"],
            ),
            (
                "a short closing sentence is text",
                "The council voted.\n\nThe Mayor Resigned.\n",
                "The council voted.\n\nThe Mayor Resigned.\n",
                &[],
            ),
            (
                "a byline and time stamp before a dateline",
                "By Jane Doe\nUpdated 3:45 PM EST, March 3, 2026\n\nDENVER (AP) — It rained.",
                "\nDENVER (AP) — It rained.",
                &["By Jane Doe", "Updated 3:45 PM EST, March 3, 2026"],
            ),
        ];
        for (name, body, kept, removed) in cases {
            let (got, set_apart) = strip(body);
            assert_eq!(got, *kept, "{name}");
            assert_eq!(set_apart, *removed, "{name}");
        }
    }
}
