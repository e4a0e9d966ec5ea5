//! Calibration: Platt scaling of a model's logit, `p = σ(a·logit + b)` (Platt 1999), fitted
//! on held-out logits and stored in the model file.
//!
//! Because the map is affine in the logit, a calibrated score is still
//! `σ(a·intercept + b + Σ a·contribution)`: contributions scale by `a` and stay exact.
//! With `b` fixed at 0 (temperature scaling, Guo et al. 2017) the decision boundary
//! `logit = 0` is kept, so labels and ROC-AUC do not change.

use serde::{Deserialize, Serialize};

/// Platt scaling or temperature scaling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CalibrationMethod {
    /// `σ(a·logit + b)`.
    Platt,
    /// `σ(a·logit)`: `a = 1/T`.
    Temperature,
}

/// A fitted calibration, as stored in a model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// Which map.
    pub method: CalibrationMethod,
    /// `a`: the logit's multiplier (positive).
    pub slope: f64,
    /// `b`: added after scaling (0 for temperature scaling).
    pub offset: f64,
    /// What it was fitted on: held-out logits of which data.
    pub fitted_on: String,
    /// Rows it was fitted on.
    pub rows: usize,
}

impl Calibration {
    /// The identity: `a = 1`, `b = 0`.
    pub fn identity() -> Calibration {
        Calibration {
            method: CalibrationMethod::Temperature,
            slope: 1.0,
            offset: 0.0,
            fitted_on: "nothing (identity)".into(),
            rows: 0,
        }
    }

    /// Fits `a` (and `b`, for Platt) to `(logit, class)` pairs by Newton's method on the
    /// log-loss, with Platt's smoothed targets (`(N₊+1)/(N₊+2)` and `1/(N₋+2)`) so that
    /// separable data cannot drive the slope to infinity.
    pub fn fit(scored: &[(f64, bool)], method: CalibrationMethod, fitted_on: &str) -> Calibration {
        let positives = scored.iter().filter(|s| s.1).count() as f64;
        let negatives = scored.len() as f64 - positives;
        let hi = (positives + 1.0) / (positives + 2.0);
        let lo = 1.0 / (negatives + 2.0);
        let target = |y: bool| if y { hi } else { lo };
        let loss = |a: f64, b: f64| -> f64 {
            scored
                .iter()
                .map(|&(x, y)| {
                    let z = a * x + b;
                    // log(1 + e^z) − t·z, computed without overflow.
                    let softplus = z.max(0.0) + (-z.abs()).exp().ln_1p();
                    softplus - target(y) * z
                })
                .sum::<f64>()
        };
        let (mut a, mut b) = (1.0f64, 0.0f64);
        let mut current = loss(a, b);
        for _ in 0..200 {
            // Gradient and Hessian of the log-loss in (a, b).
            let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for &(x, y) in scored {
                let p = super::sigmoid(a * x + b);
                let d = p - target(y);
                let w = (p * (1.0 - p)).max(1e-12);
                ga += d * x;
                gb += d;
                haa += w * x * x;
                hab += w * x;
                hbb += w;
            }
            let (da, db) = match method {
                CalibrationMethod::Temperature => (ga / (haa + 1e-9), 0.0),
                CalibrationMethod::Platt => {
                    let det = haa * hbb - hab * hab;
                    if det.abs() < 1e-12 {
                        (ga / (haa + 1e-9), gb / (hbb + 1e-9))
                    } else {
                        ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det)
                    }
                }
            };
            // Newton's step, halved until the loss falls (it may overshoot far from the optimum).
            let mut step = 1.0;
            let mut moved = false;
            while step > 1e-6 {
                let (na, nb) = (a - step * da, b - step * db);
                let next = loss(na, nb);
                if next.is_finite() && next <= current {
                    (a, b, current) = (na, nb, next);
                    moved = true;
                    break;
                }
                step /= 2.0;
            }
            if !moved || (step * da).abs() < 1e-10 && (step * db).abs() < 1e-10 {
                break;
            }
        }
        Calibration {
            method,
            // A calibration may soften or sharpen a model, never turn it round.
            slope: a.clamp(1e-3, 1e3),
            offset: b,
            fitted_on: fitted_on.to_string(),
            rows: scored.len(),
        }
    }

    /// The calibrated logit.
    pub fn apply(&self, logit: f64) -> f64 {
        self.slope * logit + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overconfident_logits_are_softened() {
        // Logits of ±6 whose classes are right only 3 times in 4: the slope must fall well
        // below 1 so the probabilities come near 0.75 / 0.25.
        let mut scored = Vec::new();
        for i in 0..400 {
            let positive = i % 2 == 0;
            let right = (i / 2) % 4 != 0;
            let logit = if positive == right { 6.0 } else { -6.0 };
            scored.push((logit, positive));
        }
        let c = Calibration::fit(&scored, CalibrationMethod::Temperature, "test");
        let p = crate::model::sigmoid(c.apply(6.0));
        assert!((p - 0.75).abs() < 0.02, "{p}");
        assert_eq!(c.offset, 0.0);
        let platt = Calibration::fit(&scored, CalibrationMethod::Platt, "test");
        assert!((crate::model::sigmoid(platt.apply(6.0)) - 0.75).abs() < 0.02);
    }

    #[test]
    fn offset_corrects_a_shifted_base_rate() {
        // Logit 0 everywhere but 80% positive: Platt moves b to ≈ logit(0.8).
        let scored: Vec<(f64, bool)> = (0..500).map(|i| (0.0, i % 5 != 0)).collect();
        let c = Calibration::fit(&scored, CalibrationMethod::Platt, "test");
        assert!(
            (crate::model::sigmoid(c.offset) - 0.8).abs() < 0.01,
            "{}",
            c.offset
        );
    }
}
