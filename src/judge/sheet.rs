//! The shared context of one field (or one part of a long field) while its stages run: the
//! hits, what the stages have resolved so far, and what they found.

use crate::lexicon::{Category, EntityKind, Term};
use crate::scan::{CompiledTerm, Hit};
use crate::span::Span;

use super::feature::Features;
use super::finding::Finding;
use super::stage::StageId;
use super::text;
use super::Judge;

/// A reference to a camp: a hit of a name, nickname, number, account, hashtag, slogan or
/// gesture.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ref {
    /// The hit (index into the field's hits).
    pub hit: usize,
    /// The camp it refers to (index into the judge's entities).
    pub entity: u32,
    /// Whether it needs confirming context: an everyday word or sign, a number, a mention.
    pub weak: bool,
}

/// How far apart two hits may stand, in tokens, named once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// Next to each other or overlapping: "coblos 02", "jaket amin".
    Touching,
    /// A few words apart: how close a cue must stand to count in full.
    Phrase,
    /// As far as a cue reaches for the camp it speaks of.
    Reach,
}

impl Scope {
    /// The most tokens from one hit to the other within this scope.
    pub fn tokens(self) -> u32 {
        match self {
            Scope::Touching => 1,
            Scope::Phrase => 3,
            Scope::Reach => 12,
        }
    }
}

/// Something a stage set aside, for the trace: a hit, by its index in the field's hits.
#[derive(Clone, Debug)]
pub(super) struct Dropped {
    pub stage: StageId,
    pub hit: usize,
    pub why: &'static str,
}

/// A camp the field speaks of, with its features and what the model makes of them.
#[derive(Clone, Debug)]
pub(super) struct Camp {
    pub entity: u32,
    pub features: Features,
    /// `bias + Σ weight × value`: the camp flags when it is at least 0.
    pub logit: f32,
}

impl Camp {
    /// Whether the camp flags: the one test every decision about it uses.
    pub fn flags(&self) -> bool {
        self.logit >= 0.0
    }
}

/// The judgement of one field, what the activity's stages read.
#[derive(Clone, Debug, Default)]
pub(super) struct FieldJudgement {
    pub findings: Vec<Finding>,
    /// The camps the field speaks of, each with its score.
    pub camps: Vec<Camp>,
    /// What kind of talk the field is: the register features every camp of it shares.
    pub register: Features,
    /// Whether the field has any cue of support or invitation, linked or not.
    pub any_support: bool,
    /// Whether the field has a clear (not ambiguous) support, attack or invite cue.
    pub strong_cue: bool,
    /// Whether the field is a neutral context (socialisation, news of the draw, quick counts).
    pub neutral: bool,
    /// Whether the field names several camps evenly (polls, news, "bapak #01, anak #03").
    pub balanced: bool,
    /// Whether the field says something about the election in clear words: a clear reference
    /// to a camp, a clear cue or an activity.
    pub election_talk: bool,
    /// The camps the field names clearly, when it has findings.
    pub named: Vec<u32>,
    /// Hits (the field's indices) whose words the stages read as other camps than their
    /// term's: a number that is another race's or a party's, with that camp, or with none
    /// when it stays ambiguous between races. The evidence shows it, so that it agrees with
    /// the verdict.
    pub resolved: Vec<(usize, Option<u32>)>,
    /// What the stages set aside, when tracing; hit indices are the field's.
    pub dropped: Vec<Dropped>,
    /// Findings a later stage set aside, when tracing.
    pub set_aside: Vec<Finding>,
    /// What the stages noted, when tracing.
    pub notes: Vec<(StageId, String)>,
}

impl FieldJudgement {
    /// Takes in the judgement of another part of the same field.
    pub fn absorb(&mut self, part: FieldJudgement) {
        self.findings.extend(part.findings);
        // A camp argued in several parts of a long text counts where it is argued most.
        for c in part.camps {
            match self.camps.iter_mut().find(|o| o.entity == c.entity) {
                Some(o) if o.logit < c.logit => *o = c,
                Some(_) => {}
                None => self.camps.push(c),
            }
        }
        self.any_support |= part.any_support;
        self.strong_cue |= part.strong_cue;
        self.neutral |= part.neutral;
        self.balanced |= part.balanced;
        self.election_talk |= part.election_talk;
        self.named.extend(part.named);
        self.resolved.extend(part.resolved);
        self.dropped.extend(part.dropped);
        self.set_aside.extend(part.set_aside);
        self.notes.extend(part.notes);
    }
}

