//! Documented prior weights (`models/priors/<target>.tsv`, embedded): where a corpus cannot
//! identify a weight that domain knowledge fixes the direction of (named sources count for
//! more than anonymous ones; hedges never raise quality), training pulls it towards a prior
//! rather than towards zero, and reports how far the data moved it.

use crate::error::TrainError;
use crate::features::Feature;
use crate::model::Target;
use serde::Serialize;

/// The quality model's priors, as shipped.
pub const QUALITY_PRIORS: &str = include_str!("../../models/priors/quality.tsv");

/// The article model of sensationalism's priors on its parts and its own features, as shipped.
pub const SENSATIONALISM_PRIORS: &str = include_str!("../../models/priors/sensationalism.tsv");

/// A prior on a part of an article model (`part.headline`, `part.body`): how much of the
/// part's own logit the article's takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartPrior {
    /// `part.headline` or `part.body`.
    pub part: String,
    /// The weight it is pulled towards.
    pub prior: f64,
    /// How many times the model's `alpha` the pull is.
    pub strength: f64,
    /// Why, in one line.
    pub reason: String,
}

/// Parses a composed model's priors file (`target`'s: sensationalism or quality): rows named
/// `part.headline` or `part.body` are priors on its parts, every other row a prior on one of
/// its own features (the format of [`parse`]). A part's prior takes the sign its weight must
/// have ([`Target::part_sign`]): a more sensational part raises sensationalism and lowers
/// quality.
pub fn parse_article(
    text: &str,
    what: &str,
    target: Target,
) -> Result<(Vec<FeaturePrior>, Vec<PartPrior>), TrainError> {
    let mut features: Vec<FeaturePrior> = Vec::new();
    let mut parts = Vec::new();
    for row in rows(text, what, "feature or part")? {
        if !row.name.starts_with("part.") {
            features.push(feature_prior(row, &features)?);
            continue;
        }
        let part = row.name.as_str();
        if parts.iter().any(|p: &PartPrior| p.part == part) {
            return Err(row.bad(format!("`{part}` listed twice")));
        }
        if !matches!(part, "part.headline" | "part.body") {
            return Err(row.bad(format!(
                "unknown part `{part}`: `part.headline` or `part.body`"
            )));
        }
        if row.prior * target.part_sign() < 0.0 {
            let (sign, never) = if target.part_sign() > 0.0 {
                ("non-negative", "never lowers")
            } else {
                ("non-positive", "never raises")
            };
            return Err(row.bad(format!(
                "a part's prior for {} must be {sign}: a more sensational part {never} it",
                target.name(),
            )));
        }
        parts.push(PartPrior {
            part: row.name.clone(),
            prior: row.prior,
            strength: row.strength,
            reason: row.reason,
        });
    }
    Ok((features, parts))
}

/// One line of a priors file, its numbers checked.
struct Row {
    name: String,
    prior: f64,
    strength: f64,
    reason: String,
    /// `file:line`, for errors.
    at: String,
}

impl Row {
    fn bad(&self, message: String) -> TrainError {
        TrainError::InvalidParameter {
            name: "priors",
            message: format!("{}: {message}", self.at),
        }
    }
}

/// The rows of a priors file: `#` comments and blank lines skipped, every other line
/// `name<TAB>prior<TAB>strength<TAB>reason` with finite numbers and a positive strength.
fn rows(text: &str, what: &str, name: &str) -> Result<Vec<Row>, TrainError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let at = format!("{what}:{}", i + 1);
        let bad = |message: String| TrainError::InvalidParameter {
            name: "priors",
            message: format!("{at}: {message}"),
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [key, prior, strength, reason] = fields[..] else {
            return Err(bad(format!(
                "expected 4 tab-separated fields ({name}, prior, strength, reason), found {}",
                fields.len()
            )));
        };
        let number = |s: &str, field: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(format!("{field} `{}` is not a finite number", s.trim())))
        };
        let prior = number(prior, "prior")?;
        let strength = number(strength, "strength")?;
        if strength <= 0.0 {
            return Err(bad(format!("strength {strength} must be positive")));
        }
        out.push(Row {
            name: key.trim().to_string(),
            prior,
            strength,
            reason: reason.trim().to_string(),
            at,
        });
    }
    Ok(out)
}

