//! The tweet-harvest preset: the CSV layout written by the tweet-harvest scraper.
//!
//! Its header is
//! `created_at,id_str,full_text,quote_count,reply_count,retweet_count,favorite_count,lang,user_id_str,conversation_id_str,username,tweet_url`,
//! delimited by `,` or `;` depending on the version. Older versions order the columns
//! differently and add some, so an export is recognised by the three columns the preset reads
//! beyond `created_at`: `id_str`, `full_text` and `username`.

use super::format::detect_delimiter;
use super::mapping::FieldMap;

/// The columns that identify a tweet-harvest header.
const KEY_COLUMNS: [&str; 3] = ["id_str", "full_text", "username"];

/// Whether the first line of `head` is a tweet-harvest header.
pub(crate) fn is_harvest_header(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line = match memchr::memchr(b'\n', head) {
        Some(i) => &head[..i],
        None => head,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(detect_delimiter(line))
        .from_reader(line);
    let mut header = csv::ByteRecord::new();
    if !matches!(reader.read_byte_record(&mut header), Ok(true)) {
        return false;
    }
    KEY_COLUMNS
        .iter()
        .all(|key| header.iter().any(|col| col.trim_ascii() == key.as_bytes()))
}

/// The preset mapping: `id=id_str, text=full_text, author=username, created_at=created_at,
/// url=tweet_url`.
pub(crate) fn mapping() -> FieldMap {
    // These are fixed, valid names, so parsing cannot fail; an empty map is a safe fallback.
    FieldMap::parse("id=id_str,text=full_text,author=username,created_at=created_at,url=tweet_url")
        .unwrap_or_default()
}

/// Splits a retweet text `RT @account: words` into the account (with its `@`) and the words.
pub(crate) fn split_retweet(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("RT @")?;
    let handle_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if handle_len == 0 || rest.as_bytes().get(handle_len) != Some(&b':') {
        return None;
    }
    let handle = &text[3..4 + handle_len];
    Some((handle, rest[handle_len + 1..].trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header() {
        let h = b"created_at,id_str,full_text,quote_count,reply_count,retweet_count,favorite_count,lang,user_id_str,conversation_id_str,username,tweet_url\r\n";
        assert!(is_harvest_header(h));
        assert!(is_harvest_header(
            b"\xEF\xBB\xBFcreated_at;id_str;full_text;username\n1;2;3;4"
        ));
        assert!(!is_harvest_header(b"id,text,author\n"));
    }

    #[test]
    fn retweets() {
        assert_eq!(
            split_retweet("RT @bawaslu_RI: ASN wajib netral."),
            Some(("@bawaslu_RI", "ASN wajib netral."))
        );
        assert_eq!(split_retweet("RT @x:"), Some(("@x", "")));
        assert_eq!(split_retweet("RT @: nope"), None);
        assert_eq!(split_retweet("RT @abc no colon"), None);
        assert_eq!(split_retweet("Kata RT @abc: bukan retweet"), None);
    }
}
