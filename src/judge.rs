//! The rules that turn hits into a verdict.
//!
//! Reading order for a reviewer:
//! 1. Exempt phrases ("ma'ruf amin", "perubahan iklim") void every match inside them.
//! 2. Entity references are clear (names, nicknames, teams, acronyms, greetings such as "salam
//!    dua jari") or weak (terms marked ambiguous, such as a bare ✌, numbers, mentions). A weak
//!    reference counts only when confirmed: a support, attack, invite or activity cue right
//!    next to it, a clear reference or campaign marker of the same camp in the same text, or,
//!    for a name, nickname or acronym, another pair's or party's name joined to it by a
//!    conjunction ("anis dan ganjar"). A camp's handle right after a clear support or attack
//!    cue is its object ("dukung @prabowo"): it confirms its camp and the cue is linked to it.
//!    A ballot number of a pair that equals the number of a party named in the same text is
//!    read as the party's.
//! 3. Findings, each with a weight:
//!    - a campaign hashtag or slogan (a marker) flags on its own;
//!    - a cue near a confirmed reference is a stance (support, attack) or an invitation; a
//!      voting verb inside a longer refusal ("tidak memilih") is the refusal, and an attack
//!      before camps joined by a conjunction ("PSI dan Prabowo Gibran") is about all of them;
//!      a predicate ("cuma bisa", "panik", "pasti menang") is about its subject, the camp
//!      named before it, or, without one and with no camp named around it, in the first
//!      sentence of the author's reply to one camp's accounts, about that camp (derision
//!      likewise in a comment on one camp's own post about the election); the author's cue
//!      aimed at a pronoun ("kami mendukung mereka") is about the one camp its sentence named
//!      before it;
//!    - an activity cue near a confirmed reference is own campaign activity (its rule);
//!    - a confirmed gesture is a partisan hand sign, and a greeting written out ("salam dua
//!      jari") is campaign speech too.
//! 4. A neutral context (neutrality socialisation, news of the draw, quick counts) dampens, and
//!    so does content that argues for several camps evenly, unless it grants something to some
//!    and turns ("tapi", "meski ...,") to a stance for one other, which is then the author's
//!    (what came before the turn is dropped), or says the author's own choice in the first
//!    person ("saya pilih").
//! 5. The score is `1 - Π(1 - weight)`; the activity flags at 0.5.
//! 6. For likes, shares and follows the target's text and author are the evidence and the rule
//!    is `interaksi-kampanye`; comments and quotes weigh their own words first and the target
//!    second.

use std::ops::Range;

use crate::activity::{Activity, Kind};
use crate::lexicon::{Category, EntityKind, Stance};
use crate::rule::{Rule, RuleSet};
use crate::scan::{CompiledTerm, Hit};
use crate::span::Span;
use crate::util::decimal::push_2dp;
use crate::verdict::{Evidence, Field, Verdict};

/// An entity as the judge needs it.
#[derive(Clone, Debug)]
pub(crate) struct EntityInfo {
    pub id: String,
    pub kind: EntityKind,
    pub number: Option<u32>,
    /// For a pair: the ids of the parties that back it.
    pub parties: Vec<String>,
}

/// How far apart, in tokens, a cue and the reference it speaks of may be.
const CUE_WINDOW: u32 = 12;
/// How close a cue must be to confirm a weak reference, or for a weak cue to count.
const NEAR_WINDOW: u32 = 3;
/// What a neutral context leaves of a field's score.
const NEUTRAL_DAMPING: f32 = 0.55;
/// What content naming several camps evenly leaves of a field's score.
const BALANCED_DAMPING: f32 = 0.4;
/// How strongly, relative to the most argued pair, another pair must be argued about for a
/// text to count as even-handed.
const EVEN_RATIO: f32 = 0.8;
/// The score at which an activity flags.
pub(crate) const THRESHOLD: f32 = 0.5;

const W_MARKER: f32 = 0.9;
const W_STANCE: f32 = 0.85;
const W_STANCE_WEAK_REF: f32 = 0.75;
const W_WEAK_CUE_NEAR: f32 = 0.5;
const W_WEAK_CUE_FAR: f32 = 0.3;
const W_ACTIVITY: f32 = 0.8;
const W_GESTURE: f32 = 0.5;
const W_SOFT_MARKER: f32 = 0.3;
const W_SOFT_MARKER_NEAR: f32 = 0.6;
const W_ACCOUNT_TARGET: f32 = 0.6;
const W_FOLLOW_ACCOUNT: f32 = 0.8;

/// The span of a finding whose words are not in one place.
const ANYWHERE: Range<usize> = 0..usize::MAX;
/// The most hits judged together; see [`Judge::judge_field`].
const PART_HITS: usize = 256;

/// One piece of the judgement.
#[derive(Clone, Debug)]
struct Finding {
    weight: f32,
    rules: RuleSet,
    entities: Vec<u32>,
    /// Said for a reviewer; the verdict appends the weight.
    reason: String,
    /// Whether it is an attack on its camps: attacks are never "balanced" reporting.
    attack: bool,
    /// Whether it is support said in the first person ("saya pilih", "pilihan saya"): the
    /// author's own choice is never "balanced" reporting either.
    own: bool,
    /// The bytes of the field's original text that the words behind it span; all of them when
    /// they are not one place.
    span: Range<usize>,
}

impl Finding {
    /// A finding of one rule about one camp.
    fn about(weight: f32, rule: Rule, entity: u32, attack: bool, reason: String) -> Finding {
        Finding {
            weight,
            rules: RuleSet::of(rule),
            entities: vec![entity],
            reason,
            attack,
            own: false,
            span: ANYWHERE,
        }
    }

    /// The finding, said of the words from `a` to `b`.
    fn of_words(mut self, a: &Hit, b: &Hit) -> Finding {
        self.span = a.span.start.min(b.span.start)..a.span.end.max(b.span.end);
        self
    }
}

/// A contribution to the activity's score.
struct Part {
    score: f32,
    findings: Vec<Finding>,
    named: Vec<u32>,
    neutral: bool,
}

impl Part {
    /// One interaction finding that scores `score`, about the camps `named` clearly.
    fn single(score: f32, mut finding: Finding, named: Vec<u32>) -> Part {
        finding.weight = score;
        Part {
            score,
            findings: vec![finding],
            named,
            neutral: false,
        }
    }
}

/// The judgement of one field.
#[derive(Clone, Debug, Default)]
struct FieldJudgement {
    findings: Vec<Finding>,
    /// Whether the field has any cue of support or invitation, linked or not.
    any_support: bool,
    /// Whether the field has a clear (not ambiguous) support, attack or invite cue.
    strong_cue: bool,
    /// Whether the field is a neutral context (socialisation, news of the draw, quick counts).
    neutral: bool,
    /// Whether the field names several camps evenly (polls, news, "bapak #01, anak #03").
    balanced: bool,
    /// Whether the field says something about the election in clear words: a clear
    /// reference to a camp, a clear cue or an activity.
    election_talk: bool,
    /// The camps the field names clearly, when it has findings.
    named: Vec<u32>,
}

impl FieldJudgement {
    /// Takes in the judgement of another part of the same field.
    fn absorb(&mut self, part: FieldJudgement) {
        self.findings.extend(part.findings);
        self.any_support |= part.any_support;
        self.strong_cue |= part.strong_cue;
        self.neutral |= part.neutral;
        self.balanced |= part.balanced;
        self.election_talk |= part.election_talk;
        self.named.extend(part.named);
    }

    fn score(&self) -> f32 {
        let s = score(&self.findings);
        if self.balanced {
            s * BALANCED_DAMPING
        } else if self.neutral {
            s * NEUTRAL_DAMPING
        } else {
            s
        }
    }
}

fn score<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> f32 {
    1.0 - findings
        .into_iter()
        .fold(1.0, |acc, f| acc * (1.0 - f.weight.clamp(0.0, 1.0)))
}

pub(crate) struct Judge<'a> {
    pub terms: &'a [CompiledTerm],
    pub entities: &'a [EntityInfo],
}

#[derive(Clone, Copy, Debug)]
struct Ref {
    hit: usize,
    entity: u32,
    weak: bool,
    first: u32,
    last: u32,
}

