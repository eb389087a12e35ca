//! The function words of a language that the judge's stages read: what can be written onto a
//! word, what turns an argument, what joins a list, which pronouns stand for people.
//!
//! They are pack data (a `[language]` table, documented in `lexicons/README.md`), so that a
//! regional pack can add the words of its own region; the bundled `bahasa-id` pack holds
//! Indonesian's. A screener reads the union of its packs' lists.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::error::Error;

/// Function words, merged from every pack of a screener.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Language {
    /// Enclitics written onto the word before them ("-nya", "-lah").
    pub enclitics: Vec<String>,
    /// Words that turn against what came before ("tapi", "namun").
    pub turns: Vec<String>,
    /// Words that open a clause granting something ("meski", "walaupun").
    pub granting: Vec<String>,
    /// Words and signs that join names in a list ("dan", "atau", "&").
    pub conjunctions: Vec<String>,
    /// Third-person pronouns for people ("mereka", "beliau").
    pub pronouns: Vec<String>,
    /// Words an evaluative word may follow and still be said of a camp: copulas, particles and
    /// nouns for people ("itu", "yang", "pemimpin").
    pub linkers: Vec<String>,
    /// Words of seeing: an activity word right after one is someone else's activity, seen
    /// ("lihat baliho").
    pub observing: Vec<String>,
}

impl Language {
    /// Adds `other`'s words that this one does not have yet, keeping the order of both.
    pub fn merge(&mut self, other: &Language) {
        let lists = [
            (&mut self.enclitics, &other.enclitics),
            (&mut self.turns, &other.turns),
            (&mut self.granting, &other.granting),
            (&mut self.conjunctions, &other.conjunctions),
            (&mut self.pronouns, &other.pronouns),
            (&mut self.linkers, &other.linkers),
            (&mut self.observing, &other.observing),
        ];
        for (mine, theirs) in lists {
            for w in theirs {
                if !mine.contains(w) {
                    mine.push(w.clone());
                }
            }
        }
    }
}

/// The function words compiled for reading texts quickly: one automaton per list that is looked
/// for in running text, matched without regard to ASCII case at word boundaries.
#[derive(Clone, Debug)]
pub(crate) struct Reader {
    /// Turns and granting words; patterns below `granting_from` are turns.
    turns: AhoCorasick,
    granting_from: usize,
    pronouns: AhoCorasick,
    /// Linkers, lower-case and sorted.
    linkers: Vec<String>,
    /// Words of seeing, lower-case and sorted.
    observing: Vec<String>,
}

