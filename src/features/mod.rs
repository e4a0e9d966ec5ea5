//! Features: numbers that describe an article, each with the evidence spans behind it.
//!
//! One ordered list, [`Feature::ALL`], drives extraction, column order, model weight names and
//! `hypecheck features`. Each family lives in its own file and implements [`FeatureFamily`].

mod hedging;
mod hype;
pub mod lexical;
mod sourcing;
mod style;
pub mod word_pieces;

use crate::article::lede::KickerKind;
use crate::lexicon::{LexiconKind, Lexicons};
use crate::span::Span;
use crate::text::{LexMatch, TextAnalysis, Token};
use serde::{Deserialize, Serialize};

/// A group of related features.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Sensational markers: shouting, emoji, hype words, clickbait phrasing.
    Hype,
    /// Hedges and certainty boosters.
    Hedging,
    /// Attributions, quotes, named and anonymous sources, figures and dates.
    Sourcing,
    /// Sentence and word length, readability, first-person opinion.
    Style,
    /// Word n-grams learned from training data (stored in each model).
    Lexical,
}

impl Family {
    /// Its lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Family::Hype => "hype",
            Family::Hedging => "hedging",
            Family::Sourcing => "sourcing",
            Family::Style => "style",
            Family::Lexical => "lexical",
        }
    }
}

/// What a feature's number means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 0 or 1.
    Flag,
    /// A count in a headline (headlines are short, so a count is already comparable).
    Count,
    /// Occurrences per 100 words, so long and short articles compare.
    Per100Words,
    /// A share from 0 to 1.
    Share,
    /// A number of words.
    Words,
    /// log10(1 + words): length without letting long articles dominate.
    Log10Words,
    /// A number of characters.
    Chars,
    /// Flesch reading ease (higher is easier, about 0–100).
    ReadingEase,
}

impl Unit {
    /// Its name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Flag => "flag",
            Unit::Count => "count",
            Unit::Per100Words => "per 100 words",
            Unit::Share => "share 0-1",
            Unit::Words => "words",
            Unit::Log10Words => "log10(1+words)",
            Unit::Chars => "characters",
            Unit::ReadingEase => "Flesch reading ease",
        }
    }
}

macro_rules! features {
    ($($id:ident => $name:literal, $family:ident, $unit:ident, $doc:literal;)*) => {
        /// A hand-crafted feature. The declaration order is the column order everywhere.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature {
            $(#[doc = $doc] $id,)*
        }

        impl Feature {
            /// Every hand-crafted feature, in column order.
            pub const ALL: &'static [Feature] = &[$(Feature::$id,)*];
            /// How many there are.
            pub const COUNT: usize = Feature::ALL.len();

            /// Its stable dotted name, e.g. `hype.title_caps_words`.
            pub fn name(self) -> &'static str {
                match self { $(Feature::$id => $name,)* }
            }
            /// Its family.
            pub fn family(self) -> Family {
                match self { $(Feature::$id => Family::$family,)* }
            }
            /// Its unit.
            pub fn unit(self) -> Unit {
                match self { $(Feature::$id => Unit::$unit,)* }
            }
            /// One line saying what it measures.
            pub fn doc(self) -> &'static str {
                match self { $(Feature::$id => $doc,)* }
            }
            /// The part of the article it describes: the headline, the body, or neither
            /// (kickers). A model gives a feature of a part the article lacks no contribution
            /// at all: a missing headline is not "a headline of 0 words".
            pub fn part(self) -> Option<Part> {
                // Asked for every feature of every article by every model: looked up, not
                // worked out from the name each time.
                static PARTS: std::sync::OnceLock<Vec<Option<Part>>> = std::sync::OnceLock::new();
                PARTS.get_or_init(|| Feature::ALL.iter().map(|f| part_of_name(f.name())).collect())
                    [self as usize]
            }
        }
    };
}

