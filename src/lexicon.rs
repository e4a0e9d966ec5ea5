//! Lexicons: the word lists behind the hand-crafted features.
//!
//! Each lexicon is a plain-text file under `models/lexicons/` (one entry per line, `#`
//! comments), embedded in the binary as the default and overridable from a directory.
//! All phrase lexicons are compiled into two tables, one-token phrases by their token and
//! longer ones by their first two tokens, looked up once per token of a text with the hashes
//! the tokens already carry: adding a lexicon or an entry costs no extra pass. (A byte-level Aho-Corasick automaton over the normalized text
//! did the same job three times slower: one-letter entries such as "i" matched inside every
//! word and each match had to be rejected at word boundaries.)

use crate::error::LexiconError;
use crate::tokenizer::{join_keys, key, normalized_range, KeyFilter, Shape, Token, Tokenizer};
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};
use std::path::Path;

macro_rules! lexicons {
    ($($kind:ident => $file:literal, $case:ident, $doc:literal;)*) => {
        /// Which lexicon an entry or a match belongs to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum LexiconKind {
            $(#[doc = $doc] $kind,)*
        }

        impl LexiconKind {
            /// Every lexicon, in a fixed order.
            pub const ALL: &'static [LexiconKind] = &[$(LexiconKind::$kind,)*];

            /// Its file name under `models/lexicons/`.
            pub fn file_name(self) -> &'static str {
                match self { $(LexiconKind::$kind => $file,)* }
            }

            /// The embedded default contents.
            pub fn default_text(self) -> &'static str {
                match self { $(LexiconKind::$kind => include_str!(concat!("../models/lexicons/", $file)),)* }
            }

            /// How its entries are matched.
            pub fn matching(self) -> Matching {
                match self { $(LexiconKind::$kind => Matching::$case,)* }
            }
        }
    };
}

/// How a lexicon's entries are matched against text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// Whole-word phrases, case-insensitive.
    Phrase,
    /// Whole-word phrases that must also match the entry's capitalisation (outlet names).
    CasedPhrase,
    /// Single tokens compared exactly as written (acronyms, abbreviations).
    Token,
}

lexicons! {
    HypeWords => "hype_words.txt", Phrase, "Sensational words: stunning, shocking, bombshell.";
    LoadedWords => "loaded_words.txt", Phrase, "Loaded words that annotators mark as loaded language or bias (PTC, BABE): smear, reckless, hysteria.";
    Superlatives => "superlatives.txt", Phrase, "Superlatives: biggest, worst, of all time.";
    Intensifiers => "intensifiers.txt", Phrase, "Intensifiers: very, extremely, totally.";
    ClickbaitPhrases => "clickbait_phrases.txt", Phrase, "Clickbait phrases: you won't believe, here's why.";
    SecondPerson => "second_person.txt", Phrase, "Second-person address: you, your.";
    ForwardReference => "forward_reference.txt", Phrase, "Headline openers that withhold the subject: this, these, here's.";
    Hedges => "hedges.txt", Phrase, "Hedges: reportedly, allegedly, may.";
    Boosters => "boosters.txt", Phrase, "Certainty boosters: clearly, undoubtedly.";
    Negators => "negators.txt", Phrase, "Negations: not, never, nobody (a booster they stand just before is negated).";
    AttributionVerbs => "attribution_verbs.txt", Phrase, "Attribution verbs: said, told, according to.";
    AnonymousSources => "anonymous_sources.txt", Phrase, "Phrases marking unnamed sources: on condition of anonymity.";
    SourcingCues => "sourcing_cues.txt", Token, "Words that make an unnamed-source phrase cite a source by themselves: source, insider, familiar, briefed.";
    SourceRoles => "source_roles.txt", Phrase, "Role nouns that introduce or stand for a source: spokeswoman, official.";
    Outlets => "outlets.txt", CasedPhrase, "News outlets, as they write their names: Reuters, Sky News.";
    Documents => "documents.txt", Phrase, "Documents and records cited: the report, a new study, court filings, records show.";
    DateWords => "date_words.txt", Phrase, "Months, weekdays and relative dates.";
    FirstPersonOpinion => "first_person_opinion.txt", Phrase, "First-person opinion: I think, in my view.";
    FirstPerson => "first_person.txt", Phrase, "First-person singular pronouns: I, me, my.";
    ReaderAppeals => "reader_appeals.txt", Phrase, "Direct appeals to the reader: imagine, let that sink in.";
    Promotional => "promotional.txt", Phrase, "Promotional language of press releases and marketing: cutting-edge, proud to announce.";
    Acronyms => "acronyms.txt", Token, "All-caps tokens that are names, not shouting: NATO, U.S.";
    EmphasisWords => "emphasis_words.txt", Token, "Short everyday words that in capitals are emphasis, not acronyms: NOT, ALL, NOW.";
    Abbreviations => "abbreviations.txt", Token, "Abbreviations whose period does not end a sentence: Dr., Mr.";
}

