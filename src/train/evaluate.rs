//! Evaluation: cross-validation plus the checks that keep a model honest outside its corpus's
//! style — headlines re-cased, articles scored, and per-label subsets.

use super::metrics::{
    expected_calibration_error, reliability_curve, roc_auc, saturated_share, Metrics,
    ReliabilityBin,
};
use super::{cross_validate, fit_model, labeled_class, CrossValidation, TrainParams, TrainingData};
use crate::error::TrainError;
use crate::input::{self, InputFormat};
use crate::model::calibration::Calibration;
use crate::model::{Model, Target};
use crate::{Analyzer, Article};
use serde::Serialize;

/// Everything `hypecheck eval` measures.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// The target.
    pub target: Target,
    /// Rows of the data.
    pub rows: usize,
    /// Cross-validation on the data as given.
    pub cross_validation: CrossValidation,
    /// The cross-validation's held-out predictions on bare headlines only (rows without a
    /// body): the clickbait task, apart from the articles trained beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headlines: Option<Metrics>,
    /// Cross-validation on a sentence-cased copy of the headlines (sensationalism): a model
    /// that learned a corpus's casing style would fall here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_cased: Option<CrossValidation>,
    /// [`Evaluation::headlines`] of the sentence-cased cross-validation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_cased_headlines: Option<Metrics>,
    /// Articles scored by a model fitted on all the data (sensationalism): fake and satire
    /// articles should score higher than real ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<ArticleCheck>,
    /// Cross-validation on pairs of labels (quality: real vs fake, real vs satire).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<Subset>,
    /// The cross-validation's held-out probabilities on each input of whole articles:
    /// reliability curve, ECE, saturation, ROC-AUC.
    pub calibration: Vec<CorpusCalibration>,
    /// Each input held out whole: a model fitted on every other input, tested on it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cross_corpus: Vec<CrossCorpus>,
    /// The cross-validation's held-out predictions per input, with how its folds were grouped
    /// (quality: every figure of each corpus from the one grouped cross-validation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub held_out: Vec<HeldOutSource>,
}

/// One input held out whole: the honest test of whether what a model learned holds
/// outside the corpora it was fitted on.
#[derive(Clone, Debug, Serialize)]
pub struct CrossCorpus {
    /// The input held out.
    pub path: String,
    /// Its rows.
    pub rows: usize,
    /// ROC-AUC of a model fitted on the other inputs.
    pub roc_auc: f64,
    /// Accuracy at the uncalibrated decision boundary (`logit ≥ 0`).
    pub accuracy: f64,
}

/// Leave-one-corpus-out: for each input holding both classes, a model fitted on all the
/// others (vocabulary and scaling included), scored on it.
pub fn cross_corpus(
    data: &TrainingData,
    params: &TrainParams,
) -> Result<Vec<CrossCorpus>, TrainError> {
    let mut out = Vec::new();
    if data.sources.len() < 2 {
        return Ok(out);
    }
    for (s, source) in data.sources.iter().enumerate() {
        let (test, train): (Vec<usize>, Vec<usize>) =
            (0..data.examples.len()).partition(|&i| data.examples[i].source == s);
        let labels = |rows: &[usize]| {
            let p = rows.iter().filter(|&&i| data.examples[i].label).count();
            p > 0 && p < rows.len()
        };
        if !labels(&test) || !labels(&train) {
            continue;
        }
        let fit = super::fit_rows(data, &train, params)?;
        let scorer = super::Scorer::new(&fit);
        let scored: Vec<(f64, bool)> = test
            .iter()
            .map(|&i| {
                let e = &data.examples[i];
                (super::sigmoid(scorer.logit(e)), e.label)
            })
            .collect();
        let m = Metrics::compute(&scored, 0.5);
        out.push(CrossCorpus {
            path: source.path.clone(),
            rows: test.len(),
            roc_auc: m.roc_auc,
            accuracy: m.accuracy,
        });
    }
    Ok(out)
}

/// One input's held-out predictions in the cross-validation on all the data.
#[derive(Clone, Debug, Serialize)]
pub struct HeldOutSource {
    /// The input, and which of its labels (`all`, `real vs fake`).
    pub name: String,
    /// How its rows were grouped into folds: by outlet, by web site, or one group per record.
    pub grouping: String,
    /// Rows.
    pub rows: usize,
    /// Metrics of their held-out predictions.
    pub metrics: Metrics,
}

