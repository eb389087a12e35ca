//! **attribution**: which camps a flagged text is about.
//!
//! What it does: a text with findings is about every camp it names clearly, and every camp
//! whose handle stands inside a sentence as a name would ("pendukung @ganjarpranowo yg sudah
//! sadar"), not only the one a cue sat next to ("PAN bersama Prabowo-Gibran"). But a party
//! named only as the carrier of a pair the text argues about ("Ganjar, capres dari PDIP, figur
//! yang tepat") is context, and so is the rival in a pure attack ("Anies cuma bisa ngejar
//! Prabowo-Gibran").
//!
//! Why: a reviewer needs every camp the post speaks for; a wrong camp attributes a stance the
//! author never took.
//!
//! Known limits: a post that states the author's choice and also reports other people's
//! ("Bapak pilih Prabowo, ibu pilih Anies, saya pilih Ganjar") names every camp it mentions.

use crate::lexicon::{Category, EntityKind};

use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text::mention_in_sentence;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    if s.out.findings.is_empty() {
        return;
    }
    let argued: Vec<u32> = s
        .out
        .findings
        .iter()
        .flat_map(|f| f.entities.iter().copied())
        .collect();
    let only_attacks = s.out.findings.iter().all(|f| f.attack);
    let clear: Vec<u32> = s
        .refs
        .iter()
        .filter(|r| !r.weak)
        .map(|r| r.entity)
        .collect();
    // A camp named clearly is in already; only other camps' mentions are read.
    let mentioned = s
        .refs
        .iter()
        .filter(|r| {
            s.cat(r.hit) == Category::Account
                && !clear.contains(&r.entity)
                && mention_in_sentence(s.text, s.span(r.hit))
        })
        .map(|r| r.entity);
    let mut named: Vec<u32> = clear
        .iter()
        .copied()
        .chain(mentioned)
        .filter(|&e| argued.contains(&e) || !(only_attacks || carried(s, e, &argued)))
        .collect();
    named.sort_unstable();
    named.dedup();
    s.note(StageId::Attribution, |s| {
        if named.is_empty() {
            return "names no camp clearly: about the camps of its findings only".to_string();
        }
        let ids: Vec<&str> = named.iter().map(|&e| s.camp(e)).collect();
        format!("about the camps it names clearly: {}", ids.join(", "))
    });
    s.out.named = named;
}

/// Whether `party` backs one of the `argued` pairs.
fn carried(s: &Sheet<'_>, party: u32, argued: &[u32]) -> bool {
    let entities = s.judge.entities;
    let p = &entities[party as usize];
    p.kind == EntityKind::Party
        && argued.iter().any(|&a| {
            let pair = &entities[a as usize];
            pair.kind == EntityKind::Pair && pair.parties.contains(&p.id)
        })
}
