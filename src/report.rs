//! The report: everything hypecheck says about one article, in one serde struct that serves
//! every output format.

use crate::article::Source;
use crate::features::{Evidence, Family, Feature, FeatureValues, Part};
use crate::model::body::{BodyExplanation, BodyModel};
use crate::model::{Contribution, Explanation, Model};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What hypecheck says about one article.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The article's id.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Its headline (`null` when it has none: see `warnings`).
    pub title: Option<String>,
    /// The kicker printed before the headline (`BREAKING`, `Opinion`), set apart from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// The dateline opening the body (`DENVER (AP) —`), as a span of the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<EvidenceReport>,
    /// Its body (in explanations, so evidence offsets can be resolved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Probability per target; `None` where the text is too short to judge.
    pub scores: Scores,
    /// How much each part of sensationalism moved its logit.
    pub part_shares: PartShares,
    /// The label each score maps to.
    pub labels: Labels,
    /// Why a target was not scored.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unscored: BTreeMap<String, String>,
    /// The language the text appears to be in.
    pub language: Language,
    /// Things the reader should know (non-English text, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Every hand-crafted feature's value, in column order.
    pub features: FeatureMap,
    /// Per-target explanations (`explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanations: Option<Explanations>,
    /// The explanations in a few lines each, as the human view shows them (`explain`
    /// only; see [`Summary`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summaries>,
    /// What produced the report.
    pub provenance: Arc<Provenance>,
}

/// Probabilities per target.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    /// Probability the language is sensational.
    pub sensationalism: f64,
    /// Probability the article is reliable; `None` for a text too short to judge sourcing.
    pub quality: Option<f64>,
    /// The headline part of sensationalism on its own: probability the headline is
    /// clickbait. `None` when there is no headline.
    pub headline: Option<f64>,
    /// The body part of sensationalism on its own: probability, on the logit mean of the
    /// author's sentences, that a sentence is loaded. `None` when the body has no sentence
    /// of the author's own.
    pub body: Option<f64>,
}

/// Each part's share of the sensationalism logit: the part's weight times its logit's
/// distance from the training articles' mean (calibrated, as [`crate::model::PartWeights`]
/// are). The part's contributions in `explanations.sensationalism` (those of its
/// `component`) and its term in that explanation's intercept add up to it. `None` for a part
/// the article lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PartShares {
    /// The headline part's share.
    pub headline: Option<f64>,
    /// The body part's share.
    pub body: Option<f64>,
}

/// Labels per target.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    /// `sensational` or `sober`.
    pub sensationalism: String,
    /// `reliable` or `unreliable`, or `None` when unscored.
    pub quality: Option<String>,
}

/// The detected language.
#[derive(Clone, Debug, Serialize)]
pub struct Language {
    /// ISO 639-3 code (`eng`), or `und` when undetermined.
    pub code: String,
    /// True when the detector is confident.
    pub reliable: bool,
}

/// What produced a report, so a score can be reproduced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The hypecheck version.
    pub hypecheck_version: &'static str,
    /// SHA-256 of each model file used, by target.
    pub models: BTreeMap<String, String>,
    /// SHA-256 of the lexicons used.
    pub lexicons: String,
}

/// Explanations per target.
#[derive(Clone, Debug, Serialize)]
pub struct Explanations {
    /// The sensationalism explanation.
    pub sensationalism: ExplanationReport,
    /// The quality explanation, `None` when unscored.
    pub quality: Option<ExplanationReport>,
    /// The headline part on its own scale, `None` without a headline.
    pub headline: Option<ExplanationReport>,
    /// The body part on its own scale, with its most loaded sentences; `None` without an
    /// author sentence.
    pub body: Option<ExplanationReport>,
}

/// Which part of the sensationalism score a contribution comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Component {
    /// The headline part: the headline model's contribution times the part's weight.
    Headline,
    /// The body part: the body model's contribution times the part's weight.
    Body,
    /// The article model's own hand-crafted features.
    Article,
}

/// An author sentence of the body, scored on its own by the body model.
#[derive(Clone, Debug, Serialize)]
pub struct SentenceReport {
    /// First byte in the body.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// Its logit as one sentence (the body model's calibrated intercept plus its n-grams).
    pub logit: f64,
    /// `sigmoid(logit)`.
    pub probability: f64,
    /// The learned n-grams and word pieces in it that push towards loaded most (each at least
    /// a quarter of the strongest), strongest first.
    pub words: Vec<SentenceWord>,
}

