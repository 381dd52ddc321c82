//! What the two documents say they are (the records' `document`: own number, date of issue,
//! type), and how each cites a document number both cite (relation, cited date).

use docfacts_types::{DocRefFact, DocumentMeta, MetaNumber, Relation};

use crate::ids::{IdKey, Writing};
use crate::report::{DocumentComparison, MetaEntry, MetaField, MetaType, MetaValue};

/// Compares the metadata of A and B field by field (number, issued, type). `writings` are how
/// each record writes document numbers (for the own numbers' spellings).
pub(crate) fn compare_document(
    a: &DocumentMeta,
    b: &DocumentMeta,
    writings: (Writing, Writing),
) -> DocumentComparison {
    let mut out = DocumentComparison::default();
    let number = |meta: &DocumentMeta| meta.number.clone().map(MetaValue::Number);
    let issued = |meta: &DocumentMeta| meta.issued.clone().map(MetaValue::Issued);
    let doc_type = |meta: &DocumentMeta| {
        meta.doc_type.clone().map(|code| {
            MetaValue::Type(MetaType {
                code,
                type_name: meta.type_name.clone(),
            })
        })
    };
    for (field, x, y) in [
        (MetaField::Number, number(a), number(b)),
        (MetaField::Issued, issued(a), issued(b)),
        (MetaField::Type, doc_type(a), doc_type(b)),
    ] {
        let entry = |a, b, reason: Option<&str>| MetaEntry {
            field,
            a,
            b,
            reason: reason.map(str::to_owned),
        };
        match (x, y) {
            (None, None) => {}
            (Some(x), None) => out.only_in_a.push(entry(Some(x), None, None)),
            (None, Some(y)) => out.only_in_b.push(entry(None, Some(y), None)),
            (Some(x), Some(y)) => {
                if same_value(&x, &y, writings) {
                    out.matched.push(entry(Some(x), Some(y), None));
                } else {
                    out.mismatched
                        .push(entry(Some(x), Some(y), Some(field.reason())));
                }
            }
        }
    }
    out
}

/// Two values of one field that state the same: own numbers as document numbers compare
/// ([`IdKey::same`]), dates of issue as dates (a date without a year equals the dated one), type
/// codes letter by letter.
fn same_value(x: &MetaValue, y: &MetaValue, (wa, wb): (Writing, Writing)) -> bool {
    match (x, y) {
        (MetaValue::Number(p), MetaValue::Number(q)) => {
            IdKey::new(&as_doc_ref(p), wa).same(&IdKey::new(&as_doc_ref(q), wb))
        }
        (MetaValue::Issued(p), MetaValue::Issued(q)) => crate::dates::same_date(&p.iso, &q.iso),
        (MetaValue::Type(p), MetaValue::Type(q)) => p.code == q.code,
        _ => false,
    }
}

/// An own number as the document number fact that [`IdKey`] reads.
fn as_doc_ref(n: &MetaNumber) -> DocRefFact {
    DocRefFact {
        text: n.text.clone(),
        start: n.start,
        end: n.end,
        page: None,
        id: n.id.clone(),
        number: String::new(),
        year: None,
        doc_type: String::new(),
        type_name: String::new(),
        issuer: None,
        repaired: false,
        relation: Relation::Own,
        date: None,
    }
}

