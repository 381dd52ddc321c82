//! The Graphviz DOT form: documents as boxes, external documents as ellipses, edges labelled by
//! relation, each relation with a colour and line style of its own.

use std::fmt::Write as _;

use docfacts_types::Relation;

use crate::{Graph, Node, NodeKind};

/// Characters of a title shown in a document's box (the whole title is its tooltip).
const TITLE_CHARS: usize = 48;

/// The colour and line style of a relation's edges (each pair is distinct).
pub fn relation_style(relation: Relation) -> (&'static str, &'static str) {
    match relation {
        Relation::Basis => ("#1f5fbf", "bold"),
        Relation::Implements => ("#2e8b57", "solid"),
        Relation::Amends => ("#d2691e", "dashed"),
        Relation::Replaces => ("#8b008b", "bold,dashed"),
        Relation::Repeals => ("#b22222", "dotted"),
        Relation::Own => ("#999999", "dotted,bold"),
        Relation::Cites => ("#777777", "solid"),
    }
}

/// The graph in Graphviz DOT: `digraph citations`, one statement a line, every id and label a
/// quoted, escaped string; nodes and edges in the graph's order. Each node and edge has a `class`
/// (`document`/`external`; the relation), which the SVG keeps.
pub fn to_dot(graph: &Graph) -> String {
    let mut out = String::with_capacity(160 * (graph.nodes.len() + graph.edges.len()) + 512);
    out.push_str(
        "digraph citations {\n  \
         graph [rankdir=LR, fontname=\"Helvetica,Arial,sans-serif\", nodesep=0.12, ranksep=1.5];\n  \
         node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=10];\n  \
         edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=9, arrowsize=0.7];\n",
    );
    for node in &graph.nodes {
        let style = match node.kind {
            NodeKind::Document => {
                "shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fb\", color=\"#3b6db3\""
            }
            NodeKind::External => {
                "shape=ellipse, style=filled, fillcolor=\"#f4f4f4\", color=\"#888888\", \
                 fontsize=9, height=0.3"
            }
        };
        let _ = writeln!(
            out,
            "  {} [class=\"{}\", {style}, label={}, tooltip={}];",
            quote(&node.id),
            node.kind.as_str(),
            label(&node_lines(node)),
            quote(&tooltip(node)),
        );
    }
    for edge in &graph.edges {
        let (Some(source), Some(target)) = (graph.node(edge.source), graph.node(edge.target))
        else {
            continue;
        };
        let relation = edge.relation.as_str();
        let (color, style) = relation_style(edge.relation);
        let mut tip = format!("{} → {}: {relation}", source.id, target.id);
        if edge.count > 1 {
            let _ = write!(tip, " ×{}", edge.count);
        }
        if let Some(date) = &edge.date {
            let _ = write!(tip, " (dated {date})");
        }
        let _ = writeln!(
            out,
            "  {} -> {} [class=\"{relation}\", label=\"{relation}\", color=\"{color}\", \
             fontcolor=\"{color}\", style=\"{style}\", penwidth={}, tooltip={}];",
            quote(&source.id),
            quote(&target.id),
            penwidth(edge.count),
            quote(&tip),
        );
    }
    out.push_str("}\n");
    out
}

/// Thicker for a citation repeated: 1 for one, up to 3.
fn penwidth(count: usize) -> String {
    let extra = count.saturating_sub(1).min(4);
    format!("{}", 1.0 + 0.5 * extra as f64)
}

/// The lines shown in a node: a document's id and language, type and own number, date of issue
/// and (the start of) its title; an external document's number and type, on one line.
fn node_lines(node: &Node) -> Vec<String> {
    let first = match (node.kind, &node.language) {
        (NodeKind::Document, Some(language)) => format!("{} ({language})", node.id),
        _ => node.id.clone(),
    };
    let mut lines = vec![first];
    let kind = node.type_name.as_deref().or(node.doc_type.as_deref());
    match node.kind {
        NodeKind::Document => {
            match (kind, node.number.as_deref()) {
                (Some(k), Some(n)) => lines.push(format!("{k} {n}")),
                (Some(x), None) | (None, Some(x)) => lines.push(x.to_owned()),
                (None, None) => {}
            }
            if let Some(issued) = &node.issued {
                lines.push(issued.clone());
            }
            if let Some(title) = &node.title {
                lines.push(shorten(title, TITLE_CHARS));
            }
        }
        NodeKind::External => {
            // one line, so that the many cited documents stack closely
            let mut line = node.number.clone().unwrap_or_else(|| node.id.clone());
            if let Some(k) = kind {
                line = format!("{line} ({k})");
            }
            lines = vec![line];
        }
    }
    lines
}

