//! **markers**: campaign hashtags and slogans.
//!
//! What it does: a campaign hashtag or slogan not marked ambiguous ("#PrabowoGibran2024",
//! "Indonesia Adil Makmur untuk Semua") is campaign speech on its own. A generic one (marked
//! ambiguous: "perubahan", "lanjutkan") counts when its camp is confirmed elsewhere in the text,
//! more right next to the camp ("02 lanjutkan", "AMIN aja dulu") than further away; a camp's
//! attack jargon with an everyday reading ("asam sulfat", "belimbing sayur") counts when the text
//! is addressed to that camp's own account, as if next to it.
//!
//! Why: hashtags and slogans are how campaigns speak; the generic ones are everyday words too.
//!
//! Known limits: a slogan is said in one breath, so punctuation inside the matched words
//! ("kata Ganjar, presiden harus netral" is not "Ganjar presiden") breaks it; a slogan quoted
//! to mock it still counts as the camp's slogan.

use crate::lexicon::{Category, Stance};
use crate::rule::Rule;

use super::super::finding::{Finding, Reason, Rows, ANYWHERE};
use super::super::sheet::{Ref, Scope, Sheet};
use super::super::stage::StageId;
use super::super::text::broken_phrase;
use super::super::weights::{MARKER, SOFT_MARKER, SOFT_MARKER_NEAR};

const ID: StageId = StageId::Markers;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        let t = s.term(r.hit);
        if !matches!(t.category, Category::Hashtag | Category::Slogan) {
            continue;
        }
        if broken_phrase(s.text, s.span(r.hit)) {
            s.drop_hit(ID, r.hit, "punctuation inside the slogan's words");
            continue;
        }
        let attack = t.stance == Stance::Attack;
        let term = s.hits[r.hit].term;
        if !r.weak {
            let reason = Reason::Marker {
                term,
                entity: r.entity,
                attack,
            };
            let f = Finding::about(ID, MARKER, Rule::KampanyeMedsos, r.entity, attack, reason);
            let span = s.span(r.hit).range();
            s.out.findings.push(f.at(Rows::one(r.hit), span));
            continue;
        }
        let jibe = addressed_jibe(s, &r);
        if !(jibe || s.is_confirmed(r.entity)) {
            continue;
        }
        // Jargon said to the camp's own account is as close as it gets.
        let near = jibe
            || s.refs.iter().any(|o| {
                o.hit != r.hit && o.entity == r.entity && s.within(o.hit, r.hit, Scope::Touching)
            });
        let weight = if near { SOFT_MARKER_NEAR } else { SOFT_MARKER };
        let reason = Reason::SoftMarker {
            term,
            entity: r.entity,
        };
        let f = Finding::about(ID, weight, Rule::KampanyeMedsos, r.entity, attack, reason);
        s.out.findings.push(f.at(Rows::one(r.hit), ANYWHERE));
    }
}

/// Whether `r` is a camp's attack jargon in a text addressed to that camp's own account: said
/// to the camp, it mocks the camp rather than speaking of chemistry, fruit or law.
fn addressed_jibe(s: &Sheet<'_>, r: &Ref) -> bool {
    let t = s.term(r.hit);
    t.stance == Stance::Attack
        && matches!(t.category, Category::Slogan | Category::Hashtag)
        && s.refs
            .iter()
            .any(|o| o.entity == r.entity && s.cat(o.hit) == Category::Account)
}
