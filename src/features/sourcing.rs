//! Sourcing: attributions, direct quotes, named versus anonymous sources, outlets, figures
//! and dates.

use super::{
    lexicon_evidence, per_100_words, Document, Family, Feature, FeatureFamily, FeatureValues, Part,
    Voice,
};
use crate::article::lede::KickerKind;
use crate::lexicon::{LexiconKind, Lexicons};
use crate::span::Span;
use crate::text::{LexMatch, Shape, TextAnalysis, Token};
use rustc_hash::FxHashMap as HashMap;

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

/// Roles that keep their holder unnamed whoever they speak for (`a Downing Street source`).
const UNNAMED_ROLES: &[&str] = &[
    "source",
    "sources",
    "insider",
    "insiders",
    "friend",
    "pal",
    "confidant",
    "confidante",
    "relative",
];

/// Roles that speak for an organisation on the record: named when the organisation is (`A
/// Police Scotland spokesperson`), where `a Pentagon official` or `a European expert` is not.
const SPOKES_ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representative",
];

/// Organisations a story names by their kind once it has introduced them: `the council said`,
/// `said the company`, `the club said in a statement` are on the record, as a spokesperson's
/// words are.
const ORGANISATIONS: &[&str] = &[
    "council",
    "government",
    "ministry",
    "department",
    "company",
    "firm",
    "club",
    "police",
    "force",
    "hospital",
    "trust",
    "university",
    "college",
    "school",
    "agency",
    "authority",
    "court",
    "charity",
    "union",
    "airline",
    "bank",
    "commission",
    "committee",
    "board",
    "party",
    "embassy",
    "army",
    "military",
    "church",
    "federation",
    "association",
    "league",
    "prosecutors",
    "insurer",
    "retailer",
    "carmaker",
    "operator",
    "broadcaster",
    "publisher",
];

/// The organisation a phrase ends in (`phrase` nearest the noun first), named by `the` or a
/// possessive before it: `the council`, `the city's police`.
fn organisation(text: &TextAnalysis, phrase: &[&Token]) -> Option<u64> {
    let (noun, qualifiers) = phrase.split_first()?;
    if !ORGANISATIONS.contains(&text.token_norm(noun)) {
        return None;
    }
    is_definite(text, qualifiers).then_some(noun.key)
}

/// True when the nearest determiner of a noun's qualifiers (nearest first) is `the` or a
/// possessive: `the council`, `the region's mayor` name one body or holder the reader can
/// identify; `a council`, `one official` do not.
fn is_definite(text: &TextAnalysis, qualifiers: &[&Token]) -> bool {
    qualifiers
        .iter()
        .find(|t| {
            !t.shape.is_alpha()
                || matches!(
                    text.token_norm(t),
                    "the" | "a" | "an" | "one" | "another" | "some" | "'s"
                )
        })
        .is_some_and(|t| matches!(text.token_norm(t), "the" | "'s"))
}

/// Offices of one holder at a time: `the mayor said` names the mayor, whom a reader can
/// identify, where `a senior official said` names nobody.
const OFFICES: &[&str] = &[
    "mayor",
    "minister",
    "premier",
    "president",
    "governor",
    "chancellor",
    "ceo",
    "chairman",
    "chairwoman",
    "chairperson",
    "coroner",
    "judge",
    "magistrate",
    "sheriff",
    "superintendent",
    "commissioner",
    "ambassador",
    "archbishop",
    "bishop",
    "pope",
    "prosecutor",
    "headteacher",
];

/// Prepositions of place: the capitalised words after one are where a source is, not who
/// (`Residents in Duke Street said`). `at` and `from` name an organisation as often
/// (`Analysts at Barclays said`, `researchers from Oxford University`), and are left out.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "across", "around", "outside"];

/// Pronouns: an attribution to one refers back to a source.
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

/// The pronouns of a third party: "he said" is the source the story introduced before (the
/// last attribution's, or a name in the sentence before); "we said", "I said" are the
/// author's or a quote's own voice.
const REFERRING_PRONOUNS: &[&str] = &["he", "she", "they", "it"];

