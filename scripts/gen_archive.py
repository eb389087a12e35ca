#!/usr/bin/env python3
"""Write N synthetic activity records (canonical archive JSONL) to standard output.

usage: python3 scripts/gen_archive.py N [--seed S] > archive.jsonl

Each line is one JSON object:
    {"id", "kind", "author", "created_at", "text", "target_text", "target_author"}
with kind post / comment / share / quote / like / follow in roughly the shares of a civil
servant's public account (about 55 / 10 / 15 / 5 / 12 / 3 per cent). `text` holds the actor's
own words (null for like, share and follow); `target_text` and `target_author` the content
replied to, shared, quoted or liked, and the account followed.

The texts are Indonesian and built from templates and word lists in this file: greetings,
office life, everyday topics, neutral election news, neutrality socialisation, questions,
false-positive traps (prayers ending in "aamiin", "ganjaran", Garuda Indonesia, PBB tax, ...),
and campaign content for the three 2024 pairs and for parties (support, attacks, invitations,
reported campaign activity). About 8-15 per cent of the records are campaign-like, and about
5 per cent of the texts are disguised with one evasion trick (styled or fullwidth letters,
zero-width characters, leetspeak, spaced letters, repeated letters, keycap digits). Texts are
mostly 80-300 bytes of UTF-8. Every name and handle except the candidates', parties' and
institutions' public accounts is invented.

The output depends only on N and the seed (default 2024): the same arguments give the same
bytes, and a larger N extends a smaller one. Only the standard library is used; a million
records take about ten seconds.
"""
import argparse
import json
import random
import re
import sys

# --------------------------------------------------------------------------- word lists

