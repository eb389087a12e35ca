//! The rules that turn hits into a verdict.
//!
//! Reading order for a reviewer:
//! 1. Exempt phrases ("ma'ruf amin", "perubahan iklim") void every match inside them.
//! 2. Entity references are clear (names, nicknames, teams, acronyms) or weak (terms marked
//!    ambiguous, numbers, gestures, mentions). A weak reference counts only when confirmed: a
//!    support, attack, invite or activity cue right next to it, or a clear reference or campaign
//!    marker of the same camp in the same text. A ballot number of a pair that equals the number
//!    of a party named in the same text is read as the party's.
//! 3. Findings, each with a weight:
//!    - a campaign hashtag or slogan (a marker) flags on its own;
//!    - a cue near a confirmed reference is a stance (support, attack) or an invitation;
//!    - an activity cue near a confirmed reference is own campaign activity (its rule);
//!    - a confirmed gesture is a partisan hand sign.
//! 4. A neutral context (neutrality socialisation, news of the draw, quick counts) dampens.
//! 5. The score is `1 - Π(1 - weight)`; the activity flags at 0.5.
//! 6. For likes, shares and follows the target's text and author are the evidence and the rule
//!    is `interaksi-kampanye`; comments and quotes weigh their own words first and the target
//!    second.

use crate::activity::{Activity, Kind};
use crate::lexicon::{Category, EntityKind, Stance};
use crate::rule::Rule;
use crate::scan::{CompiledTerm, Hit};
use crate::verdict::{Evidence, Field, Verdict};

/// An entity as the judge needs it.
#[derive(Clone, Debug)]
pub(crate) struct EntityInfo {
    pub id: String,
    pub kind: EntityKind,
    pub number: Option<u32>,
}

/// How far apart, in tokens, a cue and the reference it speaks of may be.
const CUE_WINDOW: u32 = 8;
/// How close a cue must be to confirm a weak reference, or for a weak cue to count.
const NEAR_WINDOW: u32 = 3;
/// What a neutral context leaves of a finding's weight.
const NEUTRAL_DAMPING: f32 = 0.55;
/// The score at which an activity flags.
pub(crate) const THRESHOLD: f32 = 0.5;

const W_MARKER: f32 = 0.9;
const W_STANCE: f32 = 0.85;
const W_STANCE_WEAK_REF: f32 = 0.75;
const W_WEAK_CUE: f32 = 0.45;
const W_ACTIVITY: f32 = 0.8;
const W_GESTURE: f32 = 0.5;
const W_SOFT_MARKER: f32 = 0.3;
const W_ACCOUNT_TARGET: f32 = 0.6;
const W_FOLLOW_ACCOUNT: f32 = 0.8;

/// One piece of the judgement.
#[derive(Clone, Debug)]
struct Finding {
    weight: f32,
    rules: Vec<Rule>,
    entities: Vec<u32>,
    reason: String,
}

/// The judgement of one field.
#[derive(Clone, Debug, Default)]
struct FieldJudgement {
    findings: Vec<Finding>,
    /// Whether the field has any cue of support or invitation, linked or not.
    any_support: bool,
    /// Whether the field has a clear (not ambiguous) support, attack or invite cue.
    strong_cue: bool,
    /// Whether the field names any camp at all.
    any_ref: bool,
}

impl FieldJudgement {
    fn score(&self) -> f32 {
        score(&self.findings)
    }
}

fn score(findings: &[Finding]) -> f32 {
    1.0 - findings.iter().fold(1.0, |acc, f| acc * (1.0 - f.weight.clamp(0.0, 1.0)))
}

pub(crate) struct Judge<'a> {
    pub terms: &'a [CompiledTerm],
    pub entities: &'a [EntityInfo],
}

#[derive(Clone, Copy, Debug)]
struct Ref {
    hit: usize,
    entity: u32,
    weak: bool,
    first: u32,
    last: u32,
}

