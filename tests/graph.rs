//! `docfacts graph`: the citation graph of the corpus in every format and from every source
//! (documents, `--records`, `--db`) agrees with what `docfacts extract` records say.
//!
//! The SVG test needs Graphviz's `dot` (`.ci/setup.d/60-graphviz.sh` installs it); without it it
//! prints "skipped: …" and passes, except under `CI=true`, where it fails.

use std::collections::{BTreeSet, HashMap};
use std::process::Output;

use serde_json::Value;

use crate::cli::{corpus, docfacts, records};

fn graph(args: &[&str]) -> Output {
    let out = docfacts().arg("graph").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "graph {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn corpus_arg() -> String {
    corpus().display().to_string()
}

/// What the graph of `records` must be, computed from the records as the contract states them:
/// (document ids, external ids, distinct edges (document, cited node, relation)).
type Expected = (
    Vec<String>,
    BTreeSet<String>,
    BTreeSet<(String, String, String)>,
);

fn expected(records: &[Value]) -> Expected {
    let docs: Vec<&Value> = records
        .iter()
        .filter(|r| r["status"] == "ok" && r["duplicate_of"].is_null())
        .collect();
    let mut by_number: HashMap<&str, &str> = HashMap::new();
    for d in &docs {
        if let Some(n) = d["document"]["number"]["id"].as_str() {
            by_number.entry(n).or_insert(d["id"].as_str().unwrap());
        }
    }
    let ids: Vec<String> = docs
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let mut external = BTreeSet::new();
    let mut edges = BTreeSet::new();
    for d in &docs {
        let source = d["id"].as_str().unwrap();
        let own = d["document"]["number"]["id"].as_str();
        for r in d["doc_refs"].as_array().unwrap() {
            let (id, relation) = (r["id"].as_str().unwrap(), r["relation"].as_str().unwrap());
            if relation == "self" || Some(id) == own {
                continue;
            }
            let target = match by_number.get(id) {
                Some(doc) => (*doc).to_owned(),
                None => {
                    external.insert(id.to_owned());
                    id.to_owned()
                }
            };
            edges.insert((source.to_owned(), target, relation.to_owned()));
        }
    }
    (ids, external, edges)
}

// ---------------------------------------------------------------------------------------------
// A DOT reader: enough of the language to check the output's structure.

#[derive(Debug, PartialEq)]
enum Token {
    Id(String),
    Punct(&'static str),
}

fn tokens(dot: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = dot.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next().expect("unterminated string") {
                    '"' => break,
                    '\\' => match chars.next().expect("unterminated escape") {
                        '"' => s.push('"'),
                        '\\' => s.push('\\'),
                        'n' => s.push('\n'),
                        other => panic!("unexpected escape \\{other} in {s:?}"),
                    },
                    '\n' => panic!("raw line break in string {s:?}"),
                    c => s.push(c),
                }
            }
            out.push(Token::Id(s));
        } else if c == '-' && {
            let mut ahead = chars.clone();
            ahead.next();
            ahead.peek() == Some(&'>')
        } {
            chars.next();
            chars.next();
            out.push(Token::Punct("->"));
        } else if let Some(p) = ["{", "}", "[", "]", ";", ",", "="]
            .into_iter()
            .find(|p| p.starts_with(c))
        {
            chars.next();
            out.push(Token::Punct(p));
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' || c == '.' || c == '#' {
                    s.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            assert!(!s.is_empty(), "unexpected character {c:?}");
            out.push(Token::Id(s));
        }
    }
    out
}

/// A parsed `digraph`: declared nodes (id → attributes) and edges (source, target, attributes).
#[derive(Debug, Default)]
struct Dot {
    nodes: Vec<(String, HashMap<String, String>)>,
    edges: Vec<(String, String, HashMap<String, String>)>,
}

