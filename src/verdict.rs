use std::fmt;

use serde::{Deserialize, Serialize};

use crate::activity::ActivityId;
use crate::lexicon::Category;
use crate::rule::Rule;
use crate::span::Span;

/// The field of an [`Activity`](crate::Activity) a match was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The actor's own words.
    Text,
    /// The content the actor interacted with.
    TargetText,
    /// The handle of the target's author.
    TargetAuthor,
}

impl Field {
    /// The field's name in the canonical JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::TargetText => "target_text",
            Field::TargetAuthor => "target_author",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lexicon term found in an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evidence {
    /// The field it was found in.
    pub field: Field,
    /// First byte of the match in the ORIGINAL field text.
    pub start: usize,
    /// One past the last byte of the match in the ORIGINAL field text.
    pub end: usize,
    /// The original substring, exactly as written (`&field_text[start..end]`).
    pub matched: String,
    /// The lexicon term it matched, as the pack spells it.
    pub term: String,
    /// The term's category.
    pub category: Category,
    /// The camp the words refer to, if any: the term's own, or the camp the judge read them
    /// as (another race's pair of the same number, a party), so that it agrees with the
    /// verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

impl fmt::Display for Evidence {
    /// One line for people: `text 6..13 "Prabowo" = prabowo (name, paslon-02)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}..{} {:?} = {} ({}",
            self.field, self.start, self.end, self.matched, self.term, self.category
        )?;
        if let Some(e) = &self.entity {
            write!(f, ", {e}")?;
        }
        f.write_str(")")
    }
}

impl Evidence {
    /// The match as a [`Span`] into the original field text.
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// The screener's explained judgement of one activity.
///
/// A flag is a lead for a human reviewer, never a verdict on a person: `reasons` says in words
/// why the activity flagged (or what was found and why it did not), and `evidence` shows every
/// matched term with its place in the original text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verdict {
    /// The activity's id.
    pub id: ActivityId,
    /// When the activity happened, as the archive wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Whether the activity needs a reviewer's look.
    pub flagged: bool,
    /// How strong the evidence is, from 0 to 1; `flagged` is `score >= 0.5`.
    pub score: f32,
    /// The prohibitions the activity may breach, in a fixed order.
    pub rules: Vec<Rule>,
    /// The camps involved (`paslon-01`..`paslon-03`, party ids, or a pack's own ids), sorted.
    pub entities: Vec<String>,
    /// Every matched term, in field and position order; at most 500 of each field (see
    /// `evidence_omitted`).
    pub evidence: Vec<Evidence>,
    /// How many more matches a field had than `evidence` lists.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub evidence_omitted: usize,
    /// The findings that led to the verdict, one sentence each.
    pub reasons: Vec<String>,
    /// How the verdict came about, step by step, when asked for with
    /// [`Screener::explain`](crate::Screener::explain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How a verdict came about, for a reviewer: every finding the judge's stages made, what they
/// set aside and why, and how the score was put together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Trace {
    /// Every finding, in the order the stages made them.
    pub findings: Vec<TraceFinding>,
    /// What the stages set aside, and why.
    pub dropped: Vec<TraceDrop>,
    /// What the stages noted on the way: how a number or a reply was read, a turn, a neutral
    /// context.
    pub notes: Vec<TraceNote>,
    /// The steps from the findings to the score, in order.
    pub score: Vec<TraceStep>,
}

/// One finding of one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TraceFinding {
    /// The stage that made it.
    pub stage: String,
    /// The field its words are in.
    pub field: Field,
    /// What it weighs.
    pub weight: f32,
    /// The rules it shows.
    pub rules: Vec<Rule>,
    /// The camps it is about.
    pub entities: Vec<String>,
    /// The words behind it: indices into the verdict's `evidence`.
    pub evidence: Vec<usize>,
    /// Why, in words.
    pub reason: String,
    /// Whether it counts in the score as it stands: a finding of the content a like or share
    /// points at counts through the interaction, and one set aside by a later stage not at all.
    pub counted: bool,
}

/// A match a stage set aside, or did not use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TraceDrop {
    /// The stage that set it aside.
    pub stage: String,
    /// The field it is in.
    pub field: Field,
    /// First byte of the match in the ORIGINAL field text.
    pub start: usize,
    /// One past the last byte of the match in the ORIGINAL field text.
    pub end: usize,
    /// The original words.
    pub matched: String,
    /// The lexicon term it matched.
    pub term: String,
    /// Why it was set aside.
    pub why: String,
}

/// What a stage noted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TraceNote {
    /// The stage.
    pub stage: String,
    /// The field it read.
    pub field: Field,
    /// What it noted, in words.
    pub what: String,
}

/// One step from the findings to the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TraceStep {
    /// What the step does, in words.
    pub what: String,
    /// The score after it.
    pub score: f32,
}