/// The file of context rules beside the lexicons (see `ContextRule`): embedded like them,
/// replaced by a file of this name in a `--lexicons` directory.
pub const CONTEXT_RULES_FILE: &str = "context_rules.txt";

/// The embedded context rules.
pub const CONTEXT_RULES_TEXT: &str = include_str!("../models/lexicons/context_rules.txt");

/// The kicker list's file name: read when an article is built (`article::lede`), so a
/// lexicon directory may hold it only as shipped.
pub const KICKERS_FILE: &str = "kickers.txt";

/// The shipped kicker list.
pub const KICKERS_TEXT: &str = include_str!("../models/lexicons/kickers.txt");

/// The page-furniture list's file name: read when an article is built
/// (`article::furniture`), so a lexicon directory may hold it only as shipped.
pub const PAGE_FURNITURE_FILE: &str = "page_furniture.txt";

/// The shipped page-furniture list.
pub const PAGE_FURNITURE_TEXT: &str = include_str!("../models/lexicons/page_furniture.txt");

/// The files read when an article is built, before lexicons apply: fixed at build time.
const FIXED_FILES: [(&str, &str); 2] = [
    (KICKERS_FILE, KICKERS_TEXT),
    (PAGE_FURNITURE_FILE, PAGE_FURNITURE_TEXT),
];

/// Number words that `<number>` stands for in a context rule, besides number tokens (`12`,
/// `3.5`, `1,200`).
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "half",
    "a",
    "an",
];

/// One token position of a context rule's words.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    /// Any of these normalized tokens (`recently|notably`).
    Words(Vec<String>),
    /// A number token or a number word (`<number>`).
    Number,
    /// A number token alone (`<figure>`: `12`, `1.2`, `1,200`), no number word.
    Figure,
    /// A word that looks like a plural noun (`<plural>`): letters ending in `s`, not in
    /// `ss` or `ous` ("residents", "cases"; not "reckless", "dangerous").
    Plural,
}

impl Slot {
    fn admits(&self, token: &Token, normalized: &str) -> bool {
        match self {
            Slot::Words(words) => words.iter().any(|w| *w == normalized[token.norm]),
            Slot::Number => {
                token.shape == Shape::Number || NUMBER_WORDS.contains(&&normalized[token.norm])
            }
            Slot::Figure => token.shape == Shape::Number,
            Slot::Plural => {
                let word = &normalized[token.norm];
                token.shape.is_alpha()
                    && word.len() >= 3
                    && word.ends_with('s')
                    && !word.ends_with("ss")
                    && !word.ends_with("ous")
                    && word.bytes().all(|b| b.is_ascii_lowercase())
            }
        }
    }
}

/// A context rule: a match of one lexicon entry is vetoed (not a match at all) where the
/// words of the rule stand right before and after it, because there the word is plain
/// reporting ("at least 12 people", "most of the town"), not the lexicon's sense.
///
/// One rule a line of `models/lexicons/context_rules.txt`: the lexicon's file name without
/// `.txt`, then the words around the entry, the entry in square brackets:
/// `superlatives  at [least]`. Words are matched as lexicon entries are (whole tokens, any
/// case, curly apostrophes folded) and must be next to the entry (a comma between is a
/// token, so "at, least" is no match); `a|b` is either word; `<number>` is a number or a
/// number word; `<figure>` a number token alone; `<plural>` a word that looks like a plural
/// noun. The file's own comments
/// say which rules ship and why.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ContextRule {
    kind: LexiconKind,
    before: Vec<Slot>,
    after: Vec<Slot>,
}

