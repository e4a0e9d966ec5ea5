//! Training and cross-validation: learned n-gram vocabulary, standardisation, the
//! logistic-regression fit ([`solver`]) and calibration, all fitted on the training rows only.
//!
//! This stage sits above the pipeline: it drives [`crate::Analyzer`] over labeled data and
//! writes a [`crate::model::ModelFile`]; [`crate::model`] only loads and scores one.

pub mod body;
pub mod evaluate;
pub mod judgments;
pub mod metrics;
pub mod priors;
pub mod solver;
pub mod word_vectors;

use crate::error::{InputError, TrainError};
use crate::features::lexical::{
    for_each_char_gram, for_each_ngram_tokens, has_quoted_word, is_learnable, parse_char_name,
    prefix, CHAR_PREFIX,
};
use crate::features::{Family, Feature, Part, PartsPresent};
use crate::input::{self, InputFormat};
use crate::model::calibration::{Calibration, CalibrationMethod};
use crate::model::{
    sigmoid, standardize, Model, ModelFile, PartWeight, PartWeights, Target, Transform,
    FORMAT_VERSION,
};
use crate::Analyzer;
use metrics::Metrics;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use solver::{Design, FitSettings, Prior, Solver};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Hyper-parameters, validated before fitting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrainParams {
    /// L2 penalty on the standardised weights (linfa-logistic's `alpha`: the loss is summed,
    /// not averaged, so this is scikit-learn's `1/C`).
    pub alpha: f64,
    /// Most L-BFGS iterations.
    pub max_iterations: u64,
    /// Most n-grams kept, ranked by chi-squared on the training rows.
    pub vocabulary_size: usize,
    /// L-BFGS stops when the gradient norm of the mean loss falls below this (the solver's
    /// tolerance is on the summed loss, so it is scaled by the row count when fitting).
    pub gradient_tolerance: f64,
    /// Fewest training rows an n-gram must occur in to be kept.
    pub min_document_frequency: usize,
    /// Folds of the stratified cross-validation recorded in the model.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Which code minimises the loss.
    pub solver: Solver,
    /// Weight each n-gram flag by its naive-Bayes log-count ratio on the training rows.
    pub log_count_ratio: bool,
    /// Weight each n-gram flag by its inverse document frequency on the training rows,
    /// `ln((1 + n) / (1 + df)) + 1` (scikit-learn's smoothed idf), when `log_count_ratio` is
    /// off: a fixed scale per column, so a present n-gram's contribution stays one number.
    pub idf: bool,
    /// A present character n-gram's flag value relative to a word n-gram's (both times their
    /// idf): below 1, the same penalty holds the many, overlapping character n-grams back
    /// harder than words.
    pub char_ngram_value: f64,
    /// How many times `alpha` the penalty on each n-gram weight is (1: the same as on the
    /// hand-crafted features). Quality's n-grams are mostly topics and outlets' habits, so they
    /// are held back harder than its documented features.
    pub ngram_strength: f64,
    /// How the model is calibrated: on the out-of-fold logits of the cross-validation (in
    /// cross-validation itself, on inner folds of each training fold, so the held-out fold
    /// never reaches it).
    pub calibration: CalibrationPlan,
    /// Priors replacing the target's shipped ones (`models/priors/TARGET.tsv`); `None`: the
    /// shipped ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priors: Option<priors::Priors>,
}

/// Which calibration training fits, on which out-of-fold logits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationPlan {
    /// None: probabilities are the model's own.
    None,
    /// Platt scaling on every row's out-of-fold logit.
    Platt,
    /// Temperature scaling on the out-of-fold logits of the rows with a body (whole
    /// articles): what the model scores in use, while its wording is learned from headlines.
    /// The decision boundary is kept, so headline labels do not change.
    TemperatureOnArticles,
}

impl CalibrationPlan {
    fn method(self) -> Option<CalibrationMethod> {
        match self {
            CalibrationPlan::None => None,
            CalibrationPlan::Platt => Some(CalibrationMethod::Platt),
            CalibrationPlan::TemperatureOnArticles => Some(CalibrationMethod::Temperature),
        }
    }

    fn admits(self, e: &Example) -> bool {
        self != CalibrationPlan::TemperatureOnArticles || e.parts.body
    }

    /// Fits the calibration on `(row, logit)` pairs; the identity when there is none to fit.
    fn fit(self, data: &TrainingData, rows: &[(usize, f64)], what: &str) -> Calibration {
        let Some(method) = self.method() else {
            return Calibration::identity();
        };
        let scored: Vec<(f64, bool)> = rows
            .iter()
            .filter(|(r, _)| self.admits(&data.examples[*r]))
            .map(|&(r, l)| (l, data.examples[r].label))
            .collect();
        let positives = scored.iter().filter(|s| s.1).count();
        if positives == 0 || positives == scored.len() {
            return Calibration::identity();
        }
        let on = match self {
            CalibrationPlan::TemperatureOnArticles => "whole articles' ",
            _ => "",
        };
        Calibration::fit(
            &scored,
            method,
            &format!("{on}out-of-fold logits of {what}"),
        )
    }
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            alpha: 4.0,
            max_iterations: 300,
            gradient_tolerance: 1e-4,
            vocabulary_size: 3000,
            min_document_frequency: 3,
            folds: 5,
            seed: 0,
            solver: Solver::Sparse,
            log_count_ratio: false,
            idf: false,
            char_ngram_value: 1.0,
            ngram_strength: 1.0,
            calibration: CalibrationPlan::Platt,
            priors: None,
        }
    }
}

impl TrainParams {
    /// The defaults for a target, chosen by cross-validation on the shared corpora (see the
    /// README): the 32k-headline corpus bears a weaker penalty and a larger vocabulary than
    /// the 326 articles.
    pub fn for_target(target: Target) -> TrainParams {
        match target {
            // Word unigrams and bigrams and character 2- to 5-grams inside words, as idf-weighted
            // flags (a character n-gram's at 0.7), the 40,000 of highest chi-squared: 0.9821
            // (0.9822 sentence-cased) in the 5-fold CV where naive-Bayes-weighted word n-grams
            // alone had 0.9774; 80,000 gave 0.9823, 20,000 0.9810 (docs/methodology.md).
            Target::Headline => TrainParams {
                alpha: 20.0,
                vocabulary_size: 40_000,
                min_document_frequency: 2,
                idf: true,
                char_ngram_value: 0.7,
                ..TrainParams::default()
            },
            // The article model: the headline and body parts and the body's hype markers,
            // no wording of its own. Article n-grams learned from one corpus's labels do not
            // carry to another's: with 20,000 of them, hyperpartisan held out whole fell from
            // 0.710 to 0.577 ROC-AUC and horne2017 from 0.662 to 0.515, and scoring took 18%
            // more time.
            Target::Sensationalism => TrainParams {
                alpha: 16.0,
                vocabulary_size: 0,
                ..TrainParams::default()
            },
            Target::Quality | Target::Body => TrainParams {
                alpha: 4.0,
                vocabulary_size: 2000,
                // Chosen by the grouped cross-validation (1, 3, 10, 30: pooled ROC-AUC 0.845,
                // 0.850, 0.852, 0.848); see the README.
                ngram_strength: 10.0,
                ..TrainParams::default()
            },
        }
    }

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
        if !(self.char_ngram_value.is_finite() && self.char_ngram_value > 0.0) {
            return bad("char_ngram_value", "must be a positive number");
        }
        if !(self.ngram_strength.is_finite() && self.ngram_strength > 0.0) {
            return bad("ngram_strength", "must be a positive number");
        }
        if self.max_iterations == 0 {
            return bad("max_iterations", "must be at least 1");
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return bad("gradient_tolerance", "must be a positive number");
        }
        if self.min_document_frequency == 0 {
            return bad("min_document_frequency", "must be at least 1");
        }
        if self.folds < 2 {
            return bad("folds", "must be at least 2");
        }
        Ok(())
    }
}

