//! The inspector's report: what the page shows, what it leaves out, and that nothing from an
//! archive can run or hide on the page. The page is parsed with an HTML5 parser (html5ever,
//! through `scraper`), the same algorithm a browser uses, so that "shows as text" means what
//! a browser would show.

use netral::archive::{scan, OutputRecord, ScanOptions, Source};
use netral::report::{Lang, Report, ReportOptions};
use netral::Screener;
use scraper::{ElementRef, Html, Selector};

/// Scans `archive` (JSON lines) with every record and its texts, and returns the records.
fn scanned(archive: &str) -> Vec<u8> {
    let screener = Screener::new().unwrap();
    let mut out = Vec::new();
    let source = Source::from_reader("archive.jsonl", std::io::Cursor::new(archive.to_string()));
    let options = ScanOptions::new().all(true).with_text(true);
    scan(&screener, source, options, &mut out).unwrap();
    out
}

fn page(records: &[u8], options: ReportOptions) -> String {
    let mut report = Report::new(options);
    report.source("scan.jsonl", None);
    report.packs(Screener::new().unwrap().packs());
    report.read_jsonl("scan.jsonl", records).unwrap();
    let mut html = Vec::new();
    report.write_html(&mut html).unwrap();
    String::from_utf8(html).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &ElementRef<'_>) -> String {
    e.text().collect()
}

/// A line of the canonical schema, with `text` escaped by serde_json.
fn post(id: u32, author: &str, text: &str) -> String {
    serde_json::json!({
        "id": id, "kind": "post", "author": author, "created_at": "2024-01-10T09:00:00+07:00",
        "text": text, "url": "javascript:alert(1)"
    })
    .to_string()
}

#[test]
fn hostile_text_shows_as_text() {
    let long_word = "a".repeat(10_000);
    let texts = [
        "Coblos 02 <script>alert('x')</script> Prabowo!".to_string(),
        "Ayo pilih Ganjar <img src=x onerror=alert(1)> \" onmouseover=\"alert(2)".to_string(),
        "Dukung Anies </style><style>body{display:none}</style><!-- #AMINajaDulu".to_string(),
        "Coblos \u{202e}20 ovobarP\u{202c} sekarang, dukung Prabowo".to_string(),
        format!("Ayo coblos 03 Ganjar {long_word} selesai"),
        "Pilih\u{0}Prabowo-Gibran\u{0} nomor 2, ayo coblos 02!".to_string(),
    ];
    let author = "<b onclick=alert(3)>asn</b>";
    let mut archive = String::new();
    for (i, t) in texts.iter().enumerate() {
        archive += &post(i as u32 + 1, author, t);
        archive.push('\n');
    }
    archive += "{\"id\": 9, \"kind\": \"post\", \"text\": \"</script><script>alert(4)</script>\n";
    let records = scanned(&archive);
    let html = page(&records, ReportOptions::new().max_text_chars(20_000));
    let doc = Html::parse_document(&html);

    // The page's own two scripts and one style sheet, and nothing else that runs or styles.
    let scripts = select(&doc, "script");
    assert_eq!(scripts.len(), 2, "scripts");
    for s in &scripts {
        assert!(!text(s).contains("alert"), "an archive's script got in");
    }
    assert_eq!(select(&doc, "style").len(), 1, "style sheets");
    assert!(
        select(&doc, "img").is_empty(),
        "an archive's element got in"
    );
    for e in select(&doc, "*") {
        for (name, value) in e.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name}={value}"
            );
            if name == "href" || name == "src" {
                assert!(
                    !value.to_ascii_lowercase().starts_with("javascript:"),
                    "{value}"
                );
            }
        }
    }

    // Each text is shown exactly, with the invisible characters as visible markers.
    let shown: Vec<String> = select(&doc, "p.text").iter().map(text).collect();
    for t in &texts {
        let want = t
            .replace('\u{0}', "NUL")
            .replace('\u{202e}', "U+202E")
            .replace('\u{202c}', "U+202C");
        assert!(shown.contains(&want), "not shown as text: {want:.80}");
    }
    assert!(shown.iter().any(|s| s.contains(&long_word)));
    // The bidi controls are markers, not characters that reorder the page.
    assert!(!html.contains('\u{202e}') && !html.contains('\u{0}'));
    // The author's name is text too.
    assert!(select(&doc, "tr.author td.name")
        .iter()
        .any(|td| text(td) == author));
    // The error record's start is listed as text.
    let raw: Vec<String> = select(&doc, "table.errors code.raw")
        .iter()
        .map(text)
        .collect();
    assert!(
        raw.iter().any(|r| r.contains("</script><script>alert(4)")),
        "{raw:?}"
    );
    // Every highlighted run is the matched text of some evidence.
    let marks: Vec<String> = select(&doc, "mark").iter().map(text).collect();
    assert!(marks.iter().any(|m| m == "Prabowo"), "{marks:?}");
    // A javascript: address is shown, never linked.
    assert!(select(&doc, "code.url")
        .iter()
        .any(|c| text(c) == "javascript:alert(1)"));
}

