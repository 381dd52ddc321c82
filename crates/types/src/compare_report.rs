//! The compare report (contract `docfacts-compare/1`, see `docs/CONTRACT.md`): the data that
//! `docfacts-compare` makes and the sink stores, here so that the sink does not depend on the
//! comparison engine.

use crate::{DateFact, DocRefFact, FigureFact, Lang, MetaDate, MetaNumber};
use serde::{Deserialize, Serialize};

/// The value of the `schema` field of every compare report.
pub const COMPARE_SCHEMA: &str = "docfacts-compare/1";

/// Which list of a record a fact comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// `dates`.
    Dates,
    /// `doc_refs`.
    DocRefs,
    /// `figures`.
    Figures,
}

impl FactType {
    /// The record field name (`dates`, `doc_refs`, `figures`).
    pub fn name(self) -> &'static str {
        match self {
            FactType::Dates => "dates",
            FactType::DocRefs => "doc_refs",
            FactType::Figures => "figures",
        }
    }
}

/// A fact of either record, serialized exactly as in the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fact {
    /// A date.
    Date(DateFact),
    /// A document number.
    DocRef(DocRefFact),
    /// A figure.
    Figure(FigureFact),
}

impl Fact {
    /// The source text of the fact.
    pub fn text(&self) -> &str {
        match self {
            Fact::Date(f) => &f.text,
            Fact::DocRef(f) => &f.text,
            Fact::Figure(f) => &f.text,
        }
    }

    /// Start and end byte offsets.
    pub fn range(&self) -> (usize, usize) {
        match self {
            Fact::Date(f) => (f.start, f.end),
            Fact::DocRef(f) => (f.start, f.end),
            Fact::Figure(f) => (f.start, f.end),
        }
    }

    /// The canonical value as people read it: ISO date, document id, or number.
    pub fn canonical(&self) -> String {
        match self {
            Fact::Date(f) => f.iso.clone(),
            Fact::DocRef(f) => f.id.clone(),
            Fact::Figure(f) => match (f.num, f.den) {
                (Some(n), Some(d)) => format!("{n}/{d}"),
                _ if f.kind == crate::FigureKind::Percent => format!("{}%", f.value),
                _ => format!("{}", f.value),
            },
        }
    }
}

/// One side of the comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The record id.
    pub id: String,
    /// The record's language.
    pub language: Lang,
}

/// Two facts that state the same thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matched {
    /// The fact list.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The fact in A.
    pub a: Fact,
    /// The fact in B.
    pub b: Fact,
    /// How they were paired when not in plain order (`reordered`), or which end of a period the
    /// other side's single date states (`period start`, `period end`: the period is then paired
    /// with both dates, in two entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Two facts at the same place that state different values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mismatched {
    /// The fact list.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The fact in A.
    pub a: Fact,
    /// The fact in B.
    pub b: Fact,
    /// `value differs`, `kind differs`, `swapped`; for document numbers of the same id,
    /// `relation differs`, `cited date differs` (or `relation and cited date differ`).
    pub reason: String,
}

impl Mismatched {
    /// What differs, A's and B's, as people read it: the relations or cited dates of a document
    /// number whose id is the same on both sides, else the canonical values.
    pub fn differing(&self) -> (String, String) {
        if let (Fact::DocRef(x), Fact::DocRef(y)) = (&self.a, &self.b)
            && x.id == y.id
        {
            let side = |f: &DocRefFact| {
                let date = f
                    .date
                    .as_ref()
                    .map_or(String::new(), |d| format!(" dated {}", d.iso));
                format!("{} {}{date}", f.id, f.relation.as_str())
            };
            return (side(x), side(y));
        }
        (self.a.canonical(), self.b.canonical())
    }
}

/// A fact of A with no counterpart in B.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnlyInA {
    /// The fact list.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The fact in A.
    pub a: Fact,
}

/// A fact of B with no counterpart in A.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnlyInB {
    /// The fact list.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The fact in B.
    pub b: Fact,
}

/// A fact found on one side only that is explained by how the other side writes it (a number
/// word, a date the extractor did not read as a date); not a disagreement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tolerated {
    /// The fact list.
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The fact, when it is A's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<Fact>,
    /// The fact, when it is B's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Fact>,
    /// What the other side has instead.
    pub reason: String,
}

