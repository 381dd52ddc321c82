//! Results of `docfacts compare` in the same databases: `comparisons`, `disagreements`,
//! `comparison_matches` (schema version 2, `sql/*/002_compare.sql`).

use docfacts_compare::{CompareReport, Fact};
use docfacts_types::Source;

use crate::{SinkError, Target};

/// Stores comparison reports: one transaction per pair. A pair compared again (same content of
/// both inputs, or same two paths, in the same order) has its earlier rows replaced.
///
/// ```
/// use docfacts_compare::{COMPARE_SCHEMA, CompareReport, Side};
/// use docfacts_sink::{ComparisonStore, Target};
/// use docfacts_types::{Lang, Source};
///
/// let side = |id: &str, language| Side { id: id.into(), language };
/// let report = CompareReport {
///     schema: COMPARE_SCHEMA.into(), a: side("r.en", Lang::En), b: side("r.vi", Lang::Vi),
///     agree: true, score: 1.0, matched: vec![], mismatched: vec![], only_in_a: vec![],
///     only_in_b: vec![], tolerated: vec![], document: Default::default(),
/// };
/// let source = |path: &str, sha: &str| Source {
///     path: path.into(), sha256: Some(sha.into()), ..Source::default()
/// };
/// let (a, b) = (source("r.en.txt", "aa"), source("r.vi.txt", "bb"));
///
/// let dir = tempfile::tempdir()?;
/// let mut store = ComparisonStore::open(&Target::Sqlite(dir.path().join("facts.db")))?;
/// assert_eq!(store.store(&report, &a, &b)?.replaced, 0);
/// // The same pair again replaces its rows.
/// assert_eq!(store.store(&report, &a, &b)?.replaced, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ComparisonStore {
    backend: Backend,
    version: String,
}

enum Backend {
    Sqlite(crate::sqlite::SqliteBackend),
    Postgres(crate::postgres::PgBackend),
}

impl std::fmt::Debug for ComparisonStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        };
        f.debug_struct("ComparisonStore")
            .field("backend", &kind)
            .field("version", &self.version)
            .finish()
    }
}

/// What storing one comparison did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredComparison {
    /// The new row's `comparisons.id`.
    pub id: i64,
    /// Earlier comparisons of the same pair whose rows were replaced (0 or 1, rarely 2).
    pub replaced: u64,
}

impl ComparisonStore {
    /// Opens the database, creating or migrating its schema when needed (as [`crate::Sink::open`]).
    ///
    /// # Errors
    /// When the database cannot be opened or reached, or its schema is newer than this docfacts.
    pub fn open(target: &Target) -> Result<ComparisonStore, SinkError> {
        let backend = match target {
            Target::Sqlite(path) => Backend::Sqlite(crate::sqlite::SqliteBackend::open(path)?),
            Target::Postgres(url) => {
                Backend::Postgres(crate::postgres::PgBackend::open(url, &target.display())?)
            }
        };
        Ok(ComparisonStore {
            backend,
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }

    /// Stores `report`, the comparison of the documents read from `a` and `b`, in one
    /// transaction, replacing any earlier comparison of the same pair.
    ///
    /// # Errors
    /// When the database refuses the rows ([`SinkError::is_data_rejection`]) or cannot be written.
    pub fn store(
        &mut self,
        report: &CompareReport,
        a: &Source,
        b: &Source,
    ) -> Result<StoredComparison, SinkError> {
        let rows = ComparisonRows::new(report, a, b, &self.version);
        match &mut self.backend {
            Backend::Sqlite(db) => db.store_comparison(&rows),
            Backend::Postgres(db) => db.store_comparison(&rows),
        }
    }
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
    fn new(fact: &'a Fact) -> FactCols<'a> {
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
    fn new(
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
