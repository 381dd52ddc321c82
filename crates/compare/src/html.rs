//! The human view of a report as a self-contained side-by-side HTML page.

use std::fmt::Write as _;

use docfacts_types::Lang;

use crate::report::{CompareReport, Fact, MetaValue};

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape(s, &mut out);
    out
}

/// What a table cell shows of one side: the text as printed, the value compared, where it is.
struct Cell<'a> {
    text: &'a str,
    value: String,
    start: Option<usize>,
}

impl<'a> Cell<'a> {
    fn fact(fact: &'a Fact, value: String) -> Cell<'a> {
        Cell {
            text: fact.text(),
            value,
            start: Some(fact.range().0),
        }
    }

    fn meta(value: &'a MetaValue) -> Cell<'a> {
        Cell {
            text: value.text(),
            value: value.canonical().to_owned(),
            start: value.span().map(|(start, _)| start),
        }
    }
}

/// A highlighted span in one text.
struct Mark {
    start: usize,
    end: usize,
    class: &'static str,
    id: Option<String>,
    title: String,
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:1.5em;color:#222}\
h1{font-size:1.3em}.verdict{font-weight:bold;padding:.4em .8em;display:inline-block;border-radius:4px}\
.agree{background:#d8f5d8}.disagree{background:#fbd5d5}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}\
.cols{display:flex;gap:1.5em}.cols section{flex:1;min-width:0}\
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;background:#fcfcfc}\
mark{border-radius:3px;padding:0 1px}mark.ok{background:#c9f0c9}mark.tol{background:#e4e4e4}\
mark.bad{background:#ffb3b3;outline:2px solid #d00}.legend mark{margin-right:1em}";

/// A self-contained HTML page (inline CSS, no scripts, no external resources): the verdict, a
/// table of every disagreement, and both texts side by side with facts highlighted (green
/// matched, grey tolerated, red outlined disagreements, each linked from the table). Without a
/// text, that side lists its facts only.
pub fn render_html(report: &CompareReport, a_text: Option<&str>, b_text: Option<&str>) -> String {
    let mut marks_a = Vec::new();
    let mut marks_b = Vec::new();
    let mut rows = String::new();
    let mut n = 0usize;
    let mark = |fact: &Fact, class: &'static str, id: Option<String>, title: String| Mark {
        start: fact.range().0,
        end: fact.range().1,
        class,
        id,
        title,
    };
    for m in &report.matched {
        let t = format!("matched {}: {}", m.fact_type.name(), m.a.canonical());
        marks_a.push(mark(&m.a, "ok", None, t.clone()));
        marks_b.push(mark(&m.b, "ok", None, t));
    }
    for t in &report.tolerated {
        let title = format!("tolerated: {}", t.reason);
        if let Some(f) = &t.a {
            marks_a.push(mark(f, "tol", None, title.clone()));
        }
        if let Some(f) = &t.b {
            marks_b.push(mark(f, "tol", None, title));
        }
    }
    // a metadata field's mark, where it has a span (a type has none)
    let meta_mark = |value: &MetaValue, class: &'static str, id: Option<String>, title: String| {
        value.span().map(|(start, end)| Mark {
            start,
            end,
            class,
            id,
            title,
        })
    };
    let doc = &report.document;
    for m in &doc.matched {
        for (value, marks) in [(&m.a, &mut marks_a), (&m.b, &mut marks_b)] {
            if let Some(value) = value {
                let title = format!("matched document {}: {}", m.field.name(), value.canonical());
                marks.extend(meta_mark(value, "ok", None, title));
            }
        }
    }
    let mut row = |kind: &str, ty: &str, a: Option<Cell<'_>>, b: Option<Cell<'_>>, reason: &str| {
        n += 1;
        let cell = |c: Option<Cell<'_>>, side: &str| match c {
            Some(c) => {
                let at = c
                    .start
                    .map_or_else(|| "(no span)".to_owned(), |s| format!("@{s}"));
                let quoted = format!("<q><bdi>{}</bdi></q>", esc(c.text));
                let quoted = if c.start.is_some() {
                    format!("<a href=\"#{side}-d{n}\">{quoted}</a>")
                } else {
                    quoted
                };
                format!("{quoted} <small>= {} {at}</small>", esc(&c.value))
            }
            None => "—".to_owned(),
        };
        let _ = write!(
            rows,
            "<tr class=\"disagreement\" id=\"d{n}\" data-kind=\"{kind}\" data-type=\"{ty}\">\
             <td>{n}</td><td>{kind}</td><td>{ty}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            cell(a, "a"),
            cell(b, "b"),
            esc(reason)
        );
        n
    };
    for m in &doc.mismatched {
        let (Some(x), Some(y)) = (&m.a, &m.b) else {
            continue;
        };
        let reason = m.reason.as_deref().unwrap_or(m.field.reason());
        let ty = format!("document {}", m.field.name());
        let k = row(
            "mismatched",
            &ty,
            Some(Cell::meta(x)),
            Some(Cell::meta(y)),
            reason,
        );
        let t = format!(
            "#{k} mismatched {ty}: {} ≠ {} ({reason})",
            x.canonical(),
            y.canonical()
        );
        marks_a.extend(meta_mark(x, "bad", Some(format!("a-d{k}")), t.clone()));
        marks_b.extend(meta_mark(y, "bad", Some(format!("b-d{k}")), t));
    }
    for o in &doc.only_in_a {
        let Some(x) = &o.a else { continue };
        let ty = format!("document {}", o.field.name());
        let k = row("only_in_a", &ty, Some(Cell::meta(x)), None, "missing in B");
        let t = format!("#{k} only in A ({ty}): {}", x.canonical());
        marks_a.extend(meta_mark(x, "bad", Some(format!("a-d{k}")), t));
    }
    for o in &doc.only_in_b {
        let Some(y) = &o.b else { continue };
        let ty = format!("document {}", o.field.name());
        let k = row("only_in_b", &ty, None, Some(Cell::meta(y)), "missing in A");
        let t = format!("#{k} only in B ({ty}): {}", y.canonical());
        marks_b.extend(meta_mark(y, "bad", Some(format!("b-d{k}")), t));
    }
    for m in &report.mismatched {
        let (va, vb) = m.differing();
        let k = row(
            "mismatched",
            m.fact_type.name(),
            Some(Cell::fact(&m.a, va.clone())),
            Some(Cell::fact(&m.b, vb.clone())),
            &m.reason,
        );
        let t = format!(
            "#{k} mismatched {}: {va} ≠ {vb} ({})",
            m.fact_type.name(),
            m.reason
        );
        marks_a.push(mark(&m.a, "bad", Some(format!("a-d{k}")), t.clone()));
        marks_b.push(mark(&m.b, "bad", Some(format!("b-d{k}")), t));
    }
    for o in &report.only_in_a {
        let k = row(
            "only_in_a",
            o.fact_type.name(),
            Some(Cell::fact(&o.a, o.a.canonical())),
            None,
            "missing in B",
        );
        let t = format!(
            "#{k} only in A ({}): {}",
            o.fact_type.name(),
            o.a.canonical()
        );
        marks_a.push(mark(&o.a, "bad", Some(format!("a-d{k}")), t));
    }
    for o in &report.only_in_b {
        let k = row(
            "only_in_b",
            o.fact_type.name(),
            None,
            Some(Cell::fact(&o.b, o.b.canonical())),
            "missing in A",
        );
        let t = format!(
            "#{k} only in B ({}): {}",
            o.fact_type.name(),
            o.b.canonical()
        );
        marks_b.push(mark(&o.b, "bad", Some(format!("b-d{k}")), t));
    }

    let mut out = String::with_capacity(
        a_text.map_or(0, str::len) + b_text.map_or(0, str::len) + rows.len() + 4096,
    );
    let title = format!("docfacts compare: {} ↔ {}", report.a.id, report.b.id);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let (class, verdict) = if report.agree {
        ("agree", "The translation agrees")
    } else {
        ("disagree", "Disagreements found")
    };
    let _ = writeln!(
        out,
        "<p><span class=\"verdict {class}\" id=\"verdict\">{verdict}</span> score {:.4} · {} matched · \
         {} mismatched · {} only in A · {} only in B · {} tolerated</p>",
        report.score,
        report.matched.len(),
        report.mismatched.len(),
        report.only_in_a.len(),
        report.only_in_b.len(),
        report.tolerated.len()
    );
    if !doc.is_empty() {
        let _ = writeln!(
            out,
            "<p id=\"document\">Document (own number, date of issue, type): {} matched · {} mismatched \
             · {} only in A · {} only in B</p>",
            doc.matched.len(),
            doc.mismatched.len(),
            doc.only_in_a.len(),
            doc.only_in_b.len()
        );
    }
    if n > 0 {
        let _ = writeln!(
            out,
            "<table id=\"disagreements\"><thead><tr><th>#</th><th>kind</th><th>type</th>\
             <th>A ({})</th><th>B ({})</th><th>reason</th></tr></thead><tbody>{rows}</tbody></table>",
            esc(&report.a.id),
            esc(&report.b.id)
        );
    }
    out.push_str("<p class=\"legend\"><mark class=\"ok\">matched</mark><mark class=\"tol\">tolerated</mark><mark class=\"bad\">disagreement</mark></p>\n<div class=\"cols\">\n");
    for (side, id, lang, text, marks) in [
        ("a", &report.a.id, report.a.language, a_text, &mut marks_a),
        ("b", &report.b.id, report.b.language, b_text, &mut marks_b),
    ] {
        let dir = if lang == Lang::Fa { "rtl" } else { "ltr" };
        let _ = write!(
            out,
            "<section id=\"side-{side}\"><h2>{}: {} ({})</h2>",
            side.to_uppercase(),
            esc(id),
            lang.code()
        );
        match text {
            Some(text) => {
                let _ = write!(
                    out,
                    "<div class=\"text\" lang=\"{}\" dir=\"{dir}\">",
                    lang.code()
                );
                highlight(text, marks, &mut out);
                out.push_str("</div>");
            }
            None => {
                out.push_str("<p>(source text not available; facts only)</p><ul>");
                marks.sort_by_key(|m| m.start);
                for m in marks.iter() {
                    let id =
                        m.id.as_ref()
                            .map(|i| format!(" id=\"{i}\""))
                            .unwrap_or_default();
                    let _ = write!(
                        out,
                        "<li><mark class=\"{}\"{id}>{}</mark></li>",
                        m.class,
                        esc(&m.title)
                    );
                }
                out.push_str("</ul>");
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n</body></html>\n");
    out
}

/// Writes `text` escaped, with `<mark>` around each span (overlapping or invalid spans skipped;
/// of two marks of one span, a disagreement's is kept: a date of issue that is also a matched date).
fn highlight(text: &str, marks: &mut [Mark], out: &mut String) {
    marks.sort_by_key(|m| (m.start, m.end, m.class != "bad"));
    let mut at = 0usize;
    for m in marks.iter() {
        if m.start < at || m.end < m.start {
            continue;
        }
        let (Some(before), Some(inner)) = (text.get(at..m.start), text.get(m.start..m.end)) else {
            continue;
        };
        escape(before, out);
        let id =
            m.id.as_ref()
                .map(|i| format!(" id=\"{i}\""))
                .unwrap_or_default();
        let _ = write!(
            out,
            "<mark class=\"{}\"{id} title=\"{}\">",
            m.class,
            esc(&m.title)
        );
        escape(inner, out);
        out.push_str("</mark>");
        at = m.end;
    }
    escape(text.get(at..).unwrap_or(""), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
