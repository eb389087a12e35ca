//! **numbers**: reads a pair's ballot number as a party's when that party is named.
//!
//! What it does: a pair number (`02`, "nomor urut 2") that equals the ballot number of a party
//! named in the same text becomes a reference to the party: "coblos PKB nomor 1" is about
//! PKB, not `paslon-01`.
//!
//! Why: the pair numbers 1 to 3 of 2024 are also the party numbers of PKB, Gerindra and PDI-P,
//! and a post about a party's list says the party's name.
//!
//! Known limits: the whole text is one context, so a post that names PKB in one sentence and
//! says "coblos 01" for the pair in another reads the number as PKB's.

use crate::lexicon::{Category, EntityKind};

use super::super::sheet::Sheet;
use super::super::stage::StageId;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    let entities = s.judge.entities;
    let mut parties = s.refs.iter().filter_map(|r| {
        let is_number = r.weak && s.cat(r.hit) == Category::Number;
        let e = &entities[r.entity as usize];
        (!is_number && e.kind == EntityKind::Party).then_some((e.number?, r.entity))
    });
    let Some(first) = parties.next() else {
        return;
    };
    let parties: Vec<(u32, u32)> = std::iter::once(first).chain(parties).collect();
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        if s.cat(r.hit) != Category::Number {
            continue;
        }
        let e = &entities[r.entity as usize];
        if e.kind != EntityKind::Pair {
            continue;
        }
        if let Some(&(_, party)) = parties.iter().find(|(n, _)| Some(*n) == e.number) {
            s.refs[k].entity = party;
            s.note(StageId::Numbers, |s| {
                format!(
                    "`{}` read as the ballot number of {}, named in the text",
                    s.words(r.hit),
                    s.camp(party)
                )
            });
        }
    }
}