impl ContextRule {
    /// True when the rule's words stand around the match of tokens `first..end`.
    fn holds(&self, tokens: &[Token], normalized: &str, first: usize, end: usize) -> bool {
        let Some(start) = first.checked_sub(self.before.len()) else {
            return false;
        };
        let Some(after) = tokens.get(end..end + self.after.len()) else {
            return false;
        };
        let slots = self.before.iter().chain(&self.after);
        let around = tokens[start..first].iter().chain(after);
        slots
            .zip(around)
            .all(|(slot, t)| slot.admits(t, normalized))
    }
}

/// A set of lexicon kinds, as a bit mask (a phrase can belong to several lexicons).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindSet(u32);

impl KindSet {
    /// Adds a kind.
    pub fn insert(&mut self, kind: LexiconKind) {
        self.0 |= 1 << kind as u32;
    }
    /// True when the set holds `kind`.
    pub fn contains(self, kind: LexiconKind) -> bool {
        self.0 & (1 << kind as u32) != 0
    }
    /// The kinds in the set, in [`LexiconKind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = LexiconKind> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            let kind = *LexiconKind::ALL.get(bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
            Some(kind)
        })
    }
}

/// What one lexicon phrase stands for.
#[derive(Clone, Debug, Default)]
struct Pattern {
    /// Lexicons where the phrase matches in any case.
    kinds: KindSet,
    /// Capitalisations accepted for cased lexicons, as normalized-spacing original text.
    cased: Vec<(LexiconKind, String)>,
    /// Context rules that veto its matches.
    vetoes: Vec<ContextRule>,
}

/// Phrases of two or more tokens that start with a given pair of tokens.
#[derive(Clone, Copy, Debug)]
struct LongPhrase {
    /// Index in `Lexicons::patterns` and `Lexicons::keys`.
    pattern: usize,
    /// Its number of tokens.
    tokens: usize,
}

/// All lexicons, compiled for matching.
pub struct Lexicons {
    /// One-token phrases by their token's key.
    short: FxHashMap<u64, usize>,
    /// Longer phrases by the joined key of their first two tokens: a common first word
    /// ("the", "i") starts dozens of phrases, its next word few.
    long: FxHashMap<u64, Vec<LongPhrase>>,
    /// The keys of `short`, the keys of the first tokens of `long`, and the keys of `long`.
    short_filter: KeyFilter,
    long_filter: KeyFilter,
    pair_filter: KeyFilter,
    /// Each phrase's normalized text (tokens joined by single spaces).
    keys: Vec<String>,
    patterns: Vec<Pattern>,
    index: FxHashMap<String, usize>,
    tokens: FxHashMap<LexiconKind, FxHashSet<String>>,
    /// The abbreviations without their final period, as a word before a period is looked up.
    abbreviation_stems: FxHashSet<String>,
    sizes: Vec<(LexiconKind, usize)>,
    digest: String,
}

impl Lexicons {
    /// The lexicons embedded in the binary.
    pub fn embedded(tokenizer: &Tokenizer) -> Lexicons {
        let texts = LexiconKind::ALL
            .iter()
            .map(|&k| {
                (
                    k,
                    format!("<embedded>/{}", k.file_name()),
                    k.default_text().to_string(),
                )
            })
            .collect();
        let rules = (
            format!("<embedded>/{CONTEXT_RULES_FILE}"),
            CONTEXT_RULES_TEXT.to_string(),
        );
        // The embedded lexicons are checked by the test suite, so this cannot fail at run time.
        Lexicons::compile(tokenizer, texts, rules).expect("embedded lexicons are valid")
    }

