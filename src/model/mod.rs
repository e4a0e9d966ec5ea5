//! Models: a versioned JSON file of standardisation parameters and logistic-regression
//! weights, and exact, explainable scoring.
//!
//! The score is `sigmoid(intercept + Σ wᵢ·zᵢ)` with `zᵢ = (xᵢ − meanᵢ) / scaleᵢ`, computed here,
//! so an explanation's contributions `wᵢ·zᵢ` sum to the logit. Hand-crafted features are
//! centred, so a contribution says how much this article differs from the average training
//! article (for a linear model, exactly its SHAP value). Lexical n-grams are presence flags,
//! neither centred nor scaled (mean 0, scale 1), so an absent n-gram contributes nothing.

pub mod evaluate;
pub mod metrics;
pub mod solver;
mod target;
pub mod train;

pub use target::Target;

use crate::error::ModelError;
use crate::features::lexical::{self, Vocabulary};
use crate::features::{Evidence, Feature, FeatureValues};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The model file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The largest magnitude a mean, weight or intercept may have. Trained models stay far below
/// it (features are standardised, weights penalised); a larger number can only come from
/// editing, and could make a score overflow to infinity or NaN.
pub const MAX_MAGNITUDE: f64 = 1e6;

/// The smallest scale: training never makes one smaller (a constant feature gets scale 1),
/// and dividing by a smaller one could overflow.
pub const MIN_SCALE: f64 = 1e-9;

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
    /// Weights on the standardised features.
    pub weights: Vec<f64>,
    /// The intercept (the logit of an average article with no n-gram present).
    pub intercept: f64,
    /// How it was trained.
    pub training: serde_json::Value,
}

/// A loaded, validated model.
#[derive(Clone, Debug)]
pub struct Model {
    file: ModelFile,
    vocabulary: Vocabulary,
    digest: String,
}

/// One feature's share of a score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Column index in the model.
    pub column: usize,
    /// The raw feature value.
    pub value: f64,
    /// `(value − mean) / scale`.
    pub standardized: f64,
    /// The model's weight.
    pub weight: f64,
    /// `weight × standardized`: its share of the logit.
    pub contribution: f64,
    /// The spans behind the value.
    pub evidence: Vec<Evidence>,
}

/// A score and every contribution to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// `sigmoid(logit)`.
    pub probability: f64,
    /// `intercept + Σ contribution`.
    pub logit: f64,
    /// The model's intercept.
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

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// Parses and validates a model; `path` names it in errors.
    pub fn from_json(text: &str, path: &str) -> Result<Model, ModelError> {
        let corrupt = |message: String| ModelError::Corrupt {
            path: path.to_string(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| corrupt(json_problem(text, &e)))?;
        let version = value.get("format_version").and_then(|v| v.as_u64());
        match version {
            None => return Err(corrupt("missing `format_version`".into())),
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
        let digest = format!("sha256:{:x}", Sha256::digest(text.as_bytes()));
        Model::from_file(file, path, digest)
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
        for (field, len) in [
            ("means", file.means.len()),
            ("scales", file.scales.len()),
            ("weights", file.weights.len()),
        ] {
            if len != n {
                return Err(ModelError::Corrupt {
                    path: path.to_string(),
                    message: format!("`{field}` has {len} entries but `features` has {n}"),
                });
            }
        }
        if n < Feature::COUNT {
            return Err(mismatch(format!(
                "it lists {n} features, fewer than the {} hand-crafted ones",
                Feature::COUNT
            )));
        }
        for (i, (name, feature)) in file.features.iter().zip(Feature::ALL).enumerate() {
            if name != feature.name() {
                return Err(mismatch(format!(
                    "feature {i} is `{name}`, this hypecheck expects `{}`",
                    feature.name()
                )));
            }
        }
        let mut entries = Vec::new();
        for (i, name) in file.features.iter().enumerate().skip(Feature::COUNT) {
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
        if !(file.threshold > 0.0 && file.threshold < 1.0) {
            return Err(invalid(
                "threshold",
                0,
                file.threshold,
                "must be a probability between 0 and 1, both excluded",
            ));
        }
        Ok(Model {
            vocabulary: Vocabulary::new(entries),
            file,
            digest,
        })
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

    /// Weights, in column order.
    pub fn weights(&self) -> &[f64] {
        &self.file.weights
    }

    /// The intercept.
    pub fn intercept(&self) -> f64 {
        self.file.intercept
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

    fn term(&self, column: usize, value: f64) -> (f64, f64) {
        let z = (value - self.file.means[column]) / self.file.scales[column];
        (z, self.file.weights[column] * z)
    }

    /// The logit of an article from its hand-crafted values and the columns of the n-grams
    /// present. Uses exactly the arithmetic of [`Model::explain`], so the two agree to the bit.
    pub fn logit(&self, values: &[f64], lexical_columns: impl IntoIterator<Item = usize>) -> f64 {
        let mut logit = self.file.intercept;
        for (column, value) in values.iter().enumerate() {
            if self.file.weights[column] != 0.0 {
                logit += self.term(column, *value).1;
            }
        }
        for column in lexical_columns {
            logit += self.term(column, 1.0).1;
        }
        logit
    }

    /// The probability of the positive class.
    /// `lexical` holds the active n-gram columns, from [`Vocabulary::columns`].
    pub fn probability(&self, values: &FeatureValues, lexical: &[usize]) -> f64 {
        sigmoid(self.logit(values.values(), lexical.iter().copied()))
    }

    /// The score with every contribution and its evidence.
    pub fn explain(
        &self,
        values: &FeatureValues,
        lexical: Vec<(usize, Vec<Evidence>)>,
    ) -> Explanation {
        let logit = self.logit(values.values(), lexical.iter().map(|(c, _)| *c));
        let mut contributions = Vec::new();
        for (column, feature) in Feature::ALL.iter().enumerate() {
            let weight = self.file.weights[column];
            if weight == 0.0 {
                continue;
            }
            let value = values.values()[column];
            let (standardized, contribution) = self.term(column, value);
            contributions.push(Contribution {
                column,
                value,
                standardized,
                weight,
                contribution,
                evidence: values.evidence(*feature).to_vec(),
            });
        }
        for (column, evidence) in lexical {
            let (standardized, contribution) = self.term(column, 1.0);
            if contribution != 0.0 {
                contributions.push(Contribution {
                    column,
                    value: 1.0,
                    standardized,
                    weight: self.file.weights[column],
                    contribution,
                    evidence,
                });
            }
        }
        contributions.sort_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then(a.column.cmp(&b.column))
        });
        Explanation {
            probability: sigmoid(logit),
            logit,
            intercept: self.file.intercept,
            contributions,
        }
    }
}
