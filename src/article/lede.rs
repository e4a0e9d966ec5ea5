//! The opening of an article as it arrives: a kicker above the headline (`BREAKING:`,
//! `Opinion |`), a headline or none, and a dateline at the start of the body
//! (`DENVER (AP) —`).
//!
//! None of these is headline text. Pasted articles often have no headline at all, so the first
//! line is taken as one only when it looks like one ([`headline_problem`]); the rule was
//! chosen on the shared corpora (see `docs/methodology.md`): 99.6% of 34,866 headlines pass
//! it and 91% of 3,246 articles' first paragraphs do not.
//!
//! ```
//! use hypecheck::article::lede::{dateline, headline_problem, split_kicker, KickerKind};
//! assert_eq!(headline_problem("Council approves budget after long debate"), None);
//! assert!(headline_problem("The council approved the budget on Tuesday. It had debated it for weeks.").is_some());
//! let (kicker, headline) = split_kicker("BREAKING: Mayor resigns").unwrap();
//! assert_eq!((kicker.text, kicker.kind, headline), ("BREAKING", KickerKind::Urgent, "Mayor resigns"));
//! let body = "DENVER (AP) — The city council voted on Monday.";
//! assert_eq!(&body[dateline(body).unwrap()], "DENVER (AP) —");
//! ```

use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

/// What a kicker says about the text that follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KickerKind {
    /// News in a hurry: `BREAKING`, `JUST IN`, `EXCLUSIVE`, `DEVELOPING`.
    Urgent,
    /// Comment rather than reporting: `OPINION`, `ANALYSIS`, `EDITORIAL`, `REVIEW`.
    Opinion,
    /// The piece's form: `WATCH`, `PHOTOS`, `INTERVIEW`, `LIVE` (a live blog),
    /// `UPDATE` (a running story).
    Format,
    /// An answer to a question the headline asks: `EXPLAINER`, `Q&A`, `FACT CHECK`, `FAQ`. Its
    /// question headline is the piece's subject, not a teaser.
    Explainer,
    /// A press release: `PRESS RELEASE`, `FOR IMMEDIATE RELEASE`, `MEDIA ADVISORY`. Its issuer
    /// speaks for itself; a dateline under it is the issuer's, not a newsroom's.
    Release,
}

/// A kicker found before a headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kicker<'t> {
    /// Its text as written, without the separator (`BREAKING NEWS`, `Opinion`).
    pub text: &'t str,
    /// Its kind, from `models/lexicons/kickers.txt`.
    pub kind: KickerKind,
}

/// The kicker list, embedded from `models/lexicons/kickers.txt`: (lower-cased phrase, kind),
/// longest first.
fn kickers() -> &'static [(String, KickerKind)] {
    static KICKERS: OnceLock<Vec<(String, KickerKind)>> = OnceLock::new();
    KICKERS.get_or_init(|| {
        let mut list: Vec<(String, KickerKind)> = crate::lexicon::KICKERS_TEXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (kind, phrase) = l.split_once(' ')?;
                let kind = match kind {
                    "urgent" => KickerKind::Urgent,
                    "opinion" => KickerKind::Opinion,
                    "format" => KickerKind::Format,
                    "release" => KickerKind::Release,
                    "explainer" => KickerKind::Explainer,
                    _ => return None,
                };
                Some((phrase.trim().to_lowercase(), kind))
            })
            .collect();
        list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        list
    })
}

/// The kind of a kicker's text, if it is one (`"Breaking News"` → `Urgent`).
pub fn kicker_kind(text: &str) -> Option<KickerKind> {
    let lower = text.trim().to_lowercase();
    kickers().iter().find(|(p, _)| *p == lower).map(|(_, k)| *k)
}

/// Words of a time stamp or date line, besides numbers and times.
pub(crate) const DATE_WORDS: [&str; 56] = [
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "a.m.",
    "a.m",
    "pm",
    "p.m.",
    "p.m",
    "est",
    "edt",
    "pst",
    "pdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "ago",
    "on",
];

/// True for a document's number or date and nothing else (`No. 118/2024`, `– 3 March 2026`,
/// `Ref: PR-2026-14`): every word holds a digit, is a date word or says "number".
fn is_reference(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| SEPARATORS.iter().any(|s| s.starts_with(c)));
    let mut words = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "no" | "nr" | "nº" | "ref" | "number" | "reference"
                )
                || DATE_WORDS.contains(&w.as_str())
        })
}

/// Separators between a kicker and its headline.
const SEPARATORS: [&str; 5] = [":", "|", "—", "–", "-"];