/// What follows a news outlet's name when the outlet speaks for its own unnamed sources:
/// "The Sun understands", "the Daily Mail can reveal". The outlet is then the paper
/// itself, not a source it cites.
const OWN_SOURCING: &[&[&str]] = &[
    &["understands"],
    &["can", "reveal"],
    &["can", "exclusively", "reveal"],
    &["has", "learned"],
    &["has", "learnt"],
    &["has", "been", "told"],
    &["has", "established"],
];

/// The same after `we` (the outlet in its own voice): "we can reveal", "we have learned";
/// `we understand` is left out: a column's "we understand your anger" is no source.
const OWN_SOURCING_WE: &[&[&str]] = &[
    &["can", "reveal"],
    &["can", "exclusively", "reveal"],
    &["have", "learned"],
    &["have", "learnt"],
];

/// Whether an anonymous-source phrase cites a source by its words alone: one of its words is
/// a sourcing cue (`models/lexicons/sourcing_cues.txt`: `source`, `insider`, `familiar`,
/// `briefed`). A phrase without one describes people (`senior officials`, `a family friend`),
/// who are sources only when something is attributed to them: `Senior officials were present`
/// cites nobody.
fn is_sourcing_alone(phrase: &str, lexicons: &Lexicons) -> bool {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let cue = |w: &str| lexicons.has_token(LexiconKind::SourcingCues, w);
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                cue(&w.to_ascii_lowercase())
            } else {
                cue(w)
            }
        })
}

/// Words that may stand between a source set off by commas and its verb: "Dave Price, 58,
/// later said".
const BEFORE_VERB: &[&str] = &[
    "later",
    "also",
    "then",
    "earlier",
    "previously",
    "has",
    "had",
    "have",
    "once",
];

