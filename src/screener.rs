//! The builder and the immutable, shareable screener.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::activity::Activity;
use crate::error::Error;
use crate::judge::{EntityInfo, Features, Judge, Model, Window, BUNDLED_MODEL};
use crate::language::{Language, Reader};
use crate::lexicon::{Category, Entity, Pack, PackExample, Race};
use crate::normalize::normalize;
use crate::scan::{CompiledTerm, Hit, Scanner, Scratch};
use crate::verdict::{Field, Verdict};

/// Configures and builds a [`Screener`].
///
/// By default the bundled `pemilu-2024` pack is loaded; [`ScreenerBuilder::pack`] adds more
/// (one per regional election, say) and [`ScreenerBuilder::no_default_pack`] leaves the bundled
/// one out.
///
/// ```
/// use netral::{Pack, ScreenerBuilder};
///
/// let local = Pack::from_toml("sleman.toml", r#"
/// [pack]
/// id = "pilkada-sleman"
/// title = "Pilkada Sleman 2024"
///
/// [[entity]]
/// id = "sleman-01"
/// kind = "pair"
/// name = "Harda - Danang"
/// number = 1
///
/// [[terms]]
/// entity = "sleman-01"
/// category = "name"
/// text = ["harda kiswaya", "harda danang"]
/// "#)?;
/// let screener = ScreenerBuilder::new().pack(local).build()?;
/// let v = screener.screen_text("Ayo dukung Harda Danang!");
/// assert!(v.flagged);
/// assert_eq!(v.entities, ["sleman-01"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ScreenerBuilder {
    default_pack: bool,
    packs: Vec<Pack>,
}

impl Default for ScreenerBuilder {
    fn default() -> Self {
        ScreenerBuilder::new()
    }
}

impl ScreenerBuilder {
    /// A builder with the bundled default pack.
    pub fn new() -> ScreenerBuilder {
        ScreenerBuilder {
            default_pack: true,
            packs: Vec::new(),
        }
    }

    /// Leaves out the bundled `pemilu-2024` pack.
    pub fn no_default_pack(mut self) -> ScreenerBuilder {
        self.default_pack = false;
        self
    }

    /// Adds a pack. Its terms may refer to entities of packs added before it.
    pub fn pack(mut self, pack: Pack) -> ScreenerBuilder {
        self.packs.push(pack);
        self
    }

    /// Compiles every pack into one screener.
    ///
    /// Fails when a term refers to an entity that no pack defines, when two packs define the
    /// same entity id differently, or when no pack is given at all.
    pub fn build(self) -> Result<Screener, Error> {
        let mut packs = Vec::with_capacity(self.packs.len() + 1);
        if self.default_pack {
            packs.push(Pack::from_toml(
                "pemilu-2024.toml",
                crate::lexicon::PEMILU_2024,
            )?);
        }
        if self.packs.is_empty() && packs.is_empty() {
            return Err(Error::config("no lexicon pack to screen with"));
        }
        // The language's function words serve every election pack.
        packs.push(Pack::from_toml(
            "bahasa-id.toml",
            crate::lexicon::BAHASA_ID,
        )?);
        packs.extend(self.packs);
        let mut entities: Vec<EntityInfo> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut races: Vec<Race> = Vec::new();
        for p in &packs {
            for e in p.entities() {
                if let Some(&i) = index.get(&e.id) {
                    let old = &entities[i as usize];
                    if old.kind != e.kind
                        || old.number != e.number
                        || races[old.race as usize] != e.race
                    {
                        return Err(Error::lexicon(format!(
                            "{}: entity `{}` is already defined differently by another pack",
                            p.name(),
                            e.id
                        )));
                    }
                    continue;
                }
                index.insert(e.id.clone(), entities.len() as u32);
                let race = match races.iter().position(|r| *r == e.race) {
                    Some(k) => k,
                    None => {
                        races.push(e.race.clone());
                        races.len() - 1
                    }
                };
                entities.push(EntityInfo {
                    id: e.id.clone(),
                    kind: e.kind,
                    number: e.number,
                    parties: e.parties.clone(),
                    race: u16::try_from(race)
                        .map_err(|_| Error::config("more than 65,535 races to screen with"))?,
                });
            }
            for (id, line) in p.external_refs() {
                if !index.contains_key(id) {
                    return Err(Error::lexicon(format!(
                        "{} line {line}: unknown entity `{id}`",
                        p.name()
                    )));
                }
            }
        }
        let mut terms = Vec::new();
        for (k, p) in packs.iter().enumerate() {
            for t in p.terms() {
                let entity = t.entity.as_ref().and_then(|id| index.get(id).copied());
                terms.push(CompiledTerm {
                    term: t.clone(),
                    entity,
                    norm: normalize(&t.text).as_str().to_string(),
                    pack: u16::try_from(k)
                        .map_err(|_| Error::config("more than 65,535 packs to screen with"))?,
                });
            }
        }
        let windows: Vec<Window> = packs.iter().map(|p| Window::of(p.meta())).collect();
        let mut language = Language::default();
        for p in &packs {
            language.merge(p.language());
        }
        let longest_name = terms
            .iter()
            .filter(|t| t.term.category == Category::Name)
            .map(|t| t.norm.len() as u32)
            .max()
            .unwrap_or(0);
        let scanner = Scanner::new(terms, &language.enclitics)?;
        let reader = Reader::new(&language)?;
        Ok(Screener {
            inner: Arc::new(Inner {
                scanner,
                entities,
                language,
                reader,
                longest_name,
                windows,
                races,
                packs,
            }),
            model: Arc::new(Model::parse("model.toml", BUNDLED_MODEL)?),
        })
    }
}