/// Per input, the metrics of the cross-validation's held-out predictions on its rows, and on
/// its `real` and `fake` rows alone where it has both.
pub fn held_out_by_source(data: &TrainingData, cv: &CrossValidation) -> Vec<HeldOutSource> {
    let mut out = Vec::new();
    for (k, source) in data.sources.iter().enumerate() {
        let rows: Vec<usize> = (0..data.examples.len())
            .filter(|&i| data.examples[i].source == k)
            .collect();
        let mut groups: Vec<&str> = rows
            .iter()
            .map(|&i| data.examples[i].group.as_str())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let outlets = groups.iter().all(|g| g.starts_with("outlet:"));
        let grouping = if groups.len() == rows.len() {
            "one group per record (no outlet or site field)".to_string()
        } else if outlets {
            format!("grouped by outlet ({} outlets)", groups.len())
        } else {
            format!("grouped by web site ({} sites)", groups.len())
        };
        let subsets: [(&str, Option<&[&str]>); 2] =
            [("all", None), ("real vs fake", Some(&["real", "fake"]))];
        for (name, labels) in subsets {
            let scored: Vec<(f64, bool)> = rows
                .iter()
                .filter(|&&i| {
                    labels.is_none_or(|l| l.contains(&data.examples[i].label_name.as_str()))
                })
                .map(|&i| cv.predictions[i])
                .collect();
            let positives = scored.iter().filter(|s| s.1).count();
            if labels.is_some() && (positives == 0 || positives == scored.len()) {
                continue;
            }
            out.push(HeldOutSource {
                name: format!("{} ({name})", source.path),
                grouping: grouping.clone(),
                rows: scored.len(),
                metrics: Metrics::compute(&scored, 0.5),
            });
        }
    }
    out
}

/// Metrics of the held-out predictions on rows without a body, when the data mixes them with
/// articles.
pub fn headline_metrics(data: &TrainingData, cv: &CrossValidation) -> Option<Metrics> {
    let scored: Vec<(f64, bool)> = data
        .examples
        .iter()
        .zip(&cv.predictions)
        .filter(|(e, _)| !e.parts.body)
        .map(|(_, p)| *p)
        .collect();
    let mixed = scored.len() < data.examples.len();
    (mixed && !scored.is_empty()).then(|| Metrics::compute(&scored, 0.5))
}

/// Per input with articles, how the cross-validation's held-out probabilities are calibrated.
pub fn source_calibration(data: &TrainingData, cv: &CrossValidation) -> Vec<CorpusCalibration> {
    let mut out = Vec::new();
    for (k, source) in data.sources.iter().enumerate() {
        let scored: Vec<(f64, bool)> = data
            .examples
            .iter()
            .zip(&cv.predictions)
            .filter(|(e, _)| e.source == k && e.parts.body)
            .map(|(_, p)| *p)
            .collect();
        if scored.is_empty() {
            continue;
        }
        out.push(CorpusCalibration::of(&source.path, &scored));
    }
    out
}

/// Sensationalism of whole articles by their label.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleCheck {
    /// The labeled articles.
    pub path: String,
    /// Articles labeled fake or satire.
    pub unreliable: usize,
    /// Articles labeled real.
    pub real: usize,
    /// ROC-AUC of sensationalism separating fake and satire (positive) from real.
    pub roc_auc: f64,
}

/// Cross-validation on the examples of some labels only.
#[derive(Clone, Debug, Serialize)]
pub struct Subset {
    /// Which labels, e.g. `real vs fake`.
    pub name: String,
    /// Rows.
    pub rows: usize,
    /// Its cross-validation.
    pub cross_validation: CrossValidation,
}

/// A headline in sentence case: every word after the first lower-cased unless ALL CAPS.
///
/// ```
/// assert_eq!(hypecheck::train::evaluate::sentence_case("The Best NASA Photos Of The Year"), "The best NASA photos of the year");
/// ```
pub fn sentence_case(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut first = true;
    for piece in title.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        if first || all_caps {
            out.push_str(piece);
        } else {
            out.push_str(&piece.to_lowercase());
        }
        if !word.is_empty() {
            first = false;
        }
    }
    out
}

