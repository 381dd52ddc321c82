//! The graph itself and how it is built from records: documents, the documents they cite, and
//! one edge per (citing document, cited document, relation).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use docfacts_types::{Record, Relation};
use serde::Serialize;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A document of the set (an `ok` record).
    Document,
    /// A document the set cites and does not hold (no document of the set has its number as
    /// its own).
    External,
}

impl NodeKind {
    /// The kind as written in every format (`document`, `external`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Document => "document",
            NodeKind::External => "external",
        }
    }
}

/// A node: a document of the set, or a cited document outside it. Fields the record does not
/// state are `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Unique in the graph: a document's record id; an external node's cited id (with `ref:`
    /// before it in the rare case that it equals a record id of the set).
    pub id: String,
    /// Document or external.
    pub kind: NodeKind,
    /// The document number (canonical id): a document's own (`document.number.id`); for an
    /// external node, the cited id.
    pub number: Option<String>,
    /// The type code (`BC`, `NQ`, `QĐ` …): a document's `document.type`; for an external node,
    /// the type of its first citation.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The type in English (`report`, `resolution` …).
    pub type_name: Option<String>,
    /// The date of issue, ISO 8601 (documents only).
    pub issued: Option<String>,
    /// The place of issue as printed (documents only).
    pub place: Option<String>,
    /// The issuing body as printed (documents only).
    pub issuer: Option<String>,
    /// The title as printed (documents only).
    pub title: Option<String>,
    /// The language code (`vi`, `en`, `fa`, `und`; documents only).
    pub language: Option<String>,
}

/// An edge: a document cites another in one relation, once or more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The citing document: an index into [`Graph::nodes`].
    pub source: usize,
    /// The cited document: an index into [`Graph::nodes`].
    pub target: usize,
    /// How the citing document relates to the cited one (never [`Relation::Own`]).
    pub relation: Relation,
    /// How many citations of the same id with this relation the citing document makes.
    pub count: usize,
    /// The cited document's own date (ISO 8601), from the first of these citations that states it.
    pub date: Option<String>,
}

/// The citation graph of a set of records, in a deterministic order: documents in input order,
/// then external nodes in order of first citation; edges by citing document, then first citation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Documents, then external nodes.
    pub nodes: Vec<Node>,
    /// Citations, one per (citing document, cited node, relation).
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The graph of `records` (see [`GraphBuilder::add`] for what is left out).
    pub fn of<'r>(records: impl IntoIterator<Item = &'r Record>) -> Graph {
        let mut builder = GraphBuilder::new();
        for record in records {
            builder.add(record);
        }
        builder.build()
    }

    /// The node an edge end points at.
    pub fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The number of document nodes (they come first in [`Graph::nodes`]).
    pub fn documents(&self) -> usize {
        self.nodes
            .iter()
            .take_while(|n| n.kind == NodeKind::Document)
            .count()
    }
}

/// One citation, as much of a doc_ref as the graph keeps.
#[derive(Debug)]
struct Citation {
    id: String,
    doc_type: String,
    type_name: String,
    relation: Relation,
    date: Option<String>,
}

/// A document added to the builder: its node and its citations.
#[derive(Debug)]
struct Added {
    node: Node,
    citations: Vec<Citation>,
}