/// A learned n-gram in a sentence.
#[derive(Clone, Debug, Serialize)]
pub struct SentenceWord {
    /// The n-gram's feature name (`lex.sentence:slammed`).
    pub feature: String,
    /// Its weight in a sentence's logit.
    pub weight: f64,
    /// Where it is.
    pub evidence: EvidenceReport,
}

/// A score with every contribution to it.
#[derive(Clone, Debug, Serialize)]
pub struct ExplanationReport {
    /// `sigmoid(logit)`.
    pub probability: f64,
    /// `intercept + Σ contribution`.
    pub logit: f64,
    /// The model's intercept.
    pub intercept: f64,
    /// Every feature with a non-zero weight and every n-gram present, largest first.
    pub contributions: Vec<ContributionReport>,
    /// The body's most loaded author sentences, scored one by one (body explanations only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceReport>,
}

/// One feature's share of a score.
#[derive(Clone, Debug, Serialize)]
pub struct ContributionReport {
    /// The feature's name (`hype.title_caps_words`, `lex.title:you won't`).
    pub feature: String,
    /// Its family.
    pub family: Family,
    /// Its raw value.
    pub value: f64,
    /// `(transform(value) − mean) / scale`, clipped to the range seen in training.
    pub standardized: f64,
    /// True when `standardized` was clipped: the raw value lies outside anything seen in
    /// training.
    pub clipped: bool,
    /// The weight (calibrated: the stored weight times the calibration's slope).
    pub weight: f64,
    /// `weight × standardized`.
    pub contribution: f64,
    /// The words behind it.
    pub evidence: Vec<EvidenceReport>,
    /// In a composed score (sensationalism), the part it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<Component>,
}

/// A span of evidence with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceReport {
    /// `title`, `body` or `kicker`.
    pub part: Part,
    /// First byte, in that part.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// True inside a direct quote.
    pub quoted: bool,
}

impl EvidenceReport {
    /// Resolves a span against the article's parts.
    pub fn new(e: &Evidence, title: &str, body: &str) -> EvidenceReport {
        EvidenceReport::in_parts(e, "", title, body)
    }

    /// Resolves a span against the article's parts, its kicker included.
    pub fn in_parts(e: &Evidence, kicker: &str, title: &str, body: &str) -> EvidenceReport {
        let part = match e.part {
            Part::Title => title,
            Part::Body => body,
            Part::Kicker => kicker,
        };
        EvidenceReport::resolved(e, part)
    }

    /// Resolves a span against an article.
    pub fn in_article(e: &Evidence, article: &crate::Article) -> EvidenceReport {
        EvidenceReport::resolved(e, article.part(e.part))
    }

    fn resolved(e: &Evidence, part: &str) -> EvidenceReport {
        EvidenceReport {
            part: e.part,
            start: e.span.start,
            end: e.span.end,
            text: span_text(e, part).to_string(),
            quoted: e.quoted,
        }
    }
}

/// The text of a span of evidence in the text of its part (empty if it lies outside).
fn span_text<'t>(e: &Evidence, part: &'t str) -> &'t str {
    part.get(e.span.range()).unwrap_or_default()
}

/// The text of a span of evidence in its article: [`EvidenceReport::text`], unallocated.
pub fn evidence_text<'a>(e: &Evidence, article: &'a crate::Article) -> &'a str {
    span_text(e, article.part(e.part))
}

/// What a learned feature (one not in [`Feature::ALL`]) is, for people: an n-gram's, a
/// character n-gram's or a word piece's.
pub fn learned_feature_doc(name: &str) -> &'static str {
    if name.starts_with(crate::model::body::PIECE_PREFIX) {
        "A word piece, weighed by its word vector: near words that annotators marked as loaded, it raises the body score."
    } else if crate::features::lexical::parse_char_name(name).is_some() {
        "A piece of a word (characters inside word boundaries) learned from training data."
    } else {
        "A word or word pair learned from training data."
    }
}

/// The family of a model's column: a hand-crafted feature's, or lexical for an n-gram.
pub fn column_family(column: usize) -> Family {
    Feature::ALL
        .get(column)
        .map_or(Family::Lexical, |f| f.family())
}

