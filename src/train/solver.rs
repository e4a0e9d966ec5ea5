//! The logistic-regression fit: the L2-penalised log-loss of `linfa-logistic`, minimised by
//! the same L-BFGS and Moré–Thuente line search (argmin), over a sparse design matrix.
//!
//! Why not hand the matrix to `linfa-logistic`? It wants a dense matrix, and the clickbait
//! design is 99.8% zeros: 32,000 rows × 3,000 n-grams is 390 MB of `f32` and ~25 s a fit,
//! while the same rows hold only ~2 million non-zeros here, so a fit takes well under a
//! second and the vocabulary can grow to every n-gram the corpus repeats. The objective is
//! `linfa-logistic`'s to the letter, and [`Solver::Linfa`] still fits through it (a test and
//! `hypecheck eval --solver linfa` check that both land on the same weights).

use crate::error::TrainError;
use argmin::core::{CostFunction, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, ShapeBuilder};
use serde::{Deserialize, Serialize};

/// Which code minimises the objective.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    /// L-BFGS over the sparse matrix (the default: fast, small).
    #[default]
    Sparse,
    /// `linfa-logistic` over a dense `f32` copy (slow and large on big vocabularies: for
    /// checking the sparse solver on your data).
    Linfa,
}

/// Labeled rows as a compressed sparse row matrix of `f64`.
#[derive(Clone, Debug, Default)]
pub struct Design {
    columns: usize,
    row_starts: Vec<usize>,
    column_of: Vec<u32>,
    values: Vec<f64>,
    /// +1 for the positive class, −1 for the negative.
    signs: Vec<f64>,
}

impl Design {
    /// An empty matrix of `columns` columns.
    pub fn new(columns: usize) -> Design {
        Design {
            columns,
            row_starts: vec![0],
            ..Design::default()
        }
    }

    /// Appends a row from its non-zero `(column, value)` entries.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (usize, f64)>, positive: bool) {
        for (column, value) in entries {
            debug_assert!(column < self.columns);
            if value != 0.0 {
                self.column_of.push(column as u32);
                self.values.push(value);
            }
        }
        self.row_starts.push(self.values.len());
        self.signs.push(if positive { 1.0 } else { -1.0 });
    }

    /// Rows.
    pub fn rows(&self) -> usize {
        self.signs.len()
    }

    /// Columns.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// Stored non-zero entries.
    pub fn non_zeros(&self) -> usize {
        self.values.len()
    }

    fn row(&self, r: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.row_starts[r]..self.row_starts[r + 1];
        self.column_of[range.clone()]
            .iter()
            .zip(&self.values[range])
            .map(|(c, v)| (*c as usize, *v))
    }

    /// The same rows with the `dropped` columns zeroed (their weights then fit to zero).
    pub fn without_columns(&self, dropped: &[usize]) -> Design {
        let mut out = Design::new(self.columns);
        for r in 0..self.rows() {
            let kept = self.row(r).filter(|(c, _)| !dropped.contains(c));
            out.push_row(kept, self.signs[r] > 0.0);
        }
        out
    }

    /// Each row's margin `y·(x·w + b)`.
    fn margins(&self, weights: &[f64], intercept: f64) -> Vec<f64> {
        (0..self.rows())
            .map(|r| {
                let z: f64 = self.row(r).map(|(c, v)| v * weights[c]).sum();
                self.signs[r] * (z + intercept)
            })
            .collect()
    }

    /// A dense column-major `f32` copy, for `linfa-logistic`.
    fn dense(&self) -> (Array2<f32>, Array1<bool>) {
        let mut x = Array2::<f32>::zeros((self.rows(), self.columns).f());
        for r in 0..self.rows() {
            for (c, v) in self.row(r) {
                x[[r, c]] = v as f32;
            }
        }
        (x, self.signs.iter().map(|s| *s > 0.0).collect())
    }
}

/// Per-column prior weights: the penalty on column `j` is `α·strength_j/2·(w_j − mean_j)²`
/// instead of `α/2·w_j²`, so a weight the data cannot identify stays at its prior rather than
/// at zero.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prior {
    /// The weight each column is pulled towards (0 for no prior).
    pub means: Vec<f64>,
    /// How many times `alpha` the pull is (1 for the plain penalty).
    pub strengths: Vec<f64>,
}

