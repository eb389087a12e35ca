//! Telling what an input is from its first bytes, when it is not an archive netral reads.
//!
//! Anything that is not JSON would otherwise be read as CSV: a bzip2 file, a zip or an Excel
//! workbook would become a header of binary garbage and a stream of error records, with the
//! bytes dumped into the messages. Files say what they are in their first bytes, so those are
//! read first, and a file of another kind is refused with its name and what to do about it.

/// Formats recognised by their leading bytes, with what to tell the user.
const SIGNATURES: &[(&[u8], &str)] = &[
    (
        b"BZh",
        "bzip2-compressed, which netral does not read; decompress it first \
         (bzip2 -dc FILE | netral scan)",
    ),
    (
        b"\xFD7zXZ\x00",
        "xz-compressed, which netral does not read; decompress it first \
         (xz -dc FILE | netral scan)",
    ),
    (
        b"\x28\xB5\x2F\xFD",
        "zstd-compressed, which netral does not read; decompress it first \
         (zstd -dc FILE | netral scan)",
    ),
    (
        b"PK\x03\x04",
        "a zip archive (an .xlsx or .ods workbook is one too); unpack it, or export the sheet \
         as CSV",
    ),
    (
        b"PK\x05\x06",
        "an empty zip archive; unpack it, or export the sheet as CSV",
    ),
    (b"7z\xBC\xAF\x27\x1C", "a 7z archive; unpack it first"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Office document (an .xls workbook); export the sheet as CSV",
    ),
    (b"%PDF", "a PDF document, not an archive of posts"),
    (
        b"SQLite format 3\x00",
        "an SQLite database; export its table as CSV or JSON lines",
    ),
    (b"PAR1", "a Parquet file; export it as CSV or JSON lines"),
    (
        b"\xFF\xFE",
        "UTF-16 text, which netral does not read; save it as UTF-8",
    ),
    (
        b"\xFE\xFF",
        "UTF-16 text, which netral does not read; save it as UTF-8",
    ),
];

/// What `head`, the first bytes of an input (after gzip decompression, if any), is when it is
/// not text that netral reads: a compressed file or archive of another kind, a binary file, or
/// text in another encoding. `None` for text.
pub(crate) fn foreign(head: &[u8]) -> Option<String> {
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some((*what).to_string());
    }
    if head.get(257..262) == Some(b"ustar") {
        return Some("a tar archive; unpack it first".to_string());
    }
    if let Some(at) = memchr::memchr(0, head) {
        return Some(format!(
            "binary data, not text (a NUL byte at byte {at}); is this the right file?"
        ));
    }
    // Text in a legacy encoding has a few bytes that are not UTF-8 (accented letters); binary
    // data has many, and control characters besides.
    let odd = odd_bytes(head);
    if head.len() >= 16 && odd * 10 > head.len() {
        return Some(format!(
            "binary data, not text ({odd} of its first {} bytes are not text); is this the \
             right file?",
            head.len()
        ));
    }
    None
}

/// The bytes of `head` that are not text: invalid UTF-8 and control characters other than
/// tab, line feed and carriage return. A character cut off at the end of `head` is not counted.
fn odd_bytes(head: &[u8]) -> usize {
    let mut odd = 0;
    let mut rest = head;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                odd += control_bytes(text);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // Checked by `from_utf8` up to `valid`.
                odd += control_bytes(std::str::from_utf8(&rest[..valid]).unwrap_or(""));
                match e.error_len() {
                    Some(bad) => {
                        odd += bad;
                        rest = &rest[valid + bad..];
                    }
                    // A character cut off by the end of the sample.
                    None => break,
                }
            }
        }
    }
    odd
}

fn control_bytes(text: &str) -> usize {
    text.chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let what = |b: &[u8]| foreign(b).unwrap_or_default();
        assert!(what(b"BZh91AY&SY").starts_with("bzip2-compressed"));
        assert!(what(b"\xFD7zXZ\x00\x00\x04").starts_with("xz-compressed"));
        assert!(what(b"\x28\xB5\x2F\xFD\x04").starts_with("zstd-compressed"));
        assert!(what(b"PK\x03\x04\x14\x00").starts_with("a zip archive"));
        assert!(what(b"\xFF\xFEi\x00d\x00").starts_with("UTF-16"));
        assert!(what(b"id,text\n1,a\x002").contains("NUL byte at byte 11"));
        let noise: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37) | 0x80).collect();
        assert!(what(&noise).contains("are not text"), "{}", what(&noise));
        let mut tar = vec![b'a'; 300];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(what(&tar).starts_with("a tar archive"));
    }

    #[test]
    fn text_is_not_foreign() {
        assert_eq!(foreign(b"id,text\n1,Ayo coblos\n"), None);
        assert_eq!(
            foreign("id;teks\n1;Selamat pagi, Pak Camat é\n".as_bytes()),
            None
        );
        // Latin-1 accents: a few bytes that are not UTF-8.
        assert_eq!(foreign(b"id,text\n1,caf\xe9 pagi semua hari ini\n"), None);
        // A multi-byte character cut off at the end of the sample.
        assert_eq!(foreign(b"{\"id\":1,\"text\":\"\xf0\x9f"), None);
        assert_eq!(foreign(b""), None);
    }
}
