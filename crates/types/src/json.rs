//! A record's compact JSON, written straight into a byte buffer: the bytes `serde_json::to_writer`
//! writes for it, without serde's calls per field.
//!
//! A record's facts are most of its JSON (a fact has eight to thirteen fields), and serde writes
//! every key as a string it escapes. Here the keys are literals, a string is copied whole unless it
//! holds a byte JSON escapes, and integers go through `itoa`. The parts written once per record
//! (`source`, `error`, `language`, `document`, `warnings`) and every non-integral float stay with
//! serde, so their form cannot drift. Tests hold the two writers to the same bytes.

use serde::Serialize;

use crate::{CitedDate, DateFact, DocRefFact, FigureFact, Record, Status};

impl Record {
    /// Appends the record's compact JSON to `out`: byte for byte what `serde_json::to_writer`
    /// writes for it, faster (see the module documentation).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        field(out, b"{\"schema\":", self.schema.as_str(), string);
        field(out, b",\"id\":", self.id.as_str(), string);
        field(out, b",\"source\":", &self.source, serde);
        out.extend_from_slice(match self.status {
            Status::Ok => b",\"status\":\"ok\"",
            Status::Error => b",\"status\":\"error\"",
        });
        field(out, b",\"error\":", &self.error, serde);
        field(out, b",\"language\":", &self.language, serde);
        field(out, b",\"document\":", &self.document, serde);
        out.extend_from_slice(b",\"dates\":");
        list(out, &self.dates, date);
        out.extend_from_slice(b",\"doc_refs\":");
        list(out, &self.doc_refs, doc_ref);
        out.extend_from_slice(b",\"figures\":");
        list(out, &self.figures, figure);
        if !self.warnings.is_empty() {
            field(out, b",\"warnings\":", &self.warnings, serde);
        }
        if let Some(id) = &self.duplicate_of {
            field(out, b",\"duplicate_of\":", id.as_str(), string);
        }
        out.push(b'}');
    }
}

