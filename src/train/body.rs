//! Training the body model ([`crate::model::body`]) sentence by sentence, and its grouped
//! cross-validation.
//!
//! Data: JSON Lines with a `body`. A record with a sentence label (`label`: `biased` or
//! `loaded` positive, `non-biased` or `neutral` negative; BABE and our own sentences) is one
//! row. A record with `spans` and no sentence label (PTC, BASIL) is split into sentences: a
//! sentence is positive when it overlaps a span of a counted kind ([`COUNTED_SPANS`]) that is
//! not inside a quote (`in_quote` other than `yes`), negative otherwise. Each row's features
//! are the distinct word unigrams and bigrams outside direct quotes, lower-cased: what
//! scoring reads.
//!
//! Folds are grouped: by `outlet` (BABE), by `triplet_uuid` (BASIL's event, covered by three
//! outlets), else by record (a PTC article, one of our sentences), so that no article's
//! sentences, and no BABE outlet, sit on both sides of a fold.

use super::metrics::roc_auc;
use super::solver::{self, Design, FitSettings, Solver};
use super::{grouped_folds, training_date};
use crate::error::{InputError, TrainError};
use crate::features::lexical::{for_each_ngram_tokens, is_learnable};
use crate::features::word_pieces::UNKNOWN;
use crate::model::body::{BodyModelFile, BODY_FORMAT_VERSION};
use crate::model::calibration::Calibration;
use crate::model::sigmoid;
use crate::span::Span;
use crate::Analyzer;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The span kinds that make a sentence loaded: PTC's loaded language, exaggeration, appeal to
/// fear and name-calling (the techniques of wording; repetition, doubt, flag-waving,
/// whataboutism and the rest are argument structure, not sensational language), BASIL's
/// lexical bias, and our own `loaded`.
pub const COUNTED_SPANS: [&str; 6] = [
    "Loaded_Language",
    "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice",
    "Name_Calling,Labeling",
    "lexical_bias",
    "loaded",
];

/// Span kinds that mark a word as loaded without being a sentence's label: BABE's biased
/// words (its annotators' words, located by string match). With [`COUNTED_SPANS`] they teach
/// which words annotators mark ([`BodyParams::marked_word_scale`]).
pub const MARKED_WORD_SPANS: [&str; 1] = ["biased_word"];

/// Sentence labels meaning loaded.
pub const POSITIVE_LABELS: [&str; 2] = ["biased", "loaded"];
/// Sentence labels meaning neutral.
pub const NEGATIVE_LABELS: [&str; 2] = ["non-biased", "neutral"];

/// Hyper-parameters of the body model, validated before fitting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BodyParams {
    /// L2 penalty on the idf-weighted flags' weights (the loss summed over sentences):
    /// strong, chosen by grouped cross-validation (8 → 0.717, 128 → 0.737, 400 → 0.742,
    /// 1200 → 0.737 ROC-AUC on PTC).
    pub alpha: f64,
    /// Fewest training sentences an n-gram must occur in.
    pub min_document_frequency: usize,
    /// Most n-grams kept, by chi-squared on the training sentences.
    pub vocabulary_size: usize,
    /// N-grams in more than this share of the training sentences are not learned (scikit-learn's
    /// `max_df`): function words, looked up in every sentence, say little about wording. At
    /// 0.02 scoring an article takes 6% fewer instructions, for PTC 0.732 → 0.733, BABE 0.697
    /// → 0.689, BASIL 0.665 → 0.644 grouped ROC-AUC.
    pub max_document_share: f64,
    /// Scale of the word-vector columns (0: no word vectors). Each sentence's mean word
    /// vector ([`super::word_vectors`]) is standardised on the training rows and multiplied
    /// by this, so under the one penalty `alpha` it sets how freely the vectors' direction is
    /// learned.
    pub word_vector_scale: f64,
    /// Scale of the marked-word column (0: none). Each word piece's marked rate, how often
    /// the words holding it lie in a span annotators marked (PTC's and BASIL's counted spans,
    /// BABE's biased words) against the training sentences' average, shrunk towards 0 for rare
    /// pieces ([`MARKED_PIECE_PRIOR`]), is worked out on the training rows alone; a sentence's
    /// mean over its author words is one more column, standardised and scaled like the word
    /// vectors'. Its fitted weight folds into the pieces' weights: scoring is unchanged.
    pub marked_word_scale: f64,
    /// Most L-BFGS iterations.
    pub max_iterations: u64,
    /// Folds of the grouped cross-validation.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
}