/// Splits a kicker off the start of a headline line: `(kicker, rest of the headline)`, the
/// rest empty when the line is a kicker alone. `None` when the line does not open with one.
pub fn split_kicker(line: &str) -> Option<(Kicker<'_>, &str)> {
    let line = line.trim();
    // Kickers are ASCII: compared without case, byte for byte, with no allocation (every
    // headline passes through here).
    let bytes = line.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    for (phrase, kind) in kickers().iter().filter(|(p, _)| p.as_bytes()[0] == first) {
        let n = phrase.len();
        if bytes.len() < n || !bytes[..n].eq_ignore_ascii_case(phrase.as_bytes()) {
            continue;
        }
        let text = &line[..phrase.len()];
        let after = &line[phrase.len()..];
        if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            continue; // "Breakingviews", "Updates" are words, not this kicker
        }
        let mut kicker = Kicker { text, kind: *kind };
        let rest = after.trim_start();
        // A wire's numbered update, `UPDATE 2-Norway holds rates`: the number is the kicker's
        // (a score such as `LIVE 2-0 win` is not: a digit follows its dash).
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) {
            let after_number = &rest[digits..];
            let spaced = after_number.trim_start();
            if let Some(sep) = SEPARATORS.iter().find(|s| spaced.starts_with(**s)) {
                let headline = spaced[sep.len()..].trim_start();
                if !headline.starts_with(|c: char| c.is_ascii_digit()) {
                    kicker.text = &line[..line.len() - after_number.len()];
                    return Some((kicker, headline.trim()));
                }
            }
        }
        if rest.trim_end_matches(['!', '.', ':']).is_empty() {
            return Some((kicker, ""));
        }
        // A release's label with its number or date (`PRESS RELEASE No. 118/2024`, `Media
        // release – 3 March 2026`) is a kicker alone on its line: no headline follows it.
        if kicker.kind == KickerKind::Release && is_reference(rest) {
            return Some((kicker, ""));
        }
        if let Some(sep) = SEPARATORS.iter().find(|s| rest.starts_with(**s)) {
            let headline = rest[sep.len()..].trim();
            return Some((kicker, headline));
        }
        // "BREAKING Mayor resigns": a shouted kicker before a headline that is not shouted.
        let shouted =
            |s: &str| s.chars().any(|c| c.is_alphabetic()) && !s.chars().any(|c| c.is_lowercase());
        if shouted(text) && !shouted(rest) && after.starts_with(' ') {
            return Some((kicker, rest));
        }
    }
    wire_slug(line)
}

/// A wire's topic slug before its headline (`GLOBAL MARKETS-Stocks slip as yields climb`,
/// `US STOCKS-Wall Street rises`): one to three words in capitals, at least four letters and
/// not all of them acronyms (`US-China talks resume`, `NATO-Russia talks` are headlines),
/// joined by a dash with no space to a headline of three or more words whose first word is
/// capitalised, not in capitals (`TRAITOR-IN-CHIEF: Here's...` is a shouted headline). A [`KickerKind::Format`] kicker: it names the desk,
/// not the news.
fn wire_slug(line: &str) -> Option<(Kicker<'_>, &str)> {
    let dash = line.find('-')?;
    let (slug, rest) = (&line[..dash], line[dash + 1..].trim());
    let words: Vec<&str> = slug.split(' ').collect();
    let letters = slug.chars().filter(char::is_ascii_uppercase).count();
    let slug_like = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/' || c == '&')
        })
        && letters >= 4
        && !words.iter().all(|w| is_shipped_acronym(w));
    let first_word = rest.split_whitespace().next().unwrap_or("");
    let headline = rest.starts_with(|c: char| c.is_uppercase())
        && first_word.chars().any(char::is_lowercase)
        && rest.split_whitespace().count() >= 3;
    (slug_like && headline).then_some((
        Kicker {
            text: slug,
            kind: KickerKind::Format,
        },
        rest,
    ))
}

/// True for an entry of `models/lexicons/acronyms.txt` (as shipped).
fn is_shipped_acronym(word: &str) -> bool {
    static WORDS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| shipped_entries(&[crate::lexicon::LexiconKind::Acronyms]))
        .contains(word)
}

/// Why a line is not read as a headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotHeadline {
    /// Fewer than two words: a section label, a name, a stray word.
    TooShort,
    /// More than [`MAX_HEADLINE_WORDS`] words or [`MAX_HEADLINE_BYTES`] bytes.
    TooLong,
    /// It ends like a sentence (a full stop, or `!`/`?` after many words).
    SentenceEnd,
    /// More than one sentence.
    Sentences,
    /// It opens with a dateline (`DENVER (AP) —`): it is the body's first line.
    Dateline,
    /// A byline (`By Jane Smith`).
    Byline,
    /// A time stamp (`Updated 10:42 a.m.`, `Published March 3, 2026`).
    Timestamp,
}

