//! The words of the report and the workbook, in Bahasa Indonesia and in English.

use std::fmt;
use std::str::FromStr;

use crate::activity::Kind;
use crate::error::Error;
use crate::lexicon::{Level, Race};
use crate::rule::Rule;

/// The language of a report: Bahasa Indonesia (the default) or English.
///
/// ```
/// use netral::report::Lang;
///
/// assert_eq!("en".parse::<Lang>()?, Lang::En);
/// assert_eq!(Lang::default(), Lang::Id);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The language tag: `id` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub(crate) fn texts(self) -> &'static Texts {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    pub(crate) fn rule_title(self, rule: Rule) -> &'static str {
        match self {
            Lang::Id => rule.title_id(),
            Lang::En => rule.title_en(),
        }
    }

    /// A race in words: "nasional", "provinsi DKI Jakarta", "kota Surabaya".
    pub(crate) fn race(self, race: &Race) -> String {
        let level = match (self, race.level) {
            (Lang::Id, Level::National) => "nasional",
            (Lang::Id, Level::Province) => "provinsi",
            (Lang::Id, Level::Regency) => "kabupaten",
            (Lang::Id, Level::City) => "kota",
            (Lang::En, level) => level.as_str(),
        };
        match &race.region {
            Some(region) => format!("{level} {region}"),
            None => level.to_string(),
        }
    }

    pub(crate) fn rule_description(self, rule: Rule) -> &'static str {
        match self {
            Lang::Id => rule.description_id(),
            Lang::En => rule.description_en(),
        }
    }

    pub(crate) fn kind(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lang::Id, Kind::Post) => "unggahan",
            (Lang::Id, Kind::Comment) => "komentar",
            (Lang::Id, Kind::Share) => "bagikan ulang",
            (Lang::Id, Kind::Quote) => "kutipan",
            (Lang::Id, Kind::Like) => "suka",
            (Lang::Id, Kind::Follow) => "ikuti",
            (Lang::En, k) => k.as_str(),
        }
    }

    /// A number with the thousands separator of the language: `1.234.567` or `1,234,567`.
    pub(crate) fn number(self, n: u64) -> String {
        let sep = match self {
            Lang::Id => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A score with two decimals, with the decimal mark of the language.
    pub(crate) fn score(self, score: f32) -> String {
        let s = format!("{score:.2}");
        match self {
            Lang::Id => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = Error;

    fn from_str(s: &str) -> Result<Lang, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "ind" => Ok(Lang::Id),
            "en" | "eng" => Ok(Lang::En),
            _ => Err(Error::config(format!(
                "unknown language `{s}` (expected id or en)"
            ))),
        }
    }
}

/// Every fixed phrase of the report and the workbook (some are the workbook's alone).
#[derive(Debug)]
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
pub(crate) struct Texts {
    pub(crate) title: &'static str,
    pub(crate) caveat: &'static str,
    pub(crate) scan_outputs: &'static str,
    pub(crate) archives: &'static str,
    pub(crate) records: &'static str,
    pub(crate) screened: &'static str,
    pub(crate) flagged: &'static str,
    pub(crate) error_records: &'static str,
    pub(crate) only_flagged: &'static str,
    pub(crate) packs: &'static str,
    pub(crate) packs_note: &'static str,
    pub(crate) valid: &'static str,
    pub(crate) fingerprint: &'static str,
    pub(crate) netral_version: &'static str,
    pub(crate) scan_written: &'static str,
    pub(crate) scan_started: &'static str,
    pub(crate) packs_used: &'static str,
    pub(crate) ids_from_lines: &'static str,
    pub(crate) posts_without_kind: &'static str,
    pub(crate) report_made: &'static str,
    pub(crate) times_in: &'static str,
    pub(crate) times_as_written: &'static str,
    pub(crate) charts: &'static str,
    pub(crate) per_day: &'static str,
    pub(crate) per_month: &'static str,
    pub(crate) per_rule: &'static str,
    pub(crate) per_camp: &'static str,
    pub(crate) per_kind: &'static str,
    pub(crate) undated: &'static str,
    pub(crate) no_flags: &'static str,
    pub(crate) authors: &'static str,
    pub(crate) authors_shown: &'static str,
    pub(crate) authors_left_out: &'static str,
    pub(crate) author: &'static str,
    pub(crate) no_author: &'static str,
    pub(crate) count: &'static str,
    pub(crate) rules: &'static str,
    pub(crate) camps: &'static str,
    pub(crate) kinds: &'static str,
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    pub(crate) top_score: &'static str,
    pub(crate) filter_rule: &'static str,
    pub(crate) filter_camp: &'static str,
    pub(crate) filter_kind: &'static str,
    pub(crate) filter_from: &'static str,
    pub(crate) filter_to: &'static str,
    pub(crate) search: &'static str,
    pub(crate) all: &'static str,
    pub(crate) rows_shown: &'static str,
    pub(crate) sort_hint: &'static str,
    pub(crate) activities: &'static str,
    pub(crate) activities_shown: &'static str,
    pub(crate) activities_left_out: &'static str,
    pub(crate) date: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) score: &'static str,
    pub(crate) text: &'static str,
    pub(crate) target_text: &'static str,
    pub(crate) target_author: &'static str,
    pub(crate) no_text: &'static str,
    pub(crate) chars_cut: &'static str,
    pub(crate) unplaced: &'static str,
    pub(crate) matched: &'static str,
    pub(crate) reasons: &'static str,
    pub(crate) record: &'static str,
    pub(crate) line: &'static str,
    pub(crate) file: &'static str,
    pub(crate) open_post: &'static str,
    pub(crate) address: &'static str,
    pub(crate) no_date: &'static str,
    pub(crate) rule_legend: &'static str,
    pub(crate) forms: &'static str,
    pub(crate) errors: &'static str,
    pub(crate) errors_none: &'static str,
    pub(crate) errors_listed: &'static str,
    pub(crate) reason: &'static str,
    pub(crate) raw: &'static str,
    pub(crate) back_to_table: &'static str,
    pub(crate) invisible: &'static str,
    pub(crate) sheet_flagged: &'static str,
    pub(crate) sheet_authors: &'static str,
    pub(crate) sheet_errors: &'static str,
    pub(crate) sheet_about: &'static str,
    pub(crate) zone: &'static str,
    pub(crate) id: &'static str,
    pub(crate) rows_cut: &'static str,
}