/// Words that end a source phrase after the verb ("said on Tuesday", "said in a statement").
const PHRASE_BREAKS: &[&str] = &[
    "that", "in", "on", "at", "to", "during", "after", "before", "when", "while", "of", "for",
    "with", "as", "last", "this", "about", "by", "from", "and", "but", "who", "which",
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
        // Sentences of the attributions, in text order: searched, not scanned, per quote, so
        // a long text with many quotes stays linear.
        let attribution_sentences: Vec<u32> = attributions
            .iter()
            .map(|m| body.tokens[m.first_token].sentence)
            .collect();
        let mut attributed = 0;
        // The sentence an attributed quote ended in last.
        let mut speaker_until: Option<u32> = None;
        for q in &body.quotes {
            let first = body.tokens[q.first_token].sentence;
            let last = body.tokens[q.end_token - 1].sentence + 1;
            let i = attribution_sentences.partition_point(|&s| s < first);
            let near = attribution_sentences.get(i).is_some_and(|&s| s <= last);
            // A quote opening the sentence after an attributed one goes on in that
            // speaker's words: `"We will fight this," said Tom Reed. "Nobody asked us."`
            let opens_sentence = body.sentences[first as usize].first_token == q.first_token;
            let follows = opens_sentence && speaker_until.is_some_and(|s| s + 1 == first);
            if near || follows || q.answer {
                attributed += 1;
                speaker_until = Some(last - 1);
                out.add_evidence(Feature::AttributedQuoteShare, Part::Body, q.span, true);
            } else {
                speaker_until = None;
            }
        }
        if !body.quotes.is_empty() {
            out.set(
                Feature::AttributedQuoteShare,
                attributed as f64 / body.quotes.len() as f64,
            );
        }

        // The anonymous-source phrases outside quotes, in text order.
        let anonymous_phrases: Vec<&LexMatch> = body
            .matches_of(LexiconKind::AnonymousSources)
            .filter(|m| !m.quoted)
            .collect();
        let (mut named, mut anonymous) = (0, 0);
        // The source of the last attribution, which a pronoun ("he said") refers back to.
        let mut last_source: Option<SourceKind> = None;
        // The named sources seen, by the key of the name's last word ("Oakes"), each with
        // its first attribution as evidence.
        let mut distinct: rustc_hash::FxHashSet<u64> = Default::default();
        for (k, m) in attributions.iter().enumerate() {
            // "Police said witnesses reported...": what a source said, not another source.
            let previous = k.checked_sub(1).map(|j| attributions[j]);
            if previous.is_some_and(|p| is_reported_speech(body, p, m)) {
                continue;
            }
            let found =
                classify_source(body, m, &anonymous_phrases, lexicons).and_then(|(kind, span)| {
                    match kind {
                        SourceKind::Pronoun => last_source
                            .or_else(|| name_before(body, m, lexicons))
                            .map(|kind| (kind, span)),
                        kind => Some((kind, span)),
                    }
                });
            if let Some((kind, _)) = found {
                last_source = Some(kind);
            }
            match found {
                Some((SourceKind::Named(name), span)) => {
                    named += 1;
                    out.add_evidence(Feature::NamedSources, Part::Body, span, false);
                    out.add_evidence(Feature::NamedSourceShare, Part::Body, span, false);
                    if distinct.insert(name) {
                        out.add_evidence(Feature::DistinctNamedSources, Part::Body, span, false);
                    }
                }
                Some((SourceKind::Anonymous, span)) => {
                    anonymous += 1;
                    out.add_evidence(Feature::AnonymousSources, Part::Body, span, false);
                }
                Some((SourceKind::Pronoun, _)) | None => {}
            }
        }
        // An outlet speaking for its own unnamed sources ("The Sun understands", "we can
        // reveal" is the same claim without the name): an anonymous source.
        let own_sourcing = own_sourcing(body);
        for span in &own_sourcing {
            anonymous += 1;
            out.add_evidence(Feature::AnonymousSources, Part::Body, *span, false);
        }
        // Anonymous-source phrases that no attribution verb reached ("sources close to...").
        // The spans reached, by start, with the furthest end reached so far: a phrase is
        // covered when a span starting at or before it ends at or after it.
        let mut reached: Vec<Span> = out
            .evidence(Feature::AnonymousSources)
            .iter()
            .map(|e| e.span)
            .collect();
        reached.sort();
        let furthest: Vec<usize> = reached
            .iter()
            .scan(0, |end, s| {
                *end = s.end.max(*end);
                Some(*end)
            })
            .collect();
        for m in body
            .matches_of(LexiconKind::AnonymousSources)
            .filter(|m| !m.quoted && is_sourcing_alone(&body.text[m.span], lexicons))
        {
            let n = reached.partition_point(|s| s.start <= m.span.start);
            let covered = n > 0 && furthest[n - 1] >= m.span.end;
            if !covered {
                anonymous += 1;
                out.add_evidence(Feature::AnonymousSources, Part::Body, m.span, false);
            }
        }
        out.set(Feature::NamedSources, per_100_words(named, words));
        out.set(Feature::DistinctNamedSources, distinct.len() as f64);
        out.set(Feature::AnonymousSources, per_100_words(anonymous, words));
        if named + anonymous > 0 {
            out.set(
                Feature::NamedSourceShare,
                named as f64 / (named + anonymous) as f64,
            );
        }

        // The wire's own name is no outlet cited: in its dateline (`PARIS (AFP) -`, which
        // `sourcing.dateline` weighs), or where a source spoke to it (`told AFP`).
        let wire = doc.dateline.and_then(|d| {
            body.matches_of(LexiconKind::Outlets)
                .find(|m| d.contains(m.span))
                .map(|m| &body.text[m.span])
        });
        let mut n = 0;
        for m in body.matches_of(LexiconKind::Outlets) {
            let own = own_sourcing.iter().any(|s| s.start == m.span.start);
            if own || wire.is_some_and(|w| body.text[m.span] == *w) {
                continue;
            }
            n += 1;
            out.add_evidence(Feature::Outlets, Part::Body, m.span, m.quoted);
        }
        out.set(Feature::Outlets, per_100_words(n, words));

        // A document or record cited (`the report`, `court filings`, `data from`) is checkable
        // whoever names it: a source saying "the audit shows" cites it too.
        let n = lexicon_evidence(
            out,
            Feature::Documents,
            Part::Body,
            body,
            LexiconKind::Documents,
            Voice::Any,
        );
        out.set(Feature::Documents, per_100_words(n, words));

        let (figures, dates) = figures_and_dates(body);
        for span in &figures {
            out.add_evidence(Feature::Figures, Part::Body, *span, in_quote(body, *span));
        }
        for span in &dates {
            out.add_evidence(Feature::Dates, Part::Body, *span, in_quote(body, *span));
        }
        out.set(Feature::Figures, per_100_words(figures.len(), words));
        out.set(Feature::Dates, per_100_words(dates.len(), words));

        // A newsroom's dateline; a press-release wire's (`/PRNewswire/ --`, `--(BUSINESS
        // WIRE)--`) marks a release distributed for a company, not reporting, and so does
        // any dateline under a release's kicker (`FOR IMMEDIATE RELEASE`).
        let release = doc.kicker_kind == Some(KickerKind::Release);
        let dateline = doc.dateline.filter(|d| {
            !release && !is_release_wire(&body.text[d.start..d.end.min(body.text.len())])
        });
        if let Some(span) = dateline {
            out.add_evidence(Feature::Dateline, Part::Body, span, false);
        }
        out.set(Feature::Dateline, dateline.is_some() as u8 as f64);

        // A body that cites nothing: no one said, told or wrote anything in it, and no record
        // or outlet stands behind it (a content farm's tips, a rant, an advertorial).
        let cited = [
            Feature::Attributions,
            Feature::Quotes,
            Feature::NamedSources,
            Feature::AnonymousSources,
            Feature::Documents,
            Feature::Outlets,
        ];
        let unsourced = words > 0 && cited.iter().all(|&f| out.get(f) == 0.0);
        if unsourced {
            let text = body.text;
            let start = text.len() - text.trim_start().len();
            let end = text.trim_end().len();
            out.add_evidence(Feature::Unsourced, Part::Body, Span::new(start, end), false);
        }
        out.set(Feature::Unsourced, unsourced as u8 as f64);
    }
}

