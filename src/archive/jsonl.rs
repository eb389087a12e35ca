//! Reading one JSON line into an [`Activity`], in the canonical schema or through a
//! [`FieldMap`].
//!
//! A line is read in one pass with a visitor that knows which keys matter ([`Plan`]): wanted
//! strings are borrowed from the line when they hold no escapes, everything else is skipped
//! without being built.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::mapping::{FieldMap, Slot};
use crate::activity::{Activity, ActivityId, Kind};
use crate::display::{clip, shown};
use crate::error::Error;
use crate::util::json::has_control;

/// What to do with the keys of one JSON object.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    keys: Vec<(String, Step)>,
}

#[derive(Clone, Debug)]
enum Step {
    Field(Slot),
    Nested(Plan),
}

/// How a JSON line becomes an activity.
#[derive(Clone, Debug)]
pub(crate) struct JsonReader {
    plan: Plan,
    /// Whether a record without `kind` is an error (the canonical schema) rather than a post
    /// (a mapped export, which often has no kind at all).
    kind_required: bool,
}

impl JsonReader {
    /// The reader for `map`, or for the canonical schema when `map` is `None` or empty.
    pub(crate) fn new(map: Option<&FieldMap>) -> Result<JsonReader, Error> {
        let canonical = FieldMap::new();
        let map = map.filter(|m| !m.is_empty());
        let kind_required = map.is_none();
        let map = map.unwrap_or(&canonical);
        let mut plan = Plan::default();
        for target in Slot::ALL {
            let source = map.source_or_default(target);
            let path: Vec<&str> = source.split('.').collect();
            if path.iter().any(|p| p.is_empty()) {
                return Err(Error::config(format!(
                    "field `{}` is mapped to `{source}`, which has an empty part",
                    target.as_str()
                )));
            }
            plan.insert(&path, target, source)?;
        }
        Ok(JsonReader {
            plan,
            kind_required,
        })
    }

    /// Parses one line. The error is a one-line reason for the error record.
    #[cfg(test)]
    pub(crate) fn activity(&self, line: &[u8]) -> Result<Activity, String> {
        let mut buf = ActivityBuf::new();
        self.read_into(line, &mut buf, Missing::default())?;
        Ok(buf.activity)
    }

    /// Parses one line into `buf`, reusing the strings of the activity read before, and says
    /// which missing fields were filled in. On error `buf` holds no meaningful activity, and
    /// the error is a one-line reason for the error record.
    pub(crate) fn read_into(
        &self,
        line: &[u8],
        buf: &mut ActivityBuf,
        missing: Missing,
    ) -> Result<Filled, String> {
        self.read_with(line, buf, missing, true)
    }

    /// [`JsonReader::read_into`], with the shortcut for plain lines or without it (the tests
    /// check that both read every line alike).
    fn read_with(
        &self,
        line: &[u8],
        buf: &mut ActivityBuf,
        missing: Missing,
        shortcut: bool,
    ) -> Result<Filled, String> {
        let text = std::str::from_utf8(line)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
        let fields = self.fields(text, shortcut)?;
        self.build(fields, buf, missing)
    }

