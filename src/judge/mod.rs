//! The judge: from the scanner's matches to an explained verdict, as a pipeline of named stages.
//!
//! Each stage has its own file with what it does, why, and what it misses; a stage reads the
//! shared context of its field ([`sheet::Sheet`]) and appends findings, never reaching into
//! another stage's locals. Findings are typed ([`finding::Finding`]): the stage that made them,
//! the hits behind them, their weight and a reason rendered to words only at the edge. With
//! [`Screener::explain`](crate::Screener::explain) the verdict carries a trace: every finding,
//! what each stage set aside and why, and the steps from the weights to the score.
//!
//! Reading order, as the stages run:
//! 1. Over the whole activity, matches that do not count are set aside: **window** (packs that do
//!    not apply on the activity's date), **enclitic** (a cue with a pronoun written onto it is
//!    another word), **tag-words** (a lower-case hashtag stays a tag), **nested** (a name inside
//!    a longer name of its camp), **exempt** (matches inside "ma'ruf amin", "perubahan iklim"),
//!    **ranges** and **counts** (a number that ends a count, counts something or numbers a list
//!    item is no ballot number).
//! 2. Per field: **references** sorts hits into references, cues and context; **numbers** reads
//!    a pair number as a named party's; **races** reads a number or words several races' packs claim;
//!    **reversed** drops cues inside a cue of the other stance
//!    ("tidak memilih"); **addressee** finds who a reply speaks to; **confirm** decides which
//!    weak references (numbers, everyday words, signs, mentions) are really camps.
//! 3. Findings: **markers** (campaign hashtags and slogans), **name-tags** (hashtags built on a
//!    name), **refusal** (a camp refused with a negator before it), **stance** (support, attack,
//!    invitation, own activity, each linked to its camp), **gestures** (partisan hand signs),
//!    **evaluation** (praise, derision, fitness, victory in ordinary words).
//! 4. Adjusting: **balance** (content even-handed between camps), **concession** (a text that
//!    grants, then turns to the author's stance), **attribution** (which camps a flagged text is
//!    about), **register** (neutral contexts, and what the activity's stages read).
//! 5. **interaction** judges the activity by its kind (likes, shares and follows by their target)
//!    and **combine** puts the weights into a score and the verdict.

mod aim;
mod camps;
mod combine;
mod feature;
mod field;
mod finding;
mod interaction;
mod lists;
mod model;
mod sheet;
mod stage;
mod stages;
mod text;
mod voice;

use crate::activity::Activity;
use crate::language::{Language, Reader};
use crate::lexicon::{Category, EntityKind};
use crate::scan::{CompiledTerm, Hit};
use crate::verdict::{Field, Verdict};

pub(crate) use self::stage::StageId;

/// The score at which an activity flags: the model's bias carries the fitted threshold, so that
/// every camp, and every activity, flags at 0.5.
pub(crate) const THRESHOLD: f32 = 0.5;

/// An entity as the judge needs it.
#[derive(Clone, Debug)]
pub(crate) struct EntityInfo {
    pub id: String,
    pub kind: EntityKind,
    pub number: Option<u32>,
    /// For a pair: the ids of the parties that back it.
    pub parties: Vec<String>,
    /// The race it stands in (index into the judge's races).
    pub race: u16,
}

pub(crate) use self::feature::{Feature, Features};
pub(crate) use self::model::{sigmoid, Model, BUNDLED as BUNDLED_MODEL};

/// What the judge reads: the screener's terms, entities, function words and model.
pub(crate) struct Judge<'a> {
    pub terms: &'a [CompiledTerm],
    pub entities: &'a [EntityInfo],
    pub language: &'a Language,
    /// The function words compiled for reading texts.
    pub reader: &'a Reader,
    /// When each pack applies, by the pack's index.
    pub windows: &'a [Window],
    /// The races the camps stand in.
    pub races: &'a [crate::lexicon::Race],
    pub model: &'a Model,
    /// The length of the longest name, in bytes of normalised text.
    pub longest_name: u32,
}

/// When a pack applies: its id and its first and last days (`YYYY-MM-DD`), when it gives them.
#[derive(Clone, Debug)]
pub(crate) struct Window {
    pub pack: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

impl Window {
    pub fn of(meta: &crate::lexicon::PackMeta) -> Window {
        Window {
            pack: meta.id.clone(),
            from: meta.valid_from.clone(),
            until: meta.valid_until.clone(),
        }
    }

    /// Whether the pack applies on `day` (`YYYY-MM-DD`, which orders as text does).
    pub fn applies(&self, day: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= day)
            && self.until.as_deref().is_none_or(|u| day <= u)
    }
}

/// A match set aside by a stage that reads the whole activity, for the trace.
pub(super) struct HitDrop {
    pub stage: StageId,
    /// The hit (index into the activity's hits).
    pub hit: usize,
    pub why: &'static str,
}

impl HitDrop {
    /// Notes in `dropped`, when the verdict is traced, that `stage` set hit `hit` aside.
    fn record(dropped: &mut Option<Vec<HitDrop>>, stage: StageId, hit: usize, why: &'static str) {
        if let Some(d) = dropped {
            d.push(HitDrop { stage, hit, why });
        }
    }
}

