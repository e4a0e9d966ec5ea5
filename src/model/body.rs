//! The body model: loaded, sensational language in the author's own sentences.
//!
//! Trained sentence by sentence ([`crate::train::body`]) on sentences marked by people: PTC
//! propaganda spans (loaded language, exaggeration, appeal to fear, name-calling), BABE's
//! biased sentences, BASIL's lexical-bias spans outside quotes, and our own sentences. A
//! sentence's logit is `intercept + Σ w_g` over the distinct n-grams `g` of its words outside
//! direct quotes and the dateline (someone else's voice, and the wire's furniture, are not the
//! author's). An article's body logit is the
//! mean over its author's sentences (those with a word outside quotes):
//!
//! `body = a·(intercept + (1/N)·Σ_g w_g·n_g) + b`
//!
//! with `N` author sentences, `n_g` of them holding `g`, and the calibration `(a, b)`. It is
//! linear in the n-gram flags, so each n-gram's contribution `a·w_g·n_g/N` is exact and the
//! contributions sum to the logit.
//!
//! A model trained with word vectors also adds to each sentence's logit the mean over its
//! author words of each word's score, the mean of its WordPiece pieces' weights
//! ([`crate::features::word_pieces`]): `(1/m)·Σ_words (1/k)·Σ_pieces t_p` for `m` author words,
//! a word of `k` pieces. The weights `t_p` are a direction in the space of static word vectors
//! learned in training, one number per piece, so this is linear too: a piece's contribution is
//! `a·t_p·s_p/N`, `s_p` the sum over its occurrences of `1/(k·m)`. Words the corpora never
//! held score by their pieces' place among the words they did (`outrageous` near `disgraceful`).

use super::calibration::Calibration;
use super::{sigmoid, Contribution, Explanation, MAX_MAGNITUDE};
use crate::error::ModelError;
use crate::features::lexical::{self, Vocabulary};
use crate::features::word_pieces::WordPieces;
use crate::features::{Evidence, Part};
use crate::span::Span;
use crate::text::{join_keys, short_word, ShortWord, TextAnalysis, Token};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The body model file format this build reads and writes.
pub const BODY_FORMAT_VERSION: u32 = 1;

/// The prefix of a body n-gram's name in explanations.
pub const SENTENCE_PREFIX: &str = "lex.sentence:";

/// The prefix of a body word piece's name in explanations (`vec.sentence:outrage`).
pub const PIECE_PREFIX: &str = "vec.sentence:";

/// The body model file, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyModelFile {
    /// The file format version.
    pub format_version: u32,
    /// Always `body`.
    pub target: String,
    /// The learned n-grams (lower-cased words, joined by one space).
    pub grams: Vec<String>,
    /// One weight per n-gram: its share of a sentence's logit when present (before
    /// calibration).
    pub weights: Vec<f64>,
    /// A sentence's logit with no learned n-gram in it and words of score 0 (before
    /// calibration).
    pub intercept: f64,
    /// The WordPiece vocabulary whose pieces score each author word (empty: a model without
    /// word vectors). Every piece the segmentation can give is kept, so that it segments as
    /// in training.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<String>,
    /// One weight per piece (before calibration): a word's score is the mean of its pieces'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub piece_weights: Vec<f64>,
    /// The range of a sentence's mean word score over the training sentences (before
    /// calibration): a sentence outside it is clipped to it, its words' shares scaled alike
    /// (one word shouted a hundred times cannot decide an article).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_score_range: Option<[f64; 2]>,
    /// How the body logit is calibrated.
    pub calibration: Calibration,
    /// How it was trained.
    pub training: serde_json::Value,
}

/// A loaded, validated body model.
#[derive(Clone, Debug)]
pub struct BodyModel {
    file: BodyModelFile,
    vocabulary: Vocabulary,
    /// Weights times the calibration's slope.
    weights: Vec<f64>,
    /// The word pieces, and their weights times the calibration's slope.
    pieces: WordPieces,
    piece_weights: Vec<f64>,
    /// `word_score_range` times the calibration's slope.
    word_score_range: [f64; 2],
    /// The calibrated intercept.
    intercept: f64,
    /// Each word that is a piece or a learned unigram, by [`short_word`]: its score and its
    /// unigram's column, scoring's fast path.
    known_words: HashMap<ShortWord, WordEntry>,
    /// Tells this model's words apart from another's in [`WORD_MEMO`] (clones share it: they
    /// score alike).
    id: u64,
    digest: String,
}

/// The most words [`WORD_MEMO`] holds before it starts again.
const WORD_MEMO_CAPACITY: usize = 1 << 16;

