//! The citation graph of a set of documents: which document cites which, and how (contract
//! `docfacts-graph/1`, see `docs/graph.md`).
//!
//! Built from docfacts records ([`Graph::of`], or a [`GraphBuilder`] fed one record at a time):
//! one node per `ok` document, with what its header states (own number, type, date of issue,
//! place, issuer, title) and its language; one node per cited id that no document of the set has
//! as its own number ("external", with the id and type); one edge per (citing document, cited
//! document, relation), with the number of such citations and the cited date where one states
//! it. A cited id equal to a document's own number is that document. Written as JSON, GraphML,
//! Graphviz DOT, or SVG through Graphviz's `dot` when it is installed.
//!
//! ```
//! use docfacts_graph::{Format, Graph, render};
//! # fn record(json: &str) -> docfacts_types::Record { serde_json::from_str(json).unwrap() }
//! let report = record(r#"{"schema": "docfacts/1", "id": "report",
//!   "source": {"path": "report.txt", "format": "text", "encoding": "utf-8", "bytes": 40,
//!              "sha256": null, "pages": null},
//!   "status": "ok", "error": null, "language": {"code": "vi", "variant": null, "confidence": 1.0},
//!   "dates": [], "figures": [],
//!   "doc_refs": [{"text": "57-NQ/TW", "start": 20, "end": 28, "id": "57-NQ/TW", "number": "57",
//!                 "year": null, "type": "NQ", "type_name": "resolution", "issuer": "TW",
//!                 "repaired": false, "relation": "implements", "date": null}]}"#);
//! let graph = Graph::of([&report]);
//! assert_eq!(graph.nodes.len(), 2); // the report, and the resolution it implements
//! let dot = String::from_utf8(render(&graph, Format::Dot)?)?;
//! assert!(dot.contains(r#""report" -> "57-NQ/TW" [class="implements", label="implements""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod dot;
mod error;
mod graph;
mod graphml;
mod json;
mod svg;
#[cfg(test)]
mod testing;

pub use crate::dot::{relation_style, to_dot};
pub use crate::error::GraphError;
pub use crate::graph::{Edge, Graph, GraphBuilder, Node, NodeKind};
pub use crate::graphml::to_graphml;
pub use crate::json::{GRAPH_SCHEMA, to_json};
pub use crate::svg::{dot_to_svg, graphviz_dot};

/// An output format of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `docfacts-graph/1` JSON ([`to_json`]).
    Json,
    /// GraphML ([`to_graphml`]).
    Graphml,
    /// Graphviz DOT ([`to_dot`]).
    Dot,
    /// SVG, DOT rendered by Graphviz ([`dot_to_svg`]).
    Svg,
}

/// The graph in `format`, as bytes to write.
///
/// # Errors
/// For SVG, when Graphviz is missing or fails ([`GraphError`]).
pub fn render(graph: &Graph, format: Format) -> Result<Vec<u8>, GraphError> {
    match format {
        Format::Json => to_json(graph),
        Format::Graphml => Ok(to_graphml(graph).into_bytes()),
        Format::Dot => Ok(to_dot(graph).into_bytes()),
        Format::Svg => dot_to_svg(&to_dot(graph)),
    }
}