    /// The embedded lexicons, with any file present in `dir` replacing its default
    /// (`kickers.txt` may be there only as shipped: see [`LexiconError::FixedFile`])
    /// (`context_rules.txt` included). A `.txt` file in `dir` that is not a known lexicon is
    /// an error (a typo would otherwise be silently ignored).
    pub fn from_dir(tokenizer: &Tokenizer, dir: &Path) -> Result<Lexicons, LexiconError> {
        let io_err = |source| LexiconError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut texts: Vec<(LexiconKind, String, String)> = LexiconKind::ALL
            .iter()
            .map(|&k| {
                (
                    k,
                    format!("<embedded>/{}", k.file_name()),
                    k.default_text().to_string(),
                )
            })
            .collect();
        let mut rules = (
            format!("<embedded>/{CONTEXT_RULES_FILE}"),
            CONTEXT_RULES_TEXT.to_string(),
        );
        for entry in std::fs::read_dir(dir).map_err(io_err)? {
            let path = entry.map_err(io_err)?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Some((_, shipped)) = FIXED_FILES.iter().find(|(file, _)| *file == name) {
                // Read when an article is split into kicker, headline and body, before any
                // lexicon applies: the shipped list may sit here (a copy of models/lexicons),
                // a different one is refused rather than ignored.
                let same = std::fs::read(&path).map_err(|source| LexiconError::Io {
                    path: path.display().to_string(),
                    source,
                })? == shipped.as_bytes();
                if same {
                    continue;
                }
                return Err(LexiconError::FixedFile {
                    path: path.display().to_string(),
                });
            }
            let slot = texts.iter_mut().find(|(k, _, _)| k.file_name() == name);
            if slot.is_none() && name != CONTEXT_RULES_FILE {
                return Err(LexiconError::UnknownFile {
                    path: path.display().to_string(),
                    expected: LexiconKind::ALL
                        .iter()
                        .map(|k| k.file_name())
                        .chain([CONTEXT_RULES_FILE, "kickers.txt (only as shipped)"])
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            let shown = path.display().to_string();
            let bytes = std::fs::read(&path).map_err(|source| LexiconError::Io {
                path: shown.clone(),
                source,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                LexiconError::InvalidLine {
                    path: shown.clone(),
                    line,
                    message: "not valid UTF-8".into(),
                }
            })?;
            match slot {
                Some(slot) => *slot = (slot.0, shown, text),
                None => rules = (shown, text),
            }
        }
        Lexicons::compile(tokenizer, texts, rules)
    }

    fn compile(
        tokenizer: &Tokenizer,
        texts: Vec<(LexiconKind, String, String)>,
        (rules_path, rules_text): (String, String),
    ) -> Result<Lexicons, LexiconError> {
        let mut hasher = Sha256::new();
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut tokens: FxHashMap<LexiconKind, FxHashSet<String>> = FxHashMap::default();
        let mut sizes = Vec::new();
        for (kind, path, text) in &texts {
            hasher.update(kind.file_name().as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
            let entries = parse_entries(path, text)?;
            sizes.push((*kind, entries.len()));
            for (line, entry) in entries {
                let invalid = |message: &str| LexiconError::InvalidLine {
                    path: path.clone(),
                    line,
                    message: format!("{message}: {entry:?}"),
                };
                if kind.matching() == Matching::Token {
                    if entry.split_whitespace().count() != 1 {
                        return Err(invalid("expected a single token with no spaces"));
                    }
                    tokens.entry(*kind).or_default().insert(entry.to_string());
                    continue;
                }
                let key = tokenizer.normalize_phrase(entry);
                if key.is_empty() {
                    return Err(invalid("entry has no word in it"));
                }
                let slot = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(Pattern::default());
                    keys.push(key);
                    patterns.len() - 1
                });
                match kind.matching() {
                    Matching::CasedPhrase => patterns[slot]
                        .cased
                        .push((*kind, cased_form(tokenizer, entry))),
                    _ => patterns[slot].kinds.insert(*kind),
                }
            }
        }
        hasher.update(CONTEXT_RULES_FILE.as_bytes());
        hasher.update([0]);
        hasher.update(rules_text.as_bytes());
        hasher.update([0]);
        for (line, entry, rule) in parse_context_rules(tokenizer, &rules_path, &rules_text)? {
            let slot = index
                .get(&entry)
                .filter(|&&slot| patterns[slot].kinds.contains(rule.kind));
            let Some(&slot) = slot else {
                // The shipped rules over a lexicon replaced from a directory: a rule whose
                // entry the new lexicon lacks has nothing to veto. In a rules file of the
                // user's own, it is a mistake worth naming.
                if rules_path.starts_with("<embedded>/") {
                    continue;
                }
                return Err(LexiconError::InvalidLine {
                    path: rules_path.clone(),
                    line,
                    message: format!("{entry:?} is not an entry of {}", rule.kind.file_name()),
                });
            };
            patterns[slot].vetoes.push(rule);
        }
        let (mut short, mut long) = (FxHashMap::default(), FxHashMap::default());
        let (mut short_filter, mut long_filter) = (KeyFilter::default(), KeyFilter::default());
        let mut pair_filter = KeyFilter::default();
        for (pattern, phrase) in keys.iter().enumerate() {
            let token_keys: Vec<u64> = phrase.split(' ').map(key).collect();
            if let [only] = token_keys[..] {
                short_filter.insert(only);
                short.insert(only, pattern);
            } else {
                long_filter.insert(token_keys[0]);
                let pair = join_keys(token_keys[..2].iter().copied());
                pair_filter.insert(pair);
                long.entry(pair).or_insert_with(Vec::new).push(LongPhrase {
                    pattern,
                    tokens: token_keys.len(),
                });
            }
        }
        let abbreviation_stems = tokens
            .get(&LexiconKind::Abbreviations)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.strip_suffix('.'))
            .map(str::to_string)
            .collect();
        let digest = format!("sha256:{:x}", hasher.finalize());
        Ok(Lexicons {
            short,
            long,
            short_filter,
            long_filter,
            pair_filter,
            keys,
            patterns,
            index,
            tokens,
            abbreviation_stems,
            sizes,
            digest,
        })
    }

    /// True when `token` (as written) is an entry of a token lexicon.
    pub fn has_token(&self, kind: LexiconKind, token: &str) -> bool {
        self.tokens
            .get(&kind)
            .is_some_and(|set| set.contains(token))
    }

    /// True when `word` followed by a period is an abbreviation ("Dr" for "Dr."), whose period
    /// does not end a sentence.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviation_stems.contains(word)
    }

