//! Direct quotes: paired double quotes (straight, curly, guillemets) or single quotes (the
//! British convention: `'It is a disgrace,' she said.`) around three or more words.
//!
//! A single quote mark is also an apostrophe, so a single quote is read from where its marks
//! stand: it opens after a space or an opening bracket and before a word (`'It`), and closes
//! after a word or a mark and before a space or a mark (`disgrace,'`). An opening mark before
//! an elision (`'90s`, `'em`, `'til`) opens nothing. A closing mark after an `s` may be a
//! plural possessive (`the students' union`), so it closes a quote only when no other closing
//! mark follows in the paragraph: `'The students' union is angry,' she said.` is one quote.
//!
//! An interview's answers (`A: ...` lines in a text with `Q: ...` lines) are quotes too,
//! marked by the form instead of quotation marks.

use super::sentences::has_blank_line;
use super::{Quote, Shape, Token};
use crate::span::Span;

/// Quotes of fewer words are scare quotes or titles ("fake news"), still the author's voice,
/// unless their sentence attributes them ([`admit_attributed`]).
const MIN_QUOTE_WORDS: usize = 3;

/// Words an apostrophe stands before as an elision, not as an opening quote mark.
const ELISIONS: [&str; 8] = ["em", "til", "tis", "twas", "cause", "cos", "n", "bout"];

/// What a quotation mark token can do where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// `“`, `«`, `„`.
    OpenDouble,
    /// `”`, `»`.
    CloseDouble,
    /// `"`: opens or closes.
    StraightDouble,
    /// `‘`, or `'`/`’` after a space and before a word.
    OpenSingle,
    /// `'`/`’` after a word or mark and before a space or mark; `possessive` after an `s`.
    CloseSingle { possessive: bool },
}

/// The quote open while scanning.
#[derive(Clone, Copy)]
enum Open {
    Double(usize),
    /// The opening mark's token, whether it opens its paragraph, and the first closing mark
    /// after an `s` seen since (a closing mark if no other follows).
    Single {
        at: usize,
        opens_paragraph: bool,
        possessive: Option<usize>,
    },
}