impl Judge<'_> {
    /// Judges one activity from its hits (all fields, each field's hits in position order)
    /// into `out`, reusing the buffers it holds.
    pub fn verdict_into(&self, activity: &Activity, hits: &[Hit], out: &mut Verdict) {
        let live = self.unexempted(hits);
        let field_hits = |f: Field| -> Vec<&Hit> {
            let mut v = Vec::with_capacity(live.len());
            v.extend(live.iter().map(|&i| &hits[i]).filter(|h| h.field == f));
            v
        };
        let authors = field_hits(Field::TargetAuthor);
        let accounts: Vec<u32> = authors
            .iter()
            .filter_map(|h| self.terms[h.term as usize].entity)
            .collect();
        // A followed account's or group's description speaks of that account: "relawan
        // prabowo-gibran kabupaten bogor" there is what the account is.
        let target = self.judge_field(
            activity.target_text.as_deref().unwrap_or(""),
            &field_hits(Field::TargetText),
            None,
            activity.kind == Kind::Follow,
        );
        // Content an official campaign account posted about the election is campaign content
        // even without a camp's name in it ("kampanye akbar hari ini, kita menang!").
        let from_campaign_account =
            !accounts.is_empty() && !target.neutral && !target.balanced && target.election_talk;
        // A comment or quote on such a post by one camp's accounts is said to that camp.
        let commented = match activity.kind {
            Kind::Comment | Kind::Quote
                if from_campaign_account && accounts.iter().all(|&e| e == accounts[0]) =>
            {
                authors.first().map(|a| self.term(a))
            }
            _ => None,
        };
        let own = self.judge_field(
            activity.text.as_deref().unwrap_or(""),
            &field_hits(Field::Text),
            commented,
            false,
        );

        // Each part is a score with the findings and clearly named camps behind it.
        let mut parts: Vec<Part> = Vec::new();
        let whole = |f: FieldJudgement| Part {
            score: f.score(),
            named: f.named.clone(),
            neutral: f.neutral || f.balanced,
            findings: f.findings,
        };
        let target_score = target.score();
        match activity.kind {
            Kind::Post => parts.push(whole(own)),
            Kind::Comment | Kind::Quote => {
                let target_campaign = target_score >= THRESHOLD || from_campaign_account;
                let own_score = own.score();
                let approves = own.any_support || !own.findings.is_empty();
                if target_campaign && (own_score >= THRESHOLD || approves) {
                    let mut f = self.interaction(
                        &target,
                        &accounts,
                        "the content it answers is campaign content",
                    );
                    // When the own words flag on their own, the interaction adds its rule and
                    // no weight; when they only approve, the approval is the breach.
                    let weight = if own_score < THRESHOLD {
                        f.reason.push_str("; own words approve of it");
                        if own.strong_cue {
                            f.rules.insert(Rule::KampanyeMedsos);
                        }
                        W_STANCE
                    } else {
                        0.0
                    };
                    parts.push(Part::single(weight, f, target.named.clone()));
                }
                // Neutral words under campaign content are not a breach: only own findings
                // count then.
                parts.push(whole(own));
            }
            Kind::Share | Kind::Like => {
                if target_score >= THRESHOLD {
                    let f = self.interaction(&target, &accounts, "the content is campaign content");
                    parts.push(Part::single(target_score, f, target.named.clone()));
                } else if from_campaign_account {
                    let why = reason(&[
                        kind_verb(activity.kind),
                        " content about the election from an official account of ",
                        &self.names(&accounts),
                    ]);
                    parts.push(Part::single(
                        W_ACCOUNT_TARGET,
                        account_finding(&accounts, why),
                        Vec::new(),
                    ));
                }
            }
            Kind::Follow => {
                if !accounts.is_empty() {
                    let why = reason(&["follows an official account of ", &self.names(&accounts)]);
                    parts.push(Part::single(
                        W_FOLLOW_ACCOUNT,
                        account_finding(&accounts, why),
                        Vec::new(),
                    ));
                } else if target_score >= THRESHOLD {
                    let f = self.interaction(
                        &target,
                        &accounts,
                        "the followed account or group campaigns",
                    );
                    parts.push(Part::single(target_score, f, target.named.clone()));
                }
            }
        }

        let s = 1.0
            - parts
                .iter()
                .fold(1.0, |acc, p| acc * (1.0 - p.score.clamp(0.0, 1.0)));
        // The score is reported to three decimals, and the flag follows the reported score, so
        // that a verdict never shows 0.500 unflagged.
        let score = (s * 1000.0).round() / 1000.0;
        let flagged = score >= THRESHOLD;
        let mut rules = RuleSet::default();
        let mut ids: Vec<u32> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for p in parts {
            let found = !p.findings.is_empty();
            for f in p.findings {
                if flagged {
                    rules.extend(f.rules);
                    ids.extend(&f.entities);
                }
                let mut r = f.reason;
                r.push_str(" (weight ");
                push_2dp(&mut r, f.weight);
                r.push(')');
                reasons.push(r);
            }
            if flagged && found {
                ids.extend(&p.named);
            }
            if p.neutral && found {
                reasons.push("neutral context (news, socialisation, or several camps named evenly): score dampened".to_string());
            }
        }
        let mut entities: Vec<&str> = ids
            .iter()
            .map(|&e| self.entities[e as usize].id.as_str())
            .collect();
        entities.sort_unstable();
        entities.dedup();
        if !flagged && reasons.is_empty() && !live.is_empty() {
            reasons.push(
                "terms found, but no stance, campaign marker or activity about a camp".into(),
            );
        }
        out.id.set(activity.id.as_str(), activity.id.is_numeric());
        out.flagged = flagged;
        out.score = score;
        out.rules.clear();
        out.rules.extend(rules.iter());
        out.entities.truncate(entities.len());
        out.entities.reserve(entities.len() - out.entities.len());
        for (k, e) in entities.iter().enumerate() {
            match out.entities.get_mut(k) {
                Some(slot) => set_str(slot, e),
                None => out.entities.push((*e).to_string()),
            }
        }
        out.evidence.truncate(live.len());
        out.evidence.reserve(live.len() - out.evidence.len());
        for (k, &i) in live.iter().enumerate() {
            match out.evidence.get_mut(k) {
                Some(slot) => self.fill_evidence(activity, &hits[i], slot),
                None => out.evidence.push(self.evidence(activity, &hits[i])),
            }
        }
        out.reasons = reasons;
    }

    fn interaction(&self, target: &FieldJudgement, accounts: &[u32], why: &str) -> Finding {
        let mut entities: Vec<u32> = target
            .findings
            .iter()
            .flat_map(|f| f.entities.iter().copied())
            .collect();
        if entities.is_empty() {
            entities.extend_from_slice(accounts);
        }
        entities.sort_unstable();
        entities.dedup();
        // Spreading someone else's campaign message spreads the message too (its stance or
        // appeal); the author's own acts (a hand sign, attending a rally) stay the author's. A
        // camp's own account posting its campaign is only the interaction.
        let mut rules = RuleSet::of(Rule::InteraksiKampanye);
        if accounts.is_empty() {
            for f in &target.findings {
                for r in [Rule::KampanyeMedsos, Rule::AjakanKeberpihakan] {
                    if f.rules.contains(r) {
                        rules.insert(r);
                    }
                }
            }
        }
        Finding {
            weight: 0.0,
            rules,
            reason: reason(&[
                "interaction with campaign content of ",
                &self.names(&entities),
                ": ",
                why,
            ]),
            entities,
            attack: false,
            own: false,
            span: ANYWHERE,
        }
    }

    fn names(&self, entities: &[u32]) -> String {
        let mut v: Vec<&str> = entities
            .iter()
            .map(|&e| self.entities[e as usize].id.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        if v.is_empty() {
            "an unnamed camp".to_string()
        } else {
            v.join(", ")
        }
    }

    /// The evidence of hit `h`, its strings allocated at their size.
    fn evidence(&self, activity: &Activity, h: &Hit) -> Evidence {
        let t = &self.terms[h.term as usize];
        let mut e = Evidence {
            field: h.field,
            start: h.span.start,
            end: h.span.end,
            matched: String::with_capacity(h.span.end - h.span.start),
            term: String::with_capacity(t.term.text.len()),
            category: t.term.category,
            entity: None,
        };
        self.fill_evidence(activity, h, &mut e);
        e
    }

    /// Makes `e` the evidence of hit `h`, reusing its strings.
    fn fill_evidence(&self, activity: &Activity, h: &Hit, e: &mut Evidence) {
        let t = &self.terms[h.term as usize];
        e.field = h.field;
        e.start = h.span.start;
        e.end = h.span.end;
        set_str(&mut e.matched, matched(activity, h));
        set_str(&mut e.term, &t.term.text);
        e.category = t.term.category;
        match (t.entity, &mut e.entity) {
            (Some(id), Some(slot)) => set_str(slot, &self.entities[id as usize].id),
            (Some(id), slot) => *slot = Some(self.entities[id as usize].id.clone()),
            (None, slot) => *slot = None,
        }
    }

    /// The indices of the hits that no exempt phrase voids.
    fn unexempted(&self, hits: &[Hit]) -> Vec<usize> {
        let is_exempt = |h: &Hit| self.terms[h.term as usize].term.category == Category::Exempt;
        let mut exempt: Vec<&Hit> = hits.iter().filter(|h| is_exempt(h)).collect();
        exempt.sort_unstable_by_key(|x| (x.field, x.norm.start));
        // How far the exempt phrases of a field starting at or before each one reach.
        let mut reach: Vec<u32> = Vec::with_capacity(exempt.len());
        for (k, x) in exempt.iter().enumerate() {
            let before = reach
                .last()
                .filter(|_| exempt[k - 1].field == x.field)
                .copied();
            reach.push(before.map_or(x.norm.end, |r| r.max(x.norm.end)));
        }
        let voided = |h: &Hit| {
            let k = exempt.partition_point(|x| (x.field, x.norm.start) <= (h.field, h.norm.start));
            k > 0 && exempt[k - 1].field == h.field && h.norm.end <= reach[k - 1]
        };
        let mut live = Vec::with_capacity(hits.len());
        live.extend((0..hits.len()).filter(|&i| is_exempt(&hits[i]) || !voided(&hits[i])));
        live
    }

    fn term(&self, h: &Hit) -> &CompiledTerm {
        &self.terms[h.term as usize]
    }

    /// Judges the hits of one field; `text` is the field's original text. `self_described`: the
    /// text describes its own author (a followed account), as if in the first person.
    ///
    /// The rules compare hits with one another, so a text with thousands of them (a whole
    /// document pasted into one field) is judged in parts of at most [`PART_HITS`] hits, cut
    /// between hits that do not overlap, and the parts' judgements are put together. A post
    /// has a few dozen hits at most and is judged whole.
    fn judge_field(
        &self,
        text: &str,
        hits: &[&Hit],
        commented: Option<&CompiledTerm>,
        self_described: bool,
    ) -> FieldJudgement {
        if hits.len() <= PART_HITS {
            return self.judge_part(text, hits, commented, self_described);
        }
        let mut whole = FieldJudgement::default();
        let mut rest = hits;
        // Each part is judged on its own stretch of the text, from its first hit to the next
        // part's, so that the rules that read the text around a hit read no more than that.
        let mut from = 0;
        let mut shifted: Vec<Hit> = Vec::with_capacity(PART_HITS);
        while !rest.is_empty() {
            let cut = part_end(rest);
            let to = rest.get(cut).map_or(text.len(), |h| h.span.start);
            let hits = &rest[..cut];
            let own_stretch = text.is_char_boundary(from)
                && text.is_char_boundary(to)
                && hits
                    .iter()
                    .all(|h| from <= h.span.start && h.span.end <= to);
            let part = if own_stretch {
                shifted.clear();
                shifted.extend(hits.iter().map(|&h| Hit {
                    span: Span {
                        start: h.span.start - from,
                        end: h.span.end - from,
                    },
                    ..h.clone()
                }));
                let refs: Vec<&Hit> = shifted.iter().collect();
                self.judge_part(&text[from..to], &refs, commented, self_described)
            } else {
                self.judge_part(text, hits, commented, self_described)
            };
            whole.absorb(part);
            from = to;
            rest = &rest[cut..];
        }
        whole.named.sort_unstable();
        whole.named.dedup();
        whole
    }

    /// Judges a field, or one part of a long one, as [`Judge::judge_field`] describes.
    fn judge_part(
        &self,
        text: &str,
        hits: &[&Hit],
        commented: Option<&CompiledTerm>,
        self_described: bool,
    ) -> FieldJudgement {
        let mut out = FieldJudgement::default();
        if hits.is_empty() {
            return out;
        }
        let mut refs: Vec<Ref> = Vec::with_capacity(hits.len());
        let mut cues: Vec<usize> = Vec::with_capacity(hits.len());
        let mut neutral = false;
        let mut first_person = self_described;
        for (i, h) in hits.iter().enumerate() {
            let t = self.term(h);
            match t.term.category {
                Category::Support | Category::Attack | Category::Invite | Category::Activity => {
                    cues.push(i);
                }
                Category::Neutral => neutral = true,
                Category::SelfRef => first_person = true,
                Category::Exempt => {}
                c => {
                    if let Some(e) = t.entity {
                        let weak =
                            t.term.ambiguous || matches!(c, Category::Number | Category::Account);
                        refs.push(Ref {
                            hit: i,
                            entity: e,
                            weak,
                            first: h.first_token,
                            last: h.last_token,
                        });
                    }
                }
            }
        }
        self.resolve_numbers(hits, &mut refs);
        self.drop_reversed_cues(hits, &mut cues);
        let cat = |i: usize| self.term(hits[i]).term.category;
        // The camp the author's own reply is addressed to: the only camp with an account among
        // the handles the text opens with ("@prabowo @gibran_tweet ..."). A predicate said to
        // it with no camp named around it ("nggak berani adu gagasan") is about it. Without any
        // handle of a camp's account in the text, there is no such camp and no opening to read.
        let has_account = refs.iter().any(|r| cat(r.hit) == Category::Account);
        let opening = match hits[0].field {
            Field::Text if has_account => address_end(text),
            _ => 0,
        };
        let addressed = || {
            refs.iter()
                .filter(|r| cat(r.hit) == Category::Account && hits[r.hit].span.end <= opening)
        };
        let addressee = addressed()
            .next()
            .filter(|a| addressed().all(|o| o.entity == a.entity));
        // The camp a comment answers, unless the comment refers to any other camp, even weakly
        // ("panik 01"): then that may be what it is about.
        let commented = commented.and_then(|a| {
            let e = a.entity?;
            refs.iter().all(|o| o.entity == e).then_some((a, e))
        });
        // Support or appeal words approve of what a comment answers; a cue that needs its object
        // after it ("di tangan") says nothing without it.
        for &c in &cues {
            let t = &self.term(hits[c]).term;
            if t.category != Category::Activity && !t.object {
                out.any_support |= t.category != Category::Attack;
                out.strong_cue |= !t.ambiguous;
            }
        }
        let ambiguous = |i: usize| self.term(hits[i]).term.ambiguous;
        let personal = |i: usize| self.term(hits[i]).term.personal;
        // An ambiguous activity ("kader", "jaket") is about the author only with a first-person
        // word in the text, or when it touches a reference ("jaket amin") and is not marked
        // `personal` ("kader pks" is more often someone else).
        let live_cue = |c: usize| {
            cat(c) != Category::Activity
                || !ambiguous(c)
                || first_person
                || (!personal(c) && refs.iter().any(|r| distance(hits[c], r) <= 1))
        };

        // Confirmation. Clear references confirm their camp. A weak reference is confirmed by a
        // clear cue close to it or any cue touching it (numbers, ambiguous nicknames), or by a
        // different weak reference of the same camp touching it ("02 lanjutkan"). Slogans,
        // gestures and mentions are never confirmed by cues alone: "perubahan", "✌" and
        // "@prabowo" next to "dukung" say nothing of a camp by themselves.
        let mut confirmed: Vec<u32> = Vec::with_capacity(refs.len());
        confirmed.extend(refs.iter().filter(|r| !r.weak).map(|r| r.entity));
        for r in refs.iter().filter(|r| r.weak) {
            let c = self.term(hits[r.hit]).term.category;
            let by_cue = !matches!(
                c,
                Category::Slogan | Category::Gesture | Category::Account | Category::Hashtag
            ) && cues.iter().any(|&k| {
                (live_cue(k) || personal(k)) && {
                    // Numbers take a clear cue a few words away ("coblos nomor urut
                    // 2"); ambiguous words must touch it ("abah pasti menang").
                    // An ambiguous cue never confirms: "abah, semoga sehat" is a prayer
                    // for a father. An ambiguous activity may, when it touches
                    // ("jaket amin"), even one that is not about the author: "pengurus
                    // dpc pkb" is the party, whoever holds the office.
                    // An everyday word is confirmed only within the cue's phrase: in
                    // "semoga jadi presiden 2024, aamiin" the prayer follows a comma.
                    let d = distance(hits[k], r);
                    if !same_sentence(text, hits[k], hits[r.hit])
                        || (c != Category::Number && !same_phrase(text, hits[k], hits[r.hit]))
                    {
                        false
                    } else if ambiguous(k) {
                        cat(k) == Category::Activity && d <= 1
                    } else {
                        d <= 1 || (c == Category::Number && d <= NEAR_WINDOW)
                    }
                }
            });
            let by_pair = c != Category::Account
                && refs.iter().any(|o| {
                    o.weak
                        && o.entity == r.entity
                        && o.hit != r.hit
                        && cat(o.hit) != c
                        && cat(o.hit) != Category::Account
                        && ref_distance(o, r) <= 1
                        && same_sentence(text, hits[o.hit], hits[r.hit])
                });
            // A nickname listed with another camp's name ("anis dan ganjar", "abah atau
            // prabowo") names a candidate too.
            let name_like = matches!(c, Category::Name | Category::Nickname | Category::Acronym);
            let by_list = name_like
                && refs.iter().any(|o| {
                    let (a, b) = (hits[r.hit].span, hits[o.hit].span);
                    !o.weak
                        && o.entity != r.entity
                        && self.names_a_camp(hits, o)
                        && ((a.end <= b.start && joins(text, a.end, b.start))
                            || (b.end <= a.start && joins(text, b.end, a.start)))
                });
            if by_cue || by_pair || by_list {
                confirmed.push(r.entity);
            }
        }
        // A camp's handle right after a clear support or attack cue is the cue's object
        // ("dukung @prabowo @gibran_tweet", "tidak pilih @aniesbaswedan"): it confirms its camp
        // and the cue may be linked to it. After an invitation ("ayo @prabowo jawab") a handle
        // is more often the one spoken to.
        let objects: Vec<u32> = refs
            .iter()
            .filter(|r| {
                cat(r.hit) == Category::Account
                    && cues.iter().any(|&k| {
                        live_cue(k)
                            && !ambiguous(k)
                            && matches!(cat(k), Category::Support | Category::Attack)
                            && is_object(text, hits[k], hits[r.hit], r)
                    })
            })
            .map(|r| r.entity)
            .collect();
        confirmed.extend_from_slice(&objects);
        confirmed.sort_unstable();
        confirmed.dedup();
        let is_confirmed = |r: &Ref| confirmed.binary_search(&r.entity).is_ok();
        // Clear references, for entity attribution and for soft markers.
        let clear: Vec<u32> = refs.iter().filter(|r| !r.weak).map(|r| r.entity).collect();

        // Markers.
        for r in &refs {
            let t = self.term(hits[r.hit]);
            if !matches!(t.term.category, Category::Hashtag | Category::Slogan) {
                continue;
            }
            // A slogan is said in one breath: "kata Ganjar, presiden harus netral" is not
            // "Ganjar presiden".
            if broken_phrase(text, hits[r.hit]) {
                continue;
            }
            let attack = t.term.stance == Stance::Attack;
            let id = &self.entities[r.entity as usize].id;
            if !r.weak {
                out.findings.push(
                    Finding::about(
                        W_MARKER,
                        Rule::KampanyeMedsos,
                        r.entity,
                        attack,
                        reason(&[
                            "campaign ",
                            t.term.category.as_str(),
                            " `",
                            &t.term.text,
                            if attack { "` attacking " } else { "` of " },
                            id,
                        ]),
                    )
                    .of_words(hits[r.hit], hits[r.hit]),
                );
                continue;
            }
            let jibe = self.addressed_jibe(r, &refs, hits);
            if jibe || is_confirmed(r) {
                // A generic slogan right next to its camp ("02 lanjutkan", "AMIN aja dulu") is
                // campaign jargon; further away it only adds colour. Jargon said to the camp's
                // own account is as close as it gets.
                let near = jibe
                    || refs
                        .iter()
                        .any(|o| o.hit != r.hit && o.entity == r.entity && ref_distance(o, r) <= 1);
                out.findings.push(Finding::about(
                    if near {
                        W_SOFT_MARKER_NEAR
                    } else {
                        W_SOFT_MARKER
                    },
                    Rule::KampanyeMedsos,
                    r.entity,
                    attack,
                    reason(&[
                        t.term.category.as_str(),
                        " `",
                        &t.term.text,
                        "` used with a reference to ",
                        id,
                    ]),
                ));
            }
        }

        // Hashtags built on a candidate's or party's name with words of their own
        // (#PrabowoJuara, #MendingAnies, #GanjarPresiden2024, #TolakGibran) are campaign tags
        // even when the pack does not list them; the bare name (#PrabowoSubianto) is not.
        let mut tagged: Vec<u32> = Vec::new();
        // Without a `#` in the text there is no hashtag to look at.
        let has_tag = memchr::memchr(b'#', text.as_bytes()).is_some();
        for r in refs.iter().filter(|r| {
            has_tag
                && !r.weak
                && matches!(
                    cat(r.hit),
                    Category::Name | Category::Nickname | Category::Acronym
                )
        }) {
            if tagged.contains(&r.entity) {
                continue;
            }
            let Some(tag) = hashtag_around(text, hits[r.hit].span.range()) else {
                continue;
            };
            let spans: Vec<std::ops::Range<usize>> = refs
                .iter()
                .map(|o| hits[o.hit].span.range())
                .filter(|o| tag.start <= o.start && o.end <= tag.end)
                .collect();
            let own_words = text[tag.clone()].char_indices().any(|(i, c)| {
                c.is_alphanumeric() && !spans.iter().any(|o| o.contains(&(tag.start + i)))
            });
            let listed = refs.iter().any(|o| {
                cat(o.hit) == Category::Hashtag && {
                    let o = hits[o.hit].span.range();
                    o.start < tag.end && tag.start < o.end
                }
            });
            if own_words && !listed {
                tagged.push(r.entity);
                let t = self.term(hits[r.hit]);
                out.findings.push(
                    Finding::about(
                        W_SOFT_MARKER_NEAR,
                        Rule::KampanyeMedsos,
                        r.entity,
                        false,
                        reason(&[
                            "hashtag `#",
                            &text[tag.clone()],
                            "` built on `",
                            &t.term.text,
                            "` (",
                            t.term.category.as_str(),
                            " of ",
                            &self.entities[r.entity as usize].id,
                            ")",
                        ]),
                    )
                    .of_words(hits[r.hit], hits[r.hit]),
                );
            }
        }

        // Cues linked to the nearest confirmed reference. Mentions are linked only when the
        // camp is also named in words.
        for &c in cues.iter().filter(|&&c| live_cue(c)) {
            let h = hits[c];
            let t = self.term(h);
            let weak_cue = t.term.ambiguous && t.term.category != Category::Activity;
            let candidates = || {
                refs.iter()
                    .filter(|r| is_confirmed(r))
                    .filter(|r| {
                        cat(r.hit) != Category::Account
                            || clear.contains(&r.entity)
                            || objects.contains(&r.entity)
                    })
                    .filter(|r| distance(h, r) <= CUE_WINDOW)
                    .filter(|r| !t.term.object || is_object(text, h, hits[r.hit], r))
            };
            let nearest = |r: &&Ref| (distance(h, r), r.weak, r.hit);
            let closest = candidates().min_by_key(nearest);
            // A predicate speaks of its subject, named in words before it in its sentence
            // (unless its clause opens with "yang": in "..., yang pasti menang ya Anies" the
            // subject follows); without one, said in a reply to one camp's accounts with no
            // camp named around it, of that camp, as if next to it; otherwise of the nearest
            // camp, as any cue. How close the cue stands to a camp still decides how much an
            // everyday word weighs.
            let subject = || {
                candidates()
                    .filter(|r| {
                        cat(r.hit) != Category::Account
                            && r.last < h.first_token
                            && same_sentence(text, hits[r.hit], h)
                    })
                    .min_by_key(nearest)
            };
            let subject_before = t.term.predicate && !opens_with_yang(text, h);
            // Said to the addressee: in the reply's first sentence, a few words in, and not
            // right next to another camp's weak reference, which may be its subject ("Paling
            // oke amin sih" under @prabowo praises AMIN).
            let reply_to = addressee.filter(|a| {
                t.term.predicate
                    && closest.is_none()
                    && !refs
                        .iter()
                        .any(|o| o.entity != a.entity && o.weak && distance(h, o) <= 1)
                    && h.span.start >= opening
                    && same_sentence(text, hits[a.hit], h)
                    && text
                        .get(opening..h.span.start)
                        .is_some_and(|gap| gap.split_whitespace().count() <= CUE_WINDOW as usize)
            });
            // The author's support or attack aimed at a pronoun ("kami yakin mendukung
            // mereka", "saya yakin beliau") speaks of the camp the sentence named before it,
            // however far back, when it named only one: "Prabowo-Gibran memahami kebutuhan
            // pendidikan di Jawa Timur, itulah mengapa kami mendukung mereka". Said by anyone
            // else ("rakyat pun memilih mereka"), or of a noun ("cara terbaik mereka", their
            // best way), it is not the author's stance.
            let antecedent = || {
                if !matches!(t.term.category, Category::Support | Category::Attack)
                    || !pronoun_after(text, h)
                    || !self.first_person_at(text, hits, h, 3, 0)
                {
                    return None;
                }
                let mut named = refs.iter().filter(|r| {
                    !r.weak
                        && cat(r.hit) != Category::Account
                        && r.last < h.first_token
                        && same_sentence(text, hits[r.hit], h)
                });
                let first = named.next()?;
                named.all(|r| r.entity == first.entity).then_some(first)
            };
            let (target, said_to, of_pronoun) = match antecedent() {
                Some(a) => (Some(a), false, true),
                None => match (subject_before.then(subject).flatten(), reply_to) {
                    (Some(s), _) => (Some(s), false, false),
                    (None, Some(a)) => (Some(a), true, false),
                    (None, None) => (closest, false, false),
                },
            };
            let near =
                said_to || of_pronoun || closest.is_some_and(|c| distance(h, c) <= NEAR_WINDOW);
            let Some(r) = target else {
                // Derision in a comment on (or quote of) a camp's own post about the election,
                // in its first sentence with no camp named around it, is said to that camp.
                // Praise there is approval of the post, which the activity's judgement weighs.
                if let Some((account, entity)) = commented {
                    if subject_before
                        && t.term.category == Category::Attack
                        && in_first_sentence(text, h)
                    {
                        // An everyday word weighs as next to the camp; a clear one as a stance
                        // toward a camp named only by its account.
                        let weight = if weak_cue {
                            W_WEAK_CUE_NEAR
                        } else {
                            W_STANCE_WEAK_REF
                        };
                        out.findings.push(Finding::about(
                            weight,
                            Rule::KampanyeMedsos,
                            entity,
                            true,
                            reason(&[
                                "attack: `",
                                &t.term.text,
                                "` answering a post by `",
                                &account.term.text,
                                "` (account of ",
                                &self.entities[entity as usize].id,
                                "), with no subject named before it",
                            ]),
                        ));
                    }
                }
                continue;
            };
            let rt = self.term(hits[r.hit]);
            let entity = &self.entities[r.entity as usize].id;
            let stance_weight = if r.weak { W_STANCE_WEAK_REF } else { W_STANCE };
            // What the cue is, in words: a fixed word, or an activity with its rule.
            let (weight, mut rules, what) = match t.term.category {
                Category::Activity => {
                    let rule = t.term.rule.unwrap_or(Rule::KampanyeMedsos);
                    (
                        W_ACTIVITY,
                        RuleSet::of(rule),
                        ["own campaign activity (", rule.id(), ")"],
                    )
                }
                _ if weak_cue => (
                    if near {
                        W_WEAK_CUE_NEAR
                    } else {
                        W_WEAK_CUE_FAR
                    },
                    RuleSet::of(Rule::KampanyeMedsos),
                    [
                        if t.term.category == Category::Attack {
                            "attack"
                        } else {
                            "stance"
                        },
                        "",
                        "",
                    ],
                ),
                Category::Invite => {
                    let mut rules = RuleSet::of(Rule::KampanyeMedsos);
                    rules.insert(Rule::AjakanKeberpihakan);
                    (stance_weight, rules, ["invitation", "", ""])
                }
                Category::Attack => (
                    stance_weight,
                    RuleSet::of(Rule::KampanyeMedsos),
                    ["attack", "", ""],
                ),
                _ => (
                    stance_weight,
                    RuleSet::of(Rule::KampanyeMedsos),
                    ["support", "", ""],
                ),
            };
            // "ayo coblos X" and a clause opening with "coblos X!" or "jangan pilih X" are
            // appeals to others as well as stances.
            if matches!(t.term.category, Category::Attack | Category::Support)
                && ((t.term.imperative && opens_clause(text, h))
                    || cues
                        .iter()
                        .any(|&o| cat(o) == Category::Invite && distance(hits[o], r) <= CUE_WINDOW))
            {
                rules.insert(Rule::AjakanKeberpihakan);
            }
            // A refusal or insult before a list ("pantang pilih Anies dan Ganjar") is about
            // everyone in it. Support before a list is often a choice still open ("pilih
            // Prabowo atau Anies?"), so it stays with the nearest name.
            let entities = if t.term.category == Category::Attack {
                self.listed_with(text, hits, &refs, &confirmed, r)
            } else {
                vec![r.entity]
            };
            let mut why = reason(&[
                what[0],
                what[1],
                what[2],
                ": `",
                &t.term.text,
                if said_to {
                    "` in a reply to `"
                } else if of_pronoun {
                    "` with a pronoun for `"
                } else {
                    "` near `"
                },
                &rt.term.text,
                "` (",
                rt.term.category.as_str(),
                " of ",
                entity,
                if said_to {
                    "), with no subject named before it"
                } else {
                    ")"
                },
            ]);
            if entities.len() > 1 {
                why.push_str(" and the camps listed with it (");
                why.push_str(&self.names(&entities[1..]));
                why.push(')');
            }
            out.findings.push(
                Finding {
                    weight,
                    rules,
                    entities,
                    reason: why,
                    // An everyday insult is an attack only right next to a camp (for a predicate, a
                    // camp may be near while its subject is further back).
                    attack: t.term.category == Category::Attack && (!weak_cue || near),
                    own: t.term.category == Category::Support
                        && self.first_person_at(text, hits, h, 1, 1),
                    span: ANYWHERE,
                }
                .of_words(h, hits[r.hit]),
            );
        }

        // Gestures of a confirmed camp.
        for r in refs
            .iter()
            .filter(|r| cat(r.hit) == Category::Gesture && is_confirmed(r))
        {
            let t = self.term(hits[r.hit]);
            // A sign emoji beside a campaign hashtag decorates the tag ("#PrabowoGibran2024
            // ✌"); the tag is the marker, and no hand sign is shown.
            let decoration = !t.term.text.chars().any(char::is_alphabetic)
                && refs
                    .iter()
                    .any(|o| cat(o.hit) == Category::Hashtag && ref_distance(o, r) <= 1);
            // "dua jari" inside "salam dua jari" is the same sign.
            let within = refs.iter().any(|o| {
                let (a, b) = (hits[o.hit].span, hits[r.hit].span);
                o.hit != r.hit
                    && cat(o.hit) == Category::Gesture
                    && a.start <= b.start
                    && b.end <= a.end
                    && (a.start, a.end) != (b.start, b.end)
            });
            if !decoration && !within {
                let attack = t.term.stance == Stance::Attack;
                let mut f = Finding::about(
                    W_GESTURE,
                    Rule::FotoSimbolAtribut,
                    r.entity,
                    attack,
                    reason(&[
                        "partisan hand sign `",
                        &t.term.text,
                        if attack { "` against " } else { "` of " },
                        &self.entities[r.entity as usize].id,
                    ]),
                );
                // A camp's greeting written out ("salam dua jari") is campaign speech too.
                if !r.weak {
                    f.rules.insert(Rule::KampanyeMedsos);
                }
                out.findings.push(f);
            }
        }

        // A concession: praise of some camps, then "tapi" and a stance for one other
        // ("Program Ganjar-Mahfud memang bagus, tapi kami yakin Prabowo-Gibran lebih tepat",
        // "Meski program Ganjar-Mahfud bagus, kami yakin Prabowo-Gibran ...").
        // The stance after the turn is the author's; what came before it is granted, not
        // argued.
        let mut balanced = self.is_balanced(&refs, &out.findings, hits);
        let turn = self.concession(text, &out.findings, &refs, hits, balanced);
        if let Some(turn) = turn {
            out.findings.retain(|f| f.span.start >= turn);
            refs.retain(|r| hits[r.hit].span.start >= turn);
            balanced = self.is_balanced(&refs, &out.findings, hits);
        }
        // The author's own choice, said in the first person, is not even-handed talk about
        // the camps ("Saya selalu memastikan kalau pilihan saya akan tetap ke Ganjar ... bukan
        // Prabowo bukan Anies").
        balanced &= !out.findings.iter().any(|f| f.own);
        let clear: Vec<u32> = match turn {
            Some(_) => refs.iter().filter(|r| !r.weak).map(|r| r.entity).collect(),
            None => clear,
        };

        // A flagged text is about every camp it names clearly, not only the one a cue sat next
        // to ("PAN bersama Prabowo-Gibran"). But a party named only as the carrier of a pair the
        // text argues about ("Ganjar, capres dari PDIP, figur yang tepat") is context, and so is
        // the rival in a pure attack ("Anies cuma bisa ngejar Prabowo-Gibran").
        if !out.findings.is_empty() {
            let argued: Vec<u32> = out
                .findings
                .iter()
                .flat_map(|f| f.entities.iter().copied())
                .collect();
            let only_attacks = out.findings.iter().all(|f| f.attack);
            // A camp named clearly is in already; only other camps' mentions are read.
            let mentioned = self.mentions_in_sentences(text, hits, &refs, &clear);
            out.named = clear
                .into_iter()
                .chain(mentioned)
                .filter(|&e| argued.contains(&e) || !(only_attacks || self.carried(e, &argued)))
                .collect();
            out.named.sort_unstable();
            out.named.dedup();
        }
        // Nor is it news or socialisation: a neutral phrase beside it ("Pemilu damai, saya
        // dukung Prabowo-Gibran") does not make it someone else's.
        out.neutral = neutral && !out.findings.iter().any(|f| f.own);
        out.balanced = balanced;
        out.election_talk = refs.iter().any(|r| !r.weak)
            || cues
                .iter()
                .any(|&c| cat(c) == Category::Activity || !ambiguous(c));
        out
    }

    /// Whether a first-person word ("saya", "kami") stands at hit `h`, in its phrase: over it,
    /// or up to `before` words before it or `after` words after it.
    fn first_person_at(&self, text: &str, hits: &[&Hit], h: &Hit, before: u32, after: u32) -> bool {
        hits.iter().any(|o| {
            self.term(o).term.category == Category::SelfRef
                && if o.last_token < h.first_token {
                    h.first_token - o.last_token <= before
                } else if o.first_token > h.last_token {
                    o.first_token - h.last_token <= after
                } else {
                    true
                }
                && same_phrase(text, o, h)
        })
    }

    /// The camps whose handles stand inside a sentence as names ("pendukung @ganjarpranowo
    /// yg sudah sadar"): a flagged text is about them as if they were named in words. Camps in
    /// `known` are left out.
    fn mentions_in_sentences(
        &self,
        text: &str,
        hits: &[&Hit],
        refs: &[Ref],
        known: &[u32],
    ) -> Vec<u32> {
        refs.iter()
            .filter(|r| {
                self.term(hits[r.hit]).term.category == Category::Account
                    && !known.contains(&r.entity)
                    && mention_in_sentence(text, hits[r.hit])
            })
            .map(|r| r.entity)
            .collect()
    }

    /// Whether `r` is a camp's attack jargon with an everyday reading ("asam sulfat", "belimbing
    /// sayur", "pelanggar ham") in a text addressed to that camp's own account: said to the camp,
    /// it mocks the camp rather than speaking of chemistry, fruit or law.
    fn addressed_jibe(&self, r: &Ref, refs: &[Ref], hits: &[&Hit]) -> bool {
        let t = self.term(hits[r.hit]);
        t.term.stance == Stance::Attack
            && matches!(t.term.category, Category::Slogan | Category::Hashtag)
            && refs.iter().any(|o| {
                o.entity == r.entity && self.term(hits[o.hit]).term.category == Category::Account
            })
    }

    /// The camps named in one list with the reference `r` ("pantang pilih Anies dan Ganjar",
    /// "PSI & Prabowo Gibran anti budaya"). Only names of pairs or parties (clear, or of
    /// `confirmed` camps) and their handles, joined by a conjunction, make a list; a comma may as
    /// well end a clause.
    fn listed_with(
        &self,
        text: &str,
        hits: &[&Hit],
        refs: &[Ref],
        confirmed: &[u32],
        r: &Ref,
    ) -> Vec<u32> {
        let mut out = vec![r.entity];
        // A camp's handle in a list of handles ("jangan pilih @aniesbaswedan dan
        // @ganjarpranowo") is a name too: the conjunction that joins it says so.
        let handle = |o: &Ref| {
            self.term(hits[o.hit]).term.category == Category::Account
                && matches!(
                    self.entities[o.entity as usize].kind,
                    EntityKind::Pair | EntityKind::Party
                )
        };
        let named = |o: &Ref| {
            ((!o.weak || confirmed.binary_search(&o.entity).is_ok()) && self.names_a_camp(hits, o))
                || handle(o)
        };
        if !named(r) {
            return out;
        }
        // Grow the list around `r` until no name touches it or joins it with a conjunction,
        // on either side; the parts of one name overlap and join too.
        let mut reach = hits[r.hit].span;
        let mut grew = true;
        while grew {
            grew = false;
            for o in refs.iter().filter(|o| named(o)) {
                let span = hits[o.hit].span;
                let inside = span.start >= reach.start && span.end <= reach.end;
                let after = span.start >= reach.start && joins(text, reach.end, span.start);
                let before = span.end <= reach.end && joins(text, span.end, reach.start);
                if !(inside || after || before) {
                    continue;
                }
                if !inside {
                    reach.start = reach.start.min(span.start);
                    reach.end = reach.end.max(span.end);
                    grew = true;
                }
                if !out.contains(&o.entity) {
                    out.push(o.entity);
                }
            }
        }
        out
    }

    /// Whether `r` is a pair's or a party's name, nickname or acronym: what a list of camps is
    /// made of.
    fn names_a_camp(&self, hits: &[&Hit], r: &Ref) -> bool {
        matches!(
            self.term(hits[r.hit]).term.category,
            Category::Name | Category::Nickname | Category::Acronym
        ) && matches!(
            self.entities[r.entity as usize].kind,
            EntityKind::Pair | EntityKind::Party
        )
    }

    /// Removes the support cues that are part of a refusal and the attack cues that are part of
    /// an appeal: "tidak memilih" and "jangan pilih" contain "memilih" and "pilih", and "tidak
    /// layak" opens "layak jadi presiden"; on their own these say the opposite. A cue goes when a
    /// cue of the other stance covers its first word.
    fn drop_reversed_cues(&self, hits: &[&Hit], cues: &mut Vec<usize>) {
        let stance = |i: usize| match self.term(hits[i]).term.category {
            Category::Support => Some(Stance::Support),
            Category::Attack => Some(Stance::Attack),
            _ => None,
        };
        // Every support and attack hit is a cue, so the hits themselves are searched.
        let reversed = |i: usize| {
            let Some(own) = stance(i) else { return false };
            let a = &hits[i].norm;
            (0..hits.len()).any(|o| {
                let b = &hits[o].norm;
                b.start <= a.start
                    && a.start < b.end
                    && (b.start < a.start || b.end > a.end)
                    && stance(o).is_some_and(|s| s != own)
            })
        };
        cues.retain(|&i| !reversed(i));
    }

    /// Whether `party` backs one of the `argued` pairs.
    fn carried(&self, party: u32, argued: &[u32]) -> bool {
        let p = &self.entities[party as usize];
        p.kind == EntityKind::Party
            && argued.iter().any(|&a| {
                let pair = &self.entities[a as usize];
                pair.kind == EntityKind::Pair && pair.parties.contains(&p.id)
            })
    }

    /// Content that names several pairs evenly (polls, news of the draw, "bapak #01, anak
    /// #03") reports rather than campaigns: it counts as a neutral context. Attacks and
    /// invitations are never balanced.
    fn is_balanced(&self, refs: &[Ref], findings: &[Finding], hits: &[&Hit]) -> bool {
        // Pointed words are never even-handed; checked first, as the cheapest test.
        let pointed = refs.iter().any(|r| {
            let t = self.term(hits[r.hit]);
            t.term.stance == Stance::Attack
        }) || findings.iter().any(|f| {
            f.attack
                || f.rules
                    .iter()
                    .any(|r| !matches!(r, Rule::KampanyeMedsos | Rule::FotoSimbolAtribut))
        });
        if pointed {
            return false;
        }
        let is_pair = |e: u32| self.entities[e as usize].kind == EntityKind::Pair;
        // Pairs named clearly, each counted where it is first named.
        let named = refs
            .iter()
            .enumerate()
            .filter(|&(i, r)| {
                !r.weak
                    && is_pair(r.entity)
                    && !refs[..i].iter().any(|o| !o.weak && o.entity == r.entity)
            })
            .count();
        if named >= 3 {
            return true;
        }
        // Pairs argued about about as strongly as the most argued one: a slogan for one pair
        // beside a passing word about another is not even-handed. Each pair is taken where it
        // first appears in the findings.
        let argued_pairs = || {
            findings.iter().enumerate().flat_map(move |(i, f)| {
                f.entities
                    .iter()
                    .enumerate()
                    .filter(move |&(k, &e)| {
                        is_pair(e)
                            && !f.entities[..k].contains(&e)
                            && !findings[..i].iter().any(|g| g.entities.contains(&e))
                    })
                    .map(|(_, &e)| e)
            })
        };
        let strength = |pair: u32| score(findings.iter().filter(|f| f.entities.contains(&pair)));
        let top = argued_pairs().map(strength).fold(0.0, f32::max);
        argued_pairs()
            .filter(|&pair| strength(pair) >= EVEN_RATIO * top)
            .nth(1)
            .is_some()
    }

    /// Where the author's own stance starts, when the text grants something to some camps and
    /// then turns (with "tapi", or after a clause opened by "meski": see [`turns`]) to a
    /// stance for one other: the end of the last turn that every finding stands wholly before
    /// or after, with findings on both sides, those after it about that one camp and those
    /// before about others, and a support, attack or appeal word after it (a hashtag after
    /// "tapi" may only be quoted). In a text that would otherwise read as even-handed
    /// (`balanced`), the findings before the turn are what it grants. In any other, the turn
    /// counts only with no finding before it, other camps named there and a first-person word
    /// after it: the camps before are the comparison the author's stance is set against
    /// ("Ganjar-Mahfud mungkin menawarkan program nasional, tapi kami percaya Prabowo-Gibran
    /// ..."), not camps the text argues about.
    fn concession(
        &self,
        text: &str,
        findings: &[Finding],
        refs: &[Ref],
        hits: &[&Hit],
        balanced: bool,
    ) -> Option<usize> {
        if findings.is_empty() {
            return None;
        }
        // Every turn below asks for a stance word after it, and, in a text that is not
        // even-handed, a first-person word after it: without any in the text there is none.
        let any = |wanted: &[Category]| {
            hits.iter()
                .any(|h| wanted.contains(&self.term(h).term.category))
        };
        if !(balanced || any(&[Category::SelfRef]))
            || !any(&[Category::Support, Category::Attack, Category::Invite])
        {
            return None;
        }
        turns(text).into_iter().rev().find_map(|turn| {
            let mut camp = None;
            let mut granted = Vec::new();
            for f in findings {
                if f.span.start >= turn.end {
                    let [e] = f.entities[..] else {
                        return None;
                    };
                    if camp.is_some_and(|c| c != e) {
                        return None;
                    }
                    camp = Some(e);
                } else if f.span.end <= turn.start {
                    granted.extend(&f.entities);
                } else {
                    return None;
                }
            }
            let camp = camp?;
            let stance_after = hits.iter().any(|h| {
                h.span.start >= turn.end
                    && matches!(
                        self.term(h).term.category,
                        Category::Support | Category::Attack | Category::Invite
                    )
            });
            let compared = || {
                let mut before = refs
                    .iter()
                    .filter(|r| hits[r.hit].span.start < turn.start)
                    .peekable();
                before.peek().is_some() && before.all(|r| !r.weak && r.entity != camp)
            };
            // Without a finding before the turn, the author's voice after it ("kami yakin",
            // "pilihan kami") tells a comparison from a turn inside one argument ("Anies ...
            // tp tdk bisa kerja").
            let in_person = || {
                hits.iter().any(|h| {
                    h.span.start >= turn.end && self.term(h).term.category == Category::SelfRef
                })
            };
            let grants = if balanced {
                !granted.is_empty() && !granted.contains(&camp)
            } else {
                granted.is_empty() && in_person() && compared()
            };
            (stance_after && grants).then_some(turn.end)
        })
    }

    /// A pair number that equals the number of a party named in the same text is the party's
    /// ("coblos PKB nomor 1" is about PKB, not paslon-01).
    fn resolve_numbers(&self, hits: &[&Hit], refs: &mut [Ref]) {
        let parties: Vec<(u32, u32)> = refs
            .iter()
            .filter(|r| !r.weak || self.term(hits[r.hit]).term.category != Category::Number)
            .filter_map(|r| {
                let e = &self.entities[r.entity as usize];
                (e.kind == EntityKind::Party).then_some((e.number?, r.entity))
            })
            .collect();
        if parties.is_empty() {
            return;
        }
        for r in refs.iter_mut() {
            if self.term(hits[r.hit]).term.category != Category::Number {
                continue;
            }
            let e = &self.entities[r.entity as usize];
            if e.kind != EntityKind::Pair {
                continue;
            }
            if let Some(&(_, party)) = parties.iter().find(|(n, _)| Some(*n) == e.number) {
                r.entity = party;
            }
        }
    }
}