/// One labeled training example, featurized.
#[derive(Clone, Debug)]
pub struct Example {
    /// Hand-crafted feature values, in [`Feature::ALL`] order.
    pub values: Vec<f64>,
    /// Distinct lexical feature names present (`lex.title:...`, `lex.body:...`).
    pub grams: Vec<String>,
    /// Which parts the article has: features of a missing part are left out.
    pub parts: PartsPresent,
    /// True for the positive class.
    pub label: bool,
    /// The label as written in the data (`fake`, `satire`...), for per-label subsets.
    pub label_name: String,
    /// Its group for grouped folds: the web site of its `url` where it has one (an outlet or
    /// domain), else the record itself. No group is on both sides of a fold.
    pub group: String,
    /// Which input file it came from (an index into [`TrainingData::sources`]).
    pub source: usize,
    /// Inputs from other models, for a composed model: the headline and body parts' logits
    /// of an article model of sensationalism (`None` where the article lacks the part).
    /// Empty for every other model.
    pub part_logits: Vec<Option<f64>>,
}

/// Where training data came from, recorded in the model.
#[derive(Clone, Debug, Serialize)]
pub struct DataSource {
    /// The path as given.
    pub path: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Records read.
    pub rows: usize,
    /// Records per label; records skipped are counted under `(skipped)`.
    pub labels: BTreeMap<String, usize>,
    /// The lines of records skipped because they have no text at all (a corpus's empty
    /// record): `train` names them on stderr.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub no_text_lines: Vec<usize>,
}

/// Featurized, labeled data for one target.
#[derive(Clone, Debug)]
pub struct TrainingData {
    /// The target.
    pub target: Target,
    /// The examples, in input order.
    pub examples: Vec<Example>,
    /// The files they came from.
    pub sources: Vec<DataSource>,
}

impl TrainingData {
    /// Reads labeled JSON Lines files and featurizes every record. Any bad record is an error
    /// naming its file and line: training on silently skipped data would be worse. Two kinds
    /// of record are skipped, and said so: a record with no text at all (listed in
    /// [`DataSource::no_text_lines`]) and a label the target sets aside
    /// ([`Target::skipped_labels`]); both are counted under `(skipped)`.
    pub fn load(
        analyzer: &Analyzer,
        target: Target,
        paths: &[String],
    ) -> Result<TrainingData, TrainError> {
        TrainingData::load_with(analyzer, target, paths, |_| {})
    }

    /// Like [`TrainingData::load`], changing each article with `transform` before featurizing
    /// (evaluation uses it to re-case headlines).
    pub fn load_with(
        analyzer: &Analyzer,
        target: Target,
        paths: &[String],
        transform: impl Fn(&mut crate::Article) + Sync,
    ) -> Result<TrainingData, TrainError> {
        TrainingData::load_composed(analyzer, target, paths, transform, |_| Vec::new())
    }

    /// Like [`TrainingData::load_with`], with each example's part logits from `parts` (the
    /// headline and body models' logits, for the article model of sensationalism).
    pub fn load_composed(
        analyzer: &Analyzer,
        target: Target,
        paths: &[String],
        transform: impl Fn(&mut crate::Article) + Sync,
        parts: impl Fn(&crate::Article) -> Vec<Option<f64>> + Sync,
    ) -> Result<TrainingData, TrainError> {
        let mut records = Vec::new();
        let mut sources = Vec::new();
        for path in paths {
            let bytes = input::read_bytes(path)?;
            let sha256 = format!("{:x}", Sha256::digest(&bytes));
            let mut labels = BTreeMap::new();
            let mut rows = 0;
            let mut skipped = 0;
            let mut no_text_lines = Vec::new();
            for record in input::open(path, Some(InputFormat::Jsonl))? {
                let record = match keep(target, record)? {
                    Kept::Use(record) => record,
                    Kept::NoText(line) => {
                        skipped += 1;
                        no_text_lines.push(line);
                        continue;
                    }
                    Kept::SetAside => {
                        skipped += 1;
                        continue;
                    }
                };
                let (label, class) = labeled_class(target, path, &record)?;
                *labels.entry(label.clone()).or_insert(0) += 1;
                rows += 1;
                let group = group_of(&record);
                records.push((record.article, class, label, group, sources.len()));
            }
            if skipped > 0 {
                labels.insert("(skipped)".to_string(), skipped);
            }
            if rows == 0 {
                return Err(InputError::Empty {
                    path: path.clone(),
                    line: None,
                }
                .into());
            }
            sources.push(DataSource {
                path: path.clone(),
                sha256,
                rows,
                labels,
                no_text_lines,
            });
        }
        let examples = records
            .into_par_iter()
            .map(|(mut article, class, label, group, source)| {
                transform(&mut article);
                let mut e = featurize(analyzer, target, &article, class);
                e.part_logits = parts(&article);
                e.label_name = label;
                e.group = group;
                e.source = source;
                e
            })
            .collect();
        let data = TrainingData {
            target,
            examples,
            sources,
        };
        data.check_two_classes()?;
        Ok(data)
    }

    fn check_two_classes(&self) -> Result<(), TrainError> {
        let positives = self.examples.iter().filter(|e| e.label).count();
        let negatives = self.examples.len() - positives;
        if positives == 0 || negatives == 0 {
            let skipped: Vec<String> = self
                .sources
                .iter()
                .flat_map(|s| {
                    s.no_text_lines
                        .iter()
                        .map(move |l| format!("{}:{l}", s.path))
                })
                .collect();
            let skipped = match skipped.len() {
                0 => String::new(),
                n => format!(
                    " ({n} record(s) with no text skipped: {})",
                    skipped.join(", ")
                ),
            };
            return Err(TrainError::NotTwoClasses {
                found: format!("{positives} positive and {negatives} negative records{skipped}"),
            });
        }
        Ok(())
    }

    /// The examples whose label is one of `labels`, as a new data set.
    pub fn subset(&self, labels: &[&str]) -> TrainingData {
        TrainingData {
            target: self.target,
            examples: self
                .examples
                .iter()
                .filter(|e| labels.contains(&e.label_name.as_str()))
                .cloned()
                .collect(),
            sources: self.sources.clone(),
        }
    }