    /// The case-insensitive lexicons whose entries include this exact normalized phrase.
    pub fn phrase_kinds(&self, normalized: &str) -> KindSet {
        self.index
            .get(normalized)
            .map_or(KindSet::default(), |&i| self.patterns[i].kinds)
    }

    /// Finds lexicon phrases in a tokenized text: its tokens and their normalized forms
    /// joined by single spaces.
    ///
    /// Calls `each(kind, first_token, end_token)` for each match, in order of its first token.
    /// Within one lexicon, matches are leftmost-longest and do not overlap; across lexicons
    /// they may ("this is why" is a clickbait phrase and "this" a forward reference).
    /// `original_form(first, end)` gives the matched tokens' original text (single spaces) to
    /// check cased entries.
    pub(crate) fn find_phrases(
        &self,
        tokens: &[Token],
        normalized: &str,
        original_form: impl Fn(usize, usize) -> String,
        mut each: impl FnMut(LexiconKind, usize, usize),
    ) {
        // The matches starting at the current token, as `(kind, end)`.
        let mut here: Vec<(LexiconKind, usize)> = Vec::new();
        let matched = |here: &mut Vec<(LexiconKind, usize)>, first, end, pattern: usize| {
            let pattern = &self.patterns[pattern];
            let vetoed = |kind: LexiconKind| {
                pattern
                    .vetoes
                    .iter()
                    .any(|rule| rule.kind == kind && rule.holds(tokens, normalized, first, end))
            };
            if pattern.vetoes.is_empty() {
                here.extend(pattern.kinds.iter().map(|kind| (kind, end)));
            } else {
                here.extend(
                    pattern
                        .kinds
                        .iter()
                        .filter(|&k| !vetoed(k))
                        .map(|k| (k, end)),
                );
            }
            if !pattern.cased.is_empty() {
                let form = original_form(first, end);
                for (kind, cased) in &pattern.cased {
                    if *cased == form {
                        here.push((*kind, end));
                    }
                }
            }
        };
        // Per lexicon, where its last match kept ends: a later one starting before is dropped.
        let mut kept_end = [0usize; LexiconKind::ALL.len()];
        for (first, token) in tokens.iter().enumerate() {
            here.clear();
            if self.short_filter.may_contain(token.key) {
                if let Some(&pattern) = self.short.get(&token.key) {
                    if normalized[token.norm] == *self.keys[pattern] {
                        matched(&mut here, first, first + 1, pattern);
                    }
                }
            }
            // Both filters asked at once: a third of tokens start some phrase ("the", "a"),
            // far fewer a phrase's first two tokens, so one branch on both is rarely taken.
            let candidates = tokens
                .get(first + 1)
                .map(|next| join_keys([token.key, next.key]))
                .filter(|&pair| {
                    self.long_filter.may_contain(token.key) & self.pair_filter.may_contain(pair)
                })
                .and_then(|pair| self.long.get(&pair));
            for candidate in candidates.into_iter().flatten() {
                let end = first + candidate.tokens;
                if end <= tokens.len()
                    && normalized_range(tokens, normalized, first, end)
                        == self.keys[candidate.pattern]
                {
                    matched(&mut here, first, end, candidate.pattern);
                }
            }
            if here.is_empty() {
                continue;
            }
            // Per lexicon: leftmost first (tokens come in order), longest first at the same
            // start, no overlaps; then reported by end and lexicon.
            here.sort_unstable_by_key(|&(kind, end)| (std::cmp::Reverse(end), kind));
            here.retain(|&(kind, end)| {
                let slot = &mut kept_end[kind as usize];
                let keep = first >= *slot;
                if keep {
                    *slot = end;
                }
                keep
            });
            here.sort_unstable_by_key(|&(kind, end)| (end, kind));
            for &(kind, end) in &here {
                each(kind, first, end);
            }
        }
    }

