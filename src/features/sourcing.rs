//! Sourcing: attributions, direct quotes, named versus anonymous sources, outlets, figures
//! and dates.

use super::{
    lexicon_evidence, per_100_words, Document, Family, Feature, FeatureFamily, FeatureValues, Part,
    Voice,
};
use crate::lexicon::{LexiconKind, Lexicons};
use crate::span::Span;
use crate::text::{LexMatch, Shape, TextAnalysis, Token};

/// The sourcing family.
pub struct Sourcing;

/// How far (in tokens) from an attribution verb a source's name or role may stand.
const SOURCE_WINDOW: usize = 6;

/// Capitalised words that open sentences or refer back, and so are never a source's name.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "but",
    "and",
    "or",
    "so",
    "when",
    "while",
    "after",
    "before",
    "as",
    "if",
    "in",
    "on",
    "at",
    "for",
    "with",
    "according",
    "some",
    "many",
    "several",
    "one",
    "two",
    "three",
    "both",
    "all",
    "others",
];

/// Pronouns: an attribution to one refers back to a source already counted.
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

/// Words that end a source phrase after the verb ("said on Tuesday", "said in a statement").
const PHRASE_BREAKS: &[&str] = &[
    "that", "in", "on", "at", "to", "during", "after", "before", "when", "while", "of", "for",
    "with", "as", "last", "this", "about", "by", "from", "and", "but",
];

impl FeatureFamily for Sourcing {
    fn family(&self) -> Family {
        Family::Sourcing
    }

    fn extract(&self, doc: &Document, lexicons: &Lexicons, out: &mut FeatureValues) {
        let (title, body) = (&doc.title, &doc.body);
        let words = body.words;

        let n = lexicon_evidence(
            out,
            Feature::TitleAttributions,
            Part::Title,
            title,
            LexiconKind::AttributionVerbs,
            Voice::Author,
        );
        out.set(Feature::TitleAttributions, n as f64);
        let n = lexicon_evidence(
            out,
            Feature::Attributions,
            Part::Body,
            body,
            LexiconKind::AttributionVerbs,
            Voice::Author,
        );
        out.set(Feature::Attributions, per_100_words(n, words));

        for q in &body.quotes {
            out.add_evidence(Feature::Quotes, Part::Body, q.span, true);
            out.add_evidence(Feature::QuotedShare, Part::Body, q.span, true);
        }
        out.set(Feature::Quotes, per_100_words(body.quotes.len(), words));
        if words > 0 {
            out.set(
                Feature::QuotedShare,
                (body.words - body.author_words) as f64 / words as f64,
            );
        }

        let attributions: Vec<&LexMatch> = body
            .matches_of(LexiconKind::AttributionVerbs)
            .filter(|m| !m.quoted)
            .collect();
        let mut attributed = 0;
        for q in &body.quotes {
            let first = body.tokens[q.first_token].sentence;
            let last = body.tokens[q.end_token - 1].sentence + 1;
            let near = attributions.iter().any(|m| {
                let s = body.tokens[m.first_token].sentence;
                s >= first && s <= last
            });
            if near {
                attributed += 1;
                out.add_evidence(Feature::AttributedQuoteShare, Part::Body, q.span, true);
            }
        }
        if !body.quotes.is_empty() {
            out.set(
                Feature::AttributedQuoteShare,
                attributed as f64 / body.quotes.len() as f64,
            );
        }

        let (mut named, mut anonymous) = (0, 0);
        for m in &attributions {
            match classify_source(body, m, lexicons) {
                Some((SourceKind::Named, span)) => {
                    named += 1;
                    out.add_evidence(Feature::NamedSources, Part::Body, span, false);
                    out.add_evidence(Feature::NamedSourceShare, Part::Body, span, false);
                }
                Some((SourceKind::Anonymous, span)) => {
                    anonymous += 1;
                    out.add_evidence(Feature::AnonymousSources, Part::Body, span, false);
                }
                None => {}
            }
        }
        // Anonymous-source phrases that no attribution verb reached ("sources close to...").
        for m in body
            .matches_of(LexiconKind::AnonymousSources)
            .filter(|m| !m.quoted)
        {
            let covered = out
                .evidence(Feature::AnonymousSources)
                .iter()
                .any(|e| e.span.contains(m.span));
            if !covered {
                anonymous += 1;
                out.add_evidence(Feature::AnonymousSources, Part::Body, m.span, false);
            }
        }
        out.set(Feature::NamedSources, per_100_words(named, words));
        out.set(Feature::AnonymousSources, per_100_words(anonymous, words));
        if named + anonymous > 0 {
            out.set(
                Feature::NamedSourceShare,
                named as f64 / (named + anonymous) as f64,
            );
        }

        let n = lexicon_evidence(
            out,
            Feature::Outlets,
            Part::Body,
            body,
            LexiconKind::Outlets,
            Voice::Any,
        );
        out.set(Feature::Outlets, per_100_words(n, words));

        let (figures, dates) = figures_and_dates(body);
        for span in &figures {
            out.add_evidence(Feature::Figures, Part::Body, *span, in_quote(body, *span));
        }
        for span in &dates {
            out.add_evidence(Feature::Dates, Part::Body, *span, in_quote(body, *span));
        }
        out.set(Feature::Figures, per_100_words(figures.len(), words));
        out.set(Feature::Dates, per_100_words(dates.len(), words));
    }
}

