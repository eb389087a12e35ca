//! **interaction**: the activity as a whole, by its kind.
//!
//! What it does: a post is its own words. A like, share or follow is judged by its target: the
//! content and its author (`interaksi-kampanye`); spreading another user's campaign message
//! carries that message's rules too, while a camp's own account posting its campaign is only
//! the interaction. Liking or sharing an official account's content about the election is an
//! interaction even without a camp's name in it ("kampanye akbar hari ini, kita menang!"), and
//! following an official account decides on its own. A comment or quote weighs its own words
//! first, and the target second: words that approve of campaign content ("mantap", "setuju")
//! are the breach, neutral words under it are not; a comment on one camp's own post is said to
//! that camp (see the **addressee** stage).
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

use super::field::{judge_field, FieldInput};
use super::finding::{Finding, Reason, Rows, Why, ANYWHERE};
use super::model::sigmoid;
use super::sheet::FieldJudgement;
use super::stage::StageId;
use super::{Judge, THRESHOLD};

const ID: StageId = StageId::Interaction;

/// What liking or sharing an official account's content about the election scores.
const ACCOUNT_CONTENT: f32 = 0.6;
/// What following an official account scores: it decides on its own.
const FOLLOWS_ACCOUNT: f32 = 0.8;
/// What approving of campaign content in a comment scores.
const APPROVES: f32 = 0.85;

/// The activity's hits, by field.
pub(super) struct Fields<'a> {
    pub hits: &'a [Hit],
    /// The live hits (indices into `hits`): the verdict's evidence, in order.
    pub live: &'a [usize],
    /// For each field, the positions in `live` of its hits.
    pub by_field: [Vec<usize>; 3],
    /// For each field, its function words.
    pub function: &'a [Vec<&'a Hit>; 3],
}

impl<'a> Fields<'a> {
    pub fn new(hits: &'a [Hit], live: &'a [usize], function: &'a [Vec<&'a Hit>; 3]) -> Fields<'a> {
        let mut by_field: [Vec<usize>; 3] = Default::default();
        for (k, &i) in live.iter().enumerate() {
            by_field[hits[i].field as usize].push(k);
        }
        Fields {
            hits,
            live,
            by_field,
            function,
        }
    }

    /// The live hits of field `f`, in order.
    fn hits_of(&self, f: Field) -> Vec<&'a Hit> {
        self.by_field[f as usize]
            .iter()
            .map(|&k| &self.hits[self.live[k]])
            .collect()
    }
}

/// A contribution to the activity's score.
// Parts are few (one a field) and short-lived: boxing the larger variant would cost an
// allocation a field for nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Part {
    /// A field's own judgement, scored by its camps.
    Field(Field, FieldJudgement),
    /// An interaction decided by rule, with its score.
    Fixed(f32, Finding),
}

impl Part {
    /// The part's score: its best camp's, or its fixed score.
    pub fn score(&self) -> f32 {
        match self {
            Part::Field(_, j) => field_score(j),
            Part::Fixed(score, _) => *score,
        }
    }

    /// Whether the part flags: some camp of the field flags, or the fixed score is at the
    /// threshold.
    pub fn flags(&self) -> bool {
        match self {
            Part::Field(_, j) => field_flags(j),
            Part::Fixed(score, _) => *score >= THRESHOLD,
        }
    }
}

/// Whether some camp of a field flags. Decisions test this rather than the score, whose
/// rounding could put a camp just under the threshold at it.
pub(super) fn field_flags(j: &FieldJudgement) -> bool {
    j.camps.iter().any(|c| c.flags())
}

/// A field's score: its best camp's.
pub(super) fn field_score(j: &FieldJudgement) -> f32 {
    j.camps
        .iter()
        .map(|c| c.logit)
        .fold(None, |m: Option<f32>, l| Some(m.map_or(l, |m| m.max(l))))
        .map_or(0.0, sigmoid)
}

/// What the judge made of an activity's fields.
pub(super) struct Judged {
    pub parts: Vec<Part>,
    /// The judgement of the target's text, kept for the trace when no part holds it.
    pub target: Option<FieldJudgement>,
}