/// Finds direct quotes and marks the tokens inside them (marks included) as quoted.
///
/// A double quote left open at a paragraph break closes there, as news prose does for quotes
/// that run over several paragraphs; a single one does so only when it opens its paragraph (the
/// same convention), and otherwise closes at a closing mark after an `s` it passed, or is no
/// quote: an unpaired `'` is more often an apostrophe.
pub(super) fn find(text: &str, tokens: &mut [Token]) -> Quotes {
    let mut quotes = Quotes::default();
    let mut open: Option<Open> = None;
    for i in 0..tokens.len() {
        if open.is_some() && opens_paragraph(text, tokens, i) {
            if let Some(o) = open.take() {
                end_unclosed(tokens, o, i, &mut quotes);
            }
        }
        if tokens[i].shape != Shape::Punct {
            continue; // quote marks are punctuation
        }
        let Some(mark) = mark(text, tokens, i) else {
            continue;
        };
        match (mark, open) {
            (Mark::OpenDouble | Mark::StraightDouble, None) => open = Some(Open::Double(i)),
            (Mark::CloseDouble | Mark::StraightDouble, Some(Open::Double(o))) => {
                close(tokens, o, i + 1, &mut quotes);
                open = None;
            }
            (Mark::OpenSingle, None) => {
                open = Some(Open::Single {
                    at: i,
                    opens_paragraph: opens_paragraph(text, tokens, i),
                    possessive: None,
                });
            }
            (
                Mark::OpenSingle,
                Some(Open::Single {
                    at,
                    possessive: Some(p),
                    ..
                }),
            ) => {
                // A new quote opens: the mark after an `s` closed the one before.
                close(tokens, at, p + 1, &mut quotes);
                open = Some(Open::Single {
                    at: i,
                    opens_paragraph: false,
                    possessive: None,
                });
            }
            (Mark::CloseSingle { possessive: false }, Some(Open::Single { at, .. })) => {
                close(tokens, at, i + 1, &mut quotes);
                open = None;
            }
            (
                Mark::CloseSingle { possessive: true },
                Some(Open::Single {
                    at,
                    opens_paragraph,
                    possessive: None,
                }),
            ) => {
                open = Some(Open::Single {
                    at,
                    opens_paragraph,
                    possessive: Some(i),
                });
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        end_unclosed(tokens, o, tokens.len(), &mut quotes);
    }
    interview_answers(text, tokens, &mut quotes);
    transcript_turns(text, tokens, &mut quotes);
    quotes
}

/// Words that open labelled lines without naming a speaker: `Claim:`, `Verdict:`, `Update:`.
const NOT_SPEAKERS: &[&str] = &[
    "q",
    "a",
    "question",
    "answer",
    "claim",
    "verdict",
    "rating",
    "update",
    "updated",
    "note",
    "correction",
    "clarification",
    "source",
    "sources",
    "photo",
    "video",
    "watch",
    "read",
    "listen",
    "related",
    "more",
    "see",
    "also",
    "contact",
    "email",
    "tel",
    "phone",
    "web",
    "website",
    "about",
    "editor",
    "notes",
    "by",
    "credit",
    "caption",
    "location",
    "date",
    "time",
    "where",
    "when",
    "what",
    "who",
    "why",
    "how",
    "tags",
    "share",
    "fact",
    "facts",
    "background",
    "context",
    "summary",
    "breaking",
    "exclusive",
    "live",
    "warning",
    "advice",
];

/// Most words in a transcript's speaker label (`MAYOR ADA OKAFOR:`, `Dr. Smith:`).
const MAX_SPEAKER_WORDS: usize = 4;

/// The token after the colon of a speaker label opening the line at token `i` (`OKAFOR:`,
/// `MAYOR OKAFOR:`, `Dr. Smith:`): one to [`MAX_SPEAKER_WORDS`] capitalised words, an
/// abbreviation's period among them, then a colon; `None` when the line opens otherwise or
/// on a word of [`NOT_SPEAKERS`].
fn speaker_label(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    if !opens_line(text, tokens, i) {
        return None;
    }
    let mut words = 0;
    for (j, t) in tokens.iter().enumerate().skip(i) {
        match &text[t.span] {
            ":" if words > 0 => return Some(j + 1),
            "." if words > 0 => continue,
            word if matches!(t.shape, Shape::Title | Shape::AllCaps)
                && words < MAX_SPEAKER_WORDS
                && !is_not_speaker(word) =>
            {
                words += 1;
            }
            _ => return None,
        }
    }
    None
}

/// A transcript's turns as quotes: in a text with three or more lines opening on a speaker's
/// label (`MAYOR OKAFOR: ...`, `Dr. Smith: ...`), two or more speakers among them, each such
/// line is its speaker's words to its end, label included (the label is no shouting and no
/// author's word), attributed by the form as an interview's answers are. Fewer, or one
/// speaker, are labelled lines of another kind (`Claim:` and `Verdict:` are never speakers).
fn transcript_turns(text: &str, tokens: &mut [Token], quotes: &mut Quotes) {
    // A label opens on a capitalised word ([`speaker_label`]): told by its shape before the
    // text around it is read.
    let turns: Vec<(usize, usize)> = (0..tokens.len())
        .filter(|&i| matches!(tokens[i].shape, Shape::Title | Shape::AllCaps))
        .filter(|&i| !tokens[i].quoted && opens_line(text, tokens, i))
        .filter_map(|i| speaker_label(text, tokens, i).map(|after| (i, after)))
        .collect();
    let mut speakers: Vec<&str> = turns
        .iter()
        .map(|&(i, after)| &text[tokens[i].span.start..tokens[after - 1].span.start])
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    if turns.len() < 3 || speakers.len() < 2 {
        return;
    }
    let mut added = false;
    for &(first, after) in &turns {
        added |= line_as_quote(text, tokens, quotes, first, after);
    }
    if added {
        quotes.quotes.sort_by_key(|q| q.first_token);
    }
}

/// Makes the line from token `first` (its label's, `A:`, `OKAFOR:`) to the next line's start
/// one attributed quote, the label included: an interview's answer, a transcript's turn.
/// `after` is the first token after the label. A quote inside the line (`the candidates said
/// they were "looking at it"`) becomes part of it; a quote running across its ends leaves
/// the line as it is. Returns whether a quote was added (the caller sorts the quotes).
fn line_as_quote(
    text: &str,
    tokens: &mut [Token],
    quotes: &mut Quotes,
    first: usize,
    after: usize,
) -> bool {
    let end = (after..tokens.len())
        .find(|&j| opens_line(text, tokens, j))
        .unwrap_or(tokens.len());
    if after >= end {
        return false;
    }
    let inside = |q: &Quote| q.first_token >= first && q.end_token <= end;
    quotes.quotes.retain(|q| !inside(q));
    quotes.short.retain(|q| !inside(q));
    let across = quotes
        .quotes
        .iter()
        .any(|q| q.first_token < end && q.end_token > first);
    if across {
        return false;
    }
    let quote = Quote {
        answer: true,
        ..quote(tokens, first, end)
    };
    if quote.words == 0 {
        return false;
    }
    mark_quoted(tokens, quote, quotes);
    true
}

/// True when token `i` is the first of its line. (The bytes between two tokens are searched
/// for the newline's byte, not the text for a `char` pattern.)
fn opens_line(text: &str, tokens: &[Token], i: usize) -> bool {
    i == 0 || text.as_bytes()[tokens[i - 1].span.end..tokens[i].span.start].contains(&b'\n')
}

/// Whether `word`, lower-cased, is one of [`NOT_SPEAKERS`]: an ASCII word compared without
/// case, no lower-cased copy made (most lines open on a capitalised word that is none).
fn is_not_speaker(word: &str) -> bool {
    match word.is_ascii() {
        true => NOT_SPEAKERS.iter().any(|w| word.eq_ignore_ascii_case(w)),
        false => NOT_SPEAKERS.contains(&word.to_lowercase().as_str()),
    }
}

/// The line's label when token `i` opens a line with `Q:`/`Question:` (`Some(true)`) or
/// `A:`/`Answer:` (`Some(false)`).
fn interview_label(text: &str, tokens: &[Token], i: usize) -> Option<bool> {
    let colon = tokens.get(i + 1).is_some_and(|t| &text[t.span] == ":");
    if !colon || !opens_line(text, tokens, i) {
        return None;
    }
    match &text[tokens[i].span] {
        "Q" | "Question" => Some(true),
        "A" | "Answer" => Some(false),
        _ => None,
    }
}

/// An interview's answers as quotes: in a text with a line opening `Q:` (or `Question:`),
/// each line opening `A:` (or `Answer:`) is the interviewee's, to its line's end, quotes
/// inside it included (unless one runs across its ends). Without a question, `A:` opens a list
/// item, not an answer.
fn interview_answers(text: &str, tokens: &mut [Token], quotes: &mut Quotes) {
    let labels: Vec<(usize, bool)> = (0..tokens.len())
        .filter(|&i| tokens[i].shape == Shape::Title || tokens[i].shape == Shape::AllCaps)
        .filter_map(|i| interview_label(text, tokens, i).map(|q| (i, q)))
        .collect();
    if !labels.iter().any(|&(_, question)| question) {
        return;
    }
    let mut added = false;
    for &(i, question) in &labels {
        // The label is part of the answer: `A:` is not the author's word.
        if !question {
            added |= line_as_quote(text, tokens, quotes, i, i + 2);
        }
    }
    if added {
        quotes.quotes.sort_by_key(|q| q.first_token);
    }
}

/// What [`find`] finds.
#[derive(Default)]
pub(super) struct Quotes {
    /// Quotes of three or more words, their tokens marked as quoted.
    pub quotes: Vec<Quote>,
    /// Closed quotes of one or two words, not marked: direct quotes only when their sentence
    /// attributes them ([`admit_attributed`]).
    pub short: Vec<Quote>,
}

/// Admits the short quotes whose sentence holds an attribution verb outside quotes
/// (`"I'm furious," she said`; `Campaigners said the findings were "shocking"`): they are
/// someone else's words, and their tokens are marked as quoted. Other short quotes are the
/// author's (scare quotes, titles, labels relayed). `attributed` says whether a sentence
/// holds such a verb.
/// Returns the quotes, all in text order.
pub(super) fn admit_attributed(
    found: Quotes,
    tokens: &mut [Token],
    attributed: impl Fn(u32) -> bool,
) -> Vec<Quote> {
    let Quotes { mut quotes, short } = found;
    let before = quotes.len();
    for q in short {
        if attributed(tokens[q.first_token].sentence) {
            for token in &mut tokens[q.first_token..q.end_token] {
                token.quoted = true;
            }
            quotes.push(q);
        }
    }
    if quotes.len() > before {
        quotes.sort_by_key(|q| q.span.start);
    }
    quotes
}

/// True when token `i` is the first of its paragraph.
fn opens_paragraph(text: &str, tokens: &[Token], i: usize) -> bool {
    i == 0 || has_blank_line(&text[tokens[i - 1].span.end..tokens[i].span.start])
}

/// Ends a quote still open at a paragraph break (token `end`) or at the end of the text.
fn end_unclosed(tokens: &mut [Token], open: Open, end: usize, quotes: &mut Quotes) {
    match open {
        Open::Double(o) => close_open(tokens, o, end, quotes),
        Open::Single {
            at,
            possessive: Some(p),
            ..
        } => close(tokens, at, p + 1, quotes),
        Open::Single {
            at,
            opens_paragraph: true,
            ..
        } => close_open(tokens, at, end, quotes),
        Open::Single { .. } => {}
    }
}

/// What the punctuation token `i` can do as a quotation mark, if anything.
fn mark(text: &str, tokens: &[Token], i: usize) -> Option<Mark> {
    let span = tokens[i].span;
    match &text[span] {
        "“" | "«" | "„" => Some(Mark::OpenDouble),
        "”" | "»" => Some(Mark::CloseDouble),
        // After a digit, an inch mark (`a 6" pipe`): it may close a quote, never open one.
        "\"" if text[..span.start].ends_with(|c: char| c.is_ascii_digit()) => {
            Some(Mark::CloseDouble)
        }
        "\"" => Some(Mark::StraightDouble),
        "‘" => Some(Mark::OpenSingle),
        "'" | "’" => {
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            let spaced_before = before.is_none_or(|c| c.is_whitespace() || opens_bracket(c));
            let word_after = after.is_some_and(char::is_alphanumeric);
            if spaced_before && word_after {
                let next = tokens.get(i + 1).map(|t| &text[t.span]);
                return (!next.is_some_and(is_elision)).then_some(Mark::OpenSingle);
            }
            // Before a space or a mark (a word would make it an inner apostrophe).
            let spaced_after = after.is_none_or(|c| !c.is_alphanumeric());
            let glued_before = before.is_some_and(|c| !c.is_whitespace() && !opens_bracket(c));
            (glued_before && spaced_after).then_some(Mark::CloseSingle {
                possessive: matches!(before, Some('s' | 'S')),
            })
        }
        _ => None,
    }
}

/// Characters a quotation may open right after.
fn opens_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '—' | '–' | '"' | '“' | '/')
}

