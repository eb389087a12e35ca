//! **interaction**: the activity as a whole, by its kind.
//!
//! What it does: a post is its own words. A like, share or follow is judged by its target: the
//! content and its author (`interaksi-kampanye`); spreading another user's campaign message
//! carries that message's rules too, while a camp's own account posting its campaign is only
//! the interaction. Liking or sharing an official account's content about the election is an
//! interaction even without a camp's name in it ("kampanye akbar hari ini, kita menang!"), and
//! so is following an official account. A comment or quote weighs its own words first, and the
//! target second: words that approve of campaign content ("mantap", "setuju") are the breach,
//! neutral words under it are not; a comment on one camp's own post is said to that camp (see
//! the **addressee** stage).
//!
//! Why: the SKB forbids liking, sharing, commenting on and following campaign content, not only
//! posting it.
//!
//! Known limits: the description of a followed account or group speaks of that account, as if
//! in the first person; a like of content that is campaign only by its picture is not seen.

use crate::activity::{Activity, Kind};
use crate::rule::{Rule, RuleSet};
use crate::scan::Hit;
use crate::verdict::Field;

use super::combine::field_score;
use super::field::judge_field;
use super::finding::{Finding, Reason, Rows, Why, ANYWHERE};
use super::sheet::FieldJudgement;
use super::stage::StageId;
use super::weights::{ACCOUNT_TARGET, FOLLOW_ACCOUNT, STANCE, THRESHOLD};
use super::Judge;

const ID: StageId = StageId::Interaction;

/// A contribution to the activity's score: a field's judgement, or one interaction finding.
pub(super) struct Part {
    pub score: f32,
    /// The score before the context's damping, when it was damped, and the damping.
    pub damped: Option<(f32, f32)>,
    /// The field the findings' rows point into.
    pub field: Field,
    pub findings: Vec<Finding>,
    pub named: Vec<u32>,
    pub neutral: bool,
}

impl Part {
    fn whole(field: Field, f: FieldJudgement) -> Part {
        let (score, damped) = field_score(&f);
        Part {
            score,
            damped,
            field,
            named: f.named,
            neutral: f.neutral || f.balanced,
            findings: f.findings,
        }
    }

    /// One interaction finding that scores `score`, about the camps `named` clearly.
    fn single(score: f32, mut finding: Finding, named: Vec<u32>) -> Part {
        finding.weight = score;
        Part {
            score,
            damped: None,
            field: Field::TargetText,
            findings: vec![finding],
            named,
            neutral: false,
        }
    }
}

/// What the judge made of an activity's fields.
pub(super) struct Judged {
    pub parts: Vec<Part>,
    /// The judgement of the target's text, kept for the trace.
    pub target: FieldJudgement,
    /// What the own text's stages set aside and noted, for the trace.
    pub own_trace: FieldJudgement,
}

