//! **combine**: the findings' weights into one score, and the verdict a reviewer reads.
//!
//! What it does: a field's score is `1 - Π(1 - weight)` over its findings, damped by a neutral
//! or even-handed context; the activity's score is the same combination over its parts (its own
//! words, an interaction), rounded to three decimals; it flags at the threshold. A flagged
//! verdict names the rules and camps of its findings and the camps its flagged parts name
//! clearly; every finding is a reason, with its weight.
//!
//! Why: independent pieces of evidence each raise the score, and none can push it past 1.
//!
//! Known limits: the weights are set per kind of finding, not fitted; two weak findings about
//! different camps add up as if they were about one.

use crate::activity::Activity;
use crate::rule::RuleSet;
use crate::scan::Hit;
use crate::util::decimal::push_2dp;
use crate::verdict::{
    Evidence, Field, Trace, TraceDrop, TraceFinding, TraceNote, TraceStep, Verdict,
};

use super::finding::{Finding, Names};
use super::interaction::{Judged, Part};
use super::sheet::{Dropped, FieldJudgement};
use super::stage::StageId;
use super::weights::{BALANCED_DAMPING, NEUTRAL_DAMPING, THRESHOLD};
use super::{HitDrop, Judge};

/// `1 - Π(1 - weight)` over `findings`.
pub(super) fn noisy_or<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> f32 {
    1.0 - findings
        .into_iter()
        .fold(1.0, |acc, f| acc * (1.0 - f.weight.clamp(0.0, 1.0)))
}

/// A field's score, and, when its context damped it, the score before and the damping.
pub(super) fn field_score(f: &FieldJudgement) -> (f32, Option<(f32, f32)>) {
    let s = noisy_or(&f.findings);
    let damping = if f.balanced {
        BALANCED_DAMPING
    } else if f.neutral {
        NEUTRAL_DAMPING
    } else {
        return (s, None);
    };
    (s * damping, Some((s, damping)))
}

/// What the verdict is built from.
pub(super) struct Input<'a> {
    pub activity: &'a Activity,
    pub hits: &'a [Hit],
    pub live: &'a [usize],
    pub by_field: &'a [Vec<usize>; 3],
    pub judged: Judged,
    /// What the stages before the fields set aside, when tracing.
    pub dropped: Option<Vec<HitDrop>>,
}

/// Fills `out` with the verdict, reusing the buffers it holds.
pub(super) fn verdict_into(judge: &Judge<'_>, input: Input<'_>, out: &mut Verdict) {
    let Input {
        activity,
        hits,
        live,
        by_field,
        judged,
        dropped,
    } = input;
    let parts = &judged.parts;
    let s = 1.0
        - parts
            .iter()
            .fold(1.0, |acc, p| acc * (1.0 - p.score.clamp(0.0, 1.0)));
    // The score is reported to three decimals, and the flag follows the reported score, so that
    // a verdict never shows 0.500 unflagged.
    let score = (s * 1000.0).round() / 1000.0;
    let flagged = score >= THRESHOLD;
    let mut rules = RuleSet::default();
    let mut ids: Vec<u32> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    for p in parts {
        let found = !p.findings.is_empty();
        for f in &p.findings {
            if flagged {
                rules.extend(f.rules);
                ids.extend(&f.entities);
            }
            reasons.push(reason(judge, activity, p.field, f, true));
        }
        if flagged && found {
            ids.extend(&p.named);
        }
        if p.neutral && found {
            reasons.push(
                "neutral context (news, socialisation, or several camps named evenly): score \
                 dampened"
                    .to_string(),
            );
        }
    }
    let mut entities: Vec<&str> = ids.iter().map(|&e| judge.entity_id(e)).collect();
    entities.sort_unstable();
    entities.dedup();
    if !flagged && reasons.is_empty() && !live.is_empty() {
        reasons.push("terms found, but no stance, campaign marker or activity about a camp".into());
    }
    out.id.set(activity.id.as_str(), activity.id.is_numeric());
    out.flagged = flagged;
    out.score = score;
    out.rules.clear();
    out.rules.extend(rules.iter());
    out.entities.truncate(entities.len());
    out.entities.reserve(entities.len() - out.entities.len());
    for (k, e) in entities.iter().enumerate() {
        match out.entities.get_mut(k) {
            Some(slot) => set_str(slot, e),
            None => out.entities.push((*e).to_string()),
        }
    }
    out.evidence.truncate(live.len());
    out.evidence.reserve(live.len() - out.evidence.len());
    for (k, &i) in live.iter().enumerate() {
        match out.evidence.get_mut(k) {
            Some(slot) => fill_evidence(judge, activity, &hits[i], slot),
            None => out.evidence.push(evidence(judge, activity, &hits[i])),
        }
    }
    out.reasons = reasons;
    out.trace = dropped.map(|d| trace(judge, activity, hits, live, by_field, &judged, d, score));
}

/// A finding's reason in words, with its weight when `weighed`.
fn reason(
    judge: &Judge<'_>,
    activity: &Activity,
    field: Field,
    f: &Finding,
    weighed: bool,
) -> String {
    let mut r = String::with_capacity(96);
    f.reason
        .render(judge, &f.entities, field_text(activity, field), &mut r);
    if weighed {
        r.push_str(" (weight ");
        push_2dp(&mut r, f.weight);
        r.push(')');
    }
    r
}

