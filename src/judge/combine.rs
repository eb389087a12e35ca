//! **combine**: the camps' scores into the activity's verdict, with reasons that add up.
//!
//! What it does: each camp a field speaks of has a score, `σ(bias + Σ weight × value)` over its
//! features (see [`camps`](super::camps) and [`model`](super::model)); it flags at 0.5. A part
//! of the activity scores as its best camp, or, for an interaction decided by rule, its fixed
//! score; the activity scores as its best part, to three decimals, and flags at 0.5. A flagged
//! verdict names its flagged camps and the rules of their findings. Its reasons give, for each
//! flagged camp (or the best one, when none flags), the base and every weight × value behind
//! its score: they add up to the camp's log-odds, and the score is their sigmoid.
//!
//! Why: a reviewer must see exactly why a score is what it is.
//!
//! Known limits: camps are scored one by one; a post that argues for one camp by attacking
//! another scores each on its own words.

use crate::activity::Activity;
use crate::rule::RuleSet;
use crate::scan::Hit;
use crate::util::decimal::{push_2dp, push_signed_2dp};
use crate::verdict::{
    Evidence, Field, Trace, TraceDrop, TraceFinding, TraceNote, TraceStep, Verdict,
};

use super::feature::Feature;
use super::finding::{Finding, Names};
use super::interaction::{Fields, Judged, Part};
use super::model::sigmoid;
use super::sheet::{Camp, Dropped, FieldJudgement};
use super::stage::StageId;
use super::{HitDrop, Judge, THRESHOLD};

/// What the verdict is built from.
pub(super) struct Input<'a> {
    pub activity: &'a Activity,
    pub fields: &'a Fields<'a>,
    pub judged: Judged,
    /// The packs that do not apply on the activity's date.
    pub closed: Vec<u16>,
    /// What the stages before the fields set aside, when tracing.
    pub dropped: Option<Vec<HitDrop>>,
}

/// Fills `out` with the verdict, reusing the buffers it holds.
pub(super) fn verdict_into(judge: &Judge<'_>, input: Input<'_>, out: &mut Verdict) {
    let Input {
        activity,
        fields,
        judged,
        closed,
        dropped,
    } = input;
    let best = judged.parts.iter().map(Part::score).fold(0.0, f32::max);
    // The verdict flags when a part does, and its score, to three decimals, stays on the same
    // side of the threshold: never 0.500 unflagged, never a flag without a flagged camp.
    let flagged = judged.parts.iter().any(Part::flags);
    let score = on_its_side(best, flagged, 1000.0);
    let mut gist = Gist::default();
    for part in &judged.parts {
        match part {
            Part::Field(field, j) => gist.field(judge, activity, *field, j, flagged),
            Part::Fixed(score, f) => {
                let target = judged.target.as_ref();
                gist.fixed(judge, activity, *score, f, target, flagged);
            }
        }
    }
    let Gist {
        rules,
        ids,
        mut reasons,
    } = gist;
    let mut entities: Vec<&str> = ids.iter().map(|&e| judge.entity_id(e)).collect();
    entities.sort_unstable();
    entities.dedup();
    for &k in &closed {
        reasons.push(closed_reason(judge, k, activity));
    }
    if !flagged && reasons.is_empty() && !fields.live.is_empty() {
        reasons.push("terms found, but no stance, campaign marker or activity about a camp".into());
    }
    out.id.set(activity.id.as_str(), activity.id.is_numeric());
    match (&activity.created_at, &mut out.created_at) {
        (Some(at), Some(slot)) => set_str(slot, at),
        (at, slot) => slot.clone_from(at),
    }
    out.flagged = flagged;
    out.score = score;
    out.rules.clear();
    out.rules.extend(rules.iter());
    set_strs(&mut out.entities, &entities);
    let shown = list_evidence(judge, activity, fields, &judged, out);
    if out.evidence_omitted > 0 {
        reasons.push(format!(
            "{} more matches not listed as evidence (at most {MAX_EVIDENCE} a field)",
            out.evidence_omitted
        ));
    }
    out.reasons = reasons;
    out.trace = dropped.map(|d| {
        let tracer = Tracer {
            judge,
            activity,
            fields,
            shown: &shown,
        };
        tracer.trace(&judged, d, score)
    });
}

/// What the verdict says of its parts: the rules and camps of the flagged ones, and the reasons
/// of every one.
#[derive(Default)]
struct Gist {
    rules: RuleSet,
    /// The camps named, with repeats.
    ids: Vec<u32>,
    reasons: Vec<String>,
}