/// The part logits of an article, for a composed model ([`crate::Hypecheck::part_logits`]).
pub type PartLogits<'a> = dyn Fn(&Article) -> Vec<Option<f64>> + Sync + 'a;

/// Runs every evaluation for `target` on `paths`; `articles` is a labeled article corpus for
/// the sensationalism check (skipped when `None`).
pub fn evaluate(
    analyzer: &Analyzer,
    target: Target,
    paths: &[String],
    params: &TrainParams,
    articles: Option<&str>,
    parts: Option<&PartLogits<'_>>,
) -> Result<Evaluation, TrainError> {
    let data = match parts {
        Some(parts) => TrainingData::load_composed(analyzer, target, paths, |_| {}, parts)?,
        None => TrainingData::load(analyzer, target, paths)?,
    };
    let cross_validation = cross_validate(&data, params)?;
    let mut evaluation = Evaluation {
        target,
        rows: data.examples.len(),
        calibration: source_calibration(&data, &cross_validation),
        headlines: headline_metrics(&data, &cross_validation),
        sentence_cased_headlines: None,
        cross_validation,
        sentence_cased: None,
        articles: None,
        subsets: Vec::new(),
        cross_corpus: cross_corpus(&data, params)?,
        held_out: Vec::new(),
    };
    match target {
        Target::Headline => {
            let recased = TrainingData::load_with(analyzer, target, paths, |a: &mut Article| {
                a.title = a.title.as_deref().map(sentence_case);
            })?;
            let cv = cross_validate(&recased, params)?;
            evaluation.sentence_cased_headlines = headline_metrics(&recased, &cv);
            evaluation.sentence_cased = Some(cv);
            if let Some(path) = articles {
                let file = fit_model(&data, params, None)?;
                let model = Model::from_file(file, "<fitted>", String::new())
                    .map_err(|e| TrainError::Fit(e.to_string()))?;
                // The headline model has no parts.
                let no_parts = |_: &Article| Vec::new();
                evaluation.articles = Some(article_check(analyzer, &model, path, &no_parts)?);
            }
        }
        Target::Quality => {
            evaluation.held_out = held_out_by_source(&data, &evaluation.cross_validation);
            for (name, labels) in [
                ("real vs fake", ["real", "fake"]),
                ("real vs satire", ["real", "satire"]),
            ] {
                let subset = data.subset(&labels);
                let (p, n) = subset.class_counts();
                if p.min(n) < params.folds {
                    continue;
                }
                evaluation.subsets.push(Subset {
                    name: name.to_string(),
                    rows: subset.examples.len(),
                    cross_validation: cross_validate(&subset, params)?,
                });
            }
        }
        Target::Sensationalism | Target::Body => {}
    }
    Ok(evaluation)
}

/// Scores labeled articles for sensationalism: fake and satire should outrank real.
pub fn article_check(
    analyzer: &Analyzer,
    model: &Model,
    path: &str,
    parts: &PartLogits<'_>,
) -> Result<ArticleCheck, TrainError> {
    let mut scored = Vec::new();
    for record in input::open(path, Some(InputFormat::Jsonl))? {
        let record = record?;
        let unreliable = match record.label.as_deref() {
            Some("fake" | "satire") => true,
            Some("real") => false,
            _ => continue,
        };
        scored.push((score(analyzer, model, &record.article, parts), unreliable));
    }
    let unreliable = scored.iter().filter(|s| s.1).count();
    Ok(ArticleCheck {
        path: path.to_string(),
        unreliable,
        real: scored.len() - unreliable,
        roc_auc: roc_auc(&scored),
    })
}

fn score(analyzer: &Analyzer, model: &Model, article: &Article, parts: &PartLogits<'_>) -> f64 {
    crate::model::sigmoid(super::article_logit(analyzer, model, article, parts))
}