/// Judges the activity's fields from its live hits (`live`, indices into `hits`; `by_field`,
/// the positions in `live` of each field's hits).
pub(super) fn judge(
    judge: &Judge<'_>,
    activity: &Activity,
    hits: &[Hit],
    live: &[usize],
    by_field: &[Vec<usize>; 3],
    tracing: bool,
) -> Judged {
    let field_hits = |f: Field| -> Vec<&Hit> {
        by_field[f as usize]
            .iter()
            .map(|&k| &hits[live[k]])
            .collect()
    };
    let authors = field_hits(Field::TargetAuthor);
    let accounts: Vec<u32> = authors
        .iter()
        .filter_map(|h| judge.terms[h.term as usize].entity)
        .collect();
    let target = judge_field(
        judge,
        activity.target_text.as_deref().unwrap_or(""),
        &field_hits(Field::TargetText),
        None,
        activity.kind == Kind::Follow,
        tracing,
    );
    let from_campaign_account =
        !accounts.is_empty() && !target.neutral && !target.balanced && target.election_talk;
    let answered = match activity.kind {
        Kind::Comment | Kind::Quote
            if from_campaign_account && accounts.iter().all(|&e| e == accounts[0]) =>
        {
            authors.first().map(|a| a.term)
        }
        _ => None,
    };
    let mut own = judge_field(
        judge,
        activity.text.as_deref().unwrap_or(""),
        &field_hits(Field::Text),
        answered,
        false,
        tracing,
    );
    let own_trace = FieldJudgement {
        dropped: std::mem::take(&mut own.dropped),
        set_aside: std::mem::take(&mut own.set_aside),
        notes: std::mem::take(&mut own.notes),
        ..FieldJudgement::default()
    };
    let (target_score, _) = field_score(&target);
    let mut parts = Vec::with_capacity(2);
    let on_target = |why| interaction(&target, &accounts, why);
    match activity.kind {
        Kind::Post => parts.push(Part::whole(Field::Text, own)),
        Kind::Comment | Kind::Quote => {
            let target_campaign = target_score >= THRESHOLD || from_campaign_account;
            let (own_score, _) = field_score(&own);
            let approves = own.any_support || !own.findings.is_empty();
            if target_campaign && (own_score >= THRESHOLD || approves) {
                let mut f = on_target(Why::Answers);
                // When the own words flag on their own, the interaction adds its rule and no
                // weight; when they only approve, the approval is the breach.
                let weight = if own_score < THRESHOLD {
                    f.reason = Reason::Interaction {
                        why: Why::Answers,
                        approves: true,
                    };
                    if own.strong_cue {
                        f.rules.insert(Rule::KampanyeMedsos);
                    }
                    STANCE
                } else {
                    0.0
                };
                parts.push(Part::single(weight, f, target.named.clone()));
            }
            // Neutral words under campaign content are not a breach: only own findings count.
            parts.push(Part::whole(Field::Text, own));
        }
        Kind::Share | Kind::Like => {
            if target_score >= THRESHOLD {
                let f = on_target(Why::Content);
                parts.push(Part::single(target_score, f, target.named.clone()));
            } else if from_campaign_account {
                let f = account_finding(
                    &accounts,
                    Reason::AccountContent {
                        kind: activity.kind,
                    },
                );
                parts.push(Part::single(ACCOUNT_TARGET, f, Vec::new()));
            }
        }
        Kind::Follow => {
            if !accounts.is_empty() {
                let f = account_finding(&accounts, Reason::FollowsAccount);
                parts.push(Part::single(FOLLOW_ACCOUNT, f, Vec::new()));
            } else if target_score >= THRESHOLD {
                let f = on_target(Why::FollowedCampaigns);
                parts.push(Part::single(target_score, f, target.named.clone()));
            }
        }
    }
    Judged {
        parts,
        target,
        own_trace,
    }
}

/// The interaction with campaign content judged as `target`, posted by `accounts`.
fn interaction(target: &FieldJudgement, accounts: &[u32], why: Why) -> Finding {
    let mut entities: Vec<u32> = target
        .findings
        .iter()
        .flat_map(|f| f.entities.iter().copied())
        .collect();
    if entities.is_empty() {
        entities.extend_from_slice(accounts);
    }
    entities.sort_unstable();
    entities.dedup();
    // Spreading someone else's campaign message spreads the message too (its stance or appeal);
    // the author's own acts (a hand sign, attending a rally) stay the author's. A camp's own
    // account posting its campaign is only the interaction.
    let mut rules = RuleSet::of(Rule::InteraksiKampanye);
    if accounts.is_empty() {
        for f in &target.findings {
            for r in [Rule::KampanyeMedsos, Rule::AjakanKeberpihakan] {
                if f.rules.contains(r) {
                    rules.insert(r);
                }
            }
        }
    }
    Finding {
        stage: ID,
        weight: 0.0,
        rules,
        entities,
        reason: Reason::Interaction {
            why,
            approves: false,
        },
        rows: Rows::default(),
        attack: false,
        own: false,
        span: ANYWHERE,
    }
}

/// An interaction judged by its target's official account alone.
fn account_finding(accounts: &[u32], reason: Reason) -> Finding {
    Finding {
        stage: ID,
        weight: 0.0,
        rules: RuleSet::of(Rule::InteraksiKampanye),
        entities: accounts.to_vec(),
        reason,
        rows: Rows::default(),
        attack: false,
        own: false,
        span: ANYWHERE,
    }
}