features! {
    TitleAllCaps => "hype.title_all_caps", Hype, Flag, "The whole headline is in capitals (acronyms alone do not count).";
    TitleCapsWords => "hype.title_caps_words", Hype, Count, "Shouted ALL-CAPS words in the headline; acronyms such as NATO or U.S. excluded.";
    BodyCapsWords => "hype.body_caps_words", Hype, Per100Words, "Shouted ALL-CAPS words in the author's own text (outside quotes), acronyms excluded.";
    TitleEmoji => "hype.title_emoji", Hype, Count, "Emoji in the headline.";
    BodyEmoji => "hype.body_emoji", Hype, Per100Words, "Emoji in the body.";
    TitleExclamations => "hype.title_exclamations", Hype, Count, "Runs of `!` in the headline (`!`, `!!!`, `?!` each count once).";
    BodyExclamations => "hype.body_exclamations", Hype, Per100Words, "Runs of `!` in the author's own text.";
    TitlePunctFloods => "hype.title_punct_floods", Hype, Count, "Punctuation floods in the headline: `!!`, `?!`, `???`.";
    BodyPunctFloods => "hype.body_punct_floods", Hype, Per100Words, "Punctuation floods in the author's own text.";
    TitleHypeWords => "hype.title_hype_words", Hype, Count, "Hype words in the headline: stunning, shocking, bombshell.";
    BodyHypeWords => "hype.body_hype_words", Hype, Per100Words, "Hype words in the author's own text.";
    TitleLoadedWords => "hype.title_loaded_words", Hype, Count, "Loaded words in the headline, as annotators mark them in the PTC and BABE corpora: smear, reckless, hysteria.";
    BodyLoadedWords => "hype.body_loaded_words", Hype, Per100Words, "Loaded words in the author's own text (models/lexicons/loaded_words.txt).";
    TitleSuperlatives => "hype.title_superlatives", Hype, Count, "Superlatives in the headline: biggest, worst, ever, of all time.";
    BodySuperlatives => "hype.body_superlatives", Hype, Per100Words, "Superlatives in the author's own text.";
    TitleIntensifiers => "hype.title_intensifiers", Hype, Count, "Intensifiers in the headline: very, extremely, totally.";
    BodyIntensifiers => "hype.body_intensifiers", Hype, Per100Words, "Intensifiers in the author's own text.";
    TitleClickbaitPhrases => "hype.title_clickbait_phrases", Hype, Count, "Clickbait phrases in the headline: you won't believe, here's why.";
    BodyClickbaitPhrases => "hype.body_clickbait_phrases", Hype, Per100Words, "Clickbait phrases in the author's own text.";
    TitleListicle => "hype.title_listicle", Hype, Flag, "The headline opens with a small number, listicle style (\"17 Things...\").";
    TitleSecondPerson => "hype.title_second_person", Hype, Count, "Second-person address in the headline: you, your.";
    BodySecondPerson => "hype.body_second_person", Hype, Per100Words, "Second-person address in the author's own text.";
    TitleQuestion => "hype.title_question", Hype, Flag, "The headline is a question (not under an explainer's kicker, `Explainer:`, `Q&A:`, `Fact check:`, whose question is the piece's subject).";
    TitleForwardReference => "hype.title_forward_reference", Hype, Flag, "The headline opens by withholding its subject: This..., These..., Here's...";
    BodyPromotional => "hype.body_promotional", Hype, Per100Words, "Promotional language of press releases and marketing, quotes included: cutting-edge, proud to announce, seamless (models/lexicons/promotional.txt).";
    QuotedHype => "hype.quoted_hype", Hype, Per100Words, "Hype inside direct quotes: other people's voices, reported apart from the author's.";
    KickerUrgent => "hype.kicker_urgent", Hype, Flag, "An urgent kicker before the headline: BREAKING, JUST IN, EXCLUSIVE, DEVELOPING (models/lexicons/kickers.txt).";
    TitleHedges => "hedging.title_hedges", Hedging, Count, "Hedges in the headline: reportedly, allegedly, may.";
    BodyHedges => "hedging.body_hedges", Hedging, Per100Words, "Hedges in the author's own text: reportedly, allegedly, sources say.";
    TitleBoosters => "hedging.title_boosters", Hedging, Count, "Certainty boosters in the headline: clearly, undoubtedly.";
    BodyBoosters => "hedging.body_boosters", Hedging, Per100Words, "Certainty boosters in the author's own text.";
    TitleAttributions => "sourcing.title_attributions", Sourcing, Count, "Attribution verbs in the headline: says, told, according to.";
    Attributions => "sourcing.attributions", Sourcing, Per100Words, "Attribution verbs in the body: said, told, according to.";
    Quotes => "sourcing.quotes", Sourcing, Per100Words, "Direct quotes in the body: three or more words, or fewer that their sentence attributes to a speaker.";
    QuotedShare => "sourcing.quoted_share", Sourcing, Share, "Share of body words inside direct quotes.";
    AttributedQuoteShare => "sourcing.attributed_quote_share", Sourcing, Share, "Share of direct quotes with an attribution in the same or the next sentence.";
    NamedSources => "sourcing.named_sources", Sourcing, Per100Words, "Attributions to a named person or organisation: \"Zelensky said\", \"said William Taylor\".";
    AnonymousSources => "sourcing.anonymous_sources", Sourcing, Per100Words, "Attributions to unnamed sources: \"a senior official said\", \"people familiar with\".";
    NamedSourceShare => "sourcing.named_source_share", Sourcing, Share, "Named sources as a share of all named and anonymous sources.";
    DistinctNamedSources => "sourcing.distinct_named_sources", Sourcing, Count, "Different people and organisations the body names as sources, each counted once: a report resting on one voice (\"Oakes said ... Oakes said\") counts 1. Reported, not weighed by the shipped quality model.";
    Outlets => "sourcing.outlets", Sourcing, Per100Words, "Named news outlets: Reuters, Sky News.";
    Figures => "sourcing.figures", Sourcing, Per100Words, "Figures: numbers, percentages, amounts of money.";
    Dates => "sourcing.dates", Sourcing, Per100Words, "Dates: weekdays, months, years, relative dates.";
    Dateline => "sourcing.dateline", Sourcing, Flag, "The body opens on a newsroom's dateline: DENVER (AP) —, LYON, France, March 4 —, PORT ELLERY — (a press-release wire's, /PRNewswire/ --, is none: it marks a release, not reporting).";
    TitleWords => "style.title_words", Style, Words, "Headline length in words.";
    TitleWordLength => "style.title_word_length", Style, Chars, "Mean length of the headline's words.";
    BodyLength => "style.body_length", Style, Log10Words, "Body length.";
    SentenceLength => "style.sentence_length", Style, Words, "Mean body sentence length.";
    SentenceLengthSpread => "style.sentence_length_spread", Style, Words, "Standard deviation of body sentence length.";
    WordLength => "style.word_length", Style, Chars, "Mean length of the body's words.";
    TypeTokenRatio => "style.type_token_ratio", Style, Share, "Vocabulary variety: moving-average type-token ratio over 50-word windows.";
    ReadingEase => "style.reading_ease", Style, ReadingEase, "Flesch reading ease of the body.";
    FirstPersonOpinion => "style.first_person_opinion", Style, Per100Words, "First-person opinion in the author's own text: I think, honestly, in my view.";
    FirstPerson => "style.first_person", Style, Per100Words, "First-person singular pronouns in the author's own text.";
    ReaderAppeals => "style.reader_appeals", Style, Per100Words, "Direct appeals to the reader: imagine, think about it, let that sink in.";
    KickerOpinion => "style.kicker_opinion", Style, Flag, "A kicker saying comment follows: OPINION, ANALYSIS, EDITORIAL, REVIEW (models/lexicons/kickers.txt).";
    Documents => "sourcing.documents", Sourcing, Per100Words, "Documents and records cited, in the author's words or a source's: the report, a study published in, court filings, data from, records show (models/lexicons/documents.txt).";
    BodyQuestions => "hype.body_questions", Hype, Per100Words, "Rhetorical questions: questions in the author's own text that share their paragraph with other sentences (`Monitors for what? Coincidence?`). A question alone on its line, a subhead or an interviewer's question, is not counted, nor a quoted one.";
    Unsourced => "sourcing.unsourced", Sourcing, Flag, "The body cites no source at all: no attribution verb, direct quote, named or unnamed source, document or news outlet. Its evidence is the body.";
}

