//! Models: a versioned JSON file of standardisation parameters and logistic-regression
//! weights, and exact, explainable scoring.
//!
//! The score is `sigmoid(a·(intercept + Σ wᵢ·zᵢ) + b)`, computed here, so an explanation's
//! contributions `a·wᵢ·zᵢ` sum to the calibrated logit with the calibrated intercept
//! `a·intercept + b` ([`calibration`]). For a hand-crafted feature,
//! `zᵢ = clamp((tᵢ(xᵢ) − meanᵢ) / scaleᵢ, lowᵢ, highᵢ)`: its value is transformed (`log1p` for
//! counts, lengths and rates), standardised, and clipped to the range seen in training, so no
//! single feature far outside anything seen in training can decide an article alone.
//! Hand-crafted features are centred, so a contribution says how much this article differs from
//! the average training article (for a linear model, exactly its SHAP value); a feature of a
//! part the article lacks (the headline's, when there is none) contributes nothing. Lexical
//! n-grams are presence flags, never centred, so an absent n-gram contributes nothing.

pub mod body;
pub mod calibration;
mod target;

pub use calibration::{Calibration, CalibrationMethod};
pub use target::Target;

use crate::error::ModelError;
use crate::features::lexical::{self, Vocabulary};
use crate::features::{Document, Evidence, Feature, FeatureValues, Part, PartsPresent, Unit};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The model file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// How a hand-crafted feature's value is transformed before it is standardised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transform {
    /// The value as it is.
    Identity,
    /// `sign(x)·ln(1 + |x|)`: counts, lengths and rates, whose long tails would otherwise
    /// put one article dozens of standard deviations from the mean.
    Log1p,
}

impl Transform {
    /// The transform training gives a feature of this unit.
    pub fn for_unit(unit: Unit) -> Transform {
        match unit {
            Unit::Count | Unit::Words | Unit::Per100Words => Transform::Log1p,
            _ => Transform::Identity,
        }
    }

    /// Applies it.
    pub fn apply(self, x: f64) -> f64 {
        match self {
            // Most values are 0, and ln(1 + 0) = 0: no logarithm for them.
            Transform::Log1p if x != 0.0 => x.signum() * x.abs().ln_1p(),
            _ => x,
        }
    }
}

/// The largest standardised value a hand-crafted feature may take, whatever was seen in
/// training: a rare feature (an emoji in one headline of a thousand) has a tiny scale, so one
/// occurrence would otherwise be 30 standard deviations out and decide an article alone.
pub const MAX_Z: f64 = 5.0;

/// A hand-crafted feature's standardised value: transformed, centred, scaled, then clipped to
/// `[low, high]` (the range seen in training) and to `±MAX_Z`. Returns `(z, clipped)`.
/// Training and scoring both call this.
pub fn standardize(
    transform: Transform,
    mean: f64,
    scale: f64,
    range: [f64; 2],
    x: f64,
) -> (f64, bool) {
    let z = (transform.apply(x) - mean) / scale;
    let clipped = z.clamp(range[0].max(-MAX_Z), range[1].min(MAX_Z));
    (clipped, clipped != z)
}

/// The largest magnitude a mean, weight or intercept may have. Trained models stay far below
/// it (features are standardised, weights penalised); a larger number can only come from
/// editing, and could make a score overflow to infinity or NaN.
pub const MAX_MAGNITUDE: f64 = 1e6;

/// The smallest scale: training never makes one smaller (a constant feature gets scale 1),
/// and dividing by a smaller one could overflow.
pub const MIN_SCALE: f64 = 1e-9;

/// Why a JSON file without `format_version` is refused as a model (article or body).
pub(crate) const NOT_A_MODEL: &str = "no `format_version`: this JSON is not a hypecheck model \
     file (model files are written by `hypecheck train`)";