impl Default for BodyParams {
    fn default() -> Self {
        BodyParams {
            alpha: 400.0,
            min_document_frequency: 2,
            vocabulary_size: 10_000,
            max_document_share: 0.02,
            word_vector_scale: 1.0,
            marked_word_scale: 1.0,
            max_iterations: 300,
            folds: 5,
            seed: 0,
        }
    }
}

impl BodyParams {
    /// Checks every parameter is in range.
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |name, message: &str| {
            Err(TrainError::InvalidParameter {
                name,
                message: message.to_string(),
            })
        };
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return bad("alpha", "must be a positive number");
        }
        if self.min_document_frequency == 0 {
            return bad("min_document_frequency", "must be at least 1");
        }
        if !(self.max_document_share > 0.0 && self.max_document_share <= 1.0) {
            return bad("max_document_share", "must be a share in (0, 1]");
        }
        if !(self.word_vector_scale.is_finite() && self.word_vector_scale >= 0.0) {
            return bad(
                "word_vector_scale",
                "must be a number at least 0 (0: no word vectors)",
            );
        }
        if !(self.marked_word_scale.is_finite() && self.marked_word_scale >= 0.0) {
            return bad(
                "marked_word_scale",
                "must be a number at least 0 (0: no marked-word column)",
            );
        }
        if self.max_iterations == 0 {
            return bad("max_iterations", "must be at least 1");
        }
        if self.folds < 2 {
            return bad("folds", "must be at least 2");
        }
        Ok(())
    }
}

/// One training sentence.
#[derive(Clone, Debug)]
pub struct SentenceRow {
    /// Its distinct n-grams outside quotes, sorted.
    pub grams: Vec<String>,
    /// Its author words' pieces ([`super::word_vectors`]'s vocabulary): `(piece, share)`,
    /// each piece once, shares summed; they sum to 1 over the sentence.
    pub pieces: Vec<(u32, f64)>,
    /// Its author words' pieces as annotated words: `(piece, 1/k for a word of k pieces,
    /// whether the word lies in a marked span)`, repeats kept; empty when its record marks no
    /// words (a sentence labeled whole).
    pub piece_marks: Vec<(u32, f64, bool)>,
    /// True when loaded.
    pub label: bool,
    /// Its group for grouped folds.
    pub group: String,
    /// Which file it came from.
    pub source: usize,
}

/// A sentence data file, as recorded in the model.
#[derive(Clone, Debug, Serialize)]
pub struct SentenceSource {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Records read.
    pub records: usize,
    /// Sentences taken, loaded and neutral.
    pub loaded: usize,
    /// Neutral sentences.
    pub neutral: usize,
    /// What its folds are grouped by.
    pub grouped_by: &'static str,
}

/// Sentences for the body model.
#[derive(Clone, Debug, Default)]
pub struct SentenceData {
    /// Every sentence, in input order.
    pub rows: Vec<SentenceRow>,
    /// The files.
    pub sources: Vec<SentenceSource>,
}

/// The fewest words outside quotes a sentence needs to be a training row: headings, bylines
/// and one-word lines say nothing about wording.
const MIN_AUTHOR_WORDS: usize = 4;