    /// Number of entries per lexicon.
    pub fn sizes(&self) -> &[(LexiconKind, usize)] {
        &self.sizes
    }

    /// A digest of every lexicon's contents, for reproducible reports.
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

/// An entry's original tokens joined by single spaces, apostrophes folded.
fn cased_form(tokenizer: &Tokenizer, entry: &str) -> String {
    let mut out = String::new();
    tokenizer.for_each_token(entry, |span, _| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&entry[span].replace('\u{2019}', "'"));
    });
    out
}

/// The rules of a context rule file ([`ContextRule`]), each with its 1-based line number and
/// its entry's normalized form.
fn parse_context_rules(
    tokenizer: &Tokenizer,
    path: &str,
    text: &str,
) -> Result<Vec<(usize, String, ContextRule)>, LexiconError> {
    let mut out = Vec::new();
    for (line, rule) in parse_entries(path, text)? {
        let invalid = |message: String| LexiconError::InvalidLine {
            path: path.to_string(),
            line,
            message: format!("{message}: {rule:?}"),
        };
        let (name, context) = rule.split_once(char::is_whitespace).ok_or_else(|| {
            invalid("expected a lexicon name, then words with the entry in [brackets]".into())
        })?;
        let kind = LexiconKind::ALL
            .iter()
            .copied()
            .find(|k| k.file_name().strip_suffix(".txt") == Some(name))
            .filter(|k| k.matching() == Matching::Phrase)
            .ok_or_else(|| {
                invalid(format!(
                    "{name:?} is not a phrase lexicon (the file name without .txt)"
                ))
            })?;
        let (before, rest) = context
            .split_once('[')
            .ok_or_else(|| invalid("no [entry] in brackets".into()))?;
        let (entry, after) = rest
            .split_once(']')
            .ok_or_else(|| invalid("no closing ] after the entry".into()))?;
        if after.contains(['[', ']']) {
            return Err(invalid("more than one [entry]".into()));
        }
        let slots = |words: &str| -> Result<Vec<Slot>, LexiconError> {
            words
                .split_whitespace()
                .map(|word| {
                    match word {
                        "<number>" => return Ok(Slot::Number),
                        "<plural>" => return Ok(Slot::Plural),
                        "<figure>" => return Ok(Slot::Figure),
                        _ if word.starts_with('<') => {
                            return Err(invalid(format!(
                                "{word:?}: the placeholders are <number>, <figure> and <plural>"
                            )))
                        }
                        _ => {}
                    }
                    let words = word
                        .split('|')
                        .map(|w| {
                            let norm = tokenizer.normalize_phrase(w);
                            match norm.contains(' ') || norm.is_empty() {
                                true => Err(invalid(format!("{w:?} is not one word"))),
                                false => Ok(norm),
                            }
                        })
                        .collect::<Result<_, _>>()?;
                    Ok(Slot::Words(words))
                })
                .collect()
        };
        let rule_of = ContextRule {
            kind,
            before: slots(before)?,
            after: slots(after)?,
        };
        if rule_of.before.is_empty() && rule_of.after.is_empty() {
            return Err(invalid("no words around the [entry]".into()));
        }
        out.push((line, tokenizer.normalize_phrase(entry), rule_of));
    }
    Ok(out)
}

