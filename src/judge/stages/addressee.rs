//! **addressee**: finds who the author speaks to.
//!
//! What it does: in the author's own text, the handles a reply opens with ("@prabowo
//! @gibran_tweet nggak berani adu gagasan") are read; when all the camp accounts among them are
//! one camp's, that camp is the addressee. In a comment on (or quote of) one camp's own post
//! about the election, that camp is the one answered, unless the comment refers to another camp,
//! even weakly ("panik 01"): then that may be what it is about.
//!
//! Why: a predicate said in such a reply, with no camp named around it, is said of the camp
//! spoken to (see the **stance** stage).
//!
//! Known limits: handles of private accounts are not camps; a reply that opens with several
//! camps' accounts has no addressee.

use crate::lexicon::Category;
use crate::verdict::Field;

use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text::address_end;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    // Without any handle of a camp's account in the text, there is no such camp and no opening
    // to read.
    let has_account = s.refs.iter().any(|r| s.cat(r.hit) == Category::Account);
    s.opening = match s.hits[0].field {
        Field::Text if has_account => address_end(s.text),
        _ => 0,
    };
    let mut addressed = s
        .refs
        .iter()
        .filter(|r| s.cat(r.hit) == Category::Account && s.span(r.hit).end <= s.opening);
    s.addressee = addressed
        .next()
        .copied()
        .filter(|a| addressed.all(|o| o.entity == a.entity));
    s.commented = s.answered.and_then(|term| {
        let e = s.judge.terms[term as usize].entity?;
        s.refs.iter().all(|o| o.entity == e).then_some((term, e))
    });
    if let Some(a) = s.addressee {
        s.note(StageId::Addressee, |s| {
            format!("a reply to the accounts of {}", s.camp(a.entity))
        });
    }
    if let Some((_, e)) = s.commented {
        s.note(StageId::Addressee, |s| {
            format!("a comment answering a post of {}", s.camp(e))
        });
    }
}
