//! From a record to column values, shared by both back ends.

use std::borrow::Cow;

use docfacts_types::{
    Calendar, DocRefFact, FigureKind, Precision, Qualifier, Record, Relation, SourceFormat, Status,
    Variant,
};

pub(crate) fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Text => "text",
        SourceFormat::Pdf => "pdf",
        SourceFormat::Unknown => "unknown",
    }
}

pub(crate) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::Error => "error",
    }
}

pub(crate) fn variant_name(variant: Option<Variant>) -> Option<&'static str> {
    variant.map(|v| match v {
        Variant::Diacritics => "diacritics",
        Variant::Unaccented => "unaccented",
    })
}

pub(crate) fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

pub(crate) fn calendar_name(c: Calendar) -> &'static str {
    match c {
        Calendar::Gregorian => "gregorian",
        Calendar::Jalali => "jalali",
    }
}

pub(crate) fn kind_name(k: FigureKind) -> &'static str {
    match k {
        FigureKind::Number => "number",
        FigureKind::Percent => "percent",
        FigureKind::Ratio => "ratio",
        FigureKind::Money => "money",
    }
}

pub(crate) fn qualifier_name(q: Option<Qualifier>) -> Option<&'static str> {
    q.map(|q| match q {
        Qualifier::Over => "over",
        Qualifier::Under => "under",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
    })
}

/// `error.kind` as written in records (`too_large`, `io`, …).
pub(crate) fn error_kind_name(record: &Record) -> Option<String> {
    let kind = record.error.as_ref()?.kind;
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => Some(format!("{kind:?}")),
    }
}

/// The two ends of an ISO value: `2021/2025` → (`2021`, `2025`); `2025-07-29` → itself twice.
pub(crate) fn iso_bounds(iso: &str) -> (&str, &str) {
    iso.split_once('/').unwrap_or((iso, iso))
}

/// The record's warnings as a JSON array, or `None` when there are none.
pub(crate) fn warnings_json(record: &Record) -> Result<Option<String>, serde_json::Error> {
    if record.warnings.is_empty() {
        Ok(None)
    } else {
        serde_json::to_string(&record.warnings).map(Some)
    }
}

/// Text PostgreSQL can store: it rejects the NUL character in `text` and `jsonb`, so NUL is removed
/// (the row's offsets still refer to the source text, where the NUL is).
pub(crate) fn pg_text(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// The record as JSON that `jsonb` accepts: serde writes NUL as `\u0000`, which PostgreSQL refuses,
/// so strings are cleaned of NUL first when there is any.
pub(crate) fn pg_record_json(json: String) -> Result<String, serde_json::Error> {
    if !json.contains("\\u0000") {
        return Ok(json);
    }
    let mut value: serde_json::Value = serde_json::from_str(&json)?;
    strip_nul(&mut value);
    serde_json::to_string(&value)
}

fn strip_nul(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) if s.contains('\0') => *s = s.replace('\0', ""),
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_nul),
        serde_json::Value::Object(map) => {
            let keys: Vec<String> = map.keys().filter(|k| k.contains('\0')).cloned().collect();
            for key in keys {
                if let Some(v) = map.remove(&key) {
                    map.insert(key.replace('\0', ""), v);
                }
            }
            map.values_mut().for_each(strip_nul);
        }
        _ => {}
    }
}

/// The `documents` columns of the record's `document` (schema version 3), `None` where the
/// document does not state it.
pub(crate) struct MetaColumns<'a> {
    pub(crate) doc_number: Option<&'a str>,
    pub(crate) doc_type: Option<&'a str>,
    pub(crate) doc_type_name: Option<&'a str>,
    pub(crate) issued: Option<&'a str>,
    pub(crate) place: Option<&'a str>,
    pub(crate) issuer: Option<&'a str>,
    pub(crate) title: Option<&'a str>,
}

impl<'a> MetaColumns<'a> {
    pub(crate) fn of(record: &'a Record) -> MetaColumns<'a> {
        let meta = &record.document;
        MetaColumns {
            doc_number: meta.number.as_ref().map(|n| n.id.as_str()),
            doc_type: meta.doc_type.as_deref(),
            doc_type_name: meta.type_name.as_deref(),
            issued: meta.issued.as_ref().map(|d| d.iso.as_str()),
            place: meta.place.as_ref().map(|t| t.text.as_str()),
            issuer: meta.issuer.as_ref().map(|t| t.text.as_str()),
            title: meta.title.as_ref().map(|t| t.text.as_str()),
        }
    }
}

/// The record's citations, `(ordinal, doc_ref)`: every doc_ref but the document's own number
/// (relation `self`), with its index in `doc_refs`.
pub(crate) fn citations(record: &Record) -> impl Iterator<Item = (usize, &DocRefFact)> {
    record
        .doc_refs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.relation != Relation::Own)
}

/// Total number of facts in a record.
pub(crate) fn fact_count(record: &Record) -> usize {
    record.facts().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_bounds_split_intervals() {
        assert_eq!(iso_bounds("2021/2025"), ("2021", "2025"));
        assert_eq!(iso_bounds("2025-07-29"), ("2025-07-29", "2025-07-29"));
    }

    #[test]
    fn nul_is_removed_from_json_but_escaped_backslashes_stay() {
        let json =
            serde_json::to_string(&serde_json::json!({"a\u{0}": ["x\u{0}y", "\\u0000"]})).unwrap();
        let clean = pg_record_json(json).unwrap();
        assert_eq!(clean, r#"{"a":["xy","\\u0000"]}"#);
        assert_eq!(pg_text("a\0b"), "ab");
    }
}
