//! Hype: shouting, emoji, exclamation, hype words, superlatives, intensifiers, clickbait
//! phrasing. Counted in the author's own words; hype inside quotes is reported apart.

use super::{
    lexicon_evidence, matches_evidence, per_100_words, title_and_body_lexicon, token_evidence,
    Document, Family, Feature, FeatureFamily, FeatureValues, Part, Voice,
};
use crate::article::lede::KickerKind;
use crate::lexicon::{LexiconKind, Lexicons};
use crate::span::Span;
use crate::text::{Shape, TextAnalysis, Token};
use rustc_hash::FxHashMap as HashMap;
use std::collections::HashSet;

/// The hype family.
pub struct Hype;

/// An isolated all-caps token this short is more likely an unknown acronym than a shout.
const MIN_ISOLATED_SHOUT_LETTERS: usize = 5;

/// Numbers a headline may open with and still read as a listicle ("17 Things"), not a count
/// of victims or a year.
const MAX_LISTICLE_NUMBER: u32 = 101;

impl FeatureFamily for Hype {
    fn family(&self) -> Family {
        Family::Hype
    }

    fn extract(&self, doc: &Document, lexicons: &Lexicons, out: &mut FeatureValues) {
        let (title, body) = (&doc.title, &doc.body);

        // Acronyms the article spells out ("the Alliance for Sahel Emergency Food Relief
        // (ASEFR)"): names wherever they stand, not shouting.
        let defined = defined_acronyms(&[title, body], |text, t| is_acronym(text, t, lexicons));
        let acronym = |text: &TextAnalysis, t: &Token| {
            is_acronym(text, t, lexicons) || defined.contains(text.token_text(t))
        };
        let title_all_caps = is_all_caps(title, &acronym);
        if title_all_caps {
            if let (Some(first), Some(last)) = (title.tokens.first(), title.tokens.last()) {
                out.add_evidence(
                    Feature::TitleAllCaps,
                    Part::Title,
                    first.span.cover(last.span),
                    false,
                );
            }
        }
        out.set(Feature::TitleAllCaps, title_all_caps as u8 as f64);

        let urgent = doc.kicker_kind == Some(KickerKind::Urgent);
        if urgent {
            let span = Span::new(0, doc.kicker.text.len());
            out.add_evidence(Feature::KickerUrgent, Part::Kicker, span, false);
        }
        out.set(Feature::KickerUrgent, urgent as u8 as f64);

        let emphasis = |word: &str| lexicons.has_token(LexiconKind::EmphasisWords, word);
        let (title_marked, body_marked) = (
            Marked::of(title, &acronym, &emphasis),
            Marked::of(body, &acronym, &emphasis),
        );

        // Shouting in the author's words; a wire dateline ("HARLOW POINT, Ore. —") is
        // convention, not shouting.
        // An all-capitals headline is shouted once, by its flag: counting each of its words as
        // well would weigh a newsroom's house style (a police appeal set in capitals) twice.
        let n = if title_all_caps {
            0
        } else {
            let tokens = title_marked.shouted.iter().copied().filter(|t| !t.quoted);
            token_evidence(out, Feature::TitleCapsWords, Part::Title, tokens)
        };
        out.set(Feature::TitleCapsWords, n as f64);
        let dateline = doc.dateline.map_or(0, |s| s.end);
        // A story opening on its first words in capitals ("A MAN has admitted...",
        // "CORONATION Street star...") follows a newsroom's style, as a drop cap does.
        let lead_in = lead_in_end(body, dateline);
        let tokens = body_marked
            .shouted
            .iter()
            .copied()
            .filter(|t| !t.quoted && t.span.start >= dateline && t.span.start >= lead_in);
        let n = token_evidence(out, Feature::BodyCapsWords, Part::Body, tokens);
        out.set(Feature::BodyCapsWords, per_100_words(n, body.author_words));

        let n = token_evidence(
            out,
            Feature::TitleEmoji,
            Part::Title,
            title_marked.emoji.iter().copied(),
        );
        out.set(Feature::TitleEmoji, n as f64);
        let n = token_evidence(
            out,
            Feature::BodyEmoji,
            Part::Body,
            body_marked.emoji.iter().copied(),
        );
        out.set(Feature::BodyEmoji, per_100_words(n, body.words));

        for (text, marked, part, exclaim, flood) in [
            (
                title,
                &title_marked,
                Part::Title,
                Feature::TitleExclamations,
                Feature::TitlePunctFloods,
            ),
            (
                body,
                &body_marked,
                Part::Body,
                Feature::BodyExclamations,
                Feature::BodyPunctFloods,
            ),
        ] {
            let marks = || marked.marks.iter().copied();
            let n_exclaim = token_evidence(
                out,
                exclaim,
                part,
                marks().filter(|t| is_exclamation(text.token_text(t))),
            );
            let n_flood = token_evidence(
                out,
                flood,
                part,
                marks().filter(|t| is_flood(text.token_text(t))),
            );
            let (exclaim_value, flood_value) = match part {
                Part::Title => (n_exclaim as f64, n_flood as f64),
                _ => (
                    per_100_words(n_exclaim, text.author_words),
                    per_100_words(n_flood, text.author_words),
                ),
            };
            out.set(exclaim, exclaim_value);
            out.set(flood, flood_value);
        }

        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::LoadedWords,
            Feature::TitleLoadedWords,
            Feature::BodyLoadedWords,
        );
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::HypeWords,
            Feature::TitleHypeWords,
            Feature::BodyHypeWords,
        );
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::Superlatives,
            Feature::TitleSuperlatives,
            Feature::BodySuperlatives,
        );
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::Intensifiers,
            Feature::TitleIntensifiers,
            Feature::BodyIntensifiers,
        );
        // A question standing alone on its line in the body is a subhead (an explainer's
        // `What happens next?`), not a teaser.
        let n = lexicon_evidence(
            out,
            Feature::TitleClickbaitPhrases,
            Part::Title,
            title,
            LexiconKind::ClickbaitPhrases,
            Voice::Author,
        );
        out.set(Feature::TitleClickbaitPhrases, n as f64);
        // The author's questions once, each with whether it stands alone on its line.
        let asked: Vec<(u32, Span, bool)> = questions(body, dateline)
            .map(|(i, span)| (i, span, alone_on_its_line(body.text, span)))
            .collect();
        let subhead = |sentence: u32| asked.iter().any(|&(i, _, alone)| alone && i == sentence);
        let teasers = body
            .matches_of(LexiconKind::ClickbaitPhrases)
            .filter(|m| !subhead(body.tokens[m.first_token].sentence));
        let n = matches_evidence(
            out,
            Feature::BodyClickbaitPhrases,
            Part::Body,
            teasers,
            Voice::Author,
        );
        out.set(
            Feature::BodyClickbaitPhrases,
            per_100_words(n, body.author_words),
        );
        title_and_body_lexicon(
            doc,
            out,
            LexiconKind::SecondPerson,
            Feature::TitleSecondPerson,
            Feature::BodySecondPerson,
        );

        // Promotional language sells in anyone's voice: a press release quotes its own
        // executives praising the product, so quotes count too.
        let n = lexicon_evidence(
            out,
            Feature::BodyPromotional,
            Part::Body,
            body,
            LexiconKind::Promotional,
            Voice::Any,
        );
        out.set(Feature::BodyPromotional, per_100_words(n, body.words));

        if let Some(span) = listicle(title) {
            out.add_evidence(Feature::TitleListicle, Part::Title, span, false);
            out.set(Feature::TitleListicle, 1.0);
        }

        // A question under an explainer's kicker (`Explainer: Why are bills going up?`) is
        // the piece's subject, which it answers: no teaser.
        let explained = doc.kicker_kind == Some(KickerKind::Explainer);
        let question = title
            .tokens
            .iter()
            .rev()
            .find(|t| {
                t.shape != Shape::Emoji
                    && !matches!(title.token_text(t), "\"" | "”" | "'" | "’" | ")")
            })
            .filter(|t| !explained && title.token_text(t).contains('?'));
        if let Some(t) = question {
            out.add_evidence(Feature::TitleQuestion, Part::Title, t.span, false);
            out.set(Feature::TitleQuestion, 1.0);
        }

        let first_word = title.tokens.iter().position(|t| t.shape.is_word());
        let opener = title
            .matches_of(LexiconKind::ForwardReference)
            .find(|m| Some(m.first_token) == first_word);
        if let Some(m) = opener {
            out.add_evidence(Feature::TitleForwardReference, Part::Title, m.span, false);
            out.set(Feature::TitleForwardReference, 1.0);
        }

        // Rhetorical questions: the author's that share their paragraph with other sentences
        // (`Coincidence? I don't think so.`); one alone on its line is a subhead or an
        // interviewer's question.
        let mut n = 0;
        for &(_, span, _) in asked.iter().filter(|q| !q.2) {
            out.add_evidence(Feature::BodyQuestions, Part::Body, span, false);
            n += 1;
        }
        out.set(Feature::BodyQuestions, per_100_words(n, body.author_words));

        let mut quoted = 0;
        for (text, marked, part) in [
            (title, &title_marked, Part::Title),
            (body, &body_marked, Part::Body),
        ] {
            for kind in [
                LexiconKind::HypeWords,
                LexiconKind::Superlatives,
                LexiconKind::Intensifiers,
            ] {
                quoted +=
                    lexicon_evidence(out, Feature::QuotedHype, part, text, kind, Voice::Quoted);
            }
            let shouts = marked.shouted.iter().copied().filter(|t| t.quoted);
            quoted += token_evidence(out, Feature::QuotedHype, part, shouts);
        }
        out.set(
            Feature::QuotedHype,
            per_100_words(quoted, title.words + body.words),
        );
    }
}

