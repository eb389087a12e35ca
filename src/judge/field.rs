//! Judging one field: its stages in order, and long fields in parts.

use crate::scan::Hit;
use crate::span::Span;

use super::camps;
use super::finding::{Reason, ANYWHERE};
use super::sheet::{FieldJudgement, Sheet};
use super::stage::StageId;
use super::stages;
use super::Judge;

/// The most hits judged together; see [`judge_field`].
const PART_HITS: usize = 256;

/// What a field is judged from.
#[derive(Clone, Copy)]
pub(super) struct FieldInput<'a> {
    /// The field's original text.
    pub text: &'a str,
    /// Its live hits, in order of their start.
    pub hits: &'a [&'a Hit],
    /// Its function words, in order of their start.
    pub function: &'a [&'a Hit],
    /// The term of the account whose post a comment answers.
    pub answered: Option<u32>,
    /// Whether the text describes its own author (a followed account), as if in the first
    /// person.
    pub self_described: bool,
    pub tracing: bool,
}

/// Judges the hits of one field.
///
/// The stages compare hits with one another, so a text with thousands of them (a whole document
/// pasted into one field) is judged in parts of at most [`PART_HITS`] hits, cut between hits that
/// do not overlap, each on its own stretch of the text, and the parts' judgements are put
/// together. A post has a few dozen hits at most and is judged whole.
pub(super) fn judge_field(judge: &Judge<'_>, input: FieldInput<'_>) -> FieldJudgement {
    let hits = input.hits;
    if hits.len() <= PART_HITS {
        return judge_part(judge, input);
    }
    let text = input.text;
    let mut whole = FieldJudgement::default();
    let mut done = 0;
    let mut from = 0;
    let mut shifted: Vec<Hit> = Vec::with_capacity(PART_HITS);
    let mut shifted_words: Vec<Hit> = Vec::new();
    while done < hits.len() {
        let rest = &hits[done..];
        let cut = part_end(rest);
        let to = rest.get(cut).map_or(text.len(), |h| h.span.start);
        let part_hits = &rest[..cut];
        let words: Vec<&Hit> = input
            .function
            .iter()
            .copied()
            .filter(|w| from <= w.span.start && w.span.end <= to)
            .collect();
        let own_stretch = text.is_char_boundary(from)
            && text.is_char_boundary(to)
            && part_hits
                .iter()
                .all(|h| from <= h.span.start && h.span.end <= to);
        let mut part = if own_stretch {
            let shift = |h: &Hit| Hit {
                span: Span {
                    start: h.span.start - from,
                    end: h.span.end - from,
                },
                ..h.clone()
            };
            shifted.clear();
            shifted.extend(part_hits.iter().map(|h| shift(h)));
            shifted_words.clear();
            shifted_words.extend(words.iter().map(|h| shift(h)));
            let refs: Vec<&Hit> = shifted.iter().collect();
            let word_refs: Vec<&Hit> = shifted_words.iter().collect();
            let part = judge_part(
                judge,
                FieldInput {
                    text: &text[from..to],
                    hits: &refs,
                    function: &word_refs,
                    ..input
                },
            );
            shift_part(part, from)
        } else {
            judge_part(
                judge,
                FieldInput {
                    hits: part_hits,
                    function: &words,
                    ..input
                },
            )
        };
        for f in part.findings.iter_mut().chain(&mut part.set_aside) {
            f.rows = f.rows.offset(done);
        }
        for d in &mut part.dropped {
            d.hit += done;
        }
        for (hit, _) in &mut part.resolved {
            *hit += done;
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
fn shift_part(mut part: FieldJudgement, from: usize) -> FieldJudgement {
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

/// Runs the field's stages, in order, and scores its camps.
fn judge_part(judge: &Judge<'_>, input: FieldInput<'_>) -> FieldJudgement {
    if input.hits.is_empty() {
        return FieldJudgement::default();
    }
    let mut s = Sheet::new(
        judge,
        input.text,
        input.hits,
        input.function,
        input.answered,
        input.self_described,
        input.tracing,
    );
    for (_, run) in FIELD_STAGES {
        run(&mut s);
    }
    camps::note_unscored(&mut s);
    s.out.camps = camps::collect(&s);
    let more = resolved(&s);
    s.out.resolved.extend(more);
    s.out
}

/// The hits whose references went to camps other than their term's own: to one camp, or,
/// when they stay ambiguous between several, to none in particular.
fn resolved(s: &Sheet<'_>) -> Vec<(usize, Option<u32>)> {
    let own = |hit: usize| s.judge.terms[s.hits[hit].term as usize].entity;
    let mut out: Vec<(usize, Option<u32>)> = Vec::new();
    for r in &s.refs {
        let Some(term) = own(r.hit) else { continue };
        if out.iter().chain(&s.out.resolved).any(|&(h, _)| h == r.hit) {
            continue;
        }
        let mut to = s.refs.iter().filter(|o| o.hit == r.hit).map(|o| o.entity);
        if to.clone().any(|e| e == term) {
            continue;
        }
        out.push((r.hit, to.all(|e| e == r.entity).then_some(r.entity)));
    }
    out
}

/// A stage that reads one field.
type FieldStage = fn(&mut Sheet<'_>);

/// The stages that read one field, in the order they run.
pub(super) const FIELD_STAGES: [(StageId, FieldStage); 16] = [
    (StageId::References, stages::references::run),
    (StageId::Numbers, stages::numbers::run),
    (StageId::Races, stages::races::run),
    (StageId::Reversed, stages::reversed::run),
    (StageId::Addressee, stages::addressee::run),
    (StageId::Confirm, stages::confirm::run),
    (StageId::Markers, stages::markers::run),
    (StageId::NameTags, stages::name_tags::run),
    (StageId::Refusal, stages::refusal::run),
    (StageId::Stance, stages::stance::run),
    (StageId::Gestures, stages::gestures::run),
    (StageId::Evaluation, stages::evaluation::run),
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
