//! Measuring accuracy against labelled activities.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::activity::Activity;
use crate::display::escaped;
use crate::rule::Rule;
use crate::screener::Screener;
use crate::verdict::Verdict;

/// The verdict a careful human inspector gave an activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expect {
    /// Whether it should flag.
    pub flag: bool,
    /// `explicit` (stance in explicit words), `implicit` (read between the lines) or empty.
    #[serde(default)]
    pub tier: String,
    /// The camps the stance is about; `other` is a camp no bundled pack knows.
    #[serde(default)]
    pub entities: Vec<String>,
    /// The rule ids it breaches.
    #[serde(default)]
    pub rules: Vec<String>,
}

/// One labelled activity: the canonical activity fields plus `expect`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "RawCase", into = "RawCase")]
pub struct EvalCase {
    /// The activity.
    pub activity: Activity,
    /// The expected verdict.
    pub expect: Expect,
    /// A free note on what the case tests.
    pub note: Option<String>,
}

/// The flat JSON shape of a case. Spelled out rather than `#[serde(flatten)]`, which would
/// route the id through a buffer and lose the exact digits of large numeric ids.
#[derive(Clone, Serialize, Deserialize)]
struct RawCase {
    id: crate::activity::ActivityId,
    kind: crate::activity::Kind,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    target_text: Option<String>,
    #[serde(default)]
    target_author: Option<String>,
    expect: Expect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl From<RawCase> for EvalCase {
    fn from(r: RawCase) -> EvalCase {
        EvalCase {
            activity: Activity {
                id: r.id,
                kind: r.kind,
                author: r.author,
                created_at: r.created_at,
                text: r.text,
                target_text: r.target_text,
                target_author: r.target_author,
                url: None,
            },
            expect: r.expect,
            note: r.note,
        }
    }
}

impl From<EvalCase> for RawCase {
    fn from(c: EvalCase) -> RawCase {
        let a = c.activity;
        RawCase {
            id: a.id,
            kind: a.kind,
            author: a.author,
            created_at: a.created_at,
            text: a.text,
            target_text: a.target_text,
            target_author: a.target_author,
            expect: c.expect,
            note: c.note,
        }
    }
}

/// The entity label for camps outside every pack.
const OTHER: &str = "other";

/// Precision, recall and F1 of one yes/no question.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// True negatives.
    pub tn: usize,
}

impl Counts {
    /// `tp / (tp + fp)`, or 1 when nothing was flagged.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or 1 when nothing should have flagged.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One case the screener got wrong, with what it said.
#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    /// The case.
    pub case: EvalCase,
    /// The screener's verdict.
    pub verdict: Verdict,
}

/// The accuracy figures of [`evaluate`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct EvalReport {
    /// Cases read.
    pub cases: usize,
    /// Positives whose only camp is `other`: out of scope for the packs, left out of the
    /// headline figures.
    pub out_of_scope: usize,
    /// How many of the out-of-scope positives flagged anyway.
    pub out_of_scope_flagged: usize,
    /// The flag, over the in-scope cases.
    pub flag: Counts,
    /// Recall per tier (`explicit`, `implicit`): (found, total).
    pub tiers: BTreeMap<String, (usize, usize)>,
    /// True positives whose entities equal the expected ones (ignoring `other`).
    pub entity_correct: usize,
    /// Per rule, over in-scope cases: a rule counts as found when the case flagged with it.
    pub rules: BTreeMap<String, Counts>,
    /// Flags that should not have been.
    pub false_positives: Vec<Miss>,
    /// Misses.
    pub false_negatives: Vec<Miss>,
    /// True positives with the wrong entities.
    pub wrong_entities: Vec<Miss>,
}

impl EvalReport {
    /// Entity accuracy on true positives.
    pub fn entity_accuracy(&self) -> f64 {
        ratio(self.entity_correct, self.flag.tp)
    }

    /// Recall of one tier.
    pub fn tier_recall(&self, tier: &str) -> f64 {
        self.tiers
            .get(tier)
            .map_or(1.0, |&(found, total)| ratio(found, total))
    }

    /// A plain-text report for people: headline figures, the per-rule table, then every miss
    /// with its evidence.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let f = &self.flag;
        let _ = writeln!(
            s,
            "cases: {} ({} in scope, {} out-of-scope positives, {} of them flagged)",
            self.cases,
            self.cases - self.out_of_scope,
            self.out_of_scope,
            self.out_of_scope_flagged
        );
        let _ = writeln!(
            s,
            "flag: precision {:.3}  recall {:.3}  f1 {:.3}  (tp {} fp {} fn {} tn {})",
            f.precision(),
            f.recall(),
            f.f1(),
            f.tp,
            f.fp,
            f.fn_,
            f.tn
        );
        // Tiers and rules are named by the labelled file: shown escaped, as the misses are.
        for (tier, &(found, total)) in &self.tiers {
            let _ = writeln!(
                s,
                "recall {}: {:.3} ({found}/{total})",
                escaped(tier),
                ratio(found, total)
            );
        }
        let _ = writeln!(
            s,
            "entity accuracy on true positives: {:.3} ({}/{})",
            self.entity_accuracy(),
            self.entity_correct,
            f.tp
        );
        let _ = writeln!(
            s,
            "\n{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
            "rule", "tp", "fp", "fn", "precision", "recall"
        );
        for (rule, c) in &self.rules {
            let _ = writeln!(
                s,
                "{:<22} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
                escaped(rule),
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            );
        }
        for (title, list) in [
            ("false positives", &self.false_positives),
            ("false negatives", &self.false_negatives),
            ("wrong entities", &self.wrong_entities),
        ] {
            let _ = writeln!(s, "\n== {title} ({}) ==", list.len());
            for m in list {
                render_miss(&mut s, m);
            }
        }
        s
    }
}

