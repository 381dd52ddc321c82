//! The rows of one comparison report (`comparisons`, `disagreements`, `comparison_matches`),
//! as the back ends write them.

use docfacts_types::Source;
use docfacts_types::compare_report::{CompareReport, Fact};

/// What storing one comparison did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredComparison {
    /// The new row's `comparisons.id`.
    pub id: i64,
    /// Earlier comparisons of the same pair whose rows were replaced (0 or 1, rarely 2).
    pub replaced: u64,
}

/// One comparison, as column values for both back ends.
pub(crate) struct ComparisonRows<'a> {
    pub(crate) report: &'a CompareReport,
    pub(crate) a: &'a Source,
    pub(crate) b: &'a Source,
    pub(crate) version: &'a str,
    pub(crate) disagreements: Vec<FactPair<'a>>,
    pub(crate) matches: Vec<FactPair<'a>>,
}

/// A row of `disagreements` or `comparison_matches`.
pub(crate) struct FactPair<'a> {
    pub(crate) category: &'static str,
    pub(crate) fact_type: &'static str,
    /// `reason` of a disagreement, `note` of a match.
    pub(crate) note: Option<&'a str>,
    pub(crate) a: Option<FactCols<'a>>,
    pub(crate) b: Option<FactCols<'a>>,
}

/// The columns of one side of a fact pair.
pub(crate) struct FactCols<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) value: String,
}

impl<'a> FactCols<'a> {
    pub(crate) fn new(fact: &'a Fact) -> FactCols<'a> {
        let (start, end) = fact.range();
        FactCols {
            text: fact.text(),
            start,
            end,
            value: fact.canonical(),
        }
    }
}

impl<'a> ComparisonRows<'a> {
    pub(crate) fn new(
        report: &'a CompareReport,
        a: &'a Source,
        b: &'a Source,
        version: &'a str,
    ) -> ComparisonRows<'a> {
        let mut disagreements = Vec::with_capacity(report.disagreements());
        for m in &report.mismatched {
            disagreements.push(FactPair {
                category: "mismatched",
                fact_type: m.fact_type.name(),
                note: Some(&m.reason),
                a: Some(FactCols::new(&m.a)),
                b: Some(FactCols::new(&m.b)),
            });
        }
        for o in &report.only_in_a {
            disagreements.push(FactPair {
                category: "only_in_a",
                fact_type: o.fact_type.name(),
                note: None,
                a: Some(FactCols::new(&o.a)),
                b: None,
            });
        }
        for o in &report.only_in_b {
            disagreements.push(FactPair {
                category: "only_in_b",
                fact_type: o.fact_type.name(),
                note: None,
                a: None,
                b: Some(FactCols::new(&o.b)),
            });
        }
        let mut matches = Vec::with_capacity(report.matched.len() + report.tolerated.len());
        for m in &report.matched {
            matches.push(FactPair {
                category: "matched",
                fact_type: m.fact_type.name(),
                note: m.note.as_deref(),
                a: Some(FactCols::new(&m.a)),
                b: Some(FactCols::new(&m.b)),
            });
        }
        for t in &report.tolerated {
            matches.push(FactPair {
                category: "tolerated",
                fact_type: t.fact_type.name(),
                note: Some(&t.reason),
                a: t.a.as_ref().map(FactCols::new),
                b: t.b.as_ref().map(FactCols::new),
            });
        }
        ComparisonRows {
            report,
            a,
            b,
            version,
            disagreements,
            matches,
        }
    }

    /// The report as JSON, for the `report` column.
    pub(crate) fn json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self.report)
    }
}
