//! The JSON form (`docfacts-graph/1`, see `docs/graph.md`).

use serde::Serialize;

use crate::{Graph, GraphError, Node};

/// The value of the `schema` field of the JSON form.
pub const GRAPH_SCHEMA: &str = "docfacts-graph/1";

#[derive(Serialize)]
struct JsonGraph<'g> {
    schema: &'static str,
    nodes: &'g [Node],
    edges: Vec<JsonEdge<'g>>,
}

#[derive(Serialize)]
struct JsonEdge<'g> {
    source: &'g str,
    target: &'g str,
    relation: &'static str,
    count: usize,
    date: Option<&'g str>,
}

/// The graph as indented JSON: `schema`, `nodes` (as [`Node`] serializes), `edges` with the
/// `source` and `target` node ids, `relation`, `count` and cited `date`; a newline at the end.
///
/// # Errors
/// Only if serialization fails, which these types do not.
pub fn to_json(graph: &Graph) -> Result<Vec<u8>, GraphError> {
    let id = |i: usize| graph.node(i).map_or("", |n| n.id.as_str());
    let json = JsonGraph {
        schema: GRAPH_SCHEMA,
        nodes: &graph.nodes,
        edges: graph
            .edges
            .iter()
            .map(|e| JsonEdge {
                source: id(e.source),
                target: id(e.target),
                relation: e.relation.as_str(),
                count: e.count,
                date: e.date.as_deref(),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&json)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cite, doc};
    use docfacts_types::Relation;

    #[test]
    fn edges_name_their_nodes_by_id() {
        let g = Graph::of([&doc("a", &[cite("57-NQ/TW", Relation::Implements)])]);
        let v: serde_json::Value = serde_json::from_slice(&to_json(&g).unwrap()).unwrap();
        assert_eq!(v["schema"], "docfacts-graph/1");
        assert_eq!(v["nodes"][0]["id"], "a");
        assert_eq!(v["nodes"][0]["kind"], "document");
        assert_eq!(v["nodes"][0]["language"], "vi");
        assert!(v["nodes"][0]["number"].is_null());
        assert_eq!(v["nodes"][1]["kind"], "external");
        assert_eq!(v["nodes"][1]["type"], "NQ");
        assert_eq!(
            v["edges"][0],
            serde_json::json!({"source": "a", "target": "57-NQ/TW", "relation": "implements",
                               "count": 1, "date": null})
        );
    }
}
