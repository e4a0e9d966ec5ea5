//! hypecheck scores how sensational a news article's language is and how well it is sourced,
//! and says why, pointing at the exact words. Three things users do with it:
//!
//! **Score** an article. [`Article::from_text`] reads pasted text as it arrives (the first line
//! is the headline when it looks like one); [`Hypecheck::score`] gives each score's probability
//! and label, and a [`Report`] prints as the human view:
//!
//! ```
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new()?;
//! let article = Article::from_text(
//!     "SHOCKING: You Won't Believe What This Town Did Next!!!\n\n\
//!      You will not believe it. This is the most INSANE, jaw-dropping story ever!!!",
//! );
//! assert_eq!(
//!     article.title.as_deref(),
//!     Some("SHOCKING: You Won't Believe What This Town Did Next!!!")
//! );
//! let report = hc.score(&article);
//! assert_eq!(report.labels.sensationalism, "sensational");
//! assert!(report.scores.sensationalism > 0.9);
//! // Too short to judge its sourcing.
//! assert!(report.scores.quality.is_none());
//! println!("{report}");
//! # Ok::<(), hypecheck::Error>(())
//! ```
//!
//! **Explain** a score. [`Hypecheck::explain`] adds every contribution with its words, and a
//! [`report::Summary`] per score: the baseline (the model's intercept), the reasons that moved
//! the score (learned n-grams grouped per direction), the features the article lacks, and the
//! rest, summing exactly to the logit. [`Report::top_reasons`] gives the largest reasons:
//!
//! ```
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new()?;
//! let report = hc.explain(&Article::from_text("This SHOCKING trick will blow your mind!!!"));
//! let s = &report.summary.as_ref().unwrap().sensationalism;
//! let lines = s.baseline
//!     + s.reasons.iter().map(|r| r.contribution).sum::<f64>()
//!     + s.absent.contribution
//!     + s.rest.contribution;
//! assert!((lines - s.logit).abs() < 1e-9);
//! for reason in report.top_reasons(3) {
//!     println!("{:+.2} {} {:?}", reason.contribution, reason.label, reason.words);
//! }
//! // Every contribution keeps the words behind it.
//! let e = &report.explanations.as_ref().unwrap().sensationalism;
//! let hype = e.contributions.iter().find(|c| c.feature == "hype.title_hype_words").unwrap();
//! assert_eq!(hype.evidence[0].text, "SHOCKING");
//! # Ok::<(), hypecheck::Error>(())
//! ```
//!
//! **Train** a model on labeled examples (JSON Lines with `title`, `body` and `label`; the
//! `hypecheck train` command does the same and writes the model file), then score with it:
//!
//! ```
//! use hypecheck::train::{self, TrainParams, TrainingData};
//! use hypecheck::{Analyzer, Article, Hypecheck, Model, Target};
//!
//! let data = TrainingData::load(
//!     &Analyzer::new(),
//!     Target::Headline,
//!     &["training_data/sensationalism.jsonl".to_string()],
//! )?;
//! let params = TrainParams {
//!     vocabulary_size: 300,
//!     folds: 3,
//!     ..TrainParams::for_target(Target::Headline)
//! };
//! let file = train::train(&data, &params)?;
//! let model = Model::from_file(file, "<trained>", String::new())?;
//! let hc = Hypecheck::builder().model(model).build()?;
//! let loud = hc.score(&Article::from_text("You Won't Believe These 12 Shocking Photos!!!"));
//! let calm = hc.score(&Article::from_text("Council approves road budget for 2027"));
//! assert!(loud.scores.headline > calm.scores.headline);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Pasted text is read as it arrives: a kicker is set apart, the first line is the headline
//! only when it looks like one, and a dateline is recognised ([`article::lede`]):
//!
//! ```
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new().unwrap();
//! let a = Article::from_text("DENVER (AP) — The city council voted 7 to 2 on Monday to approve the budget, the clerk said.");
//! assert_eq!(a.title, None);
//! let report = hc.score(&a);
//! assert_eq!(report.dateline.unwrap().text, "DENVER (AP) —");
//! assert!(report.warnings.iter().any(|w| w.starts_with("no headline")));
//! ```
//!
//! The data flows one way: input → [`Article`] → [`text`] analysis (over the [`tokenizer`] and
//! [`lexicon`]s) → [`features`] → [`model`] → [`Report`] → [`render`]. [`train`] sits above
//! them all: it drives the pipeline over labeled data and writes model files.
#![deny(missing_docs)]
#![deny(rustdoc::all)]