/// True for a word after an apostrophe that stands for dropped letters or digits: `'90s`,
/// `'em`, `'til`.
fn is_elision(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    ELISIONS.contains(&lower.as_str())
        || (word.len() <= 3
            && word.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && word[1..].bytes().all(|b| b.is_ascii_digit() || b == b's'))
}

/// Closes a quote at its closing mark (token `end - 1`): a short one is kept apart.
fn close(tokens: &mut [Token], first: usize, end: usize, quotes: &mut Quotes) {
    let quote = quote(tokens, first, end);
    match quote.words {
        0 => {}
        w if w < MIN_QUOTE_WORDS => quotes.short.push(quote),
        _ => mark_quoted(tokens, quote, quotes),
    }
}

/// Closes a quote left open at a paragraph break or the text's end: a short one is none.
fn close_open(tokens: &mut [Token], first: usize, end: usize, quotes: &mut Quotes) {
    let quote = quote(tokens, first, end);
    if quote.words >= MIN_QUOTE_WORDS {
        mark_quoted(tokens, quote, quotes);
    }
}

fn quote(tokens: &[Token], first: usize, end: usize) -> Quote {
    Quote {
        span: Span::new(tokens[first].span.start, tokens[end - 1].span.end),
        first_token: first,
        end_token: end,
        words: tokens[first..end]
            .iter()
            .filter(|t| t.shape.is_word())
            .count(),
        answer: false,
    }
}

fn mark_quoted(tokens: &mut [Token], quote: Quote, quotes: &mut Quotes) {
    for token in &mut tokens[quote.first_token..quote.end_token] {
        token.quoted = true;
    }
    quotes.quotes.push(quote);
}
