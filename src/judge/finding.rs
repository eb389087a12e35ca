//! What a stage finds: a typed finding with its stage, its evidence rows, its weight and a
//! reason that is rendered to words only at the edge.

use std::ops::Range;

use crate::activity::Kind;
use crate::lexicon::Class;
use crate::rule::{Rule, RuleSet};

use super::feature::Feature;
use super::stage::StageId;

/// One piece of the judgement of a field.
#[derive(Clone, Debug)]
pub(super) struct Finding {
    /// The stage that made it.
    pub stage: StageId,
    /// The feature it counts toward in the model, or none for a finding that decides on its own
    /// (following an official account).
    pub feature: Option<Feature>,
    /// How much it counts: 1, or an evaluative word's strength.
    pub value: f32,
    /// What it weighs as a probability: its feature's prior, or, for one that decides on its
    /// own, its score.
    pub weight: f32,
    pub rules: RuleSet,
    /// The camps it is about (indices into the judge's entity table), the first being the one
    /// its words stand next to.
    pub entities: Vec<u32>,
    pub reason: Reason,
    /// The hits behind it (indices into the field's hits), at most two: a cue and the reference
    /// it speaks of, or one marker.
    pub rows: Rows,
    /// Whether it is an attack on its camps: attacks are never "balanced" reporting.
    pub attack: bool,
    /// Whether it is support said in the first person ("saya pilih", "pilihan saya"): the
    /// author's own choice is never "balanced" reporting either.
    pub own: bool,
    /// Whether someone named before the cue says it, not the author ("warga Sleman dukung
    /// Prabowo-Gibran").
    pub third_party: bool,
    /// The bytes of the field's original text that the words behind it span; all of them when
    /// they are not one place.
    pub span: Range<usize>,
}

/// The span of a finding whose words are not in one place.
pub(super) const ANYWHERE: Range<usize> = 0..usize::MAX;

/// The hits behind a finding: none, one, or two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Rows {
    rows: [u32; 2],
    len: u8,
}

impl Rows {
    pub fn one(a: usize) -> Rows {
        Rows {
            rows: [a as u32, 0],
            len: 1,
        }
    }

    pub fn two(a: usize, b: usize) -> Rows {
        Rows {
            rows: [a as u32, b as u32],
            len: 2,
        }
    }

    /// The rows, each moved `by` further on.
    pub fn offset(mut self, by: usize) -> Rows {
        for r in &mut self.rows[..self.len as usize] {
            *r += by as u32;
        }
        self
    }

    pub fn iter(self) -> impl Iterator<Item = usize> {
        self.rows
            .into_iter()
            .take(self.len as usize)
            .map(|r| r as usize)
    }
}

impl Finding {
    /// A finding of one rule about one camp, from `stage`, counting toward `feature`.
    pub fn about(
        stage: StageId,
        feature: Feature,
        rule: Rule,
        entity: u32,
        attack: bool,
        reason: Reason,
    ) -> Finding {
        Finding {
            stage,
            feature: Some(feature),
            value: 1.0,
            weight: feature.prior(),
            rules: RuleSet::of(rule),
            entities: vec![entity],
            reason,
            rows: Rows::default(),
            attack,
            own: false,
            third_party: false,
            span: ANYWHERE,
        }
    }

    /// The finding, resting on hits `rows`, whose words span `span` of the text.
    pub fn at(mut self, rows: Rows, span: Range<usize>) -> Finding {
        self.rows = rows;
        self.span = span;
        self
    }
}

/// The camps `camps`, `first` first: the camp a finding's words stand next to, then the other
/// races' camps the same words may be.
pub(super) fn alternatives_first(first: u32, camps: &[u32]) -> Vec<u32> {
    std::iter::once(first)
        .chain(camps.iter().copied().filter(|&c| c != first))
        .collect()
}

/// What a cue said of a camp, in the words of a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Said {
    Support,
    Attack,
    Invitation,
    /// An everyday word of praise ("mantap") or of insult, weighed by how close it stands.
    Weak {
        attack: bool,
    },
    /// Own campaign activity showing a rule.
    Activity(Rule),
}

/// How a cue found its camp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Link {
    /// The camp named near it.
    Near,
    /// The camp a reply is addressed to, no subject named before the cue.
    ReplyTo,
    /// The camp a pronoun after the cue stands for.
    Pronoun,
    /// The one camp the whole text speaks of or to, named in another sentence.
    Topic,
}

