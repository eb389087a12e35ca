//! Screening Arrow record batches: reading the activity columns where Arrow keeps them, and
//! building the verdict columns.
//!
//! Strings are read from the Arrow buffers themselves (the batch comes through the Arrow C
//! data interface), so no Python object is made per value on the way in or on the way out.
//!
//! Columns are matched to activity fields as the command line matches a CSV header: by their
//! canonical names or a field mapping, a dotted source walking into struct columns as it walks
//! into nested JSON objects. The `id` column is required and so is one column to screen; a
//! missing `kind` column, or a null kind, makes the row a post. With a JSON column, each row
//! instead holds one raw JSON record that is read exactly as `netral scan` reads a line.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Decimal256Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use netral::archive::{FieldMap, JsonRecordReader};
use netral::{Activity, ActivityId, Kind, Screener, Verdict};
use rayon::prelude::*;

use crate::pyobj::shortest;
use crate::verdict::{char_offset, field_text};

/// How many characters of a bad record the `raw` column quotes, as in the command line's error
/// records.
const RAW_CHARS: usize = 200;

/// Rows screened together: the unit of parallel work.
const CHUNK: usize = 64;

/// How the rows of a batch become activities.
pub(crate) enum Reading {
    /// Activity fields in columns, found by their canonical names or this mapping.
    Columns(FieldMap),
    /// One raw JSON record a row, in the named column, read with this reader.
    Json(String, JsonRecordReader),
}

/// What one row became.
enum Outcome {
    /// Boxed: most rows are screened, and a verdict is several times the size of a failure.
    Screened(Box<(Activity, Verdict)>),
    Failed {
        id: Option<ActivityId>,
        error: String,
        raw: Option<String>,
    },
}

/// Screens every row of `batch` on the current rayon pool and returns the verdict columns,
/// one row for each input row, in order. Fails (with a message for a `ValueError`) when the
/// columns do not fit: a missing id column, a column of the wrong type, a mapped column that
/// is not there.
pub(crate) fn screen(
    screener: &Screener,
    reading: &Reading,
    batch: &RecordBatch,
) -> Result<RecordBatch, String> {
    let rows = batch.num_rows();
    let outcomes: Vec<Outcome> = match reading {
        Reading::Columns(map) => {
            let columns = Columns::resolve(batch, map)?;
            parallel(rows, |row| columns.outcome(screener, row))
        }
        Reading::Json(name, reader) => {
            let (array, nulls) = column(batch, name).ok_or_else(|| {
                format!(
                    "the batch has no column `{name}` to read JSON records from; its columns \
                     are: {}",
                    names(batch)
                )
            })?;
            let lines = Strings::new(array, nulls, name)?;
            parallel(rows, |row| json_outcome(screener, reader, lines.get(row)))
        }
    };
    let mut out = Output::default();
    for o in &outcomes {
        out.push(o);
    }
    out.finish()
}

fn parallel(rows: usize, f: impl Fn(usize) -> Outcome + Send + Sync) -> Vec<Outcome> {
    (0..rows)
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(f)
        .collect()
}

fn json_outcome(screener: &Screener, reader: &JsonRecordReader, line: Option<&str>) -> Outcome {
    // A byte order mark starts the first line of some exports; `netral scan` drops it too.
    let line = line.unwrap_or("");
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if line.trim().is_empty() {
        return Outcome::Failed {
            id: None,
            error: "a blank record: there is nothing to read".to_string(),
            raw: Some(String::new()),
        };
    }
    match reader.read(line.as_bytes()) {
        Ok(a) => {
            let v = screener.screen(&a);
            Outcome::Screened(Box::new((a, v)))
        }
        Err(e) => Outcome::Failed {
            id: None,
            error: e.to_string(),
            raw: Some(clip(line, RAW_CHARS).to_string()),
        },
    }
}