    /// The fields of one line, found by the plan.
    fn fields<'t>(&self, text: &'t str, shortcut: bool) -> Result<Fields<'t>, String> {
        match text.trim_start().as_bytes().first() {
            Some(b'{') => {}
            Some(b'[') => return Err("not a JSON object but an array".to_string()),
            _ => return Err("not a JSON object".to_string()),
        }
        if shortcut && self.kind_required {
            // The canonical schema: most lines are flat objects of plain strings, read
            // without serde's machinery. Anything else takes the general way below.
            if let Some(fields) = plain_canonical(text) {
                return Ok(fields);
            }
        }
        let mut fields = Fields::default();
        let mut de = serde_json::Deserializer::from_str(text);
        let mut failed_at: Option<&str> = None;
        let result = de
            .deserialize_map(ObjectVisitor {
                plan: &self.plan,
                fields: &mut fields,
                failed_at: &mut failed_at,
            })
            .and_then(|()| de.end());
        match result {
            Ok(()) => Ok(fields),
            Err(e) => Err(describe(&e, failed_at)),
        }
    }

    /// Which of the fields that a record cannot do without a record has: whether it has an id
    /// (not `null`) and whether it has a kind. `None` for a line that cannot be read.
    pub(crate) fn has_id_and_kind(&self, line: &[u8]) -> Option<(bool, bool)> {
        let text = std::str::from_utf8(line).ok()?;
        let f = self.fields(text, true).ok()?;
        Some((
            f.id.is_some_and(|raw| raw != "null"),
            matches!(f.kind, Some(Some(_))),
        ))
    }

    /// Whether a record without a kind is an error: true for the canonical schema.
    pub(crate) fn kind_required(&self) -> bool {
        self.kind_required
    }

    fn build(
        &self,
        f: Fields<'_>,
        buf: &mut ActivityBuf,
        missing: Missing,
    ) -> Result<Filled, String> {
        let mut filled = Filled::default();
        match (f.id.filter(|&raw| raw != "null"), missing.id_line) {
            (Some(raw), _) => id_from_raw(raw, &mut buf.activity.id)
                .map_err(|e| format!("`{}` {e}", self.source(Slot::Id)))?,
            (None, Some(line)) => {
                buf.activity.id.set(&line_id(line), false);
                filled.id = true;
            }
            // A `null` id is not a missing one: the record says it has none.
            (None, None) if f.id.is_some() => id_from_raw("null", &mut buf.activity.id)
                .map_err(|e| format!("`{}` {e}", self.source(Slot::Id)))?,
            (None, None) => return Err(format!("missing `{}`", self.source(Slot::Id))),
        }
        let kind = match f.kind {
            Some(Some(name)) => Kind::from_name(&name).ok_or_else(|| {
                format!(
                    "unknown kind `{}` (expected post, comment, share, quote, like or follow)",
                    shown(&name, 40)
                )
            })?,
            _ if self.kind_required && !missing.post_without_kind => {
                return Err(format!("missing `{}`", self.source(Slot::Kind)))
            }
            _ => {
                filled.kind = self.kind_required;
                Kind::Post
            }
        };
        let ActivityBuf { activity: a, spare } = buf;
        a.kind = kind;
        for (slot, value) in [
            (&mut a.author, f.author),
            (&mut a.created_at, f.created_at),
            (&mut a.text, f.text),
            (&mut a.target_text, f.target_text),
            (&mut a.target_author, f.target_author),
            (&mut a.url, f.url),
        ] {
            match value.flatten() {
                Some(s) => {
                    let mut text = slot.take().or_else(|| spare.pop()).unwrap_or_default();
                    text.clear();
                    text.push_str(&s);
                    *slot = Some(text);
                }
                None => spare.extend(slot.take()),
            }
        }
        Ok(filled)
    }

    fn source(&self, target: Slot) -> String {
        self.plan
            .path_of(target)
            .unwrap_or_else(|| target.as_str().to_string())
    }
}

/// How a record that lacks a field the canonical schema requires is read: by default it is an
/// error record.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Missing {
    /// Names a record without an id by this line number (see [`line_id`]).
    pub(crate) id_line: Option<u64>,
    /// Reads a record without a kind as a post.
    pub(crate) post_without_kind: bool,
}

/// Which missing fields a record had filled in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filled {
    pub(crate) id: bool,
    pub(crate) kind: bool,
}

/// The id of a record without one: its line, as `line-42`. Written out, so that no one takes
/// it for the platform's own id of the post, and looks that up.
pub(crate) fn line_id(line: u64) -> String {
    format!("line-{line}")
}

/// How many records of an export a field mapping is checked against, and how many are looked
/// at to tell whether an archive has ids and kinds at all.
pub(crate) const MAP_SAMPLE: usize = 1000;