impl NotHeadline {
    /// Says why, for a warning.
    pub fn reason(self) -> &'static str {
        match self {
            NotHeadline::TooShort => "it has fewer than two words",
            NotHeadline::TooLong => "it is longer than any headline (over 30 words)",
            NotHeadline::SentenceEnd => "it ends like a sentence",
            NotHeadline::Sentences => "it holds more than one sentence",
            NotHeadline::Dateline => "it opens with a dateline",
            NotHeadline::Byline => "it is a byline",
            NotHeadline::Timestamp => "it is a time stamp",
        }
    }
}

/// Most words a headline has: 99.9% of the corpora's 34,866 headlines have 20 or fewer.
pub const MAX_HEADLINE_WORDS: usize = 30;
/// Most bytes a headline has.
pub const MAX_HEADLINE_BYTES: usize = 250;
/// A line ending in `!` or `?` with more words than this is a sentence, not a headline.
const MAX_EXCLAIMED_HEADLINE_WORDS: usize = 20;

/// Closing marks that may follow a headline's last word.
const CLOSING: [char; 6] = ['"', '\'', '\u{201d}', '\u{2019}', ')', ']'];

/// Abbreviations that end in a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 52] = [
    "vs", "etc", "jr", "sr", "st", "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep",
    "no", "inc", "co", "corp", "ltd", "mt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "dept", "dem", "univ", "bros", "assn", "ave", "blvd", "ariz",
    "calif", "colo", "conn", "fla", "mass", "mich", "minn", "okla", "tenn", "wash", "wis", "ore",
];

/// `None` when `line` looks like a headline; otherwise why not.
///
/// A headline has 2 to 30 words, one sentence, and does not end in a full stop (headlines
/// rarely do: 0.4% of the corpora's); it is not a dateline or a byline.
pub fn headline_problem(line: &str) -> Option<NotHeadline> {
    let line = line.trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 {
        return Some(NotHeadline::TooShort);
    }
    if words.len() > MAX_HEADLINE_WORDS || line.len() > MAX_HEADLINE_BYTES {
        return Some(NotHeadline::TooLong);
    }
    if dateline(line).is_some() {
        return Some(NotHeadline::Dateline);
    }
    if is_byline(line) {
        return Some(NotHeadline::Byline);
    }
    let lower = line.to_ascii_lowercase();
    let stamp = ["updated", "posted", "published", "last updated"]
        .iter()
        .any(|w| lower.starts_with(w));
    if stamp && words.len() <= 8 && line.chars().any(|c| c.is_ascii_digit()) {
        return Some(NotHeadline::Timestamp);
    }
    let core = line.trim_end_matches(CLOSING);
    let ellipsis = core.ends_with("..") || core.ends_with('…');
    let last = core.rsplit(char::is_whitespace).next().unwrap_or(core);
    let abbreviation = last
        .strip_suffix('.')
        .is_some_and(|stem| ABBREVIATIONS.contains(&stem.to_lowercase().as_str()));
    if core.ends_with('.') && !ellipsis && !ends_with_initials(core) && !abbreviation {
        return Some(NotHeadline::SentenceEnd);
    }
    if core.ends_with(['!', '?']) && words.len() > MAX_EXCLAIMED_HEADLINE_WORDS {
        return Some(NotHeadline::SentenceEnd);
    }
    // Sentence breaks; a headline may end on a short second one ("I was wrong about working
    // from home. Here's why", "Storm hits coast. Thousands without power").
    let breaks: Vec<usize> = words
        .windows(2)
        .enumerate()
        .filter(|(_, w)| ends_sentence(w[0], w[1]))
        .map(|(i, _)| i + 1)
        .collect();
    match breaks.as_slice() {
        [] => None,
        [at] if words.len() - at <= MAX_HEADLINE_TAIL_WORDS => None,
        _ => Some(NotHeadline::Sentences),
    }
}

/// Most words of a headline's second sentence ("Here's why", "Thousands without power").
const MAX_HEADLINE_TAIL_WORDS: usize = 4;

/// True for a byline: `By Jane Smith`, `BY MARTA OLSEN AND TOM REED`,
/// `By Anna Marsh, Staff Writer`.
fn is_byline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (line.starts_with("By ") || line.starts_with("BY ")) && words <= 8
}