/// Judges the activity's fields.
pub(super) fn judge(
    judge: &Judge<'_>,
    activity: &Activity,
    fields: &Fields<'_>,
    tracing: bool,
) -> Judged {
    let authors = fields.hits_of(Field::TargetAuthor);
    let accounts: Vec<u32> = authors
        .iter()
        .filter_map(|h| judge.terms[h.term as usize].entity)
        .collect();
    let target_hits = fields.hits_of(Field::TargetText);
    let target = judge_field(
        judge,
        FieldInput {
            text: activity.target_text.as_deref().unwrap_or(""),
            hits: &target_hits,
            function: &fields.function[Field::TargetText as usize],
            answered: None,
            self_described: activity.kind == Kind::Follow,
            tracing,
        },
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
    let own_hits = fields.hits_of(Field::Text);
    let own = judge_field(
        judge,
        FieldInput {
            text: activity.text.as_deref().unwrap_or(""),
            hits: &own_hits,
            function: &fields.function[Field::Text as usize],
            answered,
            self_described: false,
            tracing,
        },
    );
    Judged {
        parts: parts(
            activity.kind,
            own,
            &target,
            &accounts,
            from_campaign_account,
        ),
        target: Some(target),
    }
}

/// What an activity of `kind` scores: its own words, judged as `own`, and its interaction with
/// the target, judged as `target` and posted by `accounts`.
fn parts(
    kind: Kind,
    own: FieldJudgement,
    target: &FieldJudgement,
    accounts: &[u32],
    from_campaign_account: bool,
) -> Vec<Part> {
    let target_score = field_score(target);
    let campaign = field_flags(target);
    let mut parts = Vec::with_capacity(2);
    match kind {
        Kind::Post => parts.push(Part::Field(Field::Text, own)),
        Kind::Comment | Kind::Quote => {
            if campaign || from_campaign_account {
                parts.extend(approval(&own, target, accounts));
            }
            // Neutral words under campaign content are not a breach: only own findings count.
            parts.push(Part::Field(Field::Text, own));
        }
        Kind::Share | Kind::Like => {
            if campaign {
                let f = interaction(target, accounts, Why::Content);
                parts.push(Part::Fixed(target_score, f));
            } else if from_campaign_account {
                let reason = Reason::AccountContent { kind };
                parts.push(Part::Fixed(
                    ACCOUNT_CONTENT,
                    account_finding(accounts, reason),
                ));
            }
        }
        Kind::Follow => {
            if !accounts.is_empty() {
                let f = account_finding(accounts, Reason::FollowsAccount);
                parts.push(Part::Fixed(FOLLOWS_ACCOUNT, f));
            } else if campaign {
                let f = interaction(target, accounts, Why::FollowedCampaigns);
                parts.push(Part::Fixed(target_score, f));
            }
        }
    }
    parts
}

/// The interaction of a comment or quote whose own words, judged as `own`, answer campaign
/// content judged as `target` (posted by `accounts`): none unless the own words flag or approve
/// of it.
fn approval(own: &FieldJudgement, target: &FieldJudgement, accounts: &[u32]) -> Option<Part> {
    let own_flags = field_flags(own);
    // Support, praise or an appeal approves; derision of what is answered does not.
    let approves = own.any_support
        || own.findings.iter().any(|f| {
            !f.attack
                && f.feature
                    .is_some_and(|x| x != super::feature::Feature::Describing)
        });
    if !own_flags && !approves {
        return None;
    }
    let mut f = interaction(target, accounts, Why::Answers);
    // When the own words flag on their own, the interaction adds its rule; when they only
    // approve, the approval is the breach.
    let score = if !own_flags {
        f.reason = Reason::Interaction {
            why: Why::Answers,
            approves: true,
        };
        if own.strong_cue {
            f.rules.insert(Rule::KampanyeMedsos);
        }
        APPROVES
    } else {
        0.0
    };
    Some(Part::Fixed(score, f))
}

/// The interaction with campaign content judged as `target`, posted by `accounts`: about the
/// target's flagged camps, or, with none, the accounts' camps.
fn interaction(target: &FieldJudgement, accounts: &[u32], why: Why) -> Finding {
    let flagged: Vec<u32> = target
        .camps
        .iter()
        .filter(|c| c.flags())
        .map(|c| c.entity)
        .collect();
    let mut entities = flagged.clone();
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
        let about_flagged = |f: &&Finding| f.entities.iter().any(|e| flagged.contains(e));
        for f in target.findings.iter().filter(about_flagged) {
            for r in [Rule::KampanyeMedsos, Rule::AjakanKeberpihakan] {
                if f.rules.contains(r) {
                    rules.insert(r);
                }
            }
        }
    }
    Finding {
        stage: ID,
        feature: None,
        value: 1.0,
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
        third_party: false,
        span: ANYWHERE,
    }
}

/// An interaction judged by its target's official account alone.
fn account_finding(accounts: &[u32], reason: Reason) -> Finding {
    Finding {
        stage: ID,
        feature: None,
        value: 1.0,
        weight: 0.0,
        rules: RuleSet::of(Rule::InteraksiKampanye),
        entities: accounts.to_vec(),
        reason,
        rows: Rows::default(),
        attack: false,
        own: false,
        third_party: false,
        span: ANYWHERE,
    }
}
