//! Lexicon packs: the data that says which words matter for one election.
//!
//! The format is documented in `lexicons/README.md`. Loading validates everything and reports
//! errors as `PACK line N: message`; nothing in a pack can make the crate panic.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::display::shown;
use crate::error::Error;
use crate::language::Language;
use crate::normalize::normalize;
use crate::rule::Rule;

/// The bundled `pemilu-2024` pack source (the 2024 presidential and legislative election).
pub(crate) const PEMILU_2024: &str = include_str!("../lexicons/pemilu-2024.toml");
/// The bundled `bahasa-id` pack source: Indonesian function words and evaluative language.
pub(crate) const BAHASA_ID: &str = include_str!("../lexicons/bahasa-id.toml");

/// The longest term a pack may hold, in bytes. Building the scanner takes time that grows with
/// the square of a term's length (a 10 000-character word took six seconds), and no name,
/// slogan or phrase comes near this.
pub(crate) const MAX_TERM_BYTES: usize = 200;

/// The most terms one pack may hold, the number forms generated from `[numbers]` included. The
/// bundled pack has about 1 700.
pub(crate) const MAX_PACK_TERMS: usize = 20_000;

/// The most bytes of term text one pack may hold, all its terms together. The scanner's memory
/// grows with the bytes of its terms, about 300 bytes for every byte of term text: a pack at
/// both limits builds in about 0.2 s and takes about 100 MB on the development machine, where a
/// pack of a million bytes of terms took 330 MB. The bundled pack holds about 20 000.
pub(crate) const MAX_PACK_TERM_BYTES: usize = 256 << 10;

/// The largest pack file read, in bytes.
pub(crate) const MAX_PACK_BYTES: usize = 16 << 20;

/// What a lexicon term is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Category {
    /// A full or distinctive name of a candidate, pair or party.
    Name,
    /// A nickname.
    Nickname,
    /// An acronym.
    Acronym,
    /// A ballot-number form; always needs context.
    Number,
    /// A party symbol in words or emoji.
    Symbol,
    /// An official account handle.
    Account,
    /// A success team, volunteer group or coalition.
    Team,
    /// A campaign hashtag.
    Hashtag,
    /// A campaign slogan or jargon.
    Slogan,
    /// A partisan hand sign.
    Gesture,
    /// Support phrasing.
    Support,
    /// Attack phrasing.
    Attack,
    /// An invitation or appeal.
    Invite,
    /// Own campaign activity; the term names its rule.
    Activity,
    /// A neutral context that dampens.
    Neutral,
    /// A phrase that voids the matches inside it.
    Exempt,
    /// A first-person word ("saya", "kami"): what an ambiguous activity term needs to be about
    /// the author.
    #[serde(rename = "self")]
    SelfRef,
    /// Evaluative language: praise, derision, insult, fitness for office, victory or defeat
    /// ("tegas", "omdo", "pasti kalah"); its [`Class`] says which, its strength how strongly.
    Evaluation,
    /// A word that negates what follows ("tidak", "gak", "bukan").
    Negator,
    /// A word that strengthens an evaluation beside it ("sangat", "banget").
    Intensifier,
    /// A word that weakens an evaluation beside it ("agak", "lumayan").
    Downtoner,
    /// A reporting verb or attribution ("kata", "menurut", "mengatakan").
    Reporting,
    /// A question word ("apakah", "kenapa").
    Question,
    /// A wish or prayer marker ("semoga", "insyaallah").
    Wish,
    /// A word typical of news headlines and teasers ("simak", "selengkapnya").
    News,
}

impl Category {
    pub(crate) const ALL: [Category; 25] = [
        Category::Name,
        Category::Nickname,
        Category::Acronym,
        Category::Number,
        Category::Symbol,
        Category::Account,
        Category::Team,
        Category::Hashtag,
        Category::Slogan,
        Category::Gesture,
        Category::Support,
        Category::Attack,
        Category::Invite,
        Category::Activity,
        Category::Neutral,
        Category::Exempt,
        Category::SelfRef,
        Category::Evaluation,
        Category::Negator,
        Category::Intensifier,
        Category::Downtoner,
        Category::Reporting,
        Category::Question,
        Category::Wish,
        Category::News,
    ];