/// True for "U.S." or "D.C." at the end: initials, not a full stop.
fn ends_with_initials(core: &str) -> bool {
    let last = core.rsplit(char::is_whitespace).next().unwrap_or(core);
    let letters = last.trim_end_matches('.').split('.');
    last.len() >= 2 && letters.clone().all(|l| l.chars().count() == 1)
}

/// True when `word` ends a sentence and `next` starts one.
fn ends_sentence(word: &str, next: &str) -> bool {
    let core = word.trim_end_matches(CLOSING);
    let Some(stem) = core.strip_suffix('.') else {
        return false;
    };
    if stem.ends_with('.') {
        return false; // an ellipsis
    }
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    let lower = stem
        .trim_start_matches(['"', '\u{201c}', '('])
        .to_lowercase();
    // Initials and dotted acronyms ("A.I.G.", "U.S.") and abbreviations do not end sentences.
    if letters < 3 || stem.contains('.') || ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    let mut next = next.chars();
    let first = next.next().unwrap_or(' ');
    first.is_uppercase() || matches!(first, '"' | '\u{201c}')
}

fn dateline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let caps_word = r"[\p{Lu}][\p{Lu}\p{M}.'’\-]*";
        let title_word = r"[\p{Lu}][\p{L}\p{M}.'’\-]*";
        let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
        let pattern = format!(
            r"^(?P<loc>{caps_word}(?:[ \t]+{caps_word}){{0,4}}|{title_word}(?:[ \t]+{title_word}){{0,3}})(?:,[ \t]+(?P<region>{title_word}(?:[ \t]+{title_word}){{0,2}}))?(?:,[ \t]+(?P<date>{month}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?|\d{{1,2}}[ \t]+{month}(?:,?[ \t]+\d{{4}})?))?(?:(?:[ \t]+|[ \t]*--)\((?P<agency>[^()\n]{{1,40}})\)|[ \t]+/(?P<wire>[^/\n]{{1,40}})/)?[ \t]*(?:(?P<sep>—|–|--|-|:)(?:[ \t]|$)|(?P<tight>--)\w|(?P<next>[\p{{Lu}}\x22\x{{201C}}\x{{2018}}'])|$)",
        );
        Regex::new(&pattern).expect("the dateline pattern is valid")
    })
}

/// True for a word of `models/lexicons/hype_words.txt` or `loaded_words.txt` (as shipped).
fn is_hype_word(word: &str) -> bool {
    use crate::lexicon::LexiconKind::{HypeWords, LoadedWords};
    static WORDS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| shipped_entries(&[HypeWords, LoadedWords]))
        .contains(word)
}