/// Collects records one at a time (keeping only what the graph needs of each), then builds the
/// graph: a cited id resolves to a document of the set only once every document is known.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    added: Vec<Added>,
    ids: HashSet<String>,
    left_out: usize,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    /// Adds a record: an `ok` record becomes a document node with its citations. An error record,
    /// a duplicate (`duplicate_of`: the same content as an earlier document, which is its node),
    /// or a record whose id an earlier one has, is left out; the return value says whether the
    /// record was taken. A citation of the document's own number (relation `self`, or the same
    /// id) is not an edge.
    pub fn add(&mut self, record: &Record) -> bool {
        if !record.is_ok() || record.duplicate_of.is_some() || self.ids.contains(&record.id) {
            self.left_out += 1;
            return false;
        }
        self.ids.insert(record.id.clone());
        let meta = &record.document;
        let own = meta.number.as_ref().map(|n| n.id.as_str());
        let citations = record
            .doc_refs
            .iter()
            .filter(|r| r.relation != Relation::Own && Some(r.id.as_str()) != own)
            .map(|r| Citation {
                id: r.id.clone(),
                doc_type: r.doc_type.clone(),
                type_name: r.type_name.clone(),
                relation: r.relation,
                date: r.date.as_ref().map(|d| d.iso.clone()),
            })
            .collect();
        let text = |t: &Option<docfacts_types::MetaText>| t.as_ref().map(|t| t.text.clone());
        self.added.push(Added {
            node: Node {
                id: record.id.clone(),
                kind: NodeKind::Document,
                number: own.map(str::to_owned),
                doc_type: meta.doc_type.clone(),
                type_name: meta.type_name.clone(),
                issued: meta.issued.as_ref().map(|d| d.iso.clone()),
                place: text(&meta.place),
                issuer: text(&meta.issuer),
                title: text(&meta.title),
                language: Some(record.language.code.code().to_owned()),
            },
            citations,
        });
        true
    }

    /// Records left out so far (errors, duplicates, repeated ids).
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    /// The graph of the records added.
    pub fn build(self) -> Graph {
        let mut nodes: Vec<Node> = Vec::with_capacity(self.added.len());
        let mut all_citations = Vec::with_capacity(self.added.len());
        for added in self.added {
            nodes.push(added.node);
            all_citations.push(added.citations);
        }
        // A cited id resolves to the first document (in input order) whose own number it is.
        let mut by_number: HashMap<String, usize> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if let Some(number) = &node.number {
                by_number.entry(number.clone()).or_insert(i);
            }
        }
        let mut taken: HashSet<String> = nodes.iter().map(|n| n.id.clone()).collect();
        let mut external: HashMap<String, usize> = HashMap::new();
        let mut edge_at: HashMap<(usize, usize, Relation), usize> = HashMap::new();
        let mut edges: Vec<Edge> = Vec::new();
        for (source, citations) in all_citations.into_iter().enumerate() {
            for c in citations {
                let target = match by_number.get(&c.id) {
                    Some(&doc) => doc,
                    None => match external.entry(c.id.clone()) {
                        Entry::Occupied(e) => *e.get(),
                        Entry::Vacant(e) => {
                            let mut id = c.id.clone();
                            while taken.contains(&id) {
                                id.insert_str(0, "ref:");
                            }
                            taken.insert(id.clone());
                            nodes.push(Node {
                                id,
                                kind: NodeKind::External,
                                number: Some(c.id.clone()),
                                doc_type: Some(c.doc_type.clone()),
                                type_name: Some(c.type_name.clone()),
                                issued: None,
                                place: None,
                                issuer: None,
                                title: None,
                                language: None,
                            });
                            *e.insert(nodes.len() - 1)
                        }
                    },
                };
                if target == source {
                    continue;
                }
                match edge_at.entry((source, target, c.relation)) {
                    Entry::Occupied(e) => {
                        if let Some(edge) = edges.get_mut(*e.get()) {
                            edge.count += 1;
                            if edge.date.is_none() {
                                edge.date = c.date;
                            }
                        }
                    }
                    Entry::Vacant(e) => {
                        e.insert(edges.len());
                        edges.push(Edge {
                            source,
                            target,
                            relation: c.relation,
                            count: 1,
                            date: c.date,
                        });
                    }
                }
            }
        }
        Graph { nodes, edges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cite, doc, own};

    #[test]
    fn documents_then_external_nodes_in_order_of_first_citation() {
        let a = doc(
            "a",
            &[
                cite("57-NQ/TW", Relation::Implements),
                cite("03/NQ-CP", Relation::Basis),
            ],
        );
        let b = doc(
            "b",
            &[
                cite("01/KH-UBND", Relation::Cites),
                cite("57-NQ/TW", Relation::Cites),
            ],
        );
        let g = Graph::of([&a, &b]);
        let ids: Vec<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "57-NQ/TW", "03/NQ-CP", "01/KH-UBND"]);
        assert_eq!(g.documents(), 2);
        let kinds: Vec<NodeKind> = g.nodes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds[..2], [NodeKind::Document; 2]);
        assert_eq!(kinds[2..], [NodeKind::External; 3]);
        let external = &g.nodes[2];
        assert_eq!(external.number.as_deref(), Some("57-NQ/TW"));
        assert_eq!(external.doc_type.as_deref(), Some("NQ"));
        assert_eq!(external.type_name.as_deref(), Some("resolution"));
        let edges: Vec<(usize, usize, &str)> = g
            .edges
            .iter()
            .map(|e| (e.source, e.target, e.relation.as_str()))
            .collect();
        assert_eq!(
            edges,
            [
                (0, 2, "implements"),
                (0, 3, "basis"),
                (1, 4, "cites"),
                (1, 2, "cites")
            ]
        );
    }

    #[test]
    fn repeated_citations_are_one_edge_per_relation_with_a_count_and_the_first_stated_date() {
        let mut c1 = cite("03/NQ-CP", Relation::Basis);
        let mut c2 = cite("03/NQ-CP", Relation::Basis);
        let c3 = cite("03/NQ-CP", Relation::Cites);
        let c4 = cite("03/NQ-CP", Relation::Basis);
        c1.date = None;
        c2.date = Some(docfacts_types::CitedDate {
            iso: "2025-01-09".to_owned(),
            start: 0,
            end: 10,
        });
        let g = Graph::of([&doc("a", &[c1, c2, c3, c4])]);
        assert_eq!(g.nodes.len(), 2);
        assert_eq!(g.edges.len(), 2);
        assert_eq!(g.edges[0].relation, Relation::Basis);
        assert_eq!(g.edges[0].count, 3);
        assert_eq!(g.edges[0].date.as_deref(), Some("2025-01-09"));
        assert_eq!(g.edges[1].relation, Relation::Cites);
        assert_eq!((g.edges[1].count, g.edges[1].date.as_deref()), (1, None));
    }

    #[test]
    fn a_cited_own_number_resolves_to_its_document_and_self_citations_are_not_edges() {
        // b, later in the input, is the document a implements: resolution waits for every document
        let mut a = doc(
            "a",
            &[
                cite("31/BC-UBND", Relation::Own),
                cite("12/KH-UBND", Relation::Implements),
            ],
        );
        own(&mut a, "31/BC-UBND");
        // a mention of the own number without relation `self` is not an edge either
        let mut b = doc(
            "b",
            &[
                cite("12/KH-UBND", Relation::Own),
                cite("12/KH-UBND", Relation::Cites),
                cite("31/BC-UBND", Relation::Cites),
            ],
        );
        own(&mut b, "12/KH-UBND");
        let g = Graph::of([&a, &b]);
        assert_eq!(g.nodes.len(), 2, "{:?}", g.nodes);
        assert_eq!(g.nodes[0].number.as_deref(), Some("31/BC-UBND"));
        let edges: Vec<(usize, usize, &str)> = g
            .edges
            .iter()
            .map(|e| (e.source, e.target, e.relation.as_str()))
            .collect();
        assert_eq!(edges, [(0, 1, "implements"), (1, 0, "cites")]);
    }

    #[test]
    fn two_documents_with_one_number_take_citations_at_the_first() {
        let mut vi = doc("r.vi", &[]);
        own(&mut vi, "31/BC-UBND");
        let mut en = doc("r.en", &[]);
        own(&mut en, "31/BC-UBND");
        let c = doc("c", &[cite("31/BC-UBND", Relation::Basis)]);
        let g = Graph::of([&vi, &en, &c]);
        assert_eq!(g.nodes.len(), 3);
        assert_eq!((g.edges[0].source, g.edges[0].target), (2, 0));
    }

    #[test]
    fn error_records_duplicates_and_repeated_ids_are_left_out() {
        let bad = Record::error(
            "bad".to_owned(),
            docfacts_types::Source::default(),
            docfacts_types::ErrorInfo {
                kind: docfacts_types::ErrorKind::Empty,
                message: "empty".to_owned(),
            },
        );
        let mut builder = GraphBuilder::new();
        assert!(!builder.add(&bad));
        assert!(builder.add(&doc("a", &[cite("1/QĐ-TTg", Relation::Cites)])));
        assert!(!builder.add(&doc("a", &[cite("2/QĐ-TTg", Relation::Cites)])));
        let mut copy = doc("a-copy", &[]);
        copy.duplicate_of = Some("a".to_owned());
        assert!(!builder.add(&copy));
        assert_eq!(builder.left_out(), 3);
        let g = builder.build();
        assert_eq!(g.nodes.len(), 2);
        assert_eq!(g.nodes[1].id, "1/QĐ-TTg");
    }

    #[test]
    fn an_external_id_equal_to_a_record_id_is_kept_apart() {
        let a = doc("a", &[cite("b", Relation::Cites)]);
        let b = doc("b", &[]);
        let g = Graph::of([&a, &b]);
        assert_eq!(g.nodes[2].id, "ref:b");
        assert_eq!(g.nodes[2].number.as_deref(), Some("b"));
        assert_eq!(g.edges[0].target, 2);
    }

    #[test]
    fn document_metadata_fills_the_node() {
        let mut a = doc("a", &[]);
        own(&mut a, "31/SKHCN-KHTC");
        a.document.doc_type = Some("BC".to_owned());
        a.document.type_name = Some("report".to_owned());
        a.document.issued = Some(docfacts_types::MetaDate {
            text: "08 tháng 3 năm 2025".to_owned(),
            start: 100,
            end: 120,
            iso: "2025-03-08".to_owned(),
        });
        let text = |t: &str| {
            Some(docfacts_types::MetaText {
                text: t.to_owned(),
                start: 0,
                end: t.len(),
            })
        };
        a.document.title = text("Kết quả thực hiện");
        a.document.issuer = text("SỞ KHOA HỌC VÀ CÔNG NGHỆ");
        a.document.place = text("An Giang");
        let g = Graph::of([&a]);
        let n = &g.nodes[0];
        assert_eq!(n.doc_type.as_deref(), Some("BC"));
        assert_eq!(n.issued.as_deref(), Some("2025-03-08"));
        assert_eq!(n.title.as_deref(), Some("Kết quả thực hiện"));
        assert_eq!(n.issuer.as_deref(), Some("SỞ KHOA HỌC VÀ CÔNG NGHỆ"));
        assert_eq!(n.place.as_deref(), Some("An Giang"));
        assert_eq!(n.language.as_deref(), Some("vi"));
    }
}