/// The model file, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// The file format version.
    pub format_version: u32,
    /// What it predicts.
    pub target: Target,
    /// The training label of the positive class.
    pub positive_label: String,
    /// The training labels of the negative class.
    pub negative_labels: Vec<String>,
    /// Probability at or above which the positive output label is given.
    pub threshold: f64,
    /// Feature names: every hand-crafted feature in [`Feature::ALL`] order, then lexical n-grams.
    pub features: Vec<String>,
    /// Standardisation means, one per feature.
    pub means: Vec<f64>,
    /// Standardisation scales, one per feature (positive).
    pub scales: Vec<f64>,
    /// Weights on the standardised features (before calibration).
    pub weights: Vec<f64>,
    /// The intercept (the logit of an average article with no n-gram present), before
    /// calibration.
    pub intercept: f64,
    /// Per hand-crafted feature, how its value is transformed before standardising.
    pub transforms: Vec<Transform>,
    /// Per hand-crafted feature, the standardised values' range in training, `[low, high]`:
    /// scoring clips to it.
    pub ranges: Vec<[f64; 2]>,
    /// How the logit is calibrated.
    pub calibration: Calibration,
    /// A composed model's parts (sensationalism, quality): how much the headline's and the
    /// body's own logits weigh in it. Absent in a model of hand-crafted features and n-grams alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<PartWeights>,
    /// Whether its body n-grams count only in the author's voice, outside direct quotes
    /// (training sets it for quality). Absent (false) in the other models' files and in
    /// files written before it existed: every body n-gram counts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub author_voice_body_ngrams: bool,
    /// How it was trained.
    pub training: serde_json::Value,
}

impl ModelFile {
    /// A model file written before some hand-crafted features existed lists fewer of them, in
    /// [`Feature::ALL`] order. Each missing one is put where `Feature::ALL` puts it, with weight
    /// 0 (mean 0, scale 1, no transform, range `[0, 0]`), so the model scores as it did when it
    /// was trained. A file that lists them all, or lists names that are no subsequence of
    /// `Feature::ALL`, is returned as it is, for [`Model::from_file`] to judge.
    pub fn with_missing_features(mut self) -> ModelFile {
        let listed = self
            .features
            .iter()
            .take_while(|name| Feature::from_name(name).is_some())
            .count();
        let n = self.features.len();
        let lengths_agree = [self.means.len(), self.scales.len(), self.weights.len()] == [n; 3]
            && self.transforms.len() == listed
            && self.ranges.len() == listed;
        if listed >= Feature::COUNT || !lengths_agree {
            return self;
        }
        // Where each of `Feature::ALL` is in the file, if it is; the listed ones in order.
        let mut at = Vec::with_capacity(Feature::COUNT);
        let mut next = 0;
        for feature in Feature::ALL {
            if next < listed && self.features[next] == feature.name() {
                at.push(Some(next));
                next += 1;
            } else {
                at.push(None);
            }
        }
        if next < listed {
            return self; // out of order: not an older file
        }
        fn expand<T: Clone>(
            values: &[T],
            at: &[Option<usize>],
            missing: T,
            listed: usize,
        ) -> Vec<T> {
            at.iter()
                .map(|i| i.map_or_else(|| missing.clone(), |i| values[i].clone()))
                .chain(values[listed.min(values.len())..].iter().cloned())
                .collect()
        }
        let names: Vec<String> = Feature::ALL.iter().map(|f| f.name().to_string()).collect();
        self.features = names
            .into_iter()
            .chain(self.features.drain(listed..))
            .collect();
        self.means = expand(&self.means, &at, 0.0, listed);
        self.scales = expand(&self.scales, &at, 1.0, listed);
        self.weights = expand(&self.weights, &at, 0.0, listed);
        self.transforms = expand(&self.transforms, &at, Transform::Identity, listed);
        self.ranges = expand(&self.ranges, &at, [0.0, 0.0], listed);
        self
    }
}

/// The weights of the headline and body parts in an article model. Each part adds
/// `weight·(its logit − mean)` to the article's logit (before calibration), and nothing when
/// the article lacks the part: like a hand-crafted feature, a part is centred on the training
/// articles, so a missing one is neutral.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartWeights {
    /// The headline part (the headline model's calibrated logit).
    pub headline: PartWeight,
    /// The body part (the body model's calibrated logit).
    pub body: PartWeight,
}

