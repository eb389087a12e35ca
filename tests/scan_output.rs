//! What a scan's output records carry for an inspector: the time, the post's address and, on
//! request, the texts the evidence spans point into.

use netral::archive::{scan, OutputFormat, OutputRecord, ScanOptions, ScreenedRecord, Source};
use netral::{Field, Screener};

fn records(name: &str, input: &str, options: ScanOptions) -> Vec<ScreenedRecord> {
    let screener = Screener::new().unwrap();
    let mut out = Vec::new();
    let source = Source::from_reader(name, std::io::Cursor::new(input.to_string()));
    scan(&screener, source, options, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .filter_map(|l| match serde_json::from_str::<OutputRecord>(l).unwrap() {
            OutputRecord::Screened(r) => Some(r),
            OutputRecord::Error(_) => None,
        })
        .collect()
}

#[test]
fn tweet_harvest_records_carry_time_and_address() {
    let input = include_str!("../examples/data/tweet-harvest-sample.csv");
    let got = records("export.csv", input, ScanOptions::new().all(true));
    assert!(!got.is_empty());
    for r in &got {
        let url = r.url.as_deref().unwrap_or_default();
        assert!(
            url.starts_with("https://x.com/") && url.ends_with(r.id.as_str()),
            "{url}"
        );
        let at = r.created_at.as_deref().unwrap_or_default();
        assert!(at.ends_with(" 2023") || at.ends_with(" 2024"), "{at}");
        assert_eq!(r.text, None, "texts only on request");
    }
}

#[test]
fn canonical_url_and_texts_on_request() {
    let input = concat!(
        r#"{"id": 1, "kind": "post", "author": "asn-1", "created_at": "2023-12-01T08:00:00+07:00", "url": "https://example.org/p/1", "text": "Ayo coblos 02 Prabowo-Gibran!"}"#,
        "\n",
        r#"{"id": 2, "kind": "like", "target_text": "Oke gas! #PrabowoGibran2024", "target_author": "@prabowo"}"#,
        "\n",
    );
    let got = records("a.jsonl", input, ScanOptions::new().with_text(true));
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].url.as_deref(), Some("https://example.org/p/1"));
    assert_eq!(
        got[0].created_at.as_deref(),
        Some("2023-12-01T08:00:00+07:00")
    );
    assert_eq!(got[1].url, None);
    for r in &got {
        assert!(r.flagged);
        for e in &r.evidence {
            let text = match e.field {
                Field::Text => r.text.as_deref(),
                Field::TargetText => r.target_text.as_deref(),
                Field::TargetAuthor => r.target_author.as_deref(),
            };
            assert_eq!(text.map(|t| &t[e.start..e.end]), Some(e.matched.as_str()));
        }
    }
    assert_eq!(got[1].target_author.as_deref(), Some("@prabowo"));
}

#[test]
fn csv_output_adds_columns_at_the_end() {
    let input = "id,text,url\n7,\"Coblos 03, Ganjar-Mahfud!\",https://example.org/7\n";
    let screener = Screener::new().unwrap();
    let mut out = Vec::new();
    let options = ScanOptions::new()
        .with_text(true)
        .output_format(OutputFormat::Csv);
    let source = Source::from_reader("a.csv", std::io::Cursor::new(input));
    scan(&screener, source, options, &mut out).unwrap();
    let mut r = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[10..],
        [
            "error",
            "created_at",
            "url",
            "text",
            "target_text",
            "target_author"
        ]
    );
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[12], "https://example.org/7");
    assert_eq!(&row[13], "Coblos 03, Ganjar-Mahfud!");
}