#[test]
fn the_sample_archive_in_both_languages() {
    let records = scanned(include_str!("../examples/data/archive-sample.jsonl"));
    let html = page(&records, ReportOptions::new());
    let doc = Html::parse_document(&html);
    assert_eq!(
        text(&select(&doc, "h1")[0]),
        "Laporan penyaringan netralitas ASN"
    );
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("id"));
    let rows = select(&doc, "tr.author");
    let sections = select(&doc, "section.person");
    assert_eq!(rows.len(), sections.len());
    assert!(rows.len() >= 10, "{}", rows.len());
    // Every flagged activity is there once, 39 of them, each with a highlight.
    let cards = select(&doc, "article.activity");
    assert_eq!(cards.len(), 39);
    assert!(cards
        .iter()
        .all(|c| c.select(&Selector::parse("mark").unwrap()).next().is_some()));
    // The counts, the caveat, the charts, the rules' wording and the five error records.
    let facts = text(&select(&doc, "table.facts")[0]);
    assert!(facts.contains("72") && facts.contains("67") && facts.contains("39"));
    assert!(text(&select(&doc, "p.caveat")[0]).contains("bukan temuan"));
    assert_eq!(select(&doc, "svg.chart").len(), 4);
    assert!(select(&doc, "svg.timeline rect.col").len() > 30);
    assert!(html.contains(netral::Rule::DukunganKtp.description_id()));
    assert_eq!(select(&doc, "table.errors tbody tr").len(), 5);
    // Times in the archive's zone, in Indonesian.
    assert!(html.contains("28 Nov 2023 07.45 WIB"), "time format");
    // The author table comes first, before the charts and the activities.
    let at = |id: &str| html.find(&format!("id=\"{id}\"")).unwrap();
    assert!(at("akun") < at("grafik") && at("grafik") < at("aktivitas"));

    let en = page(&records, ReportOptions::new().lang(Lang::En));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("ASN neutrality screening report"));
    assert!(en.contains("28 Nov 2023 07:45 UTC+07:00") || en.contains("28 Nov 2023 07:45 WIB"));
    let en = Html::parse_document(&en);
    let legend = text(&select(&en, "dl.legend")[0]);
    assert!(legend.contains(netral::Rule::DukunganKtp.description_en()));
}