fn record_error(path: &str, line: usize, message: impl Into<String>) -> TrainError {
    TrainError::Record {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

impl SentenceData {
    /// Reads sentence data files (see the module docs); a bad record is an error naming its
    /// file and line.
    pub fn load(analyzer: &Analyzer, paths: &[String]) -> Result<SentenceData, TrainError> {
        super::word_vectors::WordVectors::shipped()?;
        let mut data = SentenceData::default();
        for path in paths {
            let bytes = crate::input::read_bytes(path)?;
            let sha256 = format!("{:x}", Sha256::digest(&bytes));
            let text = String::from_utf8(bytes).map_err(|e| {
                TrainError::Input(InputError::Parse {
                    path: path.clone(),
                    format: "JSON Lines file of sentences",
                    message: format!(
                        "not valid UTF-8 (first bad byte at offset {}): save it as UTF-8",
                        e.utf8_error().valid_up_to()
                    ),
                })
            })?;
            let source = data.sources.len();
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l))
                .filter(|(_, l)| !l.trim().is_empty())
                .collect();
            let parsed: Vec<Result<(Vec<SentenceRow>, &'static str), TrainError>> = lines
                .par_iter()
                .map(|&(line, l)| parse_record(analyzer, path, line, l, source))
                .collect();
            let mut info = SentenceSource {
                path: path.clone(),
                sha256,
                records: 0,
                loaded: 0,
                neutral: 0,
                grouped_by: "record",
            };
            for result in parsed {
                let (rows, grouped_by) = result?;
                info.records += 1;
                info.grouped_by = grouped_by;
                for row in rows {
                    if row.label {
                        info.loaded += 1;
                    } else {
                        info.neutral += 1;
                    }
                    data.rows.push(row);
                }
            }
            if info.records == 0 {
                return Err(InputError::Empty {
                    path: path.clone(),
                    line: None,
                }
                .into());
            }
            data.sources.push(info);
        }
        let positives = data.rows.iter().filter(|r| r.label).count();
        if positives == 0 || positives == data.rows.len() {
            return Err(TrainError::NotTwoClasses {
                found: format!(
                    "{positives} loaded and {} neutral sentences",
                    data.rows.len() - positives
                ),
            });
        }
        Ok(data)
    }
}

/// One record's training sentences and what its folds are grouped by.
fn parse_record(
    analyzer: &Analyzer,
    path: &str,
    line: usize,
    text: &str,
    source: usize,
) -> Result<(Vec<SentenceRow>, &'static str), TrainError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| record_error(path, line, format!("not valid JSON ({e})")))?;
    let field = |name: &str| value.get(name).and_then(|v| v.as_str());
    let body = field("body").ok_or_else(|| {
        record_error(
            path,
            line,
            "no `body`: each record needs the sentence or article text",
        )
    })?;
    let id = field("id")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{path}:{line}"));
    let (group, grouped_by) = match (field("outlet"), field("triplet_uuid")) {
        (Some(outlet), _) => (format!("outlet:{outlet}"), "outlet"),
        (None, Some(event)) => (format!("event:{event}"), "event (triplet_uuid)"),
        _ => (id, "record"),
    };
    let label = field("label").unwrap_or("");
    let sentence_label = if POSITIVE_LABELS.contains(&label) {
        Some(true)
    } else if NEGATIVE_LABELS.contains(&label) {
        Some(false)
    } else {
        None
    };
    // The record's spans: those that make a sentence loaded (`loaded`), and those that mark
    // words (`marked`: the same, and BABE's biased words of 3 bytes or more; shorter ones are
    // letters of phrase markings).
    let spans = value.get("spans").and_then(|s| s.as_array());
    let mut loaded: Vec<(usize, usize)> = Vec::new();
    let mut marked: Vec<(usize, usize)> = Vec::new();
    for (i, span) in spans.into_iter().flatten().enumerate() {
        let kind = span.get("label").and_then(|v| v.as_str()).unwrap_or("");
        let in_quote = span.get("in_quote").and_then(|v| v.as_str()) == Some("yes");
        let counted = COUNTED_SPANS.contains(&kind) && !in_quote;
        if !counted && !MARKED_WORD_SPANS.contains(&kind) {
            continue;
        }
        let byte = |name: &str| span.get(name).and_then(|v| v.as_u64()).map(|v| v as usize);
        let (Some(start), Some(end)) = (byte("start_byte"), byte("end_byte")) else {
            return Err(record_error(
                path,
                line,
                format!(
                    "span {i} has no `start_byte` and `end_byte` (UTF-8 byte offsets into `body`)"
                ),
            ));
        };
        if start >= end || end > body.len() {
            return Err(record_error(
                path,
                line,
                format!(
                    "span {i} [{start}, {end}) does not lie in the body ({} bytes)",
                    body.len()
                ),
            ));
        }
        if counted {
            loaded.push((start, end));
        }
        if counted || end - start >= 3 {
            marked.push((start, end));
        }
    }
    let marks = spans.map(|_| marked.as_slice());
    let make = |mut g: Vec<String>,
                mut pieces: Vec<(u32, f64)>,
                piece_marks: Vec<(u32, f64, bool)>,
                label: bool| {
        g.sort();
        g.dedup();
        pieces.sort_unstable_by_key(|p| p.0);
        let pieces = pieces
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (run[0].0, run.iter().map(|p| p.1).sum()))
            .collect();
        SentenceRow {
            grams: g,
            pieces,
            piece_marks,
            label,
            group: group.clone(),
            source,
        }
    };
    if let Some(label) = sentence_label {
        // One labeled sentence (a splitter may see two): one row.
        let sentences = author_sentences(analyzer, body, 0, marks);
        if sentences.iter().all(|s| s.author_words == 0) {
            return Ok((Vec::new(), grouped_by));
        }
        // Its pieces' shares: each sentence's sum to 1, so halved across two.
        let parts = sentences.iter().filter(|s| s.author_words > 0).count() as f64;
        let mut grams = Vec::new();
        let mut pieces = Vec::new();
        let mut piece_marks = Vec::new();
        for s in sentences {
            grams.extend(s.grams);
            pieces.extend(s.pieces.into_iter().map(|(p, w)| (p, w / parts)));
            piece_marks.extend(s.piece_marks);
        }
        return Ok((vec![make(grams, pieces, piece_marks, label)], grouped_by));
    }
    if spans.is_none() {
        return Err(record_error(
            path,
            line,
            format!(
                "label `{label}` is not a sentence label ({} loaded; {} neutral) and the record has no `spans`",
                POSITIVE_LABELS.join(", "),
                NEGATIVE_LABELS.join(", ")
            ),
        ));
    }
    // PTC's first line is the headline, not a body sentence.
    let body_from = if field("dataset").is_some_and(|d| d.starts_with("ptc")) {
        body.find("\n\n").unwrap_or(0)
    } else {
        0
    };
    // A line break ends a sentence here (PTC gives one sentence per line, BASIL one
    // paragraph), whatever a splitter for running text would make of it.
    let mut rows = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        for sentence in author_sentences(analyzer, line, offset, marks) {
            let (s, e) = (sentence.span.start, sentence.span.end);
            if sentence.author_words >= MIN_AUTHOR_WORDS && s >= body_from {
                let positive = loaded.iter().any(|&(a, b)| a < e && s < b);
                rows.push(make(
                    sentence.grams,
                    sentence.pieces,
                    sentence.piece_marks,
                    positive,
                ));
            }
        }
        offset += line.len();
    }
    Ok((rows, grouped_by))
}