impl ExplanationReport {
    /// Names and resolves a model's explanation.
    pub fn new(
        explanation: &Explanation,
        model: &Model,
        article: &crate::Article,
    ) -> ExplanationReport {
        let names = model.feature_names();
        ExplanationReport {
            probability: explanation.probability,
            logit: explanation.logit,
            intercept: explanation.intercept,
            contributions: explanation
                .contributions
                .iter()
                .map(|c| ContributionReport::of_model(c, names, article))
                .collect(),
            sentences: Vec::new(),
        }
    }

    /// Names and resolves a body explanation, with its `top` most loaded sentences.
    pub fn body(
        explanation: &BodyExplanation,
        model: &BodyModel,
        article: &crate::Article,
        top: usize,
    ) -> ExplanationReport {
        let e = &explanation.explanation;
        let resolve = |ev: &Evidence| EvidenceReport::in_article(ev, article);
        ExplanationReport {
            probability: e.probability,
            logit: e.logit,
            intercept: e.intercept,
            contributions: e
                .contributions
                .iter()
                .map(|c| ContributionReport::of_body(c, model, article))
                .collect(),
            sentences: explanation
                .sentences
                .iter()
                .filter(|s| s.logit > model.intercept())
                .take(top)
                .map(|s| SentenceReport {
                    start: s.span.start,
                    end: s.span.end,
                    text: article
                        .body
                        .get(s.span.range())
                        .unwrap_or_default()
                        .to_string(),
                    logit: s.logit,
                    probability: crate::model::sigmoid(s.logit),
                    // The words that load it: each at least a quarter of its most loaded
                    // word's weight (word pieces give every word a little). They come by
                    // decreasing weight, the first the most loaded.
                    words: s
                        .words
                        .iter()
                        .take_while(|w| w.1 > 0.0 && w.1 >= 0.25 * s.words[0].1)
                        .map(|(column, weight, ev)| SentenceWord {
                            feature: model.feature_name(*column),
                            weight: *weight,
                            evidence: resolve(ev),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// This explanation's contributions as parts of a composed score: each scaled by the
    /// part's weight, marked with the part.
    pub fn scaled(&self, weight: f64, component: Component) -> Vec<ContributionReport> {
        self.contributions
            .iter()
            .map(|c| ContributionReport {
                weight: c.weight * weight,
                contribution: c.contribution * weight,
                component: Some(component),
                ..c.clone()
            })
            .collect()
    }
}

impl ContributionReport {
    /// A contribution under its feature's name and family, its evidence resolved against
    /// `article`; not part of a composed score (`component` is `None`).
    pub fn resolved(
        feature: String,
        family: Family,
        c: &Contribution,
        article: &crate::Article,
    ) -> ContributionReport {
        ContributionReport {
            feature,
            family,
            value: c.value,
            standardized: c.standardized,
            clipped: c.clipped,
            weight: c.weight,
            contribution: c.contribution,
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceReport::in_article(e, article))
                .collect(),
            component: None,
        }
    }

    /// Names and resolves a contribution of a model of hand-crafted features and n-grams
    /// (`names`: its feature names).
    pub fn of_model(
        c: &Contribution,
        names: &[String],
        article: &crate::Article,
    ) -> ContributionReport {
        let family = column_family(c.column);
        ContributionReport::resolved(names[c.column].clone(), family, c, article)
    }

    /// Names and resolves a contribution of the body model.
    pub fn of_body(
        c: &Contribution,
        model: &BodyModel,
        article: &crate::Article,
    ) -> ContributionReport {
        ContributionReport {
            clipped: false,
            ..ContributionReport::resolved(
                model.feature_name(c.column),
                Family::Lexical,
                c,
                article,
            )
        }
    }

    /// This contribution as a part of a composed score: scaled by the part's weight, marked
    /// with the part (as [`ExplanationReport::scaled`] does).
    pub fn scaled(self, weight: f64, component: Component) -> ContributionReport {
        ContributionReport {
            weight: self.weight * weight,
            contribution: self.contribution * weight,
            component: Some(component),
            ..self
        }
    }
}

/// Feature values serialised as a JSON object in column order.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMap(pub Vec<(&'static str, f64)>);

impl FeatureMap {
    /// The values of every hand-crafted feature.
    pub fn new(values: &FeatureValues) -> FeatureMap {
        FeatureMap(
            Feature::ALL
                .iter()
                .map(|f| (f.name(), values.get(*f)))
                .collect(),
        )
    }
}

impl Serialize for FeatureMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

// ---------------------------------------------------------------------------------------------
// Summaries: the reasons that moved a score, for people.

/// Share of a score's distance from its baseline that the lines of a [`Summary`] other than
/// `rest` must account for: reasons are listed, largest first, until the rest is at most
/// `1 − COVERAGE` of the distance.
pub const COVERAGE: f64 = 0.8;

/// A character n-gram as people read it: its word boundaries (spaces) dropped, `…` where the
/// word goes on: `" you"` → `you…`, `"ater "` → `…ater`, `" in "` → `in`.
fn char_gram_label(gram: &str) -> String {
    let open = if gram.starts_with(' ') { "" } else { "…" };
    let close = if gram.ends_with(' ') { "" } else { "…" };
    format!("{open}{}{close}", gram.trim_matches(' '))
}

/// Learned n-grams named on one line of learned wording; the rest are counted.
pub const WORDS_NAMED: usize = 5;

/// What a summary shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Reasons listed at least (when that many moved the score by 0.01 or more); more are
    /// listed until the rest is small.
    pub min_reasons: usize,
    /// Learned n-grams as one line per direction and part (`true`) or one by one.
    pub group_wording: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            min_reasons: 5,
            group_wording: true,
        }
    }
}

/// What kind of reason a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReasonKind {
    /// One hand-crafted feature (or, listed one by one, one learned n-gram).
    Feature,
    /// Learned n-grams pushing one way, in one part, as one line.
    Wording,
}

/// One reason a score moved from its baseline: a feature present in the article, or the
/// learned wording pushing one way.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// The score it moved: `sensationalism` or `quality`.
    pub score: &'static str,
    /// What people read: the feature's name, or `learned wording` (with the part in a
    /// composed score: `learned wording, headline`).
    pub label: String,
    /// A feature or a group of learned n-grams.
    pub kind: ReasonKind,
    /// In a composed score (sensationalism), the part it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<Component>,
    /// Its share of the logit: the sum of its features' contributions.
    pub contribution: f64,
    /// The features behind it, largest first (one, or every n-gram of the group).
    pub features: Vec<String>,
    /// The words behind it: a feature's distinct evidence texts, or a group's n-grams, in the
    /// order of `features`.
    pub words: Vec<String>,
}