#[test]
fn limits_say_what_is_left_out() {
    let mut archive = String::new();
    for i in 0..40u32 {
        // Account u0 has 10 flagged posts, u1 9, ..., u9 1.
        for j in 0..(i % 10) + 1 {
            let line = post(
                i * 100 + j,
                &format!("u{}", 9 - (i % 10)),
                "Ayo coblos 02 Prabowo!",
            );
            archive += &line;
            archive.push('\n');
        }
    }
    let records = scanned(&archive);
    let options = ReportOptions::new()
        .lang(Lang::En)
        .top_authors(3)
        .per_author(2)
        .max_text_chars(5);
    let html = page(&records, options);
    let doc = Html::parse_document(&html);
    let rows = select(&doc, "tr.author");
    assert_eq!(rows.len(), 3);
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            text(
                &r.select(&Selector::parse("td.name").unwrap())
                    .next()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(names, ["u0", "u1", "u2"]);
    assert_eq!(select(&doc, "article.activity").len(), 6);
    // 10 accounts, 3 shown; the other 7 hold 4 * (7 + 6 + ... + 1) flags.
    let note = text(&select(&doc, "#akun p.note")[0]);
    assert!(
        note.contains("10 accounts with flagged activity; shown 3."),
        "{note}"
    );
    assert!(note.contains("7 accounts not shown"), "{note}");
    assert!(note.contains(&format!("numbering {}", 4 * 28)), "{note}");
    let shown = text(&select(&doc, "section.person p.note")[0]);
    assert!(
        shown.contains("40 flagged activities; shown 2. 38 not shown"),
        "{shown}"
    );
    // Texts are cut at five characters, and the page says so.
    assert!(html.contains("… 17 more characters cut"));
}

#[test]
fn records_without_texts_list_the_matched_words() {
    let screener = Screener::new().unwrap();
    let mut out = Vec::new();
    let archive = post(1, "asn-1", "Ayo coblos 02 Prabowo!");
    let source = Source::from_reader("a.jsonl", std::io::Cursor::new(archive));
    scan(&screener, source, ScanOptions::new(), &mut out).unwrap();
    let html = page(&out, ReportOptions::new());
    let doc = Html::parse_document(&html);
    let matched: Vec<String> = select(&doc, "ul.matched li").iter().map(text).collect();
    assert!(matched.iter().any(|m| m.contains("Prabowo")), "{matched:?}");
    // Only flagged records: the page says the counts leave the others out.
    assert!(html.contains("--all"));
}

#[test]
fn a_line_that_is_not_a_record_names_its_line() {
    let mut report = Report::new(ReportOptions::new());
    let input = "\n{\"line\":1,\"error\":\"x\",\"raw\":\"\"}\n{\"id\": 1, \"kind\": \"post\"}\n";
    let e = report.read_jsonl("in.jsonl", input.as_bytes()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("in.jsonl line 3: not a scan output record"),
        "{e}"
    );
    let ok: OutputRecord =
        serde_json::from_str("{\"line\":1,\"error\":\"x\",\"raw\":\"\"}").unwrap();
    report.add(ok);
}

#[test]
fn with_several_races_each_camp_names_its_race() {
    let jakarta = netral::Pack::from_path(format!(
        "{}/examples/packs/pilkada-jakarta-2024.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let screener = netral::ScreenerBuilder::new()
        .pack(jakarta)
        .build()
        .unwrap();
    // In the weeks when both races ran.
    let archive = [
        (1, "Ayo coblos nomor 3, Pramono-Rano untuk Jakarta!"),
        (2, "Ayo coblos 02, Prabowo-Gibran satu putaran!"),
    ]
    .map(|(id, text)| {
        serde_json::json!({"id": id, "author": "asn", "created_at": "2024-09-10", "text": text})
            .to_string()
    })
    .join("\n");
    let mut records = Vec::new();
    let source = Source::from_reader("archive.jsonl", std::io::Cursor::new(archive));
    let options = ScanOptions::new().all(true).with_text(true);
    scan(&screener, source, options, &mut records).unwrap();
    let page_with = |packs: &[netral::Pack], lang| {
        let mut report = Report::new(ReportOptions::new().lang(lang));
        report.packs(packs);
        report.read_jsonl("scan.jsonl", records.as_slice()).unwrap();
        let mut html = Vec::new();
        report.write_html(&mut html).unwrap();
        String::from_utf8(html).unwrap()
    };
    let both = page_with(screener.packs(), Lang::Id);
    let doc = Html::parse_document(&both);
    let title = |id: &str| {
        select(&doc, "span.chip.camp")
            .iter()
            .filter(|e| text(e).trim() == id)
            .filter_map(|e| e.value().attr("title"))
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        title("jakarta-03").ends_with(", provinsi DKI Jakarta"),
        "{}",
        title("jakarta-03")
    );
    assert!(
        title("paslon-02").ends_with(", nasional"),
        "{}",
        title("paslon-02")
    );
    let en = page_with(screener.packs(), Lang::En);
    assert!(en.contains(", province DKI Jakarta"));
    // With the national pack alone, there is one race and nothing to tell apart.
    let national = page_with(Screener::new().unwrap().packs(), Lang::Id);
    assert!(!national.contains(", nasional"));
}