impl Gist {
    /// Adds the part that is field `field`'s own judgement `j`; `flagged`: whether the verdict
    /// flags.
    fn field(
        &mut self,
        judge: &Judge<'_>,
        activity: &Activity,
        field: Field,
        j: &FieldJudgement,
        flagged: bool,
    ) {
        // A flagged field is about every camp it names clearly too (the **attribution**
        // stage), not only the camps that flag.
        if flagged && j.camps.iter().any(Camp::flags) {
            self.ids.extend(&j.named);
        }
        for camp in shown(j) {
            if flagged && camp.flags() {
                self.ids.push(camp.entity);
                for f in j
                    .findings
                    .iter()
                    .filter(|f| f.entities.contains(&camp.entity))
                {
                    self.rules.extend(f.rules);
                }
            }
            explain(judge, activity, field, j, camp, &mut self.reasons);
        }
    }

    /// Adds the interaction `f` decided by rule with `score`, and, when it scores, the camps of
    /// the content it interacts with, judged as `target`.
    fn fixed(
        &mut self,
        judge: &Judge<'_>,
        activity: &Activity,
        score: f32,
        f: &Finding,
        target: Option<&FieldJudgement>,
        flagged: bool,
    ) {
        if flagged {
            self.rules.extend(f.rules);
            self.ids.extend(&f.entities);
        }
        let mut r = reason(judge, activity, Field::TargetText, f);
        if score > 0.0 {
            r.push_str(" (score ");
            push_2dp(&mut r, score);
            r.push(')');
        }
        self.reasons.push(r);
        if let Some(target) = target.filter(|_| score > 0.0) {
            for camp in shown(target) {
                explain(
                    judge,
                    activity,
                    Field::TargetText,
                    target,
                    camp,
                    &mut self.reasons,
                );
            }
        }
    }
}

/// Fills the verdict's evidence, reusing its buffers, with the matches listed as evidence, and
/// counts those left out. Every match is evidence, up to a limit per field: a whole document
/// pasted into one post would otherwise make a verdict larger than any reader takes back.
/// Returns the positions in `fields.live` of the matches listed.
fn list_evidence(
    judge: &Judge<'_>,
    activity: &Activity,
    fields: &Fields<'_>,
    judged: &Judged,
    out: &mut Verdict,
) -> Vec<usize> {
    let shown = shown_evidence(fields);
    out.evidence_omitted = fields.live.len() - shown.len();
    out.evidence.truncate(shown.len());
    out.evidence.reserve(shown.len() - out.evidence.len());
    for (k, &at) in shown.iter().enumerate() {
        let h = &fields.hits[fields.live[at]];
        match out.evidence.get_mut(k) {
            Some(slot) => fill_evidence(judge, activity, h, slot),
            None => out.evidence.push(evidence(judge, activity, h)),
        }
    }
    resolve_evidence(judge, fields, judged, &shown, &mut out.evidence);
    shown
}

/// Gives each piece of evidence whose words the stages read as another camp than their term's
/// (another race's number, a party's) that camp, or no camp when the words stay ambiguous
/// between races (the reasons name the alternatives).
fn resolve_evidence(
    judge: &Judge<'_>,
    fields: &Fields<'_>,
    judged: &Judged,
    shown: &[usize],
    evidence: &mut [Evidence],
) {
    let own = judged.parts.iter().filter_map(|p| match p {
        Part::Field(field, j) => Some((*field, j)),
        Part::Fixed(..) => None,
    });
    let target = judged.target.iter().map(|j| (Field::TargetText, j));
    for (field, j) in own.chain(target) {
        for &(hit, entity) in &j.resolved {
            let at = fields.by_field[field as usize][hit];
            if let Ok(k) = shown.binary_search(&at) {
                evidence[k].entity = entity.map(|e| judge.entity_id(e).to_string());
            }
        }
    }
}

/// The most matches of one field listed as evidence.
pub(crate) const MAX_EVIDENCE: usize = 500;

/// The positions in `fields.live` of the matches listed as evidence: the first
/// [`MAX_EVIDENCE`] of each field.
fn shown_evidence(fields: &Fields<'_>) -> Vec<usize> {
    if fields.by_field.iter().all(|f| f.len() <= MAX_EVIDENCE) {
        return (0..fields.live.len()).collect();
    }
    let mut shown: Vec<usize> = fields
        .by_field
        .iter()
        .flat_map(|f| f.iter().take(MAX_EVIDENCE).copied())
        .collect();
    shown.sort_unstable();
    shown
}

/// `p` rounded to `1 / scale` but kept on its side of the threshold, so that the figure a
/// reviewer reads agrees with the flag: a camp just under it reads 0.499, not 0.500.
fn on_its_side(p: f32, flags: bool, scale: f32) -> f32 {
    let rounded = (p * scale).round() / scale;
    if flags {
        rounded.max(THRESHOLD)
    } else {
        rounded.min(THRESHOLD - 1.0 / scale)
    }
}

