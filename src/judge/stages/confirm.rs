//! **confirm**: decides which camps the text really refers to.
//!
//! What it does: clear references (names, nicknames, teams, acronyms not marked ambiguous)
//! confirm their camp. A weak reference is confirmed by
//! - a clear cue next to it, or, for a ballot number, a few words away in its sentence
//!   ("coblos nomor urut 2"); an everyday word must touch the cue and share its clause;
//! - an ambiguous activity touching it ("jaket amin", "pengurus dpc pkb");
//! - a different weak reference of the same camp touching it in its sentence ("02 lanjutkan"),
//!   or a few words away when one of the two is a ballot number ("02 menang satu putaran");
//! - for a name, nickname or acronym, another camp's name joined to it by a conjunction ("anis
//!   dan ganjar", "abah atau prabowo");
//! - in a reply to one camp's accounts, being that camp's number, name or nickname ("no 2",
//!   "wo" under @prabowo).
//!
//! The text's topic is the one camp it refers to, or, in a reply to one camp's accounts that
//! names no other, that camp.
//!
//! A camp's handle right after a clear support or attack cue, in its clause, is the cue's
//! object ("dukung @prabowo @gibran_tweet", "tidak pilih @aniesbaswedan") and confirms its camp.
//!
//! Why: numbers, everyday words ("abah", "amin", "gemoy") and signs (✌) mostly mean something
//! else; only context makes them a camp.
//!
//! Known limits: an ambiguous cue never confirms ("abah, semoga sehat" stays a prayer for a
//! father), so "abah hebat" is not read as praise of Anies. Slogans, gestures, hashtags and
//! mentions are never confirmed by cues alone: "perubahan", "✌" and "@prabowo" next to "dukung"
//! say nothing of a camp by themselves. After an invitation ("ayo @prabowo jawab") a handle is
//! more often the one spoken to, and is not an object.

use crate::lexicon::Category;

use super::super::sheet::{Ref, Scope, Sheet};
use super::super::stage::StageId;
use super::super::text::joins;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    let mut confirmed: Vec<u32> = Vec::with_capacity(s.refs.len());
    confirmed.extend(s.refs.iter().filter(|r| !r.weak).map(|r| r.entity));
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        if !r.weak {
            continue;
        }
        if by_cue(s, &r) || by_pair(s, &r) || by_list(s, &r) || by_reply(s, &r) {
            confirmed.push(r.entity);
        } else {
            s.drop_hit(
                StageId::Confirm,
                r.hit,
                "weak reference without confirming context",
            );
        }
    }
    let objects: Vec<Ref> = s
        .refs
        .iter()
        .filter(|r| s.cat(r.hit) == Category::Account && is_cue_object(s, r))
        .copied()
        .collect();
    for o in &objects {
        s.note(StageId::Confirm, |s| {
            format!(
                "`{}` is the object of a support or attack cue",
                s.words(o.hit)
            )
        });
    }
    let objects: Vec<u32> = objects.iter().map(|r| r.entity).collect();
    confirmed.extend_from_slice(&objects);
    confirmed.sort_unstable();
    confirmed.dedup();
    s.confirmed = confirmed;
    s.objects = objects;
    s.clear = s
        .refs
        .iter()
        .filter(|r| !r.weak)
        .map(|r| r.entity)
        .collect();
    s.topic = topic(s);
    if let Some(t) = s.topic {
        s.note(StageId::Confirm, |s| {
            format!("the text is about one camp: {}", s.camp(t.entity))
        });
    }
}

/// The one camp the text refers to (confirmed), or the addressee of a reply when it refers to no
/// other.
fn topic(s: &Sheet<'_>) -> Option<Ref> {
    let mut camps = s
        .refs
        .iter()
        .filter(|r| s.is_confirmed(r.entity) && s.cat(r.hit) != Category::Account);
    let first = camps.next().copied();
    if camps.any(|r| Some(r.entity) != first.map(|f| f.entity)) {
        return None;
    }
    match (first, s.addressee) {
        (Some(f), Some(a)) if f.entity != a.entity => None,
        (Some(f), _) => Some(f),
        (None, a) => a,
    }
}

/// A cue next to the reference confirms it.
fn by_cue(s: &Sheet<'_>, r: &Ref) -> bool {
    let c = s.cat(r.hit);
    if matches!(
        c,
        Category::Slogan | Category::Gesture | Category::Account | Category::Hashtag
    ) {
        return false;
    }
    s.cues.iter().any(|&k| {
        let t = s.term(k);
        // An ambiguous activity may confirm when it touches, even one that is not about the
        // author: "pengurus dpc pkb" is the party, whoever holds the office.
        if !(s.cue_counts(k) || t.personal) || !s.same_sentence(k, r.hit) {
            return false;
        }
        // An everyday word is confirmed only within the cue's clause: in "semoga jadi presiden
        // 2024, aamiin" the prayer follows a comma.
        if c != Category::Number && !s.same_clause(k, r.hit) {
            return false;
        }
        if t.ambiguous {
            t.category == Category::Activity && s.within(k, r.hit, Scope::Touching)
        } else {
            s.within(k, r.hit, Scope::Touching)
                || (c == Category::Number && s.within(k, r.hit, Scope::Phrase))
        }
    })
}

/// Another weak reference of the same camp, of another kind, touching it in its sentence, or,
/// when one of the two is a ballot number, a few words away. Two everyday words must touch:
/// "abah" and "aamiin" a few words apart are a prayer for a father.
fn by_pair(s: &Sheet<'_>, r: &Ref) -> bool {
    let c = s.cat(r.hit);
    c != Category::Account
        && s.refs.iter().any(|o| {
            let other = s.cat(o.hit);
            let scope = if c == Category::Number || other == Category::Number {
                Scope::Phrase
            } else {
                Scope::Touching
            };
            o.weak
                && o.entity == r.entity
                && o.hit != r.hit
                && other != c
                && other != Category::Account
                && s.within(o.hit, r.hit, scope)
                && s.same_sentence(o.hit, r.hit)
        })
}

/// In a reply to one camp's accounts, that camp's own number or nickname ("no 2", "wo") is that
/// camp: the thread says who is meant.
fn by_reply(s: &Sheet<'_>, r: &Ref) -> bool {
    s.addressee.is_some_and(|a| a.entity == r.entity)
        && matches!(
            s.cat(r.hit),
            Category::Number | Category::Nickname | Category::Acronym | Category::Name
        )
}

/// A name listed with another camp's clear name.
fn by_list(s: &Sheet<'_>, r: &Ref) -> bool {
    let conjunctions = &s.judge.language.conjunctions;
    matches!(
        s.cat(r.hit),
        Category::Name | Category::Nickname | Category::Acronym
    ) && s.refs.iter().any(|o| {
        let (a, b) = (s.span(r.hit), s.span(o.hit));
        !o.weak
            && o.entity != r.entity
            && s.names_a_camp(o)
            && ((a.end <= b.start && joins(s.text, a.end, b.start, conjunctions))
                || (b.end <= a.start && joins(s.text, b.end, a.start, conjunctions)))
    })
}

/// The handle is the object of a clear support or attack cue.
fn is_cue_object(s: &Sheet<'_>, r: &Ref) -> bool {
    s.cues.iter().any(|&k| {
        s.cue_counts(k)
            && !s.term(k).ambiguous
            && matches!(s.cat(k), Category::Support | Category::Attack)
            && s.is_object(k, r)
    })
}