struct Inner {
    scanner: Scanner,
    entities: Vec<EntityInfo>,
    language: Language,
    reader: Reader,
    /// The length of the longest name, in bytes of normalised text.
    longest_name: u32,
    /// When each pack applies.
    windows: Vec<Window>,
    /// The races the camps stand in.
    races: Vec<Race>,
    packs: Vec<Pack>,
}

/// The compiled screener: build once, share everywhere.
///
/// It is immutable, `Send + Sync` and cheap to clone (an `Arc` inside), so one value serves
/// every thread of a batch scan and every request of a monitoring service. The same activity
/// always gets the same verdict.
///
/// ```
/// use netral::{Activity, Kind, Screener};
///
/// let screener = Screener::new()?;
/// let v = screener.screen_text("Jgn lupa 14 Feb coblos 0️⃣2️⃣ ya gaes, biar satu putaran!");
/// assert!(v.flagged);
/// assert_eq!(v.entities, ["paslon-02"]);
/// for e in &v.evidence {
///     println!("{} {}..{} {:?} = {}", e.field, e.start, e.end, e.matched, e.term);
/// }
///
/// let like = Activity::interaction(
///     "9",
///     Kind::Like,
///     Some("Terima kasih Makassar! #PrabowoGibran2024".into()),
///     Some("@prabowo".into()),
/// );
/// assert_eq!(screener.screen(&like).rules[0].id(), "interaksi-kampanye");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Screener {
    inner: Arc<Inner>,
    /// The weights the judge scores camps with; apart from the rest so that fitting can try
    /// other weights without building the screener again.
    model: Arc<Model>,
}

impl std::fmt::Debug for Screener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screener")
            .field(
                "packs",
                &self
                    .inner
                    .packs
                    .iter()
                    .map(|p| p.meta().id.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("terms", &self.inner.scanner.terms.len())
            .finish()
    }
}

thread_local! {
    static SCRATCH: RefCell<(Scratch, Vec<Hit>)> = RefCell::new((Scratch::default(), Vec::new()));
}

impl Screener {
    /// A screener with the bundled `pemilu-2024` pack.
    pub fn new() -> Result<Screener, Error> {
        ScreenerBuilder::new().build()
    }

    /// A builder, to add packs.
    pub fn builder() -> ScreenerBuilder {
        ScreenerBuilder::new()
    }

    /// Judges one activity.
    pub fn screen(&self, activity: &Activity) -> Verdict {
        let mut verdict = Verdict::default();
        self.screen_into(activity, &mut verdict);
        verdict
    }

    /// Judges one activity into `verdict`, replacing what it held. The result is the one
    /// [`Screener::screen`] gives; a loop that screens one activity after another can keep one
    /// verdict and so save allocating the strings of every piece of evidence each time.
    ///
    /// ```
    /// let screener = netral::Screener::new()?;
    /// let mut verdict = netral::Verdict::default();
    /// for text in ["Rapat koordinasi pagi ini", "Coblos 02, Prabowo-Gibran menang!"] {
    ///     screener.screen_into(&netral::Activity::post("1", text), &mut verdict);
    ///     println!("{} {}", verdict.flagged, verdict.evidence.len());
    /// }
    /// assert!(verdict.flagged);
    /// # Ok::<(), netral::Error>(())
    /// ```
    pub fn screen_into(&self, activity: &Activity, verdict: &mut Verdict) {
        self.judge_into(activity, verdict, false)
    }

