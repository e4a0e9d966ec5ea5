//! Classification metrics for evaluation: accuracy, precision, recall, F1, ROC-AUC,
//! expected calibration error and the confusion matrix.

use serde::Serialize;

/// Metrics of probabilities against true labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Number of examples.
    pub n: usize,
    /// Share classified correctly at the threshold.
    pub accuracy: f64,
    /// Of those predicted positive, the share that are.
    pub precision: f64,
    /// Of the positives, the share predicted positive.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Area under the ROC curve (ties count half).
    pub roc_auc: f64,
    /// Expected calibration error over 10 equal-width probability bins.
    pub ece: f64,
    /// `[[true negatives, false positives], [false negatives, true positives]]`.
    pub confusion: [[usize; 2]; 2],
}

impl Metrics {
    /// Computes the metrics of `(probability, is_positive)` pairs at `threshold`.
    pub fn compute(scored: &[(f64, bool)], threshold: f64) -> Metrics {
        let mut confusion = [[0usize; 2]; 2];
        for &(p, y) in scored {
            confusion[y as usize][(p >= threshold) as usize] += 1;
        }
        let [[tn, fp], [fn_, tp]] = confusion;
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Metrics {
            n: scored.len(),
            accuracy: ratio(tp + tn, scored.len()),
            precision,
            recall,
            f1,
            roc_auc: roc_auc(scored),
            ece: expected_calibration_error(scored, 10),
            confusion,
        }
    }
}

/// ROC-AUC by the rank-sum (Mann-Whitney) formula, ties averaged; 0.5 with one class only.
pub fn roc_auc(scored: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|s| s.1).count();
    let negatives = sorted.len() - positives;
    if positives == 0 || negatives == 0 {
        return 0.5;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let mean_rank = (i + j + 1) as f64 / 2.0;
        rank_sum += mean_rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

/// Expected calibration error: the example-weighted mean gap between mean predicted
/// probability and observed positive rate, over `bins` equal-width bins.
pub fn expected_calibration_error(scored: &[(f64, bool)], bins: usize) -> f64 {
    if scored.is_empty() {
        return 0.0;
    }
    let mut sum_p = vec![0.0; bins];
    let mut sum_y = vec![0.0; bins];
    let mut count = vec![0usize; bins];
    for &(p, y) in scored {
        let b = ((p * bins as f64) as usize).min(bins - 1);
        sum_p[b] += p;
        sum_y[b] += y as u8 as f64;
        count[b] += 1;
    }
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| (sum_p[b] - sum_y[b]).abs())
        .sum::<f64>()
        / scored.len() as f64
}

/// One bin of a reliability curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReliabilityBin {
    /// Lower edge of the bin's predicted probabilities.
    pub from: f64,
    /// Upper edge.
    pub to: f64,
    /// Predictions in it.
    pub count: usize,
    /// Their mean predicted probability (0 for an empty bin).
    pub mean_predicted: f64,
    /// The share of them that are positive (0 for an empty bin).
    pub observed: f64,
}

/// A reliability curve: predictions in `bins` equal-width bins of probability, each with its
/// mean prediction and observed positive rate (a calibrated model has the two equal).
pub fn reliability_curve(scored: &[(f64, bool)], bins: usize) -> Vec<ReliabilityBin> {
    let mut out: Vec<ReliabilityBin> = (0..bins)
        .map(|b| ReliabilityBin {
            from: b as f64 / bins as f64,
            to: (b + 1) as f64 / bins as f64,
            count: 0,
            mean_predicted: 0.0,
            observed: 0.0,
        })
        .collect();
    for &(p, y) in scored {
        let b = ((p * bins as f64) as usize).min(bins - 1);
        out[b].count += 1;
        out[b].mean_predicted += p;
        out[b].observed += y as u8 as f64;
    }
    for bin in &mut out {
        if bin.count > 0 {
            bin.mean_predicted /= bin.count as f64;
            bin.observed /= bin.count as f64;
        }
    }
    out
}

/// Share of probabilities outside `[low, 1 − low]`: saturated scores that cannot rank.
pub fn saturated_share(probabilities: &[f64], low: f64) -> f64 {
    if probabilities.is_empty() {
        return 0.0;
    }
    let n = probabilities
        .iter()
        .filter(|p| **p < low || **p > 1.0 - low)
        .count();
    n as f64 / probabilities.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_a_perfect_ranking_is_one_and_of_a_reversed_one_zero() {
        let good = [(0.1, false), (0.2, false), (0.8, true), (0.9, true)];
        assert_eq!(roc_auc(&good), 1.0);
        let bad: Vec<_> = good.iter().map(|&(p, y)| (p, !y)).collect();
        assert_eq!(roc_auc(&bad), 0.0);
        assert_eq!(roc_auc(&[(0.5, true), (0.5, false)]), 0.5);
    }

    #[test]
    fn confusion_and_rates_follow_the_threshold() {
        let m = Metrics::compute(&[(0.9, true), (0.6, false), (0.4, true), (0.1, false)], 0.5);
        assert_eq!(m.confusion, [[1, 1], [1, 1]]);
        assert_eq!(m.accuracy, 0.5);
        assert_eq!(m.precision, 0.5);
        assert_eq!(m.recall, 0.5);
    }

    #[test]
    fn calibration_error_is_zero_when_rates_match() {
        let scored = [(0.25, true), (0.25, false), (0.25, false), (0.25, false)];
        assert!(expected_calibration_error(&scored, 10) < 1e-12);
        assert!((expected_calibration_error(&[(0.9, false)], 10) - 0.9).abs() < 1e-12);
    }
}