impl Reason {
    /// True when it pushes towards concern: sensational, or unreliable.
    pub fn is_concern(&self) -> bool {
        concern(self.score, self.contribution)
    }
}

/// True when `contribution` to `score` pushes towards concern (more sensational, less
/// reliable): the side drawn in red everywhere.
pub fn concern(score: &str, contribution: f64) -> bool {
    if score == "quality" {
        contribution < 0.0
    } else {
        contribution > 0.0
    }
}

/// Features absent from the article (raw value 0): never reasons, their shares summed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Absent {
    /// The sum of their contributions (centred features: what lacking them does against the
    /// average training article).
    pub contribution: f64,
    /// Their names, largest contribution first.
    pub features: Vec<String>,
}

/// The contributions no line names.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rest {
    /// Their sum.
    pub contribution: f64,
    /// How many (non-zero) contributions.
    pub count: usize,
}

/// A score in a few lines: `logit = baseline + Σ reasons + absent + rest`, exactly.
///
/// The rule: every contribution of a feature whose raw value is 0 (the article lacks it) goes
/// to `absent`; the rest are reasons, learned n-grams (`lex.…`, `chr.…`) grouped per direction and part
/// unless asked one by one; reasons are listed largest first, at least
/// [`SummaryOptions::min_reasons`] of them (those of 0.01 or more), and then more until
/// the lines other than `rest` (baseline, reasons, absent) account for at least [`COVERAGE`]
/// of the distance from the baseline: `|rest| ≤ (1 − COVERAGE)·|logit − baseline|`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The model's intercept: the logit of an article average in every hand-crafted feature
    /// and holding none of the learned n-grams.
    pub baseline: f64,
    /// `sigmoid(baseline)`.
    pub baseline_probability: f64,
    /// The score's logit.
    pub logit: f64,
    /// The score: `sigmoid(logit)`.
    pub probability: f64,
    /// The reasons, largest first.
    pub reasons: Vec<Reason>,
    /// The features the article lacks.
    pub absent: Absent,
    /// What no line names.
    pub rest: Rest,
}