/// The wires that distribute press releases, as their names stand in a dateline (lower-cased).
const RELEASE_WIRES: [&str; 6] = [
    "newswire",
    "business wire",
    "accesswire",
    "prweb",
    "marketwired",
    "einpresswire",
];

/// True for a press-release wire's dateline (`SAN FRANCISCO, March 3, 2026 /PRNewswire/ --`).
fn is_release_wire(dateline: &str) -> bool {
    let lower = dateline.to_lowercase();
    RELEASE_WIRES.iter().any(|w| lower.contains(w))
}

/// True when `span` lies inside a direct quote. Quotes are in order and do not overlap, so
/// only the last one starting at or before `span` can hold it.
fn in_quote(text: &TextAnalysis, span: Span) -> bool {
    let n = text.quotes.partition_point(|q| q.span.start <= span.start);
    n > 0 && text.quotes[n - 1].span.contains(span)
}

/// The span of the anonymous-source phrases that are the source of the attribution `verb`:
/// in its sentence, ending at most [`SET_OFF_WINDOW`] words before it (`an official who spoke
/// on condition of anonymity said`), holding it, or starting at most two words after it
/// (`said a senior official`). A phrase elsewhere in the sentence is another attribution's
/// (`Zelensky said the talks would resume, a senior official added`).
fn anonymous_phrase_near(
    text: &TextAnalysis,
    verb: &LexMatch,
    phrases: &[&LexMatch],
) -> Option<Span> {
    let sentence = text.tokens[verb.first_token].sentence;
    // Phrases are in text order and a few words long: only those starting near the verb.
    let from = verb.first_token.saturating_sub(4 * SET_OFF_WINDOW);
    let first = phrases.partition_point(|m| m.first_token < from);
    phrases[first..]
        .iter()
        .take_while(|m| m.first_token <= verb.end_token + SET_OFF_WINDOW)
        .filter(|m| text.tokens[m.first_token].sentence == sentence)
        .filter(|m| {
            let before =
                m.end_token <= verb.first_token && verb.first_token - m.end_token <= SET_OFF_WINDOW;
            let holding = m.first_token < verb.end_token && m.end_token > verb.first_token;
            // Right after the verb, or a clause about the source after it (`added a
            // spokesman, who declined to be named`).
            let gap = m.first_token.saturating_sub(verb.end_token);
            let after = m.first_token >= verb.end_token
                && (gap <= 2
                    || (gap <= SET_OFF_WINDOW
                        && [m.first_token - 1, m.first_token]
                            .iter()
                            .any(|&i| text.token_norm(&text.tokens[i]) == "who")));
            before || holding || after
        })
        .map(|m| m.span)
        .reduce(|a, b| a.cover(b))
}