GREETINGS = [
    "Selamat pagi", "Pagi semua", "Assalamualaikum", "Selamat siang rekan-rekan",
    "Met pagi gaes", "Halo teman-teman", "Selamat sore", "Bismillah", "Sugeng enjing",
    "Selamat malam", "Salam sehat semuanya", "Pagi bapak ibu",
]
UNITS = [
    "Dinas Pendidikan", "Dinas Kesehatan", "Bappeda", "BPKAD", "Disdukcapil", "Dinas PUPR",
    "kantor kecamatan", "kantor kelurahan", "Puskesmas", "Dinas Sosial", "Dinas Perhubungan",
    "BKPSDM", "Inspektorat", "Setda", "Diskominfo", "RSUD", "Dinas Pertanian", "Bapenda",
    "Dinas Lingkungan Hidup", "Satpol PP", "Dinas Koperasi dan UMKM", "Kantor Kemenag",
]
CITIES = [
    "Sleman", "Bantul", "Klaten", "Banyumas", "Malang", "Sidoarjo", "Bogor", "Bekasi", "Garut",
    "Makassar", "Medan", "Padang", "Palembang", "Pontianak", "Kupang", "Manado", "Kendari",
    "Jember", "Cirebon", "Tegal", "Lampung Selatan", "Deli Serdang", "Gowa", "Banjarmasin",
    "Tasikmalaya", "Kudus", "Probolinggo", "Samarinda", "Ambon", "Mataram", "Jambi", "Serang",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
FOODS = [
    "soto ayam", "nasi padang", "bakso urat", "mie ayam", "gado-gado", "pecel lele", "nasi uduk",
    "rawon", "sate kambing", "lontong sayur", "bubur ayam", "gudeg", "seblak", "pempek",
    "nasi kuning", "coto makassar", "ayam geprek", "tahu campur", "mie aceh", "sop buntut",
]
DRINKS = ["es teh manis", "kopi tubruk", "wedang jahe", "es jeruk", "teh tarik", "kopi susu"]
TOPICS = [
    "pengadaan barang dan jasa", "SAKIP", "manajemen ASN", "arsip digital", "SPBE",
    "penyusunan RKA", "standar pelayanan publik", "pengelolaan keuangan daerah", "LHKPN",
    "penanganan stunting", "zona integritas", "reformasi birokrasi", "e-kinerja",
]
STREETS = ["Jalan Sudirman", "Jalan Ahmad Yani", "Jalan Diponegoro", "Jalan Gatot Subroto",
           "jalan lingkar", "Jalan Pahlawan", "Jalan Veteran", "jalan provinsi"]
PLACES = ["Pantai Parangtritis", "Dieng", "Danau Toba", "Kawah Putih", "Pantai Losari",
          "Bromo", "Pulau Seribu", "Curug Cilember", "Tawangmangu", "Labuan Bajo"]
PEOPLE = ["Pak Kadis", "Bu Sekdis", "Pak Camat", "ibu saya", "bapak mertua", "rekan kami Mas Joko",
          "Bu Lurah", "Pak Kabid", "adik saya", "Bu Ratna dari bagian umum"]
FILLERS = [
    "Semangat kerja semuanya!", "Terima kasih atas kerja samanya.", "Mohon maaf lahir batin.",
    "Jangan lupa sarapan.", "Tetap jaga kesehatan ya.", "Sehat selalu bapak ibu.",
    "Semoga hari ini lancar.", "#ASNBerAKHLAK", "#BanggaMelayaniBangsa", "Salam sehat.",
    "Info lengkap di kantor masing-masing.", "Mohon disebarkan ke grup unit kerja.",
    "Capek tapi senang.", "Alhamdulillah.", "Terima kasih, mohon maaf kalau ada salah kata.",
]
OFFICE = [
    "{greet}, hari ini apel pagi di halaman {unit} {city}. Jangan lupa isi presensi sebelum jam 07.30 ya.",
    "Rapat koordinasi penyusunan anggaran {year} di ruang rapat lantai {floor} baru selesai jam {hour}.00. Lanjut lembur malam ini.",
    "Laporan kinerja triwulan {q} akhirnya kelar, tinggal tanda tangan kepala {unit} besok pagi.",
    "Pelayanan KTP elektronik di Disdukcapil {city} tetap buka hari {day} sampai jam 14.00, jangan lupa bawa fotokopi KK.",
    "Lagi ikut bimtek {topic} di {city}, materinya padat banget, semoga bisa langsung diterapkan di kantor.",
    "Alhamdulillah SK kenaikan pangkat sudah turun. Terima kasih teman-teman bagian kepegawaian {unit} 🙏",
    "Aplikasi kepegawaian lagi gangguan dari pagi, semua pengajuan cuti tertunda. Mohon sabar ya rekan-rekan.",
    "Selamat datang rekan-rekan CPNS dan PPPK formasi {year} di lingkungan {unit} {city}. Semangat mengabdi!",
    "Hari ini jadwal posyandu di kelurahan kami, kader sudah siap sejak jam 08.00. Yang punya balita jangan lupa datang.",
    "E-kinerja bulan {month} wajib diisi paling lambat tanggal {d}. Jangan sampai TPP dipotong gara-gara telat.",
    "Monitoring proyek jalan desa di {city} bareng tim {unit}, progres fisiknya sudah {pct} persen.",
    "Pagi ini kerja bakti bersihkan halaman {unit}, lanjut sarapan {food} bareng-bareng.",
    "Sidak disiplin pegawai hari {day}, alhamdulillah kehadiran di {unit} hampir seratus persen.",
    "Pelantikan pejabat administrator dan pengawas di pendopo {city} berjalan khidmat. Selamat bertugas!",
    "Upacara Hari Kesadaran Nasional tanggal 17, pakai seragam Korpri lengkap ya bapak ibu.",
    "Pengumuman: layanan {unit} {city} libur tanggal merah, buka kembali hari {day} jam 08.00.",
    "Dapat tugas jadi narasumber sosialisasi {topic} untuk perangkat desa se-{city}. Mohon doanya lancar.",
    "Tutup buku akhir tahun, SPJ harus masuk paling lambat tanggal 20 {month}. Semangat teman-teman keuangan!",
]
EVERYDAY = [
    "Makan siang {food} dekat kantor, harganya masih {price} ribu. Murah meriah, porsinya banyak.",
    "Hujan deras dari sore, {street} banjir lagi. Hati-hati yang pulang naik motor ya.",
    "Anak saya baru masuk SD minggu ini, nangis di hari pertama tapi sekarang sudah betah sekolah.",
    "Akhirnya libur panjang. Rencana mudik ke {city} naik kereta, tiketnya sudah dapat dari bulan lalu.",
    "Harga cabai di pasar naik lagi, sekilo sudah {price} ribu. Ibu-ibu di kompleks pada mengeluh.",
    "Jalan sehat pagi ini bareng keluarga di alun-alun {city}. Cuacanya cerah, ramai sekali.",
    "Nonton timnas tadi malam, mainnya bagus banget. Semoga lolos ke babak berikutnya!",
    "Macet parah di {street} pagi ini, terlambat apel sepuluh menit. Besok berangkat lebih pagi.",
    "Sore-sore paling enak {drink} sambil lihat hujan. Kerjaan besok dipikir besok saja.",
    "Weekend ke {place} bareng keluarga, capek tapi anak-anak senang sekali.",
    "Listrik padam dari jam {hour}.00, untung laptop sudah dicas penuh. Laporan tetap jalan.",
    "Motor mogok di tengah jalan, untung ada bengkel dekat {street}. Terima kasih bapak montir.",
    "Hari ini ulang tahun pernikahan ke-{n}. Terima kasih sudah sabar menemani, istriku.",
    "Lagi belajar bikin {food} sendiri, hasilnya lumayan, kata anak-anak enak.",
    "Jam segini masih di kantor, {drink} sudah gelas ketiga. Kapan pulangnya ya.",
    "Selamat hari guru untuk semua guru di Indonesia, jasamu tiada tara.",
    "Pagi ini gempa kecil terasa di {city}, semoga semua aman. Tetap waspada ya.",
]
NEWS = [
    "KPU menetapkan nomor urut capres-cawapres: Anies-Muhaimin nomor 1, Prabowo-Gibran nomor 2, Ganjar-Mahfud nomor 3.",
    "Debat capres ke-{n} digelar {d} {month} di Jakarta. KPU memastikan siaran langsung di televisi nasional.",
    "Hasil hitung cepat sejumlah lembaga survei menempatkan Prabowo-Gibran di urutan teratas, KPU masih rekapitulasi berjenjang.",
    "Bawaslu {city} menerima {n} laporan dugaan pelanggaran netralitas ASN selama masa kampanye.",
    "Masa kampanye Pemilu 2024 berlangsung 28 November 2023 sampai 10 Februari 2024, disusul masa tenang tiga hari.",
    "Ganjar Pranowo dijadwalkan berkunjung ke {city} hari ini, sejumlah ruas jalan dialihkan sementara.",
    "Anies Baswedan menghadiri diskusi di kampus negeri {city}, panitia membatasi peserta karena kapasitas aula.",
    "Prabowo Subianto bertemu para kepala daerah di {city} membahas ketahanan pangan, kata juru bicara.",
    "Survei terbaru: elektabilitas ketiga pasangan bergerak tipis, pemilih yang belum menentukan sekitar {pct} persen.",
    "KPU {city} mulai mendistribusikan logistik pemilu ke {n} kecamatan, kotak suara dikawal aparat.",
    "Rekapitulasi suara tingkat kecamatan di {city} berjalan lancar, saksi ketiga paslon hadir.",
    "Mahfud MD mundur dari jabatan Menko Polhukam, Presiden menerima surat pengunduran dirinya.",
    "Gibran Rakabuming Raka resmi didaftarkan sebagai cawapres ke KPU, ribuan orang memadati jalan.",
    "Cak Imin dan Anies mendaftar ke KPU hari pertama, berangkat dari lapangan dengan iring-iringan.",
]
SOCIALISATION = [
    "Sosialisasi netralitas ASN di aula {unit} {city}: ASN dilarang foto bersama paslon, memakai atribut partai, dan ikut kampanye. Mari jaga netralitas!",
    "Pengingat dari BKPSDM: ASN dilarang like, share dan komentar unggahan kampanye capres-cawapres maupun partai. Mari jaga netralitas.",
    "ASN wajib netral dalam Pemilu 2024. Laporkan dugaan pelanggaran netralitas ke Bawaslu {city}. #ASNNetral",
    "Penandatanganan pakta integritas netralitas ASN di lingkungan Pemkab {city} pagi ini. Netral itu wajib, bukan pilihan.",
    "Sesuai SKB lima instansi, ASN tidak boleh ikut deklarasi, kampanye, atau memasang alat peraga paslon mana pun. Sanksinya berat.",
]
QUESTIONS = [
    "Ada yang tahu debat cawapres nanti malam disiarkan di stasiun TV mana?",
    "TPS saya pindah ke mana ya? Undangan memilih belum sampai rumah sampai sekarang.",
    "Kalau pindah domisili ke {city}, cara urus formulir pindah memilih gimana ya? Masih sempat nggak?",
    "Tanggal 14 Februari libur nasional kan? Kantor {unit} tetap buka pelayanan atau tidak?",
    "Ada yang sudah cek DPT online? Nama saya belum muncul, harus lapor ke mana?",
    "Rekan-rekan, jadi petugas KPPS boleh untuk PPPK nggak sih? Ada aturannya?",
]
TRAPS = [
    "Semoga {person} lekas sembuh dan diberi kekuatan. Aamiin ya rabbal alamin 🤲",
    "Doakan ujian anak saya besok lancar ya teman-teman. Amin, terima kasih banyak.",
    "Setiap kerja ikhlas pasti ada ganjarannya. Semangat melayani masyarakat, rekan-rekan {unit}!",
    "Perjalanan dinas ke {city} naik Garuda Indonesia, alhamdulillah pesawatnya tepat waktu.",
    "Selamat hari buruh untuk semua pekerja. Kesejahteraan buruh adalah kekuatan bangsa.",
    "Pengingat: jatuh tempo PBB tahun {year} tanggal 31 Agustus, bisa bayar lewat aplikasi bank daerah.",
    "Bayar PKB motor sekarang cukup lewat Samsat online, tidak perlu antre di kantor.",
    "Lembur sampai jam 02.00 menyelesaikan SPJ akhir tahun. Kopi ketiga malam ini ☕",
    "Liburan ke {place} bareng keluarga ✌️ Healing dulu sebelum tutup buku.",
    "Antre di loket Disdukcapil dapat nomor 2, alhamdulillah pelayanannya cepat dan ramah.",
    "Perubahan jadwal apel: mulai {day} depan apel pagi jam 07.15 di halaman kantor.",
    "Kucing baru di kantor gemoy banget, dikasih nama Oyen sama anak-anak magang 😻",
    "Nonton timnas di Gelora Bung Karno, Garuda di dadaku! 🇮🇩",
    "Abah baru pulang dari sawah, langsung minta dibuatkan {drink}.",
    "Wapres Ma'ruf Amin meresmikan gedung baru RSUD {city} pagi ini.",
    "Pesta demokrasi sebentar lagi, gunakan hak pilih dengan bijak dan jangan golput ya.",
    "Pelajaran PKn hari ini tentang pemilu: anak-anak belajar cara mencoblos surat suara.",
    "Pagi ini matahari terbit indah sekali dari puncak Bromo, dinginnya luar biasa.",
    "Pohon beringin di alun-alun {city} dipangkas petugas supaya tidak tumbang saat hujan angin.",
    "Perubahan iklim bikin musim hujan makin tidak menentu, petani di {city} mulai resah.",
    "Rapat di ruang 01 lantai dua dimulai jam 09.00, mohon hadir tepat waktu.",
    "Kerja sat set, laporan beres sebelum makan siang. Mantap tim {unit}!",
    "Rapat umum pemegang saham BUMD {city} digelar hari ini, laporan keuangan disetujui.",
    "Sidang umum PBB di New York membahas krisis pangan dan perubahan iklim.",
    "Aamiin, semoga berkah dan jadi amal jariyah untuk kita semua.",
]

# The three pairs of 2024: how people name them, their slogans, hashtags, gesture and accounts.
PAIRS = [
    {
        "no": "01", "n": "1", "jari": "satu", "gesture": "☝️",
        "names": ["Anies", "Anies-Muhaimin", "Anies-Cak Imin", "AMIN", "Abah Anies", "Gus Imin",
                  "Anies Baswedan", "Cak Imin"],
        "slogans": ["Indonesia adil makmur untuk semua", "Bersatu, berani, berubah",
                    "Wakanda no more, Indonesia forever", "Perubahan untuk semua"],
        "tags": ["#AniesMuhaimin2024", "#AMINajaDulu", "#AminkanIndonesia"],
        "accounts": ["@aniesbaswedan", "@cakimiNOW"],
        "team": "Timnas AMIN",
        "official": [
            "Terima kasih warga {city} atas sambutan hangatnya. Mari bersama wujudkan Indonesia adil makmur untuk semua! {tag}",
            "Desak Anies malam ini di {city}, ayo datang dan tanya apa saja. Perubahan dimulai dari kita. {tag}",
            "Slepet dulu, baru sejahtera! Terima kasih para santri {city} atas doa dan dukungannya untuk AMIN. {tag}",
            "14 Februari, coblos nomor 1. Bersatu, berani, berubah! {tag}",
        ],
    },
    {
        "no": "02", "n": "2", "jari": "dua", "gesture": "✌️",
        "names": ["Prabowo", "Prabowo-Gibran", "Pak Prabowo", "Mas Gibran", "Prabowo Gibran",
                  "Pak Bowo", "Prabowo Subianto", "Gibran"],
        "slogans": ["Bersama Indonesia Maju", "Oke gas, oke gas", "Prabowo-Gibran paling pas",
                    "Lanjutkan", "Indonesia emas 2045"],
        "tags": ["#PrabowoGibran2024", "#BersamaIndonesiaMaju", "#MenangSatuPutaran",
                 "#PrabowoGemoy", "#02Melanjutkan"],
        "accounts": ["@prabowo", "@gibran_tweet"],
        "team": "TKN Prabowo-Gibran",
        "official": [
            "Terima kasih warga {city} atas sambutannya yang luar biasa. Kita lanjutkan kerja untuk Indonesia maju! {tag}",
            "Anak muda jangan cuma jadi penonton. Ayo ikut kawal, 14 Februari kita lanjutkan bersama! {tag}",
            "Makan siang gratis untuk anak sekolah akan kami wujudkan. Oke gas, oke gas! {tag}",
            "Coblos nomor 2, Prabowo-Gibran paling pas. Sampai jumpa di kampanye akbar! {tag}",
        ],
    },
    {
        "no": "03", "n": "3", "jari": "tiga", "gesture": "🤟",
        "names": ["Ganjar", "Ganjar-Mahfud", "Pak Ganjar", "Pak Mahfud", "Ganjar Mahfud",
                  "Ganjar Pranowo", "Mahfud MD"],
        "slogans": ["Gerak cepat menuju Indonesia unggul", "Sat set, tas tes",
                    "Menuju Indonesia unggul", "Ganjar-Mahfud menang total"],
        "tags": ["#GanjarMahfud2024", "#GanjarPresiden2024", "#MenangkanGanjar", "#SahabatGanjar",
                 "#GanjarPilihanRakyat"],
        "accounts": ["@ganjarpranowo", "@mohmahfudmd"],
        "team": "TPN Ganjar-Mahfud",
        "official": [
            "Sat set, tas tes. Terima kasih {city}, kita gerak cepat menuju Indonesia unggul! {tag}",
            "Hukum harus tegak untuk semua. Pilih nomor 3 untuk pemerintahan yang bersih. {tag}",
            "Satu KTP satu jaminan sosial, itu janji kami untuk rakyat kecil. Ayo coblos 03! {tag}",
            "Terima kasih relawan {city} yang terus bergerak dari desa ke desa. Menang total! {tag}",
        ],
    },
]
SUPPORT = [
    "{open} 14 Februari coblos nomor {n}, {name}. {slogan}! {tag}",
    "Sudah bulat tekad, {name} presidenku. {slogan}. {tag}",
    "Ayo bapak ibu, jangan lupa ajak keluarga ke TPS dan pilih {name} nomor {no}. {tag}",
    "Mari menangkan {name} satu putaran! Sebarkan ke grup WA keluarga ya {gesture}",
    "Pokoknya {name}. Yang lain cuma janji, yang ini sudah terbukti kerjanya. {tag}",
    "Tadi malam hadir di deklarasi relawan {name} se-kecamatan, semangatnya luar biasa {gesture}",
    "Foto bareng tim pemenangan {name} di posko, salam {jari} jari {gesture}",
    "Selesai pasang spanduk {name} di depan gang, besok lanjut baliho di pertigaan pasar.",
    "Siap dukung dan memenangkan {name} sampai akhir. {slogan}! {tag}",
    "Mending {name}, visinya jelas. Nomor {no} pilihan yang tepat buat Indonesia. {tag}",
    "Alhamdulillah dipercaya jadi koordinator relawan {name} tingkat kecamatan di {city}. Bismillah!",
    "Ikut kampanye akbar {name} di {city} hari ini, lautan manusia {gesture} {tag}",
    "Grup arisan kantor sudah sepakat, semua pilih {no}. {slogan}! {tag}",
]
ATTACK = [
    "Asal bukan {name}, siapa pun boleh. Jangan lupakan rekam jejaknya. {atag}",
    "Jangan pilih {name}, janjinya cuma manis di baliho. Ingat ya bapak ibu!",
    "Capres yang kerjanya cuma {mock} jangan dipilih. Tolak {name}! {atag}",
    "Kalau {name} menang, siap-siap saja kecewa. Mending pilih yang lain, jangan sampai menyesal.",
]
MOCKS = ["joget di panggung", "merangkai kata", "main drama", "pencitraan di kampung",
         "janji tanpa bukti"]
ATTACK_TAGS = {"01": ["#TolakAnies", ""], "02": ["#AsalBukanPrabowo", "#TolakPrabowo"],
               "03": ["", "#TolakGanjar"]}
PARTIES = [
    ("PKB", 1), ("Gerindra", 2), ("PDI Perjuangan", 3), ("Golkar", 4), ("NasDem", 5),
    ("Partai Buruh", 6), ("Partai Gelora", 7), ("PKS", 8), ("Hanura", 10), ("PAN", 12),
    ("Partai Demokrat", 14), ("PSI", 15), ("Perindo", 16), ("PPP", 17), ("Partai Ummat", 24),
]
PARTY_POSTS = [
    "Keluarga besar kami insyaallah tetap {party} nomor {pn}. Sampai jumpa di TPS!",
    "Alhamdulillah resmi jadi kader {party}, KTA sudah di tangan. Siap berjuang untuk rakyat!",
    "Coblos {party} nomor {pn} untuk DPR RI, caleg kita {caleg} dapil {city}. Jangan salah pilih!",
    "Rapat konsolidasi pemenangan {party} tingkat DPC {city} malam ini, seluruh kader wajib hadir.",
    "Hari ini pakai kaos {party} ke acara jalan sehat, ramai sekali pesertanya. Menang, menang, menang!",
    "Dipercaya jadi pengurus DPC {party} {city} periode ini. Mohon doa dan dukungannya, bapak ibu.",
]
CALEGS = ["Bu Sri Wahyuningsih", "Pak Hendra Saputra", "Mas Rizky Pratama", "Bu Dewi Lestari",
          "Pak Agus Salim Harahap", "Ustaz Fauzan", "Bu Nurhayati", "Pak Bambang Irawan"]
OPENERS = ["Bismillah,", "Insyaallah", "Sudah mantap,", "Bapak ibu,", "Pokoknya", "Yakin,"]

# Short replies and quote captions: neutral, and supportive for comments on campaign content.
REPLY_NEUTRAL = [
    "Kapan mampir ke {city} lagi pak? Jalan ke desa kami sudah diperbaiki, sekarang mulus.",
    "Terima kasih infonya, izin share ke grup kantor ya biar teman-teman juga tahu.",
    "Semoga sehat selalu dan kampanyenya tetap damai, jangan sampai ada gesekan di bawah.",
    "Debat berikutnya tanggal berapa ya pak? Mau nonton bareng keluarga di rumah.",
    "Jalan di kampung kami masih rusak pak, mohon diperhatikan siapa pun yang menang nanti.",
    "Wah ramai sekali ya, tadi lewat situ sampai macet hampir satu jam. Hati-hati di jalan.",
    "Nyimak dulu, belum bisa komentar banyak. Yang penting pemilunya aman dan lancar.",
    "Programnya menarik, tapi anggarannya dari mana ya? Semoga dijelaskan di debat nanti.",
    "Sudah lama nggak lihat berita ini. Sekarang kabarnya bagaimana ya, ada yang tahu?",
]
REPLY_SUPPORT = [
    "Gas terus pak, {no} menang! Kami sekeluarga sudah siap datang ke TPS pagi-pagi.",
    "Siap pak, kami di {city} solid untuk {name}! Satu putaran, insyaallah.",
    "{name} presidenku, lanjutkan! Jangan kasih kendor sampai tanggal 14 Februari.",
    "Setuju pak, {no} satu putaran! Sudah saya ajak semua tetangga satu RT.",
    "Siap memenangkan {name} di TPS kami, sudah kami kawal dari sekarang.",
    "Pokoknya {no}, harga mati. Sehat selalu pak, kami dukung dari {city}.",
]
QUOTE_CAPTIONS = [
    "Ini baru pemimpin yang merakyat. Gas terus {no}! 🔥",
    "Setuju banget, {name} paling siap memimpin lima tahun ke depan.",
    "Nah ini yang kita tunggu dari dulu, ayo dukung {name} sampai menang!",
]
QUOTE_NEUTRAL = [
    "Pengingat untuk rekan-rekan ASN: like dan share unggahan seperti ini juga termasuk pelanggaran netralitas.",
    "Menarik, ditunggu penjelasan programnya di debat nanti. Jangan cuma janji di atas kertas.",
    "Berita kemarin, buat yang belum baca. Silakan dinilai sendiri, yang penting tetap rukun.",
    "Semoga kampanyenya tetap damai dan sejuk, beda pilihan jangan sampai putus silaturahmi.",
]
FRIENDS = ["@user", "@rina_bappeda", "@dimas_kec", "@ayu_puskesmas", "@bagas_pupr",
           "@guru_honorer", "@mbak_sekar", "@yusuf_sukamaju", "@hendra_dishub"]
NEUTRAL_ACCOUNTS = ["@kompascom", "@detikcom", "@tempodotco", "@bawaslu_RI", "@KPU_ID",
                    "@BKNgoid", "@kemenpanrb", "@infoBMKG", "@jokowi"]
NEUTRAL_OFFICIAL = [
    "Selamat Hari Guru Nasional. Terima kasih untuk semua guru yang mendidik anak-anak bangsa.",
    "Turut berduka atas musibah banjir di {city}. Semoga para korban diberi kekuatan.",
    "Selamat Natal bagi saudara-saudara yang merayakan. Damai dan sukacita untuk kita semua.",
]

KINDS = ["post"] * 55 + ["comment"] * 10 + ["share"] * 15 + ["quote"] * 5 + ["like"] * 12 + ["follow"] * 3

# --------------------------------------------------------------------------- disguises


def _table(upper, lower, digits=None):
    t = {chr(65 + i): chr(upper + i) for i in range(26)}
    t.update({chr(97 + i): chr(lower + i) for i in range(26)})
    if digits is not None:
        t.update({chr(48 + i): chr(digits + i) for i in range(10)})
    return str.maketrans(t)


STYLES = [
    _table(0x1D400, 0x1D41A, 0x1D7CE),  # mathematical bold
    _table(0x1D434, 0x1D44E),           # mathematical italic (h is a gap, fixed below)
    _table(0x1D4D0, 0x1D4EA),           # mathematical bold script
    _table(0x1D538, 0x1D552, 0x1D7D8),  # double-struck (gaps fixed below)
    _table(0xFF21, 0xFF41, 0xFF10),     # fullwidth
    _table(0x24B6, 0x24D0),             # circled
]
# Unicode leaves holes where the letter already existed elsewhere; fill them the same way.
STYLES[1][ord("h")] = "\u210e"
for ch, cp in {"C": 0x2102, "H": 0x210D, "N": 0x2115, "P": 0x2119, "Q": 0x211A, "R": 0x211D,
               "Z": 0x2124}.items():
    STYLES[3][ord(ch)] = chr(cp)
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"]
LEET = str.maketrans({"a": "4", "A": "4", "e": "3", "E": "3", "i": "1", "I": "1", "o": "0",
                      "O": "0", "s": "5", "S": "5", "t": "7", "g": "9"})
KEYCAP = "\ufe0f\u20e3"
WORD = re.compile(r"[A-Za-z]{4,}")
LETTERS = re.compile(r"[A-Za-z]+")
NUMBER = re.compile(r"(?<![0-9.])0[1-3](?![0-9.])")


def disguise(text, key, rng):
    """Disguise one word of `text` with one trick; `key` is the word to prefer (a name)."""
    trick = rng.randrange(6)
    if trick == 5:
        m = NUMBER.search(text)
        if m:
            caps = "".join(c + KEYCAP for c in m.group())
            return text[:m.start()] + caps + text[m.end():]
        trick = rng.randrange(5)
    start = -1
    if key:
        # Evaders disguise the name itself: take the longest word of it ("Prabowo" of
        # "Pak Prabowo", "PKS" of a party).
        word = max(LETTERS.findall(key), key=len, default="")
        start = text.find(word) if word else -1
    if start < 0:
        words = WORD.findall(text)
        if not words:
            return text
        word = rng.choice(words)
        start = text.find(word)
    end = start + len(word)
    w = word
    if trick == 0:
        w = w.translate(rng.choice(STYLES))
    elif trick == 1:
        w = rng.choice(INVISIBLE).join(w) if rng.random() < 0.5 else w[:2] + rng.choice(INVISIBLE) + w[2:]
    elif trick == 2:
        w = w.translate(LEET)
    elif trick == 3:
        w = rng.choice([" ", ".", "-", "_"]).join(w)
    else:
        w = w + w[-1] * rng.randrange(2, 6)
    return text[:start] + w + text[end:]


# --------------------------------------------------------------------------- text builders


# How each template slot is filled when a template names it; drawn lazily, so a template
# pays only for the slots it uses.
SLOTS = {
    "greet": lambda r: r.choice(GREETINGS), "unit": lambda r: r.choice(UNITS),
    "city": lambda r: r.choice(CITIES), "day": lambda r: r.choice(DAYS),
    "month": lambda r: r.choice(MONTHS), "food": lambda r: r.choice(FOODS),
    "drink": lambda r: r.choice(DRINKS), "topic": lambda r: r.choice(TOPICS),
    "street": lambda r: r.choice(STREETS), "place": lambda r: r.choice(PLACES),
    "person": lambda r: r.choice(PEOPLE), "year": lambda r: r.choice(("2023", "2024")),
    "floor": lambda r: r.randrange(1, 5), "hour": lambda r: r.randrange(13, 23),
    "q": lambda r: r.choice(("I", "II", "III", "IV")), "d": lambda r: r.randrange(1, 29),
    "pct": lambda r: r.randrange(10, 96), "n": lambda r: r.randrange(2, 40),
    "price": lambda r: r.choice((12, 15, 18, 20, 25, 35, 60, 80)),
}


class _Slots(dict):
    """Template values: the ones given, and the others drawn when first asked for."""

    def __init__(self, rng, given):
        super().__init__(given)
        self.rng = rng

    def __missing__(self, key):
        value = self[key] = SLOTS[key](self.rng)
        return value


class Gen:
    """All random choices go through one `random.Random`, so the output is reproducible."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.key = None   # the name in the last campaign text, the word a disguise prefers
        self.pair = None  # the pair the last campaign text is about

    def fill(self, template, **given):
        if "{" not in template:
            return template
        return template.format_map(_Slots(self.rng, given))

    def pad(self, text, lo=80, hi=300):
        """Add short everyday sentences until the text is at least `lo` bytes, staying under `hi`."""
        r = self.rng
        size = len(text.encode("utf-8"))
        while size < lo:
            extra = r.choice(FILLERS)
            if size + 1 + len(extra) > hi:
                break
            text += " " + extra
            size += 1 + len(extra.encode("utf-8"))
        return text

    def campaign(self):
        """Own words with a clear campaign stance: support, attack, invitation or party."""
        r = self.rng
        p = self.pair = r.choice(PAIRS)
        roll = r.random()
        if roll < 0.65:
            name = r.choice(p["names"])
            self.key = name
            text = self.fill(r.choice(SUPPORT), open=r.choice(OPENERS), name=name, n=p["n"],
                             no=p["no"], slogan=r.choice(p["slogans"]), tag=r.choice(p["tags"]),
                             gesture=p["gesture"], jari=p["jari"]).rstrip()
            if r.random() < 0.3:
                # Campaign talk often follows a line about the day.
                text = self.fill(r.choice(EVERYDAY)).split(". ")[0].rstrip(".!") + ". " + text
            return text
        if roll < 0.8:
            name = p["names"][r.randrange(2)]
            self.key = name
            return self.fill(r.choice(ATTACK), name=name, mock=r.choice(MOCKS),
                             atag=r.choice(ATTACK_TAGS[p["no"]])).rstrip()
        party, pn = r.choice(PARTIES)
        self.key = party
        text = self.fill(r.choice(PARTY_POSTS), party=party, pn=pn, caleg=r.choice(CALEGS))
        if r.random() < 0.3:
            text += " " + self.fill(r.choice(EVERYDAY))
        return text

    def ordinary(self):
        """Own words without a campaign stance, traps included."""
        r = self.rng
        roll = r.random()
        if roll < 0.30:
            pool = OFFICE
        elif roll < 0.58:
            pool = EVERYDAY
        elif roll < 0.72:
            pool = TRAPS
        elif roll < 0.85:
            pool = NEWS
        elif roll < 0.93:
            pool = SOCIALISATION
        else:
            pool = QUESTIONS
        text = self.fill(r.choice(pool))
        if r.random() < 0.15:
            text = r.choice(GREETINGS) + ", " + text[0].lower() + text[1:]
        if r.random() < 0.3:
            # Longer posts tell two things at once.
            more = self.fill(r.choice(EVERYDAY if pool is OFFICE else OFFICE))
            if len(text.encode("utf-8")) + len(more.encode("utf-8")) < 300:
                text += " " + more
        return text

    def own(self, p_campaign):
        self.key = None
        if self.rng.random() < p_campaign:
            return self.finish(self.campaign()), True
        return self.finish(self.ordinary()), False

    def finish(self, text, pad=True):
        if pad:
            text = self.pad(text)
        if self.rng.random() < 0.05:
            text = disguise(text, self.key, self.rng)
        return text

    def target(self, p_official):
        """Someone else's content: (text, author, is_campaign)."""
        r = self.rng
        self.key = None
        if r.random() < p_official:
            p = self.pair = r.choice(PAIRS)
            author = r.choice(p["accounts"])
            if r.random() < 0.85:
                text = self.fill(r.choice(p["official"]), tag=r.choice(p["tags"]))
                return self.finish(text), author, True
            return self.finish(self.fill(r.choice(NEUTRAL_OFFICIAL))), author, False
        if r.random() < 0.3:
            text = self.fill(r.choice(NEWS + SOCIALISATION))
            return self.finish(text), r.choice(NEUTRAL_ACCOUNTS), False
        text, camp = self.own(0.08)
        return text, r.choice(FRIENDS), camp

    def record(self, n):
        """The `n`-th record (0-based) and whether it is campaign-like."""
        r = self.rng
        kind = r.choice(KINDS)
        # Any second from 2023-09-01 00:00 to 2024-03-31 23:59 local time (UTC+7).
        t = r.randrange(212 * 1440)
        rec = {
            "id": str(n + 1),
            "kind": kind,
            "author": "asn-%05d" % r.randrange(20000),
            "created_at": "%sT%02d:%02d:%02d+07:00" % (DATES[t // 1440], t // 60 % 24, t % 60,
                                                       r.randrange(60)),
            "text": None,
            "target_text": None,
            "target_author": None,
        }
        camp = False
        if kind == "post":
            rec["text"], camp = self.own(0.06)
        elif kind == "follow":
            x = r.random()
            if x < 0.35:
                rec["target_author"] = r.choice(r.choice(PAIRS)["accounts"])
                camp = True
            elif x < 0.7:
                rec["target_author"] = r.choice(NEUTRAL_ACCOUNTS)
            else:
                rec["target_author"] = r.choice(FRIENDS)
        else:
            text, author, camp = self.target(0.2 if kind in ("share", "like") else 0.3)
            rec["target_text"], rec["target_author"] = text, author
            if kind in ("comment", "quote"):
                # Cheering happens under the candidates' own posts.
                if camp and author in self.pair["accounts"] and r.random() < 0.4:
                    p = self.pair
                    name = self.key = r.choice(p["names"])
                    pool = REPLY_SUPPORT if kind == "comment" else QUOTE_CAPTIONS
                    text = self.fill(r.choice(pool), name=name, no=p["no"])
                    rec["text"] = self.finish(text, pad=False)
                else:
                    if kind == "comment":
                        camp = False  # a neutral reply under campaign content is no breach
                    self.key = None
                    pool = REPLY_NEUTRAL if kind == "comment" else QUOTE_NEUTRAL
                    rec["text"] = self.finish(self.fill(r.choice(pool)), pad=False)
        return rec, camp


def _dates():
    """Calendar dates from 2023-09-01 to 2024-03-31, without the datetime module's overhead."""
    out = []
    for year, month, days in [(2023, 9, 30), (2023, 10, 31), (2023, 11, 30), (2023, 12, 31),
                              (2024, 1, 31), (2024, 2, 29), (2024, 3, 31)]:
        out.extend("%04d-%02d-%02d" % (year, month, d) for d in range(1, days + 1))
    return out


DATES = _dates()


def main():
    ap = argparse.ArgumentParser(description="Write N synthetic archive records as JSONL.")
    ap.add_argument("n", type=int, help="number of records")
    ap.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    a = ap.parse_args()
    if a.n < 0:
        ap.error("N must not be negative")
    gen = Gen(a.seed)
    out = sys.stdout.buffer
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    chunk = []
    for n in range(a.n):
        chunk.append(dumps(gen.record(n)[0]))
        if len(chunk) == 8192:
            chunk.append("")
            out.write("\n".join(chunk).encode("utf-8"))
            chunk.clear()
    if chunk:
        chunk.append("")
        out.write("\n".join(chunk).encode("utf-8"))
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