/// A sentence as training reads it.
struct AuthorSentence {
    /// Where it is, `offset` added.
    span: Span,
    /// Its n-grams outside direct quotes (repeats kept).
    grams: Vec<String>,
    /// Its author words' pieces with their shares (repeats kept).
    pieces: Vec<(u32, f64)>,
    /// Its author words' pieces, each with `1/k` for a word of `k` pieces and whether the word
    /// overlaps a marked span (empty when no spans were given).
    piece_marks: Vec<(u32, f64, bool)>,
    /// Its words outside direct quotes.
    author_words: usize,
}

/// The sentences of `text` (which starts at byte `offset` of its record's body), each with
/// the n-grams scoring reads from it: words outside direct quotes. `marks`, when the record
/// marks words, are its marked spans (bytes of the record's body).
fn author_sentences(
    analyzer: &Analyzer,
    text: &str,
    offset: usize,
    marks: Option<&[(usize, usize)]>,
) -> Vec<AuthorSentence> {
    let analysis = analyzer.analyze(text);
    // As scoring reads a body: a dateline opening it is not the author's wording.
    let dateline = if offset == 0 {
        crate::article::lede::dateline(text)
    } else {
        None
    };
    let by_author = |t: &crate::text::Token| crate::model::body::by_author(t, dateline);
    let mut out: Vec<AuthorSentence> = analysis
        .sentences
        .iter()
        .map(|s| AuthorSentence {
            span: Span::new(s.span.start + offset, s.span.end + offset),
            grams: Vec::new(),
            pieces: Vec::new(),
            piece_marks: Vec::new(),
            author_words: 0,
        })
        .collect();
    let words = crate::model::body::author_words(&analysis, dateline);
    for (s, &w) in out.iter_mut().zip(&words) {
        s.author_words = w as usize;
    }
    if let Ok(vectors) = super::word_vectors::WordVectors::shipped() {
        crate::model::body::for_each_author_piece(
            vectors.pieces(),
            &analysis,
            &words,
            dateline,
            |token, piece, share| {
                let t = &analysis.tokens[token];
                let sentence = &mut out[t.sentence as usize];
                sentence.pieces.push((piece, share));
                if let Some(marks) = marks {
                    let (s, e) = (t.span.start + offset, t.span.end + offset);
                    let marked = marks.iter().any(|&(a, b)| a < e && s < b);
                    let of_word = share * words[t.sentence as usize] as f64;
                    sentence.piece_marks.push((piece, of_word, marked));
                }
            },
        );
    }
    for_each_ngram_tokens(&analysis, |gram, first, last| {
        let (first, last) = (&analysis.tokens[first], &analysis.tokens[last]);
        if by_author(first) && by_author(last) {
            out[first.sentence as usize].grams.push(gram.to_string());
        }
    });
    out
}

/// The quantiles of the training sentences' mean word scores that bound a sentence's in
/// scoring.
const WORD_SCORE_QUANTILES: [f64; 2] = [0.01, 0.99];