/// An interaction judged by its target's official account alone.
fn account_finding(accounts: &[u32], reason: String) -> Finding {
    Finding {
        weight: 0.0,
        rules: RuleSet::of(Rule::InteraksiKampanye),
        entities: accounts.to_vec(),
        reason,
        attack: false,
        own: false,
        span: ANYWHERE,
    }
}

/// How many of `hits` (a field's, in order of their start) make the next part of a long field:
/// all of them when they fit in one; otherwise the last place, at most [`PART_HITS`] in, where no
/// hit before it reaches past the next one's start, or, failing that, the first such place after.
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

/// Where a text turns from what it grants to what it argues, as byte ranges of `text`, in
/// order: a word that turns against what came before ("tapi", "tetapi", "namun", and "tp" for
/// "tapi"), or the comma that closes a clause opened by one that grants ("meski", "meskipun",
/// "walaupun", "walau", "biarpun", "kendati": "Meski program Ganjar-Mahfud bagus, kami yakin
/// ...").
fn turns(text: &str) -> Vec<Range<usize>> {
    const AGAINST: [&str; 4] = ["tapi", "tetapi", "namun", "tp"];
    const GRANTING: [&str; 6] = [
        "meski", "meskipun", "walaupun", "walau", "biarpun", "kendati",
    ];
    let is = |words: &[&str], w: &str| words.iter().any(|c| w.eq_ignore_ascii_case(c));
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else {
            continue;
        };
        let word = &text[s..i];
        if is(&AGAINST, word) {
            out.push(s..i);
        } else if is(&GRANTING, word) {
            // The granted clause ends at its comma, if one comes before the sentence ends.
            let rest = &text[i..];
            let end = rest
                .find(CLAUSE_END)
                .filter(|&k| rest[k..].starts_with(','));
            if let Some(k) = end {
                out.push(i + k..i + k + 1);
            }
        }
    }
    out.sort_unstable_by_key(|r| r.start);
    out
}