    /// Rows per class: (positive, negative).
    pub fn class_counts(&self) -> (usize, usize) {
        let positives = self.examples.iter().filter(|e| e.label).count();
        (positives, self.examples.len() - positives)
    }
}

/// What training makes of one record of labeled data.
#[allow(clippy::large_enum_variant)] // short-lived, one per record read
pub(crate) enum Kept {
    /// A record to learn from.
    Use(input::Record),
    /// A record with no text at all, at this line.
    NoText(usize),
    /// A record whose label the target sets aside ([`Target::skipped_labels`]).
    SetAside,
}

/// Training's rule for a record: one with no text at all (a corpus's empty record) and one
/// whose label the target sets aside are skipped; any other error stays an error.
pub(crate) fn keep(
    target: Target,
    record: Result<input::Record, InputError>,
) -> Result<Kept, InputError> {
    match record {
        Err(InputError::NoText { line, .. }) => Ok(Kept::NoText(line)),
        Err(e) => Err(e),
        Ok(r)
            if target
                .skipped_labels()
                .contains(&r.label.as_deref().unwrap_or("")) =>
        {
            Ok(Kept::SetAside)
        }
        Ok(r) => Ok(Kept::Use(r)),
    }
}

/// A record's label and class for `target`; an error naming the file and line when the label
/// is missing or not one the target knows.
pub fn labeled_class(
    target: Target,
    path: &str,
    record: &input::Record,
) -> Result<(String, bool), TrainError> {
    let line = record.article.source.record.unwrap_or(0);
    let label = record
        .label
        .clone()
        .ok_or_else(|| TrainError::MissingLabel {
            path: path.to_string(),
            line,
        })?;
    let class = target
        .class_of(&label)
        .ok_or_else(|| TrainError::UnknownLabel {
            path: path.to_string(),
            line,
            label: label.clone(),
            target: target.name().into(),
            expected: format!(
                "{} (positive) or {} (negative)",
                target.positive_labels().join(", "),
                target.negative_labels().join(", ")
            ),
        })?;
    Ok((label, class))
}

/// Featurizes one article for training.
pub fn featurize(
    analyzer: &Analyzer,
    target: Target,
    article: &crate::Article,
    label: bool,
) -> Example {
    let doc = analyzer.document(article);
    let features = analyzer.features(&doc);
    let values = features.values().to_vec();
    let mut grams = Vec::new();
    for part in [Part::Title, Part::Body] {
        let mut seen = HashSet::new();
        let text = doc.part(part);
        let author_only = part == Part::Body && author_voice_body_ngrams(target);
        for_each_ngram_tokens(text, |gram, first, last| {
            if author_only && has_quoted_word(text, first, last) {
                return;
            }
            if !seen.contains(gram) {
                seen.insert(gram.to_string());
            }
        });
        grams.extend(seen.into_iter().map(|g| format!("{}{g}", prefix(part))));
    }
    let mut seen = HashSet::new();
    for_each_char_gram(doc.part(Part::Title).text, |gram, _| {
        if !seen.contains(gram) {
            seen.insert(gram.to_vec());
        }
    });
    grams.extend(
        seen.into_iter()
            .map(|g| format!("{CHAR_PREFIX}{}", String::from_utf8_lossy(&g))),
    );
    grams.sort();
    Example {
        values,
        grams,
        parts: features.parts(),
        label,
        label_name: String::new(),
        group: String::new(),
        source: 0,
        part_logits: Vec::new(),
    }
}

/// Which sign a hand-crafted feature's weight may take for a target, so that no hype marker
/// ever lowers sensationalism and no sign of good sourcing ever lowers quality.
pub fn required_sign(target: Target, feature: Feature) -> Option<f64> {
    use Feature::*;
    match (target, feature.family(), feature) {
        (Target::Sensationalism | Target::Headline, Family::Hype, _) => Some(1.0),
        (
            Target::Sensationalism | Target::Headline,
            _,
            TitleBoosters | BodyBoosters | ReaderAppeals | KickerOpinion,
        ) => Some(1.0),
        (Target::Sensationalism, _, Figures | Dates) => Some(-1.0),
        (Target::Quality, Family::Hype, _) => Some(-1.0),
        (Target::Quality, _, TitleHedges | BodyHedges) => Some(-1.0),
        (
            Target::Quality,
            _,
            Quotes | AttributedQuoteShare | NamedSources | NamedSourceShare | DistinctNamedSources
            | Outlets | Attributions | Dateline | Documents,
        ) => Some(1.0),
        (
            Target::Quality,
            _,
            AnonymousSources | BodyBoosters | TitleBoosters | FirstPersonOpinion | ReaderAppeals
            | Unsourced,
        ) => Some(-1.0),
        _ => None,
    }
}

/// Whether a target's model uses a hand-crafted feature at all.
///
/// The headline model keeps the headline's and kicker's features: it is learned from bare
/// headlines. The article model of sensationalism keeps the body's hype, hedging and
/// opinion markers, the headline's hype markers, and the density of figures and dates: other
/// body statistics such as length or sourcing would teach it the outlets of its few hundred
/// articles. Hype inside
/// quotes is someone else's voice and never makes the author sensational.
pub fn uses(target: Target, feature: Feature) -> bool {
    use Feature::*;
    // Opinion in the first person is not sensational in itself (a calm column, a review):
    // it says what kind of text this is, which quality weighs. Appeals to the reader are.
    let opinion = matches!(feature, ReaderAppeals);
    match target {
        // How many different named sources: reported, not weighed. Fitted under a prior of
        // +0.3 it took 0.11 and cost every corpus figure (BuzzFeed-Webis by portal 0.784 →
        // 0.783, horne2017 real vs fake accuracy 0.870 → 0.864; docs/methodology.md).
        Target::Quality => feature != DistinctNamedSources,
        Target::Body => false,
        Target::Headline => match feature.part() {
            Some(Part::Body) => false,
            _ => {
                matches!(feature.family(), Family::Hype | Family::Hedging)
                    || matches!(feature, TitleAttributions | TitleWords | TitleWordLength)
            }
        },
        Target::Sensationalism => match feature.part() {
            // Figures and dates per 100 words: concrete reporting, the opposite of sensation.
            // With them (and the headline's shouting below) every grouped and cross-corpus
            // figure rose (docs/methodology.md).
            _ if matches!(feature, Figures | Dates) => true,
            Some(Part::Body) => {
                (matches!(feature.family(), Family::Hype | Family::Hedging)
                    && feature != QuotedHype)
                    || opinion
            }
            // The headline's capitals, exclamations and hype words: the clickbait part learned
            // from headline corpora misses how news headlines shout.
            Some(Part::Title) => matches!(feature.family(), Family::Hype),
            // An urgent kicker (BREAKING, EXCLUSIVE) sells the story as the headline does; an
            // OPINION or ANALYSIS kicker says what kind of text follows, which quality weighs.
            None => feature == KickerUrgent,
            _ => false,
        },
    }
}

