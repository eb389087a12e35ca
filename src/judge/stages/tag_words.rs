//! **tag-words**: a lower-case hashtag stays a tag.
//!
//! What it does: a name of several words written as one word right after `#`
//! (`#aniesbaswedan`, `#ganjarmahfud`) is set aside as a reference; a name run together in
//! running text ("dukung ganjarmahfud") or a hashtag the pack lists is kept.
//!
//! Why: tag lists name every camp to be found, not to argue: a post ending in "#aniesbaswedan
//! #prabowo #ganjarpranowo" is about the election, not for a camp. A camelCase tag
//! (`#AniesBaswedan`) is split by the normaliser into its words, and the word pass finds them.
//!
//! Known limits: a lower-case campaign tag the pack does not list is read as no reference at all.

use crate::scan::{Found, Hit};

use super::super::stage::StageId;
use super::super::HitDrop;

pub(in crate::judge) fn run(
    hits: &[Hit],
    live: &mut Vec<usize>,
    dropped: &mut Option<Vec<HitDrop>>,
) {
    live.retain(|&i| {
        let tagged = hits[i].found == Found::Joined { tagged: true };
        if tagged {
            HitDrop::record(
                dropped,
                StageId::TagWords,
                i,
                "a name run together in a lower-case hashtag",
            );
        }
        !tagged
    });
}