const ID: Texts = Texts {
    title: "Laporan penyaringan netralitas ASN",
    caveat: "Tanda adalah petunjuk untuk ditinjau oleh manusia, bukan temuan pelanggaran dan \
             bukan putusan atas seseorang. Setiap tanda menyebut kata yang cocok, letaknya dalam \
             teks asli, aturan SKB yang mungkin dilanggar, dan alasannya; periksa teks aslinya \
             sebelum bertindak.",
    scan_outputs: "Keluaran pindaian",
    archives: "Arsip",
    records: "Rekaman dibaca",
    screened: "Disaring",
    flagged: "Ditandai",
    error_records: "Rekaman galat",
    only_flagged: "Keluaran pindaian ini hanya memuat rekaman yang ditandai dan rekaman galat, \
                   jadi angka rekaman dibaca dan disaring tidak mencakup rekaman yang tidak \
                   ditandai. Pindai dengan --all untuk menghitung semuanya.",
    packs: "Paket leksikon",
    packs_note:
        "Keluaran pindaian tidak mencatat paket yang dipakai: yang tertulis di sini adalah \
                 paket yang diberikan kepada perintah report (--pack, bawaan pemilu-2024).",
    valid: "berlaku",
    fingerprint: "sidik isi",
    netral_version: "Versi netral",
    scan_written: "Pindaian ditulis",
    scan_started: "Pindaian dimulai",
    packs_used: "Laporan ini dibuat oleh pindaiannya sendiri: angka di atas adalah hitungan \
                 pindaian itu, dan paket leksikonnya adalah paket yang dipakai pindaian itu.",
    ids_from_lines: "rekaman tidak punya id, dan masing-masing diberi nama menurut barisnya \
                     (line-7 untuk baris 7).",
    posts_without_kind: "rekaman dari arsip yang tidak punya kolom kind dibaca sebagai unggahan.",
    report_made: "Laporan dibuat",
    times_in: "Waktu ditampilkan dalam zona",
    times_as_written: "Waktu ditampilkan dalam zona waktu yang tertulis di arsip.",
    charts: "Grafik",
    per_day: "Aktivitas ditandai per hari",
    per_month: "Aktivitas ditandai per bulan",
    per_rule: "Tanda per aturan",
    per_camp: "Tanda per kubu",
    per_kind: "Tanda per jenis aktivitas",
    undated: "tanpa tanggal",
    no_flags: "Tidak ada aktivitas yang ditandai.",
    authors: "Akun",
    authors_shown: "akun dengan aktivitas ditandai; ditampilkan",
    authors_left_out: "akun tidak ditampilkan, dengan aktivitas ditandai sebanyak",
    author: "Akun",
    no_author: "(tanpa nama akun)",
    count: "Ditandai",
    rules: "Aturan",
    camps: "Kubu",
    kinds: "Jenis",
    first: "Pertama",
    last: "Terakhir",
    top_score: "Skor tertinggi",
    filter_rule: "Aturan",
    filter_camp: "Kubu",
    filter_kind: "Jenis",
    filter_from: "Dari tanggal",
    filter_to: "Sampai tanggal",
    search: "Cari akun atau teks",
    all: "semua",
    rows_shown: "akun ditampilkan",
    sort_hint: "Klik judul kolom untuk mengurutkan.",
    activities: "Aktivitas ditandai per akun",
    activities_shown: "aktivitas ditandai; ditampilkan",
    activities_left_out: "tidak ditampilkan (yang ditampilkan: skor tertinggi)",
    date: "Waktu",
    kind: "Jenis",
    score: "Skor",
    text: "Teks",
    target_text: "Konten sasaran",
    target_author: "Akun sasaran",
    no_text: "Teks tidak ada dalam keluaran pindaian (pindai dengan --with-text); kata yang \
              cocok:",
    chars_cut: "karakter berikutnya dipotong",
    unplaced: "bukti tidak cocok dengan teks dan tidak disorot",
    matched: "Kata yang cocok",
    reasons: "Alasan",
    record: "Rekaman",
    line: "baris",
    file: "berkas",
    open_post: "buka unggahan",
    address: "alamat",
    no_date: "tanpa waktu",
    rule_legend: "Aturan SKB netralitas ASN 2022",
    forms: "bentuk",
    errors: "Rekaman galat",
    errors_none: "Tidak ada rekaman galat: setiap rekaman terbaca.",
    errors_listed: "rekaman galat; ditampilkan",
    reason: "Sebab",
    raw: "Awal rekaman",
    back_to_table: "kembali ke tabel akun",
    invisible: "karakter tak terlihat",
    sheet_flagged: "Aktivitas ditandai",
    sheet_authors: "Ringkasan per akun",
    sheet_errors: "Rekaman galat",
    sheet_about: "Tentang",
    zone: "Zona",
    id: "ID rekaman",
    rows_cut: "baris tidak muat di lembar ini (batas Excel)",
};