/// One part's weight and centre.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartWeight {
    /// Its weight: non-negative in sensationalism (a more sensational part never lowers it),
    /// non-positive in quality (never raises it; [`Target::part_sign`]).
    pub weight: f64,
    /// The part's mean logit over the training articles that have it.
    pub mean: f64,
}

/// A loaded, validated model.
#[derive(Clone, Debug)]
pub struct Model {
    file: ModelFile,
    vocabulary: Vocabulary,
    digest: String,
    /// Weights times the calibration's slope: each contribution as scored.
    weights: Vec<f64>,
    /// The calibrated intercept `a·intercept + b`.
    intercept: f64,
    /// Each hand-crafted feature's part and its contribution at value 0 (most values are 0:
    /// scoring adds that without transforming, standardising and clipping again).
    hand: Vec<(Option<Part>, f64)>,
    /// Each column's share when its n-gram is present ([`Model::gram_term`]), worked out once:
    /// scoring reads one number per n-gram, not its mean, scale and weight.
    gram_shares: Vec<f64>,
}

/// One feature's share of a score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Column index in the model.
    pub column: usize,
    /// The raw feature value.
    pub value: f64,
    /// `(transform(value) − mean) / scale`, clipped to the range seen in training.
    pub standardized: f64,
    /// True when `standardized` was clipped.
    pub clipped: bool,
    /// The model's weight, calibrated (times the calibration's slope).
    pub weight: f64,
    /// `weight × standardized`: its share of the calibrated logit.
    pub contribution: f64,
    /// The spans behind the value.
    pub evidence: Vec<Evidence>,
}

/// A score and every contribution to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// `sigmoid(logit)`: the calibrated probability.
    pub probability: f64,
    /// `intercept + Σ contribution`: the calibrated logit.
    pub logit: f64,
    /// The model's calibrated intercept.
    pub intercept: f64,
    /// Every hand-crafted feature with a non-zero weight and every n-gram present, by
    /// decreasing absolute contribution.
    pub contributions: Vec<Contribution>,
}

/// Says what is wrong with a model file that is not valid JSON, naming the place, and
/// explaining the two mistakes a hand-edited or foreign-written file makes: a cut-off file,
/// and `NaN` or `Infinity`, which JSON does not have (Python's `json` writes them).
fn json_problem(text: &str, e: &serde_json::Error) -> String {
    if e.is_eof() {
        return format!("truncated: the file ends before its JSON is complete ({e})");
    }
    let (line, column) = (e.line(), e.column());
    let text_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let at = text_line
        .get(column.saturating_sub(1)..)
        .unwrap_or_default();
    let bad = ["NaN", "Infinity", "inf", "nan"]
        .into_iter()
        .find(|bad| at.starts_with(bad));
    if let Some(bad) = bad {
        // serde_json stops after a minus sign, at the word.
        let minus = text_line[..text_line.len() - at.len()].ends_with('-');
        let sign = if minus { "-" } else { "" };
        return format!(
            "`{sign}{bad}` at line {line} column {column}: JSON has no NaN or infinity, and every number in a model must be finite"
        );
    }
    if e.to_string().starts_with("number out of range") {
        return format!("{e}: every number in a model must be finite");
    }
    format!("not valid JSON ({e})")
}

/// The order of [`Model::shares`]: largest in size first, then by column. Columns are
/// unique, so the order is total and an unstable sort gives the same.
fn by_share(a: &(f64, usize), b: &(f64, usize)) -> std::cmp::Ordering {
    b.0.abs().total_cmp(&a.0.abs()).then(a.1.cmp(&b.1))
}

