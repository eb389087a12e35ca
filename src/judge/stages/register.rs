//! **register**: what kind of talk the field is, for damping and for the activity's stages.
//!
//! What it does: a field with a neutral-context phrase (neutrality socialisation, news of the
//! number draw, quick counts, debate schedules) is a neutral context, and a field the
//! **balance** stage found even-handed is damped harder; but the author's own choice said in the
//! first person is never either ("Pemilu damai, saya dukung Prabowo-Gibran" is not someone
//! else's). It also records whether the field has any support or invitation cue and any clear
//! cue (what a comment's approval of campaign content rests on), and whether it speaks of the
//! election in clear words at all.
//!
//! Why: the same words report in news and campaign in a post; the register decides which.
//!
//! Known limits: the neutral phrases are a closed list; news written without them (a headline
//! and a link) reads as the author's own words.

use crate::lexicon::Category;

use super::super::feature::{Feature, Features};
use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    // Support or appeal words approve of what a comment answers; a cue that needs its object
    // after it ("di tangan") says nothing without it.
    for &c in &s.cues {
        let t = s.term(c);
        if t.category != Category::Activity && !t.object {
            s.out.any_support |= t.category != Category::Attack;
            s.out.strong_cue |= !t.ambiguous;
        }
    }
    let own = s.out.findings.iter().any(|f| f.own);
    s.out.balanced = s.balanced && !own;
    s.out.neutral = s.neutral_words && !own;
    if own && (s.balanced || s.neutral_words) {
        s.note(StageId::Register, |_| {
            "the author's own choice, said in the first person: not damped".to_string()
        });
    } else if s.out.neutral && !s.out.balanced {
        s.note(StageId::Register, |_| {
            "a neutral context (news, socialisation, quick counts)".to_string()
        });
    }
    s.out.election_talk = s.refs.iter().any(|r| !r.weak)
        || s.cues
            .iter()
            .any(|&c| s.cat(c) == Category::Activity || !s.term(c).ambiguous);
    // Only camps something was found about are scored: without a finding the register is not
    // read, which saves reading most texts twice.
    if s.out.findings.iter().any(|f| f.feature.is_some()) {
        s.out.register = register(s);
    }
}

/// The register features every camp of the field shares.
fn register(s: &Sheet<'_>) -> Features {
    let words = |category: Category| {
        s.function
            .iter()
            .filter(|w| s.judge.terms[w.term as usize].term.category == category)
            .count() as f32
    };
    let flag = |b: bool| f32::from(u8::from(b));
    let mut x = Features::default();
    x.set(Feature::Neutral, flag(s.out.neutral));
    x.set(Feature::Balanced, flag(s.out.balanced));
    // News: a link with a headline, a source or a teaser around it.
    let link = text::has_link(s.text);
    let headline = text::headline_case(s.text);
    let reported = words(Category::Reporting) + flag(text::headline_quote(s.text));
    let news = link && (headline >= 0.5 || reported > 0.0 || words(Category::News) > 0.0);
    x.set(Feature::News, flag(news));
    x.set(Feature::Link, flag(link));
    x.set(Feature::Headline, headline);
    // Asking: a question word that opens a sentence ("Apakah ASN boleh ...?") asks; a question
    // mark alone may as well be rhetorical ("Lumbung pangan jadi apa wo?").
    let asks = s.function.iter().any(|w| {
        s.judge.terms[w.term as usize].term.category == Category::Question
            && text::opens_clause(s.text, w.span)
    });
    let asks = asks || text::opens_with_kah(s.text, 0);
    let question = if asks {
        1.0
    } else if s.text.contains('?') {
        0.5
    } else {
        0.0
    };
    x.set(Feature::Question, question);
    x.set(Feature::Reported, reported);
    x.set(Feature::FirstPerson, flag(s.first_person));
    x
}
