//! **stance**: support, attack, invitation and own activity, each linked to the camp it speaks
//! of.
//!
//! What it does: every cue that counts (see [`Sheet::cue_counts`]) is linked to a camp by the
//! rules of [`aim`](super::super::aim): a pronoun's antecedent, a predicate's subject, the
//! addressee of a reply, or the nearest confirmed camp within reach. A clear cue weighs in full
//! (less when its camp is named only weakly, by a number or a confirmed nickname); an everyday
//! one ("mantap", "menang") weighs more a few words from its camp (or said to it) than further
//! away; an activity cue is the author's own campaign activity with its rule. A support or
//! attack cue that opens a clause and is marked `imperative` ("Coblos 02!", "..., jangan pilih
//! dia"), or stands with an invitation ("ayo"), is also an appeal (`ajakan-keberpihakan`). An
//! attack before a list of camps is about all of them (see [`lists`](super::super::lists)).
//!
//! With no camp to link to, derision in the first sentence of a comment on one camp's own post
//! about the election is said to that camp ("Panik ya pak?" under a campaign post by
//! @gibran_tweet); praise there is approval of the post, which the **interaction** stage
//! weighs.
//!
//! Why: a camp named without a cue is news or talk; a cue without a camp is about someone else.
//!
//! An activity in a sentence that a question word opens is asked about, not done: "Apakah ASN
//! boleh hadir di kampanye Anies?" is no attendance; one right after a word of seeing (the
//! pack's `observing` words) is seen, not done: "saya lihat baliho 01 di jalan".
//!
//! Known limits: the cue list is closed, so stance in words the pack does not list is not read;
//! a support word said of other people ("Mencoblos Prabowo-Gibran sama aja kalian membantu
//! menghancurkan Indonesia") reads as support.

use crate::lexicon::Category;
use crate::rule::{Rule, RuleSet};

use super::super::aim::aim;
use super::super::feature::Feature;
use super::super::finding::{alternatives_first, Finding, Link, Reason, Rows, Said, ANYWHERE};
use super::super::lists::{listed_with, roll_call};
use super::super::sheet::{Ref, Scope, Sheet};
use super::super::stage::StageId;
use super::super::text::{in_first_sentence, opens_clause};
use super::super::voice::{not_done, third_party};

const ID: StageId = StageId::Stance;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for k in 0..s.cues.len() {
        let c = s.cues[k];
        if !s.cue_counts(c) {
            s.drop_hit(ID, c, "an everyday activity word not about the author");
            continue;
        }
        if let Some(why) = not_done(s, c) {
            s.drop_hit(ID, c, why);
            continue;
        }
        let aimed = aim(s, c, s.term(c).predicate);
        // An everyday cheer reaches a camp named before it across a comma ("Prabowo Gibran, terus
        // semangat!"), not one named in a later clause, which starts a statement of its own
        // ("Tetap semangat adik-adik peserta lomba, Pak Anies juga hadir").
        let everyday = s.term(c).ambiguous && s.cat(c) != Category::Activity;
        let target = aimed.target.filter(|(r, link)| {
            !(everyday && *link == Link::Near && s.before(c, r.hit) && !s.same_clause(c, r.hit))
        });
        match target {
            Some((r, _)) if roll_call(s, &r) => {
                s.drop_hit(ID, c, "said of every pair alike: a choice left free");
            }
            Some((r, link)) => {
                let near = link != Link::Near
                    || aimed
                        .closest
                        .is_some_and(|o| s.within(c, o.hit, Scope::Phrase));
                let f = linked(s, c, r, link, near);
                s.out.findings.push(f);
            }
            None if aimed.subject_before => answering(s, c),
            None => s.drop_hit(ID, c, "no confirmed camp within reach"),
        }
    }
}