/// `items` as a JSON array, each written by `each`.
fn list<T>(out: &mut Vec<u8>, items: &[T], each: fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

/// The fields every fact opens with: `text`, `start`, `end` and, when known, `page`.
fn span_fields(out: &mut Vec<u8>, text: &str, start: usize, end: usize, page: Option<u32>) {
    spanned(out, b"{\"text\":", text, start, end);
    if let Some(page) = page {
        out.extend_from_slice(b",\"page\":");
        integer(out, page);
    }
}

/// An object's opening (`{"text":` or `{"iso":`, as `key`) with that string, then its `start` and
/// `end`; the object is left open.
fn spanned(out: &mut Vec<u8>, key: &[u8], text: &str, start: usize, end: usize) {
    out.extend_from_slice(key);
    string(out, text);
    out.extend_from_slice(b",\"start\":");
    integer(out, start);
    out.extend_from_slice(b",\"end\":");
    integer(out, end);
}

fn date(out: &mut Vec<u8>, d: &DateFact) {
    span_fields(out, &d.text, d.start, d.end, d.page);
    field(out, b",\"iso\":", d.iso.as_str(), string);
    field(out, b",\"precision\":", &d.precision, serde);
    field(out, b",\"calendar\":", &d.calendar, serde);
    if let Some(other) = d.range_with {
        out.extend_from_slice(b",\"range_with\":");
        integer(out, other);
    }
    out.push(b'}');
}

fn doc_ref(out: &mut Vec<u8>, r: &DocRefFact) {
    span_fields(out, &r.text, r.start, r.end, r.page);
    field(out, b",\"id\":", r.id.as_str(), string);
    field(out, b",\"number\":", r.number.as_str(), string);
    out.extend_from_slice(b",\"year\":");
    match r.year {
        Some(year) => integer(out, year),
        None => out.extend_from_slice(b"null"),
    }
    field(out, b",\"type\":", r.doc_type.as_str(), string);
    field(out, b",\"type_name\":", r.type_name.as_str(), string);
    field(out, b",\"issuer\":", &r.issuer.as_deref(), optional_string);
    out.extend_from_slice(if r.repaired {
        b",\"repaired\":true,\"relation\":\""
    } else {
        b",\"repaired\":false,\"relation\":\""
    });
    out.extend_from_slice(r.relation.as_str().as_bytes());
    out.extend_from_slice(b"\",\"date\":");
    match &r.date {
        Some(CitedDate { iso, start, end }) => {
            spanned(out, b"{\"iso\":", iso, *start, *end);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

fn figure(out: &mut Vec<u8>, f: &FigureFact) {
    span_fields(out, &f.text, f.start, f.end, f.page);
    field(out, b",\"kind\":", &f.kind, serde);
    out.extend_from_slice(b",\"value\":");
    number(out, f.value);
    for (key, value) in [(&b",\"num\":"[..], f.num), (b",\"den\":", f.den)] {
        if let Some(value) = value {
            out.extend_from_slice(key);
            number(out, value);
        }
    }
    field(out, b",\"unit\":", &f.unit.as_deref(), optional_string);
    field(out, b",\"qualifier\":", &f.qualifier, serde);
    if let Some(value) = f.written_value {
        out.extend_from_slice(b",\"written_value\":");
        number(out, value);
    }
    if let Some(scale) = &f.scale {
        field(out, b",\"scale\":", scale.as_str(), string);
    }
    out.push(b'}');
}

/// `key` (a literal such as `,"iso":`) and then `value`, as `write` writes it.
#[inline]
fn field<V: ?Sized>(out: &mut Vec<u8>, key: &[u8], value: &V, write: fn(&mut Vec<u8>, &V)) {
    out.extend_from_slice(key);
    write(out, value);
}

/// `value` as serde writes it: compact JSON (an enum's name, a nested object).
fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing into a `Vec` cannot fail, and every value written so is a plain data type.
    let written = serde_json::to_writer(&mut *out, value);
    debug_assert!(written.is_ok(), "a record part did not serialize");
}

/// A figure's number as the record's serializer writes it ([`crate::record`]): a whole number
/// below 2^53 without a fraction, any other finite number as serde writes it, `null` otherwise.
fn number(out: &mut Vec<u8>, value: f64) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)] // checked: integral and below 2^53
        integer(out, value as i64);
    } else {
        serde(out, &value);
    }
}

