//! **gestures**: partisan hand signs.
//!
//! What it does: a hand sign of a confirmed camp (✌ with a reference to 02 around it, "salam
//! tiga jari") is `foto-simbol-atribut`; a camp's greeting written out ("salam dua jari", a
//! gesture term not marked ambiguous) is campaign speech too.
//!
//! Why: the SKB names partisan hand signs in photos; captions say them in words and emoji.
//!
//! Known limits: a sign emoji beside a campaign hashtag (`#PrabowoGibran2024 ✌`) decorates the
//! tag, and the tag is the marker; "dua jari" inside "salam dua jari" is the same sign, counted
//! once. A sign in the photo itself is not in the text.

use crate::lexicon::{Category, Stance};
use crate::rule::Rule;

use super::super::finding::{Finding, Reason, Rows, ANYWHERE};
use super::super::sheet::{Ref, Scope, Sheet};
use super::super::stage::StageId;

const ID: StageId = StageId::Gestures;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        if s.cat(r.hit) != Category::Gesture || !s.is_confirmed(r.entity) {
            continue;
        }
        if decoration(s, &r) {
            s.drop_hit(ID, r.hit, "a sign emoji decorating a campaign hashtag");
            continue;
        }
        if within_longer(s, &r) {
            continue;
        }
        let t = s.term(r.hit);
        let attack = t.stance == Stance::Attack;
        let reason = Reason::Gesture {
            term: s.hits[r.hit].term,
            entity: r.entity,
            attack,
        };
        let mut f = Finding::about(
            ID,
            super::super::weights::GESTURE,
            Rule::FotoSimbolAtribut,
            r.entity,
            attack,
            reason,
        );
        if !r.weak {
            f.rules.insert(Rule::KampanyeMedsos);
        }
        s.out.findings.push(f.at(Rows::one(r.hit), ANYWHERE));
    }
}

/// A sign without letters next to a campaign hashtag.
fn decoration(s: &Sheet<'_>, r: &Ref) -> bool {
    !s.term(r.hit).text.chars().any(char::is_alphabetic)
        && s.refs
            .iter()
            .any(|o| s.cat(o.hit) == Category::Hashtag && s.within(o.hit, r.hit, Scope::Touching))
}

/// The sign's words stand inside a longer sign's ("dua jari" in "salam dua jari").
fn within_longer(s: &Sheet<'_>, r: &Ref) -> bool {
    s.refs.iter().any(|o| {
        let (a, b) = (s.span(o.hit), s.span(r.hit));
        o.hit != r.hit
            && s.cat(o.hit) == Category::Gesture
            && a.start <= b.start
            && b.end <= a.end
            && (a.start, a.end) != (b.start, b.end)
    })
}
