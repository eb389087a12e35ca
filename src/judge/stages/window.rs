//! **window**: a pack's camps apply only while its election does.
//!
//! What it does: when an activity is dated (`created_at`) and a pack says when it applies
//! (`valid_from`, `valid_until`), the pack's camps are not read for an activity outside that
//! window: its names, numbers, hashtags, slogans and signs are set aside, and the verdict says
//! so. Its support and attack words stay, since other packs' camps may need them, and so do its
//! parties: a party outlives one election.
//!
//! Why: "Ayo coblos 01 Jokowi-Amin!" from 2019 is about another election; reading it as support
//! for 2024's pair 01 would charge the author with a stance they never took.
//!
//! Known limits: an undated activity, or one whose date is in no form an export writes, is read
//! with every pack.

use crate::scan::Hit;
use crate::util::date;

use super::super::stage::StageId;
use super::super::{HitDrop, Judge};

/// Sets aside the hits of camps whose pack does not apply on `created_at`'s day, and returns
/// the indices of those packs.
pub(in crate::judge) fn run(
    judge: &Judge<'_>,
    created_at: Option<&str>,
    hits: &[Hit],
    live: &mut Vec<usize>,
    dropped: &mut Option<Vec<HitDrop>>,
) -> Vec<u16> {
    let Some(day) = created_at.and_then(date::day) else {
        return Vec::new();
    };
    let closed: Vec<u16> = judge
        .windows
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.applies(&day))
        .map(|(i, _)| i as u16)
        .collect();
    if closed.is_empty() {
        return closed;
    }
    live.retain(|&i| {
        let t = &judge.terms[hits[i].term as usize];
        // A party outlives one election: its name and ballot number are read on any date.
        let camp = t
            .entity
            .is_some_and(|e| judge.entities[e as usize].kind != crate::lexicon::EntityKind::Party);
        let out = camp && closed.contains(&t.pack);
        if out {
            HitDrop::record(
                dropped,
                StageId::Window,
                i,
                "its pack does not apply on the activity's date",
            );
        }
        !out
    });
    closed
}