fn parse_dot(text: &str) -> Dot {
    let toks = tokens(text);
    let mut i = 0;
    let id = |i: &mut usize| -> String {
        match toks.get(*i) {
            Some(Token::Id(s)) => {
                *i += 1;
                s.clone()
            }
            t => panic!("expected an id at token {i}, found {t:?}"),
        }
    };
    let punct = |i: &mut usize, p: &'static str| {
        assert_eq!(toks.get(*i), Some(&Token::Punct(p)), "at token {i}");
        *i += 1;
    };
    let attrs = |i: &mut usize| -> HashMap<String, String> {
        let mut map = HashMap::new();
        punct(i, "[");
        loop {
            if toks.get(*i) == Some(&Token::Punct("]")) {
                *i += 1;
                break;
            }
            let key = id(i);
            punct(i, "=");
            let value = id(i);
            assert!(map.insert(key.clone(), value).is_none(), "{key} twice");
            if toks.get(*i) == Some(&Token::Punct(",")) {
                *i += 1;
            }
        }
        map
    };
    assert_eq!(id(&mut i), "digraph");
    let _name = id(&mut i);
    punct(&mut i, "{");
    let mut dot = Dot::default();
    while toks.get(i) != Some(&Token::Punct("}")) {
        let first = id(&mut i);
        if toks.get(i) == Some(&Token::Punct("->")) {
            i += 1;
            let second = id(&mut i);
            let a = attrs(&mut i);
            dot.edges.push((first, second, a));
        } else {
            let a = attrs(&mut i);
            if !["graph", "node", "edge"].contains(&first.as_str()) {
                dot.nodes.push((first, a));
            }
        }
        punct(&mut i, ";");
    }
    i += 1;
    assert_eq!(i, toks.len(), "text after the graph");
    dot
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_corpus_graph_in_dot_has_a_node_per_document_and_cited_id_and_an_edge_per_relation() {
    let extracted = docfacts()
        .args(["extract", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    let (docs, external, edges) = expected(&records(&extracted));
    assert_eq!(docs.len(), 5);

    let out = graph(&["--quiet", "--format", "dot", &corpus_arg()]);
    let dot = parse_dot(std::str::from_utf8(&out.stdout).unwrap());

    // every node once, documents boxed and external documents not
    let declared: Vec<&str> = dot.nodes.iter().map(|(id, _)| id.as_str()).collect();
    let unique: BTreeSet<&str> = declared.iter().copied().collect();
    assert_eq!(unique.len(), declared.len(), "a node declared twice");
    let of_class = |class: &str| -> Vec<String> {
        dot.nodes
            .iter()
            .filter(|(_, a)| a["class"] == class)
            .map(|(id, _)| id.clone())
            .collect()
    };
    assert_eq!(of_class("document"), docs);
    assert_eq!(
        of_class("external").into_iter().collect::<BTreeSet<_>>(),
        external
    );
    assert_eq!(docs.len() + external.len(), dot.nodes.len());
    for (id, a) in &dot.nodes {
        let shape = if a["class"] == "document" {
            "box"
        } else {
            "ellipse"
        };
        assert_eq!(a["shape"], shape, "{id}");
        assert!(a.contains_key("label"), "{id} has no label");
    }

    // every edge between declared nodes, labelled by its relation, once per relation
    let relations = [
        "basis",
        "implements",
        "amends",
        "replaces",
        "repeals",
        "cites",
    ];
    let mut found = BTreeSet::new();
    for (source, target, a) in &dot.edges {
        assert!(unique.contains(source.as_str()), "{source} undeclared");
        assert!(unique.contains(target.as_str()), "{target} undeclared");
        let relation = &a["label"];
        assert!(relations.contains(&relation.as_str()), "label {relation}");
        assert_eq!(&a["class"], relation);
        assert!(
            found.insert((source.clone(), target.clone(), relation.clone())),
            "edge {source} -> {target} ({relation}) twice"
        );
    }
    assert_eq!(found, edges);

    // whatever the relations: the report that implements resolution 57 and decree 03 cites them
    let cited: BTreeSet<&str> = dot
        .edges
        .iter()
        .filter(|(s, _, _)| s == "004_ea245d8fbc8ad84a")
        .map(|(_, t, _)| t.as_str())
        .collect();
    assert!(cited.contains("57-NQ/TW"), "{cited:?}");
    assert!(cited.contains("03/NQ-CP"), "{cited:?}");
    assert!(!cited.contains("004_ea245d8fbc8ad84a"));
}

#[test]
fn json_records_and_database_give_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let from_docs = graph(&["--quiet", &corpus_arg()]).stdout;
    let json: Value = serde_json::from_slice(&from_docs).unwrap();
    assert_eq!(json["schema"], "docfacts-graph/1");
    let extracted = docfacts()
        .args(["extract", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    let (docs, external, edges) = expected(&records(&extracted));
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), docs.len() + external.len());
    for (node, id) in nodes.iter().zip(&docs) {
        assert_eq!(node["id"], id.as_str());
        assert_eq!(node["kind"], "document");
        assert!(node["language"].is_string());
    }
    let json_edges: BTreeSet<(String, String, String)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["count"].as_u64().unwrap() >= 1);
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("source"), s("target"), s("relation"))
        })
        .collect();
    assert_eq!(json_edges, edges);

    // records already extracted, from a file and from stdin
    let jsonl = dir.path().join("corpus.jsonl");
    std::fs::write(&jsonl, &extracted.stdout).unwrap();
    let from_file = graph(&["--records", jsonl.to_str().unwrap()]).stdout;
    assert_eq!(from_file, from_docs);
    let mut child = docfacts()
        .args(["graph", "--records", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &extracted.stdout).unwrap();
    assert_eq!(child.wait_with_output().unwrap().stdout, from_docs);

    // a database loaded by `extract` (SQLite here; PostgreSQL too when a server is given)
    let mut dbs = vec![crate::sink::Db::sqlite(dir.path())];
    dbs.extend(crate::sink::Db::postgres("graph"));
    for db in &dbs {
        let load = docfacts()
            .args(["extract", "--quiet"])
            .args(db.args())
            .arg(corpus())
            .output()
            .unwrap();
        assert!(
            load.status.success(),
            "{}",
            String::from_utf8_lossy(&load.stderr)
        );
        let target = db.args().pop().unwrap();
        assert_eq!(graph(&["--db", &target]).stdout, from_docs, "{target}");
    }

    // the output file is written, not stdout
    let out_file = dir.path().join("g.json");
    let written = graph(&["--quiet", "-o", out_file.to_str().unwrap(), &corpus_arg()]);
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read(&out_file).unwrap(), from_docs);
}

