//! Fitting the judge's weights on labelled activities.
//!
//! Every camp the screener finds something about in a case's content is one example: its
//! features, and whether the case's label says the stance is about it. The labelled sets given, and the examples and
//! counterexamples of the screener's packs (what each pack says must and must not flag), are
//! fitted on together. A logistic regression with an L2 penalty toward
//! each feature's prior (the weights the rules had before they were fitted, so that a feature
//! with few examples keeps a sensible weight) is fitted by Newton's method, without an
//! intercept: the score rests on what was found.
//! The threshold is the one that maximises the F1 of the flag on the fitted cases, and is folded
//! into the bias so that a camp flags at 0.5. Figures are k-fold cross-validated: each fold's
//! cases are judged by the full screener with weights fitted on the other folds.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::eval::{evaluate, Counts, EvalCase};
use crate::judge::{sigmoid, Feature, Features, Model};
use crate::screener::Screener;

/// How to fit.
#[derive(Clone, Debug)]
pub struct FitOptions {
    /// The number of cross-validation folds (at least 2).
    pub folds: usize,
    /// The strength of the penalty toward the priors.
    pub l2: f64,
    /// How much more recall counts than precision when the threshold is chosen: the threshold
    /// maximises F-beta (1: both count the same; below 1, precision counts more).
    pub beta: f64,
}

impl Default for FitOptions {
    fn default() -> FitOptions {
        FitOptions {
            folds: 5,
            l2: 1.0,
            beta: 1.0,
        }
    }
}

/// Cross-validated figures of one labelled set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetFigures {
    /// The set's name.
    pub name: String,
    /// The flag's counts over the set's in-scope cases.
    pub flag: Counts,
    /// Recall per tier: (found, total).
    pub tiers: BTreeMap<String, (usize, usize)>,
    /// True positives whose camps were exactly right.
    pub entity_correct: usize,
    /// Whether the set's cases name the camps their stance is about (a pack's examples do not).
    pub labels_camps: bool,
}

impl SetFigures {
    /// One line: precision, recall, tier recalls and entity accuracy.
    pub fn render(&self) -> String {
        let f = &self.flag;
        let mut s = format!(
            "{}: precision {:.3}, recall {:.3}",
            self.name,
            f.precision(),
            f.recall()
        );
        for (tier, &(found, total)) in self.tiers.iter().filter(|(t, _)| *t != "unknown") {
            s.push_str(&format!(
                ", {tier} {:.3}",
                found as f64 / total.max(1) as f64
            ));
        }
        if self.labels_camps {
            s.push_str(&format!(
                ", entities {:.3}",
                self.entity_correct as f64 / f.tp.max(1) as f64
            ));
        }
        s
    }
}

/// What fitting produced: the weights file and the cross-validated figures.
#[derive(Clone, Debug)]
pub struct FitReport {
    /// The examples (camps) the final fit was made on.
    pub examples: usize,
    /// The threshold chosen on the fitted cases, before it was folded into the bias.
    pub threshold: f64,
    /// Cross-validated figures, one per labelled set.
    pub cross_validated: Vec<SetFigures>,
    model: Model,
    /// Every example, for inspection: its case id, camp, label and features.
    rows: Vec<(String, String, bool, Features)>,
}

