//! Writing JSON text by hand, byte for byte as `serde_json`'s compact writer does.
//!
//! The scan writes about four bytes of verdict for every byte it reads, so the output records
//! are written with these helpers straight into a byte buffer instead of through serde's
//! generic serializer. The tests check every helper against `serde_json`.

/// What follows a backslash for each byte that `serde_json` escapes, or 0 for bytes written as
/// they are: the control characters, `"` and `\`.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` as a JSON string, quotes included.
pub(crate) fn string(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    // Most strings need no escape at all: skip eight bytes at a time while none does.
    let mut clean = 0;
    while let Some(chunk) = bytes.get(clean..clean + 8) {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if needs_escape(word) {
            break;
        }
        clean += 8;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(clean) {
        let esc = ESCAPE[b as usize];
        if esc == 0 {
            continue;
        }
        buf.extend_from_slice(&bytes[start..i]);
        buf.push(b'\\');
        buf.push(esc);
        if esc == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(&[b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Bytes of 1 and bytes of 0x80, eight at a time, for the word-at-a-time tests.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `word` is a control character, `"` or `\`. The tests
/// are the classic bit tricks for "has a byte less than n" and "has a zero byte", exact as a
/// yes-or-no answer.
fn needs_escape(word: u64) -> bool {
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v;
    (below_space(word) | zero_in(quote) | zero_in(backslash)) & HIGH != 0
}

/// The high bit set in every byte of `word` below 0x20 (and possibly in bytes above one that
/// is, so only "any" is exact).
fn below_space(word: u64) -> u64 {
    word.wrapping_sub(ONES * 0x20) & !word
}

/// Whether `bytes` has a control character (below U+0020), which a JSON string may not hold
/// unescaped. Eight bytes at a time.
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let any = words.by_ref().any(|w| {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        below_space(word) & HIGH != 0
    });
    any || words.remainder().iter().any(|&b| b < 0x20)
}

/// Appends a string known to need no escaping (a fixed name such as `kampanye-medsos`).
pub(crate) fn plain_string(buf: &mut Vec<u8>, s: &str) {
    debug_assert!(s.bytes().all(|b| ESCAPE[b as usize] == 0));
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
}

/// Appends an unsigned integer.
pub(crate) fn uint(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// Appends `true` or `false`.
pub(crate) fn boolean(buf: &mut Vec<u8>, b: bool) {
    buf.extend_from_slice(if b { b"true" } else { b"false" });
}

/// Appends an `f32` as `serde_json` writes it (shortest round-trip form, `null` when not
/// finite).
pub(crate) fn float(buf: &mut Vec<u8>, x: f32) {
    // Writing into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &x);
}

/// Appends a JSON array of `items`, each written by `item`.
pub(crate) fn array<T>(buf: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    buf.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        item(buf, x);
    }
    buf.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde<T: serde::Serialize + ?Sized>(x: &T) -> Vec<u8> {
        serde_json::to_vec(x).unwrap()
    }

    #[test]
    fn strings_match_serde_json() {
        let mut all = String::new();
        for c in (0u8..0x80).map(char::from) {
            all.push(c);
        }
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "\u{7f}\u{80}é𝐏🐂\u{200b}",
            "line\nbreak\r\ttab\u{8}\u{c}\u{1}\u{1f}",
            "\"",
            all.as_str(),
        ] {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(buf, serde(s), "{s:?}");
        }
    }

    #[test]
    fn every_byte_position_is_checked() {
        // Each escaped character at every offset of a string longer than the word size.
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}", "\u{7f}", "é", "🐂"] {
            for at in 0..20 {
                let s = format!("{}{special}{}", "x".repeat(at), "y".repeat(20 - at));
                let mut buf = Vec::new();
                string(&mut buf, &s);
                assert_eq!(buf, serde(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_match_serde_json() {
        for n in [0, 1, 9, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX] {
            let mut buf = Vec::new();
            uint(&mut buf, n);
            assert_eq!(buf, serde(&n));
        }
        for x in [0.0f32, 1.0, 0.5, 0.997, 0.3, 1e-7, f32::NAN, f32::INFINITY] {
            let mut buf = Vec::new();
            float(&mut buf, x);
            assert_eq!(buf, serde(&x));
        }
        let mut buf = Vec::new();
        array(&mut buf, &[true, false], |b, &x| boolean(b, x));
        assert_eq!(buf, serde(&[true, false]));
    }
}