/// Which parts of an article a target learns n-grams from (headline corpora have no bodies;
/// the article model's wording comes from its headline and body parts alone).
pub fn lexical_parts(target: Target) -> &'static [Part] {
    match target {
        Target::Headline => &[Part::Title],
        Target::Quality => &[Part::Title, Part::Body],
        Target::Sensationalism | Target::Body => &[],
    }
}

/// Whether a target's body n-grams count only in the author's voice, outside direct quotes:
/// quality's. Reliable reports quote people talking (`I think`, `I'm`, `that's`), so learned
/// from every word, conversational and first-person words read as reliable, and a rant in
/// the author's own voice gained by them.
pub fn author_voice_body_ngrams(target: Target) -> bool {
    target == Target::Quality
}

/// Whether a target learns the headline's character n-grams (inside words): the headline
/// model, from 32,000 headlines; article bodies keep word n-grams (cheaper to score).
pub fn learns_char_grams(target: Target) -> bool {
    target == Target::Headline
}

/// The function words of `models/function_words.txt`: the words whose rates say who wrote a
/// text (stylometry), not how well it is sourced.
fn function_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../models/function_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// True for an n-gram made of function words alone (`on`, `of the`, `it's`).
pub fn is_function_words(gram: &str) -> bool {
    gram.split(' ').all(|w| function_words().contains(w))
}

/// Whether a target learns the n-gram of a feature name (`lex.title:...`, `chr.title:...`).
/// Quality learns none made of function words alone: their rates are an outlet's house style
/// (who wrote the text), and learned from its corpora they raised unsourced text that reads
/// like their reliable outlets (`on`, `so`: +1.5 on the logit of a content-farm article).
fn learns_gram(target: Target, name: &str) -> bool {
    if parse_char_name(name).is_some() {
        return learns_char_grams(target);
    }
    let gram = name.split_once(':').map_or(name, |(_, gram)| gram);
    lexical_parts(target)
        .iter()
        .any(|p| name.starts_with(prefix(*p)))
        && is_learnable(gram)
        && !(target == Target::Quality && is_function_words(gram))
}

/// Whether a row's n-grams are counted when the vocabulary is chosen. The headline model
/// learns its wording from headlines without bodies.
fn learns_ngrams(target: Target, e: &Example) -> bool {
    match target {
        Target::Headline => !e.parts.body,
        _ => true,
    }
}

/// A fitted model's parameters, before metadata.
struct FittedParams {
    features: Vec<String>,
    means: Vec<f64>,
    scales: Vec<f64>,
    weights: Vec<f64>,
    intercept: f64,
    transforms: Vec<Transform>,
    ranges: Vec<[f64; 2]>,
    dropped: Vec<String>,
    /// Per part logit (headline, body) of a composed model: weight and centre.
    parts: Vec<(f64, f64)>,
    priors: Vec<priors::PriorReport>,
}

