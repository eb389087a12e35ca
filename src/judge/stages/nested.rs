//! **nested**: a name inside a longer name of the same camp.
//!
//! What it does: "prabowo" and "gibran" inside "prabowo gibran", or "anies" inside "anies
//! baswedan", are set aside when the longer name of the same camp covers them.
//!
//! Why: the longer name says it all; counting its parts again would make one mention three.
//!
//! Known limits: only names within the longest name's length of each other are compared, so a
//! name split by spaces that reaches further ("p r a b o w o g i b r a n") keeps its parts.

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
    let name = |i: usize| {
        let t = &judge.terms[hits[i].term as usize];
        (t.term.category == Category::Name).then_some(t.entity)
    };
    let covers = |o: usize, h: usize| {
        let (o_hit, h_hit) = (&hits[o], &hits[h]);
        o_hit.field == h_hit.field
            && o_hit.norm.start <= h_hit.norm.start
            && h_hit.norm.end <= o_hit.norm.end
            && o_hit.norm != h_hit.norm
            && name(o) == name(h)
    };
    let inner: Vec<bool> = live
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let h = &hits[i];
            let same_field = |o: &&usize| hits[**o].field == h.field;
            // The hits are in order of their start, and a name that covers `h` starts less than
            // the longest name's length before it: only those few are looked at.
            name(i).is_some()
                && (live[..k]
                    .iter()
                    .rev()
                    .take_while(|o| {
                        same_field(o) && hits[**o].norm.start + judge.longest_name > h.norm.start
                    })
                    .any(|&o| covers(o, i))
                    || live[k + 1..]
                        .iter()
                        .take_while(|o| same_field(o) && hits[**o].norm.start == h.norm.start)
                        .any(|&o| covers(o, i)))
        })
        .collect();
    if !inner.contains(&true) {
        return;
    }
    let mut k = 0;
    live.retain(|&i| {
        k += 1;
        let drop = inner[k - 1];
        if drop {
            HitDrop::record(
                dropped,
                StageId::Nested,
                i,
                "inside a longer name of the same camp",
            );
        }
        !drop
    });
}
