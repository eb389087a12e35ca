//! **references**: sorts the hits of a field into references to camps, cues, and context.
//!
//! What it does: a hit whose term names a camp (name, nickname, acronym, number, symbol,
//! account, team, hashtag, slogan, gesture) becomes a reference; support, attack, invite and
//! activity terms become cues; a neutral phrase marks the text as possibly neutral; a
//! first-person word marks it as the author's own voice, unless it stands in quoted speech
//! (between quotes, or after a speaker's colon: "Prabowo: saya akan ...").
//!
//! Why: every later stage reads these lists rather than the raw hits.
//!
//! A reference is weak when it needs confirming context: a term marked `ambiguous` (an
//! everyday word or sign such as "abah" or ✌), a ballot number, or a mention of an account.
//!
//! Known limits: a term is one thing; a word that is both a name and an everyday word is
//! told apart only by the pack's `ambiguous` mark and the context the later stages read.

use crate::lexicon::Category;

use super::super::sheet::{Ref, Sheet};
use super::super::stage::StageId;
use super::super::text;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for i in 0..s.hits.len() {
        let t = s.compiled(i);
        match t.term.category {
            Category::Support | Category::Attack | Category::Invite | Category::Activity => {
                s.cues.push(i);
            }
            Category::Evaluation => s.evaluations.push(i),
            Category::Neutral => s.neutral_words = true,
            // A first-person word in quoted speech is the speaker's.
            Category::SelfRef => s.first_person |= !text::quoted(s.text, s.span(i)),
            Category::Exempt => {}
            c => {
                if let Some(entity) = t.entity {
                    let weak =
                        t.term.ambiguous || matches!(c, Category::Number | Category::Account);
                    s.refs.push(Ref {
                        hit: i,
                        entity,
                        weak,
                    });
                    s.note(StageId::References, |s| {
                        let how = if weak { "may refer" } else { "refers" };
                        format!("`{}` ({c}) {how} to {}", s.words(i), s.camp(entity))
                    });
                }
            }
        }
    }
}