/// The first `n` characters of `s`.
fn clip(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The columns of one batch, matched to activity fields.
struct Columns {
    /// The source of the id, for the message of a row without one.
    id_source: String,
    id: Ids,
    kind: Option<Strings>,
    author: Option<Strings>,
    created_at: Option<Strings>,
    text: Option<Strings>,
    target_text: Option<Strings>,
    target_author: Option<Strings>,
}

impl Columns {
    fn resolve(batch: &RecordBatch, map: &FieldMap) -> Result<Columns, String> {
        let find = |field: &str| -> Result<Option<(String, ArrayRef, Option<NullBuffer>)>, String> {
            let explicit = map.get(field);
            let source = explicit.unwrap_or(field);
            match column(batch, source) {
                Some((array, nulls)) => Ok(Some((source.to_string(), array, nulls))),
                None if explicit.is_some() => Err(format!(
                    "the batch has no column `{source}` (mapped to `{field}`); its columns are: {}",
                    names(batch)
                )),
                None => Ok(None),
            }
        };
        let strings = |field: &str| -> Result<Option<Strings>, String> {
            find(field)?
                .map(|(source, array, nulls)| Strings::new(array, nulls, &source))
                .transpose()
        };
        let Some((id_source, id_array, id_nulls)) = find("id")? else {
            return Err(format!(
                "the batch has no `id` column; map the id column with `id=COLUMN` (columns: {})",
                names(batch)
            ));
        };
        let columns = Columns {
            id: Ids::new(id_array, id_nulls, &id_source)?,
            id_source,
            kind: strings("kind")?,
            author: strings("author")?,
            created_at: strings("created_at")?,
            text: strings("text")?,
            target_text: strings("target_text")?,
            target_author: strings("target_author")?,
        };
        if columns.text.is_none()
            && columns.target_text.is_none()
            && columns.target_author.is_none()
        {
            return Err(format!(
                "the batch has no column to screen (text, target_text or target_author); map one \
                 with `text=COLUMN` (columns: {})",
                names(batch)
            ));
        }
        Ok(columns)
    }

    fn outcome<'a>(&'a self, screener: &Screener, row: usize) -> Outcome {
        let Some(id) = self.id.get(row) else {
            return Outcome::Failed {
                id: None,
                error: format!("missing `{}`", self.id_source),
                raw: None,
            };
        };
        let get = |c: &'a Option<Strings>| -> Option<&'a str> { c.as_ref()?.get(row) };
        let kind = match get(&self.kind) {
            None => Kind::Post,
            Some(name) => match Kind::from_name(name) {
                Some(kind) => kind,
                None => {
                    return Outcome::Failed {
                        id: Some(id),
                        error: format!(
                            "unknown kind `{name}` (expected post, comment, share, quote, like or \
                             follow)"
                        ),
                        raw: None,
                    }
                }
            },
        };
        let own = |c: &'a Option<Strings>| get(c).map(str::to_string);
        let mut a = Activity::post(id, "");
        a.kind = kind;
        a.author = own(&self.author);
        a.created_at = own(&self.created_at);
        a.text = own(&self.text);
        a.target_text = own(&self.target_text);
        a.target_author = own(&self.target_author);
        let v = screener.screen(&a);
        Outcome::Screened(Box::new((a, v)))
    }
}

/// The column at `path`: a top-level column of that name, or else a dotted path into struct
/// columns. Returns the array and the nulls of the struct columns on the way to it.
fn column(batch: &RecordBatch, path: &str) -> Option<(ArrayRef, Option<NullBuffer>)> {
    if let Some(array) = batch.column_by_name(path) {
        return Some((array.clone(), None));
    }
    let mut parts = path.split('.');
    let mut array = batch.column_by_name(parts.next()?)?.clone();
    let mut nulls: Option<NullBuffer> = None;
    for part in parts {
        let parent = array.as_struct_opt()?;
        nulls = NullBuffer::union(nulls.as_ref(), parent.nulls());
        array = parent.column_by_name(part)?.clone();
    }
    Some((array, nulls))
}

fn names(batch: &RecordBatch) -> String {
    let names: Vec<&str> = batch
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    names.join(", ")
}

/// A string column, wherever and however Arrow holds it.
struct Strings {
    /// The values: the column itself, or a dictionary column's dictionary.
    array: ArrayRef,
    /// For a dictionary column, the index of each row's value in `array`.
    keys: Option<Vec<usize>>,
    /// Nulls of the rows themselves and of every struct column on the way to them.
    nulls: Option<NullBuffer>,
}