/// What ends a clause.
const CLAUSE_END: [char; 7] = [',', ';', ':', '.', '!', '?', '\n'];

/// Whether hit `h` stands in the first sentence of `text`.
fn in_first_sentence(text: &str, h: &Hit) -> bool {
    let before = text.get(..h.span.start).unwrap_or("");
    sentence_break(before).is_none()
}

/// Whether the clause of hit `h` opens with "yang" right before it ("..., yang pasti menang ya
/// Anies"): a cleft whose subject comes after the predicate.
fn opens_with_yang(text: &str, h: &Hit) -> bool {
    let before = text.get(..h.span.start).unwrap_or("");
    let clause = before
        .rfind(CLAUSE_END)
        .map_or(before, |i| &before[i + 1..]);
    let mut words = clause.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("yang") || w.eq_ignore_ascii_case("yg"))
}

/// The original text that hit `h` matched.
fn matched<'a>(activity: &'a Activity, h: &Hit) -> &'a str {
    match h.field {
        Field::Text => activity.text.as_deref(),
        Field::TargetText => activity.target_text.as_deref(),
        Field::TargetAuthor => activity.target_author.as_deref(),
    }
    .and_then(|text| text.get(h.span.range()))
    .unwrap_or("")
}

/// Makes `slot` hold `s`, in the buffer it already has.
fn set_str(slot: &mut String, s: &str) {
    slot.clear();
    slot.push_str(s);
}

