//! The archive readers and the streaming scan, through the public library API.

mod common;

use std::io::{Cursor, Read};

use netral::archive::{
    scan, ErrorRecord, FieldMap, Format, OutputFormat, OutputRecord, Scan, ScanOptions,
    ScreenedRecord, Source,
};
use netral::{ErrorKind, Kind, Screener};

/// The bundled screener, built once: it is cheap to clone and slow to build in debug builds.
fn screener() -> Screener {
    static SCREENER: std::sync::OnceLock<Screener> = std::sync::OnceLock::new();
    SCREENER
        .get_or_init(|| Screener::new().expect("the bundled pack builds"))
        .clone()
}

fn source(name: &str, bytes: impl Into<Vec<u8>>) -> Source {
    Source::from_reader(name, Cursor::new(bytes.into()))
}

/// Scans `bytes` with `--all` and returns the output records.
fn scan_all(name: &str, bytes: impl Into<Vec<u8>>, options: ScanOptions) -> Vec<OutputRecord> {
    let mut out = Vec::new();
    scan(
        &screener(),
        source(name, bytes),
        options.all(true),
        &mut out,
    )
    .expect("scan");
    parse(&out)
}

fn parse(out: &[u8]) -> Vec<OutputRecord> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn screened(records: &[OutputRecord]) -> Vec<&ScreenedRecord> {
    records
        .iter()
        .filter_map(|r| match r {
            OutputRecord::Screened(s) => Some(s),
            OutputRecord::Error(_) => None,
        })
        .collect()
}

fn errors(records: &[OutputRecord]) -> Vec<&ErrorRecord> {
    records
        .iter()
        .filter_map(|r| match r {
            OutputRecord::Error(e) => Some(e),
            OutputRecord::Screened(_) => None,
        })
        .collect()
}

fn lines_of(records: &[OutputRecord]) -> Vec<u64> {
    records
        .iter()
        .map(|r| match r {
            OutputRecord::Screened(s) => s.line,
            OutputRecord::Error(e) => e.line,
        })
        .collect()
}

#[test]
fn public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<ScanOptions>();
    send_sync::<FieldMap>();
    send_sync::<OutputRecord>();
    send_sync::<netral::archive::Summary>();
    send_sync::<netral::archive::Progress>();
    send::<Source>();
}

#[test]
fn the_sample_archive_yields_one_record_per_line_in_order() {
    let text = std::fs::read(common::repo("examples/data/archive-sample.jsonl")).unwrap();
    let n = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count() as u64;
    let records = scan_all("archive-sample.jsonl", text, ScanOptions::new());
    assert_eq!(lines_of(&records), (1..=n).collect::<Vec<_>>());

    let ok = screened(&records);
    // Big numeric ids survive exactly, and the same id twice is two records.
    let big = ok
        .iter()
        .find(|r| r.id.as_str() == "1733012345678901234567")
        .expect("the big id");
    assert!(big.id.is_numeric() && big.flagged);
    assert_eq!(ok.iter().filter(|r| r.id.as_str() == "a-0042").count(), 2);
    // A post with null text is screened as empty, not rejected.
    let null_text = ok
        .iter()
        .find(|r| r.id.as_str() == "1750958700112233472")
        .unwrap();
    assert!(!null_text.flagged);

    let errs = errors(&records);
    let reasons: Vec<&str> = errs.iter().map(|e| e.error.as_str()).collect();
    assert_eq!(errs.len(), 5, "{reasons:?}");
    for (reason, needle) in reasons.iter().zip([
        "truncated JSON",
        "not a JSON object",
        "unknown kind `retweet`",
        "`text`: integer `2024`, expected a string",
        "missing `id`",
    ]) {
        assert!(
            reason.contains(needle),
            "{reason:?} should contain {needle:?}"
        );
    }
    assert_eq!(errs[4].raw, "{}");
}