/// The shipped priors on a composed model's parts (sensationalism and quality).
pub fn part_priors(target: Target) -> Vec<PartPrior> {
    match target {
        Target::Sensationalism | Target::Quality => shipped_priors(target).1,
        _ => Vec::new(),
    }
}

/// A priors file replacing the shipped one of a target (`hypecheck train --priors FILE`): a
/// researcher's own documented weights, or an experiment (a prior of 0 at a large strength
/// holds a feature out).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Priors {
    /// Where they were read from (recorded in the model's hyper-parameters).
    pub source: String,
    /// SHA-256 of the file's text, as the training data's digests are recorded.
    pub sha256: String,
    /// The priors on the target's own features.
    #[serde(skip)]
    pub features: Vec<FeaturePrior>,
    /// The priors on an article model's parts (sensationalism only).
    #[serde(skip)]
    pub parts: Vec<PartPrior>,
}

impl Priors {
    /// Parses a priors file for a target, in the shipped file's format: the article model of
    /// sensationalism takes `part.headline` and `part.body` rows too.
    ///
    /// # Errors
    /// [`TrainError::InvalidParameter`] naming `source` and the line, or the target when it
    /// has no priors (the headline and body parts are plain logistic regressions).
    pub fn parse(text: &str, source: &str, target: Target) -> Result<Priors, TrainError> {
        let (features, parts) = match target {
            Target::Sensationalism | Target::Quality => parse_article(text, source, target)?,
            Target::Headline | Target::Body => {
                return Err(TrainError::InvalidParameter {
                    name: "priors",
                    message: format!(
                        "{source}: the {} model takes no priors; they apply to \
                         sensationalism and quality",
                        target.name()
                    ),
                })
            }
        };
        if features.is_empty() && parts.is_empty() {
            return Err(TrainError::InvalidParameter {
                name: "priors",
                message: format!(
                    "{source}: no priors in the file (every line is blank or a `#` comment)"
                ),
            });
        }
        // A prior against a sign constraint would only be clamped at zero: refuse it.
        for p in &features {
            if let Some(sign) = super::required_sign(target, p.feature) {
                if p.prior * sign < 0.0 {
                    return Err(TrainError::InvalidParameter {
                        name: "priors",
                        message: format!(
                            "{source}: `{}` has prior {} but its weight for {} must be {} \
                             (hype never lowers sensationalism; named sourcing never \
                             lowers quality)",
                            p.feature.name(),
                            p.prior,
                            target.name(),
                            if sign > 0.0 { ">= 0" } else { "<= 0" }
                        ),
                    });
                }
            }
        }
        // A prior of a feature the model leaves out would pull no weight: refuse it rather
        // than drop it in silence.
        if let Some(p) = features.iter().find(|p| !super::uses(target, p.feature)) {
            return Err(TrainError::InvalidParameter {
                name: "priors",
                message: format!(
                    "{source}: `{}` is not one of the {} model's features, so its prior would                      pull no weight: remove the line (`hypecheck features` lists them)",
                    p.feature.name(),
                    target.name()
                ),
            });
        }
        use sha2::Digest;
        Ok(Priors {
            source: source.to_string(),
            sha256: format!("{:x}", sha2::Sha256::digest(text.as_bytes())),
            features,
            parts,
        })
    }
}

/// One feature's prior.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeaturePrior {
    /// The feature.
    #[serde(serialize_with = "feature_name")]
    pub feature: Feature,
    /// The weight it is pulled towards, in standardised units (uncalibrated logit per
    /// standard deviation).
    pub prior: f64,
    /// How many times the model's `alpha` the pull is.
    pub strength: f64,
    /// Why, in one line.
    pub reason: String,
}

