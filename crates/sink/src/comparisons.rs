//! Results of `docfacts compare` in the same databases: `comparisons`, `disagreements`,
//! `comparison_matches` (schema version 2, `sql/*/002_compare.sql`).

use docfacts_types::Source;
use docfacts_types::compare_report::CompareReport;

use crate::SinkError;
use crate::comparison_rows::{ComparisonRows, StoredComparison};
use crate::target::Target;

/// Stores comparison reports: one transaction per pair. A pair compared again (same content of
/// both inputs, or same two paths, in the same order) has its earlier rows replaced.
///
/// ```
/// use docfacts_types::compare_report::{COMPARE_SCHEMA, CompareReport, Side};
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
    backend: Database,
    version: String,
}

enum Database {
    Sqlite(crate::sqlite::SqliteBackend),
    Postgres(crate::postgres::PgBackend),
}

impl std::fmt::Debug for ComparisonStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        };
        f.debug_struct("ComparisonStore")
            .field("backend", &kind)
            .field("version", &self.version)
            .finish()
    }
}

impl ComparisonStore {
    /// Opens the database, creating or migrating its schema when needed (as [`crate::Sink::open`]).
    ///
    /// # Errors
    /// When the database cannot be opened or reached, or its schema is newer than this docfacts.
    pub fn open(target: &Target) -> Result<ComparisonStore, SinkError> {
        let backend = match target {
            Target::Sqlite(path) => Database::Sqlite(crate::sqlite::SqliteBackend::open(path)?),
            Target::Postgres(url) => {
                Database::Postgres(crate::postgres::PgBackend::open(url, &target.display())?)
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
            Database::Sqlite(db) => db.store_comparison(&rows),
            Database::Postgres(db) => db.store_comparison(&rows),
        }
    }
}
