//! Judging one field: its stages in order, and long fields in parts.

use crate::scan::Hit;
use crate::span::Span;

use super::finding::{Reason, ANYWHERE};
use super::sheet::{FieldJudgement, Sheet};
use super::stage::StageId;
use super::stages;
use super::Judge;

/// The most hits judged together; see [`judge_field`].
const PART_HITS: usize = 256;

/// Judges the hits of one field; `text` is the field's original text, `answered` the term of the
/// account whose post a comment answers, `self_described` whether the text describes its own
/// author (a followed account), as if in the first person.
///
/// The stages compare hits with one another, so a text with thousands of them (a whole document
/// pasted into one field) is judged in parts of at most [`PART_HITS`] hits, cut between hits that
/// do not overlap, each on its own stretch of the text, and the parts' judgements are put
/// together. A post has a few dozen hits at most and is judged whole.
pub(super) fn judge_field(
    judge: &Judge<'_>,
    text: &str,
    hits: &[&Hit],
    answered: Option<u32>,
    self_described: bool,
    tracing: bool,
) -> FieldJudgement {
    if hits.len() <= PART_HITS {
        return judge_part(judge, text, hits, answered, self_described, tracing);
    }
    let mut whole = FieldJudgement::default();
    let mut done = 0;
    let mut from = 0;
    let mut shifted: Vec<Hit> = Vec::with_capacity(PART_HITS);
    while done < hits.len() {
        let rest = &hits[done..];
        let cut = part_end(rest);
        let to = rest.get(cut).map_or(text.len(), |h| h.span.start);
        let part_hits = &rest[..cut];
        let own_stretch = text.is_char_boundary(from)
            && text.is_char_boundary(to)
            && part_hits
                .iter()
                .all(|h| from <= h.span.start && h.span.end <= to);
        let mut part = if own_stretch {
            shifted.clear();
            shifted.extend(part_hits.iter().map(|&h| Hit {
                span: Span {
                    start: h.span.start - from,
                    end: h.span.end - from,
                },
                ..h.clone()
            }));
            let refs: Vec<&Hit> = shifted.iter().collect();
            let part = judge_part(
                judge,
                &text[from..to],
                &refs,
                answered,
                self_described,
                tracing,
            );
            shift(part, from)
        } else {
            judge_part(judge, text, part_hits, answered, self_described, tracing)
        };
        for f in part.findings.iter_mut().chain(&mut part.set_aside) {
            f.rows = f.rows.offset(done);
        }
        for d in &mut part.dropped {
            d.hit += done;
        }
        whole.absorb(part);
        from = to;
        done += cut;
    }
    whole.named.sort_unstable();
    whole.named.dedup();
    whole
}

/// A part's judgement, its byte offsets moved from its stretch of the text to the whole text.
fn shift(mut part: FieldJudgement, from: usize) -> FieldJudgement {
    for f in part.findings.iter_mut().chain(&mut part.set_aside) {
        if f.span != ANYWHERE {
            f.span = f.span.start + from..f.span.end + from;
        }
        if let Reason::NameTag { tag, .. } = &mut f.reason {
            *tag = tag.start + from..tag.end + from;
        }
    }
    part
}

/// Runs the field's stages, in order.
fn judge_part(
    judge: &Judge<'_>,
    text: &str,
    hits: &[&Hit],
    answered: Option<u32>,
    self_described: bool,
    tracing: bool,
) -> FieldJudgement {
    if hits.is_empty() {
        return FieldJudgement::default();
    }
    let mut s = Sheet::new(judge, text, hits, answered, self_described, tracing);
    for (_, run) in FIELD_STAGES {
        run(&mut s);
    }
    s.out
}

/// A stage that reads one field.
type FieldStage = fn(&mut Sheet<'_>);

/// The stages that read one field, in the order they run.
pub(super) const FIELD_STAGES: [(StageId, FieldStage); 13] = [
    (StageId::References, stages::references::run),
    (StageId::Numbers, stages::numbers::run),
    (StageId::Reversed, stages::reversed::run),
    (StageId::Addressee, stages::addressee::run),
    (StageId::Confirm, stages::confirm::run),
    (StageId::Markers, stages::markers::run),
    (StageId::NameTags, stages::name_tags::run),
    (StageId::Stance, stages::stance::run),
    (StageId::Gestures, stages::gestures::run),
    (StageId::Balance, stages::balance::run),
    (StageId::Concession, stages::concession::run),
    (StageId::Attribution, stages::attribution::run),
    (StageId::Register, stages::register::run),
];

/// How many of `hits` (a field's, in order of their start) make the next part of a long field:
/// all of them when they fit in one; otherwise the last place, at most [`PART_HITS`] in, where
/// no hit before it reaches past the next one's start, or, failing that, the first such place
/// after.
fn part_end(hits: &[&Hit]) -> usize {
    let mut cut = hits.len();
    if hits.len() <= PART_HITS {
        return cut;
    }
    let mut reach = 0;
    for k in 1..hits.len() {
        reach = reach.max(hits[k - 1].norm.end);
        if reach <= hits[k].norm.start {
            cut = k;
        }
        if k >= PART_HITS && cut < hits.len() {
            break;
        }
    }
    cut
}
