//! **enclitic**: which terms stay themselves with an enclitic written onto them.
//!
//! What it does: the scanner reports a term found with an Indonesian enclitic on its last word
//! ("prabowonya", "asam sulfatmu", "pilihlah"). A name, nickname, acronym, symbol, team, slogan
//! or evaluative word stays itself with any enclitic ("gibrannya", "pkslah", "kerennya"); a support, attack or
//! invitation cue only with the emphatic "-lah" ("pilihlah", "dukunglah"); every other term
//! with none.
//!
//! Why: with a pronoun a cue turns into another word: "pendukungnya" is his supporters,
//! "terpilihnya" the election of, not a call to support or vote.
//!
//! Known limits: a cue that is a cue with a pronoun ("pilihanku") must be listed by the pack as
//! its own term.

use crate::lexicon::Category;
use crate::scan::{CompiledTerm, Found, Hit};

use super::super::stage::StageId;
use super::super::{HitDrop, Judge};

pub(in crate::judge) fn run(
    judge: &Judge<'_>,
    hits: &[Hit],
    live: &mut Vec<usize>,
    dropped: &mut Option<Vec<HitDrop>>,
) {
    live.retain(|&i| {
        let Found::Enclitic(c) = hits[i].found else {
            return true;
        };
        let clitic = judge
            .language
            .enclitics
            .get(c as usize)
            .map_or("", String::as_str);
        let keep = takes(&judge.terms[hits[i].term as usize], clitic);
        if !keep {
            HitDrop::record(
                dropped,
                StageId::Enclitic,
                i,
                "the term does not take this enclitic",
            );
        }
        keep
    });
}

/// Whether a term is still itself with `clitic` written onto it.
fn takes(term: &CompiledTerm, clitic: &str) -> bool {
    match term.term.category {
        Category::Name
        | Category::Nickname
        | Category::Acronym
        | Category::Symbol
        | Category::Team
        | Category::Slogan
        | Category::Evaluation => true,
        Category::Support | Category::Attack | Category::Invite => clitic == "lah",
        _ => false,
    }
}
