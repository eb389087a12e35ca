//! Which camp a cue speaks of: the helper of the **stance** stage.
//!
//! In order:
//! 1. the author's support or attack aimed at a pronoun ("kami yakin mendukung mereka", "saya
//!    yakin beliau") speaks of the camp its sentence named before it, however far back, when it
//!    named only one. Said by anyone else ("rakyat pun memilih mereka"), or of a noun ("cara
//!    terbaik mereka", their best way), it is not the author's stance;
//! 2. a predicate ("cuma bisa", "panik", "pasti menang") speaks of its subject, named in words
//!    before it in its sentence, unless its clause opens with "yang" ("..., yang pasti menang ya
//!    Anies", where the subject follows);
//! 3. without a subject and with no camp named around it, in the first sentence of the author's
//!    reply to one camp's accounts, a few words in, it speaks to that camp, as if next to it;
//! 4. otherwise a cue speaks of the nearest confirmed camp within its reach. A mention is
//!    linked only when the camp is also named in words or is the object of a cue; a cue that
//!    needs its object after it ("di tangan") links only to that.

use crate::lexicon::Category;

use super::finding::Link;
use super::sheet::{Ref, Scope, Sheet};
use super::text::{opens_with_yang, same_sentence, word_after_is};

/// The camp cue `c` speaks of and how it was found, and the nearest candidate camp (which
/// decides how much an everyday cue weighs).
pub(super) struct Aim {
    pub target: Option<(Ref, Link)>,
    pub closest: Option<Ref>,
    /// Whether the cue is a predicate with its subject expected before it.
    pub subject_before: bool,
}

pub(super) fn aim(s: &Sheet<'_>, c: usize) -> Aim {
    let t = s.term(c);
    let candidates = || {
        s.refs
            .iter()
            .filter(|r| s.is_confirmed(r.entity))
            .filter(|r| {
                s.cat(r.hit) != Category::Account
                    || s.clear.contains(&r.entity)
                    || s.objects.contains(&r.entity)
            })
            .filter(move |r| s.within(c, r.hit, Scope::Reach))
            .filter(move |r| !t.object || s.is_object(c, r))
    };
    let nearest = |r: &&Ref| (s.apart(c, r.hit), r.weak, r.hit);
    let closest = candidates().min_by_key(nearest).copied();
    let subject_before = t.predicate && !opens_with_yang(s.text, s.span(c));
    let aim = |target| Aim {
        target,
        closest,
        subject_before,
    };
    if let Some(a) = antecedent(s, c) {
        return aim(Some((a, Link::Pronoun)));
    }
    let subject = || {
        candidates()
            .filter(|r| {
                s.cat(r.hit) != Category::Account && s.before(r.hit, c) && s.same_sentence(r.hit, c)
            })
            .min_by_key(nearest)
            .copied()
    };
    if let Some(subject) = subject_before.then(subject).flatten() {
        return aim(Some((subject, Link::Near)));
    }
    if closest.is_none() {
        if let Some(a) = reply_to(s, c) {
            return aim(Some((a, Link::ReplyTo)));
        }
    }
    aim(closest.map(|r| (r, Link::Near)))
}

/// The addressee of the reply, when cue `c` is a predicate said to it: in the reply's first
/// sentence, a few words in, and not right next to another camp's weak reference, which may be
/// its subject ("Paling oke amin sih" under @prabowo praises AMIN).
fn reply_to(s: &Sheet<'_>, c: usize) -> Option<Ref> {
    let a = s.addressee?;
    let at = s.span(c).start;
    let near_other = s
        .refs
        .iter()
        .any(|o| o.entity != a.entity && o.weak && s.within(c, o.hit, Scope::Touching));
    let few_words = s
        .text
        .get(s.opening..at)
        .is_some_and(|gap| gap.split_whitespace().count() <= Scope::Reach.tokens() as usize);
    (s.term(c).predicate
        && !near_other
        && at >= s.opening
        && same_sentence(s.text, s.span(a.hit), s.span(c))
        && few_words)
        .then_some(a)
}

/// The one camp the sentence named before cue `c`, when `c` is the author's support or attack
/// aimed at a pronoun.
fn antecedent(s: &Sheet<'_>, c: usize) -> Option<Ref> {
    if !matches!(s.cat(c), Category::Support | Category::Attack)
        || !word_after_is(s.text, s.span(c), &s.judge.language.pronouns)
        || !s.first_person_at(c, 3, 0)
    {
        return None;
    }
    let mut named = s.refs.iter().filter(|r| {
        !r.weak
            && s.cat(r.hit) != Category::Account
            && s.before(r.hit, c)
            && s.same_sentence(r.hit, c)
    });
    let first = named.next()?;
    named.all(|r| r.entity == first.entity).then_some(*first)
}
