//! **evaluation**: praise, derision, insult, fitness for office, victory and defeat in ordinary
//! words, each said of a camp.
//!
//! What it does: every evaluative word of the packs ("tegas", "omdo", "pasti kalah") counts
//! toward its class, as strongly as the pack says (1 to 3), half again with an intensifier next
//! to it ("tegas banget", "sangat jujur"), half as much with a downtoner ("lumayan bagus"). A
//! negator up to three words before it, in its clause, turns it over: "tidak tegas" derides, "gak
//! layak" finds unfit, "gak bakal menang" predicts defeat, "bukan pembohong" is mild praise.
//! The word is said of its subject, the camp named before it in its sentence; failing that, of
//! the nearest camp in its sentence or a few words away; failing that, in the first sentence of
//! a reply to one camp's accounts, of that camp; failing that, of the one camp the whole text
//! speaks of or to (counting half); failing that, in a comment on one camp's own post, of that
//! camp.
//!
//! Why: people praise and deride candidates in everyday words far more often than they write
//! "dukung" or "tolak"; those words are what their stance is made of.
//!
//! An evaluative word right after a plain word (not a camp, a function word, or a linker:
//! "itu", "yang", "pemimpin", ...) may describe that word, and counts as a feature of its own,
//! whatever its class: "jalan rusak" is the road, not the candidate who visits it, while
//! "ngomong ngawur" is still said of the speaker.
//!
//! Known limits: sarcasm reads as what it says ("pinter banget ya" for a blunder); a word said of
//! someone else in the sentence (a journalist, a rival's supporter) is given to the nearest camp;
//! an evaluation of a programme is given to the camp named with it.

use crate::lexicon::{Category, Class};
use crate::rule::Rule;

use super::super::aim::aim;
use super::super::feature::Feature;
use super::super::finding::{alternatives_first, Finding, Link, Reason, Rows, ANYWHERE};
use super::super::sheet::{Scope, Sheet};
use super::super::stage::StageId;

const ID: StageId = StageId::Evaluation;

/// What an evaluative word counts for the text's one camp when it stands in another sentence.
const TOPIC: f32 = 0.5;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    for k in 0..s.evaluations.len() {
        let e = s.evaluations[k];
        let t = s.term(e);
        let Some(written) = t.class else { continue };
        let (class, negated, mut value) = weigh(s, e, written);

        let aimed = aim(s, e, true);
        let target = aimed.target.filter(|(r, link)| {
            *link != Link::Near || s.same_sentence(r.hit, e) || s.within(r.hit, e, Scope::Phrase)
        });
        let (entity, rows, span, link, reference) = match target {
            Some((r, link)) => {
                let (a, b) = (s.span(e), s.span(r.hit));
                let span = a.start.min(b.start)..a.end.max(b.end);
                (
                    r.entity,
                    Rows::two(e, r.hit),
                    span,
                    link,
                    s.hits[r.hit].term,
                )
            }
            None => match (s.topic, s.commented) {
                (Some(t), _) => {
                    value *= TOPIC;
                    let term = s.hits[t.hit].term;
                    (t.entity, Rows::two(e, t.hit), ANYWHERE, Link::Topic, term)
                }
                (None, Some((account, entity))) => {
                    (entity, Rows::one(e), ANYWHERE, Link::ReplyTo, account)
                }
                (None, None) => {
                    s.drop_hit(ID, e, "no camp it is said of");
                    continue;
                }
            },
        };
        let either = match target {
            Some((r, _)) => s.alternatives(r.hit),
            None => None,
        };
        // A word that may describe the plain word before it counts apart: what it weighs is
        // what the data says such words weigh.
        let describes = modifies(s, e);
        let reason = Reason::Evaluation {
            class,
            negated,
            term: s.hits[e].term,
            link,
            reference,
            entity,
            either: either.is_some(),
            describes,
        };
        let attack = class.stance() == crate::lexicon::Stance::Attack;
        let feature = if describes {
            Feature::Describing
        } else {
            feature(class)
        };
        let mut f = Finding::about(ID, feature, Rule::KampanyeMedsos, entity, attack, reason)
            .at(rows, span);
        f.value = value;
        if let Some(camps) = either {
            f.entities = alternatives_first(entity, &camps);
        }
        s.out.findings.push(f);
    }
}

/// The class of the evaluative word at hit `e`, written as `written`, after a negator up to
/// three words before it; whether one turned it over; and how strongly it counts: as strongly
/// as the pack says (at least 1), half again with an intensifier next to it, half as much with
/// a downtoner before it.
fn weigh(s: &Sheet<'_>, e: usize, written: Class) -> (Class, bool, f32) {
    let negated = function_near(s, e, Category::Negator, 3, 0);
    let class = if negated { written.negated() } else { written };
    let mut value = f32::from(s.term(e).strength.max(1));
    if function_near(s, e, Category::Intensifier, 1, 1) {
        value *= 1.5;
    }
    if function_near(s, e, Category::Downtoner, 1, 0) {
        value *= 0.5;
    }
    (class, negated, value)
}

/// Whether the evaluative word at hit `e` may describe the word before it rather than a camp: a
/// plain word (not a camp, a function word or a linker such as "itu", "yang", "pemimpin") right
/// before it, as in "jalan rusak" (the road is broken).
fn modifies(s: &Sheet<'_>, e: usize) -> bool {
    let Some((start, word)) = super::super::text::word_before(s.text, s.span(e)) else {
        return false;
    };
    let end = start + word.len();
    let covered = |h: &crate::scan::Hit| h.span.start <= start && end <= h.span.end;
    if s.hits.iter().any(|h| covered(h))
        || s.function.iter().any(|h| covered(h))
        || word.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    !s.judge.reader.is_linker(word)
}

/// The feature of a class.
fn feature(class: Class) -> Feature {
    match class {
        Class::Praise => Feature::Praise,
        Class::Fitness => Feature::Fitness,
        Class::Victory => Feature::Victory,
        Class::Derision => Feature::Derision,
        Class::Insult => Feature::Insult,
        Class::Unfit => Feature::Unfit,
        Class::Defeat => Feature::Defeat,
    }
}

/// Whether a function word of `category` stands up to `before` tokens before hit `h` or up to
/// `after` tokens after it, in its clause.
fn function_near(s: &Sheet<'_>, h: usize, category: Category, before: u32, after: u32) -> bool {
    let at = s.hits[h];
    s.function.iter().any(|w| {
        s.judge.terms[w.term as usize].term.category == category
            && if w.last_token < at.first_token {
                at.first_token - w.last_token <= before
            } else if w.first_token > at.last_token {
                w.first_token - at.last_token <= after
            } else {
                false
            }
            && super::super::text::same_clause(s.text, w.span, at.span)
    })
}