impl Prior {
    /// No prior on any of `columns` columns: means 0, strengths 1 (the plain L2 penalty).
    pub fn none(columns: usize) -> Prior {
        Prior {
            means: vec![0.0; columns],
            strengths: vec![1.0; columns],
        }
    }
}

/// What to minimise and how long to try.
#[derive(Clone, Debug)]
pub struct FitSettings {
    /// L2 penalty on the weights (not the intercept); the loss is summed over rows.
    pub alpha: f64,
    /// Most L-BFGS iterations.
    pub max_iterations: u64,
    /// Stop when the gradient's norm falls below this.
    pub gradient_tolerance: f64,
    /// Which code minimises.
    pub solver: Solver,
    /// Prior weights and per-column penalty multipliers (`None`: `α/2·|w|²`). The sparse
    /// solver only; it also starts from the prior means.
    pub prior: Option<Prior>,
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings {
            alpha: 1.0,
            max_iterations: 300,
            gradient_tolerance: 1e-4,
            solver: Solver::Sparse,
            prior: None,
        }
    }
}

/// Fitted weights (one per column) and intercept.
pub fn fit(design: &Design, settings: FitSettings) -> Result<(Vec<f64>, f64), TrainError> {
    if let Some(prior) = &settings.prior {
        let columns = design.columns;
        if prior.means.len() != columns || prior.strengths.len() != columns {
            return Err(TrainError::Fit(format!(
                "a prior of {} means and {} strengths for {columns} columns",
                prior.means.len(),
                prior.strengths.len()
            )));
        }
        let bad = |v: &f64| !v.is_finite();
        if prior.means.iter().any(bad) || prior.strengths.iter().any(|s| bad(s) || *s <= 0.0) {
            return Err(TrainError::Fit(
                "prior means must be finite and strengths positive".into(),
            ));
        }
        if settings.solver == Solver::Linfa {
            return Err(TrainError::Fit(
                "the linfa solver has no prior weights: use the sparse solver".into(),
            ));
        }
    }
    match settings.solver {
        Solver::Sparse => fit_sparse(design, settings),
        Solver::Linfa => fit_linfa(design, settings),
    }
}

/// `Σ log(1 + e^(−m))` over the rows' margins plus `α/2·|w|²`: linfa-logistic's loss; with a
/// prior, `Σ_j α·s_j/2·(w_j − w0_j)²` instead of `α/2·|w|²`.
struct Problem<'d> {
    design: &'d Design,
    alpha: f64,
    prior: Option<&'d Prior>,
}

/// `log(1 + e^(−m))`, without overflow for any margin.
fn log_loss(margin: f64) -> f64 {
    if margin > 0.0 {
        (-margin).exp().ln_1p()
    } else {
        -margin + margin.exp().ln_1p()
    }
}

impl Problem<'_> {
    fn split<'p>(&self, p: &'p Array1<f64>) -> (&'p [f64], f64) {
        let p = p.as_slice().expect("a contiguous parameter vector");
        (&p[..self.design.columns], p[self.design.columns])
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Array1<f64>) -> Result<f64, argmin::core::Error> {
        let (w, b) = self.split(p);
        let loss: f64 = self.design.margins(w, b).into_iter().map(log_loss).sum();
        let penalty: f64 = match self.prior {
            None => w.iter().map(|v| v * v).sum(),
            Some(p) => w
                .iter()
                .zip(&p.means)
                .zip(&p.strengths)
                .map(|((v, m), s)| s * (v - m) * (v - m))
                .sum(),
        };
        Ok(loss + 0.5 * self.alpha * penalty)
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Array1<f64>) -> Result<Array1<f64>, argmin::core::Error> {
        let d = self.design;
        let (w, b) = self.split(p);
        let mut grad = Array1::<f64>::zeros(d.columns + 1);
        let g = grad.as_slice_mut().expect("a fresh array is contiguous");
        for (r, margin) in d.margins(w, b).into_iter().enumerate() {
            // d/dz log(1 + e^(−y·z)) = −y·σ(−m)
            let slope = -d.signs[r] * crate::model::sigmoid(-margin);
            for (c, v) in d.row(r) {
                g[c] += slope * v;
            }
            g[d.columns] += slope;
        }
        match self.prior {
            None => {
                for (gc, wc) in g.iter_mut().zip(w) {
                    *gc += self.alpha * wc;
                }
            }
            Some(p) => {
                for (((gc, wc), m), s) in g.iter_mut().zip(w).zip(&p.means).zip(&p.strengths) {
                    *gc += self.alpha * s * (wc - m);
                }
            }
        }
        Ok(grad)
    }
}