/// The result of comparing a document (A) with its translation (B).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareReport {
    /// Always [`COMPARE_SCHEMA`].
    pub schema: String,
    /// The original.
    pub a: Side,
    /// The translation.
    pub b: Side,
    /// True when nothing is mismatched or only on one side, among the facts and in
    /// [`CompareReport::document`].
    pub agree: bool,
    /// Agreement in `[0, 1]`: `2·matched / (2·matched + 2·mismatched + only_in_a + only_in_b)`
    /// (tolerated facts are left out); 1 when neither side has facts.
    pub score: f64,
    /// Facts stated by both.
    pub matched: Vec<Matched>,
    /// Facts at the same place with different values.
    pub mismatched: Vec<Mismatched>,
    /// Facts of A missing in B.
    pub only_in_a: Vec<OnlyInA>,
    /// Facts of B missing in A.
    pub only_in_b: Vec<OnlyInB>,
    /// Unpaired facts explained by the other side's wording (not disagreements).
    #[serde(default)]
    pub tolerated: Vec<Tolerated>,
    /// What the two documents say they are (own number, date of issue, type), compared; absent
    /// when neither record states any of them.
    #[serde(default, skip_serializing_if = "DocumentComparison::is_empty")]
    pub document: DocumentComparison,
}

impl CompareReport {
    /// The number of disagreements among the facts: mismatched pairs plus facts on one side
    /// only (those of [`CompareReport::document`] are counted by its own
    /// [`DocumentComparison::disagreements`]).
    pub fn disagreements(&self) -> usize {
        self.mismatched.len() + self.only_in_a.len() + self.only_in_b.len()
    }
}

/// A field of the documents' metadata (the records' `document`) that compare checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaField {
    /// The own number (`document.number`), compared by id as document numbers are.
    Number,
    /// The date of issue (`document.issued`), compared by ISO value as dates are.
    Issued,
    /// The type code (`document.type`).
    Type,
}

impl MetaField {
    /// The field's name in the record (`number`, `issued`, `type`).
    pub fn name(self) -> &'static str {
        match self {
            MetaField::Number => "number",
            MetaField::Issued => "issued",
            MetaField::Type => "type",
        }
    }

    /// The `reason` of a mismatch of this field.
    pub fn reason(self) -> &'static str {
        match self {
            MetaField::Number => "own number differs",
            MetaField::Issued => "date of issue differs",
            MetaField::Type => "type differs",
        }
    }
}

/// A document's type as its record states it (`document.type`, `document.type_name`); the record
/// gives it no span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaType {
    /// The type code (`BC`, `KH`, `QĐ` …).
    #[serde(rename = "type")]
    pub code: String,
    /// The type in English.
    pub type_name: Option<String>,
}

/// One side's value of a metadata field, serialized exactly as in its record's `document`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MetaValue {
    /// `document.number`: `{text, start, end, id}`.
    Number(MetaNumber),
    /// `document.issued`: `{text, start, end, iso}`.
    Issued(MetaDate),
    /// `document.type` and `type_name`: `{type, type_name}`.
    Type(MetaType),
}

impl MetaValue {
    /// The text as printed (the type code for a type).
    pub fn text(&self) -> &str {
        match self {
            MetaValue::Number(n) => &n.text,
            MetaValue::Issued(d) => &d.text,
            MetaValue::Type(t) => &t.code,
        }
    }

    /// Start and end byte offsets; `None` for a type, which has no span.
    pub fn span(&self) -> Option<(usize, usize)> {
        match self {
            MetaValue::Number(n) => Some((n.start, n.end)),
            MetaValue::Issued(d) => Some((d.start, d.end)),
            MetaValue::Type(_) => None,
        }
    }

    /// The value compared: the id, the ISO date, the type code.
    pub fn canonical(&self) -> &str {
        match self {
            MetaValue::Number(n) => &n.id,
            MetaValue::Issued(d) => &d.iso,
            MetaValue::Type(t) => &t.code,
        }
    }
}

/// A metadata field compared: both sides' values (one side's, when only one states it), and why
/// they disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaEntry {
    /// `number`, `issued` or `type`.
    pub field: MetaField,
    /// A's value (absent in `only_in_b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<MetaValue>,
    /// B's value (absent in `only_in_a`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<MetaValue>,
    /// For a mismatch: `own number differs`, `date of issue differs`, `type differs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The documents' metadata compared field by field, in the order number, issued, type. A field
/// neither record states is left out; one that only one states is one-sided (a translation
/// without the original's header reports each of its fields `only_in_a`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentComparison {
    /// Fields both state with the same value.
    pub matched: Vec<MetaEntry>,
    /// Fields both state with different values.
    pub mismatched: Vec<MetaEntry>,
    /// Fields only A states.
    pub only_in_a: Vec<MetaEntry>,
    /// Fields only B states.
    pub only_in_b: Vec<MetaEntry>,
}

impl DocumentComparison {
    /// True when neither record states a compared field.
    pub fn is_empty(&self) -> bool {
        self.matched.is_empty() && self.disagreements() == 0
    }

    /// Mismatched fields plus fields stated on one side only.
    pub fn disagreements(&self) -> usize {
        self.mismatched.len() + self.only_in_a.len() + self.only_in_b.len()
    }
}