/// True when the attribution `verb` stands inside what the attribution `previous` reports:
/// in its sentence, with no punctuation between them (`Mayor Jane Smith said residents had
/// complained`, `told reporters that officials had been warned`, `said the cost had risen
/// since it was announced`). A verb after a comma is an attribution of its own (`Zelensky
/// said the talks would resume, Taylor added`).
fn is_reported_speech(text: &TextAnalysis, previous: &LexMatch, verb: &LexMatch) -> bool {
    let tokens = &text.tokens;
    tokens[previous.first_token].sentence == tokens[verb.first_token].sentence
        && previous.end_token <= verb.first_token
        && tokens[previous.end_token..verb.first_token]
            .iter()
            .all(|t| t.shape != Shape::Punct)
}

/// Whether an attribution names its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceKind {
    /// Named, with the key of the name's last word: "Martin Oakes said" and "Oakes said"
    /// name one source.
    Named(u64),
    Anonymous,
    /// A pronoun ("he said"): the source it refers back to, resolved by the caller.
    Pronoun,
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
///
/// `anonymous_phrases` holds the anonymous-source phrases outside quotes, in text order.
fn classify_source(
    text: &TextAnalysis,
    verb: &LexMatch,
    anonymous_phrases: &[&LexMatch],
    lexicons: &Lexicons,
) -> Option<(SourceKind, Span)> {
    let tokens = &text.tokens;
    let sentence = tokens[verb.first_token].sentence;
    let same_sentence = |t: &Token| t.sentence == sentence && !t.quoted;

    if let Some(span) = anonymous_phrase_near(text, verb, anonymous_phrases) {
        return Some((SourceKind::Anonymous, span.cover(verb.span)));
    }

    if let Some(found) = set_off_before(text, verb, lexicons) {
        return Some(found);
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
            // "he said", "it said": the source an earlier sentence named or described, which
            // the caller resolves.
            return REFERRING_PRONOUNS
                .contains(&norm)
                .then(|| (SourceKind::Pronoun, last.span.cover(verb.span)));
        }
        // The source phrase: at most the four words before the verb ("a senior
        // administration official said"), not the whole clause.
        let phrase = &before[..before.len().min(4)];
        let span = phrase[phrase.len() - 1].span.cover(verb.span);
        if is_name(text, last, lexicons) {
            // "Residents in Duke Street said": a role, then where it is.
            let place = phrase
                .iter()
                .position(|t| PLACE_PREPOSITIONS.contains(&text.token_norm(t)));
            let role_before_place =
                place.is_some_and(|p| phrase[p + 1..].iter().any(|t| is_role(text, t, lexicons)));
            if !role_before_place {
                return Some((SourceKind::Named(last.key), span));
            }
            return Some((SourceKind::Anonymous, span));
        }
        if is_role(text, last, lexicons) {
            return Some((role_source(text, phrase, lexicons), span));
        }
        if let Some(key) = organisation(text, phrase) {
            return Some((SourceKind::Named(key), span));
        }
        // "One source close to the star claims": a role further back, with no name.
        if let Some(role) = before.iter().position(|t| is_role(text, t, lexicons)) {
            if !before[..role].iter().any(|t| is_name(text, t, lexicons)) {
                let kind = role_source(text, &before[role..], lexicons);
                return Some((kind, before[role].span.cover(verb.span)));
            }
        }
        // A subject before the verb that is neither ("The state transportation department
        // said the bridges would reopen once inspectors..."): the source is that subject,
        // so the words after the verb are what was said, not who said it. Only `according
        // to` names its source after itself wherever it stands.
        if !is_according(text, verb) {
            return None;
        }
    }

    // The words right after the verb, up to a preposition: "said William Taylor",
    // "said a senior official".
    // An abbreviation's period goes on with the name: "said Sen. Elizabeth Warren".
    let mut after: Vec<&Token> = Vec::new();
    for (i, t) in tokens.iter().enumerate().skip(verb.end_token) {
        let abbreviation_period = text.text[t.span] == *"."
            && after.last().is_some_and(|w| {
                w.span.end == t.span.start && lexicons.is_abbreviation(text.token_text(w))
            })
            && tokens.get(i + 1).is_some_and(|n| n.shape == Shape::Title);
        if abbreviation_period {
            continue;
        }
        let word =
            same_sentence(t) && t.shape.is_word() && !PHRASE_BREAKS.contains(&text.token_norm(t));
        if !word || after.len() == SOURCE_WINDOW {
            break;
        }
        after.push(t);
    }
    // "X, who chairs the association, said residents had raised concerns": a name or role
    // that a finite verb follows is the subject of what was said, not who said it.
    if after
        .iter()
        .any(|t| starts_finite_clause(text.token_norm(t)))
    {
        return None;
    }
    let last = after.last()?;
    let span = verb.span.cover(last.span);
    // "said the council": the organisation, nearest the verb's end first.
    let nearest_first: Vec<&Token> = after.iter().rev().copied().collect();
    if let Some(key) = organisation(text, &nearest_first) {
        return Some((SourceKind::Named(key), span));
    }
    if let Some(name) = after.iter().rev().find(|t| is_name(text, t, lexicons)) {
        return Some((SourceKind::Named(name.key), span));
    }
    if after.iter().any(|t| is_role(text, t, lexicons)) {
        // "said her neighbour, Tom Price": the role's name set off by a comma after it.
        let next = verb.end_token + after.len();
        if let Some(name) = name_after_comma(text, next, sentence, lexicons) {
            return Some((SourceKind::Named(name.key), verb.span.cover(name.span)));
        }
        let nearest_first: Vec<&Token> = after.iter().rev().copied().collect();
        return Some((role_source(text, &nearest_first, lexicons), span));
    }
    // "according to a study published in The Lancet", "according to a report by Oxfam": a
    // document whose publisher the clause names, past the preposition that ended the phrase.
    if is_according(text, verb) {
        let publisher = tokens[verb.end_token + after.len()..]
            .iter()
            .take_while(|t| same_sentence(t) && t.shape.is_word())
            .take(DOCUMENT_WINDOW)
            .find(|t| is_name(text, t, lexicons));
        if let Some(name) = publisher {
            return Some((SourceKind::Named(name.key), verb.span.cover(name.span)));
        }
    }
    None
}