/// A [`Summary`]'s amounts as a view prints them, in hundredths that add up to the logit as
/// printed: each line rounded, the rounding apportioned by the largest remainder method
/// ([`Summary::hundredths`]). Each is within 0.01 of its own value.
#[derive(Clone, Debug, PartialEq)]
pub struct Hundredths {
    /// The logit, rounded.
    pub logit: f64,
    /// The baseline.
    pub baseline: f64,
    /// Each reason's, in [`Summary::reasons`] order.
    pub reasons: Vec<f64>,
    /// The absent features' line, when a view shows it (some absent feature moved the score).
    pub absent: Option<f64>,
    /// The rest's line, when a view shows it (some contribution is in no other line).
    pub rest: Option<f64>,
}

impl Summary {
    /// The amounts a view prints: [`Hundredths`].
    pub fn hundredths(&self) -> Hundredths {
        let absent = (!self.absent.features.is_empty() && self.absent.contribution != 0.0)
            .then_some(self.absent.contribution);
        let rest = (self.rest.count > 0).then_some(self.rest.contribution);
        let mut values = vec![self.baseline];
        values.extend(self.reasons.iter().map(|r| r.contribution));
        values.extend(absent);
        values.extend(rest);
        let mut shown = hundredths_summing_to(&values, self.logit).into_iter();
        let mut next = || shown.next().unwrap_or(0.0);
        Hundredths {
            logit: (self.logit * 100.0).round() / 100.0 + 0.0,
            baseline: next(),
            reasons: self.reasons.iter().map(|_| next()).collect(),
            absent: absent.map(|_| next()),
            rest: rest.map(|_| next()),
        }
    }

    /// Summarises the explanation of `score` (`sensationalism` or `quality`).
    pub fn new(score: &'static str, e: &ExplanationReport, options: SummaryOptions) -> Summary {
        let mut absent = Absent::default();
        let mut absent_list: Vec<&ContributionReport> = Vec::new();
        let mut candidates: Vec<Reason> = Vec::new();
        // Groups of learned wording: (component, pushes up) → index in `candidates`.
        let mut groups: Vec<((Option<Component>, bool), usize)> = Vec::new();
        let mut zero = 0.0;
        for c in &e.contributions {
            if c.value == 0.0 {
                absent_list.push(c);
                continue;
            }
            if c.contribution == 0.0 || !c.contribution.is_finite() {
                zero += c.contribution;
                continue;
            }
            // A character n-gram is shown with `…` where its word goes on (`you…`, a word
            // starting with "you"; `…ater`; `…wers…`). A word piece is named by the first
            // word holding it (`omg` for the pieces `om` and `##g`), which people can read;
            // without evidence, by itself (`…ous` for the continuation `##ous`).
            let holder = || {
                c.evidence
                    .first()
                    .map(|ev| ev.text.trim().to_lowercase().replace('\u{2019}', "'"))
                    .filter(|w| !w.is_empty())
            };
            let ngram = match crate::features::lexical::parse_char_name(&c.feature) {
                Some(gram) => Some(char_gram_label(gram)),
                None => match c.feature.strip_prefix(crate::model::body::PIECE_PREFIX) {
                    Some(piece) => {
                        Some(holder().unwrap_or_else(|| match piece.strip_prefix("##") {
                            Some(rest) => format!("…{rest}"),
                            None => piece.to_string(),
                        }))
                    }
                    None => c.feature.strip_prefix("lex.").map(|rest| {
                        rest.split_once(':')
                            .map_or(rest, |(_, words)| words)
                            .to_string()
                    }),
                },
            };
            match ngram {
                Some(words) if options.group_wording => {
                    let key = (c.component, c.contribution > 0.0);
                    let at = match groups.iter().find(|(k, _)| *k == key) {
                        Some((_, at)) => *at,
                        None => {
                            let label = match c.component {
                                Some(Component::Headline) => "learned wording, headline",
                                Some(Component::Body) => "learned wording, body",
                                Some(Component::Article) => "learned wording, article",
                                None => "learned wording",
                            };
                            candidates.push(Reason {
                                score,
                                label: label.to_string(),
                                kind: ReasonKind::Wording,
                                component: c.component,
                                contribution: 0.0,
                                features: Vec::new(),
                                words: Vec::new(),
                            });
                            groups.push((key, candidates.len() - 1));
                            candidates.len() - 1
                        }
                    };
                    let group = &mut candidates[at];
                    group.contribution += c.contribution;
                    group.features.push(c.feature.clone());
                    group.words.push(words);
                }
                _ => {
                    let mut words: Vec<String> = Vec::new();
                    for ev in &c.evidence {
                        let text = ev.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() && !words.contains(&text) {
                            words.push(text);
                        }
                    }
                    candidates.push(Reason {
                        score,
                        label: c.feature.clone(),
                        kind: ReasonKind::Feature,
                        component: c.component,
                        contribution: c.contribution,
                        features: vec![c.feature.clone()],
                        words,
                    });
                }
            }
        }
        // Contributions come largest first, so each group's n-grams are in that order too.
        absent_list.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
        for c in absent_list {
            absent.contribution += c.contribution;
            absent.features.push(c.feature.clone());
        }
        candidates.sort_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then_with(|| a.label.cmp(&b.label))
        });

        let distance = e.logit - e.intercept;
        let allowed = (1.0 - COVERAGE) * distance.abs() + 1e-9;
        let mut shown = absent.contribution;
        let mut reasons = Vec::new();
        let mut candidates = candidates.into_iter();
        let mut rest = Rest {
            contribution: zero,
            count: 0,
        };
        for reason in candidates.by_ref() {
            let small = (distance - shown).abs() <= allowed;
            if small && (reasons.len() >= options.min_reasons || reason.contribution.abs() < 0.01) {
                rest.contribution += reason.contribution;
                rest.count += reason.features.len();
                break;
            }
            shown += reason.contribution;
            reasons.push(reason);
        }
        for reason in candidates {
            rest.contribution += reason.contribution;
            rest.count += reason.features.len();
        }
        Summary {
            baseline: e.intercept,
            baseline_probability: crate::model::sigmoid(e.intercept),
            logit: e.logit,
            probability: e.probability,
            reasons,
            absent,
            rest,
        }
    }

    /// The share of `logit − baseline` that the lines other than `rest` account for (1 when
    /// the logit is the baseline).
    pub fn coverage(&self) -> f64 {
        let distance = self.logit - self.baseline;
        if distance == 0.0 {
            return 1.0;
        }
        1.0 - (self.rest.contribution / distance).abs()
    }
}

