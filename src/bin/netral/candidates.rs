//! A starting lexicon pack from a candidate spreadsheet, as KPU publishes them for regional
//! elections: one row per pair with its ballot number, the candidate's and the deputy's names
//! and the backing parties.
//!
//! Spreadsheets differ in their headings (`No. Urut`, `Nomor`, `Calon Bupati`, `Nama Calon
//! Gubernur`, `Wakil`, `Partai Pengusung`, ...) and in their delimiter (`;` where Excel is set
//! to Indonesian, `,` elsewhere), so both are read leniently and the command says which
//! columns it used.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use netral::{Category, EntityKind, Pack};

/// One pair read from the spreadsheet.
#[derive(Debug, PartialEq, Eq)]
pub struct Pair {
    pub number: u32,
    pub candidate: String,
    pub deputy: Option<String>,
    /// The party cells' pieces that name a party of the bundled pack, by its id.
    pub parties: Vec<String>,
    /// The pieces that name no known party.
    pub unknown_parties: Vec<String>,
    /// Nicknames, when the spreadsheet has a column for them.
    pub nicknames: Vec<String>,
}

/// What a column is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Number,
    Candidate,
    Deputy,
    Pair,
    Parties,
    Nicknames,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Candidate => "candidate",
            Role::Deputy => "deputy",
            Role::Pair => "pair",
            Role::Parties => "parties",
            Role::Nicknames => "nicknames",
        }
    }
}

/// A heading, lower-cased, with punctuation and the words that say nothing of the role
/// ("nama", "calon" in front of an office) reduced, so that `No. Urut`, `NOMOR URUT` and
/// `nomor_urut` read alike.
fn heading_key(h: &str) -> String {
    let lower = h.trim().trim_start_matches('\u{feff}').to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// The role a heading names, if any. Deputies are looked for first: "calon wakil bupati"
/// contains "calon" and "bupati" too.
fn role_of(heading: &str) -> Option<Role> {
    let k = heading_key(heading);
    let has = |w: &str| k.split(' ').any(|x| x == w);
    if k.is_empty() {
        return None;
    }
    if has("panggilan") || has("julukan") || has("alias") || has("nickname") || has("nicknames") {
        return Some(Role::Nicknames);
    }
    if has("partai")
        || has("parpol")
        || has("pengusung")
        || has("koalisi")
        || has("parties")
        || has("party")
        || has("pendukung")
    {
        return Some(Role::Parties);
    }
    if has("no") || has("nomor") || has("nomer") || has("urut") || has("number") || k == "nr" {
        return Some(Role::Number);
    }
    if has("wakil")
        || has("cawagub")
        || has("cawabup")
        || has("cawawalkot")
        || has("deputy")
        || has("wabup")
        || has("wagub")
    {
        return Some(Role::Deputy);
    }
    if has("pasangan") || has("paslon") || has("pair") {
        return Some(Role::Pair);
    }
    if has("calon")
        || has("cagub")
        || has("cabup")
        || has("cawalkot")
        || has("gubernur")
        || has("bupati")
        || has("walikota")
        || has("kota")
        || has("nama")
        || has("candidate")
        || has("name")
        || has("kepala")
    {
        return Some(Role::Candidate);
    }
    None
}

/// The delimiter of a spreadsheet saved as CSV: `;` when its first line has more semicolons
/// than commas, `,` otherwise.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The pairs of a candidate spreadsheet, and a sentence saying which columns were used.
pub fn read(name: &str, text: &str) -> Result<(Vec<Pair>, String), String> {
    let delim = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header line: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut columns: Vec<(Role, usize)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(role) = role_of(h) {
            // The first column of each role wins; a second "nama" column is not a candidate.
            if !columns.iter().any(|(r, _)| *r == role) {
                columns.push((role, i));
            }
        }
    }
    let col = |role: Role| columns.iter().find(|(r, _)| *r == role).map(|(_, i)| *i);
    if col(Role::Candidate).is_none() && col(Role::Pair).is_none() {
        return Err(format!(
            "{name}: no column of candidate names (a heading such as `calon`, `nama calon`, \
             `calon bupati` or `pasangan calon`); the headings are: {}",
            headers.join(", ")
        ));
    }
    let used: Vec<String> = columns
        .iter()
        .map(|(role, i)| format!("`{}` ({})", headers[*i], role.as_str()))
        .collect();
    let parties = PartyNames::bundled();
    let mut pairs = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| format!("{name} line {line}: {e}"))?;
        let cell = |role: Role| {
            col(role)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (candidate, deputy) = match (cell(Role::Candidate), cell(Role::Pair)) {
            (Some(c), _) => (c.to_string(), cell(Role::Deputy).map(str::to_string)),
            (None, Some(pair)) => split_pair(pair),
            (None, None) => {
                return Err(format!("{name} line {line}: no candidate name"));
            }
        };
        let number = match cell(Role::Number) {
            Some(n) => n
                .trim_start_matches('0')
                .parse::<u32>()
                .ok()
                .or_else(|| (n.chars().all(|c| c == '0')).then_some(0))
                .filter(|n| (1..=99).contains(n))
                .ok_or_else(|| format!("{name} line {line}: `{n}` is not a ballot number"))?,
            None => pairs.len() as u32 + 1,
        };
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for piece in cell(Role::Parties).map(split_list).unwrap_or_default() {
            match parties.id_of(&piece) {
                Some(id) if !known.contains(&id) => known.push(id),
                Some(_) => {}
                None => unknown.push(piece),
            }
        }
        pairs.push(Pair {
            number,
            candidate,
            deputy,
            parties: known,
            unknown_parties: unknown,
            nicknames: cell(Role::Nicknames).map(split_list).unwrap_or_default(),
        });
    }
    if pairs.is_empty() {
        return Err(format!("{name}: no rows under the header"));
    }
    let mut numbers = BTreeSet::new();
    for p in &pairs {
        if !numbers.insert(p.number) {
            return Err(format!("{name}: ballot number {} is given twice", p.number));
        }
    }
    let delim = if delim == b';' { ";" } else { "," };
    let message = format!(
        "{name}: {} pairs read from the columns {} (delimiter `{delim}`)",
        pairs.len(),
        used.join(", ")
    );
    Ok((pairs, message))
}