#[test]
fn flagged_only_output_keeps_flags_and_errors() {
    let text = std::fs::read(common::repo("examples/data/archive-sample.jsonl")).unwrap();
    let all = scan_all("a.jsonl", text.clone(), ScanOptions::new());
    let mut out = Vec::new();
    let summary = scan(
        &screener(),
        source("a.jsonl", text),
        ScanOptions::new(),
        &mut out,
    )
    .unwrap();
    let some = parse(&out);
    let expected: Vec<&OutputRecord> = all
        .iter()
        .filter(|r| match r {
            OutputRecord::Screened(s) => s.flagged,
            OutputRecord::Error(_) => true,
        })
        .collect();
    assert_eq!(some.iter().collect::<Vec<_>>(), expected);
    assert_eq!(summary.records, summary.screened + summary.errors);
    assert_eq!(
        summary.flagged as usize + summary.errors as usize,
        some.len()
    );
}

#[test]
fn output_does_not_depend_on_threads_or_block_size() {
    let archive = common::generated_archive(5000);
    let run = |threads: usize, block: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut out = Vec::new();
        pool.install(|| {
            scan(
                &screener(),
                source("g.jsonl", archive.clone()),
                ScanOptions::new().all(true).block_records(block),
                &mut out,
            )
        })
        .unwrap();
        out
    };
    let one = run(1, 4096);
    let records = parse(&one);
    assert_eq!(lines_of(&records), (1..=5000).collect::<Vec<_>>());
    assert_eq!(one, run(2, 4096));
    assert_eq!(one, run(2, 7));
    assert_eq!(one, run(3, 1));
}