/// Most words after `according to` a document's publisher may stand ("a study published
/// in The Lancet").
const DOCUMENT_WINDOW: usize = 8;

/// True when the attribution is `according to`, which names its source after itself.
fn is_according(text: &TextAnalysis, verb: &LexMatch) -> bool {
    text.text[verb.span.start..verb.span.end]
        .get(..9)
        .is_some_and(|w| w.eq_ignore_ascii_case("according"))
}

/// Auxiliaries and modals: after an attribution verb, one of these a word or two on says the
/// words after the verb are a reported clause with its own subject (`said residents had
/// raised concerns`, `said Biden would veto it`), not its source.
const FINITE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "had", "has", "have", "would", "will", "could", "should", "can",
    "may", "might", "must", "did", "does", "do", "wanted", "needed", "planned", "hoped", "feared",
    "believed", "expected", "knew", "thought", "felt",
];

/// True when a word (normalised) starts a finite clause: see [`FINITE_VERBS`].
fn starts_finite_clause(norm: &str) -> bool {
    FINITE_VERBS.contains(&norm)
}

/// The source a phrase ending in a role stands for (`phrase` nearest the role first, the
/// role at 0): named when a spokesperson's organisation is named (`A Police Scotland
/// spokesperson`, on the record) or when it is an office held by one person at a time
/// introduced by `the` (`the mayor`); unnamed otherwise (`a senior official`, `residents`,
/// `a Downing Street source`, `one European defense expert`).
fn role_source(text: &TextAnalysis, phrase: &[&Token], lexicons: &Lexicons) -> SourceKind {
    let Some(role) = phrase.first() else {
        return SourceKind::Anonymous;
    };
    let role_norm = text.token_norm(role);
    if UNNAMED_ROLES.contains(&role_norm) {
        return SourceKind::Anonymous;
    }
    let qualifiers = &phrase[1..];
    if SPOKES_ROLES.contains(&role_norm) {
        // A spokesperson speaks for an organisation on the record, named (`A Police
        // Scotland spokesperson`) or plain from the story (`a council spokesperson`, `a
        // spokesman for the council`); one who asks not to be named is an anonymous phrase.
        return match qualifiers.iter().find(|t| is_name(text, t, lexicons)) {
            Some(name) => SourceKind::Named(name.key),
            None => SourceKind::Named(role.key),
        };
    }
    if is_definite(text, qualifiers) && OFFICES.contains(&role_norm) {
        return SourceKind::Named(role.key);
    }
    SourceKind::Anonymous
}