/// The trace of the verdict.
#[allow(clippy::too_many_arguments)]
fn trace(
    judge: &Judge<'_>,
    activity: &Activity,
    hits: &[Hit],
    live: &[usize],
    by_field: &[Vec<usize>; 3],
    judged: &Judged,
    dropped: Vec<HitDrop>,
    score: f32,
) -> Trace {
    let mut t = Trace::default();
    let finding = |field: Field, f: &Finding, counted: bool| TraceFinding {
        stage: f.stage.name().to_string(),
        field,
        weight: f.weight,
        rules: f.rules.iter().collect(),
        entities: f
            .entities
            .iter()
            .map(|&e| judge.entity_id(e).to_string())
            .collect(),
        evidence: f.rows.iter().map(|r| by_field[field as usize][r]).collect(),
        reason: reason(judge, activity, field, f, false),
        counted,
    };
    let fields = [
        (Field::TargetText, &judged.target),
        (Field::Text, &judged.own_trace),
    ];
    for (field, j) in fields {
        t.findings
            .extend(j.findings.iter().map(|f| finding(field, f, false)));
        t.findings
            .extend(j.set_aside.iter().map(|f| finding(field, f, false)));
        t.notes
            .extend(j.notes.iter().map(|(stage, what)| TraceNote {
                stage: stage.name().to_string(),
                field,
                what: what.clone(),
            }));
    }
    for p in &judged.parts {
        t.findings
            .extend(p.findings.iter().map(|f| finding(p.field, f, true)));
    }
    let drop = |stage: StageId, hit: &Hit, why: &str| TraceDrop {
        stage: stage.name().to_string(),
        field: hit.field,
        start: hit.span.start,
        end: hit.span.end,
        matched: matched(activity, hit).to_string(),
        term: judge.term_text(hit.term).to_string(),
        why: why.to_string(),
    };
    t.dropped
        .extend(dropped.iter().map(|d| drop(d.stage, &hits[d.hit], d.why)));
    let field_drops = |field: Field, ds: &[Dropped]| -> Vec<TraceDrop> {
        ds.iter()
            .map(|d| drop(d.stage, &hits[live[by_field[field as usize][d.hit]]], d.why))
            .collect()
    };
    t.dropped
        .extend(field_drops(Field::TargetText, &judged.target.dropped));
    t.dropped
        .extend(field_drops(Field::Text, &judged.own_trace.dropped));
    steps(&judged.parts, score, &mut t.score);
    t
}

/// The steps from the parts' findings to the score.
fn steps(parts: &[Part], score: f32, out: &mut Vec<TraceStep>) {
    for p in parts {
        let what = match p.field {
            Field::Text => "own words",
            _ => "the content interacted with",
        };
        match p.damped {
            Some((before, damping)) => {
                out.push(TraceStep {
                    what: format!("{what}: findings combine to 1 - Π(1 - weight)"),
                    score: before,
                });
                out.push(TraceStep {
                    what: format!("{what}: neutral or even-handed context, × {damping}"),
                    score: p.score,
                });
            }
            None => out.push(TraceStep {
                what: format!("{what}: findings combine to 1 - Π(1 - weight)"),
                score: p.score,
            }),
        }
    }
    out.push(TraceStep {
        what: format!("activity: parts combine to 1 - Π(1 - part), flagged at {THRESHOLD}"),
        score,
    });
}

/// The original text of `field`.
fn field_text(activity: &Activity, field: Field) -> &str {
    match field {
        Field::Text => activity.text.as_deref(),
        Field::TargetText => activity.target_text.as_deref(),
        Field::TargetAuthor => activity.target_author.as_deref(),
    }
    .unwrap_or("")
}

/// The original text that hit `h` matched.
fn matched<'a>(activity: &'a Activity, h: &Hit) -> &'a str {
    field_text(activity, h.field)
        .get(h.span.range())
        .unwrap_or("")
}

/// The evidence of hit `h`, its strings allocated at their size.
fn evidence(judge: &Judge<'_>, activity: &Activity, h: &Hit) -> Evidence {
    let t = &judge.terms[h.term as usize];
    let mut e = Evidence {
        field: h.field,
        start: h.span.start,
        end: h.span.end,
        matched: String::with_capacity(h.span.end - h.span.start),
        term: String::with_capacity(t.term.text.len()),
        category: t.term.category,
        entity: None,
    };
    fill_evidence(judge, activity, h, &mut e);
    e
}

/// Makes `e` the evidence of hit `h`, reusing its strings.
fn fill_evidence(judge: &Judge<'_>, activity: &Activity, h: &Hit, e: &mut Evidence) {
    let t = &judge.terms[h.term as usize];
    e.field = h.field;
    e.start = h.span.start;
    e.end = h.span.end;
    set_str(&mut e.matched, matched(activity, h));
    set_str(&mut e.term, &t.term.text);
    e.category = t.term.category;
    match (t.entity, &mut e.entity) {
        (Some(id), Some(slot)) => set_str(slot, judge.entity_id(id)),
        (Some(id), slot) => *slot = Some(judge.entity_id(id).to_string()),
        (None, slot) => *slot = None,
    }
}

/// Makes `slot` hold `s`, in the buffer it already has.
fn set_str(slot: &mut String, s: &str) {
    slot.clear();
    slot.push_str(s);
}