pub mod article;
pub mod batch;
pub mod error;
pub mod features;
pub mod input;
pub mod language;
pub mod lexicon;
pub mod model;
pub mod render;
pub mod report;
pub mod span;
pub mod text;
pub mod tokenizer;
pub mod train;
pub mod triage;

/// What unit tests across modules share.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// The bundled plain-text examples (`examples/*.txt`): each path and its text.
    pub(crate) fn example_texts() -> Vec<(PathBuf, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) == Some("txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
        out
    }
}

pub use article::{Article, HeadlineMode, Source};
pub use error::{Error, InputError, LexiconError, ModelError, TrainError};
use features::Family;
pub use features::{Document, Evidence, Feature, FeatureValues, Part};
pub use lexicon::Lexicons;
pub use model::body::BodyModel;
pub use model::{Model, Target};
pub use report::Report;
pub use span::Span;

use rayon::prelude::*;
use report::{
    ContributionReport, ExplanationReport, Explanations, FeatureMap, Labels, Provenance, Scores,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use text::{TextAnalysis, Tokenizer};

/// A model embedded in the binary: its name in errors, its text, and the digest of its text
/// (`sha256:` and the hex of the file's SHA-256, computed at build time by `build.rs`).
struct Shipped {
    path: &'static str,
    text: &'static str,
    sha256: &'static str,
}

impl Shipped {
    fn digest(&self) -> String {
        format!("sha256:{}", self.sha256)
    }

    fn model(&self) -> Result<Model, ModelError> {
        Model::from_json_with_digest(self.text, self.path, self.digest())
    }

    fn body_model(&self) -> Result<BodyModel, ModelError> {
        BodyModel::from_json_with_digest(self.text, self.path, self.digest())
    }
}

/// The shipped models of hand-crafted features and n-grams, embedded in the binary.
const SHIPPED_MODELS: [(Target, Shipped); 3] = [
    (
        Target::Sensationalism,
        Shipped {
            path: "<shipped>/sensationalism.json",
            text: include_str!("../models/sensationalism.json"),
            sha256: env!("HYPECHECK_SHA256_SENSATIONALISM"),
        },
    ),
    (
        Target::Quality,
        Shipped {
            path: "<shipped>/quality.json",
            text: include_str!("../models/quality.json"),
            sha256: env!("HYPECHECK_SHA256_QUALITY"),
        },
    ),
    (
        Target::Headline,
        Shipped {
            path: "<shipped>/headline.json",
            text: include_str!("../models/headline.json"),
            sha256: env!("HYPECHECK_SHA256_HEADLINE"),
        },
    ),
];

/// The shipped body model, embedded in the binary.
const SHIPPED_BODY_MODEL: Shipped = Shipped {
    path: "<shipped>/body.json",
    text: include_str!("../models/body.json"),
    sha256: env!("HYPECHECK_SHA256_BODY"),
};

/// Tokenizer and lexicons: turns articles into analysed documents and feature values.
pub struct Analyzer {
    tokenizer: Tokenizer,
    lexicons: Lexicons,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    /// An analyzer with the embedded lexicons.
    pub fn new() -> Analyzer {
        let tokenizer = Tokenizer::new();
        let lexicons = Lexicons::embedded(&tokenizer);
        Analyzer {
            tokenizer,
            lexicons,
        }
    }

    /// An analyzer whose lexicons are read from `dir` (files missing there keep their default).
    pub fn with_lexicons_dir(dir: &Path) -> Result<Analyzer, LexiconError> {
        let tokenizer = Tokenizer::new();
        let lexicons = Lexicons::from_dir(&tokenizer, dir)?;
        Ok(Analyzer {
            tokenizer,
            lexicons,
        })
    }

    /// Analyses an article's title and body.
    pub fn document<'a>(&self, article: &'a Article) -> Document<'a> {
        Document {
            kicker: self.analyze(article.kicker.as_deref().unwrap_or("")),
            kicker_kind: article
                .kicker
                .as_deref()
                .and_then(article::lede::kicker_kind),
            title: self.analyze(article.title.as_deref().unwrap_or("")),
            body: self.analyze(&article.body),
            dateline: article::lede::dateline(&article.body),
            has_title: article.title.is_some(),
        }
    }

    /// Analyses one piece of text.
    pub fn analyze<'t>(&self, text: &'t str) -> TextAnalysis<'t> {
        TextAnalysis::new(text, &self.tokenizer, &self.lexicons)
    }

    /// Computes every hand-crafted feature of a document.
    pub fn features(&self, doc: &Document) -> FeatureValues {
        features::extract(doc, &self.lexicons)
    }

    /// The lexicons in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// The tokenizer in use.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }
}