/// The entries of a lexicon file with their 1-based line numbers.
fn parse_entries<'t>(path: &str, text: &'t str) -> Result<Vec<(usize, &'t str)>, LexiconError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let invalid = |message: &str| LexiconError::InvalidLine {
            path: path.to_string(),
            line: i + 1,
            message: message.to_string(),
        };
        if entry.chars().any(|c| c.is_control()) {
            return Err(invalid(
                "control characters (tabs included) are not allowed",
            ));
        }
        if entry.len() > 200 {
            return Err(invalid("entry longer than 200 bytes"));
        }
        out.push((i + 1, entry));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextAnalysis;

    /// The texts of the matches of `kind` in `text`.
    fn matches(lexicons: &Lexicons, kind: LexiconKind, text: &str) -> Vec<String> {
        let tokenizer = Tokenizer::new();
        let a = TextAnalysis::new(text, &tokenizer, lexicons);
        a.matches_of(kind)
            .map(|m| text[m.span].to_string())
            .collect()
    }

    /// One case per shipped context rule (named by its line), and the matches it leaves:
    /// the vetoed use, and the lexicon's own sense kept beside it.
    #[test]
    fn context_rules_table() {
        use LexiconKind::{
            AttributionVerbs as A, Hedges as H, Intensifiers as I, Superlatives as S,
        };
        let cases: &[(&str, LexiconKind, &str, &[&str])] = &[
            ("superlatives  at [least]", S, "At least 12 people were injured, the least of it.", &["least"]),
            ("superlatives  at [least]", S, "at least twelve died in the worst flood", &["worst"]),
            ("superlatives  at the [least]", S, "It will cost a million at the least.", &[]),
            ("superlatives  at the very [least]", S, "At the very least, the bridge will close.", &[]),
            ("superlatives  not [least]", S, "The plan failed, not least because of the cost.", &[]),
            ("superlatives  at [most]", S, "At most 40 homes were damaged.", &[]),
            ("superlatives  at the [most]", S, "It takes two hours at the most.", &[]),
            ("superlatives  at the very [most]", S, "Ten minutes at the very most.", &[]),
            ("superlatives  [most] of", S, "Most of the town was flooded, the most damaging storm.", &["most"]),
            ("superlatives  [most] <plural>", S, "Most residents fled; she won the most votes.", &[]),
            ("superlatives  [most] <plural>", S, "The most dangerous storm, the most reckless act.", &["most", "most"]),
            ("superlatives  [most] recently|recent|likely|probably|notably|often|commonly|frequently|importantly|latterly", S, "He most recently led the agency; the most recent figures are most likely wrong.", &[]),
            ("superlatives  at the [earliest]", S, "No decision is due until March at the earliest.", &[]),
            ("superlatives  at [best]", S, "The plan is at best a stopgap, the best one we have.", &["best"]),
            ("superlatives  at [worst]", S, "At worst the road closes.", &[]),
            ("superlatives  [ever] since", S, "She has lived there ever since, the biggest ever.", &["biggest", "ever"]),
            ("superlatives  if|hardly|rarely|seldom|barely [ever]", S, "It hardly ever floods, if ever.", &[]),
            ("intensifiers  at the [very] least|most", I, "At the very least a very long delay.", &["very"]),
            ("intensifiers  [seriously] injured|wounded|hurt|ill|damaged", I, "Two were seriously injured; it is seriously good.", &["seriously"]),
            ("intensifiers  [super] bowl|tuesday|pac|pacs|typhoon|league|majority|computer|computers", I, "A Super Bowl ad from a super PAC, super cute.", &["super"]),
            ("attribution_verbs  [told] to", A, "Residents were told to stay inside, police told reporters.", &["told"]),
            ("attribution_verbs  [added] <figure>", A, "The Nasdaq added 1.2% and the Dow added 150 points; it rained, added a spokesman.", &["added"]),
            ("attribution_verbs  [added] $|£|€|to", A, "Shares added $3 billion, which added to the gloom, she added.", &["added"]),
            ("hedges  less [likely]", H, "Walkers were 14% less likely to die; it is likely to rain.", &["likely"]),
            ("hedges  as [likely]", H, "Women were twice as likely to walk.", &[]),
            ("hedges  [more likely] than", H, "Smokers were more likely than others to quit.", &[]),
            ("hedges  %|times [more likely]", H, "Smokers were 40% more likely to stop; a cut is more likely now.", &["more likely"]),
            ("hedges  more [likely]", H, "Smokers were three times more likely to stop.", &[]),
        ];
        let lexicons = Lexicons::embedded(&Tokenizer::new());
        for (rule, kind, text, want) in cases {
            assert_eq!(matches(&lexicons, *kind, text), *want, "{rule}: {text}");
        }
        // Every shipped rule has its case.
        for (_, rule) in parse_entries("", CONTEXT_RULES_TEXT).unwrap() {
            assert!(
                cases.iter().any(|c| c.0 == rule),
                "no case for the rule {rule:?}"
            );
        }
    }

    /// Without the rules, the same texts match: the rules are what vetoes.
    #[test]
    fn without_context_rules_the_quantifiers_match() {
        let tokenizer = Tokenizer::new();
        let texts = LexiconKind::ALL
            .iter()
            .map(|&k| (k, k.file_name().to_string(), k.default_text().to_string()))
            .collect();
        let bare = Lexicons::compile(&tokenizer, texts, (String::new(), String::new())).unwrap();
        let text = "At least 12 people were injured and most of the town flooded.";
        assert_eq!(
            matches(&bare, LexiconKind::Superlatives, text),
            ["least", "most"]
        );
        let shipped = Lexicons::embedded(&tokenizer);
        assert!(matches(&shipped, LexiconKind::Superlatives, text).is_empty());
        assert_ne!(bare.digest(), shipped.digest());
    }

    #[test]
    fn bad_context_rules_are_errors_naming_the_line() {
        let tokenizer = Tokenizer::new();
        for (rule, message) in [
            ("superlatives least", "no [entry]"),
            ("superlatives at [least", "no closing ]"),
            ("superlatives [least]", "no words around"),
            ("superlative at [least]", "not a phrase lexicon"),
            ("acronyms at [NATO]", "not a phrase lexicon"),
            (
                "superlatives at [leastest]",
                "is not an entry of superlatives.txt",
            ),
            ("superlatives at [least] [most]", "more than one [entry]"),
            ("superlatives at [least] <numbers>", "the placeholders are"),
            ("superlatives at,all [least]", "is not one word"),
        ] {
            let texts = LexiconKind::ALL
                .iter()
                .map(|&k| (k, k.file_name().to_string(), k.default_text().to_string()))
                .collect();
            let text = format!("# a comment\n{rule}\n");
            let err = Lexicons::compile(&tokenizer, texts, ("rules.txt".into(), text))
                .err()
                .unwrap_or_else(|| panic!("{rule} was accepted"))
                .to_string();
            assert!(err.starts_with("rules.txt:2"), "{rule}: {err}");
            assert!(err.contains(message), "{rule}: {err}");
        }
    }

    #[test]
    fn a_lexicons_directory_replaces_the_context_rules() {
        let dir = tempfile::tempdir().unwrap();
        // The shipped rules over a superlatives list without "least" or "most": nothing to veto.
        std::fs::write(dir.path().join("superlatives.txt"), "biggest\n").unwrap();
        let tokenizer = Tokenizer::new();
        let lexicons = Lexicons::from_dir(&tokenizer, dir.path()).unwrap();
        let text = "At least the biggest";
        assert_eq!(
            matches(&lexicons, LexiconKind::Superlatives, text),
            ["biggest"]
        );
        std::fs::remove_file(dir.path().join("superlatives.txt")).unwrap();
        std::fs::write(dir.path().join(CONTEXT_RULES_FILE), "# none\n").unwrap();
        let tokenizer = Tokenizer::new();
        let lexicons = Lexicons::from_dir(&tokenizer, dir.path()).unwrap();
        let text = "At least 12 people were injured.";
        assert_eq!(
            matches(&lexicons, LexiconKind::Superlatives, text),
            ["least"]
        );
        std::fs::write(
            dir.path().join(CONTEXT_RULES_FILE),
            "superlatives [least] <number>\n",
        )
        .unwrap();
        let lexicons = Lexicons::from_dir(&tokenizer, dir.path()).unwrap();
        assert!(matches(&lexicons, LexiconKind::Superlatives, text).is_empty());
        assert_eq!(
            matches(&lexicons, LexiconKind::Superlatives, "least of all"),
            ["least"]
        );
    }
}