    /// The name used in pack files, e.g. `hashtag`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::Nickname => "nickname",
            Category::Acronym => "acronym",
            Category::Number => "number",
            Category::Symbol => "symbol",
            Category::Account => "account",
            Category::Team => "team",
            Category::Hashtag => "hashtag",
            Category::Slogan => "slogan",
            Category::Gesture => "gesture",
            Category::Support => "support",
            Category::Attack => "attack",
            Category::Invite => "invite",
            Category::Activity => "activity",
            Category::Neutral => "neutral",
            Category::Exempt => "exempt",
            Category::SelfRef => "self",
            Category::Evaluation => "evaluation",
            Category::Negator => "negator",
            Category::Intensifier => "intensifier",
            Category::Downtoner => "downtoner",
            Category::Reporting => "reporting",
            Category::Question => "question",
            Category::Wish => "wish",
            Category::News => "news",
        }
    }

    /// Whether terms of this category are function words: words the judge reads around other
    /// matches (a negator before an evaluation, a reporting verb), not evidence of their own.
    pub fn is_function_word(self) -> bool {
        matches!(
            self,
            Category::Negator
                | Category::Intensifier
                | Category::Downtoner
                | Category::Reporting
                | Category::Question
                | Category::Wish
                | Category::News
        )
    }

    fn from_name(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether terms of this category refer to an entity (and must name one).
    pub fn needs_entity(self) -> bool {
        matches!(
            self,
            Category::Name
                | Category::Nickname
                | Category::Acronym
                | Category::Number
                | Category::Symbol
                | Category::Account
                | Category::Team
                | Category::Hashtag
                | Category::Slogan
                | Category::Gesture
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an evaluative term says of the camp it is said of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Class {
    /// Qualities of a person or a programme ("tegas", "merakyat", "kerja nyata").
    Praise,
    /// Fit for office, the right choice ("layak memimpin", "pilihan terbaik").
    Fitness,
    /// A prediction or wish of victory or rule ("pasti menang", "akan memimpin negeri ini").
    Victory,
    /// Mockery and belittling ("omdo", "pencitraan", "plonga-plongo").
    Derision,
    /// A plain insult ("bodoh", "pembohong").
    Insult,
    /// Unfit for office ("gak becus").
    Unfit,
    /// A prediction of defeat ("pasti kalah", "keok").
    Defeat,
}

impl Class {
    /// Every class, in a fixed order.
    pub const ALL: [Class; 7] = [
        Class::Praise,
        Class::Fitness,
        Class::Victory,
        Class::Derision,
        Class::Insult,
        Class::Unfit,
        Class::Defeat,
    ];

    /// The name used in pack files, e.g. `praise`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Praise => "praise",
            Class::Fitness => "fitness",
            Class::Victory => "victory",
            Class::Derision => "derision",
            Class::Insult => "insult",
            Class::Unfit => "unfit",
            Class::Defeat => "defeat",
        }
    }

    fn from_name(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the class speaks for the camp (praise, fitness, victory) or against it.
    pub fn stance(self) -> Stance {
        match self {
            Class::Praise | Class::Fitness | Class::Victory => Stance::Support,
            Class::Derision | Class::Insult | Class::Unfit | Class::Defeat => Stance::Attack,
        }
    }

    /// What the class says when negated: "tidak tegas" derides, "tidak layak" finds unfit,
    /// "gak bakal menang" predicts defeat, and "bukan pembohong" is mild praise.
    pub fn negated(self) -> Class {
        match self {
            Class::Praise => Class::Derision,
            Class::Fitness => Class::Unfit,
            Class::Victory => Class::Defeat,
            Class::Derision | Class::Insult => Class::Praise,
            Class::Unfit => Class::Fitness,
            Class::Defeat => Class::Victory,
        }
    }
}

/// Whether a term expresses support for its entity or an attack on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// For the entity.
    #[default]
    Support,
    /// Against the entity.
    Attack,
}

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A pair of candidates (president and vice-president, or a regional head and deputy).
    Pair,
    /// A political party.
    Party,
    /// A single candidate (a legislative or independent candidate).
    Candidate,
}

/// A camp that verdicts name: a pair, a party or a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entity {
    /// The id reported in verdicts.
    pub id: String,
    /// What it is.
    pub kind: EntityKind,
    /// Its full name.
    pub name: String,
    /// Its ballot number, if it has one.
    pub number: Option<u32>,
    /// For a pair: the ids of the parties that back it.
    pub parties: Vec<String>,
    /// The race it stands in: its pack's, or, for a party, the national one (a party's ballot
    /// number is the same in every race).
    pub race: Race,
}

/// One term of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Term {
    /// The term as the pack spells it.
    pub text: String,
    /// What it is.
    pub category: Category,
    /// The entity it refers to, for entity categories.
    pub entity: Option<String>,
    /// Whether it needs confirming context (an everyday word or sign, such as "gemoy" or ✌).
    /// Numbers and accounts always do.
    pub ambiguous: bool,
    /// For markers: support or attack.
    pub stance: Stance,
    /// For activity terms: the rule the activity shows.
    pub rule: Option<Rule>,
    /// For support and attack cues: an appeal to others (`ajakan-keberpihakan`) when it opens
    /// a clause ("Coblos 02!", "..., jangan pilih dia").
    pub imperative: bool,
    /// For support and attack cues: it says something of its subject, the camp named before it
    /// in the sentence ("Anies cuma bisa ngejar Prabowo-Gibran" is about Anies).
    pub predicate: bool,
    /// For support and attack cues: it speaks of the camp named right after it and of no
    /// other ("di tangan Prabowo", in Prabowo's hands).
    pub object: bool,
    /// For ambiguous activity terms: about the author only with a first-person word in the
    /// text, even when it touches a camp ("kader pks" is more often someone else).
    pub personal: bool,
    /// For evaluative terms: what they say of a camp.
    pub class: Option<Class>,
    /// For evaluative terms: how strongly, from 1 (everyday, mild) to 3 (unmistakable).
    pub strength: u8,
    /// The line of the pack file it came from.
    pub line: usize,
}