/// The part a feature's dotted name says it describes: `*.title_*` the headline, `*.kicker_*`
/// neither, the rest the body.
fn part_of_name(name: &str) -> Option<Part> {
    if name.contains(".title_") {
        Some(Part::Title)
    } else if name.contains(".kicker_") {
        None
    } else {
        Some(Part::Body)
    }
}

impl Feature {
    /// Looks a feature up by its dotted name.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.iter().copied().find(|f| f.name() == name)
    }
}

pub use crate::article::Part;

/// A span of text that produced (part of) a feature's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    /// The part it points into.
    pub part: Part,
    /// Byte offsets into that part.
    pub span: Span,
    /// True when it lies inside a direct quote (someone else's words).
    pub quoted: bool,
}

/// An article, analysed: its kicker, headline and body.
#[derive(Debug)]
pub struct Document<'t> {
    /// The kicker (empty analysis when there is none).
    pub kicker: TextAnalysis<'t>,
    /// The headline (empty analysis when there is none).
    pub title: TextAnalysis<'t>,
    /// The body (empty analysis for a bare headline).
    pub body: TextAnalysis<'t>,
    /// What the kicker says follows, when there is a kicker of a known kind.
    pub kicker_kind: Option<KickerKind>,
    /// The dateline opening the body, a span of the body.
    pub dateline: Option<Span>,
    /// True when the article has a headline.
    pub has_title: bool,
}