/// The hover text: the whole title (a document), else the label's lines.
fn tooltip(node: &Node) -> String {
    match &node.title {
        Some(title) => format!("{}: {}", node.id, one_line(title)),
        None => node_lines(node).join(" · "),
    }
}

/// Whitespace runs (line breaks included) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` on one line, cut to `max` characters with `…`.
fn shorten(s: &str, max: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max {
        return s;
    }
    let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// A DOT label of several lines: each escaped, joined by `\n` (centred lines).
fn label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    format!("\"{}\"", escaped.join("\\n"))
}

/// `s` as a quoted DOT string.
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", escape(s))
}

/// `s` for the inside of a quoted DOT string: `"` and `\` escaped (so that Graphviz's label
/// escapes such as `\N` cannot appear), line breaks as `\n`, other control characters as spaces.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cite, doc, own};
    use docfacts_types::MetaText;

    #[test]
    fn escapes_quotes_backslashes_and_line_breaks() {
        assert_eq!(quote(r#"a "b" \N c"#), r#""a \"b\" \\N c""#);
        assert_eq!(quote("x\r\ny\u{c}z"), "\"x\\ny z\"");
    }

    #[test]
    fn shortens_titles_on_one_line() {
        assert_eq!(shorten("Kết  quả\nthực hiện", 48), "Kết quả thực hiện");
        assert_eq!(shorten("abcdef ghij", 8), "abcdef…");
        assert_eq!(shorten("abcdefgh", 8), "abcdefgh");
    }

    #[test]
    fn shapes_documents_and_external_nodes_apart_and_labels_edges_by_relation() {
        let mut a = doc(
            "a\"1",
            &[
                cite("57-NQ/TW", Relation::Implements),
                cite("03/NQ-CP", Relation::Basis),
                cite("03/NQ-CP", Relation::Basis),
            ],
        );
        own(&mut a, "31/BC-UBND");
        a.document.type_name = Some("report".to_owned());
        a.document.title = Some(MetaText {
            text: "Báo cáo \\ kết quả".to_owned(),
            start: 0,
            end: 1,
        });
        let dot = to_dot(&Graph::of([&a]));
        assert!(dot.starts_with("digraph citations {\n"));
        assert!(dot.ends_with("}\n"));
        assert!(
            dot.contains("  \"a\\\"1\" [class=\"document\", shape=box, style=\"rounded,filled\"")
        );
        assert!(dot.contains("label=\"a\\\"1 (vi)\\nreport 31/BC-UBND\\nBáo cáo \\\\ kết quả\""));
        assert!(dot.contains("  \"57-NQ/TW\" [class=\"external\", shape=ellipse"));
        assert!(dot.contains("label=\"57-NQ/TW (resolution)\""));
        assert!(dot.contains(
            "  \"a\\\"1\" -> \"57-NQ/TW\" [class=\"implements\", label=\"implements\", color=\"#2e8b57\""
        ));
        assert!(dot.contains(
            "  \"a\\\"1\" -> \"03/NQ-CP\" [class=\"basis\", label=\"basis\", color=\"#1f5fbf\", \
             fontcolor=\"#1f5fbf\", style=\"bold\", penwidth=1.5"
        ));
        assert_eq!(dot.matches(" -> ").count(), 2);
    }

    #[test]
    fn every_relation_has_a_style_of_its_own() {
        let styles: std::collections::HashSet<_> =
            Relation::ALL.into_iter().map(relation_style).collect();
        assert_eq!(styles.len(), Relation::ALL.len());
    }
}
