//! The compare report (contract `docfacts-compare/1`, see `docs/CONTRACT.md`).

use docfacts_types::{DateFact, DocRefFact, FigureFact, Lang};
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
                _ if f.kind == docfacts_types::FigureKind::Percent => format!("{}%", f.value),
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
    /// `value differs`, `kind differs`, `swapped`.
    pub reason: String,
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
    /// True when nothing is mismatched or only on one side.
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
}

impl CompareReport {
    /// The number of disagreements: mismatched pairs plus facts on one side only.
    pub fn disagreements(&self) -> usize {
        self.mismatched.len() + self.only_in_a.len() + self.only_in_b.len()
    }
}