impl<'t> Document<'t> {
    /// The analysis of one part.
    pub fn part(&self, part: Part) -> &TextAnalysis<'t> {
        match part {
            Part::Title => &self.title,
            Part::Body => &self.body,
            Part::Kicker => &self.kicker,
        }
    }

    /// Which parts it has, for [`FeatureValues::has_part`].
    pub fn parts(&self) -> PartsPresent {
        PartsPresent {
            title: self.has_title && !self.title.is_empty(),
            body: !self.body.is_empty(),
        }
    }
}

/// Which parts an article has: a model gives the features of a missing part no contribution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartsPresent {
    /// It has a headline with words in it.
    pub title: bool,
    /// It has a body with words in it.
    pub body: bool,
}

impl PartsPresent {
    /// True when the part `feature` describes is present (always, for kicker features).
    pub fn has(self, feature: Feature) -> bool {
        self.has_part(feature.part())
    }

    /// True when `part` is present (`None`, no part: always).
    pub fn has_part(self, part: Option<Part>) -> bool {
        match part {
            Some(Part::Title) => self.title,
            Some(Part::Body) => self.body,
            _ => true,
        }
    }
}

/// The values of every hand-crafted feature, with their evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureValues {
    values: [f64; Feature::COUNT],
    evidence: Vec<Vec<Evidence>>,
    parts: PartsPresent,
}

impl Default for FeatureValues {
    fn default() -> Self {
        FeatureValues {
            values: [0.0; Feature::COUNT],
            evidence: vec![Vec::new(); Feature::COUNT],
            parts: PartsPresent {
                title: true,
                body: true,
            },
        }
    }
}

impl FeatureValues {
    /// Which parts the article has.
    pub fn parts(&self) -> PartsPresent {
        self.parts
    }

    /// True when the part `feature` describes is present.
    pub fn has_part(&self, feature: Feature) -> bool {
        self.parts.has(feature)
    }

    /// The value of a feature.
    pub fn get(&self, feature: Feature) -> f64 {
        self.values[feature as usize]
    }