impl FitReport {
    /// Every example as a JSON line: `{"case", "camp", "label", "features": {name: value}}`,
    /// with the fitted model's score, for looking into what the weights were fitted on.
    pub fn examples_jsonl(&self) -> String {
        let mut out = String::new();
        for (case, camp, label, x) in &self.rows {
            let features: serde_json::Map<String, serde_json::Value> = Feature::ALL
                .iter()
                .filter(|f| x.get(**f) != 0.0)
                .map(|f| (f.name().to_string(), serde_json::json!(x.get(*f))))
                .collect();
            let line = serde_json::json!({
                "case": case,
                "camp": camp,
                "label": label,
                "score": sigmoid(self.model.logit(x)),
                "features": features,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
        out
    }

    /// The weights file, with a header saying what made it and how it scored.
    pub fn model_toml(&self, command: &str) -> String {
        let mut header = format!(
            "# The judge's weights, fitted on the labelled sets by\n#   {command}\n# Do not edit \
             by hand: change the features, the packs or the labelled sets and fit again; a test \
             fits\n# again and compares. {} examples (camps). The threshold, {:.3}, is folded \
             into the bias,\n# so a camp flags at 0.5.\n#\n# Cross-validated:\n",
            self.examples, self.threshold
        );
        for set in &self.cross_validated {
            header.push_str(&format!("#   {}\n", set.render()));
        }
        self.model.to_toml(&header)
    }
}

/// One camp of one case.
struct Example {
    case: usize,
    camp: String,
    x: Features,
    y: bool,
}

/// Fits the weights on `sets` (each a name and its cases) and cross-validates them.
pub fn fit(
    screener: &Screener,
    sets: &[(String, Vec<EvalCase>)],
    options: &FitOptions,
) -> Result<FitReport, Error> {
    if options.folds < 2 {
        return Err(Error::config("fitting needs at least 2 folds"));
    }
    // The packs' own examples and counterexamples are labelled cases too: what each pack says
    // must and must not flag.
    let mut sets = sets.to_vec();
    let written = pack_cases(screener);
    if !written.is_empty() {
        sets.push(("pack examples".to_string(), written));
    }
    let sets = &sets[..];
    let cases: Vec<(usize, &EvalCase)> = sets
        .iter()
        .enumerate()
        .flat_map(|(s, (_, cases))| cases.iter().map(move |c| (s, c)))
        .collect();
    if cases.is_empty() {
        return Err(Error::config("no labelled cases to fit on"));
    }
    let examples = examples(screener, &cases);
    let fold_of = |case: usize| fold(cases[case].1, options.folds);
    let mut figures: Vec<SetFigures> = sets
        .iter()
        .map(|(name, cases)| SetFigures {
            name: name.clone(),
            labels_camps: cases.iter().any(|c| !c.expect.entities.is_empty()),
            ..SetFigures::default()
        })
        .collect();
    for k in 0..options.folds {
        let train: Vec<&Example> = examples.iter().filter(|e| fold_of(e.case) != k).collect();
        let (model, _) = fit_model(&train, options);
        let judge = screener.with_model(model);
        for (s, set) in sets.iter().enumerate() {
            let held: Vec<EvalCase> = set
                .1
                .iter()
                .filter(|c| fold(c, options.folds) == k)
                .cloned()
                .collect();
            add(&mut figures[s], &evaluate(&judge, &held));
        }
    }
    let all: Vec<&Example> = examples.iter().collect();
    let (model, threshold) = fit_model(&all, options);
    let rows = examples
        .iter()
        .map(|e| {
            let id = cases[e.case].1.activity.id.to_string();
            (id, e.camp.clone(), e.y, e.x)
        })
        .collect();
    Ok(FitReport {
        examples: examples.len(),
        threshold,
        cross_validated: figures,
        model,
        rows,
    })
}

/// The camps of every case's content, each labelled by whether the case's stance is about it.
fn examples(screener: &Screener, cases: &[(usize, &EvalCase)]) -> Vec<Example> {
    let mut out = Vec::new();
    for (i, (_, c)) in cases.iter().enumerate() {
        for (id, x) in screener.content_camps(&c.activity) {
            // A pack example that must flag names no camp: any camp found in it is what it is
            // about.
            let y =
                c.expect.flag && (c.expect.entities.is_empty() || c.expect.entities.contains(&id));
            out.push(Example {
                case: i,
                camp: id,
                x,
                y,
            });
        }
    }
    out
}

/// The examples and counterexamples of the screener's packs, as labelled posts.
fn pack_cases(screener: &Screener) -> Vec<EvalCase> {
    let mut out = Vec::new();
    for pack in screener.packs() {
        for ex in pack.examples() {
            let id = format!("{}:{}", pack.meta().id, ex.line);
            out.push(EvalCase {
                activity: crate::activity::Activity::post(id, ex.text.as_str()),
                expect: crate::eval::Expect {
                    flag: ex.must_flag,
                    tier: String::new(),
                    entities: Vec::new(),
                    rules: Vec::new(),
                },
                note: None,
            });
        }
    }
    out
}

/// The fold of a case: from its id, so that the same case lands in the same fold every time.
fn fold(case: &EvalCase, folds: usize) -> usize {
    // FNV-1a over the id: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in case.activity.id.as_str().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % folds as u64) as usize
}

/// Adds a fold's figures to a set's.
fn add(to: &mut SetFigures, r: &crate::eval::EvalReport) {
    to.flag.tp += r.flag.tp;
    to.flag.fp += r.flag.fp;
    to.flag.fn_ += r.flag.fn_;
    to.flag.tn += r.flag.tn;
    to.entity_correct += r.entity_correct;
    for (tier, &(found, total)) in &r.tiers {
        let slot = to.tiers.entry(tier.clone()).or_default();
        slot.0 += found;
        slot.1 += total;
    }
}

/// The weights fitted on `examples`, their threshold folded into the bias, and the threshold.
///
/// No intercept is fitted: a camp's score rests on what was found about it, so that a finding
/// that weighs nothing cannot flag a camp on the base rate of the labelled sets. The threshold,
/// folded in afterwards, is the only bias.
fn fit_model(examples: &[&Example], options: &FitOptions) -> (Model, f64) {
    let n = Feature::COUNT;
    let prior: Vec<f64> = Feature::ALL
        .iter()
        .map(|f| f64::from(f.prior_weight()))
        .collect();
    let mut w = prior.clone();
    let rows: Vec<Vec<f64>> = examples
        .iter()
        .map(|e| e.x.0.iter().map(|&v| f64::from(v)).collect())
        .collect();
    let logit = |x: &[f64], w: &[f64]| -> f64 { x.iter().zip(w).map(|(a, b)| a * b).sum() };
    // The penalised negative log-likelihood that Newton's method lowers.
    let objective = |w: &[f64]| -> f64 {
        let mut total = 0.0;
        for (x, e) in rows.iter().zip(examples) {
            let z = logit(x, w);
            // log(1 + e^z) - y z, written to stay finite for large |z|.
            let softplus = if z > 0.0 {
                z + (-z).exp().ln_1p()
            } else {
                z.exp().ln_1p()
            };
            total += softplus - if e.y { z } else { 0.0 };
        }
        let penalty: f64 = w.iter().zip(&prior).map(|(a, b)| (a - b).powi(2)).sum();
        total + 0.5 * options.l2 * penalty
    };
    for _ in 0..100 {
        let mut grad: Vec<f64> = w
            .iter()
            .zip(&prior)
            .map(|(a, b)| options.l2 * (a - b))
            .collect();
        let mut hess = vec![vec![0.0; n]; n];
        for (i, row) in hess.iter_mut().enumerate() {
            row[i] = options.l2;
        }
        for (x, e) in rows.iter().zip(examples) {
            let p = 1.0 / (1.0 + (-logit(x, &w)).exp());
            let r = p - f64::from(u8::from(e.y));
            let s = (p * (1.0 - p)).max(1e-9);
            for (i, &xi) in x.iter().enumerate().filter(|(_, v)| **v != 0.0) {
                grad[i] += r * xi;
                for (h, &xj) in hess[i].iter_mut().zip(x) {
                    *h += s * xi * xj;
                }
            }
        }
        let Some(step) = solve(hess, grad) else {
            break;
        };
        // Halve the step until it lowers the objective: a full Newton step can overshoot where
        // the examples of a feature are nearly separable.
        let before = objective(&w);
        let mut scale = 1.0;
        let mut next: Vec<f64> = w.clone();
        while scale > 1e-6 {
            next = w.iter().zip(&step).map(|(wi, d)| wi - scale * d).collect();
            if objective(&next) <= before {
                break;
            }
            scale /= 2.0;
        }
        let largest = w
            .iter()
            .zip(&next)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        w = next;
        if largest < 1e-7 {
            break;
        }
    }
    let threshold = best_threshold(examples, &rows, &w, options.beta);
    let mut weights = [0.0f32; Feature::COUNT];
    for (slot, v) in weights.iter_mut().zip(&w) {
        *slot = round4(*v);
    }
    let model = Model {
        bias: round4(-(threshold / (1.0 - threshold)).ln()),
        weights,
    };
    (model, threshold)
}

/// A weight rounded to four decimals, as the weights file writes it, so that a model fitted in
/// memory scores exactly as the same model read back from its file.
fn round4(x: f64) -> f32 {
    ((x * 10_000.0).round() / 10_000.0) as f32
}

/// The threshold that maximises the F-beta of the case's flag (a case flags when any of its
/// camps does) on the fitted examples.
fn best_threshold(examples: &[&Example], rows: &[Vec<f64>], w: &[f64], beta: f64) -> f64 {
    let mut cases: BTreeMap<usize, (f64, bool)> = BTreeMap::new();
    for (x, e) in rows.iter().zip(examples) {
        let z: f64 = x.iter().zip(w).map(|(a, b)| a * b).sum();
        let p = f64::from(sigmoid(z as f32));
        let slot = cases.entry(e.case).or_insert((0.0, false));
        slot.0 = slot.0.max(p);
        slot.1 |= e.y;
    }
    let mut best = (0.0, 0.5);
    for step in 10..=90 {
        let t = f64::from(step) / 100.0;
        let (mut tp, mut fp, mut fn_) = (0.0f64, 0.0f64, 0.0f64);
        for &(p, y) in cases.values() {
            match (p >= t, y) {
                (true, true) => tp += 1.0,
                (true, false) => fp += 1.0,
                (false, true) => fn_ += 1.0,
                (false, false) => {}
            }
        }
        let b2 = beta * beta;
        let f = (1.0 + b2) * tp / ((1.0 + b2) * tp + b2 * fn_ + fp).max(1.0);
        if f > best.0 {
            best = (f, t);
        }
    }
    best.1
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when `a` is singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            if f == 0.0 {
                continue;
            }
            let (top, bottom) = a.split_at_mut(row);
            for (x, y) in bottom[0][col..].iter_mut().zip(&top[col][col..]) {
                *x -= f * y;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]).is_none());
    }

    #[test]
    fn a_feature_that_separates_the_labels_gets_a_positive_weight() {
        let mut examples = Vec::new();
        for i in 0..200 {
            let mut x = Features::default();
            let y = i % 2 == 0;
            x.set(Feature::Praise, if y { 2.0 } else { 0.0 });
            x.set(Feature::News, if y { 0.0 } else { 1.0 });
            examples.push(Example {
                case: i,
                camp: String::new(),
                x,
                y,
            });
        }
        let refs: Vec<&Example> = examples.iter().collect();
        let (m, t) = fit_model(&refs, &FitOptions::default());
        assert!(m.weight(Feature::Praise) > 1.0, "{m:?}");
        assert!(m.weight(Feature::News) < 0.0, "{m:?}");
        assert!((0.1..=0.9).contains(&t));
        let praised = {
            let mut x = Features::default();
            x.set(Feature::Praise, 2.0);
            x
        };
        assert!(m.logit(&praised) > 0.0);
        assert!(m.logit(&Features::default()) < m.logit(&praised));
    }
}
