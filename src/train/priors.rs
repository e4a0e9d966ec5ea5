//! Priors: weights that domain knowledge fixes where the data cannot (a clickbait headline
//! makes an article sensational; named sources beat anonymous ones). Training penalises each
//! such weight towards its prior, `α·s/2·(w − w₀)²`, instead of towards zero, so a weight the
//! corpora cannot identify stays at its prior rather than vanishing, and records how far the
//! data moved it.
//!
//! Priors are data files under `models/priors/`, one per target, embedded in the binary:
//! tab-separated `feature  prior  strength  reason`, `#` comments. `feature` is a
//! hand-crafted feature's name (its prior in standardised units) or `part.headline` /
//! `part.body` (an article model's parts).

use crate::error::TrainError;
use crate::model::Target;
use serde::Serialize;

/// One prior.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prior {
    /// The feature.
    pub feature: String,
    /// Its prior weight `w₀`.
    pub prior: f64,
    /// How many times the L2 penalty pulls it towards `w₀`.
    pub strength: f64,
    /// Why.
    pub reason: String,
}

/// A prior and where training left the weight.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Moved {
    /// The feature.
    pub feature: String,
    /// Its prior weight.
    pub prior: f64,
    /// The fitted weight.
    pub fitted: f64,
    /// `fitted − prior`: how far the data moved it.
    pub moved: f64,
}

/// The embedded priors file of a target, if it has one.
fn embedded(target: Target) -> Option<(&'static str, &'static str)> {
    match target {
        Target::Sensationalism => Some((
            "models/priors/sensationalism.tsv",
            include_str!("../../models/priors/sensationalism.tsv"),
        )),
        _ => None,
    }
}

/// Parses a priors file; errors name the file and line.
pub fn parse(path: &str, text: &str) -> Result<Vec<Prior>, TrainError> {
    let mut priors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |message: String| TrainError::Record {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [feature, prior, strength, reason] = fields[..] else {
            return Err(bad(format!(
                "expected 4 tab-separated fields (feature, prior, strength, reason), found {}",
                fields.len()
            )));
        };
        let number = |name: &str, v: &str| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(format!("{name} `{v}` is not a finite number")))
        };
        let strength_value = number("strength", strength)?;
        if strength_value <= 0.0 {
            return Err(bad(format!("strength `{strength}` must be positive")));
        }
        priors.push(Prior {
            feature: feature.trim().to_string(),
            prior: number("prior", prior)?,
            strength: strength_value,
            reason: reason.trim().to_string(),
        });
    }
    Ok(priors)
}

/// The priors of a target (none for most).
pub fn for_target(target: Target) -> Vec<Prior> {
    embedded(target)
        .map(|(path, text)| parse(path, text).unwrap_or_default())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_priors_parse() {
        let (path, text) = embedded(Target::Sensationalism).unwrap();
        let priors = parse(path, text).unwrap();
        assert!(priors
            .iter()
            .any(|p| p.feature == "part.headline" && p.prior > 0.0));
        assert!(priors
            .iter()
            .any(|p| p.feature == "part.body" && p.prior > 0.0));
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = parse("p.tsv", "# c\npart.body\t1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.tsv:2: expected 4 tab-separated fields (feature, prior, strength, reason), found 2"
        );
        let e = parse("p.tsv", "part.body\tx\t1\twhy\n").unwrap_err();
        assert!(e.to_string().contains("prior `x`"), "{e}");
        let e = parse("p.tsv", "part.body\t1\t0\twhy\n").unwrap_err();
        assert!(e.to_string().contains("must be positive"), "{e}");
    }
}