fn fit_sparse(design: &Design, settings: FitSettings) -> Result<(Vec<f64>, f64), TrainError> {
    let failed = |e: argmin::core::Error| TrainError::Fit(e.to_string());
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(settings.gradient_tolerance)
        .map_err(failed)?;
    let problem = Problem {
        design,
        alpha: settings.alpha,
        prior: settings.prior.as_ref(),
    };
    // Start from the prior: a column that is never non-zero then keeps a zero gradient, so
    // L-BFGS never moves it off its prior (`an_unidentified_column_stays_at_its_prior`).
    let mut start = Array1::<f64>::zeros(design.columns + 1);
    if let Some(p) = &settings.prior {
        for (s, m) in start.iter_mut().zip(&p.means) {
            *s = *m;
        }
    }
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(start).max_iters(settings.max_iterations))
        .run()
        .map_err(failed)?;
    let best = result
        .state
        .best_param
        .ok_or_else(|| TrainError::Fit("L-BFGS returned no parameters".into()))?;
    let mut weights = best.to_vec();
    let intercept = weights.pop().unwrap_or(0.0);
    Ok((weights, intercept))
}

fn fit_linfa(design: &Design, settings: FitSettings) -> Result<(Vec<f64>, f64), TrainError> {
    let (x, y) = design.dense();
    let fitted = LogisticRegression::default()
        .alpha(settings.alpha as f32)
        .max_iterations(settings.max_iterations)
        .gradient_tolerance(settings.gradient_tolerance as f32)
        .fit(&Dataset::new(x, y))
        .map_err(|e| TrainError::Fit(e.to_string()))?;
    // linfa names its positive class by sorting labels; turn the weights towards ours.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let weights = fitted.params().iter().map(|w| sign * *w as f64).collect();
    Ok((weights, sign * fitted.intercept() as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows from a fixed pseudo-random stream: three informative columns, one noise column
    /// and a sparse flag column.
    fn design() -> Design {
        let mut d = Design::new(5);
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5
        };
        for i in 0..400 {
            let x: Vec<f64> = (0..4).map(|_| next() * 2.0).collect();
            let flag = if i % 7 == 0 { 1.0 } else { 0.0 };
            let z = 1.5 * x[0] - 2.0 * x[1] + 0.5 * x[2] + flag + 0.3 * next() * 4.0;
            let entries = x.into_iter().chain([flag]).enumerate();
            d.push_row(entries, z > 0.0);
        }
        d
    }

    fn settings(solver: Solver) -> FitSettings {
        FitSettings {
            alpha: 1.0,
            max_iterations: 500,
            gradient_tolerance: 1e-6,
            solver,
            prior: None,
        }
    }

    #[test]
    fn the_sparse_fit_lands_on_linfa_logistic_weights() {
        let d = design();
        let (ws, bs) = fit(&d, settings(Solver::Sparse)).unwrap();
        let (wl, bl) = fit(&d, settings(Solver::Linfa)).unwrap();
        for (a, b) in ws.iter().zip(&wl).chain([(&bs, &bl)]) {
            assert!(
                (a - b).abs() < 2e-3 * (1.0 + b.abs()),
                "{ws:?}+{bs} vs {wl:?}+{bl}"
            );
        }
        // The informative columns have the signs that generated the labels.
        assert!(ws[0] > 1.0 && ws[1] < -1.0 && ws[2] > 0.0, "{ws:?}");
    }

    #[test]
    fn the_gradient_is_the_derivative_of_the_cost() {
        let d = design();
        let problem = Problem {
            design: &d,
            alpha: 0.7,
            prior: None,
        };
        check_gradient(&problem);
    }

    #[test]
    fn the_gradient_with_a_prior_is_the_derivative_of_the_cost() {
        let d = design();
        let prior = Prior {
            means: vec![0.5, -1.0, 0.0, 2.0, -0.3],
            strengths: vec![3.0, 0.5, 1.0, 10.0, 2.0],
        };
        let problem = Problem {
            design: &d,
            alpha: 0.7,
            prior: Some(&prior),
        };
        check_gradient(&problem);
    }

    fn check_gradient(problem: &Problem) {
        let p = Array1::from(vec![0.3, -0.2, 0.1, 0.05, -0.4, 0.2]);
        let g = problem.gradient(&p).unwrap();
        for k in 0..p.len() {
            let h = 1e-6;
            let (mut up, mut down) = (p.clone(), p.clone());
            up[k] += h;
            down[k] -= h;
            let numeric = (problem.cost(&up).unwrap() - problem.cost(&down).unwrap()) / (2.0 * h);
            assert!(
                (numeric - g[k]).abs() < 1e-4,
                "column {k}: {numeric} vs {}",
                g[k]
            );
        }
    }

    #[test]
    fn an_unidentified_column_stays_at_its_prior() {
        // Column 3 is never non-zero: the data say nothing about its weight.
        let source = design();
        let mut d = Design::new(4);
        for r in 0..source.rows() {
            d.push_row(source.row(r).filter(|(c, _)| *c < 3), source.signs[r] > 0.0);
        }
        let prior = Prior {
            means: vec![0.0, 0.0, 0.0, 0.8],
            strengths: vec![1.0, 1.0, 1.0, 5.0],
        };
        let (w, _) = fit(
            &d,
            FitSettings {
                prior: Some(prior),
                ..settings(Solver::Sparse)
            },
        )
        .unwrap();
        assert_eq!(w[3], 0.8, "{w:?}");
        assert!(w[0] > 1.0 && w[1] < -1.0, "{w:?}");
    }

    #[test]
    fn a_strong_prior_holds_a_weight_the_data_contradict() {
        let d = design();
        // The data want column 0 well above 1; a strong prior at 0.2 keeps it near there, a
        // weak one lets the data win.
        let fit_with = |strength: f64| {
            let mut prior = Prior::none(5);
            prior.means[0] = 0.2;
            prior.strengths[0] = strength;
            let s = FitSettings {
                prior: Some(prior),
                ..settings(Solver::Sparse)
            };
            fit(&d, s).unwrap().0[0]
        };
        let (strong, weak) = (fit_with(1e4), fit_with(1e-3));
        assert!((strong - 0.2).abs() < 0.02, "{strong}");
        assert!(weak > 1.0, "{weak}");
        // The plain penalty is the prior of means 0 and strengths 1.
        let none = FitSettings {
            prior: Some(Prior::none(5)),
            ..settings(Solver::Sparse)
        };
        let (a, _) = fit(&d, none).unwrap();
        let (b, _) = fit(&d, settings(Solver::Sparse)).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-9, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_prior_of_the_wrong_size_or_with_linfa_is_refused() {
        let d = design();
        let short = FitSettings {
            prior: Some(Prior::none(2)),
            ..settings(Solver::Sparse)
        };
        assert!(fit(&d, short).is_err());
        let linfa = FitSettings {
            prior: Some(Prior::none(5)),
            ..settings(Solver::Linfa)
        };
        assert!(fit(&d, linfa).is_err());
    }

    #[test]
    fn dropped_columns_fit_to_zero() {
        let d = design().without_columns(&[0]);
        let (w, _) = fit(&d, settings(Solver::Sparse)).unwrap();
        assert_eq!(w[0], 0.0);
        assert!(w[1] < -1.0);
    }

    #[test]
    fn log_loss_is_finite_for_any_margin() {
        for m in [-1e6, -50.0, 0.0, 50.0, 1e6] {
            let l = log_loss(m);
            assert!(l.is_finite() && l >= 0.0, "{m}: {l}");
        }
        assert!((log_loss(0.0) - 2f64.ln()).abs() < 1e-12);
    }
}