/// Why a finding was made, as typed values; terms are indices into the screener's terms and
/// camps into its entities. Rendered to a sentence by [`Reason::render`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reason {
    /// A campaign hashtag or slogan that flags on its own.
    Marker {
        term: u32,
        entity: u32,
        attack: bool,
    },
    /// A generic slogan or hashtag confirmed by a reference to its camp.
    SoftMarker { term: u32, entity: u32 },
    /// A hashtag built on a camp's name with words of its own; `tag` is its body's bytes in the
    /// field's text.
    NameTag {
        tag: Range<usize>,
        term: u32,
        entity: u32,
    },
    /// A cue linked to a camp; with `either`, the words are claimed by several races and the
    /// finding's other camps are alternatives to this one.
    Stance {
        said: Said,
        cue: u32,
        link: Link,
        reference: u32,
        entity: u32,
        either: bool,
    },
    /// An evaluative word said of a camp; `class` is what it says, after any negation.
    Evaluation {
        class: Class,
        negated: bool,
        term: u32,
        link: Link,
        reference: u32,
        entity: u32,
        either: bool,
        /// Whether the word may describe the plain word before it instead.
        describes: bool,
    },
    /// Derision answering a camp's own post, no subject named before it.
    Answering { cue: u32, account: u32, entity: u32 },
    /// A partisan hand sign.
    Gesture {
        term: u32,
        entity: u32,
        attack: bool,
    },
    /// An interaction with campaign content.
    Interaction { why: Why, approves: bool },
    /// A like or share of an official account's content about the election.
    AccountContent { kind: Kind },
    /// Following an official account.
    FollowsAccount,
}

/// Why the content interacted with counts as campaign content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Why {
    Answers,
    Content,
    FollowedCampaigns,
}

/// What rendering a reason needs from the screener and the activity.
pub(super) trait Names {
    /// The term's text, as the pack spells it.
    fn term_text(&self, term: u32) -> &str;
    /// The term's category name.
    fn term_category(&self, term: u32) -> &'static str;
    /// The camp's id.
    fn entity_id(&self, entity: u32) -> &str;
    /// The camps' ids, sorted and deduplicated, joined by ", " ("an unnamed camp" for none).
    fn names(&self, entities: &[u32]) -> String;
    /// The races of the camps, joined by " or " ("Jawa Timur or Surabaya").
    fn races(&self, entities: &[u32]) -> String;
}

impl Reason {
    /// Appends the reason in words, for a reviewer. `entities` are the finding's camps; `text`
    /// the original text of the finding's field. Built from pieces with `push_str`: the
    /// formatting machinery costs more than the rest of the judging.
    pub fn render(&self, n: &dyn Names, entities: &[u32], text: &str, out: &mut String) {
        let mut w = Words { n, entities, out };
        match *self {
            Reason::Marker {
                term,
                entity,
                attack,
            } => w.put(&[
                "campaign ",
                n.term_category(term),
                " `",
                n.term_text(term),
                if attack { "` attacking " } else { "` of " },
                n.entity_id(entity),
            ]),
            Reason::SoftMarker { term, entity } => w.put(&[
                n.term_category(term),
                " `",
                n.term_text(term),
                "` used with a reference to ",
                n.entity_id(entity),
            ]),
            Reason::NameTag {
                ref tag,
                term,
                entity,
            } => w.name_tag(text.get(tag.clone()).unwrap_or(""), term, entity),
            Reason::Stance {
                said,
                cue,
                link,
                reference,
                entity,
                either,
            } => w.stance(said, cue, link, reference, entity, either),
            Reason::Evaluation { .. } => w.evaluation(self),
            Reason::Answering {
                cue,
                account,
                entity,
            } => w.put(&[
                "attack: `",
                n.term_text(cue),
                "` answering a post by `",
                n.term_text(account),
                "` (account of ",
                n.entity_id(entity),
                "), with no subject named before it",
            ]),
            Reason::Gesture {
                term,
                entity,
                attack,
            } => w.put(&[
                "partisan hand sign `",
                n.term_text(term),
                if attack { "` against " } else { "` of " },
                n.entity_id(entity),
            ]),
            Reason::Interaction { why, approves } => w.interaction(why, approves),
            Reason::AccountContent { kind } => w.account_content(kind),
            Reason::FollowsAccount => {
                w.put(&["follows an official account of ", &n.names(entities)])
            }
        }
    }
}