/// Builds a [`Hypecheck`] with other lexicons or models than the shipped ones.
#[derive(Default)]
pub struct Builder {
    lexicons_dir: Option<std::path::PathBuf>,
    models: Vec<Model>,
    body: Option<BodyModel>,
}

impl Builder {
    /// Reads lexicons from `dir`, each file replacing its embedded default.
    pub fn lexicons_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Builder {
        self.lexicons_dir = Some(dir.into());
        self
    }

    /// Uses `model` in place of the shipped model for the target it declares.
    pub fn model(mut self, model: Model) -> Builder {
        self.models.push(model);
        self
    }

    /// Reads a model file and uses it in place of the shipped model of the target it declares
    /// (`headline`, `body`, `sensationalism` or `quality`).
    pub fn model_file(self, path: &str) -> Result<Builder, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.to_string(),
            source,
        })?;
        let target = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("target").and_then(|t| t.as_str()).map(String::from));
        Ok(match target.as_deref() {
            Some("body") => self.body_model(BodyModel::from_json(&text, path)?),
            _ => self.model(Model::from_json(&text, path)?),
        })
    }

    /// Uses `model` in place of the shipped body model.
    pub fn body_model(mut self, model: BodyModel) -> Builder {
        self.body = Some(model);
        self
    }

    /// Builds it.
    ///
    /// The shipped models a caller did not replace are parsed while the lexicons are compiled,
    /// in parallel: start-up is a visible share of a short run.
    pub fn build(self) -> Result<Hypecheck, Error> {
        let mut chosen: BTreeMap<Target, Model> = BTreeMap::new();
        for model in self.models {
            chosen.insert(model.target(), model);
        }
        let shipped: Vec<_> = SHIPPED_MODELS
            .iter()
            .filter(|(target, _)| !chosen.contains_key(target))
            .collect();
        let want_body = self.body.is_none();
        let (analyzer, (shipped, body)) = rayon::join(
            || match &self.lexicons_dir {
                Some(dir) => Analyzer::with_lexicons_dir(dir),
                None => Ok(Analyzer::new()),
            },
            || {
                rayon::join(
                    || {
                        shipped
                            .par_iter()
                            .map(|(_, shipped)| shipped.model())
                            .collect::<Result<Vec<Model>, ModelError>>()
                    },
                    || {
                        want_body
                            .then(|| SHIPPED_BODY_MODEL.body_model())
                            .transpose()
                    },
                )
            },
        );
        let analyzer = analyzer?;
        for model in shipped? {
            chosen.entry(model.target()).or_insert(model);
        }
        let body = match self.body {
            Some(body) => body,
            None => body?.ok_or_else(|| {
                Error::Model(ModelError::Corrupt {
                    path: SHIPPED_BODY_MODEL.path.into(),
                    message: "no body model".into(),
                })
            })?,
        };
        let mut model = |t: Target| {
            chosen.remove(&t).ok_or_else(|| {
                Error::Model(ModelError::Corrupt {
                    path: "<shipped>".into(),
                    message: format!("no model for target `{}`", t.name()),
                })
            })
        };
        let sensationalism = model(Target::Sensationalism)?;
        let quality = model(Target::Quality)?;
        let headline = model(Target::Headline)?;
        let mut models: BTreeMap<String, String> = [&sensationalism, &quality, &headline]
            .iter()
            .map(|m| (m.target().name().to_string(), m.digest().to_string()))
            .collect();
        models.insert("body".into(), body.digest().to_string());
        let provenance = Arc::new(Provenance {
            hypecheck_version: env!("CARGO_PKG_VERSION"),
            models,
            lexicons: analyzer.lexicons.digest().to_string(),
        });
        Ok(Hypecheck {
            analyzer,
            sensationalism,
            quality,
            headline,
            body,
            provenance,
        })
    }
}