#[test]
fn bom_crlf_and_blank_lines() {
    let lf = "{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\n{\"id\":\"2\",\"kind\":\"post\",\"text\":\"Selamat pagi\"}\n";
    let crlf = format!("\u{feff}{}\r\n", lf.replace('\n', "\r\n\r\n").trim_end());
    let a = scan_all("a.jsonl", lf, ScanOptions::new());
    let b = scan_all("b.jsonl", crlf, ScanOptions::new());
    assert_eq!(screened(&a).len(), 2);
    assert!(errors(&b).is_empty(), "{b:?}");
    let strip = |r: &[OutputRecord]| {
        screened(r)
            .into_iter()
            .map(|s| (s.id.clone(), s.flagged, s.evidence.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(lines_of(&b), [1, 3]);
}

#[test]
fn invalid_utf8_and_over_long_lines_become_error_records() {
    let mut input = b"{\"id\":\"1\",\"kind\":\"post\",\"text\":\"caf\xe9\"}\n".to_vec();
    input.extend_from_slice(b"{\"id\":\"2\",\"kind\":\"post\",\"text\":\"");
    input.extend(std::iter::repeat_n(b'a', 11 << 20));
    input.extend_from_slice(b"\"}\n{\"id\":\"3\",\"kind\":\"post\",\"text\":\"ok\"}\n");
    let records = scan_all("a.jsonl", input, ScanOptions::new());
    assert_eq!(lines_of(&records), [1, 2, 3]);
    let errs = errors(&records);
    assert_eq!(errs[0].error, "invalid UTF-8 at byte 35");
    assert!(errs[0].raw.ends_with("caf\u{fffd}\"}"), "{}", errs[0].raw);
    assert!(
        errs[1].error.contains("over the limit of 10485760"),
        "{}",
        errs[1].error
    );
    assert_eq!(errs[1].raw.chars().count(), 200);
    assert_eq!(screened(&records)[0].id.as_str(), "3");

    let small = scan_all(
        "a.jsonl",
        "{\"id\":\"1\",\"kind\":\"post\",\"text\":\"12345\"}\n",
        ScanOptions::new().max_record_len(20),
    );
    assert!(errors(&small)[0].error.contains("over the limit of 20"));
}

#[test]
fn the_record_reader_reads_each_line_as_the_scan_does() {
    let lines = common::sample_lines();
    let records = scan_all("archive-sample.jsonl", lines.join("\n"), ScanOptions::new());
    let reader = netral::archive::JsonRecordReader::new(None).unwrap();
    assert_eq!(records.len(), lines.len());
    for (line, record) in lines.iter().zip(&records) {
        match (reader.read(line.as_bytes()), record) {
            (Ok(activity), OutputRecord::Screened(r)) => {
                let v = screener().screen(&activity);
                assert_eq!(
                    (&v.id, activity.kind, &activity.author),
                    (&r.id, r.kind, &r.author)
                );
                assert_eq!(
                    (v.flagged, &v.rules, &v.evidence),
                    (r.flagged, &r.rules, &r.evidence)
                );
            }
            (Err(e), OutputRecord::Error(r)) => {
                assert_eq!(
                    (e.to_string(), e.kind()),
                    (r.error.clone(), ErrorKind::Input)
                )
            }
            (got, want) => panic!("line {line}: the reader gave {got:?}, the scan {want:?}"),
        }
    }
    let map: FieldMap = "id=post_id,author=user.handle".parse().unwrap();
    let mapped = netral::archive::JsonRecordReader::new(Some(&map)).unwrap();
    let a = mapped
        .read(br#"{"post_id": 12, "user": {"handle": "asn-7"}, "text": "halo"}"#)
        .unwrap();
    assert_eq!(
        (a.id.as_str(), a.kind, a.author.as_deref()),
        ("12", Kind::Post, Some("asn-7"))
    );
    let bad: FieldMap = "id=a..b".parse().unwrap();
    let err = netral::archive::JsonRecordReader::new(Some(&bad)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}

#[test]
fn field_mapping_reads_custom_exports() {
    let export = concat!(
        r#"{"post_id": 9007199254740993123, "body": "Mari menangkan AMIN!", "user": {"handle": "asn-7"}, "extra": [1,2]}"#,
        "\n",
        r#"{"post_id": "x2", "body": null, "user": null, "type": "like", "target": "Oke gas! #PrabowoGibran2024"}"#,
        "\n",
        r#"{"body": "no id"}"#,
        "\n",
    );
    let map: FieldMap = "id=post_id,text=body,author=user.handle,kind=type,target_text=target"
        .parse()
        .unwrap();
    let records = scan_all("export.jsonl", export, ScanOptions::new().field_map(map));
    let ok = screened(&records);
    assert_eq!(ok[0].id.as_str(), "9007199254740993123");
    assert_eq!(
        (ok[0].kind, ok[0].author.as_deref(), ok[0].flagged),
        (Kind::Post, Some("asn-7"), true)
    );
    assert_eq!((ok[1].kind, ok[1].flagged), (Kind::Like, true));
    assert_eq!(errors(&records)[0].error, "missing `post_id`");
}

#[test]
fn unknown_mapping_fields_are_errors() {
    let e = FieldMap::parse("txt=full_text").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("unknown field `txt`"));

    let map = FieldMap::parse("text=isi").unwrap();
    let mut out = Vec::new();
    let e = scan(
        &screener(),
        source("a.csv", "id,text\n1,x\n"),
        ScanOptions::new().field_map(map),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(
        e.to_string()
            .contains("a.csv: the CSV header has no column `isi`"),
        "{e}"
    );
}

#[test]
fn csv_with_semicolons_quotes_and_bad_rows() {
    let input = "\u{feff}id;author;text;kind\r\n\
                 1;asn-1;\"Ayo; coblos 02\r\nPrabowo!\";post\r\n\
                 2;asn-2;Selamat pagi;\r\n\
                 3;asn-3;short\r\n\
                 4;asn-4;\"Oke gas! #PrabowoGibran2024\";like\r\n\
                 5;asn-5;x;retweet\r\n";
    let records = scan_all("posts.txt", input, ScanOptions::new());
    assert_eq!(lines_of(&records), [2, 4, 5, 6, 7]);
    let ok = screened(&records);
    assert!(ok[0].flagged);
    assert_eq!(ok[0].evidence[0].matched, "Ayo");
    assert_eq!((ok[1].kind, ok[1].flagged), (Kind::Post, false));
    assert_eq!(ok[2].kind, Kind::Like);
    let errs = errors(&records);
    assert_eq!(errs[0].error, "the row has 3 fields, the header has 4");
    assert_eq!(errs[0].raw, "3;asn-3;short");
    assert!(errs[1].error.starts_with("unknown kind `retweet`"));
}

#[test]
fn tweet_harvest_preset() {
    let bytes = std::fs::read(common::repo("examples/data/tweet-harvest-sample.csv")).unwrap();
    // Detected by its header, whatever the name.
    let records = scan_all("export", bytes.clone(), ScanOptions::new());
    let ok = screened(&records);
    assert!(errors(&records).is_empty());
    assert_eq!(ok.len(), 16);
    let shares: Vec<_> = ok.iter().filter(|r| r.kind == Kind::Share).collect();
    assert_eq!(shares.len(), 4);
    let bawaslu = ok
        .iter()
        .find(|r| r.id.as_str() == "1732003797567196683")
        .unwrap();
    assert_eq!(bawaslu.kind, Kind::Share);
    assert_eq!(bawaslu.author.as_deref(), Some("mbak_sekar_dinsos"));
    let ganjar = ok
        .iter()
        .find(|r| r.id.as_str() == "1729691939156790388")
        .unwrap();
    assert!(ganjar.flagged && ganjar.rules.iter().any(|r| r.id() == "interaksi-kampanye"));
    assert!(ganjar
        .evidence
        .iter()
        .any(|e| e.matched == "@ganjarpranowo"));
    // Line numbers count the line breaks inside quoted cells.
    let posyandu = ok
        .iter()
        .find(|r| r.id.as_str() == "1730802846557470801")
        .unwrap();
    assert_eq!(posyandu.line, 6);
    assert_eq!(
        ok[ok.iter().position(|r| r.line == 6).unwrap() + 1].line,
        10
    );

    // The same file with `;`, forced as tweet-harvest, reads the same.
    let mut semi = Vec::new();
    {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut semi);
        for rec in r.records() {
            w.write_record(&rec.unwrap()).unwrap();
        }
    }
    let again = scan_all(
        "x.csv",
        semi,
        ScanOptions::new().format(Format::TweetHarvest),
    );
    let key = |r: &[OutputRecord]| {
        screened(r)
            .iter()
            .map(|s| (s.id.clone(), s.kind, s.flagged))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&records), key(&again));
}

#[test]
fn csv_output_escapes_formulas() {
    let input = "id,author,text\n=1+1,@evil,\"-Ayo coblos 02, Prabowo!\"\n";
    let mut out = Vec::new();
    scan(
        &screener(),
        source("a.csv", input),
        ScanOptions::new()
            .all(true)
            .output_format(OutputFormat::Csv),
        &mut out,
    )
    .unwrap();
    let mut r = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "line",
            "id",
            "kind",
            "author",
            "flagged",
            "score",
            "rules",
            "entities",
            "matched",
            "reasons",
            "error",
            "created_at",
            "url"
        ]
    );
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "2");
    assert_eq!(&row[1], "'=1+1");
    assert_eq!(&row[3], "'@evil");
    assert_eq!(&row[4], "true");
    assert!(row[8].contains("coblos|02"), "{}", &row[8]);
}