/// The camps of a field whose reasons a reviewer reads: the flagged ones, or, when none flags,
/// the best one if anything was found about it.
fn shown(j: &FieldJudgement) -> Vec<&Camp> {
    let flagged: Vec<&Camp> = j.camps.iter().filter(|c| c.flags()).collect();
    if !flagged.is_empty() {
        return flagged;
    }
    let best = j.camps.iter().max_by(|a, b| a.logit.total_cmp(&b.logit));
    best.filter(|c| j.findings.iter().any(|f| f.entities.contains(&c.entity)))
        .into_iter()
        .collect()
}

/// The reasons of one camp: its score and base, then every finding about it and every other
/// feature that counts, each with its weight × value. They add up to the camp's log-odds.
fn explain(
    judge: &Judge<'_>,
    activity: &Activity,
    field: Field,
    j: &FieldJudgement,
    camp: &Camp,
    out: &mut Vec<String>,
) {
    let model = judge.model;
    let mut head = String::with_capacity(64);
    head.push_str(judge.entity_id(camp.entity));
    head.push_str(": score ");
    push_2dp(
        &mut head,
        on_its_side(sigmoid(camp.logit), camp.flags(), 100.0),
    );
    head.push_str(", log-odds ");
    push_signed_2dp(&mut head, camp.logit);
    head.push_str(": base ");
    push_signed_2dp(&mut head, model.bias);
    head.push_str(", plus the weights below");
    out.push(head);
    let mut counted = [0.0f32; Feature::COUNT];
    let mut past_cap = 0usize;
    for f in j
        .findings
        .iter()
        .filter(|f| f.entities.contains(&camp.entity))
    {
        let Some(feature) = f.feature else { continue };
        // A feature counts up to its cap: the findings past it add nothing, and are counted
        // rather than listed, so that a long text's reasons stay short.
        let room = (camp.features.get(feature) - counted[feature as usize]).max(0.0);
        let value = f.value.min(room);
        if value == 0.0 {
            past_cap += 1;
            continue;
        }
        counted[feature as usize] += value;
        let mut r = reason(judge, activity, field, f);
        r.push_str(" (");
        push_signed_2dp(&mut r, model.weight(feature) * value);
        r.push(')');
        out.push(r);
    }
    if past_cap > 0 {
        out.push(format!(
            "{past_cap} more findings of kinds already counted in full (+0.00)"
        ));
    }
    for feature in Feature::ALL {
        let rest = camp.features.get(feature) - counted[feature as usize];
        let w = model.weight(feature) * rest;
        if rest > 0.0 && w != 0.0 {
            let mut r = String::from(feature.describe());
            r.push_str(" (");
            push_signed_2dp(&mut r, w);
            r.push(')');
            out.push(r);
        }
    }
}

/// Why pack `k`'s camps were not read: the activity's date is outside the pack's window.
fn closed_reason(judge: &Judge<'_>, k: u16, activity: &Activity) -> String {
    let w = &judge.windows[k as usize];
    format!(
        "{} applies from {} to {}; this activity is dated {}: its camps are not read",
        w.pack,
        w.from.as_deref().unwrap_or("the start"),
        w.until.as_deref().unwrap_or("the end"),
        activity.created_at.as_deref().unwrap_or("")
    )
}

/// A finding's reason in words.
fn reason(judge: &Judge<'_>, activity: &Activity, field: Field, f: &Finding) -> String {
    let mut r = String::with_capacity(96);
    f.reason
        .render(judge, &f.entities, activity.field_text(field), &mut r);
    r
}

/// What the trace's entries are built from.
struct Tracer<'a> {
    judge: &'a Judge<'a>,
    activity: &'a Activity,
    fields: &'a Fields<'a>,
    /// The positions in `fields.live` of the matches listed as evidence.
    shown: &'a [usize],
}