/// The finding of cue `c` linked to reference `r`.
fn linked(s: &Sheet<'_>, c: usize, r: Ref, link: Link, near: bool) -> Finding {
    let t = s.term(c);
    let weak_cue = t.ambiguous && t.category != Category::Activity;
    let (support, attack) = if r.weak {
        (Feature::SupportWeakRef, Feature::AttackWeakRef)
    } else {
        (Feature::Support, Feature::Attack)
    };
    let (feature, mut rules, said) = match t.category {
        Category::Activity => {
            let rule = t.rule.unwrap_or(Rule::KampanyeMedsos);
            (Feature::Activity, RuleSet::of(rule), Said::Activity(rule))
        }
        c if weak_cue => (
            if near {
                Feature::WeakCueNear
            } else {
                Feature::WeakCueFar
            },
            RuleSet::of(Rule::KampanyeMedsos),
            Said::Weak {
                attack: c == Category::Attack,
            },
        ),
        Category::Invite => {
            let mut rules = RuleSet::of(Rule::KampanyeMedsos);
            rules.insert(Rule::AjakanKeberpihakan);
            (Feature::Invite, rules, Said::Invitation)
        }
        Category::Attack => (attack, RuleSet::of(Rule::KampanyeMedsos), Said::Attack),
        _ => (support, RuleSet::of(Rule::KampanyeMedsos), Said::Support),
    };
    if matches!(t.category, Category::Attack | Category::Support) && appeals(s, c, &r) {
        rules.insert(Rule::AjakanKeberpihakan);
    }
    let either = s.alternatives(r.hit);
    let entities = match (&either, t.category) {
        (Some(camps), _) => alternatives_first(r.entity, camps),
        (None, Category::Attack) => listed_with(s, &r),
        (None, _) => vec![r.entity],
    };
    let (a, b) = (s.span(c), s.span(r.hit));
    Finding {
        stage: ID,
        feature: Some(feature),
        value: 1.0,
        weight: feature.prior(),
        rules,
        entities,
        reason: Reason::Stance {
            said,
            cue: s.hits[c].term,
            link,
            reference: s.hits[r.hit].term,
            entity: r.entity,
            either: either.is_some(),
        },
        rows: Rows::two(c, r.hit),
        // An everyday insult is an attack only right next to a camp (for a predicate, a camp may
        // be near while its subject is further back).
        attack: t.category == Category::Attack && (!weak_cue || near),
        own: t.category == Category::Support && s.first_person_at(c, 1, 1),
        third_party: third_party(s, c),
        span: a.start.min(b.start)..a.end.max(b.end),
    }
}

/// Whether support or attack cue `c` about `r` is also an appeal to others: it opens a clause
/// and is marked `imperative` ("Coblos 02!"), or an invitation stands within reach of the camp
/// ("ayo coblos X").
fn appeals(s: &Sheet<'_>, c: usize, r: &Ref) -> bool {
    (s.term(c).imperative && opens_clause(s.text, s.span(c)))
        || s.cues
            .iter()
            .any(|&o| s.cat(o) == Category::Invite && s.within(o, r.hit, Scope::Reach))
}

/// Derision with no camp around it, in the first sentence of a comment on one camp's own post.
fn answering(s: &mut Sheet<'_>, c: usize) {
    let Some((account, entity)) = s.commented else {
        s.drop_hit(ID, c, "no confirmed camp within reach");
        return;
    };
    let t = s.term(c);
    if t.category != Category::Attack || !in_first_sentence(s.text, s.span(c)) {
        s.drop_hit(ID, c, "no confirmed camp within reach");
        return;
    }
    // An everyday word weighs as next to the camp; a clear one as a stance toward a camp named
    // only by its account.
    let feature = if t.ambiguous {
        Feature::WeakCueNear
    } else {
        Feature::AttackWeakRef
    };
    let reason = Reason::Answering {
        cue: s.hits[c].term,
        account,
        entity,
    };
    let f = Finding::about(ID, feature, Rule::KampanyeMedsos, entity, true, reason);
    s.out.findings.push(f.at(Rows::one(c), ANYWHERE));
}