/// One field while its stages run.
pub(super) struct Sheet<'a> {
    pub judge: &'a Judge<'a>,
    /// The field's original text.
    pub text: &'a str,
    /// The field's live hits, in order of their start.
    pub hits: &'a [&'a Hit],
    /// The field's function words (negators, intensifiers, reporting verbs, ...), in order of
    /// their start.
    pub function: &'a [&'a Hit],
    /// The term of the account whose post a comment answers, when it is one camp's.
    pub answered: Option<u32>,
    /// Whether to keep what the stages set aside.
    pub tracing: bool,

    /// References to camps.
    pub refs: Vec<Ref>,
    /// Support, attack, invite and activity cues (hit indices).
    pub cues: Vec<usize>,
    /// Evaluative words (hit indices).
    pub evaluations: Vec<usize>,
    /// Whether a first-person word stands in the text.
    pub first_person: bool,
    /// Whether a neutral-context phrase stands in the text.
    pub neutral_words: bool,
    /// The end of the handles a reply opens with (0 when it opens with none).
    pub opening: usize,
    /// The one camp whose accounts the reply opens with.
    pub addressee: Option<Ref>,
    /// Whether the reply opens with the addressee's account itself, rather than with someone
    /// else's and the camp's tagged after it (a reply in a thread the camp started).
    pub addressed_first: bool,
    /// The camp a comment answers (the account's term and the camp), when the comment refers to
    /// no other.
    pub commented: Option<(u32, u32)>,
    /// Camps whose references are confirmed, sorted.
    pub confirmed: Vec<u32>,
    /// Camps whose handle is the object of a clear cue ("dukung @prabowo").
    pub objects: Vec<u32>,
    /// Camps named clearly.
    pub clear: Vec<u32>,
    /// The one camp the text speaks of or to, when there is one: the addressee of a reply that
    /// names no other camp, or the only camp the text refers to.
    pub topic: Option<Ref>,
    /// References a negator refuses ("jangan 01"): no support word is about them.
    pub refused: Vec<usize>,
    /// Words claimed by several races with none named beside them: the hits of each group,
    /// whose camps are alternatives.
    pub either: Vec<Vec<usize>>,
    /// Whether the text names several camps evenly.
    pub balanced: bool,
    pub out: FieldJudgement,
}