fn feature_name<S: serde::Serializer>(f: &Feature, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(f.name())
}

/// Parses a priors file: `#` comments and blank lines skipped, every other line
/// `feature<TAB>prior<TAB>strength<TAB>reason`.
pub fn parse(text: &str, what: &str) -> Result<Vec<FeaturePrior>, TrainError> {
    let mut out: Vec<FeaturePrior> = Vec::new();
    for row in rows(text, what, "feature")? {
        out.push(feature_prior(row, &out)?);
    }
    Ok(out)
}

/// One row as a feature's prior, checked against those read before it.
fn feature_prior(row: Row, before: &[FeaturePrior]) -> Result<FeaturePrior, TrainError> {
    let feature = Feature::from_name(&row.name)
        .ok_or_else(|| row.bad(format!("unknown feature `{}`", row.name)))?;
    if before.iter().any(|p| p.feature == feature) {
        return Err(row.bad(format!("`{}` listed twice", feature.name())));
    }
    if row.reason.is_empty() {
        return Err(row.bad("a prior needs its reason".into()));
    }
    Ok(FeaturePrior {
        feature,
        prior: row.prior,
        strength: row.strength,
        reason: row.reason,
    })
}

/// The article model's shipped priors: its features', then its parts'.
fn shipped_priors(target: Target) -> (Vec<FeaturePrior>, Vec<PartPrior>) {
    let (text, what) = match target {
        Target::Quality => (QUALITY_PRIORS, "models/priors/quality.tsv"),
        _ => (SENSATIONALISM_PRIORS, "models/priors/sensationalism.tsv"),
    };
    parse_article(text, what, target).expect("the shipped priors parse")
}

/// The shipped priors on a target's own features (none for the headline and body parts).
pub fn for_target(target: Target) -> Vec<FeaturePrior> {
    match target {
        Target::Quality | Target::Sensationalism => shipped_priors(target).0,
        _ => Vec::new(),
    }
}

/// What training did with one prior, recorded in the model's `training` JSON.
#[derive(Clone, Debug, Serialize)]
pub struct PriorReport {
    /// The feature's name.
    pub feature: String,
    /// Its prior weight.
    pub prior: f64,
    /// Its strength (times `alpha`).
    pub strength: f64,
    /// The fitted weight (standardised units, before calibration).
    pub fitted: f64,
    /// `fitted − prior`: how far the data moved it.
    pub moved: f64,
    /// True when the data pulled it past zero, to the wrong side of its sign constraint, so it
    /// was held at zero and the others refitted.
    pub clamped: bool,
    /// Why the prior.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::required_sign;