const EN: Texts = Texts {
    title: "ASN neutrality screening report",
    caveat: "A flag is a lead for a human reviewer, not a finding of a breach and never a \
             verdict on a person. Each flag says which words matched, where they stand in the \
             original text, which SKB rule it may breach, and why; read the original text \
             before acting.",
    scan_outputs: "Scan output",
    archives: "Archives",
    records: "Records read",
    screened: "Screened",
    flagged: "Flagged",
    error_records: "Error records",
    only_flagged: "This scan output holds only flagged records and error records, so the \
                   records read and screened do not include the records that did not flag. \
                   Scan with --all to count them all.",
    packs: "Lexicon packs",
    packs_note: "The scan output does not record its packs: these are the packs given to the \
                 report command (--pack, by default the bundled pemilu-2024).",
    valid: "valid",
    fingerprint: "content fingerprint",
    netral_version: "netral version",
    scan_written: "Scan written",
    scan_started: "Scan started",
    packs_used: "This report was made by the scan itself: the counts above are the scan's \
                 own, and the lexicon packs are those the scan used.",
    ids_from_lines: "records had no id, and each is named by its line (line-7 for line 7).",
    posts_without_kind: "records of archives without a kind field are read as posts.",
    report_made: "Report made",
    times_in: "Times shown in zone",
    times_as_written: "Times shown in the time zone the archive wrote them in.",
    charts: "Charts",
    per_day: "Flagged activity per day",
    per_month: "Flagged activity per month",
    per_rule: "Flags per rule",
    per_camp: "Flags per camp",
    per_kind: "Flags per kind of activity",
    undated: "undated",
    no_flags: "No activity flagged.",
    authors: "Accounts",
    authors_shown: "accounts with flagged activity; shown",
    authors_left_out: "accounts not shown, with flagged activities numbering",
    author: "Account",
    no_author: "(no account name)",
    count: "Flagged",
    rules: "Rules",
    camps: "Camps",
    kinds: "Kinds",
    first: "First",
    last: "Last",
    top_score: "Highest score",
    filter_rule: "Rule",
    filter_camp: "Camp",
    filter_kind: "Kind",
    filter_from: "From",
    filter_to: "To",
    search: "Search accounts or text",
    all: "all",
    rows_shown: "accounts shown",
    sort_hint: "Click a column heading to sort.",
    activities: "Flagged activity per account",
    activities_shown: "flagged activities; shown",
    activities_left_out: "not shown (those shown: the highest scores)",
    date: "Time",
    kind: "Kind",
    score: "Score",
    text: "Text",
    target_text: "Target content",
    target_author: "Target account",
    no_text: "The text is not in the scan output (scan with --with-text); the words that \
              matched:",
    chars_cut: "more characters cut",
    unplaced: "pieces of evidence do not fit the text and are not highlighted",
    matched: "Matched words",
    reasons: "Reasons",
    record: "Record",
    line: "line",
    file: "file",
    open_post: "open the post",
    address: "address",
    no_date: "no time",
    rule_legend: "The rules of the 2022 SKB on ASN neutrality",
    forms: "forms",
    errors: "Error records",
    errors_none: "No error records: every record was read.",
    errors_listed: "error records; listed",
    reason: "Reason",
    raw: "Start of the record",
    back_to_table: "back to the account table",
    invisible: "invisible character",
    sheet_flagged: "Flagged activities",
    sheet_authors: "Per account",
    sheet_errors: "Error records",
    sheet_about: "About",
    zone: "Zone",
    id: "Record id",
    rows_cut: "rows do not fit in this sheet (Excel's limit)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_scores() {
        assert_eq!(Lang::Id.number(1_234_567), "1.234.567");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::En.number(999), "999");
        assert_eq!(Lang::Id.score(0.856), "0,86");
        assert!("fr".parse::<Lang>().is_err());
    }
}