impl<'a> Sheet<'a> {
    pub fn new(
        judge: &'a Judge<'a>,
        text: &'a str,
        hits: &'a [&'a Hit],
        function: &'a [&'a Hit],
        answered: Option<u32>,
        self_described: bool,
        tracing: bool,
    ) -> Sheet<'a> {
        Sheet {
            judge,
            text,
            hits,
            function,
            answered,
            tracing,
            refs: Vec::with_capacity(hits.len()),
            cues: Vec::with_capacity(hits.len()),
            evaluations: Vec::new(),
            first_person: self_described,
            neutral_words: false,
            opening: 0,
            addressee: None,
            addressed_first: false,
            commented: None,
            confirmed: Vec::new(),
            objects: Vec::new(),
            clear: Vec::new(),
            topic: None,
            refused: Vec::new(),
            either: Vec::new(),
            balanced: false,
            out: FieldJudgement::default(),
        }
    }

    /// The compiled term of hit `i`.
    pub fn compiled(&self, i: usize) -> &'a CompiledTerm {
        &self.judge.terms[self.hits[i].term as usize]
    }

    /// The pack term of hit `i`.
    pub fn term(&self, i: usize) -> &'a Term {
        &self.compiled(i).term
    }

    /// The category of hit `i`.
    pub fn cat(&self, i: usize) -> Category {
        self.term(i).category
    }

    /// The span of hit `i` in the original text.
    pub fn span(&self, i: usize) -> Span {
        self.hits[i].span
    }

    /// Tokens between hits `a` and `b` (0 when they overlap, 1 when they touch).
    pub fn apart(&self, a: usize, b: usize) -> u32 {
        let (a, b) = (self.hits[a], self.hits[b]);
        b.first_token
            .saturating_sub(a.last_token)
            .max(a.first_token.saturating_sub(b.last_token))
    }

    /// Whether hits `a` and `b` stand within `scope` of each other.
    pub fn within(&self, a: usize, b: usize, scope: Scope) -> bool {
        self.apart(a, b) <= scope.tokens()
    }

    /// Whether no sentence ends between hits `a` and `b`.
    pub fn same_sentence(&self, a: usize, b: usize) -> bool {
        text::same_sentence(self.text, self.span(a), self.span(b))
    }

    /// Whether no clause punctuation stands between hits `a` and `b`.
    pub fn same_clause(&self, a: usize, b: usize) -> bool {
        text::same_clause(self.text, self.span(a), self.span(b))
    }

    /// Whether hit `a` ends in a token before hit `b` starts.
    pub fn before(&self, a: usize, b: usize) -> bool {
        self.hits[a].last_token < self.hits[b].first_token
    }

    /// Whether `entity` is confirmed.
    pub fn is_confirmed(&self, entity: u32) -> bool {
        self.confirmed.binary_search(&entity).is_ok()
    }

    /// Whether any hit has one of `categories`.
    pub fn any(&self, categories: &[Category]) -> bool {
        (0..self.hits.len()).any(|i| categories.contains(&self.cat(i)))
    }

    /// Whether a first-person word stands at hit `h`, in its clause: over it, or up to `before`
    /// tokens before it or `after` tokens after it.
    pub fn first_person_at(&self, h: usize, before: u32, after: u32) -> bool {
        let at = self.hits[h];
        (0..self.hits.len()).any(|o| {
            let hit = self.hits[o];
            self.cat(o) == Category::SelfRef
                && !text::quoted(self.text, hit.span)
                && if hit.last_token < at.first_token {
                    at.first_token - hit.last_token <= before
                } else if hit.first_token > at.last_token {
                    hit.first_token - at.last_token <= after
                } else {
                    true
                }
                && self.same_clause(o, h)
        })
    }

    /// Whether cue `c` counts. Every cue does but an ambiguous activity ("kader", "jaket"),
    /// which is about the author only with a first-person word in the text, or when it touches
    /// a reference ("jaket amin") and is not marked `personal` ("kader pks" is more often
    /// someone else).
    pub fn cue_counts(&self, c: usize) -> bool {
        let t = self.term(c);
        t.category != Category::Activity
            || !t.ambiguous
            || self.first_person
            || (!t.personal
                && self
                    .refs
                    .iter()
                    .any(|r| self.within(c, r.hit, Scope::Touching)))
    }

    /// Whether reference `r` is a pair's or a party's name, nickname or acronym: what a list of
    /// camps is made of.
    pub fn names_a_camp(&self, r: &Ref) -> bool {
        matches!(
            self.cat(r.hit),
            Category::Name | Category::Nickname | Category::Acronym
        ) && matches!(
            self.judge.entities[r.entity as usize].kind,
            EntityKind::Pair | EntityKind::Party
        )
    }

    /// Whether reference `r` is the object of cue `c`: named right after it, in its clause.
    pub fn is_object(&self, c: usize, r: &Ref) -> bool {
        self.before(c, r.hit)
            && self.within(c, r.hit, Scope::Touching)
            && self.same_clause(c, r.hit)
    }

    /// The camps of the race group hit `h` stands in, when its words are claimed by several
    /// races with none named beside them.
    pub fn alternatives(&self, h: usize) -> Option<Vec<u32>> {
        let group = self.either.iter().find(|g| g.contains(&h))?;
        let mut camps: Vec<u32> = self
            .refs
            .iter()
            .filter(|r| group.contains(&r.hit))
            .map(|r| r.entity)
            .collect();
        camps.sort_unstable();
        camps.dedup();
        Some(camps)
    }

    /// Keeps, when tracing, what `stage` noted.
    pub fn note(&mut self, stage: StageId, what: impl FnOnce(&Self) -> String) {
        if self.tracing {
            let note = what(self);
            self.out.notes.push((stage, note));
        }
    }

    /// The original words of hit `i`.
    pub fn words(&self, i: usize) -> &'a str {
        self.text.get(self.span(i).range()).unwrap_or("")
    }

    /// The id of camp `entity`.
    pub fn camp(&self, entity: u32) -> &'a str {
        &self.judge.entities[entity as usize].id
    }

    /// Keeps, when tracing, that `stage` set hit `hit` aside and why.
    pub fn drop_hit(&mut self, stage: StageId, hit: usize, why: &'static str) {
        if self.tracing {
            self.out.dropped.push(Dropped { stage, hit, why });
        }
    }
}