/// Checks a user's field mapping against the first records of an export: a mapped source that
/// none of them has is almost surely misspelt (`text=ful_text`), and scanning on would screen
/// every record as empty without a word of warning. Lines that are not JSON objects are passed
/// over; with none to look at, there is nothing to check.
pub(crate) fn check_map<'a>(
    map: Option<&FieldMap>,
    lines: impl Iterator<Item = &'a [u8]>,
) -> Result<(), Error> {
    let Some(map) = map.filter(|m| !m.is_empty()) else {
        return Ok(());
    };
    let mut keys = std::collections::BTreeSet::new();
    let mut records = 0;
    for line in lines {
        if let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(line) {
            collect_keys(&object, "", 0, &mut keys);
            records += 1;
            if records == MAP_SAMPLE {
                break;
            }
        }
    }
    if records == 0 {
        return Ok(());
    }
    for slot in Slot::ALL {
        let Some(source) = map.source(slot) else {
            continue;
        };
        // A source under a key that is `null` in some record counts as present.
        let under_null = source
            .match_indices('.')
            .any(|(i, _)| keys.contains(&format!("{}.*", &source[..i])));
        if keys.contains(source) || under_null {
            continue;
        }
        let listed = keys.iter().filter(|k| !k.ends_with(".*"));
        let have: Vec<String> = listed.clone().take(40).map(|k| shown(k, 40)).collect();
        let more = listed.count() - have.len();
        return Err(Error::config(format!(
            "field mapping: none of the first {records} records has `{}` (mapped to `{}`); \
             their fields are: {}{}",
            shown(source, 60),
            slot.as_str(),
            have.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )));
    }
    Ok(())
}

/// Adds the dotted paths of `object`'s keys to `keys`, walking into nested objects. A key whose
/// value is `null` stands for every path below it: a record without a retweet has
/// `"retweeted_status": null`, and `retweeted_status.full_text` is still a sound mapping.
fn collect_keys(
    object: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    depth: usize,
    keys: &mut std::collections::BTreeSet<String>,
) {
    for (key, value) in object {
        let path = format!("{prefix}{key}");
        match value {
            serde_json::Value::Object(inner) if depth < 4 => {
                collect_keys(inner, &format!("{path}."), depth + 1, keys);
            }
            serde_json::Value::Null => {
                keys.insert(format!("{path}.*"));
            }
            _ => {}
        }
        keys.insert(path);
    }
}

/// Reads single JSON records the way a scan reads the lines of a JSON lines archive: the same
/// canonical schema or [`FieldMap`], and the same reason for a record that cannot be read.
///
/// It serves callers that get records one at a time instead of as a file, such as a column of
/// raw JSON lines in a data frame or a message queue, and who want each record judged exactly as
/// `netral scan` would judge the line.
///
/// ```
/// use netral::archive::{FieldMap, JsonRecordReader};
///
/// let canonical = JsonRecordReader::new(None)?;
/// let like = canonical.read(br#"{"id": 7, "kind": "like", "target_author": "@prabowo"}"#)?;
/// assert_eq!((like.id.as_str(), like.kind.as_str()), ("7", "like"));
/// assert_eq!(canonical.read(br#"{"id": 8}"#).unwrap_err().to_string(), "missing `kind`");
///
/// let map: FieldMap = "text=full_text,id=id_str".parse()?;
/// let mapped = JsonRecordReader::new(Some(&map))?;
/// let post = mapped.read(br#"{"id_str": "9", "full_text": "Coblos 02!"}"#)?;
/// assert_eq!(post.text.as_deref(), Some("Coblos 02!"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct JsonRecordReader {
    json: JsonReader,
}

impl JsonRecordReader {
    /// A reader for `map`, or for the canonical schema when `map` is `None` or empty. Fails
    /// when the mapping cannot apply to JSON (a source with an empty part, or one key mapped
    /// to two fields).
    pub fn new(map: Option<&FieldMap>) -> Result<JsonRecordReader, Error> {
        Ok(JsonRecordReader {
            json: JsonReader::new(map)?,
        })
    }

    /// Reads one record: a JSON object, without its line terminator. The error's message is
    /// the reason a scan writes in the error record of such a line.
    pub fn read(&self, record: &[u8]) -> Result<Activity, Error> {
        let mut buf = ActivityBuf::new();
        self.json
            .read_into(record, &mut buf, Missing::default())
            .map_err(Error::input)?;
        Ok(buf.activity)
    }
}

impl Plan {
    fn insert(&mut self, path: &[&str], target: Slot, source: &str) -> Result<(), Error> {
        let conflict = || {
            Error::config(format!(
                "`{source}` is mapped to `{}` and to another field",
                target.as_str()
            ))
        };
        let (head, rest) = match path {
            [head, rest @ ..] => (*head, rest),
            [] => return Ok(()),
        };
        match self.keys.iter_mut().find(|(k, _)| k == head) {
            None if rest.is_empty() => self.keys.push((head.to_string(), Step::Field(target))),
            None => {
                let mut nested = Plan::default();
                nested.insert(rest, target, source)?;
                self.keys.push((head.to_string(), Step::Nested(nested)));
            }
            Some((_, Step::Nested(nested))) if !rest.is_empty() => {
                nested.insert(rest, target, source)?
            }
            Some(_) => return Err(conflict()),
        }
        Ok(())
    }