    /// Judges one activity, with the verdict's [`trace`](Verdict::trace): every finding of the
    /// judge's stages, what they set aside and why, and the steps from the findings to the
    /// score. The verdict is otherwise the one [`Screener::screen`] gives.
    ///
    /// ```
    /// let screener = netral::Screener::new()?;
    /// let v = screener.explain(&netral::Activity::post("1", "Ayo coblos 02, Prabowo-Gibran!"));
    /// let trace = v.trace.as_ref().unwrap();
    /// assert!(trace.findings.iter().any(|f| f.stage == "stance"));
    /// # Ok::<(), netral::Error>(())
    /// ```
    pub fn explain(&self, activity: &Activity) -> Verdict {
        let mut verdict = Verdict::default();
        self.judge_into(activity, &mut verdict, true);
        verdict
    }

    fn judge_into(&self, activity: &Activity, verdict: &mut Verdict, trace: bool) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut guard) => {
                let (scratch, hits) = &mut *guard;
                self.screen_with(activity, scratch, hits, verdict, trace)
            }
            // Only reachable if screening re-entered itself on this thread; fresh buffers
            // keep it correct.
            Err(_) => self.screen_with(
                activity,
                &mut Scratch::default(),
                &mut Vec::new(),
                verdict,
                trace,
            ),
        })
    }

    fn screen_with(
        &self,
        activity: &Activity,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
        verdict: &mut Verdict,
        trace: bool,
    ) {
        self.scan_into(activity, scratch, hits);
        let judge = self.judge();
        judge.verdict_into(activity, hits, verdict, trace)
    }

    /// The camps of the field that carries an activity's content, each with its features:
    /// what the model is fitted on.
    pub(crate) fn content_camps(&self, activity: &Activity) -> Vec<(String, Features)> {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (scratch, hits) = &mut *guard;
            self.scan_into(activity, scratch, hits);
            self.judge()
                .content_camps(activity, hits)
                .into_iter()
                .map(|(e, x)| (self.inner.entities[e as usize].id.clone(), x))
                .collect()
        })
    }

    /// This screener with other weights.
    pub(crate) fn with_model(&self, model: Model) -> Screener {
        Screener {
            inner: Arc::clone(&self.inner),
            model: Arc::new(model),
        }
    }

    fn judge(&self) -> Judge<'_> {
        Judge {
            terms: &self.inner.scanner.terms,
            entities: &self.inner.entities,
            language: &self.inner.language,
            reader: &self.inner.reader,
            windows: &self.inner.windows,
            races: &self.inner.races,
            model: &self.model,
            longest_name: self.inner.longest_name,
        }
    }

    /// Finds every term in the activity's fields.
    fn scan_into(&self, activity: &Activity, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        hits.clear();
        let scanner = &self.inner.scanner;
        if let Some(t) = activity.text.as_deref() {
            scanner.scan(t, Field::Text, scratch, hits);
        }
        if let Some(t) = activity.target_text.as_deref() {
            scanner.scan(t, Field::TargetText, scratch, hits);
        }
        if let Some(a) = activity.target_author.as_deref() {
            scanner.scan_author(a, scratch, hits);
        }
    }

    /// Judges a plain text as a post.
    pub fn screen_text(&self, text: &str) -> Verdict {
        self.screen(&Activity::post("", text))
    }

    /// Judges many activities in parallel on the rayon pool; verdicts come back in input
    /// order.
    pub fn screen_batch(&self, activities: &[Activity]) -> Vec<Verdict> {
        activities.par_iter().map(|a| self.screen(a)).collect()
    }

    #[cfg(test)]
    pub(crate) fn scanner(&self) -> &Scanner {
        &self.inner.scanner
    }

    /// The packs this screener was built from, in order.
    pub fn packs(&self) -> &[Pack] {
        &self.inner.packs
    }

    /// Every entity of every pack.
    pub fn entities(&self) -> Vec<Entity> {
        self.inner
            .packs
            .iter()
            .flat_map(|p| p.entities().iter().cloned())
            .collect()
    }

    /// The words that terms of different camps share, other than ballot numbers (every race
    /// has a "nomor 1"): each with the camps, packs and lines that claim it.
    ///
    /// ```
    /// let a = netral::Pack::from_toml("a.toml", "[pack]\nid = \"a\"\ntitle = \"A\"\nlevel = \"city\"\nregion = \"Kota A\"\n\n[[entity]]\nid = \"a-01\"\nkind = \"pair\"\nname = \"Budi Dardak\"\n\n[[terms]]\nentity = \"a-01\"\ncategory = \"name\"\ntext = [\"dardak\"]\n")?;
    /// let b = netral::Pack::from_toml("b.toml", "[pack]\nid = \"b\"\ntitle = \"B\"\nlevel = \"city\"\nregion = \"Kota B\"\n\n[[entity]]\nid = \"b-02\"\nkind = \"pair\"\nname = \"Sri Dardak\"\n\n[[terms]]\nentity = \"b-02\"\ncategory = \"name\"\ntext = [\"dardak\"]\n")?;
    /// let s = netral::Screener::builder().pack(a).pack(b).build()?;
    /// let shared = s.shared_terms();
    /// assert_eq!(shared[0].text, "dardak");
    /// assert_eq!(shared[0].claims.len(), 2);
    /// # Ok::<(), netral::Error>(())
    /// ```
    pub fn shared_terms(&self) -> Vec<SharedTerm> {
        let mut by_text: HashMap<&str, Vec<&CompiledTerm>> = HashMap::new();
        for t in &self.inner.scanner.terms {
            if t.entity.is_some() && t.term.category != Category::Number {
                by_text.entry(t.norm.as_str()).or_default().push(t);
            }
        }
        let mut out: Vec<SharedTerm> = by_text
            .into_iter()
            .filter(|(_, ts)| ts.iter().any(|t| t.entity != ts[0].entity))
            .map(|(text, ts)| SharedTerm {
                text: text.to_string(),
                claims: ts
                    .iter()
                    .map(|t| {
                        let e = t
                            .entity
                            .map_or("", |e| self.inner.entities[e as usize].id.as_str());
                        let pack = self.inner.packs[t.pack as usize].name();
                        (e.to_string(), pack.to_string(), t.term.line)
                    })
                    .collect(),
            })
            .collect();
        out.sort_by(|a, b| a.text.cmp(&b.text));
        out
    }

    /// The normalised form of every term that the scanner looks for, one per distinct form.
    /// Handy as a literal pattern list for other tools.
    pub fn normalized_terms(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .inner
            .scanner
            .terms
            .iter()
            .filter(|t| !matches!(t.term.category, Category::Exempt | Category::Neutral))
            .map(|t| t.norm.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Runs the examples and counterexamples of every pack (or of the pack with id `pack`)
    /// and returns the ones that came out wrong.
    pub fn self_test(&self, pack: Option<&str>) -> SelfTest {
        let mut report = SelfTest::default();
        for p in &self.inner.packs {
            if pack.is_some_and(|id| id != p.meta().id) {
                continue;
            }
            for ex in p.examples() {
                report.run += 1;
                let v = self.screen_text(&ex.text);
                if v.flagged != ex.must_flag {
                    report.failures.push(SelfTestFailure {
                        pack: p.name().to_string(),
                        example: ex.clone(),
                        verdict: v,
                    });
                }
            }
        }
        report
    }
}

/// Words that packs of different races claim for different camps: a candidate's name shared
/// by two races, say. The screener reads them by the race named beside them (and otherwise
/// names every camp they may be); [`Screener::shared_terms`] lists them so a pack's author
/// sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SharedTerm {
    /// The words, normalised.
    pub text: String,
    /// Each camp that claims them, with the pack and line that say so.
    pub claims: Vec<(String, String, usize)>,
}

/// The outcome of [`Screener::self_test`].
#[derive(Clone, Debug, Default)]
pub struct SelfTest {
    /// How many examples ran.
    pub run: usize,
    /// The examples that came out wrong.
    pub failures: Vec<SelfTestFailure>,
}

/// One example or counterexample that came out wrong.
#[derive(Clone, Debug)]
pub struct SelfTestFailure {
    /// The pack it belongs to.
    pub pack: String,
    /// The example.
    pub example: PackExample,
    /// What the screener said.
    pub verdict: Verdict,
}