#[test]
fn summary_and_progress() {
    let archive = common::generated_archive(1000);
    let mut calls = Vec::new();
    let mut out = Vec::new();
    let summary = {
        let s = screener();
        let mut scan = Scan::new(&s, ScanOptions::new().block_records(100), &mut out);
        scan.on_progress(|p| calls.push(*p));
        scan.run(source("g.jsonl", archive.clone())).unwrap();
        let s = scan.summary();
        scan.finish().unwrap();
        s
    };
    assert_eq!(calls.len(), 10);
    assert!(calls.windows(2).all(|w| w[0].records < w[1].records));
    assert_eq!(calls.last().unwrap().records, 1000);
    assert_eq!(summary.records, 1000);
    assert_eq!(summary.records, summary.screened + summary.errors);
    assert_eq!(summary.bytes, archive.len() as u64);
    assert_eq!(summary.kinds.values().sum::<u64>(), summary.flagged);
    assert!(summary.rules.values().sum::<u64>() >= summary.flagged);
    assert!(summary.top_authors.len() <= 10);
    assert!(summary
        .top_authors
        .windows(2)
        .all(|w| w[0].flagged >= w[1].flagged));
    let text = summary.render();
    assert!(text.contains("records: 1000"), "{text}");
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["records"], 1000);
    // Progress says how far through the input as stored: here, every byte of it.
    let last = calls.last().unwrap();
    assert_eq!(last.input_bytes, archive.len() as u64);
    assert!(calls
        .windows(2)
        .all(|w| w[0].input_bytes <= w[1].input_bytes));
    // The summary's errors are counted by reason; they add up to the errors.
    assert_eq!(
        summary.errors_by_reason.values().sum::<u64>(),
        summary.errors
    );
}