/// The calibrated logits of an article's headline part (headline model) and body part (body
/// model), `None` for a part it lacks.
fn part_logits(
    analyzer: &Analyzer,
    headline: &Model,
    body: &BodyModel,
    article: &Article,
) -> [Option<f64>; 2] {
    let doc = analyzer.document(article);
    let headline = doc.has_title.then(|| {
        let values = analyzer.features(&doc);
        let columns = headline.vocabulary().columns(&doc);
        headline.logit(values.values(), values.parts(), columns)
    });
    [headline, body.logit(&doc.body, doc.dateline)]
}

/// The two parts of sensationalism alone: the shipped headline and body models, without the
/// article models. Training the article model of sensationalism needs only these, so a
/// feature added to the pipeline can be trained into it before the old article model (made
/// for the old feature set) is replaced.
pub struct PartModels {
    analyzer: Analyzer,
    headline: Model,
    body: BodyModel,
}

impl PartModels {
    /// The shipped headline and body models, with the embedded lexicons.
    pub fn shipped() -> Result<PartModels, Error> {
        let (_, headline) = SHIPPED_MODELS
            .iter()
            .find(|(target, _)| *target == Target::Headline)
            .ok_or_else(|| {
                Error::Model(ModelError::Corrupt {
                    path: "<shipped>".into(),
                    message: "no model for target `headline`".into(),
                })
            })?;
        Ok(PartModels {
            analyzer: Analyzer::new(),
            headline: headline.model()?,
            body: SHIPPED_BODY_MODEL.body_model()?,
        })
    }

    /// As [`Hypecheck::part_logits`].
    pub fn part_logits(&self, article: &Article) -> [Option<f64>; 2] {
        part_logits(&self.analyzer, &self.headline, &self.body, article)
    }
}

/// `text` cut to at most `max` characters, with `…` when cut.
fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The scorer: an analyzer and the models.
///
/// `sensationalism` is composed exactly: its article model's hand-crafted body features, plus
/// `weight·(logit − mean)` of the headline part (the headline model) and of the body part (the
/// body model, the mean over the author's sentences), each only when the article has the
/// part. Its explanation lists each part's contributions times that part's weight, so they
/// still sum to the logit.
pub struct Hypecheck {
    analyzer: Analyzer,
    sensationalism: Model,
    quality: Model,
    headline: Model,
    body: BodyModel,
    /// Shared by every report (the same for all of them).
    provenance: Arc<Provenance>,
}

impl Hypecheck {
    /// The shipped models and embedded lexicons.
    pub fn new() -> Result<Hypecheck, Error> {
        Builder::default().build()
    }

    /// A builder for other lexicons or models.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The analyzer.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The model for a target of hand-crafted features and n-grams (the body model is
    /// [`Hypecheck::body_model`]; for [`Target::Body`] this gives the headline model).
    pub fn model(&self, target: Target) -> &Model {
        match target {
            Target::Sensationalism => &self.sensationalism,
            Target::Quality => &self.quality,
            Target::Headline | Target::Body => &self.headline,
        }
    }

    /// The body model.
    pub fn body_model(&self) -> &BodyModel {
        &self.body
    }

    /// The calibrated logits of an article's headline part and body part (`None` for a part
    /// it lacks): the inputs the article model of sensationalism combines, and what it is
    /// trained on.
    pub fn part_logits(&self, article: &Article) -> [Option<f64>; 2] {
        part_logits(&self.analyzer, &self.headline, &self.body, article)
    }

    /// Scores an article: scores, labels and feature values, no explanations.
    pub fn score(&self, article: &Article) -> Report {
        self.report(article, false, None).0
    }

    /// Scores an article and explains every score, with the evidence behind it.
    pub fn explain(&self, article: &Article) -> Report {
        self.report(article, true, None).0
    }

    /// Scores an article (the report of [`Hypecheck::score`]) and gives the `top` largest
    /// contributions to sensationalism and to quality of at least `min` in size: the first
    /// ones of [`Hypecheck::explain`]'s contributions, the same to the bit, evidence
    /// included, at a fraction of its cost (only these are named and resolved). The CLI's
    /// human view shows `top` 3 with `min` 0.01.
    pub fn score_with_reasons(&self, article: &Article, top: usize, min: f64) -> (Report, Reasons) {
        let (report, chosen) = self.report(article, false, Some((top, min)));
        let [sensationalism, quality] = chosen.unwrap_or_default();
        let reports = |chosen: Vec<Chosen>| chosen.iter().map(|c| c.report(article)).collect();
        let reasons = Reasons {
            sensationalism: reports(sensationalism),
            quality: reports(quality),
        };
        (report, reasons)
    }

