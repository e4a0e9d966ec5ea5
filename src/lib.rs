//! hypecheck scores how sensational a news article's language is and how well it is sourced,
//! and says why, pointing at the exact words.
//!
//! ```
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new().unwrap();
//! let loud = hc.score(&Article::new("a", Some("STUNNING: You Won't Believe What Happened Next 😱!!!".into()), ""));
//! let calm = hc.score(&Article::new("b", Some("Council approves budget after long debate".into()), ""));
//! assert!(loud.scores.sensationalism > calm.scores.sensationalism);
//! // A bare headline has no sourcing to judge.
//! assert!(calm.scores.quality.is_none());
//! ```
//!
//! Every feature keeps its evidence, and an explanation's contributions sum to the logit:
//!
//! ```
//! use hypecheck::{Article, Hypecheck};
//!
//! let hc = Hypecheck::new().unwrap();
//! let report = hc.explain(&Article::new("a", Some("This SHOCKING trick will blow your mind!!!".into()), ""));
//! let e = &report.explanations.as_ref().unwrap().sensationalism;
//! let sum: f64 = e.intercept + e.contributions.iter().map(|c| c.contribution).sum::<f64>();
//! assert!((sum - e.logit).abs() < 1e-9);
//! let shout = e.contributions.iter().find(|c| c.feature == "hype.title_hype_words").unwrap();
//! assert_eq!(shout.evidence[0].text, "SHOCKING");
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

pub use article::{Article, HeadlineMode, Source};
pub use error::{Error, InputError, LexiconError, ModelError, TrainError};
pub use features::{Document, Evidence, Feature, FeatureValues, Part};
pub use lexicon::Lexicons;
pub use model::{Model, Target};
pub use report::Report;
pub use span::Span;

use rayon::prelude::*;
use report::{ExplanationReport, Explanations, FeatureMap, Labels, Provenance, Scores};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use text::{TextAnalysis, Tokenizer};

/// The shipped models, embedded in the binary.
const SHIPPED_MODELS: [(Target, &str, &str); 2] = [
    (
        Target::Sensationalism,
        "<shipped>/sensationalism.json",
        include_str!("../models/sensationalism.json"),
    ),
    (
        Target::Quality,
        "<shipped>/quality.json",
        include_str!("../models/quality.json"),
    ),
];

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
            .filter(|(target, _, _)| !chosen.contains_key(target))
            .collect();
        let (analyzer, shipped) = rayon::join(
            || match &self.lexicons_dir {
                Some(dir) => Analyzer::with_lexicons_dir(dir),
                None => Ok(Analyzer::new()),
            },
            || {
                shipped
                    .par_iter()
                    .map(|(_, path, text)| Model::from_json(text, path))
                    .collect::<Result<Vec<Model>, ModelError>>()
            },
        );
        let analyzer = analyzer?;
        for model in shipped? {
            chosen.entry(model.target()).or_insert(model);
        }
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
        let provenance = Arc::new(Provenance {
            hypecheck_version: env!("CARGO_PKG_VERSION"),
            models: [&sensationalism, &quality]
                .iter()
                .map(|m| (m.target().name().to_string(), m.digest().to_string()))
                .collect(),
            lexicons: analyzer.lexicons.digest().to_string(),
        });
        Ok(Hypecheck {
            analyzer,
            sensationalism,
            quality,
            provenance,
        })
    }
}

/// The scorer: an analyzer and one model per target.
pub struct Hypecheck {
    analyzer: Analyzer,
    sensationalism: Model,
    quality: Model,
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

    /// The model for a target.
    pub fn model(&self, target: Target) -> &Model {
        match target {
            Target::Sensationalism => &self.sensationalism,
            Target::Quality => &self.quality,
        }
    }

    /// Scores an article: scores, labels and feature values, no explanations.
    pub fn score(&self, article: &Article) -> Report {
        self.report(article, false)
    }

    /// Scores an article and explains every score, with the evidence behind it.
    pub fn explain(&self, article: &Article) -> Report {
        self.report(article, true)
    }

    fn report(&self, article: &Article, explain: bool) -> Report {
        let doc = self.analyzer.document(article);
        let values = self.analyzer.features(&doc);
        let mut unscored = BTreeMap::new();
        let mut scores = [None, None];
        let mut explanations = [None, None];
        for (slot, target) in Target::ALL.into_iter().enumerate() {
            let needed = target.min_body_words();
            if doc.body.words < needed {
                unscored.insert(
                    target.name().to_string(),
                    format!(
                        "the body has {} words; judging sourcing needs at least {needed}",
                        doc.body.words
                    ),
                );
                continue;
            }
            let model = self.model(target);
            if explain {
                let e = model.explain(&values, model.vocabulary().active(&doc));
                scores[slot] = Some(e.probability);
                explanations[slot] = Some(ExplanationReport::new(&e, model, article));
            } else {
                let lexical = model.vocabulary().columns(&doc);
                scores[slot] = Some(model.probability(&values, &lexical));
            }
        }
        let label = |slot: usize, target: Target| {
            scores[slot].map(|p| {
                let (yes, no) = target.output_labels();
                if p >= self.model(target).threshold() {
                    yes
                } else {
                    no
                }
                .to_string()
            })
        };
        let (language, mut warnings) = language::detect(article, &doc);
        if article.title.is_none() && !doc.body.is_empty() {
            warnings.push(
                "no headline: the article is scored from its body alone (headline features contribute nothing)"
                    .to_string(),
            );
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
        let [s_expl, q_expl] = explanations;
        Report {
            id: article.id.clone(),
            source: article.source.clone(),
            title: article.title.clone(),
            kicker: article.kicker.clone(),
            dateline,
            body: explain.then(|| article.body.clone()),
            scores: Scores {
                sensationalism: scores[0].unwrap_or(0.0),
                quality: scores[1],
            },
            labels: Labels {
                sensationalism: label(0, Target::Sensationalism).unwrap_or_default(),
                quality: label(1, Target::Quality),
            },
            unscored,
            language,
            warnings,
            features: FeatureMap::new(&values),
            explanations: s_expl.map(|sensationalism| Explanations {
                sensationalism,
                quality: q_expl,
            }),
            provenance: Arc::clone(&self.provenance),
        }
    }
}
