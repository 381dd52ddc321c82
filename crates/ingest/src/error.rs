use docfacts_types::{ErrorInfo, ErrorKind, Source};

/// Why an input could not become a document. Carries what is known of the source (size, hash).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct IngestError {
    kind: ErrorKind,
    message: String,
    source_info: Box<Source>,
}

impl IngestError {
    pub(crate) fn new(
        kind: ErrorKind,
        message: impl Into<String>,
        source_info: Source,
    ) -> IngestError {
        IngestError {
            kind,
            message: message.into(),
            source_info: Box::new(source_info),
        }
    }

    /// The stable kind written in the error record.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What is known of the input (path, size, hash) despite the failure.
    pub fn source_info(&self) -> &Source {
        &self.source_info
    }

    /// The `error` object of the record.
    pub fn to_info(&self) -> ErrorInfo {
        ErrorInfo {
            kind: self.kind,
            message: self.message.clone(),
        }
    }
}