/// A reason being put into words: what names its terms and camps, the finding's camps, and the
/// text the words are appended to.
struct Words<'a> {
    n: &'a dyn Names,
    /// The finding's camps, the first being the one its words stand next to.
    entities: &'a [u32],
    out: &'a mut String,
}

impl Words<'_> {
    /// Appends the parts, in order.
    fn put(&mut self, parts: &[&str]) {
        parts.iter().for_each(|p| self.out.push_str(p));
    }

    /// Appends a hashtag built on a camp's name, its body being `body`.
    fn name_tag(&mut self, body: &str, term: u32, entity: u32) {
        let n = self.n;
        self.put(&[
            "hashtag `#",
            body,
            "` built on `",
            n.term_text(term),
            "` (",
            n.term_category(term),
            " of ",
            n.entity_id(entity),
            ")",
        ]);
    }

    /// Appends a cue linked to a camp: what it said, the cue, how it found its camp, and the
    /// other camps its words are about.
    fn stance(
        &mut self,
        said: Said,
        cue: u32,
        link: Link,
        reference: u32,
        entity: u32,
        either: bool,
    ) {
        let n = self.n;
        let what = match said {
            Said::Activity(rule) => {
                self.put(&["own campaign activity (", rule.id(), ")"]);
                ""
            }
            Said::Weak { attack: true } | Said::Attack => "attack",
            Said::Weak { attack: false } => "stance",
            Said::Invitation => "invitation",
            Said::Support => "support",
        };
        self.put(&[what, ": `", n.term_text(cue)]);
        self.linked(link, "` near `", reference, entity, either);
        self.put(&[if link == Link::ReplyTo {
            "), with no subject named before it"
        } else {
            ")"
        }]);
        if self.entities.len() > 1 && !either {
            self.put(&[
                " and the camps listed with it (",
                &n.names(&self.entities[1..]),
                ")",
            ]);
        }
    }

    /// Appends what an evaluative word says of its camp (`class`, after any negation), and the
    /// word.
    /// Appends an evaluation's reason; nothing for any other reason.
    fn evaluation(&mut self, r: &Reason) {
        let Reason::Evaluation {
            class,
            negated,
            term,
            link,
            reference,
            entity,
            either,
            describes,
        } = *r
        else {
            return;
        };
        self.evaluated(class, negated, term);
        self.linked(link, "` said of `", reference, entity, either);
        self.put(&[")"]);
        if describes {
            self.put(&[", or of the word before it"]);
        }
    }

    fn evaluated(&mut self, class: Class, negated: bool, term: u32) {
        let n = self.n;
        self.put(&[
            class.as_str(),
            if negated { ": negated `" } else { ": `" },
            n.term_text(term),
        ]);
    }

    /// Appends how a cue found its camp (`near` saying it for [`Link::Near`]), and the reference
    /// it found, its camp and, with `either`, the other races' camps the words may be; the
    /// parenthesis it opens is left for the caller to close.
    fn linked(&mut self, link: Link, near: &str, reference: u32, entity: u32, either: bool) {
        let n = self.n;
        self.put(&[
            match link {
                Link::Near => near,
                Link::ReplyTo => "` in a reply to `",
                Link::Pronoun => "` with a pronoun for `",
                Link::Topic => "` in a text about `",
            },
            n.term_text(reference),
            "` (",
            n.term_category(reference),
            " of ",
            n.entity_id(entity),
        ]);
        if either {
            self.put(&[
                " or ",
                &n.names(&self.entities[1..]),
                ": races ",
                &n.races(self.entities),
            ]);
        }
    }

    /// Appends an interaction with campaign content, and why the content counts as such.
    fn interaction(&mut self, why: Why, approves: bool) {
        let n = self.n;
        self.put(&[
            "interaction with campaign content of ",
            &n.names(self.entities),
            match why {
                Why::Answers => ": the content it answers is campaign content",
                Why::Content => ": the content is campaign content",
                Why::FollowedCampaigns => ": the followed account or group campaigns",
            },
            if approves {
                "; own words approve of it"
            } else {
                ""
            },
        ]);
    }

    /// Appends a like or share of an official account's content about the election.
    fn account_content(&mut self, kind: Kind) {
        let n = self.n;
        self.put(&[
            match kind {
                Kind::Like => "likes",
                Kind::Share => "shares",
                _ => "interacts with",
            },
            " content about the election from an official account of ",
            &n.names(self.entities),
        ]);
    }
}