/// The summaries of a report's scores (`explain` only), in the order of `explanations`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summaries {
    /// Sensationalism's.
    pub sensationalism: Summary,
    /// Quality's, `None` when unscored.
    pub quality: Option<Summary>,
}

impl Summaries {
    /// Summarises both scores' explanations.
    pub fn new(e: &Explanations, options: SummaryOptions) -> Summaries {
        Summaries {
            sensationalism: Summary::new("sensationalism", &e.sensationalism, options),
            quality: e
                .quality
                .as_ref()
                .map(|q| Summary::new("quality", q, options)),
        }
    }
}

impl Report {
    /// The `n` reasons that moved this report's scores the most, both scores together, largest
    /// first (learned n-grams grouped per direction and part; absent features are never
    /// reasons). Empty for a report of [`crate::Hypecheck::score`], which explains nothing:
    /// use [`crate::Hypecheck::explain`].
    ///
    /// ```
    /// use hypecheck::{Article, Hypecheck};
    ///
    /// let hc = Hypecheck::new().unwrap();
    /// let report = hc.explain(&Article::from_text("SHOCKING: You Won't Believe This Trick!!!"));
    /// let top = report.top_reasons(3);
    /// assert_eq!(top.len(), 3);
    /// assert!(top[0].contribution.abs() >= top[2].contribution.abs());
    /// ```
    pub fn top_reasons(&self, n: usize) -> Vec<Reason> {
        let Some(e) = &self.explanations else {
            return Vec::new();
        };
        let options = SummaryOptions {
            min_reasons: n,
            group_wording: true,
        };
        let s = Summaries::new(e, options);
        let mut all: Vec<Reason> = s
            .sensationalism
            .reasons
            .into_iter()
            .chain(s.quality.into_iter().flat_map(|q| q.reasons))
            .collect();
        all.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
        all.truncate(n);
        all
    }
}