/// The spans of an outlet speaking for its own sources: an outlet's name, or `we`, followed
/// by one of [`OWN_SOURCING`], or `we` by one of [`OWN_SOURCING_WE`] ("The Sun
/// understands", "we can reveal"), from the name to the
/// verb's last word.
fn own_sourcing(text: &TextAnalysis) -> Vec<Span> {
    let follows = |end: usize, list: &[&[&str]]| -> Option<Span> {
        list.iter().find_map(|words| {
            let run = text.tokens.get(end..end + words.len())?;
            run.iter()
                .zip(words.iter())
                .all(|(t, w)| !t.quoted && text.token_norm(t) == *w)
                .then(|| run[run.len() - 1].span)
        })
    };
    let mut out: Vec<Span> = text
        .matches_of(LexiconKind::Outlets)
        .filter(|m| !m.quoted)
        .filter_map(|m| follows(m.end_token, OWN_SOURCING).map(|end| m.span.cover(end)))
        .collect();
    for (i, t) in text.tokens.iter().enumerate() {
        if !t.quoted && text.token_norm(t) == "we" {
            if let Some(end) = follows(i + 1, OWN_SOURCING_WE) {
                out.push(t.span.cover(end));
            }
        }
    }
    out.sort();
    out
}

/// The source a pronoun refers to when no attribution came before it: a name in the sentence
/// before the verb's ("Gateshead boss Rob Elliot was less happy. \"...,\" he said."), past
/// its first word (which any sentence capitalises).
fn name_before(text: &TextAnalysis, verb: &LexMatch, lexicons: &Lexicons) -> Option<SourceKind> {
    let sentence = text.tokens[verb.first_token].sentence.checked_sub(1)?;
    let s = text.sentences.get(sentence as usize)?;
    text.tokens[s.first_token..verb.first_token]
        .iter()
        .filter(|t| t.sentence == sentence && !t.quoted)
        .skip(1)
        .filter(|t| t.shape == Shape::Title && is_name(text, t, lexicons))
        .last()
        .map(|t| SourceKind::Named(t.key))
}

/// Most words between the commas that set off a source's description ("Helen Carver, a
/// former medical director at the trust, said"; "Robert Howard, a professor of psychiatry at
/// University College London who was not involved in the study, said": science reporting's
/// independent voices come with such clauses).
const SET_OFF_WINDOW: usize = 20;

/// The words of a sentence from token `from` back to the first that is not a word, nearest
/// first, at most `max` (empty when more than that many).
fn words_back<'a>(
    text: &'a TextAnalysis,
    from: usize,
    sentence: u32,
    max: usize,
) -> Vec<&'a Token> {
    // A plural's possessive apostrophe goes on with its word, and is counted among the tokens
    // returned: "the Residents' Association".
    let tokens = &text.tokens[..from];
    let possessive = |i: usize| {
        matches!(&text.text[tokens[i].span], "'" | "\u{2019}")
            && i > 0
            && tokens[i - 1].span.end == tokens[i].span.start
            && tokens[i - 1].shape.is_alpha()
            && tokens
                .get(i + 1)
                .is_none_or(|n| n.span.start > tokens[i].span.end)
    };
    let words: Vec<&Token> = (0..tokens.len())
        .rev()
        .take_while(|&i| {
            let t = &tokens[i];
            t.sentence == sentence && ((!t.quoted && t.shape.is_word()) || possessive(i))
        })
        .map(|i| &tokens[i])
        .take(max + 1)
        .collect();
    if words.len() > max {
        Vec::new()
    } else {
        words
    }
}