/// A fitted body model's parameters.
struct BodyFit {
    grams: Vec<String>,
    weights: Vec<f64>,
    /// One weight per piece of the word vectors' vocabulary (empty: none).
    piece_weights: Vec<f64>,
    /// The training sentences' range of mean word scores.
    word_score_range: Option<[f64; 2]>,
    intercept: f64,
}

impl BodyFit {
    fn logit(&self, index: &HashMap<&str, usize>, row: &SentenceRow) -> f64 {
        let words: f64 = if self.piece_weights.is_empty() {
            0.0
        } else {
            let mean: f64 = row
                .pieces
                .iter()
                .map(|&(p, share)| self.piece_weights[p as usize] * share)
                .sum();
            match self.word_score_range {
                Some([low, high]) => mean.clamp(low, high),
                None => mean,
            }
        };
        self.intercept
            + row
                .grams
                .iter()
                .filter_map(|g| index.get(g.as_str()))
                .map(|&j| self.weights[j])
                .sum::<f64>()
            + words
    }

    fn index(&self) -> HashMap<&str, usize> {
        self.grams
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect()
    }
}

/// Fits the vocabulary and weights on `rows` only.
fn fit_rows(
    data: &SentenceData,
    rows: &[usize],
    params: &BodyParams,
) -> Result<BodyFit, TrainError> {
    let n = rows.len() as f64;
    let mut counts: HashMap<&str, [u32; 2]> = HashMap::new();
    let mut totals = [0f64; 2];
    for &r in rows {
        let row = &data.rows[r];
        totals[row.label as usize] += 1.0;
        for g in &row.grams {
            counts.entry(g.as_str()).or_default()[row.label as usize] += 1;
        }
    }
    let mut scored: Vec<(f64, &str)> = counts
        .into_iter()
        .filter(|(g, c)| {
            let df = (c[0] + c[1]) as usize;
            df >= params.min_document_frequency
                && df as f64 <= params.max_document_share * n
                && is_learnable(g)
        })
        .map(|(g, c)| {
            let (a, b) = (c[1] as f64, c[0] as f64);
            let (cc, d) = (totals[1] - a, totals[0] - b);
            let denom = (a + b) * (cc + d) * (a + cc) * (b + d);
            let chi2 = if denom == 0.0 {
                0.0
            } else {
                n * (a * d - b * cc).powi(2) / denom
            };
            (chi2, g)
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
    scored.truncate(params.vocabulary_size);
    let mut grams: Vec<String> = scored.into_iter().map(|(_, g)| g.to_string()).collect();
    grams.sort();
    let index: HashMap<&str, usize> = grams
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    // Each flag is weighted by its inverse document frequency on the training rows,
    // `ln((1 + n)/(1 + df)) + 1`: under a strong penalty, rare n-grams (the telling ones)
    // are spared. A constant per n-gram, folded into its stored weight: scoring reads flags.
    let mut df = vec![0usize; grams.len()];
    for &r in rows {
        for g in &data.rows[r].grams {
            if let Some(&j) = index.get(g.as_str()) {
                df[j] += 1;
            }
        }
    }
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0)
        .collect();
    // Each sentence's mean word vector, standardised on these rows and scaled: dense columns
    // after the n-grams'.
    let vectors = if params.word_vector_scale > 0.0 {
        Some(super::word_vectors::WordVectors::shipped()?)
    } else {
        None
    };
    let dims = vectors.map_or(0, |v| v.dims());
    let mean_vector = |row: &SentenceRow| -> Vec<f64> {
        let mut x = vec![0.0; dims];
        if let Some(v) = vectors {
            for &(p, share) in &row.pieces {
                for (x, e) in x.iter_mut().zip(v.vector(p)) {
                    *x += share * *e as f64;
                }
            }
        }
        x
    };
    let means: Vec<Vec<f64>> = rows.iter().map(|&r| mean_vector(&data.rows[r])).collect();
    let mut centre = vec![0.0; dims];
    let mut spread = vec![0.0; dims];
    for x in &means {
        for k in 0..dims {
            centre[k] += x[k] / n;
        }
    }
    for x in &means {
        for k in 0..dims {
            spread[k] += (x[k] - centre[k]).powi(2) / n;
        }
    }
    // Column k's value per unit of the mean vector's dimension k.
    let per_unit: Vec<f64> = spread
        .iter()
        .map(|v| {
            let sd = v.sqrt();
            if sd > 0.0 {
                params.word_vector_scale / sd
            } else {
                0.0
            }
        })
        .collect();
    // The marked-word column: each sentence's mean marked rate over its author words,
    // standardised on these rows and scaled, after the vectors' columns.
    let marked_rates = if params.marked_word_scale > 0.0 {
        marked_rates(data, rows, super::word_vectors::WordVectors::shipped()?)
    } else {
        Vec::new()
    };
    let marked_of = |row: &SentenceRow| -> f64 {
        row.pieces
            .iter()
            .map(|&(p, share)| marked_rates[p as usize] * share)
            .sum()
    };
    let (marked_centre, marked_per_unit) = if marked_rates.is_empty() {
        (0.0, 0.0)
    } else {
        let values: Vec<f64> = rows.iter().map(|&r| marked_of(&data.rows[r])).collect();
        let centre = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|v| (v - centre).powi(2)).sum::<f64>() / n).sqrt();
        let per_unit = if sd > 0.0 {
            params.marked_word_scale / sd
        } else {
            0.0
        };
        (centre, per_unit)
    };
    let marked_column = (!marked_rates.is_empty()).then_some(grams.len() + dims);
    let mut design = Design::new(grams.len() + dims + marked_column.map_or(0, |_| 1));
    for (i, &r) in rows.iter().enumerate() {
        let row = &data.rows[r];
        let present = row
            .grams
            .iter()
            .filter_map(|g| index.get(g.as_str()))
            .map(|&j| (j, idf[j]));
        let dense = (0..dims).map(|k| (grams.len() + k, (means[i][k] - centre[k]) * per_unit[k]));
        let marked = marked_column
            .map(|j| (j, (marked_of(row) - marked_centre) * marked_per_unit))
            .into_iter();
        design.push_row(present.chain(dense).chain(marked), row.label);
    }
    let settings = FitSettings {
        alpha: params.alpha,
        max_iterations: params.max_iterations,
        gradient_tolerance: 1e-4 * n,
        solver: Solver::Sparse,
        prior: None,
    };
    let (weights, mut intercept) = solver::fit(&design, settings)?;
    // The direction in vector space, per unit of the raw mean vector; its centring folds into
    // the intercept, and each piece's weight is its vector's dot product with it.
    let direction: Vec<f64> = (0..dims)
        .map(|k| weights[grams.len() + k] * per_unit[k])
        .collect();
    intercept -= direction
        .iter()
        .zip(&centre)
        .map(|(d, c)| d * c)
        .sum::<f64>();
    let mut piece_weights: Vec<f64> = match vectors {
        Some(v) => (0..v.pieces().len() as u32)
            .map(|p| {
                v.vector(p)
                    .iter()
                    .zip(&direction)
                    .map(|(e, d)| *e as f64 * d)
                    .sum()
            })
            .collect(),
        None => Vec::new(),
    };
    // The marked-word column's weight, per unit of a sentence's mean marked rate, is each
    // piece's rate times it: a word's score gains its pieces' share, exactly.
    if let Some(j) = marked_column {
        let per_rate = weights[j] * marked_per_unit;
        intercept -= per_rate * marked_centre;
        piece_weights.resize(marked_rates.len(), 0.0);
        for (t, m) in piece_weights.iter_mut().zip(&marked_rates) {
            *t += per_rate * m;
        }
    }
    // Centred so that the average training sentence's words score 0: each sentence's shares
    // sum to 1, so this moves every sentence's logit by the same amount, which the intercept
    // takes back. A common word then scores near 0, and a word's sign says which way it leans.
    let mut word_score_range = None;
    let piece_weights: Vec<f64> = if piece_weights.is_empty() {
        piece_weights
    } else {
        let means = |t: &[f64]| -> Vec<f64> {
            rows.iter()
                .map(|&r| {
                    data.rows[r]
                        .pieces
                        .iter()
                        .map(|&(p, share)| t[p as usize] * share)
                        .sum::<f64>()
                })
                .collect()
        };
        let average = means(&piece_weights).iter().sum::<f64>() / n;
        intercept += average;
        let mut centred: Vec<f64> = piece_weights.iter().map(|t| t - average).collect();
        // The unknown piece (a word no pieces spell) says nothing about wording: it scores as
        // the average word.
        let shipped = super::word_vectors::WordVectors::shipped()?;
        if let Some(unknown) = shipped.pieces().get(UNKNOWN) {
            centred[unknown as usize] = 0.0;
        }
        // The range scoring holds a sentence to (see `BodyModelFile::word_score_range`): the
        // training sentences' 1st to 99th percentile. Their extremes are short sentences of a
        // few loaded words; the middle 98% is where the vectors' direction was learned.
        let mut sorted = means(&centred);
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
        word_score_range = Some([at(WORD_SCORE_QUANTILES[0]), at(WORD_SCORE_QUANTILES[1])]);
        centred
    };
    let weights = weights.iter().zip(&idf).map(|(w, f)| w * f).collect();
    Ok(BodyFit {
        grams,
        weights,
        piece_weights,
        word_score_range,
        intercept,
    })
}