/// "A - B", "A & B", "A dan B", "A / B": the candidate and the deputy.
fn split_pair(pair: &str) -> (String, Option<String>) {
    for sep in [" - ", " – ", " — ", " & ", " dan ", " / ", "/"] {
        if let Some((a, b)) = pair.split_once(sep) {
            return (a.trim().to_string(), Some(b.trim().to_string()));
        }
    }
    (pair.to_string(), None)
}

/// The pieces of a list cell: "PDI-P, Hanura", "Gerindra; Golkar", "PKB / PKS", "PAN dan PPP".
fn split_list(cell: &str) -> Vec<String> {
    cell.replace(" dan ", ",")
        .replace(" & ", ",")
        .split([',', ';', '/', '|', '+', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The bundled pack's parties, by the ways their names are written.
struct PartyNames {
    bundled: Pack,
    /// Normalised name or acronym, and the party id.
    names: Vec<(String, String)>,
}

impl PartyNames {
    fn bundled() -> PartyNames {
        let bundled = Pack::bundled();
        let party_ids: BTreeSet<&str> = bundled
            .entities()
            .iter()
            .filter(|e| e.kind == EntityKind::Party)
            .map(|e| e.id.as_str())
            .collect();
        let mut names: Vec<(String, String)> = Vec::new();
        for e in bundled.entities() {
            if party_ids.contains(e.id.as_str()) {
                names.push((party_key(&e.name), e.id.clone()));
                names.push((party_key(&e.id), e.id.clone()));
            }
        }
        for t in bundled.terms() {
            let Some(entity) = t.entity.as_deref() else {
                continue;
            };
            if party_ids.contains(entity)
                && matches!(t.category, Category::Name | Category::Acronym)
            {
                names.push((party_key(&t.text), entity.to_string()));
            }
        }
        PartyNames { bundled, names }
    }

    fn id_of(&self, written: &str) -> Option<String> {
        let key = party_key(written);
        let bare = key.strip_prefix("partai ").unwrap_or(&key);
        self.names
            .iter()
            .find(|(n, _)| *n == key || n == bare || n.strip_prefix("partai ") == Some(bare))
            .map(|(_, id)| id.clone())
    }

    /// The bundled pack's definition of a party, to repeat in the new pack.
    fn entity(&self, id: &str) -> Option<&netral::Entity> {
        self.bundled.entities().iter().find(|e| e.id == id)
    }
}

/// A party name for comparing: lower case, letters and digits only, single spaces
/// ("PDI-P" and "pdip" alike).
fn party_key(s: &str) -> String {
    let lower = s.to_lowercase().replace(['-', '.', '\''], "");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person's name as people write it: without the honorifics and academic titles that KPU
/// lists carry ("H.", "Dr.", "Ir.", ", S.H., M.Si.").
pub fn plain_name(full: &str) -> String {
    const TITLES: [&str; 14] = [
        "h", "hj", "dr", "drs", "dra", "ir", "prof", "kh", "tgk", "tuan", "hajjah", "haji", "dr.h",
        "drg",
    ];
    let before_degrees = full.split(',').next().unwrap_or(full);
    let words: Vec<&str> = before_degrees.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| {
            let bare = w.trim_end_matches('.').to_lowercase();
            !(TITLES.contains(&bare.as_str()) || (w.ends_with('.') && bare.len() <= 4))
        })
        .unwrap_or(words.len());
    words[start..].join(" ").to_lowercase()
}

/// The pack's TOML text.
pub fn write_pack(pairs: &[Pair], id: &str, title: &str, election: &str, source: &str) -> String {
    let mut out = String::new();
    write_header(&mut out, id, title, election, source);
    write_numbers(&mut out);
    write_parties(&mut out, pairs);
    for p in pairs {
        write_pair(&mut out, p, id);
    }
    out
}

/// A string as a TOML value, quoted and escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The comment that says what the pack is and what to add to it, and its `[pack]` table.
fn write_header(out: &mut String, id: &str, title: &str, election: &str, source: &str) {
    let _ = writeln!(
        out,
        "# Lexicon pack {id}: a starting point made by `netral lexicon new --candidates` from\n\
         # {source}. Check the names, then add what only people know:\n\
         # - nicknames (\"mas pram\", \"bang doel\"), with `category = \"nickname\"`, and\n\
         #   `ambiguous = true` for those that are everyday words too;\n\
         # - short names (a surname alone) only when they are not everyday words;\n\
         # - official accounts (`account`), teams and volunteer groups (`team`), slogans and\n\
         #   campaign hashtags, each with examples and counterexamples;\n\
         # - exempt phrases for everyday uses of the candidates' names.\n\
         # Then run `netral lexicon check` and `netral lexicon test` on it (lexicons/README.md\n\
         # documents the format)."
    );
    let _ = writeln!(
        out,
        "\n[pack]\nid = {}\ntitle = {}\nelection = {}",
        quoted(id),
        quoted(title),
        quoted(election)
    );
}

/// The `[numbers]` table: the ways people write a pair's ballot number.
fn write_numbers(out: &mut String) {
    *out +=
        "\n# Ballot numbers in the ways people write them; `{n}` is 2, `{nn}` 02, `{word}` dua.\n\
            [numbers]\npair = [\n";
    for form in [
        "{nn}",
        "no {n}",
        "no urut {n}",
        "nomor urut {n}",
        "nomor urut {nn}",
        "nomor urut {word}",
        "paslon {nn}",
        "paslon nomor urut {n}",
        "pasangan calon nomor urut {n}",
        "calon nomor urut {n}",
    ] {
        let _ = writeln!(out, "  {},", quoted(form));
    }
    *out += "]\n";
}

/// The backing parties of the pairs, as the bundled pack defines them, so that the pack's
/// `parties` lists name entities it has.
fn write_parties(out: &mut String, pairs: &[Pair]) {
    let used: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|p| p.parties.iter().map(String::as_str))
        .collect();
    if used.is_empty() {
        return;
    }
    let parties = PartyNames::bundled();
    *out +=
        "\n# The backing parties, as the bundled pemilu-2024 pack defines them (same id, name\n\
            # and number); the bundled pack gives them their terms.\n";
    for id in &used {
        if let Some(e) = parties.entity(id) {
            let _ = writeln!(
                out,
                "\n[[entity]]\nid = {}\nkind = \"party\"\nname = {}",
                quoted(&e.id),
                quoted(&e.name)
            );
            if let Some(n) = e.number {
                let _ = writeln!(out, "number = {n}");
            }
        }
    }
}

/// One pair: its entity with its number and parties, its names as terms, and its nicknames
/// (or a place for them).
fn write_pair(out: &mut String, p: &Pair, id: &str) {
    let entity = format!("{id}-{:02}", p.number);
    let name = match &p.deputy {
        Some(d) => format!("{} - {d}", p.candidate),
        None => p.candidate.clone(),
    };
    let _ = writeln!(
        out,
        "\n# ---------------------------------------------------------------------------------\n\
         # {:02} {name}\n\
         # ---------------------------------------------------------------------------------\n\
         [[entity]]\nid = {}\nkind = \"pair\"\nname = {}\nnumber = {}",
        p.number,
        quoted(&entity),
        quoted(&name),
        p.number
    );
    if p.parties.is_empty() {
        *out += "# No party recognised: an independent pair, or parties to add by hand.\n";
    } else {
        let list: Vec<String> = p.parties.iter().map(|s| quoted(s)).collect();
        let _ = writeln!(out, "parties = [{}]", list.join(", "));
    }
    if !p.unknown_parties.is_empty() {
        let _ = writeln!(
            out,
            "# Not a party of the bundled pack, left out: {}. Define it as an entity of kind\n\
             # \"party\" here to name it.",
            p.unknown_parties.join(", ")
        );
    }
    let names = pair_names(p);
    if !names.is_empty() {
        let list: Vec<String> = names.iter().map(|s| quoted(s)).collect();
        let _ = writeln!(
            out,
            "\n[[terms]]\nentity = {}\ncategory = \"name\"\ntext = [{}]",
            quoted(&entity),
            list.join(", ")
        );
    }
    let nicknames: Vec<String> = p
        .nicknames
        .iter()
        .map(|n| n.to_lowercase())
        .filter(|n| !names.contains(n))
        .collect();
    if nicknames.is_empty() {
        let _ = writeln!(
            out,
            "\n# Nicknames of this pair: add them here.\n# [[terms]]\n# entity = {}\n\
             # category = \"nickname\"\n# text = []",
            quoted(&entity)
        );
    } else {
        let list: Vec<String> = nicknames.iter().map(|s| quoted(s)).collect();
        let _ = writeln!(
            out,
            "\n# Nicknames from the spreadsheet: mark everyday words `ambiguous = true`.\n\
             [[terms]]\nentity = {}\ncategory = \"nickname\"\ntext = [{}]",
            quoted(&entity),
            list.join(", ")
        );
    }
}

/// A pair's names as terms: the candidate's and the deputy's plain names, and both together,
/// each once.
fn pair_names(p: &Pair) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let plain: Vec<String> = std::iter::once(&p.candidate)
        .chain(p.deputy.as_ref())
        .map(|n| plain_name(n))
        .filter(|n| !n.is_empty())
        .collect();
    for n in plain
        .iter()
        .cloned()
        .chain((plain.len() == 2).then(|| plain.join(" ")))
    {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// A pack id from a file name: lower-case letters, digits and dashes.
pub fn id_from_name(stem: &str) -> String {
    let mut id = String::new();
    for c in stem.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "pilkada".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KPU: &str =
        "\u{feff}No. Urut;Nama Calon Bupati;Nama Calon Wakil Bupati;Partai Pengusung;Keterangan\n\
        1;H. Ahmad Fauzi, S.H., M.Si.;Dr. Hj. Siti Rahma;\"PDI Perjuangan, Partai Golkar, PKB\";-\n\
        02;Ir. Bambang Widodo;Yuni Astuti, S.Pd.;Gerindra / PKS / Partai Nusantara Baru;\n\
        3;Joko Santoso;Rini Wulandari;;jalur perseorangan\n";

    #[test]
    fn a_kpu_sheet_becomes_a_valid_pack() {
        let (pairs, message) = read("sleman.csv", KPU).unwrap();
        assert_eq!(pairs.len(), 3);
        assert!(message.contains("`No. Urut` (number)"), "{message}");
        assert!(
            message.contains("`Nama Calon Bupati` (candidate)"),
            "{message}"
        );
        assert!(
            message.contains("`Nama Calon Wakil Bupati` (deputy)"),
            "{message}"
        );
        assert!(
            message.contains("`Partai Pengusung` (parties)"),
            "{message}"
        );
        assert!(message.contains("delimiter `;`"), "{message}");
        assert_eq!(pairs[0].parties, ["pdip", "golkar", "pkb"]);
        assert_eq!(pairs[1].number, 2);
        assert_eq!(pairs[1].parties, ["gerindra", "pks"]);
        assert_eq!(pairs[1].unknown_parties, ["Partai Nusantara Baru"]);
        assert!(pairs[2].parties.is_empty());

        let toml = write_pack(
            &pairs,
            "pilkada-sleman-2024",
            "Pilkada Sleman 2024",
            "Pilkada",
            "sleman.csv",
        );
        let pack = Pack::from_toml("new.toml", &toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
        // It builds beside the bundled pack, as `lexicon check` does.
        netral::ScreenerBuilder::new()
            .pack(pack.clone())
            .build()
            .unwrap();
        let terms: Vec<(&str, &str)> = pack
            .terms()
            .iter()
            .map(|t| (t.text.as_str(), t.entity.as_deref().unwrap_or("")))
            .collect();
        assert!(terms.contains(&("ahmad fauzi", "pilkada-sleman-2024-01")));
        assert!(terms.contains(&("siti rahma", "pilkada-sleman-2024-01")));
        assert!(terms.contains(&("ahmad fauzi siti rahma", "pilkada-sleman-2024-01")));
        assert!(terms.contains(&("nomor urut dua", "pilkada-sleman-2024-02")));
        assert!(terms.contains(&("03", "pilkada-sleman-2024-03")));
        let e = &pack
            .entities()
            .iter()
            .find(|e| e.id == "pilkada-sleman-2024-01")
            .unwrap();
        assert_eq!(e.parties, ["pdip", "golkar", "pkb"]);
        assert!(toml.contains("Partai Nusantara Baru"));
        assert!(toml.contains("Nicknames of this pair: add them here"));
        // A screener with it finds the new candidates.
        let s = netral::ScreenerBuilder::new().pack(pack).build().unwrap();
        let v = s.screen_text("Ayo coblos Bambang Widodo, nomor urut 2!");
        assert!(
            v.entities.contains(&"pilkada-sleman-2024-02".to_string()),
            "{v:?}"
        );
    }

    #[test]
    fn lenient_headings_and_commas() {
        let sheet = "Nomor,Pasangan Calon,Partai Politik,Nama Panggilan\n\
                     1,\"Budi Hartono - Sri Lestari\",\"PAN, Demokrat\",\"Pak Budi, Bu Sri\"\n\
                     2,Andi & Made,NasDem,\n";
        let (pairs, message) = read("x.csv", sheet).unwrap();
        assert!(message.contains("`Pasangan Calon` (pair)"), "{message}");
        assert_eq!(pairs[0].deputy.as_deref(), Some("Sri Lestari"));
        assert_eq!(pairs[0].parties, ["pan", "demokrat"]);
        assert_eq!(pairs[0].nicknames, ["Pak Budi", "Bu Sri"]);
        assert_eq!(pairs[1].candidate, "Andi");
        let toml = write_pack(&pairs, "x", "X", "Pilkada", "x.csv");
        assert!(Pack::from_toml("x.toml", &toml).is_ok(), "{toml}");
        assert!(read("y.csv", "foo,bar\n1,2\n")
            .unwrap_err()
            .contains("no column of candidate names"));
        assert!(read("z.csv", "no,calon\n1,A\n1,B\n")
            .unwrap_err()
            .contains("given twice"));
        assert!(read("z.csv", "no,calon\nsatu,A\n")
            .unwrap_err()
            .contains("not a ballot number"));
    }

    #[test]
    fn names_and_ids() {
        assert_eq!(plain_name("Prof. Dr. H. Ahmad Syah, M.A."), "ahmad syah");
        assert_eq!(plain_name("Hj. Siti"), "siti");
        assert_eq!(plain_name("Dharma Pongrekun"), "dharma pongrekun");
        assert_eq!(
            id_from_name("Calon Pilkada Sleman 2024"),
            "calon-pilkada-sleman-2024"
        );
        assert_eq!(id_from_name("___"), "pilkada");
    }
}