impl Strings {
    fn new(array: ArrayRef, outer: Option<NullBuffer>, name: &str) -> Result<Strings, String> {
        let nulls = NullBuffer::union(outer.as_ref(), array.logical_nulls().as_ref());
        let (values, keys) = match array.as_any_dictionary_opt() {
            Some(dict) => (dict.values().clone(), Some(dict.normalized_keys())),
            None => (array.clone(), None),
        };
        match values.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => {
                Ok(Strings {
                    array: values,
                    keys,
                    nulls,
                })
            }
            _ => Err(format!(
                "column `{name}` holds {}; netral reads text from string columns",
                array.data_type()
            )),
        }
    }

    fn get(&self, row: usize) -> Option<&str> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return None;
        }
        let i = match &self.keys {
            Some(keys) => *keys.get(row)?,
            None => row,
        };
        let a = &self.array;
        if a.is_null(i) {
            return None;
        }
        match a.data_type() {
            DataType::Utf8 => Some(a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => Some(a.as_string::<i64>().value(i)),
            DataType::Utf8View => Some(a.as_string_view().value(i)),
            _ => None,
        }
    }
}

/// The id column: text, or integers kept digit for digit (a decimal of scale 0 is how Spark
/// reads JSON integers too large for 64 bits).
enum Ids {
    Text(Strings),
    Numbers(ArrayRef, Option<NullBuffer>),
}

impl Ids {
    fn new(array: ArrayRef, outer: Option<NullBuffer>, name: &str) -> Result<Ids, String> {
        use DataType::*;
        match array.data_type() {
            Int8
            | Int16
            | Int32
            | Int64
            | UInt8
            | UInt16
            | UInt32
            | UInt64
            | Decimal128(_, 0)
            | Decimal256(_, 0) => {
                let nulls = NullBuffer::union(outer.as_ref(), array.nulls());
                Ok(Ids::Numbers(array, nulls))
            }
            other => {
                let other = other.clone();
                Strings::new(array, outer, name)
                    .map(Ids::Text)
                    .map_err(|_| {
                        format!(
                        "the id column `{name}` holds {other}; netral reads ids from string or \
                         integer columns"
                    )
                    })
            }
        }
    }

    fn get(&self, row: usize) -> Option<ActivityId> {
        let (a, nulls) = match self {
            Ids::Text(s) => return s.get(row).map(ActivityId::new),
            Ids::Numbers(a, nulls) => (a, nulls),
        };
        if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return None;
        }
        let digits = match a.data_type() {
            DataType::Int8 => a.as_primitive::<Int8Type>().value(row).to_string(),
            DataType::Int16 => a.as_primitive::<Int16Type>().value(row).to_string(),
            DataType::Int32 => a.as_primitive::<Int32Type>().value(row).to_string(),
            DataType::Int64 => a.as_primitive::<Int64Type>().value(row).to_string(),
            DataType::UInt8 => a.as_primitive::<UInt8Type>().value(row).to_string(),
            DataType::UInt16 => a.as_primitive::<UInt16Type>().value(row).to_string(),
            DataType::UInt32 => a.as_primitive::<UInt32Type>().value(row).to_string(),
            DataType::UInt64 => a.as_primitive::<UInt64Type>().value(row).to_string(),
            DataType::Decimal128(..) => a.as_primitive::<Decimal128Type>().value_as_string(row),
            DataType::Decimal256(..) => a.as_primitive::<Decimal256Type>().value_as_string(row),
            _ => return None,
        };
        ActivityId::numeric(digits)
    }
}

/// The fields of one piece of evidence in the output.
fn evidence_fields() -> Fields {
    Fields::from(vec![
        Field::new("field", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("start_char", DataType::Int64, true),
        Field::new("end_char", DataType::Int64, true),
        Field::new("matched", DataType::Utf8, false),
        Field::new("term", DataType::Utf8, false),
        Field::new("category", DataType::Utf8, false),
        Field::new("entity", DataType::Utf8, true),
    ])
}

fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

/// The schema of the verdict columns; `netral/spark.py` declares the same to Spark.
pub(crate) fn output_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, true),
        Field::new("author", DataType::Utf8, true),
        Field::new("created_at", DataType::Utf8, true),
        Field::new("flagged", DataType::Boolean, true),
        Field::new("score", DataType::Float64, true),
        Field::new("rules", list_of(DataType::Utf8), true),
        Field::new("entities", list_of(DataType::Utf8), true),
        Field::new(
            "evidence",
            list_of(DataType::Struct(evidence_fields())),
            true,
        ),
        Field::new("reasons", list_of(DataType::Utf8), true),
        Field::new("error", DataType::Utf8, true),
        Field::new("raw", DataType::Utf8, true),
    ]))
}