    fn path_of(&self, target: Slot) -> Option<String> {
        self.keys.iter().find_map(|(k, step)| match step {
            Step::Field(t) if *t == target => Some(k.clone()),
            Step::Nested(p) => p.path_of(target).map(|rest| format!("{k}.{rest}")),
            Step::Field(_) => None,
        })
    }
}

/// An activity that lines are read into one after another, so that its strings are allocated
/// once and reused rather than allocated anew for every record.
pub(crate) struct ActivityBuf {
    pub(crate) activity: Activity,
    /// Strings of fields that the last record did not have, kept for the next ones that do.
    spare: Vec<String>,
}

impl ActivityBuf {
    pub(crate) fn new() -> ActivityBuf {
        ActivityBuf {
            activity: Activity {
                id: ActivityId::default(),
                kind: Kind::Post,
                author: None,
                created_at: None,
                text: None,
                target_text: None,
                target_author: None,
                url: None,
            },
            spare: Vec::new(),
        }
    }
}

/// A string that borrows from the line when it can.
type Str<'de> = Cow<'de, str>;

/// The values found for each target. The outer `Option` says whether the key was present, the
/// inner one whether it was `null`.
#[derive(Default)]
struct Fields<'de> {
    /// The raw JSON text of the id.
    id: Option<&'de str>,
    kind: Option<Option<Str<'de>>>,
    author: Option<Option<Str<'de>>>,
    created_at: Option<Option<Str<'de>>>,
    text: Option<Option<Str<'de>>>,
    target_text: Option<Option<Str<'de>>>,
    target_author: Option<Option<Str<'de>>>,
    url: Option<Option<Str<'de>>>,
}

impl<'de> Fields<'de> {
    /// The place of a string field; `None` for the id, which is kept as raw JSON.
    fn string(&mut self, slot: Slot) -> Option<&mut Option<Option<Str<'de>>>> {
        Some(match slot {
            Slot::Id => return None,
            Slot::Kind => &mut self.kind,
            Slot::Author => &mut self.author,
            Slot::CreatedAt => &mut self.created_at,
            Slot::Text => &mut self.text,
            Slot::TargetText => &mut self.target_text,
            Slot::TargetAuthor => &mut self.target_author,
            Slot::Url => &mut self.url,
        })
    }
}

struct ObjectVisitor<'p, 'f, 'de> {
    plan: &'p Plan,
    fields: &'f mut Fields<'de>,
    /// The key whose value failed to parse, for the error message.
    failed_at: &'f mut Option<&'p str>,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(StrSeed(key)) = map.next_key::<StrSeed<'de>>()? {
            let Some((name, step)) = self.plan.keys.iter().find(|(k, _)| *k == key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            *self.failed_at = Some(name.as_str());
            match step {
                Step::Nested(plan) => {
                    map.next_value_seed(NestedSeed {
                        plan,
                        fields: &mut *self.fields,
                        failed_at: &mut *self.failed_at,
                    })?;
                }
                Step::Field(target) => {
                    let f = &mut *self.fields;
                    let duplicate = match target {
                        Slot::Id => f.id.replace(map.next_value::<&RawValue>()?.get()).is_some(),
                        Slot::Kind => f
                            .kind
                            .replace(map.next_value::<Option<StrSeed>>()?.map(|s| s.0))
                            .is_some(),
                        Slot::Author => f.author.replace(next_str(&mut map)?).is_some(),
                        Slot::CreatedAt => f.created_at.replace(next_str(&mut map)?).is_some(),
                        Slot::Text => f.text.replace(next_str(&mut map)?).is_some(),
                        Slot::TargetText => f.target_text.replace(next_str(&mut map)?).is_some(),
                        Slot::TargetAuthor => {
                            f.target_author.replace(next_str(&mut map)?).is_some()
                        }
                        Slot::Url => f.url.replace(next_str(&mut map)?).is_some(),
                    };
                    if duplicate {
                        return Err(de::Error::custom("duplicate key"));
                    }
                }
            }
            *self.failed_at = None;
        }
        Ok(())
    }
}