fn integer(out: &mut Vec<u8>, value: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

fn optional_string(out: &mut Vec<u8>, value: &Option<&str>) {
    match *value {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the short escapes
/// `\b \t \n \f \r`, and `\u00xx` for the other control bytes; everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0C => b'f',
            b'\r' => b'r',
            0x00..=0x1F => b'u',
            _ => continue,
        };
        out.extend_from_slice(bytes.get(from..i).unwrap_or_default());
        out.extend_from_slice(&[b'\\', escape]);
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0'));
        }
        from = i + 1;
    }
    out.extend_from_slice(bytes.get(from..).unwrap_or_default());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::{
        Calendar, CitedDate, DateFact, DocRefFact, DocumentMeta, ErrorInfo, ErrorKind, FigureFact,
        FigureKind, Lang, Language, MetaText, Precision, Qualifier, Record, Relation, Source,
        SourceFormat, Variant,
    };

    fn same(record: &Record) {
        let mut fast = Vec::new();
        record.write_json(&mut fast);
        let serde = serde_json::to_vec(record).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&serde)
        );
    }

    fn record(text: &str, value: f64, n: usize) -> Record {
        let precisions = [Precision::Day, Precision::Month, Precision::Year];
        let kinds = [
            FigureKind::Number,
            FigureKind::Percent,
            FigureKind::Ratio,
            FigureKind::Money,
        ];
        let qualifiers = [
            None,
            Some(Qualifier::Over),
            Some(Qualifier::Under),
            Some(Qualifier::About),
            Some(Qualifier::Nearly),
        ];
        let mut r = Record::error(
            format!("id {text}"),
            Source {
                path: text.to_owned(),
                format: SourceFormat::Text,
                encoding: Some("utf-8".into()),
                bytes: 12,
                sha256: None,
                pages: n.is_multiple_of(2).then_some(3),
            },
            ErrorInfo {
                kind: ErrorKind::Internal,
                message: text.into(),
            },
        );
        r.language = Language {
            code: Lang::Vi,
            variant: Some(Variant::Unaccented),
            confidence: value,
        };
        r.document = DocumentMeta {
            title: Some(MetaText {
                text: text.into(),
                start: 1,
                end: 2,
            }),
            ..DocumentMeta::default()
        };
        for k in 0..n {
            r.dates.push(DateFact {
                text: text.into(),
                start: k,
                end: usize::MAX - k,
                page: (k % 2 == 1).then_some(k as u32),
                iso: "2025-03-08".into(),
                precision: precisions[k % 3],
                calendar: if k.is_multiple_of(2) {
                    Calendar::Gregorian
                } else {
                    Calendar::Jalali
                },
                range_with: k.is_multiple_of(3).then_some(k + 1),
            });
            r.doc_refs.push(DocRefFact {
                text: text.into(),
                start: k,
                end: k + 1,
                page: k.is_multiple_of(2).then_some(1),
                id: text.into(),
                number: "03".into(),
                year: (k % 2 == 1).then_some(2025),
                doc_type: "QĐ".into(),
                type_name: "decision".into(),
                issuer: (k % 3 != 0).then(|| text.to_owned()),
                repaired: k % 2 == 0,
                relation: Relation::ALL[k % Relation::ALL.len()],
                date: k.is_multiple_of(2).then(|| CitedDate {
                    iso: "2025".into(),
                    start: 4,
                    end: 8,
                }),
            });
            r.figures.push(FigureFact {
                text: text.into(),
                start: k,
                end: k + 2,
                page: None,
                kind: kinds[k % 4],
                value: value * k as f64,
                num: k.is_multiple_of(2).then_some(value),
                den: k.is_multiple_of(3).then_some(-value),
                unit: (k % 2 == 1).then(|| "VND".to_owned()),
                qualifier: qualifiers[k % 5],
                written_value: (k % 4 == 1).then_some(value / 3.0),
                scale: (k % 4 == 2).then(|| "billion".to_owned()),
            });
        }
        r.warnings = if n.is_multiple_of(2) {
            vec![text.into()]
        } else {
            Vec::new()
        };
        r.duplicate_of = n.is_multiple_of(3).then(|| text.to_owned());
        r
    }

    #[test]
    fn every_field_and_variant_as_serde_writes_it() {
        for n in 0..8 {
            same(&record("Nghị quyết số 57-NQ/TW", 91.83, n));
        }
        let mut ok = record("x", 1.0, 6);
        ok.status = crate::Status::Ok;
        ok.error = None;
        same(&ok);
    }

    #[test]
    fn escapes_as_serde_does() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        for text in [
            every_control.as_str(),
            "\"quoted\" \\ back\u{7f}slash /",
            "tab\tline\nfeed\r\u{8}\u{c}",
            "۲۶ فروردین ۱۴۰۴ \u{200c} \u{2028}",
            "",
        ] {
            same(&record(text, 2.5, 5));
        }
    }

    #[test]
    fn numbers_as_serde_writes_them() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -7.0,
            0.1,
            1e-7,
            123_456_789.125,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            same(&record("n", value, 7));
        }
    }

    proptest! {
        #[test]
        fn any_text_and_number_as_serde_writes_them(
            text in "\\PC{0,12}|[\\x00-\\x7f]{0,12}",
            value in any::<f64>(),
            n in 0usize..6,
        ) {
            let r = record(&text, value, n);
            let mut fast = Vec::new();
            r.write_json(&mut fast);
            prop_assert_eq!(fast, serde_json::to_vec(&r).unwrap());
        }
    }
}
