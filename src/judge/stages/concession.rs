//! **concession**: a text that grants something to some camps, then turns to a stance for one
//! other.
//!
//! What it does: "Program Ganjar-Mahfud memang bagus, tapi kami yakin Prabowo-Gibran lebih
//! tepat", "Meski program Ganjar-Mahfud bagus, kami yakin Prabowo-Gibran ...": the stance after
//! the turn is the author's, and the findings and references before it are set aside as what is
//! granted, not argued. A turn is a contrastive word ("tapi", "namun") or the comma closing a
//! granting clause ("meski ..., "); the last turn that every finding stands wholly before or
//! after counts, with findings after it about one camp only and a support, attack or appeal
//! word after it.
//!
//! In a text that would otherwise read as even-handed, the findings before the turn are what it
//! grants. In any other, the turn counts only with no finding before it, other camps named
//! clearly there, and a first-person word after it: the camps before are the comparison the
//! author's stance is set against ("Ganjar-Mahfud mungkin menawarkan program nasional, tapi kami
//! percaya Prabowo-Gibran ..."), not camps the text argues about.
//!
//! Why: comparisons are how people argue for their camp; without this the text reads as
//! even-handed and is damped.
//!
//! Known limits: a hashtag after "tapi" may only be quoted, so the turn asks for a cue word; a
//! turn inside one argument ("Anies ... tp tdk bisa kerja") is told from a comparison only by the
//! first person.

use std::ops::Range;

use crate::lexicon::Category;

use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text::turns;
use super::balance::even_handed;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    let Some(turn) = turn(s) else {
        return;
    };
    if s.tracing {
        let before: Vec<usize> = (0..s.refs.len())
            .filter(|&k| s.span(s.refs[k].hit).start < turn)
            .map(|k| s.refs[k].hit)
            .collect();
        for hit in before {
            s.drop_hit(
                StageId::Concession,
                hit,
                "granted before a turn to the author's stance",
            );
        }
    }
    s.note(StageId::Concession, |s| {
        format!(
            "turns at byte {turn} (`{}`) to the author's own stance: what comes before is granted",
            s.text
                .get(..turn)
                .unwrap_or("")
                .split_whitespace()
                .last()
                .unwrap_or("")
        )
    });
    if s.tracing {
        let granted = s
            .out
            .findings
            .iter()
            .filter(|f| f.span.start < turn)
            .cloned();
        s.out.set_aside.extend(granted.collect::<Vec<_>>());
    }
    s.out.findings.retain(|f| f.span.start >= turn);
    let hits = s.hits;
    s.refs.retain(|r| hits[r.hit].span.start >= turn);
    s.balanced = even_handed(s, &s.refs, &s.out.findings);
}

/// Where the author's own stance starts: the end of the turn, when the text has one.
fn turn(s: &Sheet<'_>) -> Option<usize> {
    if s.out.findings.is_empty() {
        return None;
    }
    // Every turn asks for a stance word after it, and, in a text that is not even-handed, a
    // first-person word after it: without any in the text there is none.
    if !(s.balanced || s.any(&[Category::SelfRef]))
        || !s.any(&[Category::Support, Category::Attack, Category::Invite])
    {
        return None;
    }
    let language = s.judge.language;
    turns(s.text, &language.turns, &language.granting)
        .into_iter()
        .rev()
        .find_map(|turn| grants(s, &turn).then_some(turn.end))
}

/// Whether the text grants before `turn` and argues for one camp after it.
fn grants(s: &Sheet<'_>, turn: &Range<usize>) -> bool {
    let mut camp = None;
    let mut granted = Vec::new();
    for f in &s.out.findings {
        if f.span.start >= turn.end {
            let [e] = f.entities[..] else {
                return false;
            };
            if camp.is_some_and(|c| c != e) {
                return false;
            }
            camp = Some(e);
        } else if f.span.end <= turn.start {
            granted.extend(&f.entities);
        } else {
            return false;
        }
    }
    let Some(camp) = camp else {
        return false;
    };
    let after = |cats: &[Category]| {
        (0..s.hits.len()).any(|h| s.span(h).start >= turn.end && cats.contains(&s.cat(h)))
    };
    if !after(&[Category::Support, Category::Attack, Category::Invite]) {
        return false;
    }
    if s.balanced {
        return !granted.is_empty() && !granted.contains(&camp);
    }
    // Without a finding before the turn, the author's voice after it ("kami yakin", "pilihan
    // kami") tells a comparison from a turn inside one argument.
    let mut before = s
        .refs
        .iter()
        .filter(|r| s.span(r.hit).start < turn.start)
        .peekable();
    granted.is_empty()
        && after(&[Category::SelfRef])
        && before.peek().is_some()
        && before.all(|r| !r.weak && r.entity != camp)
}
