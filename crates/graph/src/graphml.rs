//! The GraphML form: every node and edge attribute declared as a `<key>`, text escaped for XML.

use std::fmt::Write as _;

use crate::{Graph, Node};

/// Node attributes: (key id, attribute name), in the order of [`node_values`].
const NODE_KEYS: [(&str, &str); 11] = [
    ("d_id", "id"),
    ("d_label", "label"),
    ("d_kind", "kind"),
    ("d_number", "number"),
    ("d_type", "type"),
    ("d_type_name", "type_name"),
    ("d_issued", "issued"),
    ("d_place", "place"),
    ("d_issuer", "issuer"),
    ("d_title", "title"),
    ("d_language", "language"),
];

/// A node's values of [`NODE_KEYS`].
fn node_values(n: &Node) -> [Option<&str>; 11] {
    [
        Some(n.id.as_str()),
        Some(label(n)),
        Some(n.kind.as_str()),
        n.number.as_deref(),
        n.doc_type.as_deref(),
        n.type_name.as_deref(),
        n.issued.as_deref(),
        n.place.as_deref(),
        n.issuer.as_deref(),
        n.title.as_deref(),
        n.language.as_deref(),
    ]
}

/// What a viewer shows: the own number where known, else the id.
fn label(node: &Node) -> &str {
    node.number.as_deref().unwrap_or(&node.id)
}

/// The graph as GraphML (UTF-8 XML): nodes `n0`, `n1` … and edges `e0` … in the graph's order,
/// each attribute a `<data>` element of a declared `<key>` (absent where the value is unknown).
pub fn to_graphml(graph: &Graph) -> String {
    let mut out = String::with_capacity(256 * (graph.nodes.len() + graph.edges.len()) + 2048);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, name) in NODE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"string\"/>"
        );
    }
    out.push_str(
        "  <key id=\"e_relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n\
         \x20 <key id=\"e_count\" for=\"edge\" attr.name=\"count\" attr.type=\"int\"/>\n\
         \x20 <key id=\"e_date\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n\
         \x20 <graph id=\"citations\" edgedefault=\"directed\">\n",
    );
    for (i, node) in graph.nodes.iter().enumerate() {
        let _ = writeln!(out, "    <node id=\"n{i}\">");
        for ((key, _), value) in NODE_KEYS.iter().zip(node_values(node)) {
            if let Some(v) = value {
                let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(v));
            }
        }
        out.push_str("    </node>\n");
    }
    for (i, edge) in graph.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\">\n      \
             <data key=\"e_relation\">{}</data>\n      <data key=\"e_count\">{}</data>",
            edge.source,
            edge.target,
            edge.relation.as_str(),
            edge.count
        );
        if let Some(date) = &edge.date {
            let _ = writeln!(out, "      <data key=\"e_date\">{}</data>", escape(date));
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// `s` as XML character data or an attribute value: markup characters as entities, and
/// characters XML 1.0 does not allow (controls other than tab and line ends) as U+FFFD.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cite, doc, own};
    use docfacts_types::{MetaText, Relation};

    #[test]
    fn escapes_markup_and_characters_xml_forbids() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\u{c}e\u{0}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\u{FFFD}e\u{FFFD}\n"
        );
    }

    #[test]
    fn declares_every_key_it_uses_and_points_edges_at_nodes() {
        let mut a = doc("a&b", &[cite("57-NQ/TW", Relation::Basis)]);
        own(&mut a, "31/BC-UBND");
        a.document.title = Some(MetaText {
            text: "<Báo cáo> \"A & B\"".to_owned(),
            start: 0,
            end: 1,
        });
        let xml = to_graphml(&Graph::of([&a]));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml "));
        assert!(xml.ends_with("</graph>\n</graphml>\n"));
        assert!(xml.contains("<data key=\"d_id\">a&amp;b</data>"));
        assert!(xml.contains("<data key=\"d_label\">31/BC-UBND</data>"));
        assert!(xml.contains("<data key=\"d_title\">&lt;Báo cáo&gt; &quot;A &amp; B&quot;</data>"));
        assert!(xml.contains("<edge id=\"e0\" source=\"n0\" target=\"n1\">"));
        assert!(xml.contains("<data key=\"e_relation\">basis</data>"));
        assert!(xml.contains("<data key=\"e_count\">1</data>"));
        // every data key is declared, with the domain it is used in
        for line in xml.lines() {
            if let Some(rest) = line.trim().strip_prefix("<data key=\"") {
                let key = rest.split('"').next().unwrap();
                let domain = if key.starts_with("e_") {
                    "edge"
                } else {
                    "node"
                };
                assert!(
                    xml.contains(&format!("<key id=\"{key}\" for=\"{domain}\"")),
                    "{key} undeclared"
                );
            }
        }
        // tags balance
        for tag in ["graphml", "graph", "node", "edge", "data"] {
            let open =
                xml.matches(&format!("<{tag} ")).count() + xml.matches(&format!("<{tag}>")).count();
            assert_eq!(open, xml.matches(&format!("</{tag}>")).count(), "{tag}");
        }
    }
}
