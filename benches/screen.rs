//! Criterion benchmarks: normalisation, pack build, single-post screening and batch screening.
//! Each one checks the answer it expects before timing, so a fast wrong answer cannot pass.
//!
//! Run with `cargo bench --bench screen`; `cargo test --benches` runs each once as a check.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use netral::{Activity, Kind, Screener};

/// A typical 200-byte post: everyday ASN life with a campaign call in it.
const POST: &str = "Alhamdulillah rapat koordinasi di kantor kecamatan sudah selesai, lanjut \
    ngopi sama temen2 bidang. Jangan lupa 14 Februari ke TPS ya, coblos 02 biar satu putaran! \
    #PrabowoGibran2024";
const ASCII_POST: &str = "Hari ini rapat koordinasi persiapan pelayanan publik di kantor \
    kecamatan, dilanjutkan monitoring program stunting di tiga desa. Terima kasih rekan-rekan \
    atas kerja kerasnya, semoga lancar terus.";
const EVASION_POST: &str = "Yuk pilih Gan\u{200b}jar-Mah\u{200b}fud 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 Аnіеs pr4b0w0 \
    p r a b o w o ＧＡＮＪＡＲ coblos 0️⃣3️⃣ ✌️ #𝙶𝚊𝚗𝚓𝚊𝚛𝙼𝚊𝚑𝚏𝚞𝚍2024 amiiiin";

fn normalize(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalize");
    for (name, text, expect) in [
        ("ascii", ASCII_POST, "hari ini rapat kordinasi"),
        (
            "evasion",
            EVASION_POST,
            "yuk pilih ganjar mahfud prabowo anies prabowo prabowo ganjar coblos 03",
        ),
    ] {
        let mut n = netral::Normalized::new();
        n.normalize_into(text);
        assert!(n.as_str().starts_with(expect), "{}", n.as_str());
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                n.normalize_into(black_box(text));
                n.as_str().len()
            })
        });
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    let s = Screener::new().unwrap();
    // The bundled pack grows as it is curated, so only a floor is checked here.
    let terms = s.packs()[0].terms().len();
    assert!(
        terms > 1000 && s.normalized_terms().len() > 300,
        "{terms} terms"
    );
    let mut g = c.benchmark_group("build");
    // Throughput in terms: each is parsed, normalised and compiled into the automata.
    g.throughput(Throughput::Elements(terms as u64));
    g.bench_function("pemilu-2024", |b| b.iter(|| Screener::new().unwrap()));
    g.finish();
}

fn screen(c: &mut Criterion) {
    let s = Screener::new().unwrap();
    let post = Activity::post("1", POST);
    let v = s.screen(&post);
    assert!(v.flagged && v.entities == ["paslon-02"], "{v:?}");
    let plain = Activity::post("2", ASCII_POST);
    assert!(!s.screen(&plain).flagged);
    let mut g = c.benchmark_group("screen");
    g.throughput(Throughput::Bytes(POST.len() as u64));
    g.bench_function("typical-post", |b| b.iter(|| s.screen(black_box(&post))));
    // The same post into one verdict kept between calls, as a monitor screening post after
    // post would.
    let mut reused = netral::Verdict::default();
    s.screen_into(&post, &mut reused);
    assert_eq!(reused, v);
    g.bench_function("typical-post-reused-verdict", |b| {
        b.iter(|| {
            s.screen_into(black_box(&post), &mut reused);
            reused.flagged
        })
    });
    g.throughput(Throughput::Bytes(ASCII_POST.len() as u64));
    g.bench_function("neutral-post", |b| b.iter(|| s.screen(black_box(&plain))));
    g.finish();
}

fn batch(c: &mut Criterion) {
    let s = Screener::new().unwrap();
    let texts = [
        POST,
        ASCII_POST,
        EVASION_POST,
        "Kangen abah, semoga sehat aamiin",
    ];
    let acts: Vec<Activity> = (0..10_000)
        .map(|i| {
            let t = texts[i % texts.len()];
            if i % 7 == 0 {
                Activity::interaction(
                    i.to_string(),
                    Kind::Like,
                    Some(t.to_string()),
                    Some("@prabowo".into()),
                )
            } else {
                Activity::post(i.to_string(), t)
            }
        })
        .collect();
    let bytes: usize = acts
        .iter()
        .map(|a| {
            a.text
                .as_deref()
                .or(a.target_text.as_deref())
                .unwrap_or("")
                .len()
        })
        .sum();
    let flagged = s.screen_batch(&acts).iter().filter(|v| v.flagged).count();
    // POST and EVASION_POST flag, as posts and as likes of an official account's post.
    assert_eq!(flagged, 5_000);
    let mut g = c.benchmark_group("screen_batch");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("10k-posts", |b| {
        b.iter(|| s.screen_batch(black_box(&acts)).len())
    });
    g.finish();
}

criterion_group!(benches, normalize, build, screen, batch);
criterion_main!(benches);