/// The human view of the report (what `hypecheck score` prints, without colour).
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = Vec::new();
        {
            let mut printer = crate::render::printer(
                crate::render::Format::Human,
                Box::new(&mut out),
                crate::render::HumanOptions::default(),
            );
            printer.print(self).map_err(|_| std::fmt::Error)?;
            printer.finish().map_err(|_| std::fmt::Error)?;
        }
        f.write_str(&String::from_utf8_lossy(&out))
    }
}

/// `values` rounded to hundredths so that they add up to `total` rounded to hundredths: each
/// rounded down, and the hundredths still missing given to the values that lost the most
/// (the largest remainder method). When `values` do not sum to `total` (they do, up to
/// floating point, for an explanation's lines), each is simply rounded.
fn hundredths_summing_to(values: &[f64], total: f64) -> Vec<f64> {
    let cents: Vec<f64> = values.iter().map(|v| v * 100.0).collect();
    let floors: Vec<i64> = cents.iter().map(|c| c.floor() as i64).collect();
    let target = (total * 100.0).round() as i64;
    let missing = target - floors.iter().sum::<i64>();
    if !(0..=values.len() as i64).contains(&missing) || cents.iter().any(|c| !c.is_finite()) {
        return values
            .iter()
            .map(|v| (v * 100.0).round() / 100.0 + 0.0)
            .collect();
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Largest remainder first; ties to the earlier line, so the result is stable.
    order.sort_by(|&a, &b| {
        let (ra, rb) = (cents[a] - floors[a] as f64, cents[b] - floors[b] as f64);
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut out = floors;
    for &i in order.iter().take(missing as usize) {
        out[i] += 1;
    }
    // `+ 0.0`: no line reads `-0.00`.
    out.into_iter().map(|c| c as f64 / 100.0 + 0.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_n_gram_reads_as_part_of_a_word() {
        // (name, gram, label)
        let table = [
            ("a word's start", " you", "you…"),
            ("a word's end", "ater ", "…ater"),
            ("inside a word", "wers", "…wers…"),
            ("a whole word", " in ", "in"),
            ("marks ending a word", "!!! ", "…!!!"),
        ];
        for (name, gram, label) in table {
            assert_eq!(char_gram_label(gram), label, "{name}");
        }
    }

    /// Every learned word a summary names, its `…` dropped, is text of the article, in any
    /// case: word pieces are named by a word holding them, never by the piece (`om`, `…g`).
    #[test]
    fn learned_wording_is_named_by_the_articles_own_words() {
        let hc = crate::Hypecheck::new().unwrap();
        let mut named = 0;
        for (path, text) in crate::test_support::example_texts() {
            let report = hc.explain(&crate::Article::from_text(&text));
            let lower = text.to_lowercase().replace('\u{2019}', "'");
            let e = report.explanations.as_ref().unwrap();
            let summaries = Summaries::new(e, SummaryOptions::default());
            let all = std::iter::once(&summaries.sensationalism).chain(&summaries.quality);
            for summary in all {
                for reason in summary
                    .reasons
                    .iter()
                    .filter(|r| r.kind == ReasonKind::Wording)
                {
                    for word in &reason.words {
                        let bare = word.replace('…', "");
                        assert!(
                            lower.contains(&bare),
                            "{}: `{word}` of {} is not in the text",
                            path.display(),
                            reason.label
                        );
                        named += 1;
                    }
                }
            }
        }
        assert!(named > 50, "{named}");
    }

    #[test]
    fn rounded_lines_add_up_to_the_rounded_total() {
        // (name, values, total)
        let table: &[(&str, &[f64], f64)] = &[
            ("three thirds", &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], 1.0),
            ("signs", &[-0.524, 1.346, -0.004, -0.813], 0.005),
            ("many small", &[0.004; 10], 0.04),
            ("a tiny negative", &[-0.001, 0.5], 0.499),
            ("nothing", &[], 0.0),
        ];
        for (name, values, total) in table {
            let shown = hundredths_summing_to(values, *total);
            let cents: i64 = shown.iter().map(|v| (v * 100.0).round() as i64).sum();
            assert_eq!(cents, (total * 100.0).round() as i64, "{name}: {shown:?}");
            for (v, s) in values.iter().zip(&shown) {
                assert!((v - s).abs() < 0.01 + 1e-9, "{name}: {v} shown {s}");
                assert!(!format!("{s:+.2}").starts_with("-0.00"), "{name}: {s}");
            }
        }
    }
}