/// Picks the n-grams of the training rows: present in at least `min_document_frequency` rows,
/// ranked by chi-squared against the label, ties by name.
fn select_vocabulary<'d>(
    data: &'d TrainingData,
    rows: &[usize],
    params: &TrainParams,
) -> Vec<&'d str> {
    let mut counts: HashMap<&str, [u32; 2]> = HashMap::new();
    let mut class_totals = [0f64; 2];
    for &r in rows
        .iter()
        .filter(|&&r| learns_ngrams(data.target, &data.examples[r]))
    {
        let e = &data.examples[r];
        class_totals[e.label as usize] += 1.0;
        for g in &e.grams {
            match counts.get_mut(g.as_str()) {
                Some(c) => c[e.label as usize] += 1,
                None if learns_gram(data.target, g) => {
                    counts.entry(g.as_str()).or_default()[e.label as usize] += 1
                }
                None => {}
            }
        }
    }
    let n = rows.len() as f64;
    let mut scored: Vec<(f64, &str)> = counts
        .into_iter()
        .filter(|(_, c)| (c[0] + c[1]) as usize >= params.min_document_frequency)
        .map(|(g, c)| {
            let (a, b) = (c[1] as f64, c[0] as f64);
            let (cc, d) = (class_totals[1] - a, class_totals[0] - b);
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
    let mut vocab: Vec<&str> = scored.into_iter().map(|(_, g)| g).collect();
    vocab.sort();
    vocab
}

/// The smallest n-gram weighting: an n-gram as common in both classes keeps a twentieth of a
/// flag's weight rather than none, so the model can still use it next to others.
const MIN_LOG_COUNT_RATIO: f64 = 0.05;

/// Each n-gram column's naive-Bayes log-count ratio on the training rows (Wang & Manning
/// 2012, "NBSVM"): `ln((p_j/|p|) / (q_j/|q|))` with counts `p` in positive rows and `q` in
/// negative rows, each smoothed by one.
fn log_count_ratios(
    data: &TrainingData,
    rows: &[usize],
    index: &HashMap<&str, usize>,
    columns: usize,
) -> Vec<f64> {
    let mut counts = vec![[1.0f64; 2]; columns];
    for &r in rows {
        let e = &data.examples[r];
        for g in &e.grams {
            if let Some(&j) = index.get(g.as_str()) {
                counts[j][e.label as usize] += 1.0;
            }
        }
    }
    let grams = &counts[Feature::COUNT..];
    let totals = [0, 1].map(|k| grams.iter().map(|c| c[k]).sum::<f64>());
    counts
        .iter()
        .map(|c| ((c[1] / totals[1]) / (c[0] / totals[0])).ln())
        .collect()
}

/// Fits standardisation and weights on `rows` only.
fn fit_rows(
    data: &TrainingData,
    rows: &[usize],
    params: &TrainParams,
) -> Result<FittedParams, TrainError> {
    let vocab = select_vocabulary(data, rows, params);
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, g)| (*g, Feature::COUNT + i))
        .collect();
    let first_extra = Feature::COUNT + vocab.len();
    let extras = rows
        .first()
        .map_or(0, |&r| data.examples[r].part_logits.len());
    let columns = first_extra + extras;
    let target = data.target;

    // Standardisation, fitted here on the training rows: hand-crafted columns centred and
    // scaled to unit variance. N-gram columns are presence flags, never centred (so absent
    // n-grams cost nothing) nor scaled to unit variance: that would scale a rare n-gram up
    // and let the L2 penalty spare it, and rare n-grams are the ones that overfit (measured:
    // 0.967 → 0.972 CV accuracy on clickbait). With `log_count_ratio`, a flag is weighted by
    // how much more often one class has it, so the penalty spares the telling n-grams instead
    // (0.9762 → 0.9771).
    //
    // Each hand-crafted column is transformed (`log1p` for counts, lengths and rates), then
    // standardised over the rows that have its part (a headline feature over the rows with a
    // headline), and its range in those rows is kept for clipping at scoring time.
    let n = rows.len() as f64;
    let mut means = vec![0.0; columns];
    let mut scales = vec![1.0; columns];
    let transforms: Vec<Transform> = Feature::ALL
        .iter()
        .map(|f| Transform::for_unit(f.unit()))
        .collect();
    let mut ranges = vec![[0.0, 0.0]; Feature::COUNT];
    for (j, feature) in Feature::ALL.iter().enumerate() {
        let column = || {
            rows.iter()
                .map(|&r| &data.examples[r])
                .filter(|e| e.parts.has(*feature))
                .map(|e| transforms[j].apply(e.values[j]))
        };
        let present = column().count().max(1) as f64;
        let mean = column().sum::<f64>() / present;
        let spread = (column().map(|v| (v - mean).powi(2)).sum::<f64>() / present).sqrt();
        means[j] = mean;
        scales[j] = if spread > 1e-9 { spread } else { 1.0 };
        let (lo, hi) = column().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            let z = (v - means[j]) / scales[j];
            (lo.min(z), hi.max(z))
        });
        ranges[j] = if lo <= hi { [lo, hi] } else { [0.0, 0.0] };
    }
    if params.log_count_ratio {
        let ratios = log_count_ratios(data, rows, &index, columns);
        for j in Feature::COUNT..columns {
            scales[j] = 1.0 / ratios[j].abs().max(MIN_LOG_COUNT_RATIO);
        }
    } else if params.idf {
        let mut df = vec![0usize; columns];
        for &r in rows {
            for g in &data.examples[r].grams {
                if let Some(&j) = index.get(g.as_str()) {
                    df[j] += 1;
                }
            }
        }
        for j in Feature::COUNT..first_extra {
            scales[j] = 1.0 / (((1.0 + n) / (1.0 + df[j] as f64)).ln() + 1.0);
        }
    }
    for (g, &j) in &index {
        if parse_char_name(g).is_some() {
            scales[j] /= params.char_ngram_value;
        }
    }
    // A part logit is centred over the rows that have the part, like a hand-crafted feature,
    // and left unscaled: its weight says how much of the part's own logit the article takes.
    for k in 0..extras {
        let present: Vec<f64> = rows
            .iter()
            .filter_map(|&r| data.examples[r].part_logits[k])
            .collect();
        means[first_extra + k] = present.iter().sum::<f64>() / present.len().max(1) as f64;
    }
    let used: Vec<usize> = (0..Feature::COUNT)
        .filter(|&j| uses(target, Feature::ALL[j]))
        .collect();
    let mut design = Design::new(columns);
    for &r in rows {
        let e = &data.examples[r];
        let hand = used
            .iter()
            .filter(|&&j| e.parts.has(Feature::ALL[j]))
            .map(|&j| {
                let z = standardize(transforms[j], means[j], scales[j], ranges[j], e.values[j]);
                (j, z.0)
            });
        let grams = e.grams.iter().filter_map(|g| index.get(g.as_str()));
        let parts = e
            .part_logits
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.map(|v| (first_extra + k, v - means[first_extra + k])));
        design.push_row(
            hand.chain(grams.map(|&j| (j, 1.0 / scales[j])))
                .chain(parts),
            e.label,
        );
    }

    // Priors: a listed feature is pulled towards its documented weight instead of towards zero.
    let (listed_features, listed_parts) = match &params.priors {
        Some(p) => (p.features.clone(), p.parts.clone()),
        None => (priors::for_target(target), priors::part_priors(target)),
    };
    let feature_priors: Vec<priors::FeaturePrior> = listed_features
        .into_iter()
        .filter(|p| used.contains(&(p.feature as usize)))
        .collect();
    // An article model's parts (sensationalism): pulled towards their documented weights.
    let part_priors: Vec<(usize, priors::PartPrior)> = listed_parts
        .into_iter()
        .filter_map(|p| {
            let k = ["part.headline", "part.body"]
                .iter()
                .position(|n| *n == p.part)?;
            (k < extras).then_some((first_extra + k, p))
        })
        .collect();
    let plain = feature_priors.is_empty() && part_priors.is_empty() && params.ngram_strength == 1.0;
    let mut prior = (!plain).then(|| {
        let mut prior = Prior::none(columns);
        for s in &mut prior.strengths[Feature::COUNT..first_extra] {
            *s = params.ngram_strength;
        }
        for (j, p) in &part_priors {
            prior.means[*j] = p.prior;
            prior.strengths[*j] = p.strength;
        }
        for p in &feature_priors {
            prior.means[p.feature as usize] = p.prior;
            prior.strengths[p.feature as usize] = p.strength;
        }
        prior
    });
    let mut dropped: Vec<usize> = Vec::new();
    loop {
        let settings = FitSettings {
            alpha: params.alpha,
            max_iterations: params.max_iterations,
            // The loss is summed over rows, so its gradient grows with them.
            gradient_tolerance: params.gradient_tolerance * n,
            solver: params.solver,
            prior: prior.clone(),
        };
        let (mut weights, intercept) = solver::fit(&design, settings)?;
        for (j, w) in weights.iter_mut().enumerate().take(Feature::COUNT) {
            if !used.contains(&j) || dropped.contains(&j) {
                *w = 0.0;
            }
        }
        let violators: Vec<usize> = Feature::ALL
            .iter()
            .enumerate()
            .filter(|(j, f)| required_sign(target, **f).is_some_and(|s| weights[*j] * s < 0.0))
            .map(|(j, _)| j)
            // A more sensational part never lowers sensationalism, never raises quality.
            .chain((first_extra..columns).filter(|&j| weights[j] * target.part_sign() < 0.0))
            .collect();
        if violators.is_empty() {
            let parts: Vec<(f64, f64)> = (first_extra..columns)
                .map(|j| (weights[j], means[j]))
                .collect();
            let part_reports: Vec<priors::PriorReport> = part_priors
                .iter()
                .map(|(j, p)| priors::PriorReport {
                    feature: p.part.clone(),
                    prior: p.prior,
                    strength: p.strength,
                    fitted: weights[*j],
                    moved: weights[*j] - p.prior,
                    clamped: dropped.contains(j),
                    reason: p.reason.clone(),
                })
                .collect();
            weights.truncate(first_extra);
            means.truncate(first_extra);
            scales.truncate(first_extra);
            let mut features: Vec<String> =
                Feature::ALL.iter().map(|f| f.name().to_string()).collect();
            features.extend(vocab.iter().map(|g| g.to_string()));
            let mut dropped_names: Vec<String> = dropped
                .iter()
                .map(|&j| match features.get(j) {
                    Some(name) => name.clone(),
                    None => ["part.headline", "part.body"]
                        .get(j - first_extra)
                        .unwrap_or(&"part")
                        .to_string(),
                })
                .collect();
            dropped_names.sort();
            let priors = feature_priors
                .iter()
                .map(|p| {
                    let j = p.feature as usize;
                    priors::PriorReport {
                        feature: p.feature.name().to_string(),
                        prior: p.prior,
                        strength: p.strength,
                        fitted: weights[j],
                        moved: weights[j] - p.prior,
                        clamped: dropped.contains(&j),
                        reason: p.reason.clone(),
                    }
                })
                .chain(part_reports)
                .collect();
            return Ok(FittedParams {
                features,
                means,
                scales,
                weights,
                intercept,
                transforms,
                ranges,
                dropped: dropped_names,
                parts,
                priors,
            });
        }
        // A wrong-signed weight is held at zero: its column is zeroed (and its prior, if any,
        // moved to zero) and the model refitted.
        dropped.extend(&violators);
        if let Some(prior) = prior.as_mut() {
            for &j in &violators {
                prior.means[j] = 0.0;
            }
        }
        design = design.without_columns(&dropped);
    }
}