thread_local! {
    /// Scores of words that are no whole piece (their pieces found by segmentation, the slow
    /// path), by [`short_word`], as this thread met them, for the model of that id: news
    /// repeats its words, so most are segmented once. A score is a function of the word, so
    /// remembering it changes no result. `NaN`: a word of no piece.
    static WORD_MEMO: RefCell<(u64, HashMap<ShortWord, f64>)> = RefCell::new((0, HashMap::default()));
}

/// A word of [`BodyModel::known_words`]: its score (`NaN`: no piece) and its column as a
/// learned unigram ([`NO_COLUMN`]: none).
#[derive(Clone, Copy, Debug)]
struct WordEntry {
    score: f64,
    unigram: u32,
}

/// [`WordEntry::unigram`] of a word that is no learned unigram.
const NO_COLUMN: u32 = u32::MAX;

/// The next model's [`BodyModel::id`].
static NEXT_MODEL_ID: AtomicU64 = AtomicU64::new(1);

/// The entry of `word` in `known` (made, scored as a word of that text is, when missing);
/// `None` for a word longer than 15 bytes, which is never there.
fn know<'k>(
    known: &'k mut HashMap<ShortWord, WordEntry>,
    pieces: &WordPieces,
    weights: &[f64],
    word: &str,
) -> Option<&'k mut WordEntry> {
    let short = short_word(word.as_bytes(), 0, word.len())?;
    Some(known.entry(short).or_insert_with(|| WordEntry {
        score: word_score(pieces, weights, crate::text::key(word), word),
        unigram: NO_COLUMN,
    }))
}

/// A word token's score: the mean of its pieces' weights, `NaN` for a word of no piece. `key`
/// is its [`crate::tokenizer::key`], `word` its normalized text.
fn word_score(pieces: &WordPieces, weights: &[f64], key: u64, word: &str) -> f64 {
    let (mut score, mut k) = (0.0, 0u32);
    pieces.for_each_piece_of_token(key, word, |p| {
        score += weights[p as usize];
        k += 1;
    });
    if k > 0 {
        score / k as f64
    } else {
        f64::NAN
    }
}

/// The author's sentences of a body and the learned n-grams in each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthorSentences {
    /// The author words of each sentence of the body ([`author_words`]): sentences with
    /// one or more are the author's.
    pub words: Vec<u32>,
    /// `(sentence, column)`: each n-gram once per sentence, sorted.
    pub hits: Vec<(u32, usize)>,
    /// The sum over author sentences of each one's mean word score (calibrated, held to
    /// `word_score_range`; 0 for a model without word vectors).
    pub word_terms: f64,
}

impl AuthorSentences {
    /// How many author sentences (with a word outside direct quotes) the body has.
    pub fn count(&self) -> usize {
        self.words.iter().filter(|w| **w > 0).count()
    }
}

/// An occurrence of a learned n-gram in an author sentence: [`BodyModel::author_hits`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AuthorHit {
    /// The n-gram's column.
    pub column: usize,
    /// The sentence it is in.
    pub sentence: u32,
    /// Where it is.
    pub evidence: Evidence,
}

/// One author sentence's own score.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceScore {
    /// Where it is in the body.
    pub span: Span,
    /// Its calibrated logit as one sentence: `a·(intercept + Σ w_g) + b`.
    pub logit: f64,
    /// The learned n-grams in it, with their calibrated weights, by decreasing weight.
    pub words: Vec<(usize, f64, Evidence)>,
}

/// A body's explanation: the score's contributions, and its author sentences scored one by one.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyExplanation {
    /// The body score and every n-gram's contribution (column = n-gram index).
    pub explanation: Explanation,
    /// Author sentences, most loaded first.
    pub sentences: Vec<SentenceScore>,
}

/// A token of the author's own: outside direct quotes, after the dateline.
pub fn by_author(t: &Token, dateline: Option<Span>) -> bool {
    !t.quoted && dateline.is_none_or(|d| t.span.start >= d.end)
}

/// The span of sentence `i` of `body` without the dateline, when the dateline opens it: the
/// author's sentence (`DENVER (AP) — The council…` is `The council…`).
fn author_span(body: &TextAnalysis, i: usize, dateline: Option<Span>) -> Span {
    let span = body.sentences[i].span;
    match dateline {
        Some(d) if span.start < d.end && d.end <= span.end => body
            .tokens
            .iter()
            .find(|t| t.sentence as usize == i && t.span.start >= d.end)
            .map_or(span, |t| Span::new(t.span.start, span.end)),
        _ => span,
    }
}