/// A reason from its pieces, with room for the weight the verdict appends: one allocation,
/// and none of the formatting machinery, which cost more than the rest of the judging.
fn reason(parts: &[&str]) -> String {
    const WEIGHT_ROOM: usize = " (weight 0.00)".len();
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut s = String::with_capacity(len + WEIGHT_ROOM);
    for p in parts {
        s.push_str(p);
    }
    s
}

fn kind_verb(kind: Kind) -> &'static str {
    match kind {
        Kind::Like => "likes",
        Kind::Share => "shares",
        _ => "interacts with",
    }
}

/// The body (after `#`) of the hashtag that `span` lies in, if it lies in one.
fn hashtag_around(text: &str, span: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inner = text.get(span.clone())?;
    if inner.is_empty() || !inner.chars().all(word) {
        return None;
    }
    let start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| word(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    if !text[..start].ends_with('#') {
        return None;
    }
    let end = text[span.end..]
        .char_indices()
        .find(|&(_, c)| !word(c))
        .map_or(text.len(), |(i, _)| span.end + i);
    Some(start..end)
}

/// The end of the handles a reply opens with ("@user @prabowo halo" gives the end of
/// "@prabowo"), or 0 when the text does not open with one.
fn address_end(text: &str) -> usize {
    let mut end = 0;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let Some(body) = trimmed.strip_prefix('@') else {
            return end;
        };
        // Handles are letters, digits and `_`, and on some platforms `.` between them.
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let mut len = 0;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let dotted = c == '.' && len > 0 && chars.peek().is_some_and(|&(_, n)| word(n));
            if !(word(c) || dotted) {
                break;
            }
            len = i + c.len_utf8();
        }
        if len == 0 {
            return end;
        }
        let at = text.len() - trimmed.len();
        end = at + 1 + len;
        rest = &text[end..];
    }
}