fn next_str<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Str<'de>>, A::Error> {
    Ok(map.next_value::<Option<StrSeed<'de>>>()?.map(|s| s.0))
}

/// A nested object on the path to a mapped field. A `null` or missing object leaves its
/// fields missing.
struct NestedSeed<'p, 'f, 'de> {
    plan: &'p Plan,
    fields: &'f mut Fields<'de>,
    failed_at: &'f mut Option<&'p str>,
}

impl<'de> DeserializeSeed<'de> for NestedSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for NestedSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut inner = None;
        let result = d.deserialize_map(ObjectVisitor {
            plan: self.plan,
            fields: self.fields,
            failed_at: &mut inner,
        });
        // On failure, name the innermost key that failed.
        if result.is_err() && inner.is_some() {
            *self.failed_at = inner;
        }
        result
    }
}

/// Deserializes a string, borrowing it when the line holds it without escapes.
struct StrSeed<'de>(Str<'de>);

impl<'de> de::Deserialize<'de> for StrSeed<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StrSeed<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrSeed<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or null")
            }

            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<StrSeed<'de>, E> {
                Ok(StrSeed(Cow::Borrowed(s)))
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<StrSeed<'de>, E> {
                Ok(StrSeed(Cow::Owned(s.to_string())))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<StrSeed<'de>, E> {
                Ok(StrSeed(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The fields of a line in the canonical schema, if the line is a flat JSON object whose
/// values are strings without escapes, `null`, or integers (or `true` and `false` for keys
/// that are not fields), with no field twice: then they are exactly what the general reader
/// would find. `None` means "take the general way", never "invalid".
fn plain_canonical(text: &str) -> Option<Fields<'_>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let ws = |at: &mut usize| {
        while bytes
            .get(*at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            *at += 1;
        }
    };
    // A string without escapes or control characters, from its opening quote; the content.
    let string = |at: &mut usize| -> Option<&str> {
        let start = *at + 1;
        let end = start + memchr::memchr2(b'"', b'\\', bytes.get(start..)?)?;
        (bytes[end] == b'"' && !has_control(&bytes[start..end])).then(|| {
            *at = end + 1;
            &text[start..end]
        })
    };
    let mut fields = Fields::default();
    ws(&mut at);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    ws(&mut at);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let key = string(&mut at)?;
            ws(&mut at);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at += 1;
            ws(&mut at);
            let start = at;
            // The value: a string (with its quotes), null, or an integer; for keys that
            // are not fields, also true or false.
            let value: Option<&str> = match *bytes.get(at)? {
                b'"' => {
                    string(&mut at)?;
                    Some(&text[start..at])
                }
                b'n' if bytes[at..].starts_with(b"null") => {
                    at += 4;
                    None
                }
                b'-' | b'0'..=b'9' => {
                    at += usize::from(bytes[at] == b'-');
                    let digits = bytes[at..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    // No leading zeros, fraction or exponent: those take the general way.
                    if digits == 0 || (digits > 1 && bytes[at] == b'0') {
                        return None;
                    }
                    at += digits;
                    Some(&text[start..at])
                }
                b't' if bytes[at..].starts_with(b"true") => {
                    at += 4;
                    Some("true")
                }
                b'f' if bytes[at..].starts_with(b"false") => {
                    at += 5;
                    Some("false")
                }
                _ => return None,
            };
            // A literal or number must end here (`nullx` or `12a` is not JSON).
            if bytes.get(at).is_some_and(|b| b.is_ascii_alphanumeric()) {
                return None;
            }
            let is_str = value.is_some_and(|v| v.starts_with('"'));
            // The content of a string value; `None` for null (other values do not get here
            // for the fields that use this).
            let as_str = value
                .filter(|_| is_str)
                .map(|v| Cow::Borrowed(&v[1..v.len() - 1]));
            // The id is a string or a number; the other fields a string or null.
            let duplicate = match Slot::from_name(key) {
                None => false,
                Some(Slot::Id)
                    if is_str || value.is_some_and(|v| !matches!(v, "true" | "false")) =>
                {
                    fields.id.replace(value?).is_some()
                }
                Some(slot) => match fields.string(slot) {
                    Some(field) if is_str || value.is_none() => field.replace(as_str).is_some(),
                    _ => return None,
                },
            };
            if duplicate {
                return None;
            }
            ws(&mut at);
            match bytes.get(at) {
                Some(b',') => {
                    at += 1;
                    ws(&mut at);
                }
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    ws(&mut at);
    (at == bytes.len()).then_some(fields)
}

/// An id from its raw JSON, into `id`: a string, or a number kept digit for digit.
fn id_from_raw(raw: &str, id: &mut ActivityId) -> Result<(), String> {
    match raw.as_bytes().first() {
        Some(b'"') if !raw.contains('\\') => {
            // Valid JSON without escapes: the string is what stands between the quotes.
            id.set(&raw[1..raw.len() - 1], false);
            Ok(())
        }
        Some(b'"') => {
            let s: Str<'_> =
                serde_json::from_str(raw).map_err(|e| format!("is not a valid string: {e}"))?;
            id.set(&s, false);
            Ok(())
        }
        // A raw JSON value that starts like a number is a number: the parser checked it.
        Some(b'-' | b'0'..=b'9') => {
            id.set(raw, true);
            Ok(())
        }
        _ => Err(format!(
            "must be a string or a number, not {}",
            clip(raw, 40)
        )),
    }
}

/// A serde_json error as a reason: which key, what went wrong, at which column.
fn describe(e: &serde_json::Error, key: Option<&str>) -> String {
    let mut msg = e.to_string();
    // Every record is one line, so "at line 1 column 17" says no more than "at column 17".
    if let Some(i) = msg.rfind(" at line ") {
        msg.truncate(i);
    }
    let msg = msg
        .strip_prefix("invalid type: ")
        .unwrap_or(&msg)
        .replace("expected a string or null", "expected a string");
    let column = e.column();
    match (e.classify(), key) {
        (serde_json::error::Category::Eof, _) => {
            format!("truncated JSON (ends at column {column})")
        }
        (serde_json::error::Category::Syntax, _) => {
            format!("invalid JSON: {msg} at column {column}")
        }
        (_, Some(k)) => format!("`{k}`: {msg} at column {column}"),
        (_, None) => format!("{msg} at column {column}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(line: &str) -> Result<Activity, String> {
        JsonReader::new(None).unwrap().activity(line.as_bytes())
    }

    #[test]
    fn canonical_lines() {
        let a = canonical(
            r#"{"id": 1733012345678901234567, "kind": "post", "text": "a\"b", "x": [1, {"y": 2}]}"#,
        )
        .unwrap();
        assert_eq!(a.id.as_str(), "1733012345678901234567");
        assert!(a.id.is_numeric());
        assert_eq!(a.text.as_deref(), Some("a\"b"));
        let a =
            canonical(r#"{"id": "7", "kind": "like", "text": null, "target_author": "@prabowo"}"#)
                .unwrap();
        assert_eq!(
            (a.kind, a.text, a.target_author.as_deref()),
            (Kind::Like, None, Some("@prabowo"))
        );
    }

    #[test]
    fn reasons() {
        for (line, needle) in [
            (
                r#"{"id": "x", "kind": "#,
                "truncated JSON (ends at column 20)",
            ),
            (r#"["1", "post"]"#, "not a JSON object but an array"),
            (
                r#"{"id": "1", "kind": "retweet"}"#,
                "unknown kind `retweet`",
            ),
            (
                r#"{"id": "1", "kind": "post", "text": 2024}"#,
                "`text`: integer `2024`, expected a string at column 40",
            ),
            (r#"{}"#, "missing `id`"),
            (r#"{"id": "1"}"#, "missing `kind`"),
            (
                r#"{"id": null, "kind": "post"}"#,
                "`id` must be a string or a number, not null",
            ),
            (
                r#"{"id": true, "kind": "post"}"#,
                "`id` must be a string or a number, not true",
            ),
            (
                r#"{"id": "1", "kind": "post", "text": "a", "text": "b"}"#,
                "`text`: duplicate key",
            ),
            (
                r#"{"id": "1", "kind": "post"} x"#,
                "invalid JSON: trailing characters",
            ),
            ("42", "not a JSON object"),
        ] {
            let e = canonical(line).unwrap_err();
            assert!(e.contains(needle), "{line}: {e}");
        }
        let e = JsonReader::new(None)
            .unwrap()
            .activity(b"{\"id\": \"\xff\"}")
            .unwrap_err();
        assert_eq!(e, "invalid UTF-8 at byte 8");
    }

    /// Lines from pieces of JSON, valid and not, plain and not.
    fn lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            Just("\"id\""),
            Just("\"kind\""),
            Just("\"text\""),
            Just("\"author\""),
            Just("\"created_at\""),
            Just("\"target_text\""),
            Just("\"target_author\""),
            Just("\"x\""),
            Just("\"te\\u0078t\""),
            Just("id"),
        ];
        let value = prop_oneof![
            Just("\"1\""),
            Just("\"post\""),
            Just("\"like\""),
            Just("\"Coblos 02 ya\""),
            Just("\"a\\\"b\""),
            Just("\"é🐂\""),
            Just("\"\""),
            Just("\"\u{1}\""),
            Just("null"),
            Just("nul"),
            Just("nullx"),
            Just("true"),
            Just("false"),
            Just("0"),
            Just("-0"),
            Just("-"),
            Just("007"),
            Just("12"),
            Just("1.5"),
            Just("1e3"),
            Just("17330123456789012345678"),
            Just("[1, {\"y\": 2}]"),
            Just("{}"),
            Just("{\"a\": null}"),
            Just("\"unterminated"),
        ];
        let sep = prop_oneof![Just(""), Just(" "), Just("\t"), Just("  ")];
        let member = (sep.clone(), key, sep.clone(), value, sep.clone())
            .prop_map(|(a, k, b, v, c)| format!("{a}{k}{b}:{a}{v}{c}"));
        let end = prop_oneof![
            Just("}"),
            Just("} "),
            Just("},"),
            Just(""),
            Just("} x"),
            Just(",}")
        ];
        (sep, prop::collection::vec(member, 0..9), end)
            .prop_map(|(s, m, e)| format!("{s}{{{}{e}", m.join(",")))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, ..Default::default() })]

        /// The shortcut for plain lines reads every line as the general reader does: the same
        /// activity, or the same reason for rejecting it.
        #[test]
        fn shortcut_reads_alike(line in lines()) {
            let reader = JsonReader::new(None).unwrap();
            let filling = Missing { id_line: Some(7), post_without_kind: true };
            for missing in [Missing::default(), filling] {
                let (mut fast, mut slow) = (ActivityBuf::new(), ActivityBuf::new());
                let got = reader.read_with(line.as_bytes(), &mut fast, missing, true);
                let want = reader.read_with(line.as_bytes(), &mut slow, missing, false);
                proptest::prop_assert_eq!(&got, &want);
                if got.is_ok() {
                    proptest::prop_assert_eq!(&fast.activity, &slow.activity);
                }
            }
        }
    }

    #[test]
    fn shortcut_takes_plain_lines() {
        // The generator above must also produce lines the shortcut accepts.
        let line = r#"{"id": 7, "kind": "post", "text": "Coblos 02", "x": true}"#;
        assert!(plain_canonical(line).is_some());
        assert!(plain_canonical(r#"{"id": "a\"b", "kind": "post"}"#).is_none());
    }

    #[test]
    fn mapped_lines() {
        let map = FieldMap::parse("id=id_str,text=full_text,author=user.screen_name").unwrap();
        let r = JsonReader::new(Some(&map)).unwrap();
        let a = r
            .activity(br#"{"id_str": "99", "full_text": "Ayo coblos 02", "user": {"screen_name": "rina", "id": 5}}"#)
            .unwrap();
        assert_eq!(
            (a.id.as_str(), a.kind, a.author.as_deref()),
            ("99", Kind::Post, Some("rina"))
        );
        let a = r
            .activity(br#"{"id_str": "99", "user": null, "kind": "like"}"#)
            .unwrap();
        assert_eq!((a.kind, a.author), (Kind::Like, None));
        let e = r
            .activity(br#"{"id_str": "99", "user": {"screen_name": 5}}"#)
            .unwrap_err();
        assert!(e.contains("`screen_name`"), "{e}");
        let e = r.activity(br#"{"id": "99"}"#).unwrap_err();
        assert_eq!(e, "missing `id_str`");
        assert!(JsonReader::new(Some(&FieldMap::parse("text=a,author=a").unwrap())).is_err());
        assert!(JsonReader::new(Some(&FieldMap::parse("text=a,author=a.b").unwrap())).is_err());
        assert!(JsonReader::new(Some(&FieldMap::parse("text=a..b").unwrap())).is_err());
    }
}