    /// All values, in [`Feature::ALL`] order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The evidence behind a feature.
    pub fn evidence(&self, feature: Feature) -> &[Evidence] {
        &self.evidence[feature as usize]
    }

    /// Sets a value.
    pub fn set(&mut self, feature: Feature, value: f64) {
        self.values[feature as usize] = if value.is_finite() { value } else { 0.0 };
    }

    /// Adds a span of evidence.
    pub fn add_evidence(&mut self, feature: Feature, part: Part, span: Span, quoted: bool) {
        self.evidence[feature as usize].push(Evidence { part, span, quoted });
    }
}

/// A family of hand-crafted features.
pub trait FeatureFamily: Sync {
    /// Which family it is; it sets only features of this family.
    fn family(&self) -> Family;
    /// Computes its features for `doc` into `out`.
    fn extract(&self, doc: &Document, lexicons: &Lexicons, out: &mut FeatureValues);
}

/// Every family, in extraction order.
pub const FAMILIES: &[&dyn FeatureFamily] = &[
    &hype::Hype,
    &hedging::Hedging,
    &sourcing::Sourcing,
    &style::Style,
];

/// Computes every hand-crafted feature of a document.
pub fn extract(doc: &Document, lexicons: &Lexicons) -> FeatureValues {
    let mut out = FeatureValues {
        parts: doc.parts(),
        ..FeatureValues::default()
    };
    for family in FAMILIES {
        family.extract(doc, lexicons, &mut out);
    }
    out
}

/// Whose words to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Voice {
    /// Only the author's own words, outside direct quotes.
    Author,
    /// Only words inside direct quotes.
    Quoted,
    /// Both.
    Any,
}

impl Voice {
    fn admits(self, quoted: bool) -> bool {
        match self {
            Voice::Author => !quoted,
            Voice::Quoted => quoted,
            Voice::Any => true,
        }
    }
}

/// Occurrences per 100 words; 0 for a text with no words.
pub(crate) fn per_100_words(count: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        100.0 * count as f64 / words as f64
    }
}

/// Records the matches of one lexicon in one part as evidence for `feature`; returns how many.
pub(crate) fn lexicon_evidence(
    out: &mut FeatureValues,
    feature: Feature,
    part: Part,
    text: &TextAnalysis,
    kind: LexiconKind,
    voice: Voice,
) -> usize {
    matches_evidence(out, feature, part, text.matches_of(kind), voice)
}

/// Records matches as evidence for `feature`; returns how many.
pub(crate) fn matches_evidence<'m>(
    out: &mut FeatureValues,
    feature: Feature,
    part: Part,
    matches: impl Iterator<Item = &'m LexMatch>,
    voice: Voice,
) -> usize {
    let mut n = 0;
    for m in matches.filter(|m| voice.admits(m.quoted)) {
        out.add_evidence(feature, part, m.span, m.quoted);
        n += 1;
    }
    n
}

/// Records tokens as evidence for `feature`; returns how many.
pub(crate) fn token_evidence<'a>(
    out: &mut FeatureValues,
    feature: Feature,
    part: Part,
    tokens: impl Iterator<Item = &'a Token>,
) -> usize {
    let mut n = 0;
    for t in tokens {
        out.add_evidence(feature, part, t.span, t.quoted);
        n += 1;
    }
    n
}

/// Sets a headline count and a body rate (per 100 of the author's words) from one lexicon.
pub(crate) fn title_and_body_lexicon(
    doc: &Document,
    out: &mut FeatureValues,
    kind: LexiconKind,
    title_feature: Feature,
    body_feature: Feature,
) {
    let n = lexicon_evidence(
        out,
        title_feature,
        Part::Title,
        &doc.title,
        kind,
        Voice::Author,
    );
    out.set(title_feature, n as f64);
    let n = lexicon_evidence(
        out,
        body_feature,
        Part::Body,
        &doc.body,
        kind,
        Voice::Author,
    );
    out.set(body_feature, per_100_words(n, doc.body.author_words));
}