impl Term {
    /// A term with no flags set.
    fn plain(text: String, category: Category, entity: Option<String>, line: usize) -> Term {
        Term {
            text,
            category,
            entity,
            ambiguous: false,
            stance: Stance::Support,
            rule: None,
            imperative: false,
            predicate: false,
            object: false,
            personal: false,
            class: None,
            strength: 0,
            line,
        }
    }
}

/// A text that a pack entry says must, or must not, flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackExample {
    /// The text.
    pub text: String,
    /// Whether it must flag (`examples`) or must not (`counterexamples`).
    pub must_flag: bool,
    /// The line of the pack file it came from.
    pub line: usize,
}

/// The level of the race a pack's election is for.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Level {
    /// President and vice-president, and the national parliament.
    #[default]
    National,
    /// A province's governor and vice-governor.
    Province,
    /// A regency's regent (bupati) and vice-regent.
    Regency,
    /// A city's mayor (wali kota) and vice-mayor.
    City,
}

impl Level {
    /// The name used in pack files, e.g. `province`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::Regency => "regency",
            Level::City => "city",
        }
    }
}

/// The race a pack's camps stand in: its level and, below the national level, its region.
/// Each race has its own ballot numbers: "nomor 2" of the governor's race is not the
/// presidential pair 02.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Race {
    /// The level.
    pub level: Level,
    /// The province, regency or city; none for the national race.
    pub region: Option<String>,
}

impl Race {
    /// The race in a few words: `national`, or the region ("Jawa Timur").
    pub fn label(&self) -> &str {
        self.region.as_deref().unwrap_or("national")
    }
}

impl fmt::Display for Race {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.region {
            Some(r) => write!(f, "{} {r}", self.level.as_str()),
            None => f.write_str(self.level.as_str()),
        }
    }
}

/// Descriptive metadata of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackMeta {
    /// The pack id, e.g. `pemilu-2024`.
    pub id: String,
    /// A human title.
    pub title: String,
    /// The election it is for.
    pub election: String,
    /// The first day it applies to (`YYYY-MM-DD`), if given.
    pub valid_from: Option<String>,
    /// The last day it applies to (`YYYY-MM-DD`), if given.
    pub valid_until: Option<String>,
    /// The race its camps stand in.
    pub race: Race,
}

/// A parsed and validated lexicon pack.
///
/// ```
/// let pack = netral::Pack::from_toml("local.toml", r#"
/// [pack]
/// id = "pilkada-contoh"
/// title = "Contoh"
/// election = "Pilkada 2024"
///
/// [[entity]]
/// id = "cabup-harun"
/// kind = "candidate"
/// name = "Harun"
///
/// [[terms]]
/// entity = "cabup-harun"
/// category = "name"
/// text = ["pak harun"]
/// "#)?;
/// assert_eq!(pack.meta().id, "pilkada-contoh");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pack {
    name: String,
    meta: PackMeta,
    entities: Vec<Entity>,
    terms: Vec<Term>,
    examples: Vec<PackExample>,
    /// Entity ids referenced by terms but not defined in this pack, with the line of the first
    /// reference; they must be defined by another pack of the same screener.
    external: Vec<(String, usize)>,
    /// The function words of its `[language]` table.
    language: Language,
}

impl Pack {
    /// Parses and validates a pack. `name` (usually the file name) prefixes error messages.
    pub fn from_toml(name: &str, source: &str) -> Result<Pack, Error> {
        if source.len() > MAX_PACK_BYTES {
            return Err(Error::lexicon(format!(
                "{name}: the pack is {} bytes long, over the limit of {} MiB",
                source.len(),
                MAX_PACK_BYTES >> 20
            )));
        }
        Parser {
            name,
            source,
            newlines: memchr::memchr_iter(b'\n', source.as_bytes()).collect(),
        }
        .parse()
    }