/// Whether a mention stands among words as a name would ("tdk respect dgn @ganjarpranowo yg
/// diusung ..."): a word somewhere before it and somewhere after it, so it is neither in the
/// handles a reply opens with nor in the tags a post ends with.
fn mention_in_sentence(text: &str, h: &Hit) -> bool {
    let is_word = |w: &str| {
        !w.starts_with('@')
            && !w.starts_with('#')
            && !w.starts_with("http")
            && w.chars().any(char::is_alphanumeric)
    };
    let before = text.get(..h.span.start).unwrap_or("");
    let after = text.get(h.span.end..).unwrap_or("");
    // The handle must end where the match ends ("@prabowo" is not "@prabowo_fans").
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return false;
    }
    before.split_whitespace().any(is_word) && after.split_whitespace().any(is_word)
}

/// Whether the text between two names (`end` of one, `start` of the next) joins them in a
/// list: a conjunction ("dan", "atau", "&", "/"). Overlapping names (parts of one name) join
/// too.
fn joins(text: &str, end: usize, start: usize) -> bool {
    if start <= end {
        return true;
    }
    let Some(gap) = text.get(end..start) else {
        return false;
    };
    let gap = gap.trim();
    [
        "dan", "atau", "serta", "maupun", "ataupun", "&", "&amp;", "&amp", "/",
    ]
    .iter()
    .any(|w| gap.eq_ignore_ascii_case(w))
}