/// Why two citations of the same document number disagree, if they do: their relations differ
/// (neither being the document's own number, which the `document` section compares), or both
/// state the cited document's date and the dates differ.
pub(crate) fn citation_differs(x: &DocRefFact, y: &DocRefFact) -> Option<&'static str> {
    let own = x.relation == Relation::Own || y.relation == Relation::Own;
    let relation = !own && x.relation != y.relation;
    let date = match (&x.date, &y.date) {
        (Some(p), Some(q)) => !crate::dates::same_date(&p.iso, &q.iso),
        _ => false,
    };
    match (relation, date) {
        (true, true) => Some("relation and cited date differ"),
        (true, false) => Some("relation differs"),
        (false, true) => Some("cited date differs"),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::doc_ref_fact;
    use docfacts_types::{CitedDate, MetaDate};

    fn number(id: &str) -> Option<MetaNumber> {
        Some(MetaNumber {
            text: id.to_owned(),
            start: 10,
            end: 10 + id.len(),
            id: id.to_owned(),
        })
    }

    fn issued(iso: &str) -> Option<MetaDate> {
        Some(MetaDate {
            text: iso.to_owned(),
            start: 40,
            end: 40 + iso.len(),
            iso: iso.to_owned(),
        })
    }

    fn meta(n: &str, date: &str, code: &str) -> DocumentMeta {
        DocumentMeta {
            number: number(n),
            doc_type: Some(code.to_owned()),
            type_name: Some("report".to_owned()),
            issued: issued(date),
            ..DocumentMeta::default()
        }
    }

    const VI: Writing = Writing {
        plain: false,
        ocr: false,
    };
    const EN: Writing = Writing {
        plain: true,
        ocr: false,
    };

    fn fields(entries: &[MetaEntry]) -> Vec<&'static str> {
        entries.iter().map(|e| e.field.name()).collect()
    }

    #[test]
    fn the_same_header_matches_field_by_field() {
        let a = meta("31/SKHCN-KHTC", "2025-03-08", "BC");
        let d = compare_document(&a, &a.clone(), (VI, VI));
        assert_eq!(fields(&d.matched), ["number", "issued", "type"]);
        assert_eq!(d.disagreements(), 0);
    }

    #[test]
    fn a_translation_spells_the_number_and_states_the_date_as_it_may() {
        // English cannot print Đ; a year-less date is the dated one
        let a = meta("15/2025/NQ-HĐND", "2025-03-08", "NQ");
        let b = meta("15/2025/NQ-HDND", "--03-08", "NQ");
        let d = compare_document(&a, &b, (VI, EN));
        assert_eq!(fields(&d.matched), ["number", "issued", "type"]);
    }

    #[test]
    fn changed_fields_are_mismatches_with_both_values_and_spans() {
        let a = meta("31/SKHCN-KHTC", "2025-03-08", "BC");
        let b = meta("32/SKHCN-KHTC", "2025-03-18", "KH");
        let d = compare_document(&a, &b, (VI, VI));
        assert!(d.matched.is_empty());
        let reasons: Vec<_> = d.mismatched.iter().map(|m| m.reason.as_deref()).collect();
        assert_eq!(
            reasons,
            [
                Some("own number differs"),
                Some("date of issue differs"),
                Some("type differs")
            ]
        );
        let m = &d.mismatched[0];
        let (x, y) = (m.a.as_ref().unwrap(), m.b.as_ref().unwrap());
        assert_eq!(
            (x.canonical(), y.canonical()),
            ("31/SKHCN-KHTC", "32/SKHCN-KHTC")
        );
        assert_eq!((x.span(), y.span()), (Some((10, 23)), Some((10, 23))));
        assert_eq!(d.mismatched[2].a.as_ref().unwrap().span(), None);
    }

    #[test]
    fn a_header_on_one_side_only_is_one_sided_and_none_is_nothing() {
        let a = meta("31/SKHCN-KHTC", "2025-03-08", "BC");
        let none = DocumentMeta::default();
        let d = compare_document(&a, &none, (VI, EN));
        assert_eq!(fields(&d.only_in_a), ["number", "issued", "type"]);
        assert!(d.only_in_a.iter().all(|e| e.b.is_none()));
        let d = compare_document(&none, &a, (EN, VI));
        assert_eq!(fields(&d.only_in_b), ["number", "issued", "type"]);
        let d = compare_document(&none, &none, (VI, VI));
        assert!(d.is_empty());
        // a news article: a dateline only
        let dateline = DocumentMeta {
            issued: issued("2025-05-21"),
            ..DocumentMeta::default()
        };
        let d = compare_document(&dateline, &dateline, (VI, EN));
        assert_eq!(fields(&d.matched), ["issued"]);
    }

    #[test]
    fn citations_differ_by_relation_or_stated_date_not_by_a_missing_date() {
        let cite = |relation, date: Option<&str>| {
            let mut f = doc_ref_fact(0, "03/NQ-CP", "03/NQ-CP", false);
            f.relation = relation;
            f.date = date.map(|iso| CitedDate {
                iso: iso.to_owned(),
                start: 20,
                end: 30,
            });
            f
        };
        let basis = cite(Relation::Basis, Some("2025-01-09"));
        assert_eq!(citation_differs(&basis, &basis.clone()), None);
        assert_eq!(
            citation_differs(&basis, &cite(Relation::Cites, Some("2025-01-09"))),
            Some("relation differs")
        );
        assert_eq!(
            citation_differs(&basis, &cite(Relation::Basis, Some("2025-01-19"))),
            Some("cited date differs")
        );
        assert_eq!(
            citation_differs(&basis, &cite(Relation::Implements, Some("2025-02-09"))),
            Some("relation and cited date differ")
        );
        // a date stated on one side only is the dates list's business; year-less equals dated
        assert_eq!(citation_differs(&basis, &cite(Relation::Basis, None)), None);
        assert_eq!(
            citation_differs(&basis, &cite(Relation::Basis, Some("--01-09"))),
            None
        );
        // the own number is the document section's business
        assert_eq!(
            citation_differs(&cite(Relation::Own, None), &cite(Relation::Cites, None)),
            None
        );
    }

    /// A Vietnamese or English record citing `03/NQ-CP` at 100, with `meta` as its header.
    fn record(lang: docfacts_types::Lang, meta: DocumentMeta) -> docfacts_types::Record {
        let mut r = docfacts_types::Record::error(
            "r".to_owned(),
            docfacts_types::Source {
                bytes: 1000,
                ..docfacts_types::Source::default()
            },
            docfacts_types::ErrorInfo {
                kind: docfacts_types::ErrorKind::Empty,
                message: String::new(),
            },
        );
        r.status = docfacts_types::Status::Ok;
        r.error = None;
        r.language.code = lang;
        r.document = meta;
        r.doc_refs = vec![doc_ref_fact(100, "03/NQ-CP", "03/NQ-CP", false)];
        r
    }

    fn run(a: &docfacts_types::Record, b: &docfacts_types::Record) -> crate::CompareReport {
        crate::compare(
            crate::CompareInput {
                record: a,
                text: None,
            },
            crate::CompareInput {
                record: b,
                text: None,
            },
            &crate::CompareOptions::default(),
        )
    }

    use docfacts_types::Lang;

    #[test]
    fn records_without_metadata_give_the_report_they_gave_before() {
        let a = record(Lang::Vi, DocumentMeta::default());
        let r = run(&a, &record(Lang::En, DocumentMeta::default()));
        assert!(r.agree);
        assert!(r.document.is_empty());
        let json = serde_json::to_value(&r).unwrap();
        assert!(json.get("document").is_none(), "{json}");
        assert_eq!(r.matched.len(), 1);
    }

    #[test]
    fn a_differing_header_field_makes_the_report_disagree_and_leaves_the_facts_alone() {
        let a = record(Lang::Vi, meta("31/SKHCN-KHTC", "2025-03-08", "BC"));
        let b = record(Lang::En, meta("31/SKHCN-KHTC", "2025-03-09", "BC"));
        let r = run(&a, &b);
        assert!(!r.agree);
        assert_eq!(r.disagreements(), 0);
        assert_eq!(r.score, 1.0);
        assert_eq!(fields(&r.document.matched), ["number", "type"]);
        assert_eq!(fields(&r.document.mismatched), ["issued"]);
        let json = serde_json::to_value(&r).unwrap();
        let m = &json["document"]["mismatched"][0];
        assert_eq!(m["field"], "issued");
        assert_eq!(m["reason"], "date of issue differs");
        assert_eq!(m["a"]["iso"], "2025-03-08");
        assert_eq!(
            (&m["b"]["iso"], &m["b"]["start"]),
            (&"2025-03-09".into(), &40.into())
        );
        assert_eq!(json["document"]["matched"][1]["a"]["type"], "BC");
        // and the same header agrees
        assert!(run(&a, &a.clone()).agree);
    }

    #[test]
    fn a_translation_that_drops_the_header_disagrees_field_by_field() {
        let a = record(Lang::Vi, meta("31/SKHCN-KHTC", "2025-03-08", "BC"));
        let b = record(Lang::En, DocumentMeta::default());
        let r = run(&a, &b);
        assert!(!r.agree);
        assert_eq!(fields(&r.document.only_in_a), ["number", "issued", "type"]);
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["document"]["only_in_a"][0].get("b").is_none());
        assert_eq!(json["document"]["only_in_a"][0]["a"]["id"], "31/SKHCN-KHTC");
    }

    #[test]
    fn a_citation_with_another_relation_or_date_is_a_mismatch_of_the_doc_ref() {
        let a = record(Lang::Vi, DocumentMeta::default());
        let mut b = record(Lang::En, DocumentMeta::default());
        b.doc_refs[0].relation = Relation::Basis;
        let r = run(&a, &b);
        assert!(!r.agree);
        assert!(r.matched.is_empty());
        assert_eq!(r.mismatched.len(), 1);
        assert_eq!(r.mismatched[0].reason, "relation differs");
        assert_eq!(
            r.mismatched[0].differing(),
            ("03/NQ-CP cites".to_owned(), "03/NQ-CP basis".to_owned())
        );
        let date = |iso: &str| {
            Some(CitedDate {
                iso: iso.to_owned(),
                start: 120,
                end: 130,
            })
        };
        let mut a = a;
        a.doc_refs[0].relation = Relation::Basis;
        a.doc_refs[0].date = date("2025-01-09");
        b.doc_refs[0].date = date("2025-01-10");
        let r = run(&a, &b);
        assert_eq!(r.mismatched[0].reason, "cited date differs");
        assert_eq!(
            r.mismatched[0].differing(),
            (
                "03/NQ-CP basis dated 2025-01-09".to_owned(),
                "03/NQ-CP basis dated 2025-01-10".to_owned()
            )
        );
        b.doc_refs[0].date = date("2025-01-09");
        assert!(run(&a, &b).agree);
    }

    #[test]
    fn the_document_section_reads_back() {
        let a = record(Lang::Vi, meta("31/SKHCN-KHTC", "2025-03-08", "BC"));
        let r = run(&a, &record(Lang::En, DocumentMeta::default()));
        let json = serde_json::to_string(&r).unwrap();
        let back: crate::CompareReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}