#[test]
fn records_passed_on_are_those_the_output_holds_with_their_texts() {
    // What a report made while scanning is given is what it would read back from the output
    // of a scan with --all --with-text: the flagged records and the error records, field for
    // field, in input order; over several inputs, with their files; in every input format.
    let csv =
        "id,kind,author,text\n1,post,rina,Ayo coblos 02 Prabowo!\n2,post,budi,pagi\n3,bogus,x,y\n";
    let inputs = [
        ("a.jsonl", common::generated_archive(700)),
        ("b.csv", csv.to_string()),
    ];
    let options = || {
        ScanOptions::new()
            .all(true)
            .with_text(true)
            .file_names(true)
            .block_records(128)
    };
    let mut out = Vec::new();
    let mut passed = Vec::new();
    {
        let s = screener();
        let mut scan = Scan::new(&s, options(), &mut out);
        scan.on_record(|r| passed.push(r));
        for (name, bytes) in &inputs {
            scan.run(source(name, bytes.clone())).unwrap();
        }
        scan.finish().unwrap();
    }
    let written: Vec<OutputRecord> = parse(&out)
        .into_iter()
        .filter(|r| !matches!(r, OutputRecord::Screened(s) if !s.flagged))
        .collect();
    assert!(written.len() > 300, "{}", written.len());
    assert!(errors(&written).len() > 10);
    assert!(written
        .iter()
        .any(|r| matches!(r, OutputRecord::Screened(s) if s.file.as_deref() == Some("b.csv"))));
    assert_eq!(passed, written);

    // Without --with-text the output has no texts; what is passed on still has them.
    let mut passed = Vec::new();
    {
        let s = screener();
        let mut scan = Scan::new(&s, ScanOptions::new(), std::io::sink());
        scan.on_record(|r| passed.push(r));
        scan.run(source("b.csv", csv)).unwrap();
    }
    assert_eq!(
        screened(&passed)[0].text.as_deref(),
        Some("Ayo coblos 02 Prabowo!")
    );
}

#[test]
fn several_inputs_share_one_output() {
    let a = "{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\n";
    let s = screener();
    let mut scan = Scan::new(
        &s,
        ScanOptions::new()
            .all(true)
            .file_names(true)
            .output_format(OutputFormat::Csv),
        Vec::new(),
    );
    scan.run(source("a.jsonl", a)).unwrap();
    scan.run(source("b.csv", "id,text\n7,halo\n")).unwrap();
    let out = String::from_utf8(scan.finish().unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("file,line,id,"));
    assert!(lines[1].starts_with("a.jsonl,1,1,post,"));
    assert!(lines[2].starts_with("b.csv,2,7,post,"));
}

#[test]
fn empty_inputs() {
    assert!(scan_all("a.jsonl", "", ScanOptions::new()).is_empty());
    assert!(scan_all("a.csv", "", ScanOptions::new()).is_empty());
    assert!(scan_all("a", "\n\n", ScanOptions::new()).is_empty());
    let s = screener();
    let mut scan = Scan::new(
        &s,
        ScanOptions::new().output_format(OutputFormat::Csv),
        Vec::new(),
    );
    scan.run(source("a.jsonl", "")).unwrap();
    assert!(String::from_utf8(scan.finish().unwrap())
        .unwrap()
        .starts_with("line,id,"));
}

/// A reader that fails after giving `ok` bytes.
struct FailsAfter(Cursor<Vec<u8>>);

impl Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.read(buf)? {
            0 => Err(std::io::Error::other("disk on fire")),
            n => Ok(n),
        }
    }
}

#[test]
fn a_read_error_keeps_what_came_before() {
    let archive = common::generated_archive(300);
    let mut out = Vec::new();
    let (summary, err) = {
        let s = screener();
        let mut scan = Scan::new(&s, ScanOptions::new().all(true).block_records(50), &mut out);
        let err = scan
            .run(Source::from_reader(
                "a.jsonl",
                FailsAfter(Cursor::new(archive.into_bytes())),
            ))
            .unwrap_err();
        (scan.summary(), err)
    };
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string()
            .contains("a.jsonl: cannot read after line 300: disk on fire"),
        "{err}"
    );
    assert_eq!(summary.records, 300);
    assert_eq!(parse(&out).len(), 300);
}

#[test]
fn an_unreadable_file_is_an_error() {
    let e = Source::open("/nonexistent/archive.jsonl").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("cannot open /nonexistent/archive.jsonl"),
        "{e}"
    );
}