/// Whether a hit opens a clause: nothing but mentions, punctuation or emoji before it.
fn opens_clause(text: &str, h: &Hit) -> bool {
    let mut before = text.get(..h.span.start).unwrap_or("");
    // Inside a hashtag ("#TolakAnies") it names the tag, not an appeal.
    if before.ends_with('#') {
        return false;
    }
    before = before.trim_end();
    // Replies open with the handles they answer.
    while let Some(last) = before.split_whitespace().next_back() {
        if !last.starts_with('@') {
            break;
        }
        before = before[..before.len() - last.len()].trim_end();
    }
    before
        .chars()
        .next_back()
        .map_or(true, |c| !c.is_alphanumeric())
}

/// Whether punctuation between words splits a phrase match ("Prabowo, presiden ...").
fn broken_phrase(text: &str, h: &Hit) -> bool {
    let b = text.get(h.span.range()).unwrap_or("").as_bytes();
    b.windows(2).any(|w| {
        matches!(w[0], b',' | b'.' | b';' | b':' | b'|' | b'!' | b'?') && w[1].is_ascii_whitespace()
    })
}

/// Whether a pronoun for people ("mereka", "beliau", "dia", "keduanya") follows hit `h` as
/// its next word.
fn pronoun_after(text: &str, h: &Hit) -> bool {
    let after = text.get(h.span.end..).unwrap_or("");
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return false;
    }
    let word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["mereka", "beliau", "dia", "keduanya"]
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

