//! The inspector's workbook, read back: its sheets, cell types, frozen headers, filters, and
//! that no text ever becomes a formula.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use netral::archive::{scan, ScanOptions, Source};
use netral::report::{ReportOptions, Workbook};
use netral::Screener;

fn workbook(archive: &str) -> Vec<u8> {
    let screener = Screener::new().unwrap();
    let mut records = Vec::new();
    let source = Source::from_reader("a.jsonl", Cursor::new(archive.to_string()));
    let options = ScanOptions::new().all(true).with_text(true);
    scan(&screener, source, options, &mut records).unwrap();
    let mut book = Workbook::new(&ReportOptions::new()).unwrap();
    book.packs(screener.packs());
    book.read_jsonl("scan.jsonl", &records[..]).unwrap();
    let mut out = Cursor::new(Vec::new());
    book.finish(&mut out).unwrap();
    out.into_inner()
}

fn line(id: u32, author: &str, text: &str, at: &str) -> String {
    serde_json::json!({"id": id, "kind": "post", "author": author, "created_at": at, "text": text})
        .to_string()
        + "\n"
}

#[test]
fn sheets_cells_and_formula_safety() {
    let mut archive = String::new();
    archive += &line(
        1,
        "=HYPERLINK(\"http://x\")",
        "=1+1 ayo coblos 02 Prabowo!",
        "2023-12-01T08:30:00+07:00",
    );
    archive += &line(
        2,
        "+asn",
        "+62 dukung Ganjar-Mahfud, coblos 03",
        "Fri Dec 01 02:00:00 +0000 2023",
    );
    archive += &line(
        3,
        "@asn",
        "-- Ayo pilih Anies, #AMINajaDulu \u{0}",
        "kemarin",
    );
    archive += &line(
        4,
        "asn-4",
        "Rapat koordinasi jam 09.00",
        "2023-12-02T08:00:00+07:00",
    );
    archive += "{broken\n";
    let bytes = workbook(&archive);

    let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        xlsx.sheet_names(),
        [
            "Aktivitas ditandai",
            "Ringkasan per akun",
            "Rekaman galat",
            "Tentang"
        ]
    );
    let flagged = xlsx.worksheet_range("Aktivitas ditandai").unwrap();
    assert_eq!(flagged.height(), 4, "a header and three flagged activities");
    let cell = |r: usize, c: usize| flagged.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("Akun".into()));
    assert_eq!(cell(1, 0), Data::String("=HYPERLINK(\"http://x\")".into()));
    assert_eq!(
        cell(1, 4),
        Data::String("=1+1 ayo coblos 02 Prabowo!".into())
    );
    assert_eq!(cell(2, 0), Data::String("+asn".into()));
    assert_eq!(cell(3, 0), Data::String("@asn".into()));
    // A NUL is shown as a marker, as on the page.
    assert_eq!(
        cell(3, 4),
        Data::String("-- Ayo pilih Anies, #AMINajaDulu [NUL]".into())
    );
    // Times are dates in the archive's own zone; a time nobody can read stays text.
    match cell(1, 1) {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().to_string(), "2023-12-01 08:30:00")
        }
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(cell(1, 2), Data::String("WIB".into()));
    match cell(2, 1) {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().to_string(), "2023-12-01 02:00:00")
        }
        other => panic!("not a date: {other:?}"),
    }
    assert_eq!(cell(3, 1), Data::String("kemarin".into()));
    assert!(matches!(cell(1, 10), Data::Float(s) if s >= 0.5));
    assert!(matches!(cell(1, 13), Data::Float(l) if l == 1.0));
    // No cell anywhere is a formula.
    for sheet in xlsx.sheet_names() {
        let formulas = xlsx.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}"
        );
    }

    let authors = xlsx.worksheet_range("Ringkasan per akun").unwrap();
    assert_eq!(authors.height(), 4);
    assert!(matches!(authors.get((1, 1)), Some(Data::Float(n)) if *n == 1.0));
    let errors = xlsx.worksheet_range("Rekaman galat").unwrap();
    assert_eq!(errors.height(), 2);
    assert!(matches!(errors.get((1, 0)), Some(Data::Float(n)) if *n == 5.0));
    let about = xlsx.worksheet_range("Tentang").unwrap();
    let about: Vec<String> = about.used_cells().map(|(_, _, d)| d.to_string()).collect();
    assert!(about.iter().any(|s| s.contains("bukan temuan")));
    assert!(about.iter().any(|s| s.contains("pemilu-2024")));

    // Frozen header rows and autofilters, read from the sheets' XML.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for (n, range) in [(1, "A1:P4"), (2, "A1:H4"), (3, "A1:D2")] {
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("state=\"frozen\""), "sheet {n} not frozen");
        assert!(
            xml.contains(&format!("<autoFilter ref=\"{range}\"")),
            "sheet {n}: {xml:.2000}"
        );
        assert!(xml.contains("<cols>"), "sheet {n} has no column widths");
    }
}
