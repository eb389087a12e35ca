//! What each kind of finding weighs, and how context damps a field's score.
//!
//! A field's score is `1 - Π(1 - weight)` over its findings; an activity flags at
//! [`THRESHOLD`].

/// The score at which an activity flags.
pub(crate) const THRESHOLD: f32 = 0.5;

/// A campaign hashtag or slogan: flags on its own.
pub(super) const MARKER: f32 = 0.9;
/// A clear cue linked to a clearly named camp.
pub(super) const STANCE: f32 = 0.85;
/// A clear cue linked to a camp named weakly (a number, a confirmed nickname).
pub(super) const STANCE_WEAK_REF: f32 = 0.75;
/// An everyday cue ("mantap") a few words from its camp, or said to it.
pub(super) const WEAK_CUE_NEAR: f32 = 0.5;
/// An everyday cue further from its camp.
pub(super) const WEAK_CUE_FAR: f32 = 0.3;
/// Own campaign activity near a camp.
pub(super) const ACTIVITY: f32 = 0.8;
/// A confirmed hand sign.
pub(super) const GESTURE: f32 = 0.5;
/// A generic slogan confirmed by its camp elsewhere in the text.
pub(super) const SOFT_MARKER: f32 = 0.3;
/// A generic slogan next to its camp, a name-built hashtag, jargon said to the camp.
pub(super) const SOFT_MARKER_NEAR: f32 = 0.6;
/// Liking or sharing an official account's content about the election.
pub(super) const ACCOUNT_TARGET: f32 = 0.6;
/// Following an official account.
pub(super) const FOLLOW_ACCOUNT: f32 = 0.8;

/// What a neutral context leaves of a field's score.
pub(super) const NEUTRAL_DAMPING: f32 = 0.55;
/// What content naming several camps evenly leaves of a field's score.
pub(super) const BALANCED_DAMPING: f32 = 0.4;
/// How strongly, relative to the most argued pair, another pair must be argued about for a
/// text to count as even-handed.
pub(super) const EVEN_RATIO: f32 = 0.8;