/// How many occurrences of the average marked rate a piece's own rate starts from: a piece
/// seen in few annotated words keeps a rate near the average (0 after centring).
pub const MARKED_PIECE_PRIOR: f64 = 5.0;

/// Each piece's marked rate on `rows` that mark words: the share of its occurrences (a piece
/// of a `k`-piece word counting `1/k`) in marked words, shrunk towards the average rate by
/// [`MARKED_PIECE_PRIOR`] occurrences, less that average. One entry per piece of `vectors`.
fn marked_rates(
    data: &SentenceData,
    rows: &[usize],
    vectors: &super::word_vectors::WordVectors,
) -> Vec<f64> {
    let pieces = vectors.pieces().len();
    let mut seen = vec![0.0; pieces];
    let mut marked = vec![0.0; pieces];
    for &r in rows {
        for &(p, of_word, is_marked) in &data.rows[r].piece_marks {
            seen[p as usize] += of_word;
            if is_marked {
                marked[p as usize] += of_word;
            }
        }
    }
    let total: f64 = seen.iter().sum();
    let average = if total > 0.0 {
        marked.iter().sum::<f64>() / total
    } else {
        0.0
    };
    seen.iter()
        .zip(&marked)
        .map(|(s, m)| (m + MARKED_PIECE_PRIOR * average) / (s + MARKED_PIECE_PRIOR) - average)
        .collect()
}