/// The sentences of `text` that end on a question mark outside quotes, each with its index
/// and its span from its first word at or after byte `from` to that mark.
fn questions<'a>(
    text: &'a TextAnalysis<'_>,
    from: usize,
) -> impl Iterator<Item = (u32, Span)> + 'a {
    text.sentences
        .iter()
        .enumerate()
        .filter_map(move |(i, sentence)| {
            let tokens = &text.tokens[sentence.first_token..sentence.end_token];
            // The sentence's last mark: a closing quote after the `?` makes it a quoted question.
            let last = tokens.iter().rev().find(|t| t.shape != Shape::Emoji)?;
            if !text.token_text(last).contains('?') || last.quoted || last.span.start < from {
                return None;
            }
            let first = tokens
                .iter()
                .find(|t| t.shape.is_word() && !t.quoted && t.span.start >= from)?;
            Some((i as u32, first.span.cover(last.span)))
        })
}

/// True when nothing but white space shares `span`'s line of `text`.
fn alone_on_its_line(text: &str, span: Span) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    text[line_start..span.start].trim().is_empty() && text[span.end..line_end].trim().is_empty()
}

fn is_exclamation(mark: &str) -> bool {
    mark.contains(['!', '‼', '⁉'])
}

fn is_flood(mark: &str) -> bool {
    mark.chars().count() >= 2 || mark.contains(['‼', '⁉'])
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

fn is_acronym(text: &TextAnalysis, t: &Token, lexicons: &Lexicons) -> bool {
    let word = text.token_text(t);
    lexicons.has_token(LexiconKind::Acronyms, word)
        || lexicons.has_token(LexiconKind::Acronyms, word.trim_end_matches(['s', '\'']))
}

/// The tokens of a text that hype looks at, gathered in one pass (most tokens are plain
/// words, which none of these passes would keep).
struct Marked<'a> {
    /// All-caps words that are shouting, not acronyms: not in the acronym lexicon, and
    /// either long enough to be a word, an everyday word (`NOT`, `ALL`: `emphasis_words.txt`)
    /// or next to another such word ("YOU WON'T BELIEVE").
    shouted: Vec<&'a Token>,
    /// Emoji.
    emoji: Vec<&'a Token>,
    /// Punctuation outside quotes.
    marks: Vec<&'a Token>,
}

