//! **refusal**: a camp refused with a negator right before it.
//!
//! What it does: "Jangan 01, coblos 02!", "bukan Prabowo, tapi Anies", "asal jangan 02": a
//! negator ("jangan", "bukan", "tidak") right before a confirmed camp's name or number, in a
//! sentence that appeals or takes a stance (a support, attack or invitation cue), or opening a
//! clause, refuses that camp: an attack on it, never support. The refused camp is no longer a
//! target the stance stage can give a support word to.
//!
//! Why: a support cue between two camps ("Jangan 01, coblos 02") would otherwise be read as
//! support for the nearer one, which may be the refused one: the wrong camp, accused of the
//! opposite stance.
//!
//! Known limits: only a negator touching the camp; "jangan sampai yang menang 01" is not read.

use crate::lexicon::Category;
use crate::rule::Rule;

use super::super::feature::Feature;
use super::super::finding::{Finding, Link, Reason, Rows, Said};
use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text::opens_clause;

const ID: StageId = StageId::Refusal;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        let refusable = matches!(
            s.cat(r.hit),
            Category::Name | Category::Nickname | Category::Acronym | Category::Number
        );
        if !refusable || !s.is_confirmed(r.entity) {
            continue;
        }
        let at = s.hits[r.hit];
        let negator = s.function.iter().find(|w| {
            s.judge.terms[w.term as usize].term.category == Category::Negator
                && w.last_token < at.first_token
                && at.first_token - w.last_token <= 1
                && super::super::text::same_clause(s.text, w.span, at.span)
        });
        let Some(negator) = negator else { continue };
        let appeal = opens_clause(s.text, negator.span);
        let stance = s.cues.iter().any(|&c| {
            matches!(
                s.cat(c),
                Category::Support | Category::Attack | Category::Invite
            ) && s.same_sentence(c, r.hit)
        });
        if !(appeal || stance) {
            continue;
        }
        s.refused.push(r.hit);
        let feature = if r.weak {
            Feature::AttackWeakRef
        } else {
            Feature::Attack
        };
        let reason = Reason::Stance {
            said: Said::Attack,
            cue: negator.term,
            link: Link::Near,
            reference: at.term,
            entity: r.entity,
            either: false,
        };
        let mut f = Finding::about(ID, feature, Rule::KampanyeMedsos, r.entity, true, reason);
        if appeal {
            f.rules.insert(Rule::AjakanKeberpihakan);
        }
        let span = negator.span.start..at.span.end;
        s.out.findings.push(f.at(Rows::one(r.hit), span));
    }
}