/// The entries of shipped lexicons, as written (comments and blank lines left out).
fn shipped_entries(
    kinds: &[crate::lexicon::LexiconKind],
) -> std::collections::HashSet<&'static str> {
    kinds
        .iter()
        .flat_map(|kind| kind.default_text().lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The dateline at the start of `body` (`DENVER (AP) —`, `WASHINGTON (Reuters) -`,
/// `LYON, France, March 4 —`, `PORT ELLERY —`; press-release wires: `SAN FRANCISCO, March 3,
/// 2026 /PRNewswire/ --`, `BOSTON--(BUSINESS WIRE)--`), leading white space skipped, as a byte span
/// of `body` that ends with its dash. `None` when the body does not open with one.
///
/// A dateline is a place in capitals, or a place followed by an agency in parentheses or a
/// date, then a dash (or the end of its line, when it stands alone).
pub fn dateline(body: &str) -> Option<Span> {
    let start = body.len() - body.trim_start().len();
    let first = body[start..].lines().next().unwrap_or("");
    let after = start + first.len();
    let next = after + (body[after..].len() - body[after..].trim_start().len());
    // A byline may stand before it: "By Anna Marsh\n\nMERROW (AP) — ...".
    if is_byline(first.trim()) {
        return dateline_from(body, next);
    }
    // So may a headline the rule did not take for one, a line of a headline's length that
    // ends on no full stop: "ANALYSIS: Laptop promises a lot. The early units suggest
    // otherwise\n\nSAN FRANCISCO — ...".
    dateline_from(body, start).or_else(|| {
        let line = first.trim().trim_end_matches(CLOSING);
        let heading = next < body.len()
            && first.split_whitespace().count() <= MAX_HEADLINE_WORDS
            && !line.ends_with(['.', ',', ';', ':', '—', '-']);
        heading.then(|| dateline_from(body, next)).flatten()
    })
}

/// The dateline opening `body[start..]`, as [`dateline`] finds it.
fn dateline_from(body: &str, start: usize) -> Option<Span> {
    let text = &body[start..];
    // Every dateline opens on a capital letter: most bodies are turned away here.
    if !text.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let caps = dateline_regex().captures(line)?;
    let loc = caps.name("loc")?.as_str();
    let letters = loc.chars().filter(|c| c.is_alphabetic()).count();
    let shouted = letters >= 3 && !loc.chars().any(|c| c.is_lowercase());
    // An agency in parentheses (`(AP)`, `--(BUSINESS WIRE)--`), or a newswire in slashes
    // (`/PRNewswire/`).
    let agency = caps.name("agency").is_some() || caps.name("wire").is_some();
    let date = caps.name("date").is_some();
    // `--` straight before the text (`--(BUSINESS WIRE)--Harbor Labs`) only after an agency.
    let sep = caps.name("sep").or(caps.name("tight").filter(|_| agency));
    let whole = caps.get(0)?;
    let alone = line[whole.end()..].trim().is_empty();
    // A dash, or a dateline with an agency alone on its line or straight before the story
    // (`Mumbai, May 20 (PTI) The state...`); a colon after an agency (`(Reuters):`), a date
    // (`Kolkata, Jan 5:`) or a place in capitals (`NEW DELHI:`). A line of capitals alone is
    // a shouted headline, and a date alone ("Monday, March 3, 2026") a date, not a dateline.
    let next = caps.name("next");
    // A colon after capitals alone opens a paragraph, not a headline: `SHOCK: Is YOUR tap
    // water...` is a shouted headline with its kicker.
    let paragraph = || {
        let rest = line[whole.end()..].trim_end();
        rest.ends_with(['.', '"', '”']) && rest.split_whitespace().count() >= 8
    };
    let separated = match sep.map(|s| s.as_str()) {
        Some(":") => agency || date || (shouted && paragraph()),
        Some(_) => true,
        None if next.is_some() => agency,
        None => alone && agency,
    };
    // The story after a dateline opens as a sentence does: `NASA — the space agency — said`
    // is a sentence.
    let story = match (sep, next) {
        (Some(s), _) => line[s.end()..].trim_start(),
        (None, Some(n)) => &line[n.start()..],
        (None, None) => "",
    };
    if story.chars().next().is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    // A shouted word of hype is no place: `SHOCKING —`, `HORROR IN THE STREETS:`.
    if loc
        .split_whitespace()
        .any(|w| is_hype_word(&w.to_lowercase()))
    {
        return None;
    }
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if DAYS.contains(&loc.to_lowercase().as_str()) {
        return None;
    }
    if !(separated && (shouted || agency || date)) {
        return None;
    }
    // A place in capitals alone, then a dash and words that end no sentence, then a blank
    // line: a newsletter's masthead or a title (`THE FRONT LINE – Weekly Briefing from the
    // Citizens PAC`), not a story's first paragraph, which ends as a sentence does or runs on
    // to the next line (a paragraph wrapped by hand).
    if !(agency || date || alone) {
        let opening = story.trim_end();
        let sentence = opening.ends_with(['.', '!', '?', ':', '"', '”', '’', ')'])
            || opening.split_whitespace().count() >= 25;
        let paragraph_ends = text[line_end..]
            .strip_prefix('\n')
            .and_then(|after| after.split('\n').next())
            .is_some_and(|next| next.trim().is_empty());
        if !sentence && paragraph_ends {
            return None;
        }
    }
    // The kicker words are not places: "BREAKING —" is a kicker.
    if kicker_kind(loc).is_some() {
        return None;
    }
    let end = match (sep, next) {
        (Some(s), _) => s.end(),
        (None, Some(n)) => n.start(),
        (None, None) => whole.end(),
    };
    let end = line[..end].trim_end().len();
    Some(Span::new(start, start + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, first line, is it a headline)
    const HEADLINES: &[(&str, &str, bool)] = &[
        ("wire headline", "Regional port authority approves $4.2 million upgrade after fuel spill inquiry", true),
        ("sentence case", "Council approves budget after long debate", true),
        ("title case", "Council Approves Budget After Long Debate", true),
        ("all caps tabloid", "YOU WON'T BELIEVE WHAT THIS MAYOR DID 😱!!!", true),
        ("clickbait question", "Can You Guess Which Celebrity Owns This Tiny House?", true),
        ("listicle", "17 Things Only People Who Grew Up In The 90s Will Understand", true),
        ("quoted headline", "'We will not back down,' says striking nurses' union", true),
        ("colon headline", "Harbour chief: New cranes will cut waiting times", true),
        ("a dateline opening a paragraph", "PORT ELLERY — Fishermen returned to the harbour on Tuesday.", false),
        ("initials at end", "Trade talks stall between China and the U.S.", true),
        ("ellipsis", "We swapped lunches for a week... and nobody noticed", true),
        ("abbreviation inside", "Tea Vs. Coffee: Which Keeps You Awake Longer", true),
        ("doctor", "Dr. Amina Yusuf named head of regional hospital trust", true),
        ("two words", "Markets tumble", true),
        ("a short second sentence", "I was wrong about working from home. Here's why", true),
        ("two-part headline", "Storm hits coast. Thousands without power", true),
        ("two sentences of a paragraph", "The mayor resigned on Monday. She had served six years and will leave", false),
        ("exclaimed", "This Dog's Reaction To Snow Is Everything!", true),
        ("lower-case start", "iPhone sales slow for a third quarter", true),
        ("numbers", "Inflation rises to 3.5% in March, highest since 2023", true),
        ("long but fine", "After three years of delays, city finally opens the bridge that residents said would never be finished", true),
        ("paragraph", "The city council voted on Tuesday to approve a $4.2 million budget for the new water treatment plant, which officials said would serve about 40,000 residents when it opens in 2028.", false),
        ("two sentences", "The mayor resigned on Monday. She had served for six years.", false),
        ("sentence with full stop", "The governor is going to win a second term.", false),
        ("short sentence", "Officials said the bridge would reopen on Friday.", false),
        ("exclaimed paragraph", "Residents of the valley have waited years for this moment and now the new bridge is finally open to cars, bikes and walkers alike!", false),
        ("one word", "Politics", false),
        ("one shouted word", "SPORTS", false),
        ("dateline with agency", "DENVER (AP) — The city council voted on Monday to ban", false),
        ("dateline alone", "WASHINGTON (Reuters) -", false),
        ("dateline with date", "LYON, France, March 4 — Striking rail workers", false),
        ("caps dateline", "PORT ELLERY — Fishermen returned to the harbour", false),
        ("dotted acronyms", "F.D.A. Eases Rules on Drug Trials for Rare Diseases", true),
        ("department", "Justice Dept. Opens Inquiry Into Port Contracts", true),
        ("shouted headline alone", "COUNCIL RELEASES BUDGET PLAN", true),
        ("parenthesis in a word", "Meet the Neighbour(s): Harbour Street Residents", true),
        ("byline", "By Jane Smith", false),
        ("byline caps", "BY MARTA OLSEN AND TOM REED", false),
        ("byline with role", "By Anna Marsh, Staff Writer", false),
        ("time stamp", "Updated 10:42 a.m.", false),
        ("company abbreviation at the end", "Acme sues Brackenfield Corp.", true),
        ("over 30 words", "Lorem one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven twenty-eight twenty-nine thirty thirty-one", false),
        ("quote then sentence", "\u{201c}We are devastated.\u{201d} Those were the words of the club's chairman on Sunday", false),
    ];

    #[test]
    fn headline_detection_table() {
        let mut wrong = Vec::new();
        for (name, line, expected) in HEADLINES {
            let got = headline_problem(line);
            if got.is_none() != *expected {
                wrong.push(format!(
                    "{name}: {line:?} → {got:?}, expected headline={expected}"
                ));
            }
        }
        assert!(HEADLINES.len() >= 30);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The kicker's text and kind a line should yield.
    type Expected = Option<(&'static str, KickerKind)>;

    /// (name, headline line, expected kicker, expected rest)
    const KICKERS: &[(&str, &str, Expected, &str)] = &[
        (
            "breaking colon",
            "BREAKING: Mayor resigns",
            Some(("BREAKING", KickerKind::Urgent)),
            "Mayor resigns",
        ),
        (
            "breaking news alone",
            "BREAKING NEWS",
            Some(("BREAKING NEWS", KickerKind::Urgent)),
            "",
        ),
        (
            "just in",
            "JUST IN: Storm closes airport",
            Some(("JUST IN", KickerKind::Urgent)),
            "Storm closes airport",
        ),
        (
            "opinion bar",
            "Opinion | The council got it wrong",
            Some(("Opinion", KickerKind::Opinion)),
            "The council got it wrong",
        ),
        (
            "analysis",
            "ANALYSIS: What the vote means",
            Some(("ANALYSIS", KickerKind::Opinion)),
            "What the vote means",
        ),
        (
            "watch dash",
            "WATCH — Dog rescues owner",
            Some(("WATCH", KickerKind::Format)),
            "Dog rescues owner",
        ),
        (
            "shouted no separator",
            "EXCLUSIVE Star's secret wedding",
            Some(("EXCLUSIVE", KickerKind::Urgent)),
            "Star's secret wedding",
        ),
        (
            "update lower, a running story's form",
            "Update: bridge reopens",
            Some(("Update", KickerKind::Format)),
            "bridge reopens",
        ),
        (
            "breaking bad is a title",
            "Breaking Bad star dies at 70",
            None,
            "",
        ),
        ("word prefix", "Updates to the tax code explained", None, ""),
        (
            "all caps headline",
            "LIVE ANIMALS FOUND IN SHIPPING CONTAINER",
            None,
            "",
        ),
        ("plain", "Council approves budget", None, ""),
        (
            "a wire's numbered update",
            "UPDATE 2-Norway holds rates as inflation eases",
            Some(("UPDATE 2", KickerKind::Format)),
            "Norway holds rates as inflation eases",
        ),
        (
            "a numbered update with a spaced dash",
            "UPDATE 1 - Rail strike ends",
            Some(("UPDATE 1", KickerKind::Format)),
            "Rail strike ends",
        ),
        (
            "a score is no update number",
            "LIVE 2-0 win for Harlow in the cup",
            Some(("LIVE", KickerKind::Format)),
            "2-0 win for Harlow in the cup",
        ),
        (
            "a wire's topic slug",
            "GLOBAL MARKETS-Stocks slip as yields climb",
            Some(("GLOBAL MARKETS", KickerKind::Format)),
            "Stocks slip as yields climb",
        ),
        (
            "a one-word slug",
            "FOREX-Dollar gains as traders bet on cuts",
            Some(("FOREX", KickerKind::Format)),
            "Dollar gains as traders bet on cuts",
        ),
        (
            "acronyms joined by a dash are a headline",
            "US-China talks resume in Geneva",
            None,
            "",
        ),
        (
            "a long acronym joined by a dash is a headline",
            "NATO-Russia council meets again",
            None,
            "",
        ),
        (
            "a shouted headline with a dash has no slug",
            "SHOCK-HORROR AS TOWN FLOODS",
            None,
            "",
        ),
        ("a year range", "COVID-19 cases rise in the city", None, ""),
        (
            "a shouted compound is no slug",
            "TRAITOR-IN-CHIEF: Here's why he turned",
            None,
            "",
        ),
        (
            "a release's label and its number",
            "PRESS RELEASE No. 118/2024",
            Some(("PRESS RELEASE", KickerKind::Release)),
            "",
        ),
        (
            "a release's label and its date",
            "Media release – 3 March 2026",
            Some(("Media release", KickerKind::Release)),
            "",
        ),
        (
            "a release's label before a headline with a figure",
            "PRESS RELEASE: 300 jobs for Ohio plant",
            Some(("PRESS RELEASE", KickerKind::Release)),
            "300 jobs for Ohio plant",
        ),
        (
            "another kicker's number is not a reference",
            "BREAKING 2024 budget passes",
            Some(("BREAKING", KickerKind::Urgent)),
            "2024 budget passes",
        ),
    ];

    #[test]
    fn kicker_table() {
        for (name, line, expected, rest) in KICKERS {
            let got = split_kicker(line);
            match (got, expected) {
                (None, None) => {}
                (Some((k, r)), Some((text, kind))) => {
                    assert_eq!((k.text, k.kind, r), (*text, *kind, *rest), "{name}");
                }
                _ => panic!("{name}: {line:?} → {got:?}, expected {expected:?}"),
            }
        }
    }

    /// (name, body, expected dateline text)
    const DATELINES: &[(&str, &str, Option<&str>)] = &[
        (
            "after a headline the rule did not take",
            "Laptop promises a lot. The early units suggest otherwise\n\nSAN FRANCISCO — Halcyon Labs unveiled a laptop.",
            Some("SAN FRANCISCO —"),
        ),
        (
            "never after a paragraph",
            "The council met on Monday.\n\nDENVER (AP) — The city council voted.",
            None,
        ),
        (
            "a dateline alone on its line is found where it stands",
            "DENVER (AP) —\n\nThe city council voted.",
            Some("DENVER (AP) —"),
        ),
        (
            "ap",
            "DENVER (AP) — The city council voted.",
            Some("DENVER (AP) —"),
        ),
        (
            "reuters hyphen",
            "WASHINGTON (Reuters) - The Senate passed",
            Some("WASHINGTON (Reuters) -"),
        ),
        (
            "city region date",
            "LYON, France, March 4 — Rail workers struck.",
            Some("LYON, France, March 4 —"),
        ),
        (
            "date and year",
            "HARLOW POINT, March 3, 2026 — The port authority",
            Some("HARLOW POINT, March 3, 2026 —"),
        ),
        (
            "caps only",
            "PORT ELLERY — Fishermen returned",
            Some("PORT ELLERY —"),
        ),
        (
            "a newsletter's masthead, a blank line after it",
            "THE FRONT LINE – Weekly Briefing from the Citizens for Honest Government PAC\n\nFriends,\n\nThis week the senator voted again.",
            None,
        ),
        (
            "a paragraph wrapped by hand runs on to the next line",
            "PORT ELLERY — Fishermen returned to the harbour on Tuesday after\nthree days of storms, the harbour master said.\n\nMore rain is due.",
            Some("PORT ELLERY —"),
        ),
        (
            "a paragraph ending in a quotation",
            "PORT ELLERY — Fishermen called it \"the worst storm in memory\"\n\nMore rain is due.",
            Some("PORT ELLERY —"),
        ),
        (
            "pr newswire",
            "SAN FRANCISCO, March 3, 2026 /PRNewswire/ -- Lumora today announced",
            Some("SAN FRANCISCO, March 3, 2026 /PRNewswire/ --"),
        ),
        (
            "a date written day first",
            "WAKEFIELD, England, 3 March 2026 /PRNewswire/ -- Greenvale today announced",
            Some("WAKEFIELD, England, 3 March 2026 /PRNewswire/ --"),
        ),
        (
            "a day-first date before an agency",
            "LONDON, 3 March (Reuters) - European shares edged lower",
            Some("LONDON, 3 March (Reuters) -"),
        ),
        (
            "business wire",
            "BOSTON--(BUSINESS WIRE)--Harbor Labs today said",
            Some("BOSTON--(BUSINESS WIRE)--"),
        ),
        (
            "globe newswire",
            "TORONTO, Nov. 30, 2026 (GLOBE NEWSWIRE) -- The company said",
            Some("TORONTO, Nov. 30, 2026 (GLOBE NEWSWIRE) --"),
        ),
        ("a path is no wire", "Files in /usr/lib/ were removed", None),
        (
            "state abbreviation",
            "ST. LOUIS, Mo. (AP) — Flooding closed",
            Some("ST. LOUIS, Mo. (AP) —"),
        ),
        (
            "title case with agency",
            "Kyiv, Ukraine (AP) — Air raid sirens",
            Some("Kyiv, Ukraine (AP) —"),
        ),
        (
            "own line",
            "\n\nWASHINGTON (Reuters)\nThe Senate passed",
            Some("WASHINGTON (Reuters)"),
        ),
        (
            "colon after a place in capitals",
            "NEW DELHI: The government said on Monday it would widen the road.",
            Some("NEW DELHI:"),
        ),
        (
            "colon after a date",
            "Kolkata, Jan 5: Police arrested three men",
            Some("Kolkata, Jan 5:"),
        ),
        (
            "an agency straight before the story",
            "Mumbai, May 20 (PTI) The state government said",
            Some("Mumbai, May 20 (PTI)"),
        ),
        (
            "a shouted word of hype",
            "SHOCKING — Residents fled their homes",
            None,
        ),
        (
            "a shouted phrase of hype",
            "HORROR IN THE STREETS: Residents fled",
            None,
        ),
        (
            "a dash inside a sentence",
            "NASA — the space agency — said on Monday",
            None,
        ),
        (
            "a kicker with a colon",
            "BREAKING: Residents fled their homes",
            None,
        ),
        (
            "a shouted headline's kicker",
            "SHOCK: Is YOUR tap water secretly poisoning your family? Officials HIDING the truth",
            None,
        ),
        (
            "a title-case word with a colon",
            "Update: The council met",
            None,
        ),
        (
            "double hyphen",
            "NEW YORK -- Stocks fell",
            Some("NEW YORK --"),
        ),
        ("no dateline", "The city council voted on Monday.", None),
        ("title case dash", "Yesterday — the council voted", None),
        (
            "acronym then dash",
            "US - China talks resumed on Monday",
            None,
        ),
        ("kicker", "BREAKING — Mayor resigns", None),
        (
            "after a byline",
            "By Anna Marsh\n\nMERROW (AP) — Dock workers",
            Some("MERROW (AP) —"),
        ),
        (
            "a date alone",
            "Monday, March 3, 2026\n\nThe council met.",
            None,
        ),
        ("a weekday and a dash", "Monday — The council met.", None),
    ];

    #[test]
    fn dateline_table() {
        for (name, body, expected) in DATELINES {
            let got = dateline(body).map(|s| &body[s]);
            assert_eq!(got, *expected, "{name}");
        }
    }
}