impl<'a> Marked<'a> {
    fn of(
        text: &'a TextAnalysis,
        is_acronym: &impl Fn(&TextAnalysis, &Token) -> bool,
        is_emphasis: &impl Fn(&str) -> bool,
    ) -> Marked<'a> {
        let mut caps = Vec::new();
        let (mut emoji, mut marks) = (Vec::new(), Vec::new());
        for (i, t) in text.tokens.iter().enumerate() {
            match t.shape {
                Shape::AllCaps if !is_acronym(text, t) => caps.push(i),
                Shape::Emoji => emoji.push(t),
                Shape::Punct if !t.quoted => marks.push(t),
                _ => {}
            }
        }
        // A neighbour in the text is a neighbour in `caps`.
        let shouted = caps
            .iter()
            .enumerate()
            .filter(|&(j, &i)| {
                let word = text.token_text(&text.tokens[i]);
                let long = letters(word) >= MIN_ISOLATED_SHOUT_LETTERS || is_emphasis(word);
                let after_caps = j > 0 && caps[j - 1] + 1 == i;
                let before_caps = caps.get(j + 1) == Some(&(i + 1));
                long || after_caps || before_caps
            })
            .map(|(_, &i)| &text.tokens[i])
            .collect();
        Marked {
            shouted,
            emoji,
            marks,
        }
    }
}

/// A headline in capitals: at least two words of two or more letters, all of them capitals,
/// and not all of them acronyms.
fn is_all_caps(title: &TextAnalysis, is_acronym: &impl Fn(&TextAnalysis, &Token) -> bool) -> bool {
    let words: Vec<&Token> = title
        .tokens
        .iter()
        .filter(|t| t.shape.is_alpha() && letters(title.token_text(t)) >= 2)
        .collect();
    words.len() >= 2
        && words.iter().all(|t| t.shape == Shape::AllCaps)
        && words.iter().any(|t| !is_acronym(title, t))
}