/// How many author words ([`by_author`]) each sentence of `body` has.
pub fn author_words(body: &TextAnalysis, dateline: Option<Span>) -> Vec<u32> {
    let mut words = vec![0u32; body.sentences.len()];
    for t in &body.tokens {
        if t.shape.is_word() && by_author(t, dateline) {
            words[t.sentence as usize] += 1;
        }
    }
    words
}

/// Calls `each(token, piece, share)` for every piece of every author word of `body`, in text
/// order, with its share of its sentence's mean, `1/(k·m)` for a word of `k` pieces in a
/// sentence of `m` author words (`words`: [`author_words`]). Scoring and training read words
/// alike through this.
pub fn for_each_author_piece(
    pieces: &WordPieces,
    body: &TextAnalysis,
    words: &[u32],
    dateline: Option<Span>,
    mut each: impl FnMut(usize, u32, f64),
) {
    if pieces.is_empty() {
        return;
    }
    let mut of_word: Vec<u32> = Vec::new();
    for (i, t) in body.tokens.iter().enumerate() {
        if !(t.shape.is_word() && by_author(t, dateline)) {
            continue;
        }
        of_word.clear();
        let word = &body.normalized[t.norm.range()];
        pieces.for_each_piece_of_token(t.key, word, |p| of_word.push(p));
        let share = 1.0 / (of_word.len() as f64 * words[t.sentence as usize] as f64);
        for &p in &of_word {
            each(i, p, share);
        }
    }
}

impl BodyModel {
    /// Parses and validates a body model; `path` names it in errors.
    pub fn from_json(text: &str, path: &str) -> Result<BodyModel, ModelError> {
        BodyModel::from_json_with_digest(text, path, super::sha256_digest(text))
    }