/// Measures a fitted model on held-out labeled data (records with no text and labels the
/// target sets aside are skipped, as in training).
pub fn held_out(
    analyzer: &Analyzer,
    model: &Model,
    paths: &[String],
    parts: &PartLogits<'_>,
) -> Result<Metrics, TrainError> {
    let target = model.target();
    let mut scored = Vec::new();
    for path in paths {
        for record in input::open(path, Some(InputFormat::Jsonl))? {
            // Skipped as training skips them: a record with no text, a label set aside.
            let super::Kept::Use(record) = super::keep(target, record)? else {
                continue;
            };
            let (_, class) = labeled_class(target, path, &record)?;
            scored.push((score(analyzer, model, &record.article, parts), class));
        }
    }
    Ok(Metrics::compute(&scored, model.threshold()))
}

/// How well a model's probabilities are calibrated on one corpus of whole articles.
#[derive(Clone, Debug, Serialize)]
pub struct CorpusCalibration {
    /// The corpus.
    pub path: String,
    /// Its articles (with a body, and a label that maps to the target).
    pub articles: usize,
    /// ROC-AUC of the probability against the label.
    pub roc_auc: f64,
    /// Expected calibration error, 10 bins.
    pub ece: f64,
    /// Share of probabilities outside `[0.02, 0.98]`.
    pub saturated_share: f64,
    /// The reliability curve, 10 bins.
    pub curve: Vec<ReliabilityBin>,
    /// For a fitted model on other corpora: the ECE a calibration of the model's method
    /// refitted in 5 folds grouped by site would reach (each fold calibrated on the other four).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_fitted_ece: Option<f64>,
    /// Its saturated share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_fitted_saturated_share: Option<f64>,
}

impl CorpusCalibration {
    /// The figures of `(probability, class)` pairs.
    fn of(path: &str, scored: &[(f64, bool)]) -> CorpusCalibration {
        let probabilities: Vec<f64> = scored.iter().map(|s| s.0).collect();
        CorpusCalibration {
            path: path.to_string(),
            articles: scored.len(),
            roc_auc: roc_auc(scored),
            ece: expected_calibration_error(scored, 10),
            saturated_share: saturated_share(&probabilities, 0.02),
            curve: reliability_curve(scored, 10),
            cross_fitted_ece: None,
            cross_fitted_saturated_share: None,
        }
    }
}

/// Calibration of `model` on labeled article corpora (labels as [`super::article_logits`]
/// maps them), per corpus.
pub fn article_calibration(
    analyzer: &Analyzer,
    model: &Model,
    paths: &[String],
    parts: &PartLogits<'_>,
) -> Result<Vec<CorpusCalibration>, TrainError> {
    const FOLDS: u64 = 5;
    let mut rows = Vec::new();
    for (k, path) in paths.iter().enumerate() {
        for (logit, y, group) in
            super::article_logits(analyzer, model, std::slice::from_ref(path), parts)?
        {
            let fold = group.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
            }) % FOLDS;
            rows.push((k, logit, y, fold));
        }
    }
    let own = model.calibration();
    let mut crossed = vec![0.0; rows.len()];
    for fold in 0..FOLDS {
        let train: Vec<(f64, bool)> = rows
            .iter()
            .filter(|r| r.3 != fold)
            .map(|r| (r.1, r.2))
            .collect();
        let c = Calibration::fit(&train, own.method, "cross-fit");
        for (i, r) in rows.iter().enumerate().filter(|(_, r)| r.3 == fold) {
            crossed[i] = crate::model::sigmoid(c.apply(r.1));
        }
    }
    let mut out = Vec::new();
    for (k, path) in paths.iter().enumerate() {
        let idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].0 == k).collect();
        let shipped: Vec<(f64, bool)> = idx
            .iter()
            .map(|&i| (crate::model::sigmoid(own.apply(rows[i].1)), rows[i].2))
            .collect();
        let cross: Vec<(f64, bool)> = idx.iter().map(|&i| (crossed[i], rows[i].2)).collect();
        let crossed: Vec<f64> = cross.iter().map(|x| x.0).collect();
        out.push(CorpusCalibration {
            cross_fitted_ece: Some(expected_calibration_error(&cross, 10)),
            cross_fitted_saturated_share: Some(saturated_share(&crossed, 0.02)),
            ..CorpusCalibration::of(path, &shipped)
        });
    }
    Ok(out)
}
