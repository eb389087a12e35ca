//! **balance**: content that argues for several camps evenly.
//!
//! What it does: a text that names all three pairs clearly, or argues for two or more pairs
//! about as strongly as for the most argued one (polls, news of the draw, "bapak #01, anak
//! #03"), is even-handed: the **register** stage damps its score.
//!
//! Why: reporting what every camp says is not campaigning for one.
//!
//! Known limits: attacks and invitations are never even-handed, nor is any cue other than
//! campaign speech and hand signs; the author's own choice said in the first person is not
//! either (see **concession** and **register**). Strength is compared per pair, so a text that
//! supports one pair with two findings and another with one reads as uneven.

use crate::lexicon::{EntityKind, Stance};
use crate::rule::Rule;

use super::super::finding::Finding;
use super::super::sheet::{Ref, Sheet};
use super::super::stage::StageId;
use super::super::weights::EVEN_RATIO;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    s.balanced = even_handed(s, &s.refs, &s.out.findings);
    if s.balanced {
        s.note(StageId::Balance, |_| {
            "even-handed between camps, as news and polls are".to_string()
        });
    }
}

/// Whether `findings` over `refs` are even-handed.
pub(in crate::judge) fn even_handed(s: &Sheet<'_>, refs: &[Ref], findings: &[Finding]) -> bool {
    // Pointed words are never even-handed; checked first, as the cheapest test.
    let pointed = refs.iter().any(|r| s.term(r.hit).stance == Stance::Attack)
        || findings.iter().any(|f| {
            f.attack
                || f.rules
                    .iter()
                    .any(|r| !matches!(r, Rule::KampanyeMedsos | Rule::FotoSimbolAtribut))
        });
    if pointed {
        return false;
    }
    let is_pair = |e: u32| s.judge.entities[e as usize].kind == EntityKind::Pair;
    // Pairs named clearly, each counted where it is first named.
    let named = refs
        .iter()
        .enumerate()
        .filter(|&(i, r)| {
            !r.weak
                && is_pair(r.entity)
                && !refs[..i].iter().any(|o| !o.weak && o.entity == r.entity)
        })
        .count();
    if named >= 3 {
        return true;
    }
    // Pairs argued about about as strongly as the most argued one: a slogan for one pair beside
    // a passing word about another is not even-handed. Each pair is taken where it first
    // appears in the findings.
    let argued_pairs = || {
        findings.iter().enumerate().flat_map(move |(i, f)| {
            f.entities
                .iter()
                .enumerate()
                .filter(move |&(k, &e)| {
                    is_pair(e)
                        && !f.entities[..k].contains(&e)
                        && !findings[..i].iter().any(|g| g.entities.contains(&e))
                })
                .map(|(_, &e)| e)
        })
    };
    let strength = |pair: u32| {
        super::super::combine::noisy_or(findings.iter().filter(|f| f.entities.contains(&pair)))
    };
    let top = argued_pairs().map(strength).fold(0.0, f32::max);
    argued_pairs()
        .filter(|&pair| strength(pair) >= EVEN_RATIO * top)
        .nth(1)
        .is_some()
}
