//! The function words of a language that the judge's stages read: what can be written onto a
//! word, what turns an argument, what joins a list, which pronouns stand for people.
//!
//! They are pack data (a `[language]` table, documented in `lexicons/README.md`), so that a
//! regional pack can add the words of its own region; the bundled `bahasa-id` pack holds
//! Indonesian's. A screener reads the union of its packs' lists.

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