/// Whether reference `r` (hit `rh`) is the object of cue `h`: named right after it, in the
/// same phrase.
fn is_object(text: &str, h: &Hit, rh: &Hit, r: &Ref) -> bool {
    r.first > h.last_token && distance(h, r) <= 1 && same_phrase(text, h, rh)
}

/// Whether no sentence ends between two hits: a weak reference takes its confirmation from
/// its own sentence ("... presiden 2024. Aamiin" is a prayer, not the AMIN pair).
fn same_sentence(text: &str, a: &Hit, b: &Hit) -> bool {
    sentence_break(between(text, a, b)).is_none()
}

/// The offset of the first sentence break in `text`: a line break, or `.`, `!` or `?` before
/// a space (not the dots of an ellipsis run).
fn sentence_break(text: &str) -> Option<usize> {
    let gap = text.as_bytes();
    gap.iter().enumerate().position(|(i, &c)| {
        c == b'\n'
            || (matches!(c, b'.' | b'!' | b'?')
                && gap.get(i + 1).is_some_and(u8::is_ascii_whitespace)
                && (i == 0 || gap[i - 1] != b'.'))
    })
}

/// Whether no comma or other clause punctuation (`;`, `:`, `.`, `!`, `?`) and no line break
/// stands between two hits.
fn same_phrase(text: &str, a: &Hit, b: &Hit) -> bool {
    !between(text, a, b).contains(CLAUSE_END)
}

/// The original text between two hits, in either order (empty when they overlap).
fn between<'t>(text: &'t str, a: &Hit, b: &Hit) -> &'t str {
    let (first, second) = if a.span.start <= b.span.start {
        (a, b)
    } else {
        (b, a)
    };
    text.get(first.span.end..second.span.start).unwrap_or("")
}

fn ref_distance(a: &Ref, b: &Ref) -> u32 {
    gap(a.first, a.last, b.first, b.last)
}

/// Tokens between a hit and a reference (0 when they touch or overlap).
fn distance(h: &Hit, r: &Ref) -> u32 {
    gap(h.first_token, h.last_token, r.first, r.last)
}

/// Tokens between two token ranges (0 when they overlap).
fn gap(a_first: u32, a_last: u32, b_first: u32, b_last: u32) -> u32 {
    b_first
        .saturating_sub(a_last)
        .max(a_first.saturating_sub(b_last))
}