    /// [`Hypecheck::score_with_reasons`] with each reason in words, as the human view words
    /// it ([`render::describe`]): its feature, its contribution to the logit and a text,
    /// without resolving every piece of its evidence (what the Python package's Arrow columns
    /// hold). `[sensationalism, quality]`, largest first.
    pub fn score_with_reason_texts(
        &self,
        article: &Article,
        top: usize,
        min: f64,
    ) -> (Report, [Vec<ReasonText>; 2]) {
        let (report, chosen) = self.report(article, false, Some((top, min)));
        let [sensationalism, quality] = chosen.unwrap_or_default();
        let texts = |chosen: Vec<Chosen>| chosen.into_iter().map(|c| c.text(article)).collect();
        (report, [texts(sensationalism), texts(quality)])
    }

    /// The body part's contribution `i` of `b` (its unsorted contributions), its evidence
    /// found, at the part's weight `scale` in a composed score.
    fn body_chosen(
        &self,
        b: &model::Explanation,
        i: usize,
        doc: &features::Document,
        scale: f64,
    ) -> Chosen {
        let c = &b.contributions[i];
        Chosen {
            feature: self.body.feature_name(c.column),
            family: Family::Lexical,
            contribution: model::Contribution {
                evidence: self.body.evidence(c.column, &doc.body, doc.dateline),
                clipped: false,
                ..c.clone()
            },
            scale,
            component: Some(report::Component::Body),
        }
    }