impl Judge<'_> {
    /// Sets aside, for `stage`, every live ballot-number match that `why(text, hit)` gives a
    /// reason for (`text`: the hit's field): the shape of the stages that read the words around
    /// a number.
    fn drop_numbers(
        &self,
        stage: StageId,
        activity: &Activity,
        hits: &[Hit],
        live: &mut Vec<usize>,
        dropped: &mut Option<Vec<HitDrop>>,
        why: impl Fn(&str, &Hit) -> Option<&'static str>,
    ) {
        live.retain(|&i| {
            let h = &hits[i];
            if self.terms[h.term as usize].term.category != Category::Number {
                return true;
            }
            let Some(reason) = why(activity.field_text(h.field), h) else {
                return true;
            };
            HitDrop::record(dropped, stage, i, reason);
            false
        });
    }

    /// Judges one activity from its hits (all fields, each field's hits in position order) into
    /// `out`, reusing the buffers it holds; with `trace`, the verdict carries its trace.
    pub fn verdict_into(&self, activity: &Activity, hits: &[Hit], out: &mut Verdict, trace: bool) {
        let mut dropped = trace.then(Vec::new);
        let (live, function, closed) = self.sort_hits(activity, hits, &mut dropped);
        let fields = interaction::Fields::new(hits, &live, &function);
        let judged = interaction::judge(self, activity, &fields, trace);
        let input = combine::Input {
            activity,
            fields: &fields,
            judged,
            closed,
            dropped,
        };
        combine::verdict_into(self, input, out);
    }

    /// The camps of the field that carries an activity's content (its own words for a post,
    /// comment or quote; the target's text for a like, share or follow), each with its
    /// features: what the model is fitted on.
    pub fn content_camps(&self, activity: &Activity, hits: &[Hit]) -> Vec<(u32, Features)> {
        let (live, function, _) = self.sort_hits(activity, hits, &mut None);
        let fields = interaction::Fields::new(hits, &live, &function);
        let judged = interaction::judge(self, activity, &fields, false);
        let own = judged.parts.iter().find_map(|p| match p {
            interaction::Part::Field(Field::Text, j) => Some(j),
            _ => None,
        });
        let content = if activity.kind.has_own_words() && activity.text.is_some() {
            own
        } else {
            judged.target.as_ref()
        };
        content.map_or_else(Vec::new, |j| {
            j.camps.iter().map(|c| (c.entity, c.features)).collect()
        })
    }

    /// Runs the stages that set matches aside over the whole activity; returns the live hits
    /// (the verdict's evidence), each field's function words, and the packs that do not apply
    /// on the activity's date.
    fn sort_hits<'h>(
        &self,
        activity: &Activity,
        hits: &'h [Hit],
        dropped: &mut Option<Vec<HitDrop>>,
    ) -> (Vec<usize>, [Vec<&'h Hit>; 3], Vec<u16>) {
        let mut live: Vec<usize> = (0..hits.len()).collect();
        let closed = stages::window::run(
            self,
            activity.created_at.as_deref(),
            hits,
            &mut live,
            dropped,
        );
        stages::enclitic::run(self, hits, &mut live, dropped);
        stages::tag_words::run(hits, &mut live, dropped);
        stages::nested::run(self, hits, &mut live, dropped);
        stages::exempt::run(self, hits, &mut live, dropped);
        let numbers = [
            (
                StageId::Ranges,
                stages::ranges::why as fn(&str, &Hit) -> Option<&'static str>,
            ),
            (StageId::Counts, stages::counts::why),
        ];
        for (stage, why) in numbers {
            self.drop_numbers(stage, activity, hits, &mut live, dropped, why);
        }
        // Function words are read by the stages around other matches, never evidence.
        let mut function: [Vec<&Hit>; 3] = Default::default();
        live.retain(|&i| {
            let word = self.terms[hits[i].term as usize]
                .term
                .category
                .is_function_word();
            if word {
                function[hits[i].field as usize].push(&hits[i]);
            }
            !word
        });
        (live, function, closed)
    }
}

impl finding::Names for Judge<'_> {
    fn term_text(&self, term: u32) -> &str {
        &self.terms[term as usize].term.text
    }

    fn term_category(&self, term: u32) -> &'static str {
        self.terms[term as usize].term.category.as_str()
    }

    fn entity_id(&self, entity: u32) -> &str {
        &self.entities[entity as usize].id
    }

    fn races(&self, entities: &[u32]) -> String {
        let mut v: Vec<&str> = entities
            .iter()
            .map(|&e| self.races[self.entities[e as usize].race as usize].label())
            .collect();
        v.dedup();
        v.join(" or ")
    }

    fn names(&self, entities: &[u32]) -> String {
        let mut v: Vec<&str> = entities.iter().map(|&e| self.entity_id(e)).collect();
        v.sort_unstable();
        v.dedup();
        if v.is_empty() {
            "an unnamed camp".to_string()
        } else {
            v.join(", ")
        }
    }
}

// Every field has a slot in the per-field tables.
const _: () = assert!(Field::TargetAuthor as usize == 2);

#[cfg(test)]
mod tests;
