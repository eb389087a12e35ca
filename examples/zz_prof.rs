use netral::{Activity, Screener};
const POST: &str = "Alhamdulillah rapat koordinasi di kantor kecamatan sudah selesai, lanjut \
    ngopi sama temen2 bidang. Jangan lupa 14 Februari ke TPS ya, coblos 02 biar satu putaran! \
    #PrabowoGibran2024";
fn main() {
    let s = Screener::new().unwrap();
    let post = Activity::post("1", POST);
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(20000);
    let mut k = 0;
    for _ in 0..n {
        k += s.screen(std::hint::black_box(&post)).reasons.len();
    }
    let v = s.screen(&post);
    for r in &v.reasons {
        println!("{r}");
    }
    println!("{} evidence {k}", v.evidence.len());
}