fn in_quote(text: &TextAnalysis, span: Span) -> bool {
    text.quotes.iter().any(|q| q.span.contains(span))
}

/// Whether an attribution names its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceKind {
    Named,
    Anonymous,
}

fn is_role(text: &TextAnalysis, t: &Token, lexicons: &Lexicons) -> bool {
    let norm = text.token_norm(t);
    lexicons
        .phrase_kinds(norm)
        .contains(LexiconKind::SourceRoles)
        || norm
            .strip_suffix('s')
            .is_some_and(|n| lexicons.phrase_kinds(n).contains(LexiconKind::SourceRoles))
}

fn is_name(text: &TextAnalysis, t: &Token, lexicons: &Lexicons) -> bool {
    let norm = text.token_norm(t);
    matches!(t.shape, Shape::Title | Shape::AllCaps | Shape::Mixed)
        && !t.quoted
        && !NOT_NAMES.contains(&norm)
        && !lexicons.phrase_kinds(norm).contains(LexiconKind::DateWords)
        && !is_role(text, t, lexicons)
}

/// Classifies the source of one attribution ("Zelensky said", "said William Taylor",
/// "a senior official said", "people familiar with the matter said") and returns the span
/// from the source phrase to the verb.
fn classify_source(
    text: &TextAnalysis,
    verb: &LexMatch,
    lexicons: &Lexicons,
) -> Option<(SourceKind, Span)> {
    let tokens = &text.tokens;
    let sentence = tokens[verb.first_token].sentence;
    let same_sentence = |t: &Token| t.sentence == sentence && !t.quoted;

    let anonymous = text
        .matches_of(LexiconKind::AnonymousSources)
        .filter(|m| !m.quoted && tokens[m.first_token].sentence == sentence)
        .fold(None, |span: Option<Span>, m| {
            Some(span.map_or(m.span, |s| s.cover(m.span)))
        });
    if let Some(span) = anonymous {
        return Some((SourceKind::Anonymous, span.cover(verb.span)));
    }

    // The words right before the verb, back to punctuation: "spokeswoman Peggy Cifrino said".
    let before: Vec<&Token> = tokens[..verb.first_token]
        .iter()
        .rev()
        .take_while(|t| same_sentence(t) && t.shape.is_word())
        .take(SOURCE_WINDOW)
        .collect();
    if let Some(last) = before.first() {
        let norm = text.token_norm(last);
        if PRONOUNS.contains(&norm) {
            return None;
        }
        let span = before[before.len() - 1].span.cover(verb.span);
        if is_name(text, last, lexicons) {
            return Some((SourceKind::Named, span));
        }
        if is_role(text, last, lexicons) {
            return Some((SourceKind::Anonymous, span));
        }
    }

    // The words right after the verb, up to a preposition: "said William Taylor",
    // "said a senior official".
    let after: Vec<&Token> = tokens[verb.end_token..]
        .iter()
        .take_while(|t| {
            same_sentence(t) && t.shape.is_word() && !PHRASE_BREAKS.contains(&text.token_norm(t))
        })
        .take(SOURCE_WINDOW)
        .collect();
    let last = after.last()?;
    let span = verb.span.cover(last.span);
    if after.iter().any(|t| is_name(text, t, lexicons)) {
        return Some((SourceKind::Named, span));
    }
    if after.iter().any(|t| is_role(text, t, lexicons)) {
        return Some((SourceKind::Anonymous, span));
    }
    None
}

const CURRENCY: &[&str] = &["$", "€", "£", "¥", "₹", "₽"];
const MAGNITUDES: &[&str] = &[
    "%", "percent", "per", "million", "billion", "trillion", "thousand", "bn", "m",
];

/// Figures (numbers with their currency and magnitude) and dates (weekdays, months, years,
/// relative dates, "May 3").
fn figures_and_dates(text: &TextAnalysis) -> (Vec<Span>, Vec<Span>) {
    let tokens = &text.tokens;
    let mut dates: Vec<Span> = text
        .matches_of(LexiconKind::DateWords)
        .map(|m| m.span)
        .collect();
    let mut figures = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.shape != Shape::Number {
            i += 1;
            continue;
        }
        let word = text.token_text(t);
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        let is_year = word.len() == 4
            && word
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y));
        let numeric_date = word.matches('/').count() == 2;
        let after_month = previous.is_some_and(|p| {
            text.token_norm(p) == "may" && p.shape == Shape::Title
                || dates.iter().any(|d| d.end == p.span.end)
        });
        if is_year || numeric_date || after_month {
            match dates
                .iter_mut()
                .find(|d| d.end == previous.map_or(usize::MAX, |p| p.span.end))
            {
                Some(d) => *d = d.cover(t.span),
                None => dates.push(match previous {
                    Some(p) if text.token_norm(p) == "may" => p.span.cover(t.span),
                    _ => t.span,
                }),
            }
            i += 1;
            continue;
        }
        let mut span = t.span;
        if let Some(p) = previous.filter(|p| CURRENCY.contains(&text.token_text(p))) {
            span = p.span.cover(span);
        }
        let mut j = i + 1;
        while let Some(next) = tokens
            .get(j)
            .filter(|n| MAGNITUDES.contains(&text.token_norm(n)))
        {
            span = span.cover(next.span);
            j += 1;
        }
        figures.push(span);
        i = j;
    }
    dates.sort();
    dates.dedup();
    (figures, dates)
}