impl Tracer<'_> {
    /// The trace of the verdict.
    fn trace(&self, judged: &Judged, dropped: Vec<HitDrop>, score: f32) -> Trace {
        let mut t = Trace::default();
        t.dropped.extend(
            dropped
                .iter()
                .map(|d| self.drop(d.stage, &self.fields.hits[d.hit], d.why)),
        );
        let mut judgements: Vec<(Field, &FieldJudgement, bool)> = Vec::new();
        for part in &judged.parts {
            match part {
                Part::Field(field, j) => judgements.push((*field, j, true)),
                Part::Fixed(_, f) => t.findings.push(self.finding(Field::TargetText, f, true)),
            }
        }
        judgements.extend(judged.target.iter().map(|j| (Field::TargetText, j, false)));
        for (field, j, own) in judgements {
            self.field(&mut t, field, j, own);
        }
        t.score.push(TraceStep {
            what: "activity: its best part, flagged at 0.5".to_string(),
            score,
        });
        t
    }

    /// Adds to `t` what the judgement `j` of `field` found (counted when `own`: it is a part of
    /// the activity's score), set aside, noted and dropped, and the steps to its camps' scores.
    fn field(&self, t: &mut Trace, field: Field, j: &FieldJudgement, own: bool) {
        t.findings
            .extend(j.findings.iter().map(|f| self.finding(field, f, own)));
        t.findings
            .extend(j.set_aside.iter().map(|f| self.finding(field, f, false)));
        t.notes
            .extend(j.notes.iter().map(|(stage, what)| TraceNote {
                stage: stage.name().to_string(),
                field,
                what: what.clone(),
            }));
        t.dropped.extend(j.dropped.iter().map(|d: &Dropped| {
            let k = self.fields.by_field[field as usize][d.hit];
            self.drop(d.stage, &self.fields.hits[self.fields.live[k]], d.why)
        }));
        t.score
            .extend(j.camps.iter().map(|camp| self.step(field, camp)));
    }

    /// Finding `f` of `field` as the trace lists it; `counted`: whether it counts toward the
    /// score.
    fn finding(&self, field: Field, f: &Finding, counted: bool) -> TraceFinding {
        let (judge, model) = (self.judge, self.judge.model);
        TraceFinding {
            stage: f.stage.name().to_string(),
            field,
            weight: f.feature.map_or(f.weight, |ft| model.weight(ft) * f.value),
            rules: f.rules.iter().collect(),
            entities: f
                .entities
                .iter()
                .map(|&e| judge.entity_id(e).to_string())
                .collect(),
            evidence: f
                .rows
                .iter()
                .filter_map(|r| {
                    self.shown
                        .binary_search(&self.fields.by_field[field as usize][r])
                        .ok()
                })
                .collect(),
            reason: reason(judge, self.activity, field, f),
            counted,
        }
    }

    /// Hit `hit`, set aside by `stage` for `why`, as the trace lists it.
    fn drop(&self, stage: StageId, hit: &Hit, why: &str) -> TraceDrop {
        TraceDrop {
            stage: stage.name().to_string(),
            field: hit.field,
            start: hit.span.start,
            end: hit.span.end,
            matched: matched(self.activity, hit).to_string(),
            term: self.judge.term_text(hit.term).to_string(),
            why: why.to_string(),
        }
    }

    /// The step from the features of `camp` in `field` to its score: its log-odds as the base
    /// plus each feature's value × weight.
    fn step(&self, field: Field, camp: &Camp) -> TraceStep {
        let model = self.judge.model;
        let mut terms = Vec::new();
        for f in Feature::ALL {
            let v = camp.features.get(f);
            if v != 0.0 {
                terms.push(format!("{} {v:.2} × {:+.2}", f.name(), model.weight(f)));
            }
        }
        TraceStep {
            what: format!(
                "{field}: {} log-odds {:+.2} = base {:+.2} + {}",
                self.judge.entity_id(camp.entity),
                camp.logit,
                model.bias,
                terms.join(" + ")
            ),
            score: sigmoid(camp.logit),
        }
    }
}

/// The original text that hit `h` matched.
fn matched<'a>(activity: &'a Activity, h: &Hit) -> &'a str {
    activity
        .field_text(h.field)
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

/// Makes `slots` hold `strs`, in the buffers they already have.
fn set_strs(slots: &mut Vec<String>, strs: &[&str]) {
    slots.truncate(strs.len());
    slots.reserve(strs.len() - slots.len());
    for (k, s) in strs.iter().enumerate() {
        match slots.get_mut(k) {
            Some(slot) => set_str(slot, s),
            None => slots.push((*s).to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Model;
    use super::super::Feature;
    use crate::{Activity, Screener};

    /// A screener whose every camp scores `logit`, whatever is found about it.
    fn flat(logit: f32) -> Screener {
        let model = Model {
            bias: logit,
            weights: [0.0; Feature::COUNT],
        };
        Screener::new().unwrap().with_model(model)
    }

    #[test]
    fn camp_just_under_the_threshold_does_not_flag() {
        // sigmoid(-0.001) = 0.49975, which rounds to 0.500.
        let v = flat(-0.001).screen(&Activity::post("p", "Coblos Ganjar"));
        assert!(!v.flagged);
        assert_eq!(v.score, 0.499);
        assert!(v.entities.is_empty());
        assert!(
            v.reasons[0].starts_with("paslon-03: score 0.49,"),
            "{:?}",
            v.reasons
        );
    }

    #[test]
    fn camp_at_the_threshold_flags_and_is_named() {
        let v = flat(0.0).screen(&Activity::post("p", "Coblos Ganjar"));
        assert!(v.flagged);
        assert_eq!(v.score, 0.5);
        assert_eq!(v.entities, ["paslon-03"]);
        assert!(!v.rules.is_empty());
    }
}
