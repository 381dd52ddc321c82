use std::fmt;

/// Why a database could not be opened, migrated or written.
#[derive(Debug)]
pub struct SinkError {
    target: String,
    kind: Kind,
}

#[derive(Debug, thiserror::Error)]
enum Kind {
    #[error(transparent)]
    Sqlite(rusqlite::Error),
    #[error(transparent)]
    Postgres(postgres::Error),
    #[error(transparent)]
    Json(serde_json::Error),
    #[error("{0}")]
    Other(String),
}

impl SinkError {
    pub(crate) fn new(target: &str, kind: impl Into<KindSource>) -> SinkError {
        SinkError {
            target: target.to_owned(),
            kind: kind.into().0,
        }
    }

    pub(crate) fn message(target: &str, message: String) -> SinkError {
        SinkError {
            target: target.to_owned(),
            kind: Kind::Other(message),
        }
    }

    /// The database the error is about (a file path, or a URL without its password).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// True when the server rejected the data itself (a constraint, a value it cannot store),
    /// as opposed to a lost connection or an unusable database.
    pub fn is_data_rejection(&self) -> bool {
        match &self.kind {
            Kind::Postgres(e) => e.as_db_error().is_some(),
            Kind::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::ConstraintViolation | rusqlite::ErrorCode::TooBig
            ),
            Kind::Json(_) => true,
            _ => false,
        }
    }
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Postgres(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}: {}", self.target, db),
                None => write!(f, "{}: {}", self.target, e),
            },
            kind => write!(f, "{}: {}", self.target, kind),
        }
    }
}

// The message already includes the wrapped error's, so `source()` stays `None` to avoid printing
// it twice in `anyhow`'s `{:#}` chains.
impl std::error::Error for SinkError {}

/// Conversion helper so `SinkError::new` takes any of the wrapped library errors.
pub(crate) struct KindSource(Kind);

impl From<rusqlite::Error> for KindSource {
    fn from(e: rusqlite::Error) -> Self {
        KindSource(Kind::Sqlite(e))
    }
}

impl From<postgres::Error> for KindSource {
    fn from(e: postgres::Error) -> Self {
        KindSource(Kind::Postgres(e))
    }
}

impl From<serde_json::Error> for KindSource {
    fn from(e: serde_json::Error) -> Self {
        KindSource(Kind::Json(e))
    }
}