/// One miss, over several lines. Everything in it comes from the labelled file or was
/// matched in it, so each line is shown with the characters that would act on a terminal, or
/// hide or reorder text, escaped.
fn render_miss(s: &mut String, m: &Miss) {
    let a = &m.case.activity;
    let tier = if m.case.expect.tier.is_empty() {
        String::new()
    } else {
        format!(" {}", m.case.expect.tier)
    };
    let mut lines = vec![format!(
        "- {} [{}{tier}] expected {:?} got {:?} score {:.2}",
        a.id, a.kind, m.case.expect.entities, m.verdict.entities, m.verdict.score
    )];
    if let Some(t) = &a.text {
        lines.push(format!("    text: {}", one_line(t)));
    }
    if let Some(t) = &a.target_text {
        lines.push(format!("    target: {}", one_line(t)));
    }
    if let Some(t) = &a.target_author {
        lines.push(format!("    target_author: {t}"));
    }
    for e in &m.verdict.evidence {
        lines.push(format!("    {e}"));
    }
    for r in &m.verdict.reasons {
        lines.push(format!("    why: {r}"));
    }
    for line in lines {
        s.push_str(&escaped(&line));
        s.push('\n');
    }
}

fn one_line(t: &str) -> String {
    let flat: String = t
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() > 240 {
        flat.chars().take(240).chain("…".chars()).collect()
    } else {
        flat
    }
}

/// Screens every case and measures the flag, the tiers, the entities and the rules.
///
/// ```
/// use netral::{evaluate, EvalCase, Screener};
///
/// let cases: Vec<EvalCase> = [
///     r#"{"id":"1","kind":"post","text":"Ayo coblos Prabowo!","expect":{"flag":true,"tier":"explicit","entities":["paslon-02"]}}"#,
///     r#"{"id":"2","kind":"post","text":"Semoga lekas sembuh, aamiin","expect":{"flag":false}}"#,
/// ]
/// .iter()
/// .map(|l| serde_json::from_str(l))
/// .collect::<Result<_, _>>()?;
/// let report = evaluate(&Screener::new()?, &cases);
/// assert_eq!(report.flag.tp, 1);
/// assert_eq!(report.flag.tn, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(screener: &Screener, cases: &[EvalCase]) -> EvalReport {
    let verdicts: Vec<Verdict> = cases
        .par_iter()
        .map(|c| screener.screen(&c.activity))
        .collect();
    let mut r = EvalReport {
        cases: cases.len(),
        ..EvalReport::default()
    };
    for rule in Rule::ALL {
        r.rules.insert(rule.id().to_string(), Counts::default());
    }
    for (case, v) in cases.iter().zip(verdicts) {
        let e = &case.expect;
        let expected: Vec<&str> = {
            let mut x: Vec<&str> = e
                .entities
                .iter()
                .map(String::as_str)
                .filter(|&id| id != OTHER)
                .collect();
            x.sort_unstable();
            x.dedup();
            x
        };
        if e.flag && expected.is_empty() && !e.entities.is_empty() {
            r.out_of_scope += 1;
            r.out_of_scope_flagged += usize::from(v.flagged);
            continue;
        }
        if e.flag {
            let tier = if e.tier.is_empty() {
                "unknown"
            } else {
                e.tier.as_str()
            };
            let slot = r.tiers.entry(tier.to_string()).or_default();
            slot.1 += 1;
            slot.0 += usize::from(v.flagged);
        }
        for rule in Rule::ALL {
            let want = e.flag && e.rules.iter().any(|x| x == rule.id());
            let got = v.flagged && v.rules.contains(&rule);
            let c = r.rules.entry(rule.id().to_string()).or_default();
            match (want, got) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        let miss = || Miss {
            case: case.clone(),
            verdict: v.clone(),
        };
        match (e.flag, v.flagged) {
            (true, true) => {
                r.flag.tp += 1;
                let got: Vec<&str> = v.entities.iter().map(String::as_str).collect();
                if got == expected {
                    r.entity_correct += 1;
                } else {
                    r.wrong_entities.push(miss());
                }
            }
            (false, true) => {
                r.flag.fp += 1;
                r.false_positives.push(miss());
            }
            (true, false) => {
                r.flag.fn_ += 1;
                r.false_negatives.push(miss());
            }
            (false, false) => r.flag.tn += 1,
        }
    }
    r
}