#[cfg(feature = "gzip")]
mod gzip {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn compressed_input_gives_the_same_records() {
        let archive = common::generated_archive(2000);
        let plain = scan_all("a.jsonl", archive.clone(), ScanOptions::new());
        // Detected by content: the name says nothing.
        assert_eq!(
            scan_all("upload.bin", gz(archive.as_bytes()), ScanOptions::new()),
            plain
        );
        // Concatenated members are one stream.
        let (a, b) = archive
            .split_at(archive.len() / 2 + archive[archive.len() / 2..].find('\n').unwrap() + 1);
        let mut two = gz(a.as_bytes());
        two.extend(gz(b.as_bytes()));
        assert_eq!(scan_all("a.jsonl.gz", two, ScanOptions::new()), plain);
        let csv = std::fs::read(common::repo("examples/data/tweet-harvest-sample.csv")).unwrap();
        assert_eq!(
            scan_all("t.csv.gz", gz(&csv), ScanOptions::new()),
            scan_all("t.csv", csv, ScanOptions::new())
        );
    }

    #[test]
    fn a_truncated_stream_is_an_error_after_the_partial_output() {
        let archive = common::generated_archive(3000);
        let mut packed = gz(archive.as_bytes());
        packed.truncate(packed.len() / 2);
        let mut out = Vec::new();
        let (summary, err) = {
            let s = screener();
            let mut scan = Scan::new(
                &s,
                ScanOptions::new().all(true).block_records(100),
                &mut out,
            );
            let err = scan.run(source("a.jsonl.gz", packed)).unwrap_err();
            (scan.summary(), err)
        };
        assert_eq!(err.kind(), ErrorKind::Input);
        assert!(
            err.to_string()
                .contains("a.jsonl.gz: the gzip stream ends early after line"),
            "{err}"
        );
        let records = parse(&out);
        assert!(
            records.len() > 100 && records.len() < 3000,
            "{}",
            records.len()
        );
        assert_eq!(records.len() as u64, summary.records);
        assert_eq!(
            lines_of(&records),
            (1..=records.len() as u64).collect::<Vec<_>>()
        );
    }
}

#[cfg(not(feature = "gzip"))]
#[test]
fn gzip_input_needs_the_gzip_feature() {
    let mut out = Vec::new();
    let e = scan(
        &screener(),
        source("a.jsonl.gz", vec![0x1f, 0x8b, 8, 0]),
        ScanOptions::new(),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(
        e.to_string().contains("built without the `gzip` feature"),
        "{e}"
    );
}

#[test]
fn a_csv_quote_left_open_stops_the_scan_with_its_line() {
    let mut input = String::from("id,text\n1,Ayo coblos 02\n2,\"never closed\n");
    for _ in 0..5000 {
        input += "3,more text that the open quote swallows\n";
    }
    let mut out = Vec::new();
    let options = ScanOptions::new().all(true).max_record_len(1000);
    let e = scan(&screener(), source("open.csv", input), options, &mut out).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert!(
        e.to_string()
            .contains("open.csv: the CSV record starting on line 3 runs on"),
        "{e}"
    );
    assert_eq!(lines_of(&parse(&out)), [2]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Fragments that make archives interesting: JSON and CSV syntax, line breaks, a BOM,
    /// invalid UTF-8, campaign words.
    fn fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"{\"id\":1,\"kind\":\"post\",\"text\":\"Ayo coblos 02\"}".to_vec()),
            Just(b"{\"id\":\"x\",\"kind\":\"like\",\"target_author\":\"@prabowo\"}".to_vec()),
            Just(b"id,text,kind\n".to_vec()),
            Just(b"id_str;full_text;username\n".to_vec()),
            Just(b"RT @a: b".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"{".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xff".to_vec()),
            "[a-z0-9 :@#]{0,12}".prop_map(String::into_bytes),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn every_record_is_accounted_for_in_order(
            parts in proptest::collection::vec(fragment(), 0..40),
            format in 0usize..4,
            block in 1usize..5,
        ) {
            let data: Vec<u8> = parts.concat();
            let mut options = ScanOptions::new().all(true).max_record_len(64).block_records(block);
            options = match format {
                1 => options.format(Format::Jsonl),
                2 => options.format(Format::Csv),
                3 => options.format(Format::TweetHarvest),
                _ => options,
            };
            let mut out = Vec::new();
            if let Ok(summary) = scan(&screener(), source("p", data), options, &mut out) {
                prop_assert_eq!(summary.records, summary.screened + summary.errors);
                let recs = parse(&out);
                prop_assert_eq!(recs.len() as u64, summary.records);
                let lines = lines_of(&recs);
                prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "{:?}", lines);
            }
        }
    }
}