#[test]
fn unusable_sources_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE documents (id TEXT)")
        .unwrap();
    let not_records = dir.path().join("x.jsonl");
    std::fs::write(&not_records, "{\"a\": 1}\n").unwrap();
    for (args, says) in [
        (
            vec!["--db", foreign.to_str().unwrap()],
            "not a docfacts database",
        ),
        (
            vec!["--db", dir.path().join("none.db").to_str().unwrap()],
            "no such database file",
        ),
        (
            vec!["--records", not_records.to_str().unwrap()],
            "x.jsonl:1: not a docfacts record",
        ),
        (vec!["--format", "png", "corpus"], "invalid value 'png'"),
    ] {
        let out = docfacts().arg("graph").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn graphml_is_well_formed_and_declares_its_keys() {
    let out = graph(&["--quiet", "--format", "graphml", &corpus_arg()]);
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml "));
    // tags nest, and text holds no raw markup character
    let mut stack: Vec<String> = Vec::new();
    let mut keys = HashMap::new();
    let mut nodes = BTreeSet::new();
    let mut rest = xml.split_once("?>").unwrap().1;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "raw > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
                "bad entity {entity:?}"
            );
        }
        let close = rest[open..].find('>').unwrap() + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let attr = |name: &str| {
            tag.split_once(&format!(" {name}=\""))
                .map(|(_, v)| v.split('"').next().unwrap().to_owned())
        };
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name));
        } else {
            let name = tag.split([' ', '/']).next().unwrap().to_owned();
            match name.as_str() {
                "key" => {
                    keys.insert(attr("id").unwrap(), attr("for").unwrap());
                }
                "data" => {
                    let key = attr("key").unwrap();
                    let domain = stack.last().unwrap();
                    assert_eq!(keys.get(&key), Some(domain), "key {key} in {domain}");
                }
                "node" => {
                    nodes.insert(attr("id").unwrap());
                }
                "edge" => {
                    assert!(nodes.contains(&attr("source").unwrap()));
                    assert!(nodes.contains(&attr("target").unwrap()));
                }
                _ => {}
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(rest.trim(), "");
    assert!(xml.contains("<data key=\"d_id\">004_ea245d8fbc8ad84a</data>"));
}

/// Graphviz's `dot`, or `None` (skipped, with a message) outside CI.
fn graphviz() -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let why = "skipped: no Graphviz `dot` on PATH (install Debian's `graphviz`, see .ci/setup.d/60-graphviz.sh)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        eprintln!("{why}");
    }
    found
}