    fn report(
        &self,
        article: &Article,
        explain: bool,
        top: Option<(usize, f64)>,
    ) -> (Report, Option<[Vec<Chosen>; 2]>) {
        let doc = self.analyzer.document(article);
        let values = self.analyzer.features(&doc);
        let mut unscored = BTreeMap::new();
        let label = |p: f64, target: Target| {
            let (yes, no) = target.output_labels();
            if p >= self.model(target).threshold() {
                yes
            } else {
                no
            }
            .to_string()
        };

        // Scoring needs only the columns present; the evidence of the few reasons named is
        // found afterwards, one n-gram at a time.
        let columns = |model: &Model| model.vocabulary().columns(&doc);

        // Reasons: each share of a logit is offered as it is added, scaled as in the composed
        // score, and only those that can be among the `top` are held.
        let (top, min) = match top {
            Some(top) if !explain => top,
            _ => (0, 0.0),
        };
        use report::Component;
        let mut held: model::Largest<(Component, usize)> = model::Largest::new(top, min);
        let mut score = |model: &Model, component: Component, scale: Option<f64>| {
            let columns = columns(model);
            match scale {
                Some(scale) if top > 0 => model.logit_each(&values, &columns, |share, column| {
                    held.push((share * scale).abs(), (component, column))
                }),
                _ => model.logit(values.values(), values.parts(), columns.iter().copied()),
            }
        };

        // The parts of sensationalism, then the article's.
        let headline = &self.headline;
        let article_model = &self.sensationalism;
        let parts = article_model.parts();
        let headline_logit = doc.has_title.then(|| {
            score(
                headline,
                Component::Headline,
                parts.map(|p| p.headline.weight),
            )
        });
        let author_sentences = self.body.author_sentences(&doc.body, doc.dateline);
        let body_logit = self.body.logit_of(&author_sentences);
        let [h_term, b_term] = article_model.part_terms(headline_logit, body_logit);
        let article_logit = score(article_model, Component::Article, Some(1.0));
        let sensationalism_logit = article_logit + h_term + b_term;
        let sensationalism = model::sigmoid(sensationalism_logit);

        // Quality takes the parts too (a more sensational part lowers it), by its own weights.
        let quality_model = &self.quality;
        let quality_parts = quality_model.parts();
        let [qh_term, qb_term] = quality_model.part_terms(headline_logit, body_logit);
        let needed = Target::Quality.min_body_words();
        let quality_scored = doc.body.words >= needed;
        if !quality_scored {
            unscored.insert(
                Target::Quality.name().to_string(),
                format!(
                    "the body has {} word{}; judging sourcing needs at least {needed}",
                    doc.body.words,
                    if doc.body.words == 1 { "" } else { "s" }
                ),
            );
        }
        let mut quality = None;
        let mut explanations = None;
        let mut reasons = None;
        if explain {
            let headline_e = headline_logit.map(|_| {
                let e = headline.explain(&values, headline.vocabulary().active(&doc));
                ExplanationReport::new(&e, headline, article)
            });
            let body_e = body_logit.and_then(|_| {
                self.body
                    .explain(&doc.body, doc.dateline)
                    .map(|e| ExplanationReport::body(&e, &self.body, article, 3))
            });
            let article_e = article_model.explain(&values, article_model.vocabulary().active(&doc));
            let mut composed = ExplanationReport::new(&article_e, article_model, article);
            for c in &mut composed.contributions {
                c.component = Some(report::Component::Article);
            }
            add_parts(&mut composed, parts, headline_e.as_ref(), body_e.as_ref());
            if let (Some(_), Some(b)) = (parts, &body_e) {
                composed.sentences = b.sentences.clone();
            }
            composed.logit = sensationalism_logit;
            composed.probability = sensationalism;
            let quality_e = quality_scored.then(|| {
                let e = quality_model.explain(&values, quality_model.vocabulary().active(&doc));
                let mut composed = ExplanationReport::new(&e, quality_model, article);
                add_parts(
                    &mut composed,
                    quality_parts,
                    headline_e.as_ref(),
                    body_e.as_ref(),
                );
                composed.logit = e.logit + qh_term + qb_term;
                composed.probability = model::sigmoid(composed.logit);
                quality = Some(composed.probability);
                composed
            });
            explanations = Some(Explanations {
                sensationalism: composed,
                quality: quality_e,
                headline: headline_e,
                body: body_e,
            });
        } else if top > 0 {
            // The body's contributions, offered after the article's and the headline's.
            let b = self
                .body
                .unsorted_contributions(&author_sentences, &doc.body, doc.dateline);
            if let (Some(p), Some(b)) = (parts, &b) {
                for (i, c) in b.contributions.iter().enumerate() {
                    held.push((c.contribution * p.body.weight).abs(), (Component::Body, i));
                }
            }
            let name = |component: Component, i: usize| -> std::borrow::Cow<'_, str> {
                match (component, &b) {
                    (Component::Headline, _) => headline.feature_names()[i].as_str().into(),
                    (Component::Body, Some(b)) => {
                        self.body.feature_name(b.contributions[i].column).into()
                    }
                    _ => article_model.feature_names()[i].as_str().into(),
                }
            };
            // `explain`'s order: largest first, then by name, then in the order it lists the
            // components (a name can be the article's and the headline's).
            let rank = |c: Component| match c {
                Component::Article => 0,
                Component::Headline => 1,
                Component::Body => 2,
            };
            let sensationalism_reasons = held
                .into_sorted(|(x, (cx, ix)), (y, (cy, iy))| {
                    y.total_cmp(x)
                        .then_with(|| name(*cx, *ix).cmp(&name(*cy, *iy)))
                        .then_with(|| rank(*cx).cmp(&rank(*cy)))
                })
                .into_iter()
                .map(|(_, (component, i))| match (component, parts, &b) {
                    (Component::Headline, Some(p), _) => Chosen::of_model(
                        headline.resolve(i, &values, &doc),
                        headline,
                        p.headline.weight,
                        Some(component),
                    ),
                    (Component::Body, Some(p), Some(b)) => {
                        self.body_chosen(b, i, &doc, p.body.weight)
                    }
                    _ => Chosen::of_model(
                        article_model.resolve(i, &values, &doc),
                        article_model,
                        1.0,
                        Some(Component::Article),
                    ),
                })
                .collect();
            let quality_reasons = if quality_scored {
                // Quality's own shares (no component), then its parts', scaled by its weights.
                let mut held: model::Largest<(Option<Component>, usize)> =
                    model::Largest::new(top, min);
                let own = columns(quality_model);
                let logit = quality_model.logit_each(&values, &own, |share, column| {
                    held.push(share.abs(), (None, column))
                });
                let weights =
                    quality_parts.map_or([0.0, 0.0], |p| [p.headline.weight, p.body.weight]);
                if weights[0] != 0.0 && headline_logit.is_some() {
                    let columns = columns(headline);
                    headline.logit_each(&values, &columns, |share, column| {
                        held.push(
                            (share * weights[0]).abs(),
                            (Some(Component::Headline), column),
                        )
                    });
                }
                if let (true, Some(b)) = (weights[1] != 0.0, &b) {
                    for (i, c) in b.contributions.iter().enumerate() {
                        held.push(
                            (c.contribution * weights[1]).abs(),
                            (Some(Component::Body), i),
                        );
                    }
                }
                quality = Some(model::sigmoid(logit + qh_term + qb_term));
                let name = |component: Option<Component>, i: usize| match component {
                    None => quality_model.feature_names()[i].as_str().into(),
                    Some(c) => name(c, i),
                };
                let rank = |c: Option<Component>| c.map_or(0, |c| 1 + rank(c));
                // `explain`'s order: largest first, then by name, then by component.
                held.into_sorted(|(x, (cx, ix)), (y, (cy, iy))| {
                    y.total_cmp(x)
                        .then_with(|| name(*cx, *ix).cmp(&name(*cy, *iy)))
                        .then_with(|| rank(*cx).cmp(&rank(*cy)))
                })
                .into_iter()
                .map(|(_, (component, i))| match (component, &b) {
                    (Some(Component::Headline), _) => Chosen::of_model(
                        headline.resolve(i, &values, &doc),
                        headline,
                        weights[0],
                        component,
                    ),
                    (Some(Component::Body), Some(b)) => self.body_chosen(b, i, &doc, weights[1]),
                    _ => Chosen::of_model(
                        quality_model.resolve(i, &values, &doc),
                        quality_model,
                        1.0,
                        None,
                    ),
                })
                .collect()
            } else {
                Vec::new()
            };
            reasons = Some([sensationalism_reasons, quality_reasons]);
        } else if quality_scored {
            let lexical = quality_model.vocabulary().columns(&doc);
            let logit = quality_model.logit(values.values(), values.parts(), lexical);
            quality = Some(model::sigmoid(logit + qh_term + qb_term));
        }