/// The fault of real exports: a quote left open in the text of one row.
const QUOTE_LEFT_OPEN: &str = "id,kind,author,text\n\
    1,post,user_a,\"halo semua\n\
    2,post,user_b,Ayo coblos 02 ya\n\
    3,post,user_c,rapat jam 10\"\n\
    4,post,user_d,selamat pagi\n";

#[test]
fn a_quote_left_open_never_charges_one_author_with_another_s_words() {
    // Leniently: the damaged line is an error record, every row after it is read.
    let records = scan_all(
        "a.csv",
        QUOTE_LEFT_OPEN,
        ScanOptions::new().lenient_csv(true),
    );
    assert_eq!(lines_of(&records), [2, 3, 4, 5]);
    let errs = errors(&records);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, 2);
    assert!(errs[0].error.contains("left open"), "{}", errs[0].error);
    let ok = screened(&records);
    let by_author = |a: &str| ok.iter().find(|r| r.author.as_deref() == Some(a)).unwrap();
    assert!(by_author("user_b").flagged);
    assert!(!by_author("user_c").flagged);
    assert!(ok.iter().all(|r| r.author.as_deref() != Some("user_a")));

    // Strictly (the default for plain CSV): the scan stops at the damaged record and says where.
    let mut out = Vec::new();
    let e = scan(
        &screener(),
        source("a.csv", QUOTE_LEFT_OPEN),
        ScanOptions::new().all(true),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert!(
        e.to_string().starts_with(
            "a.csv: the CSV record starting on line 2 runs on over line 3, which reads as a row"
        ),
        "{e}"
    );
    assert!(parse(&out).is_empty());
}

#[test]
fn the_tweet_harvest_preset_recovers_from_a_quote_left_open() {
    let header = "created_at,id_str,full_text,quote_count,reply_count,retweet_count,favorite_count,lang,user_id_str,conversation_id_str,username,tweet_url\n";
    let row = |id: &str, text: &str, user: &str| {
        format!("Mon Jan 08 10:00:00 +0000 2024,{id},{text},0,0,0,0,in,9,{id},{user},https://x.com/{user}/status/{id}\n")
    };
    let mut input = String::from(header);
    input += &row("1001", "\"Selamat pagi semua", "asn_a");
    input += &row("1002", "Ayo coblos 02 Prabowo-Gibran!", "asn_b");
    input += &row("1003", "\"Rapat jam 10,\nsemua hadir\"", "asn_c");
    let records = scan_all("export", input, ScanOptions::new());
    assert_eq!(lines_of(&records), [2, 3, 4]);
    assert_eq!(errors(&records)[0].line, 2);
    let ok = screened(&records);
    assert_eq!(
        (ok[0].author.as_deref(), ok[0].flagged),
        (Some("asn_b"), true)
    );
    // A text over two lines that is not damaged still reads as one record.
    assert_eq!(ok[1].author.as_deref(), Some("asn_c"));
}

#[test]
fn a_csv_row_over_the_limit_is_one_error_record_and_the_scan_goes_on() {
    // Far over the limit: a row is never held in memory whole, however long.
    let input = format!(
        "id,text\n1,Ayo coblos 02\n2,{}\n3,Coblos 03 Ganjar!\n",
        "kata ".repeat(100_000)
    );
    let records = scan_all("a.csv", input, ScanOptions::new().max_record_len(1000));
    assert_eq!(lines_of(&records), [2, 3, 4]);
    assert_eq!(errors(&records).len(), 1);
    assert_eq!(
        errors(&records)[0].error,
        "record is 500002 bytes long, over the limit of 1000"
    );
    assert_eq!(screened(&records).len(), 2);
}

