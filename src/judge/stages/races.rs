//! **races**: which race a number, or any words two packs claim, belongs to.
//!
//! What it does: with packs of several races loaded (the national pack beside a province's and a
//! city's), "nomor 2" is the presidential pair's number, the governor pair's and the mayor pair's
//! at once. Words that two races claim belong to the race whose camp is named in their sentence
//! ("Ayo coblos nomor 2, Khofifah-Emil lanjutkan!" is the governor's race), the nearest when
//! several are; with none named, to every race in force on the post's date (the **window** stage
//! has set the others aside), and the verdict names them all as alternatives ("nomor 2 of
//! jatim-02 or sby-02") rather than picking one silently. The evidence of such words names the
//! camp they were read as, never a race the verdict left; while they stay ambiguous, each
//! pack's reading is a row of its own.
//!
//! Why: a post about the governor's race must not be charged with support for a presidential
//! pair it never mentions.
//!
//! Known limits: a party's ballot number is national and is read by the **numbers** stage; a
//! race is named only by its camps' own words, not by the office ("cagub", "wali kota").

use crate::lexicon::{Category, EntityKind};

use super::super::sheet::{Ref, Sheet};
use super::super::stage::StageId;

const ID: StageId = StageId::Races;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    if s.judge.races.len() < 2 {
        return;
    }
    let race = |r: &Ref| s.judge.entities[r.entity as usize].race;
    let party = |r: &Ref| s.judge.entities[r.entity as usize].kind == EntityKind::Party;
    // Refs on the same words, in order of their hits: neighbours in `refs`.
    let mut groups: Vec<Vec<Ref>> = Vec::new();
    for r in s.refs.iter().filter(|r| !party(r)) {
        match groups.last_mut() {
            Some(g) if s.span(g[0].hit) == s.span(r.hit) => g.push(*r),
            _ => groups.push(vec![*r]),
        }
    }
    groups.retain(|g| g.iter().any(|r| race(r) != race(&g[0])));
    if groups.is_empty() {
        other_races_number(s);
        return;
    }
    let contested: Vec<usize> = groups.iter().flatten().map(|r| r.hit).collect();
    for group in groups {
        let at = group[0].hit;
        // The camps named in words in the same sentence, outside any contested words.
        let named = s
            .refs
            .iter()
            .filter(|o| {
                !o.weak
                    && !contested.contains(&o.hit)
                    && s.cat(o.hit) != Category::Account
                    && group.iter().any(|g| race(g) == race(o))
                    && s.same_sentence(o.hit, at)
            })
            .min_by_key(|o| s.apart(o.hit, at))
            .copied();
        match named {
            Some(o) => {
                let keep = race(&o);
                let kept = group.iter().find(|g| race(g) == keep).map(|g| g.entity);
                let gone: Vec<usize> = group
                    .iter()
                    .filter(|g| race(g) != keep)
                    .map(|g| g.hit)
                    .collect();
                s.refs.retain(|r| !gone.contains(&r.hit));
                // Other packs' terms on the same words: their evidence shows the camp kept.
                s.out.resolved.extend(gone.iter().map(|&hit| (hit, kept)));
                s.note(ID, |s| {
                    format!(
                        "`{}` is {}'s: its camp is named beside it",
                        s.words(at),
                        s.judge.races[keep as usize].label()
                    )
                });
            }
            None => {
                let camps: Vec<u32> = group.iter().map(|g| g.entity).collect();
                s.note(ID, |s| {
                    let ids: Vec<&str> = camps.iter().map(|&e| s.camp(e)).collect();
                    format!("`{}` may be any of {}", s.words(at), ids.join(", "))
                });
                s.either.push(group.iter().map(|g| g.hit).collect());
            }
        }
    }
    other_races_number(s);
}

/// A ballot number in a sentence that names another race's camp and none of its own race is
/// that other race's number, written in a form only its own pack lists ("Coblos nomor 3,
/// Pramono-Rano!" when only the governor's pack of another province writes "nomor {n}"): it
/// becomes that race's camp of the same number, or, when that race has none, no camp.
fn other_races_number(s: &mut Sheet<'_>) {
    let entities = s.judge.entities;
    let race = |e: u32| entities[e as usize].race;
    let mut gone = Vec::new();
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        let e = &entities[r.entity as usize];
        if s.cat(r.hit) != Category::Number || e.kind == EntityKind::Party {
            continue;
        }
        let named = |o: &&Ref| {
            !o.weak && s.cat(o.hit) != Category::Account && s.same_sentence(o.hit, r.hit)
        };
        if s.refs
            .iter()
            .filter(named)
            .any(|o| race(o.entity) == e.race)
        {
            continue;
        }
        let Some(other) = s
            .refs
            .iter()
            .filter(named)
            .min_by_key(|o| s.apart(o.hit, r.hit))
        else {
            continue;
        };
        let theirs = race(other.entity);
        if theirs == e.race || entities[other.entity as usize].kind == EntityKind::Party {
            continue;
        }
        let same = (0..entities.len() as u32).find(|&x| {
            race(x) == theirs
                && entities[x as usize].number == e.number
                && entities[x as usize].kind != EntityKind::Party
        });
        let words = s.words(r.hit);
        match same {
            Some(x) => {
                s.refs[k].entity = x;
                s.note(ID, |s| {
                    format!("`{words}` is {}'s: its camp is named beside it", s.camp(x))
                });
            }
            None => {
                s.drop_hit(
                    ID,
                    r.hit,
                    "a number of a race none of whose camps the sentence names",
                );
                gone.push(r.hit);
            }
        }
    }
    s.refs.retain(|r| !gone.contains(&r.hit));
}