    /// Reads, parses and validates a pack file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Pack, Error> {
        let path = path.as_ref();
        let cannot = |e| Error::io(format!("cannot read lexicon {}", path.display()), e);
        // Read no more than one byte past the limit, so that a huge file is refused without
        // being loaded.
        let mut source = String::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(MAX_PACK_BYTES as u64 + 1)
                    .read_to_string(&mut source)
            })
            .map_err(cannot)?;
        Pack::from_toml(&path.display().to_string(), &source)
    }

    /// The bundled default pack, `pemilu-2024`.
    pub fn bundled() -> Pack {
        // The bundled pack is checked by the test suite, so this cannot fail in a release; an
        // empty pack stands in rather than a panic if it ever did.
        Pack::from_toml("pemilu-2024.toml", PEMILU_2024).unwrap_or_else(|_| Pack {
            name: "pemilu-2024.toml".into(),
            meta: PackMeta {
                id: "pemilu-2024".into(),
                title: String::new(),
                election: String::new(),
                valid_from: None,
                valid_until: None,
                race: Race::default(),
            },
            entities: Vec::new(),
            terms: Vec::new(),
            examples: Vec::new(),
            external: Vec::new(),
            language: Language::default(),
        })
    }

    /// The name given when loading (the file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pack's metadata.
    pub fn meta(&self) -> &PackMeta {
        &self.meta
    }

    /// The entities the pack defines.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Every term, including the number forms generated from `[numbers]`.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The pack's examples and counterexamples.
    pub fn examples(&self) -> &[PackExample] {
        &self.examples
    }

    pub(crate) fn external_refs(&self) -> &[(String, usize)] {
        &self.external
    }

    pub(crate) fn language(&self) -> &Language {
        &self.language
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawMeta,
    #[serde(default)]
    numbers: RawNumbers,
    #[serde(default)]
    entity: Vec<RawEntity>,
    #[serde(default)]
    terms: Vec<RawTerms>,
    #[serde(default)]
    language: RawLanguage,
}

/// A pack's `[language]` table: lists of function words.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    #[serde(default)]
    enclitics: Vec<Spanned<String>>,
    #[serde(default)]
    turns: Vec<Spanned<String>>,
    #[serde(default)]
    granting: Vec<Spanned<String>>,
    #[serde(default)]
    conjunctions: Vec<Spanned<String>>,
    #[serde(default)]
    pronouns: Vec<Spanned<String>>,
    #[serde(default)]
    linkers: Vec<Spanned<String>>,
    #[serde(default)]
    observing: Vec<Spanned<String>>,
    #[serde(default)]
    negators: Vec<Spanned<String>>,
    #[serde(default)]
    intensifiers: Vec<Spanned<String>>,
    #[serde(default)]
    downtoners: Vec<Spanned<String>>,
    #[serde(default)]
    reporting: Vec<Spanned<String>>,
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    #[serde(default)]
    wishes: Vec<Spanned<String>>,
    #[serde(default)]
    news: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    election: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    version: String,
    valid_from: Option<Spanned<String>>,
    valid_until: Option<Spanned<String>>,
    level: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbers {
    #[serde(default)]
    pair: Vec<Spanned<String>>,
    #[serde(default)]
    party: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: Spanned<String>,
    kind: Spanned<String>,
    name: String,
    number: Option<Spanned<i64>>,
    #[serde(default)]
    parties: Vec<Spanned<String>>,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    entity: Option<Spanned<String>>,
    category: Spanned<String>,
    text: Vec<Spanned<String>>,
    #[serde(default)]
    ambiguous: bool,
    stance: Option<Spanned<String>>,
    rule: Option<Spanned<String>>,
    imperative: Option<Spanned<bool>>,
    predicate: Option<Spanned<bool>>,
    object: Option<Spanned<bool>>,
    personal: Option<Spanned<bool>>,
    class: Option<Spanned<String>>,
    strength: Option<Spanned<i64>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    counterexamples: Vec<Spanned<String>>,
}

struct Parser<'a> {
    name: &'a str,
    source: &'a str,
    /// Byte offsets of the line breaks of `source`, so that every term's line number is a
    /// binary search rather than a count from the top of the file.
    newlines: Vec<usize>,
}