    #[test]
    fn the_shipped_priors_parse_and_agree_with_the_sign_constraints() {
        for target in [Target::Quality, Target::Sensationalism] {
            let priors = for_target(target);
            assert!(priors.len() >= 5, "{target:?}");
            for p in &priors {
                match required_sign(target, p.feature) {
                    Some(sign) => assert!(p.prior * sign >= 0.0, "{}", p.feature.name()),
                    // The article model's priors are all on features with a direction.
                    None => assert_eq!(target, Target::Quality, "{}", p.feature.name()),
                }
            }
        }
        assert!(for_target(Target::Headline).is_empty());
        let parts = part_priors(Target::Sensationalism);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.prior > 0.0));
        let parts = part_priors(Target::Quality);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.prior < 0.0));
        let e =
            parse_article("part.title\t1\t1\twhy", "p.tsv", Target::Sensationalism).unwrap_err();
        assert!(e.to_string().contains("p.tsv:1: unknown part"), "{e}");
        let (features, parts) = parse_article(
            "hype.body_hype_words\t0.2\t5\twhy\npart.body\t1\t2\twhy",
            "p.tsv",
            Target::Sensationalism,
        )
        .unwrap();
        assert_eq!((features.len(), parts.len()), (1, 1));
    }

    #[test]
    fn a_priors_file_replaces_the_shipped_one_for_its_target() {
        let text = "part.headline\t0.1\t5\twhy\nhype.body_hype_words\t0.3\t50\twhy";
        let p = Priors::parse(text, "mine.tsv", Target::Sensationalism).unwrap();
        assert_eq!((p.features.len(), p.parts.len()), (1, 1));
        assert_eq!(p.features[0].prior, 0.3);
        // Quality takes part rows too, with the other sign: a more sensational part never
        // raises it. The headline and body models take no priors.
        let e = Priors::parse(text, "mine.tsv", Target::Quality).unwrap_err();
        assert!(
            e.to_string()
                .contains("mine.tsv:1: a part's prior for quality must be non-positive"),
            "{e}"
        );
        let q = Priors::parse("part.body\t-0.5\t20\twhy", "mine.tsv", Target::Quality).unwrap();
        assert_eq!(
            (q.features.len(), q.parts.len(), q.parts[0].prior),
            (0, 1, -0.5)
        );
        let e = Priors::parse(
            "part.body\t-0.5\t20\twhy",
            "mine.tsv",
            Target::Sensationalism,
        )
        .unwrap_err();
        assert!(e.to_string().contains("must be non-negative"), "{e}");
        let e = Priors::parse(text, "mine.tsv", Target::Body).unwrap_err();
        assert!(
            e.to_string()
                .contains("mine.tsv: the body model takes no priors"),
            "{e}"
        );
        // Refused: a part twice, a prior against its sign constraint, a file with none.
        for (bad, wanted) in [
            (
                "part.body\t1\t5\twhy\npart.body\t0.5\t5\twhy",
                "mine.tsv:2: `part.body` listed twice",
            ),
            ("hype.body_hype_words\t-3\t50\twhy", "must be >= 0"),
            ("# nothing\n\n", "no priors in the file"),
        ] {
            let e = Priors::parse(bad, "mine.tsv", Target::Sensationalism).unwrap_err();
            assert!(e.to_string().contains(wanted), "{e}");
        }
        assert_eq!(p.sha256.len(), 64);
        // The shipped files parse as replacements of themselves.
        let q = Priors::parse(QUALITY_PRIORS, "q.tsv", Target::Quality).unwrap();
        assert_eq!(q.features, for_target(Target::Quality));
        assert_eq!(q.parts, part_priors(Target::Quality));
    }

    #[test]
    fn a_prior_of_a_feature_the_model_leaves_out_is_refused() {
        // Sourcing is quality's, not the article model of sensationalism's.
        let text = "sourcing.named_sources\t0.1\t5\twhy";
        let e = Priors::parse(text, "mine.tsv", Target::Sensationalism).unwrap_err();
        assert!(
            e.to_string()
                .contains("mine.tsv: `sourcing.named_sources` is not one of the sensationalism"),
            "{e}"
        );
        assert!(Priors::parse(text, "mine.tsv", Target::Quality).is_ok());
    }

    #[test]
    fn bad_lines_name_the_line() {
        for (text, wanted) in [
            ("sourcing.quotes\t0.1\t2", "4 tab-separated"),
            ("sourcing.nope\t0.1\t2\twhy", "unknown feature"),
            ("sourcing.quotes\tx\t2\twhy", "not a finite number"),
            ("sourcing.quotes\t0.1\t0\twhy", "must be positive"),
            ("sourcing.quotes\t0.1\t1\t ", "reason"),
            (
                "sourcing.quotes\t0.1\t1\twhy\nsourcing.quotes\t0.1\t1\twhy",
                "twice",
            ),
        ] {
            let e = parse(text, "p.tsv").unwrap_err().to_string();
            assert!(e.contains(wanted) && e.contains("p.tsv:"), "{e}");
        }
    }
}