#[test]
fn svg_is_rendered_by_graphviz_and_its_absence_is_said_plainly() {
    // without Graphviz (an empty PATH): exit 2, saying what to install and what works without it
    let empty = tempfile::tempdir().unwrap();
    let out = docfacts()
        .env("PATH", empty.path())
        .args(["graph", "--format", "svg"])
        .arg(corpus())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("Graphviz is not installed"), "{stderr}");
    assert!(stderr.contains("--format dot"), "{stderr}");

    if !graphviz() {
        return;
    }
    let out = graph(&["--quiet", "--format", "svg", &corpus_arg()]);
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.starts_with("<?xml"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.contains("<svg"));
    assert_eq!(svg.matches("class=\"node document\"").count(), 5);
    assert!(svg.contains("57&#45;NQ/TW") || svg.contains("57-NQ/TW"));
}

#[test]
fn records_with_metadata_resolve_own_numbers_and_keep_relations_and_cited_dates() {
    // the corpus' records, given what the metadata stage will state: 003 is resolution 03/NQ-CP,
    // and 004 implements it (on 09/01/2025) and resolution 57 (as its own number, too)
    let extracted = docfacts()
        .args(["extract", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    let mut recs = records(&extracted);
    recs[3]["document"]["number"] =
        serde_json::json!({"text": "03/NQ-CP", "start": 0, "end": 8, "id": "03/NQ-CP"});
    recs[3]["document"]["type"] = "NQ".into();
    recs[3]["document"]["issued"] =
        serde_json::json!({"text": "09/01/2025", "start": 20, "end": 30, "iso": "2025-01-09"});
    for r in recs[4]["doc_refs"].as_array_mut().unwrap() {
        match r["id"].as_str().unwrap() {
            "03/NQ-CP" => {
                r["relation"] = "implements".into();
                r["date"] = serde_json::json!({"iso": "2025-01-09", "start": 1, "end": 2});
            }
            "57-NQ/TW" => r["relation"] = "basis".into(),
            _ => {}
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("meta.jsonl");
    let lines: Vec<String> = recs.iter().map(|r| r.to_string()).collect();
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();

    let out = graph(&["--quiet", "--records", jsonl.to_str().unwrap()]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (docs, external, edges) = expected(&recs);
    assert!(!external.contains("03/NQ-CP"));
    assert_eq!(
        json["nodes"].as_array().unwrap().len(),
        docs.len() + external.len()
    );
    let node = &json["nodes"][3];
    assert_eq!(node["number"], "03/NQ-CP");
    assert_eq!(node["issued"], "2025-01-09");
    let found: BTreeSet<(String, String, String)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("source"), s("target"), s("relation"))
        })
        .collect();
    assert_eq!(found, edges);
    let implements = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "004_ea245d8fbc8ad84a" && e["relation"] == "implements")
        .unwrap();
    assert_eq!(implements["target"], "003_61c3d8aa0fae0524");
    assert_eq!(implements["date"], "2025-01-09");
    assert!(implements["count"].as_u64().unwrap() > 1);
    // the same in DOT: an edge between two documents, styled as `implements`
    let dot = graph(&[
        "--quiet",
        "--format",
        "dot",
        "--records",
        jsonl.to_str().unwrap(),
    ]);
    let dot = parse_dot(std::str::from_utf8(&dot.stdout).unwrap());
    assert!(dot.edges.iter().any(|(s, t, a)| s == "004_ea245d8fbc8ad84a"
        && t == "003_61c3d8aa0fae0524"
        && a["label"] == "implements"
        && a["style"] == "solid"));
    assert!(
        dot.edges.iter().any(|(s, t, a)| s == "004_ea245d8fbc8ad84a"
            && t == "57-NQ/TW"
            && a["label"] == "basis")
    );
}