        let (language, mut warnings) = language::detect(article, &doc);
        if !article.furniture.is_empty() {
            let n = article.furniture.len();
            let shown: Vec<String> = article
                .furniture
                .iter()
                .take(3)
                .map(|line| format!("`{}`", truncate_chars(line, 60)))
                .collect();
            let more = if n > 3 {
                format!(" and {} more", n - 3)
            } else {
                String::new()
            };
            warnings.push(format!(
                "set aside {n} line{} of page furniture (bylines, time stamps, prompts, credits, bios), \
                 not scored: {}{more}",
                if n == 1 { "" } else { "s" },
                shown.join(", ")
            ));
        }
        if article.title.is_none() && !doc.body.is_empty() {
            // Why the first line was not taken for the headline, as headline detection
            // recorded it: none for a text read with `--headline none` or built with no title.
            let why = match article.headline_problem {
                Some(problem) => format!(
                    " (the first line is not read as one: {}; `--headline first-line` reads it as one)",
                    problem.reason()
                ),
                None => String::new(),
            };
            warnings.push(format!(
                "no headline{why}: the article is scored from its body alone (headline features contribute nothing)"
            ));
        }
        let dateline = doc.dateline.map(|span| {
            report::EvidenceReport::in_article(
                &Evidence {
                    part: Part::Body,
                    span,
                    quoted: false,
                },
                article,
            )
        });
        let report = Report {
            id: article.id.clone(),
            source: article.source.clone(),
            title: article.title.clone(),
            kicker: article.kicker.clone(),
            dateline,
            body: explain.then(|| article.body.clone()),
            scores: Scores {
                sensationalism,
                quality,
                headline: headline_logit.map(model::sigmoid),
                body: body_logit.map(model::sigmoid),
            },
            part_shares: match parts {
                Some(_) => report::PartShares {
                    headline: headline_logit.map(|_| h_term),
                    body: body_logit.map(|_| b_term),
                },
                None => report::PartShares::default(),
            },
            labels: Labels {
                sensationalism: label(sensationalism, Target::Sensationalism),
                quality: quality.map(|q| label(q, Target::Quality)),
            },
            unscored,
            language,
            warnings,
            features: FeatureMap::new(&values),
            summary: explanations
                .as_ref()
                .map(|e| report::Summaries::new(e, report::SummaryOptions::default())),
            explanations,
            provenance: Arc::clone(&self.provenance),
        };
        (report, reasons)
    }
}