/// True when token `i` is a comma of sentence `sentence`, outside quotes.
fn is_comma(text: &TextAnalysis, i: usize, sentence: u32) -> bool {
    text.tokens
        .get(i)
        .is_some_and(|t| t.sentence == sentence && !t.quoted && text.text[t.span] == *",")
}

/// A source set off by commas right before the verb: "A council spokesman, John Smith,
/// said", "Tom Price, her neighbour, said", "Carla Munoz, 43, said" and "Jane Smith, who
/// lives nearby, said" are named; "The official, a senior aide, said" is anonymous. `None`
/// when the verb follows no such phrase ("The deal is close, said William Taylor" has no
/// comma before its phrase).
fn set_off_before(
    text: &TextAnalysis,
    verb: &LexMatch,
    lexicons: &Lexicons,
) -> Option<(SourceKind, Span)> {
    let sentence = text.tokens[verb.first_token].sentence;
    let between = text.tokens[..verb.first_token]
        .iter()
        .rev()
        .take_while(|t| t.sentence == sentence && BEFORE_VERB.contains(&text.token_norm(t)))
        .take(2)
        .count();
    let comma = verb.first_token.checked_sub(1 + between)?;
    if !is_comma(text, comma, sentence) {
        return None;
    }
    let inner = words_back(text, comma, sentence, SET_OFF_WINDOW);
    let first = inner.last()?;
    let opening = (comma - inner.len()).checked_sub(1)?;
    if !is_comma(text, opening, sentence) {
        return None;
    }
    let outer = words_back(text, opening, sentence, SOURCE_WINDOW);
    let span = outer.last().unwrap_or(first).span.cover(verb.span);
    if is_name(text, inner[0], lexicons) {
        return Some((SourceKind::Named(inner[0].key), span));
    }
    // The name before the description, whatever it says: a role, an age, a clause.
    let named_before = text.tokens[..opening]
        .last()
        .filter(|t| t.sentence == sentence && is_name(text, t, lexicons));
    if let Some(name) = named_before {
        return Some((SourceKind::Named(name.key), span));
    }
    inner
        .iter()
        .any(|t| is_role(text, t, lexicons))
        .then_some((SourceKind::Anonymous, span))
}

/// The last word of a name of one to three words after a comma at token `comma`, ending its
/// clause: "said her neighbour, Tom Price." and "..., Tom Price, who".
fn name_after_comma<'a>(
    text: &'a TextAnalysis,
    comma: usize,
    sentence: u32,
    lexicons: &Lexicons,
) -> Option<&'a Token> {
    if !is_comma(text, comma, sentence) {
        return None;
    }
    let run = text.tokens[comma + 1..]
        .iter()
        .take_while(|t| t.sentence == sentence && is_name(text, t, lexicons))
        .take(4)
        .count();
    let ends_clause = text
        .tokens
        .get(comma + 1 + run)
        .is_none_or(|t| t.sentence != sentence || (t.shape == Shape::Punct && !t.quoted));
    (1..=3)
        .contains(&run)
        .then_some(())
        .filter(|()| ends_clause)
        .map(|()| &text.tokens[comma + run])
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
    // Where each date ends, to find the one a number continues without scanning them all.
    let mut ends: HashMap<usize, usize> = HashMap::default();
    for (i, d) in dates.iter().enumerate() {
        ends.entry(d.end).or_insert(i);
    }
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
            text.token_norm(p) == "may" && p.shape == Shape::Title || ends.contains_key(&p.span.end)
        });
        if is_year || numeric_date || after_month {
            match previous.and_then(|p| ends.get(&p.span.end).copied()) {
                Some(k) => {
                    let old_end = dates[k].end;
                    dates[k] = dates[k].cover(t.span);
                    ends.remove(&old_end);
                    ends.entry(dates[k].end).or_insert(k);
                }
                None => {
                    let date = match previous {
                        Some(p) if text.token_norm(p) == "may" => p.span.cover(t.span),
                        _ => t.span,
                    };
                    ends.entry(date.end).or_insert(dates.len());
                    dates.push(date);
                }
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
