//! Why a graph could not be written.

/// Why a graph could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// `--format svg` needs Graphviz's `dot`, which is not on `PATH`.
    #[error(
        "Graphviz is not installed (no `dot` on PATH), and --format svg needs it: install it \
         (Debian/Ubuntu: apt-get install graphviz), or write --format dot, which needs no \
         Graphviz, and render that elsewhere"
    )]
    NoGraphviz,
    /// `dot` ran and failed.
    #[error("Graphviz `dot -Tsvg` failed ({status}): {message}")]
    Graphviz {
        /// Its exit status.
        status: String,
        /// What it wrote on stderr.
        message: String,
    },
    /// `dot` could not be started or fed.
    #[error("cannot run Graphviz `dot`: {0}")]
    Io(#[from] std::io::Error),
    /// The JSON could not be written.
    #[error("cannot write the graph as JSON: {0}")]
    Json(#[from] serde_json::Error),
}