/// A deterministic generator (SplitMix64) for the fold shuffle: no dependence on a crate's
/// stream staying the same across versions.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Grouped, stratified fold of each example: no group is split across folds. Groups are
/// given the class of most of their rows, shuffled with `seed` within each class, then dealt
/// to the fold holding the fewest rows of that class so far (largest groups first), so that
/// classes stay balanced across folds as far as the groups allow. With one row per group this
/// is a stratified split.
pub fn grouped_folds(labels: &[bool], groups: &[String], folds: usize, seed: u64) -> Vec<usize> {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        by_group.entry(g.as_str()).or_default().push(i);
    }
    let mut rng = SplitMix64(seed);
    let mut fold = vec![0; labels.len()];
    let mut filled = vec![[0usize; 2]; folds];
    for class in [false, true] {
        let mut members: Vec<&Vec<usize>> = by_group
            .values()
            .filter(|rows| {
                let positives = rows.iter().filter(|&&i| labels[i]).count();
                (2 * positives > rows.len()) == class
            })
            .collect();
        for i in (1..members.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            members.swap(i, j);
        }
        // Stable: equal sizes keep their shuffled order.
        members.sort_by_key(|rows| std::cmp::Reverse(rows.len()));
        for (k, rows) in members.into_iter().enumerate() {
            let least = (0..folds)
                .min_by_key(|&f| (filled[f][class as usize], (f + folds - k % folds) % folds))
                .unwrap_or(0);
            for &i in rows {
                fold[i] = least;
            }
            filled[least][class as usize] += rows.len();
        }
    }
    fold
}

/// Stratified fold of each example: each class shuffled with `seed`, then dealt round-robin.
pub fn stratified_folds(labels: &[bool], folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64(seed);
    let mut fold = vec![0; labels.len()];
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        for i in (1..idx.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            idx.swap(i, j);
        }
        for (k, &i) in idx.iter().enumerate() {
            fold[i] = k % folds;
        }
    }
    fold
}

/// Cross-validation results.
#[derive(Clone, Debug, Serialize)]
pub struct CrossValidation {
    /// Folds.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Metrics over all held-out predictions pooled.
    pub pooled: Metrics,
    /// Metrics of each fold.
    pub per_fold: Vec<Metrics>,
    /// Mean accuracy over folds.
    pub mean_accuracy: f64,
    /// How held-out probabilities were calibrated: `none`, or Platt scaling fitted on inner
    /// folds of each training fold (the held-out fold never reaches it).
    pub calibration: &'static str,
    /// Held-out probability and true class of every example, in input order.
    #[serde(skip)]
    pub predictions: Vec<(f64, bool)>,
    /// Held-out uncalibrated logit of every example, in input order.
    #[serde(skip)]
    pub logits: Vec<f64>,
}

/// Held-out logits of `rows`, each scored by a fit on the other folds of `rows`.
fn out_of_fold_logits(
    data: &TrainingData,
    rows: &[usize],
    params: &TrainParams,
    seed: u64,
) -> Result<Vec<f64>, TrainError> {
    let labels: Vec<bool> = rows.iter().map(|&r| data.examples[r].label).collect();
    let groups: Vec<String> = rows
        .iter()
        .map(|&r| data.examples[r].group.clone())
        .collect();
    let fold_of = grouped_folds(&labels, &groups, params.folds, seed);
    let mut logits = vec![0.0; rows.len()];
    for k in 0..params.folds {
        let train: Vec<usize> = (0..rows.len())
            .filter(|&i| fold_of[i] != k)
            .map(|i| rows[i])
            .collect();
        let fit = fit_rows(data, &train, params)?;
        let scorer = Scorer::new(&fit);
        for i in (0..rows.len()).filter(|&i| fold_of[i] == k) {
            logits[i] = scorer.logit(&data.examples[rows[i]]);
        }
    }
    Ok(logits)
}

/// The calibration of `params` fitted on `rows`' out-of-fold logits (inner folds).
fn calibrate_rows(
    data: &TrainingData,
    rows: &[usize],
    params: &TrainParams,
) -> Result<Calibration, TrainError> {
    if params.calibration == CalibrationPlan::None {
        return Ok(Calibration::identity());
    }
    let logits = out_of_fold_logits(data, rows, params, params.seed.wrapping_add(1))?;
    let pairs: Vec<(usize, f64)> = rows.iter().copied().zip(logits).collect();
    Ok(params.calibration.fit(data, &pairs, "inner folds"))
}

/// Stratified k-fold cross-validation. Vocabulary, scaling, weights and (with
/// `calibrate_out_of_fold`) calibration are fitted on each training fold alone; the held-out
/// fold is only scored.
pub fn cross_validate(
    data: &TrainingData,
    params: &TrainParams,
) -> Result<CrossValidation, TrainError> {
    params.validate()?;
    let labels: Vec<bool> = data.examples.iter().map(|e| e.label).collect();
    let (positives, negatives) = data.class_counts();
    if positives.min(negatives) < params.folds {
        return Err(TrainError::TooFewExamples {
            message: format!(
                "{positives} positive and {negatives} negative records cannot fill {} folds",
                params.folds
            ),
        });
    }
    let groups: Vec<String> = data.examples.iter().map(|e| e.group.clone()).collect();
    let fold_of = grouped_folds(&labels, &groups, params.folds, params.seed);
    let mut predictions = vec![(0.0, false); labels.len()];
    let mut logits = vec![0.0; labels.len()];
    let mut per_fold = Vec::new();
    for k in 0..params.folds {
        let train: Vec<usize> = (0..labels.len()).filter(|&i| fold_of[i] != k).collect();
        let test: Vec<usize> = (0..labels.len()).filter(|&i| fold_of[i] == k).collect();
        let fit = fit_rows(data, &train, params)?;
        let calibration = calibrate_rows(data, &train, params)?;
        let scorer = Scorer::new(&fit);
        let mut fold_scored = Vec::new();
        for &i in &test {
            let logit = scorer.logit(&data.examples[i]);
            let p = sigmoid(calibration.apply(logit));
            logits[i] = logit;
            predictions[i] = (p, labels[i]);
            fold_scored.push((p, labels[i]));
        }
        per_fold.push(Metrics::compute(&fold_scored, 0.5));
    }
    let mean_accuracy = per_fold.iter().map(|m| m.accuracy).sum::<f64>() / per_fold.len() as f64;
    Ok(CrossValidation {
        folds: params.folds,
        seed: params.seed,
        pooled: Metrics::compute(&predictions, 0.5),
        per_fold,
        mean_accuracy,
        calibration: match params.calibration {
            CalibrationPlan::None => "none",
            CalibrationPlan::Platt => "platt, fitted on inner folds of each training fold",
            CalibrationPlan::TemperatureOnArticles => {
                "temperature, fitted on the articles of inner folds of each training fold"
            }
        },
        predictions,
        logits,
    })
}