/// One source's held-out figures.
#[derive(Clone, Debug, Serialize)]
pub struct SourceFigures {
    /// The file.
    pub path: String,
    /// What its folds are grouped by.
    pub grouped_by: &'static str,
    /// Held-out sentences.
    pub sentences: usize,
    /// ROC-AUC of each fold on this source's held-out sentences.
    pub per_fold_roc_auc: Vec<f64>,
    /// Their mean.
    pub mean_roc_auc: f64,
    /// Their standard deviation.
    pub sd_roc_auc: f64,
    /// ROC-AUC over every held-out sentence of this source, pooled.
    pub pooled_roc_auc: f64,
}

/// Grouped cross-validation of the body model.
#[derive(Clone, Debug, Serialize)]
pub struct BodyCrossValidation {
    /// Folds.
    pub folds: usize,
    /// Seed.
    pub seed: u64,
    /// Figures per source file.
    pub sources: Vec<SourceFigures>,
    /// Each source held out whole: `(path, sentences, ROC-AUC)` of a model fitted on the
    /// other sources.
    pub cross_corpus: Vec<(String, usize, f64)>,
}

/// Grouped k-fold cross-validation: every source's groups dealt to folds, vocabulary and
/// weights fitted on the training folds alone, each source's held-out sentences scored.
pub fn cross_validate(
    data: &SentenceData,
    params: &BodyParams,
) -> Result<BodyCrossValidation, TrainError> {
    params.validate()?;
    let labels: Vec<bool> = data.rows.iter().map(|r| r.label).collect();
    let groups: Vec<String> = data
        .rows
        .iter()
        .map(|r| format!("{}/{}", r.source, r.group))
        .collect();
    let fold_of = grouped_folds(&labels, &groups, params.folds, params.seed);
    let fits: Vec<Result<(usize, BodyFit), TrainError>> = (0..params.folds)
        .into_par_iter()
        .map(|k| {
            let train: Vec<usize> = (0..labels.len()).filter(|&i| fold_of[i] != k).collect();
            fit_rows(data, &train, params).map(|f| (k, f))
        })
        .collect();
    let mut held_out = vec![0.0; labels.len()];
    for fit in fits {
        let (k, fit) = fit?;
        let index = fit.index();
        for i in (0..labels.len()).filter(|&i| fold_of[i] == k) {
            held_out[i] = fit.logit(&index, &data.rows[i]);
        }
    }
    let sources = data
        .sources
        .iter()
        .enumerate()
        .map(|(s, info)| {
            let of = |k: Option<usize>| -> Vec<(f64, bool)> {
                (0..labels.len())
                    .filter(|&i| data.rows[i].source == s && k.is_none_or(|k| fold_of[i] == k))
                    .map(|i| (sigmoid(held_out[i]), labels[i]))
                    .collect()
            };
            let per_fold: Vec<f64> = (0..params.folds)
                .map(|k| of(Some(k)))
                .filter(|scored| scored.iter().any(|s| s.1) && scored.iter().any(|s| !s.1))
                .map(|scored| roc_auc(&scored))
                .collect();
            let mean = per_fold.iter().sum::<f64>() / per_fold.len().max(1) as f64;
            let sd = (per_fold.iter().map(|a| (a - mean).powi(2)).sum::<f64>()
                / per_fold.len().max(1) as f64)
                .sqrt();
            let pooled = of(None);
            SourceFigures {
                path: info.path.clone(),
                grouped_by: info.grouped_by,
                sentences: pooled.len(),
                per_fold_roc_auc: per_fold,
                mean_roc_auc: mean,
                sd_roc_auc: sd,
                pooled_roc_auc: roc_auc(&pooled),
            }
        })
        .collect();
    type HeldOut = Result<Option<(String, usize, f64)>, TrainError>;
    let held_out: Vec<HeldOut> = data
        .sources
        .par_iter()
        .enumerate()
        .map(|(s, info)| {
            let (test, train): (Vec<usize>, Vec<usize>) =
                (0..labels.len()).partition(|&i| data.rows[i].source == s);
            let positives = test.iter().filter(|&&i| labels[i]).count();
            if train.is_empty() || positives == 0 || positives == test.len() {
                return Ok(None);
            }
            let fit = fit_rows(data, &train, params)?;
            let index = fit.index();
            let scored: Vec<(f64, bool)> = test
                .iter()
                .map(|&i| (fit.logit(&index, &data.rows[i]), labels[i]))
                .collect();
            Ok(Some((info.path.clone(), test.len(), roc_auc(&scored))))
        })
        .collect();
    let mut cross_corpus = Vec::new();
    for h in held_out {
        cross_corpus.extend(h?);
    }
    Ok(BodyCrossValidation {
        folds: params.folds,
        seed: params.seed,
        sources,
        cross_corpus,
    })
}

