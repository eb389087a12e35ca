//! Camps named in one list: the helper of the **stance** stage for attacks, and for a roll call
//! of every pair.
//!
//! A refusal or insult before a list ("pantang pilih Anies dan Ganjar", "PSI & Prabowo Gibran
//! anti budaya") is about everyone in it. Only names of pairs or parties (clear, or of confirmed
//! camps) and their handles, joined by a conjunction, make a list; a comma may as well end a
//! clause. Support before a list is often a choice still open ("pilih Prabowo atau Anies?"), so
//! it stays with the nearest name.

use crate::lexicon::{Category, EntityKind};

use super::sheet::{Ref, Sheet};
use super::text::joins;

/// The camps named in one list with reference `r`, `r`'s first.
pub(super) fn listed_with(s: &Sheet<'_>, r: &Ref) -> Vec<u32> {
    let mut out = vec![r.entity];
    // A camp's handle in a list of handles ("jangan pilih @aniesbaswedan dan @ganjarpranowo")
    // is a name too: the conjunction that joins it says so.
    let handle = |o: &Ref| {
        s.cat(o.hit) == Category::Account
            && matches!(
                s.judge.entities[o.entity as usize].kind,
                EntityKind::Pair | EntityKind::Party
            )
    };
    let named = |o: &Ref| ((!o.weak || s.is_confirmed(o.entity)) && s.names_a_camp(o)) || handle(o);
    if !named(r) {
        return out;
    }
    let conjunctions = &s.judge.language.conjunctions;
    // Grow the list around `r` until no name touches it or joins it with a conjunction, on
    // either side; the parts of one name overlap and join too.
    let mut reach = s.span(r.hit);
    let mut grew = true;
    while grew {
        grew = false;
        for o in s.refs.iter().filter(|o| named(o)) {
            let span = s.span(o.hit);
            let inside = span.start >= reach.start && span.end <= reach.end;
            let after =
                span.start >= reach.start && joins(s.text, reach.end, span.start, conjunctions);
            let before =
                span.end <= reach.end && joins(s.text, span.end, reach.start, conjunctions);
            if !(inside || after || before) {
                continue;
            }
            if !inside {
                reach.start = reach.start.min(span.start);
                reach.end = reach.end.max(span.end);
                grew = true;
            }
            if !out.contains(&o.entity) {
                out.push(o.entity);
            }
        }
    }
    out
}

/// Whether reference `r` stands in a roll call of every pair of its race: names or numbers of
/// all of them, weak or clear, one after another with nothing but spaces, commas and
/// conjunctions between ("pilih 01, 02 atau 03 terserah", "anies prabowo ganjar sama saja").
/// A cue said of such a list favours no pair: it is a choice left free. Handles are no part of
/// one: the handles that open a reply say whom it answers.
pub(super) fn roll_call(s: &Sheet<'_>, r: &Ref) -> bool {
    let entities = s.judge.entities;
    let pair = |o: &Ref| {
        entities[o.entity as usize].kind == EntityKind::Pair && s.cat(o.hit) != Category::Account
    };
    if !pair(r) {
        return false;
    }
    // Most texts name one pair: count the pairs they name before growing any list.
    let race = entities[r.entity as usize].race;
    let of_race = |e: u32| entities[e as usize].race == race;
    let mut named: Vec<u32> = Vec::new();
    for o in s.refs.iter().filter(|o| pair(o) && of_race(o.entity)) {
        if !named.contains(&o.entity) {
            named.push(o.entity);
        }
    }
    let pairs = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Pair && e.race == race)
        .count();
    if pairs < 2 || named.len() < pairs {
        return false;
    }
    let conjunctions = &s.judge.language.conjunctions;
    let mut reach = s.span(r.hit);
    let mut seen = vec![r.entity];
    let mut grew = true;
    while grew {
        grew = false;
        for o in s.refs.iter().filter(|o| pair(o)) {
            let span = s.span(o.hit);
            let (from, to) = if span.start >= reach.end {
                (reach.end, span.start)
            } else if span.end <= reach.start {
                (span.end, reach.start)
            } else {
                continue;
            };
            if !s
                .text
                .get(from..to)
                .is_some_and(|g| separates(g, conjunctions))
            {
                continue;
            }
            reach.start = reach.start.min(span.start);
            reach.end = reach.end.max(span.end);
            grew = true;
            if !seen.contains(&o.entity) {
                seen.push(o.entity);
            }
        }
    }
    seen.len() >= pairs
}

/// Whether `gap` is nothing but spaces, commas and at most one conjunction.
fn separates(gap: &str, conjunctions: &[String]) -> bool {
    // No conjunction is long: a longer gap is words, not a separator.
    if gap.len() > 24 {
        return false;
    }
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    words.is_empty()
        || conjunctions.iter().any(|c| {
            let mut parts = c.split(' ');
            words.len() == parts.clone().count()
                && words
                    .iter()
                    .all(|w| parts.next().is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
}