/// `sha256:` and the lower-case hex of the SHA-256 of `text`'s bytes: a model's digest.
pub fn sha256_digest(text: &str) -> String {
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// Parses and validates a model; `path` names it in errors.
    pub fn from_json(text: &str, path: &str) -> Result<Model, ModelError> {
        Model::from_json_with_digest(text, path, sha256_digest(text))
    }

    /// As [`Model::from_json`], with the digest of `text` already known (`sha256:` and the
    /// lower-case hex of its bytes' SHA-256): the shipped models', computed at build time, so
    /// start-up does not hash megabytes of embedded text.
    pub fn from_json_with_digest(
        text: &str,
        path: &str,
        digest: String,
    ) -> Result<Model, ModelError> {
        let corrupt = |message: String| ModelError::Corrupt {
            path: path.to_string(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| corrupt(json_problem(text, &e)))?;
        let version = value.get("format_version").and_then(|v| v.as_u64());
        match version {
            None => return Err(corrupt(NOT_A_MODEL.into())),
            Some(v) if v != FORMAT_VERSION as u64 => {
                return Err(ModelError::UnknownVersion {
                    path: path.to_string(),
                    found: v.min(u32::MAX as u64) as u32,
                    supported: FORMAT_VERSION,
                })
            }
            _ => {}
        }
        let file: ModelFile = serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
        Model::from_file(file.with_missing_features(), path, digest)
    }

    /// Loads a model file.
    pub fn load(path: &str) -> Result<Model, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.to_string(),
            source,
        })?;
        Model::from_json(&text, path)
    }

    /// Validates a model held in memory (as training produces it).
    pub fn from_file(file: ModelFile, path: &str, digest: String) -> Result<Model, ModelError> {
        let mismatch = |message: String| ModelError::FeatureMismatch {
            path: path.to_string(),
            message,
        };
        let n = file.features.len();
        let lengths = |fields: &[(&str, usize, usize)]| {
            for &(field, len, expected) in fields {
                if len != expected {
                    return Err(ModelError::Corrupt {
                        path: path.to_string(),
                        message: format!(
                            "`{field}` has {len} entries where {expected} are expected"
                        ),
                    });
                }
            }
            Ok(())
        };
        lengths(&[
            ("means", file.means.len(), n),
            ("scales", file.scales.len(), n),
            ("weights", file.weights.len(), n),
        ])?;
        // The names before the per-feature fields: a file for other features says so, by the
        // first name out of place, else (its hand-crafted names all in place, its learned ones
        // starting early) by its count.
        for (i, (name, feature)) in file.features.iter().zip(Feature::ALL).enumerate() {
            let learned =
                lexical::parse_char_name(name).is_some() || lexical::parse_name(name).is_some();
            if name != feature.name() && !learned {
                return Err(mismatch(format!(
                    "feature {i} is `{name}`, this hypecheck expects `{}`",
                    feature.name()
                )));
            }
        }
        if n < Feature::COUNT
            || file.features[..Feature::COUNT]
                .iter()
                .zip(Feature::ALL)
                .any(|(name, feature)| name != feature.name())
        {
            return Err(mismatch(format!(
                "it lists {} of the {} hand-crafted features",
                file.features
                    .iter()
                    .take_while(|name| Feature::from_name(name).is_some())
                    .count(),
                Feature::COUNT
            )));
        }
        lengths(&[
            ("transforms", file.transforms.len(), Feature::COUNT),
            ("ranges", file.ranges.len(), Feature::COUNT),
        ])?;
        let mut entries = Vec::new();
        let mut char_entries = Vec::new();
        for (i, name) in file.features.iter().enumerate().skip(Feature::COUNT) {
            if let Some(gram) = lexical::parse_char_name(name) {
                char_entries.push((gram, i));
                continue;
            }
            let (part, gram) = lexical::parse_name(name).ok_or_else(|| {
                mismatch(format!(
                    "feature {i} `{name}` is neither hand-crafted nor lexical"
                ))
            })?;
            entries.push((part, gram.to_string(), i));
        }
        let invalid = |field: &'static str, index: usize, value: f64, expected: &'static str| {
            ModelError::InvalidNumber {
                path: path.to_string(),
                field,
                index,
                value,
                expected,
            }
        };
        // Bounded numbers keep every score finite: |(x − mean) / scale × weight| stays far
        // from overflowing for any feature value an article can have.
        let bounded = |v: &f64| v.is_finite() && v.abs() <= MAX_MAGNITUDE;
        const BOUNDED: &str = "must be finite and at most 1e6 in magnitude";
        for (field, values) in [("means", &file.means), ("weights", &file.weights)] {
            if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| !bounded(v)) {
                return Err(invalid(field, i, *v, BOUNDED));
            }
        }
        if let Some((i, v)) = file
            .scales
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= MIN_SCALE))
        {
            return Err(invalid("scales", i, *v, "must be finite and at least 1e-9"));
        }
        if !bounded(&file.intercept) {
            return Err(invalid("intercept", 0, file.intercept, BOUNDED));
        }
        for (i, r) in file.ranges.iter().enumerate() {
            if !(bounded(&r[0]) && bounded(&r[1]) && r[0] <= r[1]) {
                return Err(invalid(
                    "ranges",
                    i,
                    r[0],
                    "must be finite pairs [low, high] with low <= high, at most 1e6 in magnitude",
                ));
            }
        }
        let c = &file.calibration;
        if !(c.slope.is_finite() && c.slope > 0.0 && c.slope <= 1e3) {
            return Err(invalid(
                "calibration.slope",
                0,
                c.slope,
                "must be positive and at most 1000",
            ));
        }
        if !bounded(&c.offset) {
            return Err(invalid("calibration.offset", 0, c.offset, BOUNDED));
        }
        if let Some(parts) = &file.parts {
            for (name, part) in [("headline", parts.headline), ("body", parts.body)] {
                // A more sensational part raises sensationalism and lowers quality.
                let raises = file.target.part_sign() > 0.0;
                let signed = part.weight * file.target.part_sign() >= 0.0;
                if !(bounded(&part.mean) && bounded(&part.weight) && signed) {
                    return Err(invalid(
                        "parts",
                        0,
                        part.weight,
                        match (name, raises) {
                            ("headline", true) => "the headline part's weight must be non-negative (for sensationalism) and its weight and mean finite",
                            ("headline", false) => "the headline part's weight must be non-positive (for quality) and its weight and mean finite",
                            (_, true) => "the body part's weight must be non-negative (for sensationalism) and its weight and mean finite",
                            (_, false) => "the body part's weight must be non-positive (for quality) and its weight and mean finite",
                        },
                    ));
                }
            }
        }
        if !(file.threshold > 0.0 && file.threshold < 1.0) {
            return Err(invalid(
                "threshold",
                0,
                file.threshold,
                "must be a probability between 0 and 1, both excluded",
            ));
        }
        let slope = file.calibration.slope;
        let mut vocabulary = Vocabulary::new(entries);
        for (gram, column) in char_entries {
            vocabulary.insert_char_gram(gram, column);
        }
        if file.author_voice_body_ngrams {
            vocabulary = vocabulary.author_voice_body();
        }
        let mut model = Model {
            vocabulary,
            weights: file.weights.iter().map(|w| w * slope).collect(),
            intercept: file.calibration.apply(file.intercept),
            file,
            digest,
            hand: Vec::new(),
            gram_shares: Vec::new(),
        };
        model.hand = Feature::ALL
            .iter()
            .enumerate()
            .map(|(column, f)| (f.part(), model.hand_term(column, 0.0).2))
            .collect();
        model.gram_shares = (0..model.weights.len())
            .map(|column| model.gram_term(column).1)
            .collect();
        Ok(model)
    }

    /// What it predicts.
    pub fn target(&self) -> Target {
        self.file.target
    }

    /// The stored file.
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// Feature names, in column order.
    pub fn feature_names(&self) -> &[String] {
        &self.file.features
    }

    /// Calibrated weights (the stored weights times the calibration's slope), in column order.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The calibrated intercept.
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// The calibration.
    pub fn calibration(&self) -> &Calibration {
        &self.file.calibration
    }

    /// An article model's parts, with calibrated weights (times the calibration's slope).
    pub fn parts(&self) -> Option<PartWeights> {
        let slope = self.file.calibration.slope;
        self.file.parts.map(|p| PartWeights {
            headline: PartWeight {
                weight: p.headline.weight * slope,
                mean: p.headline.mean,
            },
            body: PartWeight {
                weight: p.body.weight * slope,
                mean: p.body.mean,
            },
        })
    }

    /// A composed model's terms for its parts, `[headline, body]`: each part's calibrated
    /// weight times its logit's distance from the training mean, 0 for a part the article
    /// lacks (`None`) and for a model with no parts. Added to [`Model::logit`], they give the
    /// composed logit.
    pub fn part_terms(&self, headline: Option<f64>, body: Option<f64>) -> [f64; 2] {
        match self.parts() {
            Some(p) => [
                headline.map_or(0.0, |h| p.headline.weight * (h - p.headline.mean)),
                body.map_or(0.0, |b| p.body.weight * (b - p.body.mean)),
            ],
            None => [0.0, 0.0],
        }
    }

    /// The probability threshold for the positive label.
    pub fn threshold(&self) -> f64 {
        self.file.threshold
    }

    /// Its learned n-grams.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// SHA-256 of the model file's bytes.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// A hand-crafted feature's standardised value, whether it was clipped, and its share.
    fn hand_term(&self, column: usize, value: f64) -> (f64, bool, f64) {
        let f = &self.file;
        let (z, clipped) = standardize(
            f.transforms[column],
            f.means[column],
            f.scales[column],
            f.ranges[column],
            value,
        );
        (z, clipped, self.weights[column] * z)
    }

    /// A present n-gram's standardised value and share.
    fn gram_term(&self, column: usize) -> (f64, f64) {
        let z = (1.0 - self.file.means[column]) / self.file.scales[column];
        (z, self.weights[column] * z)
    }

    /// The calibrated logit of an article from its hand-crafted values, the parts it has, and
    /// the columns of the n-grams present. Uses exactly the arithmetic of [`Model::explain`],
    /// so the two agree to the bit.
    pub fn logit(
        &self,
        values: &[f64],
        parts: PartsPresent,
        lexical_columns: impl IntoIterator<Item = usize>,
    ) -> f64 {
        self.logit_with(values, parts, lexical_columns, |_, _| {})
    }

    /// [`Model::logit`] from its hand-crafted `values` and the `lexical` columns present,
    /// calling `each(share, column)` for every share it adds that [`Model::shares`] lists
    /// (an n-gram's only when it is not 0), in the same pass: the same shares, to the bit.
    pub fn logit_each(
        &self,
        values: &FeatureValues,
        lexical: &[usize],
        mut each: impl FnMut(f64, usize),
    ) -> f64 {
        self.logit_with(
            values.values(),
            values.parts(),
            lexical.iter().copied(),
            |share, column| {
                if column < Feature::COUNT || share != 0.0 {
                    each(share, column);
                }
            },
        )
    }

    /// [`Model::logit`], calling `each(share, column)` for every term it adds.
    fn logit_with(
        &self,
        values: &[f64],
        parts: PartsPresent,
        lexical_columns: impl IntoIterator<Item = usize>,
        mut each: impl FnMut(f64, usize),
    ) -> f64 {
        let mut logit = self.intercept;
        for (column, (value, (part, at_zero))) in values.iter().zip(&self.hand).enumerate() {
            if self.weights[column] != 0.0 && parts.has_part(*part) {
                // Most values are 0, whose share is known (up to the sign of a zero share,
                // which neither the order nor a minimum size sees).
                let share = if *value == 0.0 {
                    *at_zero
                } else {
                    self.hand_term(column, *value).2
                };
                each(share, column);
                logit += share;
            }
        }
        for column in lexical_columns {
            let share = self.gram_shares[column];
            each(share, column);
            logit += share;
        }
        logit
    }

    /// The calibrated probability of the positive class.
    /// `lexical` holds the active n-gram columns, from [`Vocabulary::columns`].
    pub fn probability(&self, values: &FeatureValues, lexical: &[usize]) -> f64 {
        sigmoid(self.logit(values.values(), values.parts(), lexical.iter().copied()))
    }

    /// The score with every contribution and its evidence. Features of a part the article
    /// lacks are left out: they contribute nothing. `lexical`: the active n-grams with their
    /// evidence, from [`Vocabulary::active`].
    pub fn explain(
        &self,
        values: &FeatureValues,
        mut lexical: Vec<(usize, Vec<Evidence>)>,
    ) -> Explanation {
        lexical.sort_unstable_by_key(|(column, _)| *column);
        let columns: Vec<usize> = lexical.iter().map(|(column, _)| *column).collect();
        let mut explanation = self.contributions(values, &columns);
        for c in &mut explanation.contributions {
            c.evidence = match Feature::ALL.get(c.column) {
                Some(feature) => values.evidence(*feature).to_vec(),
                None => columns
                    .binary_search(&c.column)
                    .map(|i| std::mem::take(&mut lexical[i].1))
                    .unwrap_or_default(),
            };
        }
        explanation
    }

    /// [`Model::explain`] without the evidence (every `evidence` is empty): the contributions
    /// in the same order, to the bit. `lexical`: the active n-gram columns, sorted, each once
    /// (from [`Vocabulary::columns`]).
    pub fn contributions(&self, values: &FeatureValues, lexical: &[usize]) -> Explanation {
        let logit = self.logit(values.values(), values.parts(), lexical.iter().copied());
        Explanation {
            probability: sigmoid(logit),
            logit,
            intercept: self.intercept,
            contributions: self
                .shares(values, lexical)
                .into_iter()
                .map(|(_, column)| self.contribution(column, values))
                .collect(),
        }
    }

    /// Every contribution of [`Model::explain`] as `(share of the logit, column)`, in its
    /// order: what choosing the largest needs, without building the others
    /// ([`Model::resolve`] builds one). `lexical` as for [`Model::contributions`].
    pub fn shares(&self, values: &FeatureValues, lexical: &[usize]) -> Vec<(f64, usize)> {
        let mut shares = Vec::with_capacity(Feature::COUNT + lexical.len());
        self.logit_each(values, lexical, |share, column| {
            shares.push((share, column))
        });
        shares.sort_unstable_by(by_share);
        shares
    }

    /// The contribution of `column` as [`Model::explain`] gives it, without its evidence.
    fn contribution(&self, column: usize, values: &FeatureValues) -> Contribution {
        let weight = self.weights[column];
        let (value, standardized, clipped, contribution) = if column < Feature::COUNT {
            let value = values.values()[column];
            let (standardized, clipped, contribution) = self.hand_term(column, value);
            (value, standardized, clipped, contribution)
        } else {
            let (standardized, contribution) = self.gram_term(column);
            (1.0, standardized, false, contribution)
        };
        Contribution {
            column,
            value,
            standardized,
            clipped,
            weight,
            contribution,
            evidence: Vec::new(),
        }
    }

    /// The contribution of `column` with its evidence, as [`Model::explain`] gives it: a
    /// hand-crafted feature's evidence from its values, an n-gram's found in `doc`
    /// ([`Vocabulary::evidence_of`]).
    pub fn resolve(&self, column: usize, values: &FeatureValues, doc: &Document) -> Contribution {
        Contribution {
            evidence: self.evidence(column, values, doc),
            ..self.contribution(column, values)
        }
    }

    /// The evidence of the contribution of `column`, as [`Model::explain`] gives it: a
    /// hand-crafted feature's from its values, an n-gram's found in `doc`
    /// ([`Vocabulary::evidence_of`]).
    pub fn evidence(&self, column: usize, values: &FeatureValues, doc: &Document) -> Vec<Evidence> {
        match Feature::ALL.get(column) {
            Some(feature) => values.evidence(*feature).to_vec(),
            None => self
                .vocabulary()
                .evidence_of(doc, &self.feature_names()[column]),
        }
    }
}