    /// As [`BodyModel::from_json`], with the digest of `text` already known (`sha256:` and the
    /// lower-case hex of its bytes' SHA-256): the shipped models', computed at build time, so
    /// start-up does not hash megabytes of embedded text.
    pub fn from_json_with_digest(
        text: &str,
        path: &str,
        digest: String,
    ) -> Result<BodyModel, ModelError> {
        let corrupt = |message: String| ModelError::Corrupt {
            path: path.to_string(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| corrupt(super::json_problem(text, &e)))?;
        match value.get("format_version").and_then(|v| v.as_u64()) {
            None => return Err(corrupt(super::NOT_A_MODEL.into())),
            Some(v) if v != BODY_FORMAT_VERSION as u64 => {
                return Err(ModelError::UnknownVersion {
                    path: path.to_string(),
                    found: v.min(u32::MAX as u64) as u32,
                    supported: BODY_FORMAT_VERSION,
                })
            }
            _ => {}
        }
        let file: BodyModelFile =
            serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
        BodyModel::from_file(file, path, digest)
    }

    /// Validates a body model held in memory.
    pub fn from_file(
        file: BodyModelFile,
        path: &str,
        digest: String,
    ) -> Result<BodyModel, ModelError> {
        let corrupt = |message: String| ModelError::Corrupt {
            path: path.to_string(),
            message,
        };
        if file.target != "body" {
            return Err(corrupt(format!(
                "`target` is `{}`, a body model's is `body`",
                file.target
            )));
        }
        if file.grams.len() != file.weights.len() {
            return Err(corrupt(format!(
                "{} n-grams but {} weights",
                file.grams.len(),
                file.weights.len()
            )));
        }
        if let Some(i) = file.grams.iter().position(|g| g.trim().is_empty()) {
            return Err(corrupt(format!("n-gram {i} is empty")));
        }
        let bounded = |v: f64| v.is_finite() && v.abs() <= MAX_MAGNITUDE;
        let check =
            |field: &'static str, values: &[f64]| match values.iter().position(|w| !bounded(*w)) {
                Some(i) => Err(ModelError::InvalidNumber {
                    path: path.to_string(),
                    field,
                    index: i,
                    value: values[i],
                    expected: "must be finite and at most 1e6 in magnitude",
                }),
                None => Ok(()),
            };
        check("weights", &file.weights)?;
        if file.pieces.len() != file.piece_weights.len() {
            return Err(corrupt(format!(
                "{} pieces but {} piece weights",
                file.pieces.len(),
                file.piece_weights.len()
            )));
        }
        if let Some([low, high]) = file.word_score_range {
            if !(bounded(low) && bounded(high) && low <= high) {
                return Err(corrupt(
                    "`word_score_range` must be two finite numbers, the first at most the second"
                        .into(),
                ));
            }
        }
        check("piece_weights", &file.piece_weights)?;
        let c = &file.calibration;
        let valid = bounded(file.intercept)
            && c.slope.is_finite()
            && c.slope > 0.0
            && c.slope <= 1e3
            && bounded(c.offset);
        if !valid {
            return Err(corrupt(
                "the intercept and calibration must be finite, the slope positive and at most 1000"
                    .into(),
            ));
        }
        let vocabulary = Vocabulary::new(
            file.grams
                .iter()
                .enumerate()
                .map(|(i, g)| (Part::Body, g.clone(), i)),
        );
        let pieces = WordPieces::new(&file.pieces);
        let piece_weights: Vec<f64> = file.piece_weights.iter().map(|w| w * c.slope).collect();
        // Each piece that can be a word of news (ASCII letters and digits) and each learned
        // unigram, scored as a word of its text is, by the same function, with its column as
        // the vocabulary holds it (a repeated n-gram keeps its last): the fast path gives what
        // the slow one does.
        let mut known_words: HashMap<ShortWord, WordEntry> = HashMap::default();
        for piece in pieces.pieces() {
            if !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_alphanumeric()) {
                know(&mut known_words, &pieces, &piece_weights, piece);
            }
        }
        for (column, gram) in file.grams.iter().enumerate() {
            if !gram.contains(' ') {
                if let Some(entry) = know(&mut known_words, &pieces, &piece_weights, gram) {
                    entry.unigram = column as u32;
                }
            }
        }
        Ok(BodyModel {
            vocabulary,
            weights: file.weights.iter().map(|w| w * c.slope).collect(),
            pieces,
            word_score_range: file
                .word_score_range
                .map_or([f64::NEG_INFINITY, f64::INFINITY], |[low, high]| {
                    [low * c.slope, high * c.slope]
                }),
            piece_weights,
            intercept: c.apply(file.intercept),
            known_words,
            id: NEXT_MODEL_ID.fetch_add(1, Ordering::Relaxed),
            file,
            digest,
        })
    }

    /// The stored file.
    pub fn file(&self) -> &BodyModelFile {
        &self.file
    }

    /// SHA-256 of the model file's bytes.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The calibrated intercept.
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// The name of a column in explanations: an n-gram's (`lex.sentence:slammed`), or after
    /// the n-grams a word piece's (`vec.sentence:outrage`).
    pub fn feature_name(&self, column: usize) -> String {
        match self.piece_of(column) {
            Some(p) => format!("{PIECE_PREFIX}{}", self.pieces.piece(p)),
            None => format!("{SENTENCE_PREFIX}{}", self.file.grams[column]),
        }
    }

    /// The word piece of a column after the n-grams'.
    fn piece_of(&self, column: usize) -> Option<u32> {
        column.checked_sub(self.file.grams.len()).map(|p| p as u32)
    }

    /// The column of a word piece.
    fn piece_column(&self, piece: u32) -> usize {
        self.file.grams.len() + piece as usize
    }

    /// The author's sentences of `body` and the learned n-grams in each. The author's words
    /// are those outside direct quotes and after the `dateline` (`DENVER (AP) —` is the wire's
    /// furniture, not wording).
    ///
    /// One walk of the tokens finds each author word's score and unigram by one lookup of its
    /// bytes and length (an exact key) among the pieces and learned unigrams, then among the
    /// words this thread has segmented before; only a word met for the first time, or longer
    /// than 15 bytes, is segmented and looked up as the vocabulary walk does. It finds what
    /// [`BodyModel::author_hits`] does with its evidence.
    pub fn author_sentences(&self, body: &TextAnalysis, dateline: Option<Span>) -> AuthorSentences {
        let tokens = &body.tokens;
        let buffer = body.normalized.as_bytes();
        let scored = !self.pieces.is_empty();
        let [low, high] = self.word_score_range;
        let mut out = AuthorSentences {
            words: vec![0; body.sentences.len()],
            hits: Vec::new(),
            word_terms: 0.0,
        };
        // The sentence being walked, where its hits start, and its words' summed scores.
        let mut sentence = u32::MAX;
        let mut from = 0;
        let mut sum = 0.0;
        // Closes a sentence: its mean word score held to the range, its hits sorted, each
        // once.
        let close = |out: &mut AuthorSentences, sentence: u32, from: usize, sum: f64| {
            if scored {
                let m = out.words[sentence as usize] as f64;
                out.word_terms += (sum / m).clamp(low, high);
            }
            let hits = &mut out.hits;
            hits[from..].sort_unstable();
            let mut kept = from;
            for i in from..hits.len() {
                if i == from || hits[i] != hits[kept - 1] {
                    hits[kept] = hits[i];
                    kept += 1;
                }
            }
            hits.truncate(kept);
        };
        let slow_score = |key: u64, range: std::ops::Range<usize>| match scored {
            true => word_score(
                &self.pieces,
                &self.piece_weights,
                key,
                &body.normalized[range],
            ),
            false => f64::NAN,
        };
        let column = |key: u64, first: usize, last: usize| {
            self.vocabulary
                .column_at(Part::Body, body, key, first, last)
                .map_or(NO_COLUMN, |c| c as u32)
        };
        WORD_MEMO.with_borrow_mut(|(id, memo)| {
            if *id != self.id {
                memo.clear();
                *id = self.id;
            }
            for (i, t) in tokens.iter().enumerate() {
                if !(t.shape.is_word() && by_author(t, dateline)) {
                    continue;
                }
                if t.sentence != sentence {
                    if sentence != u32::MAX {
                        close(&mut out, sentence, from, sum);
                    }
                    (sentence, from, sum) = (t.sentence, out.hits.len(), 0.0);
                }
                out.words[sentence as usize] += 1;
                let range = t.norm.range();
                let entry = match short_word(buffer, range.start, range.len()) {
                    Some(word) => match self.known_words.get(&word) {
                        Some(&entry) => entry,
                        None => {
                            // Full (a huge body fills it too): start again.
                            if memo.len() >= WORD_MEMO_CAPACITY {
                                memo.clear();
                            }
                            WordEntry {
                                score: *memo
                                    .entry(word)
                                    .or_insert_with(|| slow_score(t.key, range)),
                                unigram: NO_COLUMN,
                            }
                        }
                    },
                    None => WordEntry {
                        score: slow_score(t.key, range),
                        unigram: column(t.key, i, i),
                    },
                };
                if !entry.score.is_nan() {
                    sum += entry.score;
                }
                if entry.unigram != NO_COLUMN {
                    out.hits.push((sentence, entry.unigram as usize));
                }
                let Some(next) = tokens.get(i + 1) else {
                    continue;
                };
                if next.shape.is_word() && next.sentence == sentence && by_author(next, dateline) {
                    let c = column(join_keys([t.key, next.key]), i, i + 1);
                    if c != NO_COLUMN {
                        out.hits.push((sentence, c as usize));
                    }
                }
            }
        });
        if sentence != u32::MAX {
            close(&mut out, sentence, from, sum);
        }
        out
    }

    /// [`BodyModel::author_sentences`] and every occurrence of a learned n-gram in the
    /// author's words, in text order: an explanation's evidence, found by walking the
    /// vocabulary.
    pub fn author_hits(
        &self,
        body: &TextAnalysis,
        dateline: Option<Span>,
    ) -> (AuthorSentences, Vec<AuthorHit>) {
        let mut hits = Vec::new();
        self.vocabulary
            .for_each_hit_in(Part::Body, body, |column, first, last| {
                let (first, last) = (&body.tokens[first], &body.tokens[last]);
                if by_author(first, dateline) && by_author(last, dateline) {
                    hits.push(AuthorHit {
                        column,
                        sentence: first.sentence,
                        evidence: Evidence {
                            part: Part::Body,
                            span: first.span.cover(last.span),
                            quoted: false,
                        },
                    })
                }
            });
        (self.author_sentences(body, dateline), hits)
    }

    /// [`for_each_author_piece`] with each sentence held to `word_score_range`: a sentence whose
    /// mean word score lies outside it has its shares scaled to bring it to the bound.
    fn piece_shares(
        &self,
        body: &TextAnalysis,
        words: &[u32],
        dateline: Option<Span>,
        mut each: impl FnMut(usize, u32, f64),
    ) {
        let mut all: Vec<(usize, u32, f64)> = Vec::with_capacity(body.tokens.len());
        for_each_author_piece(
            &self.pieces,
            body,
            words,
            dateline,
            |token, piece, share| all.push((token, piece, share)),
        );
        let sentence = |&(token, _, _): &(usize, u32, f64)| body.tokens[token].sentence;
        let [low, high] = self.word_score_range;
        for run in all.chunk_by(|a, b| sentence(a) == sentence(b)) {
            let mean: f64 = run
                .iter()
                .map(|&(_, p, share)| self.piece_weights[p as usize] * share)
                .sum();
            let factor = if mean > high {
                high / mean
            } else if mean < low {
                low / mean
            } else {
                1.0
            };
            for &(token, piece, share) in run {
                each(token, piece, share * factor);
            }
        }
    }

    /// The calibrated body logit from its author sentences; `None` when it has none.
    /// [`BodyModel::explain`] uses exactly this arithmetic.
    pub fn logit_of(&self, sentences: &AuthorSentences) -> Option<f64> {
        if sentences.count() == 0 {
            return None;
        }
        let n = sentences.count() as f64;
        let mut logit = self.intercept;
        for &(_, column) in &sentences.hits {
            logit += self.weights[column] / n;
        }
        Some(logit + sentences.word_terms / n)
    }

    /// The calibrated body logit; `None` when the body has no author sentence.
    pub fn logit(&self, body: &TextAnalysis, dateline: Option<Span>) -> Option<f64> {
        self.logit_of(&self.author_sentences(body, dateline))
    }

    /// The body score with each n-gram's contribution and evidence, and each author sentence
    /// scored on its own; `None` when the body has no author sentence.
    pub fn explain(&self, body: &TextAnalysis, dateline: Option<Span>) -> Option<BodyExplanation> {
        let (sentences, hits) = self.author_hits(body, dateline);
        let mut explanation = self.contributions(&sentences, body, dateline)?;
        let mut evidence: HashMap<usize, Vec<Evidence>> = HashMap::default();
        let mut words: Vec<Vec<(usize, f64, Evidence)>> = vec![Vec::new(); body.sentences.len()];
        // Where each (sentence, column) is in `words`: a sentence of a million words stays
        // linear.
        let mut at: HashMap<(u32, usize), usize> = HashMap::default();
        for hit in &hits {
            evidence.entry(hit.column).or_default().push(hit.evidence);
            let sentence = &mut words[hit.sentence as usize];
            at.entry((hit.sentence, hit.column)).or_insert_with(|| {
                sentence.push((hit.column, self.weights[hit.column], hit.evidence));
                sentence.len() - 1
            });
        }
        // Each author word, under each of its pieces: the word is the piece's evidence.
        self.piece_shares(body, &sentences.words, dateline, |token, piece, share| {
            let column = self.piece_column(piece);
            let t = &body.tokens[token];
            let found = Evidence {
                part: Part::Body,
                span: t.span,
                quoted: false,
            };
            let list = evidence.entry(column).or_default();
            if list.last() != Some(&found) {
                list.push(found);
            }
            let term = self.piece_weights[piece as usize] * share;
            let sentence = &mut words[t.sentence as usize];
            match at.entry((t.sentence, column)) {
                std::collections::hash_map::Entry::Occupied(i) => sentence[*i.get()].1 += term,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(sentence.len());
                    sentence.push((column, term, found));
                }
            }
        });
        for c in &mut explanation.contributions {
            c.evidence = evidence.remove(&c.column).unwrap_or_default();
        }
        let mut scored: Vec<SentenceScore> = words
            .into_iter()
            .enumerate()
            .filter(|(_, w)| !w.is_empty())
            .map(|(i, mut w)| {
                w.sort_by(|a, b| b.1.total_cmp(&a.1));
                SentenceScore {
                    span: author_span(body, i, dateline),
                    logit: self.intercept + w.iter().map(|x| x.1).sum::<f64>(),
                    words: w,
                }
            })
            .collect();
        scored.sort_by(|a, b| b.logit.total_cmp(&a.logit));
        Some(BodyExplanation {
            explanation,
            sentences: scored,
        })
    }

    /// [`BodyModel::explain`]'s score and contributions without the evidence (every
    /// `evidence` is empty), in the same order, to the bit: for choosing the few worth
    /// resolving ([`BodyModel::evidence`]). `None` when the body has no author sentence.
    pub fn contributions(
        &self,
        sentences: &AuthorSentences,
        body: &TextAnalysis,
        dateline: Option<Span>,
    ) -> Option<Explanation> {
        let mut explanation = self.unsorted_contributions(sentences, body, dateline)?;
        // Columns are unique, so the order is total: an unstable sort gives the same.
        explanation.contributions.sort_unstable_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then(a.column.cmp(&b.column))
        });
        Some(explanation)
    }

    /// [`BodyModel::contributions`] in no particular order: for choosing the largest few,
    /// which needs no sort of them all.
    pub fn unsorted_contributions(
        &self,
        sentences: &AuthorSentences,
        body: &TextAnalysis,
        dateline: Option<Span>,
    ) -> Option<Explanation> {
        let logit = self.logit_of(sentences)?;
        let n = sentences.count() as f64;
        // How many author sentences hold each n-gram.
        let mut columns: Vec<usize> = sentences.hits.iter().map(|&(_, c)| c).collect();
        columns.sort_unstable();
        let contributions: Vec<Contribution> = columns
            .chunk_by(|a, b| a == b)
            .map(|run| {
                let column = run[0];
                let share = run.len() as f64 / n;
                Contribution {
                    column,
                    value: share,
                    standardized: share,
                    clipped: false,
                    weight: self.weights[column],
                    contribution: self.weights[column] * share,
                    evidence: Vec::new(),
                }
            })
            .collect();
        let mut pieces: Vec<(u32, f64)> = Vec::new();
        self.piece_shares(body, &sentences.words, dateline, |_, piece, share| {
            pieces.push((piece, share))
        });
        pieces.sort_unstable_by_key(|&(p, _)| p);
        let contributions = contributions
            .into_iter()
            .chain(pieces.chunk_by(|a, b| a.0 == b.0).map(|run| {
                let piece = run[0].0;
                let share = run.iter().map(|&(_, s)| s).sum::<f64>() / n;
                let weight = self.piece_weights[piece as usize];
                Contribution {
                    column: self.piece_column(piece),
                    value: share,
                    standardized: share,
                    clipped: false,
                    weight,
                    contribution: weight * share,
                    evidence: Vec::new(),
                }
            }))
            .collect();
        Some(Explanation {
            probability: sigmoid(logit),
            logit,
            intercept: self.intercept,
            contributions,
        })
    }

    /// The evidence of the n-gram of `column`, as [`BodyModel::explain`] gives it: every
    /// place it occurs in the author's words of `body`, in text order.
    pub fn evidence(
        &self,
        column: usize,
        body: &TextAnalysis,
        dateline: Option<Span>,
    ) -> Vec<Evidence> {
        let mut out = Vec::new();
        if let Some(piece) = self.piece_of(column) {
            let counts = author_words(body, dateline);
            for_each_author_piece(&self.pieces, body, &counts, dateline, |token, p, _| {
                let found = Evidence {
                    part: Part::Body,
                    span: body.tokens[token].span,
                    quoted: false,
                };
                if p == piece && out.last() != Some(&found) {
                    out.push(found);
                }
            });
            return out;
        }
        lexical::for_each_occurrence(body, &self.file.grams[column], |first, last| {
            let (first, last) = (&body.tokens[first], &body.tokens[last]);
            if by_author(first, dateline) && by_author(last, dateline) {
                out.push(Evidence {
                    part: Part::Body,
                    span: first.span.cover(last.span),
                    quoted: false,
                });
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_body_models_are_refused_with_what_is_wrong() {
        let base = serde_json::json!({
            "format_version": 1, "target": "body", "grams": ["a"], "weights": [1.0],
            "pieces": ["[UNK]", "a"], "piece_weights": [0.0, 1.0], "word_score_range": [-1.0, 1.0],
            "intercept": 0.0,
            "calibration": {"method": "temperature", "slope": 1.0, "offset": 0.0, "fitted_on": "test", "rows": 0},
            "training": {}
        });
        assert!(BodyModel::from_json(&base.to_string(), "body.json").is_ok());
        // (name, field, value, expected in the message)
        let table: &[(&str, &str, serde_json::Value, &str)] = &[
            (
                "n-grams and weights",
                "weights",
                serde_json::json!([]),
                "1 n-grams but 0 weights",
            ),
            (
                "pieces and weights",
                "piece_weights",
                serde_json::json!([0.0]),
                "2 pieces but 1 piece weights",
            ),
            (
                "a huge piece weight",
                "piece_weights",
                serde_json::json!([0.0, 1e7]),
                "piece_weights",
            ),
            (
                "a reversed range",
                "word_score_range",
                serde_json::json!([1.0, -1.0]),
                "word_score_range",
            ),
            (
                "a target",
                "target",
                serde_json::json!("quality"),
                "a body model's is `body`",
            ),
        ];
        for (name, field, value, expected) in table {
            let mut file = base.clone();
            file[*field] = value.clone();
            let e = BodyModel::from_json(&file.to_string(), "body.json").unwrap_err();
            let message = e.to_string();
            assert!(message.contains("body.json"), "{name}: {message}");
            assert!(message.contains(expected), "{name}: {message}");
        }
    }

    #[test]
    fn one_walk_finds_what_segmenting_and_walking_the_vocabulary_find() {
        let model = |weights: [f64; 8], grams: serde_json::Value| {
            let n = grams.as_array().unwrap().len();
            let file = serde_json::json!({
                "format_version": 1, "target": "body", "grams": grams,
                "weights": vec![0.5; n],
                "pieces": ["[UNK]", "shock", "##ing", "##ly", "un", "##believ", "##able", "caf"],
                "piece_weights": weights, "intercept": 0.0,
                "calibration": {"method": "temperature", "slope": 2.0, "offset": 0.0, "fitted_on": "test", "rows": 0},
                "training": {}
            });
            BodyModel::from_json(&file.to_string(), "body.json").unwrap()
        };
        // Unigrams that are pieces, that are not, longer than 15 bytes, repeated (the last
        // column holds), and bigrams.
        let grams = serde_json::json!([
            "shock",
            "shockingly",
            "unbelievableshock",
            "they",
            "shockingly",
            "shock unbelievable",
            "shockingly unbelievable",
            "said they",
            "qqq"
        ]);
        let first = model(
            [0.5, 1.0, 0.25, -0.75, 0.125, 2.0, -1.5, 0.3],
            grams.clone(),
        );
        let second = model(
            [0.0, -1.0, 0.5, 0.25, 1.0, -2.0, 0.75, 0.1],
            serde_json::json!(["qqq"]),
        );
        // A whole piece, segmented words (again, so remembered), a word longer than 15 bytes,
        // accents, an unknown word, a word of two runs, a quote, a dateline and sentences.
        let text = "DENVER (AP) — Shock, shockingly unbelievable. Shockingly unbelievable \
                    unbelievableshock shockinglyunbelievable café qqq un-shock! \"Shocking, \
                    shock unbelievable,\" said they. Unbelievable. \"All quoted.\" They said they.";
        let analysis = crate::Analyzer::new().analyze(text);
        let dateline = Some(Span::new(0, text.find('—').unwrap() + '—'.len_utf8()));
        for model in [&first, &second, &first] {
            let words = author_words(&analysis, dateline);
            // Each word segmented, each sentence held to its range.
            let mut word_terms = 0.0;
            model.piece_shares(&analysis, &words, dateline, |_, piece, share| {
                word_terms += model.piece_weights[piece as usize] * share
            });
            let (fast, evidence) = model.author_hits(&analysis, dateline);
            let mut hits: Vec<(u32, usize)> =
                evidence.iter().map(|h| (h.sentence, h.column)).collect();
            hits.sort_unstable();
            hits.dedup();
            for _ in 0..2 {
                let fast = model.author_sentences(&analysis, dateline);
                assert!(
                    (fast.word_terms - word_terms).abs() < 1e-12,
                    "{fast:?} vs {word_terms}"
                );
                assert!(fast.word_terms != 0.0);
                assert_eq!(fast.hits, hits);
                assert_eq!(fast.words, words);
            }
            assert!(!fast.hits.is_empty());
        }
        // The dateline and the quote hold learned n-grams that are not the author's.
        assert!(!first
            .author_sentences(&analysis, dateline)
            .hits
            .iter()
            .any(|&(_, c)| c == 5));
    }

    #[test]
    fn a_body_of_more_new_words_than_the_memo_holds_scores_alike_and_keeps_it_bounded() {
        let file = serde_json::json!({
            "format_version": 1, "target": "body", "grams": ["shock"], "weights": [0.5],
            "pieces": ["[UNK]", "shock", "##ing", "q"], "piece_weights": [0.25, 1.0, -0.5, 2.0],
            "intercept": 0.0,
            "calibration": {"method": "temperature", "slope": 1.0, "offset": 0.0, "fitted_on": "test", "rows": 0},
            "training": {}
        });
        let model = BodyModel::from_json(&file.to_string(), "body.json").unwrap();
        // Distinct words that are no piece: each is segmented, and remembered.
        let word = |mut i: usize| {
            let mut w = String::from("q");
            while i > 0 {
                w.push((b'a' + (i % 26) as u8) as char);
                i /= 26;
            }
            w
        };
        let words: Vec<String> = (0..WORD_MEMO_CAPACITY + 5000).map(word).collect();
        let text = format!("Shocking {}. Shock q.", words.join(" "));
        let analysis = crate::Analyzer::new().analyze(&text);
        let expected = author_words(&analysis, None);
        let mut word_terms = 0.0;
        model.piece_shares(&analysis, &expected, None, |_, piece, share| {
            word_terms += model.piece_weights[piece as usize] * share
        });
        let fast = model.author_sentences(&analysis, None);
        assert!(
            (fast.word_terms - word_terms).abs() < 1e-9,
            "{} vs {word_terms}",
            fast.word_terms
        );
        assert_eq!(fast.words, expected);
        let held = WORD_MEMO.with_borrow(|(_, memo)| memo.len());
        assert!(held <= WORD_MEMO_CAPACITY, "{held}");
    }
}
