//! **name-tags**: hashtags built on a camp's name with words of their own.
//!
//! What it does: a hashtag whose words include a candidate's or party's name and words of its
//! own (`#PrabowoJuara`, `#MendingAnies`, `#GanjarPresiden2024`, `#TolakGibran`) is a campaign
//! tag even when the pack does not list it; one per camp.
//!
//! Why: campaigns coin new tags every week; the pack cannot list them all.
//!
//! Known limits: the bare name (`#PrabowoSubianto`) is not a campaign tag, nor a tag the pack
//! already lists (the **markers** stage reads those); a news tag built on a name with a neutral
//! word (`#DebatGibran`) counts too, and is only damped if the text reads as news.

use crate::lexicon::Category;
use crate::rule::Rule;

use super::super::finding::{Finding, Reason, Rows};
use super::super::sheet::Sheet;
use super::super::stage::StageId;
use super::super::text::hashtag_around;
use super::super::weights::SOFT_MARKER_NEAR;

const ID: StageId = StageId::NameTags;

pub(in crate::judge) fn run(s: &mut Sheet<'_>) {
    // Without a `#` in the text there is no hashtag to look at.
    if memchr::memchr(b'#', s.text.as_bytes()).is_none() {
        return;
    }
    let mut tagged: Vec<u32> = Vec::new();
    for k in 0..s.refs.len() {
        let r = s.refs[k];
        let named = !r.weak
            && matches!(
                s.cat(r.hit),
                Category::Name | Category::Nickname | Category::Acronym
            );
        if !named || tagged.contains(&r.entity) {
            continue;
        }
        let Some(tag) = hashtag_around(s.text, s.span(r.hit).range()) else {
            continue;
        };
        let spans: Vec<std::ops::Range<usize>> = s
            .refs
            .iter()
            .map(|o| s.span(o.hit).range())
            .filter(|o| tag.start <= o.start && o.end <= tag.end)
            .collect();
        let own_words = s.text[tag.clone()].char_indices().any(|(i, c)| {
            c.is_alphanumeric() && !spans.iter().any(|o| o.contains(&(tag.start + i)))
        });
        let listed = s.refs.iter().any(|o| {
            s.cat(o.hit) == Category::Hashtag && {
                let o = s.span(o.hit).range();
                o.start < tag.end && tag.start < o.end
            }
        });
        if own_words && !listed {
            tagged.push(r.entity);
            let reason = Reason::NameTag {
                tag,
                term: s.hits[r.hit].term,
                entity: r.entity,
            };
            let f = Finding::about(
                ID,
                SOFT_MARKER_NEAR,
                Rule::KampanyeMedsos,
                r.entity,
                false,
                reason,
            );
            let span = s.span(r.hit).range();
            s.out.findings.push(f.at(Rows::one(r.hit), span));
        }
    }
}