/// Trains the body model on every sentence, with its cross-validation recorded (and returned).
pub fn train(
    data: &SentenceData,
    params: &BodyParams,
) -> Result<(BodyModelFile, BodyCrossValidation), TrainError> {
    params.validate()?;
    let cv = cross_validate(data, params)?;
    let all: Vec<usize> = (0..data.rows.len()).collect();
    let fit = fit_rows(data, &all, params)?;
    // Keep only n-grams that move a score: a zero weight is dead weight in the file.
    let (grams, weights): (Vec<String>, Vec<f64>) = fit
        .grams
        .into_iter()
        .zip(fit.weights)
        .filter(|(_, w)| w.abs() >= 1e-4)
        .unzip();
    let mut by_source = BTreeMap::new();
    for s in &data.sources {
        by_source.insert(s.path.clone(), (s.loaded, s.neutral));
    }
    // Every piece the segmentation can give ([UNK] and pieces without brackets), so that
    // scoring segments words as training did.
    let (pieces, piece_weights, word_vectors) = if fit.piece_weights.is_empty() {
        (Vec::new(), Vec::new(), None)
    } else {
        let vectors = super::word_vectors::WordVectors::shipped()?;
        let (pieces, weights): (Vec<String>, Vec<f64>) = vectors
            .pieces()
            .pieces()
            .zip(&fit.piece_weights)
            .filter(|(p, _)| !p.starts_with('[') || *p == UNKNOWN)
            .map(|(p, w)| (p.to_string(), *w))
            .unzip();
        let record = serde_json::json!({
            "path": super::word_vectors::PATH,
            "sha256": vectors.sha256(),
            "dims": vectors.dims(),
            "source": "all-MiniLM-L6-v2 input embeddings (sentence-transformers, Apache-2.0), principal components, int8",
        });
        (pieces, weights, Some(record))
    };
    let file = BodyModelFile {
        format_version: BODY_FORMAT_VERSION,
        target: "body".into(),
        grams,
        weights,
        pieces,
        piece_weights,
        word_score_range: fit.word_score_range,
        intercept: fit.intercept,
        calibration: Calibration::identity(),
        training: serde_json::json!({
            "hypecheck_version": env!("CARGO_PKG_VERSION"),
            "date": training_date(),
            "data": data.sources,
            "counted_spans": COUNTED_SPANS,
            "sentence_labels": { "loaded": POSITIVE_LABELS, "neutral": NEGATIVE_LABELS },
            "hyperparameters": params,
            "word_vectors": word_vectors,
            "cross_validation": cv,
        }),
    };
    Ok((file, cv))
}