impl Reader {
    /// Compiles `language`'s lists.
    pub fn new(language: &Language) -> Result<Reader, Error> {
        let build = |patterns: &[&String]| {
            // A few dozen short words: a full DFA is small, and the fastest to run over every text.
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Both)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
                .map_err(|e| Error::lexicon(format!("cannot compile the function words: {e}")))
        };
        let turns: Vec<&String> = language.turns.iter().chain(&language.granting).collect();
        // A turn, a granting word or a pronoun is no noun an evaluative word could describe
        // either ("lucu tapi cerdas", "beliau tegas").
        let mut linkers: Vec<String> = language
            .linkers
            .iter()
            .chain(&language.conjunctions)
            .chain(&language.turns)
            .chain(&language.granting)
            .chain(&language.pronouns)
            .map(|w| w.to_lowercase())
            .collect();
        linkers.sort_unstable();
        linkers.dedup();
        let mut observing: Vec<String> = language
            .observing
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        observing.sort_unstable();
        observing.dedup();
        Ok(Reader {
            observing,
            turns: build(&turns)?,
            granting_from: language.turns.len(),
            pronouns: build(&language.pronouns.iter().collect::<Vec<_>>())?,
            linkers,
        })
    }

    /// Where `text` turns from what it grants to what it argues, as byte ranges of `text`, in
    /// order: a turn word or phrase ("tapi", "akan tetapi"), or the comma that closes a clause a
    /// granting word opens ("Meski program Ganjar-Mahfud bagus, kami yakin ...").
    pub fn turns(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for m in self.turns.find_iter(text) {
            if !whole_word(text, m.start(), m.end()) {
                continue;
            }
            if m.pattern().as_usize() < self.granting_from {
                out.push(m.start()..m.end());
                continue;
            }
            // The granted clause ends at its comma, if one comes before the sentence ends.
            let rest = &text[m.end()..];
            if let Some(i) = rest
                .find(CLAUSE_END)
                .filter(|&i| rest[i..].starts_with(','))
            {
                out.push(m.end() + i..m.end() + i + 1);
            }
        }
        out.sort_unstable_by_key(|r| r.start);
        out.dedup();
        out
    }

    /// Whether a pronoun for people stands right after byte `at` of `text`, past a space
    /// ("mendukung mereka").
    pub fn pronoun_after(&self, text: &str, at: usize) -> bool {
        let after = text.get(at..).unwrap_or("");
        let rest = after.trim_start();
        if rest.len() == after.len() {
            return false;
        }
        let from = text.len() - rest.len();
        let input = Input::new(text).range(from..).anchored(Anchored::Yes);
        self.pronouns
            .find(input)
            .is_some_and(|m| whole_word(text, m.start(), m.end()))
    }

    /// Whether `word` is a linker, a conjunction, a turn or granting word, or a pronoun: a word
    /// an evaluative word may follow and still be said of a camp.
    pub fn is_linker(&self, word: &str) -> bool {
        sorted_contains(&self.linkers, word)
    }

    /// Whether `word` is a word of seeing.
    pub fn is_observing(&self, word: &str) -> bool {
        sorted_contains(&self.observing, word)
    }
}

/// Whether `sorted`, lower-case words in order, holds `word` without regard to ASCII case.
fn sorted_contains(sorted: &[String], word: &str) -> bool {
    sorted
        .binary_search_by(|l| l.bytes().cmp(word.bytes().map(|b| b.to_ascii_lowercase())))
        .is_ok()
}

/// What ends a clause.
const CLAUSE_END: [char; 7] = [',', ';', ':', '.', '!', '?', '\n'];

/// Whether `text[a..b]` is whole words: no letter or digit right before or after it.
fn whole_word(text: &str, a: usize, b: usize) -> bool {
    let before = text[..a].chars().next_back();
    let after = text[b..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader() -> Reader {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        Reader::new(&Language {
            turns: words(&["tapi", "akan tetapi", "namun"]),
            granting: words(&["meski"]),
            pronouns: words(&["mereka", "beliau", "orang ini"]),
            linkers: words(&["itu", "Pemimpin"]),
            conjunctions: words(&["dan"]),
            ..Language::default()
        })
        .unwrap()
    }

    #[test]
    fn turns_are_contrastive_words_and_granted_clauses() {
        let r = reader();
        let t = "Program Ganjar bagus, tapi kami pilih Prabowo";
        assert_eq!(r.turns(t), vec![22..26]);
        let t = "Meski program Ganjar bagus, kami pilih Prabowo";
        assert_eq!(r.turns(t), vec![26..27]);
        let t = "Program itu bagus. Akan tetapi kami ragu";
        assert_eq!(r.turns(t), vec![19..30]);
        assert!(r.turns("Meski hujan. Tetap datang").is_empty());
        assert!(r.turns("tapinya enak").is_empty());
    }

    #[test]
    fn a_pronoun_is_read_past_a_space() {
        let r = reader();
        assert!(r.pronoun_after("kami mendukung mereka", 14));
        assert!(r.pronoun_after("kami dukung Orang ini", 11));
        assert!(!r.pronoun_after("kami mendukungmereka", 14));
        assert!(!r.pronoun_after("kami mendukung merekam", 14));
    }

    #[test]
    fn linkers_and_conjunctions_link_without_case() {
        let r = reader();
        assert!(r.is_linker("ITU") && r.is_linker("pemimpin") && r.is_linker("dan"));
        assert!(!r.is_linker("jalan"));
    }
}
