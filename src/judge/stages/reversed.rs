//! **reversed**: sets aside cues that a longer cue of the other stance contains.
//!
//! What it does: a cue goes when a longer cue of the other stance covers its first word:
//! "memilih" in "tidak memilih" and "pilih" in "jangan pilih" are refusals, not support, and
//! "layak jadi presiden" in "tidak layak jadi presiden" is no praise.
//!
//! Why: on their own the inner words say the opposite of the whole phrase.
//!
//! Known limits: only phrases the pack lists are read as wholes; a negation the pack does not
//! list ("ogah milih") leaves the support word standing.

use crate::lexicon::{Category, Stance};

use super::super::sheet::Sheet;
use super::super::stage::StageId;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    let stance = |i: usize| match s.cat(i) {
        Category::Support => Some(Stance::Support),
        Category::Attack => Some(Stance::Attack),
        _ => None,
    };
    // Every support and attack hit is a cue, so the hits themselves are searched.
    let reversed = |i: usize| {
        let Some(own) = stance(i) else { return false };
        let a = &s.hits[i].norm;
        (0..s.hits.len()).any(|o| {
            let b = &s.hits[o].norm;
            b.start <= a.start
                && a.start < b.end
                && (b.start < a.start || b.end > a.end)
                && stance(o).is_some_and(|st| st != own)
        })
    };
    let dropped: Vec<usize> = s.cues.iter().copied().filter(|&c| reversed(c)).collect();
    if dropped.is_empty() {
        return;
    }
    s.cues.retain(|c| !dropped.contains(c));
    for c in dropped {
        s.drop_hit(
            StageId::Reversed,
            c,
            "inside a longer cue of the other stance",
        );
    }
}
