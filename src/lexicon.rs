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
use crate::tokenizer::{join_keys, key, normalized_range, KeyFilter, Token, Tokenizer};
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
    AttributionVerbs => "attribution_verbs.txt", Phrase, "Attribution verbs: said, told, according to.";
    AnonymousSources => "anonymous_sources.txt", Phrase, "Phrases marking unnamed sources: on condition of anonymity.";
    SourceRoles => "source_roles.txt", Phrase, "Role nouns that introduce or stand for a source: spokeswoman, official.";
    Outlets => "outlets.txt", CasedPhrase, "News outlets, as they write their names: Reuters, Sky News.";
    DateWords => "date_words.txt", Phrase, "Months, weekdays and relative dates.";
    FirstPersonOpinion => "first_person_opinion.txt", Phrase, "First-person opinion: I think, in my view.";
    FirstPerson => "first_person.txt", Phrase, "First-person singular pronouns: I, me, my.";
    ReaderAppeals => "reader_appeals.txt", Phrase, "Direct appeals to the reader: imagine, let that sink in.";
    Acronyms => "acronyms.txt", Token, "All-caps tokens that are names, not shouting: NATO, U.S.";
    Abbreviations => "abbreviations.txt", Token, "Abbreviations whose period does not end a sentence: Dr., Mr.";
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
        // The embedded lexicons are checked by the test suite, so this cannot fail at run time.
        Lexicons::compile(tokenizer, texts).expect("embedded lexicons are valid")
    }

    /// The embedded lexicons, with any file present in `dir` replacing its default.
    /// A `.txt` file in `dir` that is not a known lexicon is an error (a typo would otherwise
    /// be silently ignored).
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
        for entry in std::fs::read_dir(dir).map_err(io_err)? {
            let path = entry.map_err(io_err)?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some(slot) = texts.iter_mut().find(|(k, _, _)| k.file_name() == name) else {
                return Err(LexiconError::UnknownFile {
                    path: path.display().to_string(),
                    expected: LexiconKind::ALL
                        .iter()
                        .map(|k| k.file_name())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
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
            *slot = (slot.0, shown, text);
        }
        Lexicons::compile(tokenizer, texts)
    }

    fn compile(
        tokenizer: &Tokenizer,
        texts: Vec<(LexiconKind, String, String)>,
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
            here.extend(pattern.kinds.iter().map(|kind| (kind, end)));
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
