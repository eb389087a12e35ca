//! **exempt**: phrases that void the matches inside them.
//!
//! What it does: a pack's exempt phrase ("ma'ruf amin", "perubahan iklim", "gelora bung karno",
//! "pemilihan presiden 2024") voids every other match that lies wholly inside it; the phrase
//! itself stays as evidence.
//!
//! Why: these are the known traps where a camp's word is part of something else: the former
//! vice-president, climate change, the stadium.
//!
//! Known limits: only the listed phrases; an exempt phrase voids a whole campaign slogan that
//! happens to lie inside it.

use crate::lexicon::Category;
use crate::scan::Hit;

use super::super::stage::StageId;
use super::super::{HitDrop, Judge};

pub(in crate::judge) fn run(
    judge: &Judge<'_>,
    hits: &[Hit],
    live: &mut Vec<usize>,
    dropped: &mut Option<Vec<HitDrop>>,
) {
    let is_exempt = |h: &Hit| judge.terms[h.term as usize].term.category == Category::Exempt;
    let mut exempt: Vec<&Hit> = live
        .iter()
        .map(|&i| &hits[i])
        .filter(|h| is_exempt(h))
        .collect();
    if exempt.is_empty() {
        return;
    }
    exempt.sort_unstable_by_key(|x| (x.field, x.norm.start));
    // How far the exempt phrases of a field starting at or before each one reach.
    let mut reach: Vec<u32> = Vec::with_capacity(exempt.len());
    for (k, x) in exempt.iter().enumerate() {
        let before = reach
            .last()
            .filter(|_| exempt[k - 1].field == x.field)
            .copied();
        reach.push(before.map_or(x.norm.end, |r| r.max(x.norm.end)));
    }
    let voided = |h: &Hit| {
        let k = exempt.partition_point(|x| (x.field, x.norm.start) <= (h.field, h.norm.start));
        k > 0 && exempt[k - 1].field == h.field && h.norm.end <= reach[k - 1]
    };
    live.retain(|&i| {
        let drop = !is_exempt(&hits[i]) && voided(&hits[i]);
        if drop {
            HitDrop::record(dropped, StageId::Exempt, i, "inside an exempt phrase");
        }
        !drop
    });
}
