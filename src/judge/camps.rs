//! The camps a field speaks of, and the features of each that the model weighs: what the stages
//! found about it, how it is named, and the field's register.
//!
//! Only a camp the stages found something about is scored: a flag must rest on words a reviewer
//! can see (a cue, an evaluation, a marker, a sign, an activity), never on a name alone, however
//! often names come with stance in the labelled sets. The other camps the text refers to (named
//! clearly or confirmed, the addressee of a reply, the camp whose post a comment answers) count
//! as the other camps beside it.

use super::feature::Feature;
use super::sheet::{Camp, Sheet};
use super::stage::StageId;

/// The features of a cue said of a camp: in news they report someone else's stance.
const STANCE: [Feature; 8] = [
    Feature::Support,
    Feature::SupportWeakRef,
    Feature::Attack,
    Feature::AttackWeakRef,
    Feature::Invite,
    Feature::WeakCueNear,
    Feature::WeakCueFar,
    Feature::Activity,
];

/// The most any one feature counts for one camp: a long text repeating a word is no more sure.
const CAP: f32 = 3.0;

/// Notes, for the trace, every camp left unscored because all that was found about it is a word
/// that may describe the word before it: the finding is shown, so the trace says why it did not
/// count.
pub(super) fn note_unscored(s: &mut Sheet<'_>) {
    if !s.tracing {
        return;
    }
    let mut describing: Vec<u32> = Vec::new();
    for f in &s.out.findings {
        if f.feature == Some(Feature::Describing) {
            describing.extend(&f.entities);
        }
    }
    describing.sort_unstable();
    describing.dedup();
    describing.retain(|&e| !argued(s, e));
    for e in describing {
        s.note(StageId::Evaluation, |s| {
            format!(
                "{} is not scored: all that was found about it is a word that may describe the \
                 word before it",
                s.camp(e)
            )
        });
    }
}

/// Whether something other than a word that may only describe the word before it was found
/// about camp `e`: a word like that is no ground for a flag on its own.
fn argued(s: &Sheet<'_>, e: u32) -> bool {
    s.out
        .findings
        .iter()
        .any(|f| f.feature.is_some_and(|x| x != Feature::Describing) && f.entities.contains(&e))
}

/// The camps of the field, with their features and scores.
pub(super) fn collect(s: &Sheet<'_>) -> Vec<Camp> {
    let mut ids: Vec<u32> = Vec::new();
    for f in s.out.findings.iter().filter(|f| f.feature.is_some()) {
        ids.extend(&f.entities);
    }
    ids.extend(
        s.refs
            .iter()
            .filter(|r| s.is_confirmed(r.entity))
            .map(|r| r.entity),
    );
    ids.extend(s.addressee.map(|a| a.entity));
    ids.extend(s.commented.map(|(_, e)| e));
    ids.sort_unstable();
    ids.dedup();
    let model = s.judge.model;
    ids.iter()
        .filter(|&&e| argued(s, e))
        .map(|&entity| {
            let mut x = s.out.register;
            for f in &s.out.findings {
                if let Some(feature) = f.feature.filter(|_| f.entities.contains(&entity)) {
                    x.add(feature, f.value);
                }
            }
            let addressed = s.addressee.is_some_and(|a| a.entity == entity);
            x.set(
                Feature::Addressee,
                f32::from(u8::from(addressed && s.addressed_first)),
            );
            x.set(
                Feature::ThreadTag,
                f32::from(u8::from(addressed && !s.addressed_first)),
            );
            // In news, the words of support and attack are someone else's.
            let stance: f32 = STANCE.iter().map(|&f| x.get(f)).sum();
            x.set(Feature::ReportedStance, x.get(Feature::News) * stance);
            let third_party = s
                .out
                .findings
                .iter()
                .filter(|f| f.third_party && f.entities.contains(&entity))
                .count();
            x.set(Feature::ThirdParty, third_party as f32);
            x.set(Feature::OtherCamps, (ids.len() - 1) as f32);
            for v in &mut x.0 {
                *v = v.min(CAP);
            }
            Camp {
                entity,
                logit: model.logit(&x),
                features: x,
            }
        })
        .collect()
}