#[test]
fn a_mapped_json_source_that_no_record_has_is_an_error_naming_the_keys() {
    let input = concat!(
        r#"{"id_str": "1", "full_text": "Ayo coblos 02", "user": {"screen_name": "rina"}, "quoted": null}"#,
        "\n",
        r#"{"id_str": "2", "full_text": "Selamat pagi", "user": {"screen_name": "budi"}, "quoted": null}"#,
        "\n",
    );
    let map = |spec: &str| ScanOptions::new().field_map(FieldMap::parse(spec).unwrap());
    let mut out = Vec::new();
    let e = scan(
        &screener(),
        source("x.jsonl", input),
        map("id=id_str,text=ful_text"),
        &mut out,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert_eq!(
        e.to_string(),
        "field mapping: none of the first 2 records has `ful_text` (mapped to `text`); their \
         fields are: full_text, id_str, quoted, user, user.screen_name"
    );
    assert!(out.is_empty(), "nothing is written before the check");
    // Present keys, and a path under a key that is null, pass.
    let records = scan_all(
        "x.jsonl",
        input,
        map("id=id_str,text=full_text,author=user.screen_name,target_text=quoted.text"),
    );
    assert!(screened(&records)[0].flagged);
}

#[test]
fn a_json_array_export_is_read_as_records() {
    let input = "[\n  {\"id\": 1, \"kind\": \"post\", \"text\": \"Ayo coblos 02!\"},\n  {\"id\": 2,\n   \"kind\": \"post\", \"text\": \"Selamat pagi\"},\n  {\"id\": 3}\n]\n";
    let records = scan_all("export.json", input, ScanOptions::new());
    assert_eq!(lines_of(&records), [2, 3, 5]);
    let ok = screened(&records);
    assert!(ok[0].flagged && !ok[1].flagged);
    assert_eq!(errors(&records)[0].error, "missing `kind`");
    // On one line, and detected by content whatever the name.
    let one_line = input.replace('\n', "");
    let records = scan_all("upload", one_line, ScanOptions::new());
    assert_eq!(lines_of(&records), [1, 1, 1]);
    assert_eq!(screened(&records).len(), 2);
}

#[test]
fn other_compressed_formats_and_binary_data_are_named() {
    for (bytes, needle) in [
        (&b"BZh91AY&SY\x01\x02"[..], "bzip2-compressed"),
        (b"\xFD7zXZ\x00\x00\x04\xE6", "xz-compressed"),
        (b"\x28\xB5\x2F\xFD\x24\x05", "zstd-compressed"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a zip archive"),
        (b"\x7FELF\x02\x01\x01\x00\x00\x00", "binary data, not text"),
    ] {
        let mut out = Vec::new();
        let e = scan(
            &screener(),
            source("upload.csv", bytes),
            ScanOptions::new(),
            &mut out,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert!(e.to_string().starts_with("upload.csv: "), "{e}");
        assert!(e.to_string().contains(needle), "{e}");
        assert!(out.is_empty());
    }
}

#[test]
fn a_stream_that_pauses_gets_each_verdict_before_the_next_record() {
    use std::sync::mpsc;
    use std::time::Duration;
    /// Gives one record, then waits until told to go on, then ends.
    struct Paused {
        first: Option<Vec<u8>>,
        go_on: mpsc::Receiver<()>,
    }
    impl Read for Paused {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if let Some(first) = self.first.take() {
                buf[..first.len()].copy_from_slice(&first);
                return Ok(first.len());
            }
            let _ = self.go_on.recv();
            Ok(0)
        }
    }
    /// Hands every write on to the test.
    struct Seen(mpsc::Sender<Vec<u8>>);
    impl std::io::Write for Seen {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.send(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (go_tx, go_on) = mpsc::channel();
    let (seen_tx, seen) = mpsc::channel();
    let record = b"{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\n".to_vec();
    let source = Source::from_stream(
        "live.jsonl",
        Paused {
            first: Some(record),
            go_on,
        },
    );
    let scanning = std::thread::spawn(move || {
        scan(
            &screener(),
            source,
            ScanOptions::new().all(true),
            Seen(seen_tx),
        )
    });
    // The verdict comes while the stream is still open.
    let out = seen
        .recv_timeout(Duration::from_secs(20))
        .expect("a verdict while the stream is open");
    assert!(String::from_utf8(out).unwrap().contains("\"id\":\"1\""));
    go_tx.send(()).unwrap();
    let summary = scanning.join().unwrap().unwrap();
    assert_eq!(summary.records, 1);
}