/// The `top` largest items by size of at least `min`, offered one at a time, without holding
/// them all: choosing reasons costs linear time, not a sort of every contribution. Scoring
/// offers every share of a logit as it adds it; once `top` are held, one comparison turns most
/// away. Ties at the last size are all held until [`Largest::into_sorted`] orders them.
#[derive(Clone, Debug)]
pub struct Largest<T> {
    top: usize,
    /// What an item must reach to be held: `min`, then the `top`-th largest size held.
    floor: f64,
    items: Vec<(f64, T)>,
}

impl<T> Largest<T> {
    /// Holds up to the `top` largest of at least `min` (ties at the last size included);
    /// none when `top` is 0.
    pub fn new(top: usize, min: f64) -> Largest<T> {
        Largest {
            top,
            floor: if top == 0 { f64::INFINITY } else { min },
            items: Vec::with_capacity(if top == 0 { 0 } else { 4 * top + 16 }),
        }
    }

    /// Offers an item of `size`.
    pub fn push(&mut self, size: f64, item: T) {
        if size >= self.floor {
            if self.items.len() == self.items.capacity() {
                self.compact();
            }
            self.items.push((size, item));
        }
    }

    /// Keeps the `top` largest held and any tied with the last of them (in no particular
    /// order: [`Largest::into_sorted`] orders them), which becomes the floor.
    fn compact(&mut self) {
        if self.items.len() <= self.top {
            return;
        }
        let largest_first = |a: &(f64, T), b: &(f64, T)| b.0.total_cmp(&a.0);
        let (_, last, _) = self
            .items
            .select_nth_unstable_by(self.top - 1, largest_first);
        let floor = last.0;
        let mut kept = self.top;
        for i in self.top..self.items.len() {
            if self.items[i].0 >= floor {
                self.items.swap(kept, i);
                kept += 1;
            }
        }
        self.items.truncate(kept);
        self.floor = floor;
    }