/// Adds a composed model's parts to its explanation: each part's contributions scaled by the
/// part's weight (under the part's component) and its term of the intercept, so that the
/// contributions and the intercept still sum to the composed logit; then sorts them as
/// `explain` lists them. A part with weight 0, or that the article lacks, adds nothing.
fn add_parts(
    composed: &mut ExplanationReport,
    parts: Option<model::PartWeights>,
    headline: Option<&ExplanationReport>,
    body: Option<&ExplanationReport>,
) {
    let Some(p) = parts else {
        return;
    };
    for (part, e, component) in [
        (p.headline, headline, report::Component::Headline),
        (p.body, body, report::Component::Body),
    ] {
        if let Some(e) = e.filter(|_| part.weight != 0.0) {
            composed.intercept += part.weight * (e.intercept - part.mean);
            composed
                .contributions
                .extend(e.scaled(part.weight, component));
        }
    }
    composed.contributions.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then_with(|| a.feature.cmp(&b.feature))
    });
}

/// A reason chosen by [`Hypecheck::report`], before it is resolved or worded: its model's
/// contribution (evidence as spans), its name, and its part's weight in the composed score.
struct Chosen {
    feature: String,
    family: Family,
    contribution: model::Contribution,
    /// The part's weight (1 for the article model's own and for quality's).
    scale: f64,
    component: Option<report::Component>,
}

impl Chosen {
    /// A contribution of `model`, in `component` (none for quality) at the part's `scale`.
    fn of_model(
        contribution: model::Contribution,
        model: &Model,
        scale: f64,
        component: Option<report::Component>,
    ) -> Chosen {
        Chosen {
            feature: model.feature_names()[contribution.column].clone(),
            family: report::column_family(contribution.column),
            contribution,
            scale,
            component,
        }
    }

    /// As [`Hypecheck::explain`] lists it: scaled by its part's weight, evidence resolved.
    fn report(&self, article: &Article) -> ContributionReport {
        let c = &self.contribution;
        let report = ContributionReport::resolved(self.feature.clone(), self.family, c, article);
        match self.component {
            Some(component) => report.scaled(self.scale, component),
            None => report,
        }
    }

    /// In words, as [`render::describe`] words its report.
    fn text(self, article: &Article) -> ReasonText {
        let c = &self.contribution;
        let texts = c.evidence.iter().map(|e| report::evidence_text(e, article));
        ReasonText {
            text: render::describe_parts(c.value, c.standardized, c.clipped, texts),
            contribution: c.contribution * self.scale,
            feature: self.feature,
        }
    }
}

/// A reason in words: [`Hypecheck::score_with_reason_texts`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReasonText {
    /// The feature's name, as [`ContributionReport::feature`].
    pub feature: String,
    /// Its contribution to the logit, as [`ContributionReport::contribution`].
    pub contribution: f64,
    /// Its evidence quoted, or its value: [`render::describe`].
    pub text: String,
}

/// The largest contributions to each score of an article, each as [`Hypecheck::explain`]
/// lists it: [`Hypecheck::score_with_reasons`].
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Reasons {
    /// To sensationalism, largest first, each with its `component`.
    pub sensationalism: Vec<ContributionReport>,
    /// To quality, largest first; empty when quality is not scored.
    pub quality: Vec<ContributionReport>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};
    #[test]
    fn build_time_digests_are_the_embedded_texts_sha256() {
        let shipped = SHIPPED_MODELS
            .iter()
            .map(|(_, s)| s)
            .chain([&SHIPPED_BODY_MODEL]);
        for s in shipped {
            let runtime = format!("sha256:{:x}", Sha256::digest(s.text.as_bytes()));
            assert_eq!(s.digest(), runtime, "{}", s.path);
            // And what a model read from its text is given, as `--model` does.
            let from_text = if s.path.ends_with("body.json") {
                BodyModel::from_json(s.text, s.path).map(|m| m.digest().to_string())
            } else {
                Model::from_json(s.text, s.path).map(|m| m.digest().to_string())
            };
            assert_eq!(
                from_text.ok().as_deref(),
                Some(runtime.as_str()),
                "{}",
                s.path
            );
        }
    }
}