impl Parser<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.newlines.partition_point(|&nl| nl < end) + 1
    }

    fn err<T>(&self, spanned: &Spanned<T>, msg: impl fmt::Display) -> Error {
        Error::lexicon(format!(
            "{} line {}: {msg}",
            self.name,
            self.line(spanned.span().start)
        ))
    }

    fn parse(&self) -> Result<Pack, Error> {
        let raw: RawPack = toml::from_str(self.source).map_err(|e| {
            let line = e.span().map(|s| self.line(s.start));
            let msg = e.message().trim_end_matches('.').to_string();
            match line {
                Some(l) => Error::lexicon(format!("{} line {l}: {msg}", self.name)),
                None => Error::lexicon(format!("{}: {msg}", self.name)),
            }
        })?;
        let meta = self.meta(&raw.pack)?;
        let entities = self.entities(&raw.entity, &meta.race)?;
        let language = self.language(&raw.language)?;
        let mut pack = Pack {
            name: self.name.to_string(),
            meta,
            entities,
            terms: Vec::new(),
            examples: Vec::new(),
            external: Vec::new(),
            language,
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut term_bytes = 0;
        for group in &raw.terms {
            self.terms(group, &mut pack, &mut seen, &mut term_bytes)?;
        }
        self.function_words(&raw.language, &mut pack, &mut seen)?;
        self.numbers(&raw.numbers, &mut pack, &mut seen)?;
        Ok(pack)
    }

    fn meta(&self, m: &RawMeta) -> Result<PackMeta, Error> {
        let id = m.id.get_ref();
        let id_ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(self.err(
                &m.id,
                format!("pack id `{id}` must be lower-case letters, digits and dashes"),
            ));
        }
        let _ = (&m.description, &m.version);
        let date = |d: &Option<Spanned<String>>| -> Result<Option<String>, Error> {
            match d {
                None => Ok(None),
                Some(s) if is_date(s.get_ref()) => Ok(Some(s.get_ref().clone())),
                Some(s) => Err(self.err(
                    s,
                    format!("bad date `{}`, expected YYYY-MM-DD", s.get_ref()),
                )),
            }
        };
        let valid_from = date(&m.valid_from)?;
        let valid_until = date(&m.valid_until)?;
        if let (Some(from), Some(until), Some(span)) = (&valid_from, &valid_until, &m.valid_until) {
            if until < from {
                return Err(self.err(
                    span,
                    format!("valid_until {until} is before valid_from {from}"),
                ));
            }
        }
        Ok(PackMeta {
            id: id.clone(),
            title: m.title.clone(),
            election: m.election.clone(),
            valid_from,
            valid_until,
            race: self.race(m)?,
        })
    }

    /// The pack's race: `level` (national by default) and, for any other level, its `region`.
    fn race(&self, m: &RawMeta) -> Result<Race, Error> {
        let level = match &m.level {
            None => Level::National,
            Some(l) => match l.get_ref().as_str() {
                "national" => Level::National,
                "province" => Level::Province,
                "regency" => Level::Regency,
                "city" => Level::City,
                other => {
                    return Err(self.err(
                        l,
                        format!(
                            "unknown level `{other}` (expected national, province, regency or city)"
                        ),
                    ))
                }
            },
        };
        let region = m
            .region
            .as_ref()
            .map(|r| (r, r.get_ref().trim().to_string()));
        match (level, region) {
            (Level::National, Some((r, _))) => Err(self.err(r, "a national pack has no `region`")),
            (Level::National, None) => Ok(Race::default()),
            (_, Some((r, region))) if region.is_empty() => Err(self.err(r, "empty `region`")),
            (_, Some((_, region))) => Ok(Race {
                level,
                region: Some(region),
            }),
            (_, None) => Err(Error::lexicon(format!(
                "{}: a `{}` pack needs a `region` (the province, regency or city)",
                self.name,
                level.as_str()
            ))),
        }
    }

    /// Checks the `[language]` lists read on the text as written: each entry a lower-case word
    /// or a phrase of words with single spaces between them, written once. Enclitics are one word
    /// of letters; turns, granting words and pronouns are letters; a conjunction or a mark of
    /// may be a sign ("&", "/").
    fn language(&self, raw: &RawLanguage) -> Result<Language, Error> {
        let list = |key: &str, words: &[Spanned<String>], signs: bool| {
            let mut out: Vec<String> = Vec::with_capacity(words.len());
            for w in words {
                // The text is read word by word, and a hyphen splits words ("sah-sah").
                let text = &if signs {
                    w.get_ref().clone()
                } else {
                    w.get_ref().replace('-', " ")
                };
                let one_word = key == "enclitics";
                let ok = !text.is_empty()
                    && text.split(' ').all(|word| {
                        !word.is_empty()
                            && !word.chars().any(|c| c.is_whitespace() || c.is_uppercase())
                            && (signs || word.chars().all(char::is_alphabetic))
                    })
                    && !(one_word && text.contains(' '));
                if !ok {
                    let what = match (signs, one_word) {
                        (true, true) => "word or sign",
                        (true, false) => "word, sign or phrase",
                        (false, true) => "word of letters",
                        (false, false) => "word or phrase of letters",
                    };
                    return Err(self.err(
                        w,
                        format!("`{text}` in `{key}` must be one lower-case {what}"),
                    ));
                }
                if out.contains(text) {
                    return Err(self.err(w, format!("`{text}` is listed twice in `{key}`")));
                }
                out.push(text.clone());
            }
            Ok(out)
        };
        Ok(Language {
            linkers: list("linkers", &raw.linkers, false)?,
            observing: list("observing", &raw.observing, false)?,
            enclitics: list("enclitics", &raw.enclitics, false)?,
            turns: list("turns", &raw.turns, false)?,
            granting: list("granting", &raw.granting, false)?,
            conjunctions: list("conjunctions", &raw.conjunctions, true)?,
            pronouns: list("pronouns", &raw.pronouns, false)?,
        })
    }

    /// The `[language]` lists of words the judge reads around other matches: each entry becomes
    /// a term of its category, normalised and matched like any other.
    fn function_words(
        &self,
        raw: &RawLanguage,
        pack: &mut Pack,
        seen: &mut HashMap<String, usize>,
    ) -> Result<(), Error> {
        let lists = [
            ("negators", &raw.negators, Category::Negator),
            ("intensifiers", &raw.intensifiers, Category::Intensifier),
            ("downtoners", &raw.downtoners, Category::Downtoner),
            ("reporting", &raw.reporting, Category::Reporting),
            ("questions", &raw.questions, Category::Question),
            ("wishes", &raw.wishes, Category::Wish),
            ("news", &raw.news, Category::News),
        ];
        for (key, words, category) in lists {
            for w in words {
                let text = w.get_ref().trim();
                if text.chars().any(char::is_uppercase) {
                    return Err(self.err(w, format!("`{text}` in `{key}` must be lower-case")));
                }
                let norm = normalize(text);
                if norm.as_str().is_empty() {
                    return Err(self.err(w, format!("empty word `{text}` in `{key}`")));
                }
                let line = self.line(w.span().start);
                if let Some(first) = seen.insert(norm.as_str().to_string(), line) {
                    return Err(self.err(
                        w,
                        format!("duplicate word `{text}` in `{key}` (same as line {first} once normalised)"),
                    ));
                }
                pack.terms
                    .push(Term::plain(text.to_string(), category, None, line));
            }
        }
        Ok(())
    }

    fn entities(&self, raw: &[RawEntity], race: &Race) -> Result<Vec<Entity>, Error> {
        let mut out: Vec<Entity> = Vec::with_capacity(raw.len());
        for e in raw {
            let id = e.id.get_ref().trim();
            if id.is_empty() {
                return Err(self.err(&e.id, "empty entity id"));
            }
            if out.iter().any(|o| o.id == id) {
                return Err(self.err(&e.id, format!("duplicate entity `{id}`")));
            }
            let kind = match e.kind.get_ref().as_str() {
                "pair" => EntityKind::Pair,
                "party" => EntityKind::Party,
                "candidate" => EntityKind::Candidate,
                other => {
                    return Err(self.err(
                        &e.kind,
                        format!(
                            "unknown entity kind `{other}` (expected pair, party or candidate)"
                        ),
                    ))
                }
            };
            let number = match &e.number {
                None => None,
                Some(n) => match u32::try_from(*n.get_ref()) {
                    Ok(v) if v > 0 => Some(v),
                    _ => return Err(self.err(n, format!("bad ballot number {}", n.get_ref()))),
                },
            };
            let _ = &e.members;
            out.push(Entity {
                id: id.to_string(),
                kind,
                name: e.name.clone(),
                number,
                parties: e.parties.iter().map(|p| p.get_ref().clone()).collect(),
                // A party's ballot number is national whatever race names it.
                race: match kind {
                    EntityKind::Party => Race::default(),
                    _ => race.clone(),
                },
            });
        }
        for (e, raw) in out.iter().zip(raw) {
            for p in &raw.parties {
                let ok = out
                    .iter()
                    .any(|o| o.id == *p.get_ref() && o.kind == EntityKind::Party);
                if !ok {
                    return Err(self.err(
                        p,
                        format!(
                            "`{}` in parties of `{}` is not a party entity of this pack",
                            p.get_ref(),
                            e.id
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Reads one `[[terms]]` group: its settings, checked once for the group, then each of its
    /// texts as a term, then its examples and counterexamples.
    fn terms(
        &self,
        g: &RawTerms,
        pack: &mut Pack,
        seen: &mut HashMap<String, usize>,
        term_bytes: &mut usize,
    ) -> Result<(), Error> {
        let category = Category::from_name(g.category.get_ref()).ok_or_else(|| {
            self.err(
                &g.category,
                format!("unknown category `{}`", g.category.get_ref()),
            )
        })?;
        let entity = self.term_entity(g, category, pack)?;
        let stance = self.stance(g)?;
        let rule = self.rule(g, category)?;
        let (imperative, predicate, object) = self.cue_flags(g, category)?;
        let personal = self.personal(g, category)?;
        let (class, strength) = self.evaluation(g, category)?;
        if g.text.is_empty() {
            return Err(self.err(&g.category, "a terms group needs at least one `text`"));
        }
        for t in &g.text {
            let (text, line) =
                self.term_text(t, g, category, pack.terms.len(), seen, term_bytes)?;
            pack.terms.push(Term {
                text: text.to_string(),
                category,
                entity: entity.clone(),
                ambiguous: g.ambiguous || category == Category::Number,
                stance,
                rule,
                imperative,
                predicate,
                object,
                personal,
                class,
                strength,
                line,
            });
        }
        self.examples(g, pack)
    }

    /// The entity a terms group names: required by the categories that name a camp, refused by
    /// the others. An id this pack does not define is noted, for the packs loaded beside it to
    /// define.
    fn term_entity(
        &self,
        g: &RawTerms,
        category: Category,
        pack: &mut Pack,
    ) -> Result<Option<String>, Error> {
        match (&g.entity, category.needs_entity()) {
            (Some(e), true) => {
                let id = e.get_ref().trim().to_string();
                if !pack.entities.iter().any(|x| x.id == id)
                    && !pack.external.iter().any(|(x, _)| *x == id)
                {
                    pack.external.push((id.clone(), self.line(e.span().start)));
                }
                Ok(Some(id))
            }
            (None, true) => Err(self.err(
                &g.category,
                format!("terms of category `{category}` need an `entity`"),
            )),
            (Some(e), false) => Err(self.err(
                e,
                format!("terms of category `{category}` take no `entity`"),
            )),
            (None, false) => Ok(None),
        }
    }

    /// The stance of a terms group: support unless it says attack.
    fn stance(&self, g: &RawTerms) -> Result<Stance, Error> {
        match &g.stance {
            None => Ok(Stance::Support),
            Some(s) => match s.get_ref().as_str() {
                "support" => Ok(Stance::Support),
                "attack" => Ok(Stance::Attack),
                other => Err(self.err(
                    s,
                    format!("unknown stance `{other}` (expected support or attack)"),
                )),
            },
        }
    }

    /// The rule an activity terms group points to: required there, and nowhere else.
    fn rule(&self, g: &RawTerms, category: Category) -> Result<Option<Rule>, Error> {
        match (&g.rule, category) {
            (Some(r), Category::Activity) => {
                Ok(Some(Rule::from_id(r.get_ref()).ok_or_else(|| {
                    self.err(r, format!("unknown rule `{}`", r.get_ref()))
                })?))
            }
            (None, Category::Activity) => {
                Err(self.err(&g.category, "activity terms need a `rule`"))
            }
            (Some(r), _) => Err(self.err(
                r,
                format!("only activity terms take a `rule`, not `{category}`"),
            )),
            (None, _) => Ok(None),
        }
    }

    /// The `imperative`, `predicate` and `object` flags of a support or attack cue group: taken
    /// by no other category, and `predicate` and `object` never together.
    fn cue_flags(&self, g: &RawTerms, category: Category) -> Result<(bool, bool, bool), Error> {
        let cue_flag = |flag: &Option<Spanned<bool>>, key: &str| match flag {
            Some(f) if !matches!(category, Category::Support | Category::Attack) => Err(self.err(
                f,
                format!("only support and attack cues take `{key}`, not `{category}`"),
            )),
            Some(f) => Ok(*f.get_ref()),
            None => Ok(false),
        };
        let imperative = cue_flag(&g.imperative, "imperative")?;
        let predicate = cue_flag(&g.predicate, "predicate")?;
        let object = cue_flag(&g.object, "object")?;
        if let (true, true, Some(f)) = (predicate, object, &g.object) {
            return Err(self.err(
                f,
                "a cue speaks of its subject (`predicate`) or of what follows it (`object`), not both",
            ));
        }
        Ok((imperative, predicate, object))
    }

    /// The `personal` flag: only for activity terms, and only for ambiguous ones.
    fn personal(&self, g: &RawTerms, category: Category) -> Result<bool, Error> {
        match &g.personal {
            Some(f) if category != Category::Activity => Err(self.err(
                f,
                format!("only activity terms take `personal`, not `{category}`"),
            )),
            Some(f) if !g.ambiguous => Err(self.err(
                f,
                "`personal` is for ambiguous activity terms: mark them `ambiguous = true`",
            )),
            Some(f) => Ok(*f.get_ref()),
            None => Ok(false),
        }
    }

    /// One text of a terms group, trimmed, with its line: checked against the limits, its
    /// category's form and the terms before it (`seen`, which it joins).
    fn term_text<'g>(
        &self,
        t: &'g Spanned<String>,
        g: &RawTerms,
        category: Category,
        terms: usize,
        seen: &mut HashMap<String, usize>,
        term_bytes: &mut usize,
    ) -> Result<(&'g str, usize), Error> {
        let text = t.get_ref().trim();
        let line = self.line(t.span().start);
        if text.len() > MAX_TERM_BYTES {
            return Err(self.err(
                t,
                format!(
                    "term `{}` is {} bytes long, over the limit of {MAX_TERM_BYTES}",
                    shown(text, 40),
                    text.len()
                ),
            ));
        }
        if terms >= MAX_PACK_TERMS {
            return Err(self.err(t, too_many_terms()));
        }
        *term_bytes += text.len();
        if *term_bytes > MAX_PACK_TERM_BYTES {
            return Err(self.err(
                t,
                format!(
                    "too much term text: a pack's terms hold at most {MAX_PACK_TERM_BYTES} \
                     bytes together"
                ),
            ));
        }
        let norm = normalize(text);
        if norm.as_str().is_empty() {
            return Err(self.err(t, format!("empty term `{text}`")));
        }
        if category == Category::Hashtag && !norm.as_str().starts_with('#') {
            return Err(self.err(t, format!("hashtag `{text}` must start with `#`")));
        }
        // A gesture names its camp by itself unless marked ambiguous; a bare sign never
        // can ("✌" is also peace).
        if category == Category::Gesture && !g.ambiguous && !text.chars().any(char::is_alphabetic) {
            return Err(self.err(
                t,
                format!("gesture `{text}` has no words: mark it `ambiguous = true`"),
            ));
        }
        if let Some(first) = seen.insert(norm.as_str().to_string(), line) {
            return Err(self.err(
                t,
                format!("duplicate term `{text}` (same as line {first} once normalised)"),
            ));
        }
        Ok((text, line))
    }

    /// A terms group's examples, which must flag, and counterexamples, which must not.
    fn examples(&self, g: &RawTerms, pack: &mut Pack) -> Result<(), Error> {
        for (list, must_flag) in [(&g.examples, true), (&g.counterexamples, false)] {
            for x in list {
                if x.get_ref().trim().is_empty() {
                    return Err(self.err(x, "empty example"));
                }
                pack.examples.push(PackExample {
                    text: x.get_ref().clone(),
                    must_flag,
                    line: self.line(x.span().start),
                });
            }
        }
        Ok(())
    }

    /// The class and strength of an evaluative terms group: both required there, and nowhere
    /// else.
    fn evaluation(&self, g: &RawTerms, category: Category) -> Result<(Option<Class>, u8), Error> {
        if category != Category::Evaluation {
            if let Some(c) = &g.class {
                return Err(self.err(
                    c,
                    format!("only evaluation terms take a `class`, not `{category}`"),
                ));
            }
            if let Some(s) = &g.strength {
                return Err(self.err(
                    s,
                    format!("only evaluation terms take a `strength`, not `{category}`"),
                ));
            }
            return Ok((None, 0));
        }
        let class = match &g.class {
            None => return Err(self.err(&g.category, "evaluation terms need a `class`")),
            Some(c) => Class::from_name(c.get_ref()).ok_or_else(|| {
                self.err(
                    c,
                    format!(
                        "unknown class `{}` (expected praise, fitness, victory, derision, insult, unfit or defeat)",
                        c.get_ref()
                    ),
                )
            })?,
        };
        let strength = match &g.strength {
            None => {
                return Err(self.err(
                    &g.category,
                    "evaluation terms need a `strength` (1, 2 or 3)",
                ))
            }
            Some(s) => match *s.get_ref() {
                v @ 1..=3 => v as u8,
                v => return Err(self.err(s, format!("strength {v} is not 1, 2 or 3"))),
            },
        };
        Ok((Some(class), strength))
    }

    /// Expands the `[numbers]` templates into number terms for every numbered pair and party.
    /// A generated form that the pack already lists is skipped, not reported as a duplicate.
    fn numbers(
        &self,
        n: &RawNumbers,
        pack: &mut Pack,
        seen: &mut HashMap<String, usize>,
    ) -> Result<(), Error> {
        let mut generated = Vec::new();
        for (templates, kind) in [(&n.pair, EntityKind::Pair), (&n.party, EntityKind::Party)] {
            for t in templates {
                let tpl = t.get_ref();
                if !tpl.contains("{n}") && !tpl.contains("{nn}") && !tpl.contains("{word}") {
                    return Err(self.err(
                        t,
                        format!("number form `{tpl}` has no {{n}}, {{nn}} or {{word}}"),
                    ));
                }
                let line = self.line(t.span().start);
                for e in pack.entities.iter().filter(|e| e.kind == kind) {
                    let Some(num) = e.number else { continue };
                    let word = number_word(num);
                    if word.is_none() && tpl.contains("{word}") {
                        continue;
                    }
                    let text = expand(tpl, num, word.as_deref().unwrap_or(""));
                    generated.push((text, e.id.clone(), line));
                }
            }
        }
        for (text, entity, line) in generated {
            let norm = normalize(&text);
            if norm.as_str().is_empty() || seen.contains_key(norm.as_str()) {
                continue;
            }
            if pack.terms.len() >= MAX_PACK_TERMS {
                return Err(Error::lexicon(format!(
                    "{} line {line}: {}",
                    self.name,
                    too_many_terms()
                )));
            }
            seen.insert(norm.as_str().to_string(), line);
            let mut term = Term::plain(text, Category::Number, Some(entity), line);
            term.ambiguous = true;
            pack.terms.push(term);
        }
        Ok(())
    }
}

fn too_many_terms() -> String {
    format!("too many terms: a pack holds at most {MAX_PACK_TERMS}")
}

fn expand(tpl: &str, n: u32, word: &str) -> String {
    tpl.replace("{nn}", &format!("{n:02}"))
        .replace("{n}", &n.to_string())
        .replace("{word}", word)
}

/// The Indonesian word for a ballot number.
fn number_word(n: u32) -> Option<String> {
    const ONES: [&str; 10] = [
        "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    ];
    Some(match n {
        1..=9 => ONES[n as usize].to_string(),
        10 => "sepuluh".into(),
        11 => "sebelas".into(),
        12..=19 => format!("{} belas", ONES[(n - 10) as usize]),
        20..=99 => {
            let tens = format!("{} puluh", ONES[(n / 10) as usize]);
            match n % 10 {
                0 => tens,
                o => format!("{tens} {}", ONES[o as usize]),
            }
        }
        _ => return None,
    })
}

/// Whether `s` is a day of the calendar written `YYYY-MM-DD`, as a pack's dates are.
fn is_date(s: &str) -> bool {
    s.len() == 10 && crate::util::date::day_number(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
    }

    #[test]
    fn number_words() {
        assert_eq!(number_word(2).as_deref(), Some("dua"));
        assert_eq!(number_word(12).as_deref(), Some("dua belas"));
        assert_eq!(number_word(24).as_deref(), Some("dua puluh empat"));
    }
}
