//! Records made by hand for the unit tests.

use docfacts_types::{
    DocRefFact, DocumentMeta, Lang, Language, MetaNumber, Record, Relation, SCHEMA, Source, Status,
};

/// An `ok` Vietnamese record `id` citing `refs`.
pub(crate) fn doc(id: &str, refs: &[DocRefFact]) -> Record {
    Record {
        schema: SCHEMA.to_owned(),
        id: id.to_owned(),
        source: Source::default(),
        status: Status::Ok,
        error: None,
        language: Language {
            code: Lang::Vi,
            variant: None,
            confidence: 1.0,
        },
        document: DocumentMeta::default(),
        dates: Vec::new(),
        doc_refs: refs.to_vec(),
        figures: Vec::new(),
        warnings: Vec::new(),
        duplicate_of: None,
    }
}

/// A citation of `id` (its type read from the code after the number).
pub(crate) fn cite(id: &str, relation: Relation) -> DocRefFact {
    let code = id
        .split(['/', '-'])
        .find(|p| p.chars().next().is_some_and(char::is_alphabetic))
        .unwrap_or("CV");
    let type_name = match code {
        "NQ" => "resolution",
        "KH" => "plan",
        "BC" => "report",
        "QĐ" => "decision",
        _ => "official letter",
    };
    DocRefFact {
        text: id.to_owned(),
        start: 0,
        end: id.len(),
        page: None,
        id: id.to_owned(),
        number: id.split(['/', '-']).next().unwrap_or("").to_owned(),
        year: None,
        doc_type: code.to_owned(),
        type_name: type_name.to_owned(),
        issuer: None,
        repaired: false,
        relation,
        date: None,
    }
}

/// Gives `record` the own number `id`.
pub(crate) fn own(record: &mut Record, id: &str) {
    record.document.number = Some(MetaNumber {
        text: id.to_owned(),
        start: 0,
        end: id.len(),
        id: id.to_owned(),
    });
}