    /// The `top` largest, sorted by `order` (any order of size, largest first, made total
    /// by the items), with their sizes.
    pub fn into_sorted(
        mut self,
        order: impl FnMut(&(f64, T), &(f64, T)) -> std::cmp::Ordering,
    ) -> Vec<(f64, T)> {
        self.compact();
        self.items.sort_by(order);
        self.items.truncate(self.top);
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::Largest;

    /// `(name, sizes, top, min, the sizes kept, largest first)`.
    type Case = (&'static str, Vec<f64>, usize, f64, Vec<f64>);

    #[test]
    fn largest_keeps_what_a_full_sort_would_put_first() {
        let cases: [Case; 6] = [
            ("fewer than top", vec![0.5, 2.0], 3, 0.0, vec![2.0, 0.5]),
            (
                "top of five",
                vec![0.1, 3.0, 0.2, 2.0, 1.0],
                2,
                0.0,
                vec![3.0, 2.0],
            ),
            (
                "ties at the boundary",
                vec![1.0, 2.0, 1.0, 0.5],
                2,
                0.0,
                vec![2.0, 1.0],
            ),
            ("minimum applies", vec![0.3, 0.2, 0.1], 5, 0.25, vec![0.3]),
            ("top zero keeps none", vec![1.0, 2.0], 0, 0.0, vec![]),
            ("NaN never kept", vec![f64::NAN, 1.0], 1, 0.0, vec![1.0]),
        ];
        for (name, sizes, top, min, want) in cases {
            let mut held = Largest::new(top, min);
            for (i, size) in sizes.into_iter().enumerate() {
                held.push(size, i);
            }
            let kept: Vec<f64> = held
                .into_sorted(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)))
                .into_iter()
                .map(|x| x.0)
                .collect();
            assert_eq!(kept, want, "{name}");
        }
    }

    /// Items offered one at a time, more than `Largest` holds before compacting, with ties at
    /// every size: the first `top` are a full sort's, for every `top` and `min`.
    #[test]
    fn largest_offered_one_at_a_time_is_the_start_of_a_full_sort() {
        // Sizes with many repeats (0.0 to 4.9 in tenths), in a scrambled order, and a NaN.
        let mut sizes: Vec<f64> = (0..600).map(|i| ((i * 37) % 50) as f64 / 10.0).collect();
        sizes.push(f64::NAN);
        let order = |x: &(f64, usize), y: &(f64, usize)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
        for (top, min) in [
            (0, 0.0),
            (1, 0.0),
            (3, 0.01),
            (10, 2.0),
            (40, 0.0),
            (1000, 4.5),
        ] {
            let mut held = Largest::new(top, min);
            for (i, &size) in sizes.iter().enumerate() {
                held.push(size, i);
            }
            let mut all: Vec<(f64, usize)> = sizes
                .iter()
                .enumerate()
                .filter(|(_, &s)| s >= min)
                .map(|(i, &s)| (s, i))
                .collect();
            all.sort_by(order);
            all.truncate(top);
            assert_eq!(held.into_sorted(order), all, "top {top}, min {min}");
        }
    }
}