/// The verdict columns being built.
struct Output {
    id: StringBuilder,
    kind: StringBuilder,
    author: StringBuilder,
    created_at: StringBuilder,
    flagged: BooleanBuilder,
    score: Float64Builder,
    rules: ListBuilder<StringBuilder>,
    entities: ListBuilder<StringBuilder>,
    evidence: ListBuilder<StructBuilder>,
    reasons: ListBuilder<StringBuilder>,
    error: StringBuilder,
    raw: StringBuilder,
}

impl Default for Output {
    fn default() -> Output {
        Output {
            id: StringBuilder::new(),
            kind: StringBuilder::new(),
            author: StringBuilder::new(),
            created_at: StringBuilder::new(),
            flagged: BooleanBuilder::new(),
            score: Float64Builder::new(),
            rules: ListBuilder::new(StringBuilder::new()),
            entities: ListBuilder::new(StringBuilder::new()),
            evidence: ListBuilder::new(StructBuilder::from_fields(evidence_fields(), 0)),
            reasons: ListBuilder::new(StringBuilder::new()),
            error: StringBuilder::new(),
            raw: StringBuilder::new(),
        }
    }
}

impl Output {
    fn push(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Screened(screened) => {
                let (a, v) = &**screened;
                self.id.append_value(v.id.as_str());
                self.kind.append_value(a.kind.as_str());
                self.author.append_option(a.author.as_deref());
                self.created_at.append_option(v.created_at.as_deref());
                self.flagged.append_value(v.flagged);
                self.score.append_option(shortest(v.score));
                strings(&mut self.rules, v.rules.iter().map(|r| r.id()));
                strings(&mut self.entities, v.entities.iter().map(String::as_str));
                self.push_evidence(a, v);
                strings(&mut self.reasons, v.reasons.iter().map(String::as_str));
                self.error.append_null();
                self.raw.append_null();
            }
            Outcome::Failed { id, error, raw } => {
                self.id.append_option(id.as_ref().map(ActivityId::as_str));
                self.kind.append_null();
                self.author.append_null();
                self.created_at.append_null();
                self.flagged.append_null();
                self.score.append_null();
                self.rules.append_null();
                self.entities.append_null();
                self.evidence.append_null();
                self.reasons.append_null();
                self.error.append_value(error);
                self.raw.append_option(raw.as_deref());
            }
        }
    }

    fn push_evidence(&mut self, a: &Activity, v: &Verdict) {
        let items = self.evidence.values();
        for e in &v.evidence {
            let text = field_text(a, e.field.as_str());
            let chars = |byte| text.and_then(|t| char_offset(t, byte)).map(|c| c as i64);
            let (start_char, end_char) = (chars(e.start), chars(e.end));
            string_at(items, 0, Some(e.field.as_str()));
            int_at(items, 1, Some(e.start as i64));
            int_at(items, 2, Some(e.end as i64));
            int_at(items, 3, start_char);
            int_at(items, 4, end_char);
            string_at(items, 5, Some(&e.matched));
            string_at(items, 6, Some(&e.term));
            string_at(items, 7, Some(e.category.as_str()));
            string_at(items, 8, e.entity.as_deref());
            items.append(true);
        }
        self.evidence.append(true);
    }

    fn finish(mut self) -> Result<RecordBatch, String> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.author.finish()),
            Arc::new(self.created_at.finish()),
            Arc::new(self.flagged.finish()),
            Arc::new(self.score.finish()),
            Arc::new(self.rules.finish()),
            Arc::new(self.entities.finish()),
            Arc::new(self.evidence.finish()),
            Arc::new(self.reasons.finish()),
            Arc::new(self.error.finish()),
            Arc::new(self.raw.finish()),
        ];
        RecordBatch::try_new(output_schema(), columns).map_err(|e| e.to_string())
    }
}

fn strings<'s>(list: &mut ListBuilder<StringBuilder>, items: impl Iterator<Item = &'s str>) {
    for s in items {
        list.values().append_value(s);
    }
    list.append(true);
}

fn string_at(items: &mut StructBuilder, i: usize, value: Option<&str>) {
    if let Some(b) = items.field_builder::<StringBuilder>(i) {
        b.append_option(value);
    }
}

fn int_at(items: &mut StructBuilder, i: usize, value: Option<i64>) {
    if let Some(b) = items.field_builder::<Int64Builder>(i) {
        b.append_option(value);
    }
}