/// Scores training examples with a fit, by the same formula as [`Model::logit`]
/// (before calibration).
struct Scorer<'f> {
    fit: &'f FittedParams,
    index: HashMap<&'f str, usize>,
}

impl<'f> Scorer<'f> {
    fn new(fit: &'f FittedParams) -> Scorer<'f> {
        let index = fit
            .features
            .iter()
            .enumerate()
            .skip(Feature::COUNT)
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        Scorer { fit, index }
    }

    fn logit(&self, e: &Example) -> f64 {
        let f = self.fit;
        let mut logit = f.intercept;
        for (j, v) in e.values.iter().enumerate() {
            if f.weights[j] != 0.0 && e.parts.has(Feature::ALL[j]) {
                let (z, _) = standardize(f.transforms[j], f.means[j], f.scales[j], f.ranges[j], *v);
                logit += f.weights[j] * z;
            }
        }
        for g in &e.grams {
            if let Some(&j) = self.index.get(g.as_str()) {
                logit += f.weights[j] * (1.0 - f.means[j]) / f.scales[j];
            }
        }
        for (v, (weight, mean)) in e.part_logits.iter().zip(&f.parts) {
            if let Some(v) = v {
                logit += weight * (v - mean);
            }
        }
        logit
    }
}

/// Trains a model on all the data, with the cross-validation metrics recorded in it, and
/// the calibration of `params.calibration` fitted on the cross-validation's out-of-fold logits.
pub fn train(data: &TrainingData, params: &TrainParams) -> Result<ModelFile, TrainError> {
    params.validate()?;
    let cv = cross_validate(data, params)?;
    let mut file = fit_model(data, params, Some(&cv))?;
    let pairs: Vec<(usize, f64)> = cv.logits.iter().copied().enumerate().collect();
    let what = format!("the {}-fold grouped cross-validation", params.folds);
    file.calibration = params.calibration.fit(data, &pairs, &what);
    Ok(file)
}

/// Labeled articles for calibrating a model on whole articles: `(uncalibrated logit, class)`.
///
/// A label is the model's target's class ([`Target::class_of`]), else the other target's class
/// turned round: `fake`, `satire`, `hyperpartisan`, `mostly false` and `mixture of true and
/// false` are sensational and unreliable; `real`, `not-hyperpartisan` and `mostly true` sober
/// and reliable. Other labels are skipped, and so are the records training skips (`keep`).
/// The third field is the article's group for grouped folds (the site of its `url`).
pub fn article_logits(
    analyzer: &Analyzer,
    model: &Model,
    paths: &[String],
    parts: &evaluate::PartLogits<'_>,
) -> Result<Vec<(f64, bool, String)>, TrainError> {
    let target = model.target();
    let mut out = Vec::new();
    for path in paths {
        for record in input::open(path, Some(InputFormat::Jsonl))? {
            let Kept::Use(record) = keep(target, record)? else {
                continue;
            };
            // The target's own labels, else the other target's, turned round (`mostly false`
            // is sensational; `hyperpartisan` unreliable).
            let label = record.label.as_deref().unwrap_or("");
            let Some(positive) = target
                .class_of(label)
                .or_else(|| target.other().class_of(label).map(|class| !class))
            else {
                continue;
            };
            // Undo the model's own calibration: fit on the raw logit.
            let c = model.calibration();
            let logit =
                (article_logit(analyzer, model, &record.article, parts) - c.offset) / c.slope;
            let group = group_of(&record);
            out.push((logit, positive, group));
        }
    }
    Ok(out)
}

/// The calibrated logit of an article by `model`; for a composed model (its parts' weights in
/// [`Model::parts`]) with its headline and body parts' terms added, their logits from `parts`
/// (`[headline, body]`, as [`crate::Hypecheck::part_logits`] gives them), as scoring composes
/// it.
pub fn article_logit(
    analyzer: &Analyzer,
    model: &Model,
    article: &crate::Article,
    parts: &evaluate::PartLogits<'_>,
) -> f64 {
    let doc = analyzer.document(article);
    let values = analyzer.features(&doc);
    let columns = model.vocabulary().columns(&doc);
    let own = model.logit(values.values(), values.parts(), columns);
    if model.parts().is_none() {
        return own;
    }
    let logits = parts(article);
    let part = |k: usize| logits.get(k).copied().flatten();
    let [h, b] = model.part_terms(part(0), part(1));
    own + h + b
}

/// The group an article belongs to for grouped folds: the outlet a labeled corpus names
/// (`portal`, `outlet` or `domain` in JSON Lines: BuzzFeed-Webis's Facebook pages post links to
/// many sites, so its portal, not the link's site, is the outlet), else the web site of its
/// link (`url`), so that no outlet is on both sides of a fold; else the record itself.
pub(crate) fn group_of(record: &input::Record) -> String {
    let a = &record.article;
    if let Some(outlet) = &a.source.outlet {
        return format!("outlet:{}", outlet.trim().to_ascii_lowercase());
    }
    match &a.source.link {
        Some(link) => {
            let host = link.split("://").nth(1).unwrap_or(link);
            let host = host.split(['/', '?', '#']).next().unwrap_or(host);
            host.trim_start_matches("www.").to_ascii_lowercase()
        }
        None => format!("{}:{}", a.source.path, a.id),
    }
}

/// Calibration fitted on labeled articles ([`article_logits`]) by `method`.
pub fn calibrate_on_articles(
    analyzer: &Analyzer,
    file: &mut ModelFile,
    paths: &[String],
    method: CalibrationMethod,
    parts: &evaluate::PartLogits<'_>,
) -> Result<(), TrainError> {
    let model = Model::from_file(file.clone(), "<fitted>", String::new())
        .map_err(|e| TrainError::Fit(e.to_string()))?;
    let scored: Vec<(f64, bool)> = article_logits(analyzer, &model, paths, parts)?
        .into_iter()
        .map(|(l, y, _)| (l, y))
        .collect();
    if scored.iter().all(|s| s.1) || scored.iter().all(|s| !s.1) {
        return Err(TrainError::NotTwoClasses {
            found: format!("calibration articles in {}", paths.join(", ")),
        });
    }
    let names: Vec<&str> = paths
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .collect();
    file.calibration =
        Calibration::fit(&scored, method, &format!("articles: {}", names.join(", ")));
    Ok(())
}

/// Fits a model on all the data; `cv` is recorded in it when given. Its calibration is the
/// identity: [`train`] or [`calibrate_on_articles`] fit one.
pub fn fit_model(
    data: &TrainingData,
    params: &TrainParams,
    cv: Option<&CrossValidation>,
) -> Result<ModelFile, TrainError> {
    params.validate()?;
    let all: Vec<usize> = (0..data.examples.len()).collect();
    let fit = fit_rows(data, &all, params)?;
    let (positives, negatives) = data.class_counts();
    let target = data.target;
    let training = serde_json::json!({
        "hypecheck_version": env!("CARGO_PKG_VERSION"),
        "date": training_date(),
        "data": data.sources,
        "rows": { "positive": positives, "negative": negatives },
        "hyperparameters": params,
        "vocabulary": fit.features.len() - Feature::COUNT,
        "priors": fit.priors,
        "sign_constraints": {
            "rule": "hype markers may only raise sensationalism and only lower quality; named sourcing may only raise quality; hedges, anonymous sources and first-person opinion may only lower it; a more sensational headline or body part may only raise sensationalism and only lower quality",
            "dropped_features": fit.dropped,
        },
        "priors": fit.priors,
        "cross_validation": cv,
    });
    Ok(ModelFile {
        format_version: FORMAT_VERSION,
        target,
        positive_label: target.positive_labels()[0].to_string(),
        negative_labels: target
            .canonical_negative_labels()
            .iter()
            .map(|l| l.to_string())
            .collect(),
        threshold: 0.5,
        features: fit.features,
        means: fit.means,
        scales: fit.scales,
        weights: fit.weights,
        intercept: fit.intercept,
        transforms: fit.transforms,
        ranges: fit.ranges,
        calibration: Calibration::identity(),
        author_voice_body_ngrams: author_voice_body_ngrams(target),
        parts: match fit.parts[..] {
            [(hw, hm), (bw, bm)] => Some(PartWeights {
                headline: PartWeight {
                    weight: hw,
                    mean: hm,
                },
                body: PartWeight {
                    weight: bw,
                    mean: bm,
                },
            }),
            _ => None,
        },
        training,
    })
}

/// The training date: from `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
fn training_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(seconds.div_euclid(86_400))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_date_matches_known_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    static NEXT_GROUP: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn example(label: bool, value: f64, grams: &[&str]) -> Example {
        let mut values = vec![0.0; Feature::COUNT];
        values[0] = value;
        Example {
            values,
            grams: grams.iter().map(|g| format!("lex.title:{g}")).collect(),
            // A bare headline: sensationalism learns n-grams from these.
            parts: PartsPresent {
                title: true,
                body: false,
            },
            label,
            label_name: String::new(),
            group: format!(
                "row {}",
                NEXT_GROUP.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
            source: 0,
            part_logits: Vec::new(),
        }
    }

    #[test]
    fn vocabulary_and_scaling_see_the_training_rows_only() {
        let mut examples = Vec::new();
        for i in 0..20 {
            examples.push(example(
                i % 2 == 0,
                i as f64,
                &["shared", if i % 2 == 0 { "yes" } else { "no" }],
            ));
        }
        // Held-out rows with an n-gram and values no training row has.
        examples.push(example(true, 1000.0, &["leak"]));
        examples.push(example(false, 1000.0, &["leak"]));
        let data = TrainingData {
            target: Target::Headline,
            examples,
            sources: Vec::new(),
        };
        let params = TrainParams {
            min_document_frequency: 1,
            ..TrainParams::default()
        };
        let train_rows: Vec<usize> = (0..20).collect();
        let fit = fit_rows(&data, &train_rows, &params).unwrap();
        assert!(
            !fit.features.iter().any(|f| f.ends_with(":leak")),
            "{:?}",
            fit.features
        );
        assert!(fit.features.iter().any(|f| f.ends_with(":yes")));
        assert!((fit.means[0] - 9.5).abs() < 1e-9, "mean {}", fit.means[0]);
        let all: Vec<usize> = (0..22).collect();
        assert!(fit_rows(&data, &all, &params)
            .unwrap()
            .features
            .iter()
            .any(|f| f.ends_with(":leak")));
    }

    /// A shipped prior is for a feature its model uses: one it leaves out would be dropped in
    /// silence (the kicker's urgency once was, for sensationalism).
    #[test]
    fn every_shipped_prior_is_of_a_feature_its_model_uses() {
        for target in [Target::Sensationalism, Target::Quality] {
            let listed = priors::for_target(target);
            assert!(!listed.is_empty(), "{target:?}");
            for p in listed {
                assert!(uses(target, p.feature), "{target:?}: {}", p.feature.name());
            }
        }
    }

    #[test]
    fn a_weight_the_data_cannot_identify_stays_at_its_prior() {
        // Quality rows: one informative feature; the prior features are constant (never
        // non-zero, or all the same), so the data say nothing about their weights.
        let priors = priors::for_target(Target::Quality);
        let mut examples = Vec::new();
        for i in 0..40 {
            let mut e = example(i % 2 == 0, 0.0, &[]);
            e.parts.body = true;
            e.values[Feature::Figures as usize] = (i % 2) as f64 * 3.0 + (i % 5) as f64;
            e.values[Feature::Dateline as usize] = 1.0;
            examples.push(e);
        }
        let data = TrainingData {
            target: Target::Quality,
            examples,
            sources: Vec::new(),
        };
        let rows: Vec<usize> = (0..40).collect();
        let fit = fit_rows(&data, &rows, &TrainParams::default()).unwrap();
        assert_eq!(fit.priors.len(), priors.len());
        for p in &priors {
            let j = p.feature as usize;
            assert_eq!(fit.weights[j], p.prior, "{}", p.feature.name());
        }
        assert!(fit.priors.iter().all(|r| r.moved == 0.0 && !r.clamped));
        assert!(fit.weights[Feature::Figures as usize] != 0.0);

        // A priors file of one's own (`train --priors`) replaces the shipped one.
        let mine = "sourcing.dateline\t0.7\t50\twhy";
        let params = TrainParams {
            priors: Some(priors::Priors::parse(mine, "mine.tsv", Target::Quality).unwrap()),
            ..TrainParams::default()
        };
        let fit = fit_rows(&data, &rows, &params).unwrap();
        assert_eq!(fit.priors.len(), 1);
        assert_eq!(fit.weights[Feature::Dateline as usize], 0.7);
        assert_eq!(fit.weights[Feature::NamedSources as usize], 0.0);
    }

    #[test]
    fn groups_are_outlets_then_sites_then_records() {
        let record = |outlet: Option<&str>, link: Option<&str>| {
            let mut article = crate::Article::new("a1", Some("T".into()), "Body text here.");
            article.source = crate::Source::record("c.jsonl", 3);
            article.source.outlet = outlet.map(String::from);
            article.source.link = link.map(String::from);
            input::Record {
                article,
                label: None,
            }
        };
        let page = Some("https://www.Example.com/a?b");
        assert_eq!(
            group_of(&record(Some("Eagle-Rising"), page)),
            "outlet:eagle-rising"
        );
        assert_eq!(group_of(&record(None, page)), "example.com");
        assert_eq!(group_of(&record(None, None)), "c.jsonl:a1");
    }

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let labels: Vec<bool> = (0..103).map(|i| i % 3 == 0).collect();
        let a = stratified_folds(&labels, 5, 7);
        assert_eq!(a, stratified_folds(&labels, 5, 7));
        assert_ne!(a, stratified_folds(&labels, 5, 8));
        for k in 0..5 {
            let pos = (0..103).filter(|&i| a[i] == k && labels[i]).count();
            let total_pos = labels.iter().filter(|l| **l).count();
            assert!(
                pos.abs_diff(total_pos / 5) <= 1,
                "fold {k} has {pos} positives"
            );
        }
    }
}