impl Judge<'_> {
    /// Judges one activity from its hits (all fields, each field's hits in position order).
    pub fn verdict(&self, activity: &Activity, hits: &[Hit]) -> Verdict {
        let live = self.unexempted(hits);
        let field_hits = |f: Field| -> Vec<&Hit> {
            live.iter().map(|&i| &hits[i]).filter(|h| h.field == f).collect()
        };
        let own = self.judge_field(&field_hits(Field::Text));
        let target = self.judge_field(&field_hits(Field::TargetText));
        let accounts: Vec<u32> = field_hits(Field::TargetAuthor)
            .iter()
            .filter_map(|h| self.terms[h.term as usize].entity)
            .collect();

        let mut findings: Vec<Finding> = Vec::new();
        match activity.kind {
            Kind::Post => findings.extend(own.findings),
            Kind::Comment | Kind::Quote => {
                let target_campaign = target.score() >= THRESHOLD || !accounts.is_empty() && target.any_ref;
                if own.score() >= THRESHOLD {
                    findings.extend(own.findings);
                    if target_campaign {
                        findings.push(self.interaction(&target, &accounts, 0.0, "the content it answers is campaign content"));
                    }
                } else if target_campaign && (own.any_support || own.score() > 0.0) {
                    let mut f = self.interaction(&target, &accounts, W_STANCE, "own words approve of campaign content");
                    if own.strong_cue {
                        f.rules.push(Rule::KampanyeMedsos);
                    }
                    findings.extend(own.findings);
                    findings.push(f);
                } else {
                    // Neutral words under campaign content are not a breach; keep what the
                    // own words showed, for the record, without the target.
                    findings.extend(own.findings);
                }
            }
            Kind::Share | Kind::Like => {
                if target.score() >= THRESHOLD {
                    findings.push(self.interaction(&target, &accounts, target.score(), "the content is campaign content"));
                } else if !accounts.is_empty() && (target.any_ref || target.any_support) {
                    findings.push(Finding {
                        weight: W_ACCOUNT_TARGET,
                        rules: vec![Rule::InteraksiKampanye],
                        entities: accounts.clone(),
                        reason: format!(
                            "{} content about the election from an official account of {}",
                            kind_verb(activity.kind),
                            self.names(&accounts)
                        ),
                    });
                }
            }
            Kind::Follow => {
                if !accounts.is_empty() {
                    findings.push(Finding {
                        weight: W_FOLLOW_ACCOUNT,
                        rules: vec![Rule::InteraksiKampanye],
                        entities: accounts.clone(),
                        reason: format!("follows an official account of {}", self.names(&accounts)),
                    });
                } else if target.score() >= THRESHOLD {
                    findings.push(self.interaction(&target, &accounts, target.score(), "the followed account or group campaigns"));
                }
            }
        }

        let s = score(&findings);
        let flagged = s >= THRESHOLD;
        let mut rules: Vec<Rule> = Vec::new();
        let mut entities: Vec<String> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for f in &findings {
            if flagged {
                rules.extend(&f.rules);
                entities.extend(f.entities.iter().map(|&e| self.entities[e as usize].id.clone()));
            }
            reasons.push(format!("{} (weight {:.2})", f.reason, f.weight));
        }
        rules.sort();
        rules.dedup();
        entities.sort();
        entities.dedup();
        if !flagged && findings.is_empty() && !live.is_empty() {
            reasons.push("terms found, but no stance, campaign marker or activity about a camp".into());
        }
        let evidence = live.iter().map(|&i| self.evidence(activity, &hits[i])).collect();
        Verdict {
            id: activity.id.clone(),
            flagged,
            score: (s * 1000.0).round() / 1000.0,
            rules,
            entities,
            evidence,
            reasons,
        }
    }

    fn interaction(&self, target: &FieldJudgement, accounts: &[u32], weight: f32, why: &str) -> Finding {
        let mut entities: Vec<u32> = target.findings.iter().flat_map(|f| f.entities.iter().copied()).collect();
        if entities.is_empty() {
            entities.extend_from_slice(accounts);
        }
        entities.sort_unstable();
        entities.dedup();
        Finding {
            weight,
            rules: vec![Rule::InteraksiKampanye],
            entities: entities.clone(),
            reason: format!("interaction with campaign content of {}: {why}", self.names(&entities)),
        }
    }

    fn names(&self, entities: &[u32]) -> String {
        let mut v: Vec<&str> = entities.iter().map(|&e| self.entities[e as usize].id.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        if v.is_empty() {
            "an unnamed camp".to_string()
        } else {
            v.join(", ")
        }
    }

    fn evidence(&self, activity: &Activity, h: &Hit) -> Evidence {
        let text = match h.field {
            Field::Text => activity.text.as_deref(),
            Field::TargetText => activity.target_text.as_deref(),
            Field::TargetAuthor => activity.target_author.as_deref(),
        }
        .unwrap_or("");
        let t = &self.terms[h.term as usize];
        Evidence {
            field: h.field,
            start: h.span.start,
            end: h.span.end,
            matched: text.get(h.span.range()).unwrap_or("").to_string(),
            term: t.term.text.clone(),
            category: t.term.category,
            entity: t.entity.map(|e| self.entities[e as usize].id.clone()),
        }
    }

    /// The indices of the hits that no exempt phrase voids.
    fn unexempted(&self, hits: &[Hit]) -> Vec<usize> {
        let exempt: Vec<&Hit> = hits
            .iter()
            .filter(|h| self.terms[h.term as usize].term.category == Category::Exempt)
            .collect();
        (0..hits.len())
            .filter(|&i| {
                let h = &hits[i];
                self.terms[h.term as usize].term.category == Category::Exempt
                    || !exempt.iter().any(|x| {
                        x.field == h.field && x.norm.start <= h.norm.start && h.norm.end <= x.norm.end
                    })
            })
            .collect()
    }

    fn term(&self, h: &Hit) -> &CompiledTerm {
        &self.terms[h.term as usize]
    }

    fn judge_field(&self, hits: &[&Hit]) -> FieldJudgement {
        let mut out = FieldJudgement::default();
        if hits.is_empty() {
            return out;
        }
        let mut refs: Vec<Ref> = Vec::new();
        let mut cues: Vec<usize> = Vec::new();
        let mut neutral = 0usize;
        for (i, h) in hits.iter().enumerate() {
            let t = self.term(h);
            match t.term.category {
                Category::Support | Category::Attack | Category::Invite | Category::Activity => {
                    cues.push(i);
                    if t.term.category != Category::Activity {
                        if t.term.category != Category::Attack {
                            out.any_support = true;
                        }
                        if !t.term.ambiguous {
                            out.strong_cue = true;
                        }
                    }
                }
                Category::Neutral => neutral += 1,
                Category::Exempt => {}
                c => {
                    if let Some(e) = t.entity {
                        let weak = t.term.ambiguous
                            || matches!(c, Category::Number | Category::Gesture | Category::Account);
                        refs.push(Ref { hit: i, entity: e, weak, first: h.first_token, last: h.last_token });
                    }
                }
            }
        }
        out.any_ref = !refs.is_empty();
        self.resolve_numbers(hits, &mut refs);

        // Confirmation: clear references and markers confirm their camp; a weak reference is
        // confirmed by a clear cue right next to it, and then confirms its camp too.
        let mut confirmed: Vec<u32> = refs.iter().filter(|r| !r.weak).map(|r| r.entity).collect();
        for r in refs.iter().filter(|r| r.weak) {
            let near_cue = cues.iter().any(|&c| {
                let t = self.term(hits[c]);
                !t.term.ambiguous && distance(hits[c], r) <= NEAR_WINDOW
            });
            if near_cue {
                confirmed.push(r.entity);
            }
        }
        confirmed.sort_unstable();
        confirmed.dedup();
        let is_confirmed = |r: &Ref| confirmed.binary_search(&r.entity).is_ok();

        // Markers.
        for r in &refs {
            let h = hits[r.hit];
            let t = self.term(h);
            if !matches!(t.term.category, Category::Hashtag | Category::Slogan) {
                continue;
            }
            let attack = t.term.stance == Stance::Attack;
            if !r.weak {
                out.findings.push(Finding {
                    weight: W_MARKER,
                    rules: vec![Rule::KampanyeMedsos],
                    entities: vec![r.entity],
                    reason: format!(
                        "campaign {} `{}` {} {}",
                        t.term.category,
                        t.term.text,
                        if attack { "attacking" } else { "of" },
                        self.entities[r.entity as usize].id
                    ),
                });
            } else if is_confirmed(r) {
                out.findings.push(Finding {
                    weight: W_SOFT_MARKER,
                    rules: vec![Rule::KampanyeMedsos],
                    entities: vec![r.entity],
                    reason: format!(
                        "{} `{}` used with a clear reference to {}",
                        t.term.category, t.term.text, self.entities[r.entity as usize].id
                    ),
                });
            }
        }

        // Cues linked to the nearest confirmed reference.
        for &c in &cues {
            let h = hits[c];
            let t = self.term(h);
            let weak_cue = t.term.ambiguous;
            let window = if weak_cue { NEAR_WINDOW } else { CUE_WINDOW };
            let target = refs
                .iter()
                .filter(|r| is_confirmed(r) && !(weak_cue && r.weak))
                .filter(|r| distance(h, r) <= window)
                .min_by_key(|r| (distance(h, r), r.hit));
            let Some(r) = target else { continue };
            let rh = hits[r.hit];
            let rt = self.term(rh);
            let entity = &self.entities[r.entity as usize].id;
            let (weight, rules, what) = match t.term.category {
                Category::Activity => {
                    let rule = t.term.rule.unwrap_or(Rule::KampanyeMedsos);
                    (W_ACTIVITY, vec![rule], format!("own campaign activity ({rule})"))
                }
                Category::Invite => (
                    if r.weak { W_STANCE_WEAK_REF } else { W_STANCE },
                    vec![Rule::KampanyeMedsos, Rule::AjakanKeberpihakan],
                    "invitation".to_string(),
                ),
                Category::Attack => (
                    if r.weak { W_STANCE_WEAK_REF } else { W_STANCE },
                    vec![Rule::KampanyeMedsos],
                    "attack".to_string(),
                ),
                _ if weak_cue => (W_WEAK_CUE, vec![Rule::KampanyeMedsos], "praise".to_string()),
                _ => (
                    if r.weak { W_STANCE_WEAK_REF } else { W_STANCE },
                    vec![Rule::KampanyeMedsos],
                    "support".to_string(),
                ),
            };
            let mut rules = rules;
            // "jangan pilih X" and "ayo coblos X" are appeals to others as well as stances.
            if matches!(t.term.category, Category::Attack | Category::Support)
                && cues.iter().any(|&o| {
                    self.term(hits[o]).term.category == Category::Invite && distance(hits[o], r) <= CUE_WINDOW
                })
            {
                rules.push(Rule::AjakanKeberpihakan);
            }
            out.findings.push(Finding {
                weight,
                rules,
                entities: vec![r.entity],
                reason: format!(
                    "{what}: `{}` near `{}` ({} of {entity})",
                    t.term.text, rt.term.text, rt.term.category
                ),
            });
        }

        // Gestures of a confirmed camp.
        for r in refs.iter().filter(|r| is_confirmed(r)) {
            let t = self.term(hits[r.hit]);
            if t.term.category == Category::Gesture {
                let attack = t.term.stance == Stance::Attack;
                out.findings.push(Finding {
                    weight: W_GESTURE,
                    rules: vec![Rule::FotoSimbolAtribut],
                    entities: vec![r.entity],
                    reason: format!(
                        "partisan hand sign `{}` {} {}",
                        t.term.text,
                        if attack { "against" } else { "of" },
                        self.entities[r.entity as usize].id
                    ),
                });
            }
        }

        if neutral > 0 && !out.findings.is_empty() {
            for f in &mut out.findings {
                f.weight *= NEUTRAL_DAMPING;
                f.reason.push_str(", dampened by a neutral context");
            }
        }
        out
    }

    /// A pair number that equals the number of a party named in the same text is the party's
    /// ("coblos PKB nomor 1" is about PKB, not paslon-01).
    fn resolve_numbers(&self, hits: &[&Hit], refs: &mut [Ref]) {
        let parties: Vec<(u32, u32)> = refs
            .iter()
            .filter(|r| !r.weak || self.term(hits[r.hit]).term.category != Category::Number)
            .filter_map(|r| {
                let e = &self.entities[r.entity as usize];
                (e.kind == EntityKind::Party).then_some((e.number?, r.entity))
            })
            .collect();
        if parties.is_empty() {
            return;
        }
        for r in refs.iter_mut() {
            if self.term(hits[r.hit]).term.category != Category::Number {
                continue;
            }
            let e = &self.entities[r.entity as usize];
            if e.kind != EntityKind::Pair {
                continue;
            }
            if let Some(&(_, party)) = parties.iter().find(|(n, _)| Some(*n) == e.number) {
                r.entity = party;
            }
        }
    }
}

fn kind_verb(kind: Kind) -> &'static str {
    match kind {
        Kind::Like => "likes",
        Kind::Share => "shares",
        _ => "interacts with",
    }
}

/// Tokens between a hit and a reference (0 when they touch or overlap).
fn distance(h: &Hit, r: &Ref) -> u32 {
    if h.last_token < r.first {
        r.first - h.last_token
    } else if r.last < h.first_token {
        h.first_token - r.last
    } else {
        0
    }
}