/// Most words in capitals a story's lead-in has ("A MAN has admitted", "CORONATION Street").
const MAX_LEAD_IN_WORDS: usize = 3;

/// Where the body's lead-in in capitals ends (the byte after it; 0 when there is none): its
/// first one to [`MAX_LEAD_IN_WORDS`] words from `from` (after any dateline), in capitals
/// but for one-letter words, followed by a word that is not.
fn lead_in_end(body: &TextAnalysis, from: usize) -> usize {
    let mut caps = 0;
    for t in body.tokens.iter().filter(|t| t.span.start >= from) {
        if !t.shape.is_word() {
            return 0;
        }
        match t.shape {
            Shape::AllCaps => caps += 1,
            _ if caps > 0 && letters(body.token_text(t)) > 1 => return t.span.start,
            _ if letters(body.token_text(t)) <= 1 => {}
            _ => return 0,
        }
        if caps > MAX_LEAD_IN_WORDS {
            return 0;
        }
    }
    0
}

/// Small words a name spelled out in an acronym may hold without their initial ("Alliance
/// *for* Sahel...", "Department *of* Health").
const ACRONYM_CONNECTORS: &[&str] = &["of", "for", "and", "the", "on", "in", "de", "du", "&"];

/// Most words of a name an acronym spells out.
const MAX_ACRONYM_LETTERS: usize = 8;

/// The all-caps words of `texts` that the texts themselves spell out: in parentheses alone
/// (`(ASEFR)`), or the initials, in order, of a run of capitalised words in the same text
/// (`ASEFR` and "Alliance for Sahel Emergency Food Relief", `KRDF` and "Key Regional Data
/// Framework"), connectors such as `for` and `of` skipped (Schwartz and Hearst's acronym
/// definitions, 2003, reduced to initials).
/// Only words that `known` (the acronym lexicon) does not already hold are looked for, so a
/// text whose capitals are all known acronyms costs one pass.
fn defined_acronyms<'a>(
    texts: &[&'a TextAnalysis],
    known: impl Fn(&TextAnalysis, &Token) -> bool,
) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for text in texts {
        let is_caps = |t: &Token| {
            t.shape == Shape::AllCaps && letters(text.token_text(t)) >= 2 && !known(text, t)
        };
        if !text.tokens.iter().any(is_caps) {
            continue;
        }
        // The all-caps words in parentheses alone are defined; the others, by their letters,
        // are looked for among the initials of runs of capitalised words.
        let mut wanted: HashMap<Vec<char>, Vec<&'a str>> = HashMap::default();
        for (i, t) in text.tokens.iter().enumerate() {
            if !is_caps(t) {
                continue;
            }
            let word = text.token_text(t);
            let around = |j: Option<usize>, mark: &str| {
                j.and_then(|j| text.tokens.get(j))
                    .is_some_and(|n| text.token_text(n) == mark)
            };
            if around(i.checked_sub(1), "(") && around(Some(i + 1), ")") {
                out.insert(word);
            } else {
                let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
                wanted.entry(letters).or_default().push(word);
            }
        }
        // Every run of initials of consecutive capitalised words, from each word in it (2 to
        // `MAX_ACRONYM_LETTERS` initials): a wanted word's letters among them define it.
        let mut run: Vec<char> = Vec::new();
        for t in &text.tokens {
            if wanted.is_empty() {
                break;
            }
            let word = text.token_text(t);
            match t.shape {
                Shape::Title | Shape::AllCaps | Shape::Mixed => {
                    run.extend(word.chars().next().map(|c| c.to_ascii_uppercase()));
                    for start in run.len().saturating_sub(MAX_ACRONYM_LETTERS)..run.len() - 1 {
                        if let Some(words) = wanted.remove(&run[start..]) {
                            out.extend(words);
                        }
                    }
                }
                _ if ACRONYM_CONNECTORS.contains(&text.token_norm(t)) => {}
                _ => run.clear(),
            }
        }
    }
    out
}

/// "17 Things...", "Top 10 ...": a small number opening the headline, followed by a word.
fn listicle(title: &TextAnalysis) -> Option<crate::span::Span> {
    let mut words = title.tokens.iter().filter(|t| t.shape.is_word());
    let mut first = words.next()?;
    if title.token_norm(first) == "top" {
        first = words.next()?;
    }
    let number: u32 = title.token_text(first).parse().ok()?;
    let next = words.next()?;
    let is_list = first.shape == Shape::Number
        && (2..=MAX_LISTICLE_NUMBER).contains(&number)
        && next.shape.is_alpha();
    is_list.then(|| first.span.cover(next.span))
}
