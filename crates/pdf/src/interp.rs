//! A content-stream interpreter that positions every shown glyph on the page.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::font::Font;
use crate::{Limits, PdfError};
use docfacts_types::ErrorKind;

/// A glyph placed on the page (device space, y grows upwards).
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    pub(crate) text: String,
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Advance width on the page.
    pub(crate) w: f32,
    /// Font size on the page.
    pub(crate) size: f32,
    /// The placed run the glyph belongs to: glyphs of one run follow each other by their
    /// advances; a text-positioning operator (`Td`, `Tm`, `T*` …) starts the next run.
    pub(crate) run: u32,
    /// Drawn in an invisible render mode (`3 Tr`, `7 Tr`): an OCR text layer over a scan.
    pub(crate) invisible: bool,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn num(o: &Object) -> f32 {
    o.as_float()
        .ok()
        .or_else(|| o.as_i64().ok().map(|i| i as f32))
        .unwrap_or(0.0)
}

fn matrix(ops: &[Object]) -> Option<Matrix> {
    match ops {
        [a, b, c, d, e, f] => Some([num(a), num(b), num(c), num(d), num(e), num(f)]),
        _ => None,
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    tz: f32,
    tl: f32,
    ts: f32,
    /// Text render mode (`Tr`).
    tr: i64,
}

/// What one page produced.
#[derive(Debug, Default)]
pub(crate) struct PageGlyphs {
    pub(crate) glyphs: Vec<Glyph>,
    /// Codes the fonts could not map to Unicode.
    pub(crate) unmapped: usize,
    /// Codes shown in all.
    pub(crate) shown: usize,
}

pub(crate) struct Interp<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    fonts: HashMap<ObjectId, Rc<Font>>,
    out: PageGlyphs,
    ops: usize,
    /// The current placed run (see [`Glyph::run`]).
    run: u32,
    /// Open marked-content sequences: `Some((first glyph, text))` for `/ActualText`.
    marked: Vec<Option<(usize, usize, String)>>,
    form_chain: Vec<ObjectId>,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

impl<'a> Interp<'a> {
    pub(crate) fn new(doc: &'a Document, limits: &'a Limits) -> Interp<'a> {
        Interp {
            doc,
            limits,
            fonts: HashMap::new(),
            out: PageGlyphs::default(),
            ops: 0,
            run: 0,
            marked: Vec::new(),
            form_chain: Vec::new(),
        }
    }

    /// Runs one page's content with its resources.
    pub(crate) fn run_page(
        mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<PageGlyphs, PdfError> {
        let gs = GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            tz: 1.0,
            tl: 0.0,
            ts: 0.0,
            tr: 0,
        };
        self.run(content, resources, gs)?;
        Ok(self.out)
    }

    fn resource(
        &self,
        resources: Option<&'a Dictionary>,
        kind: &[u8],
        name: &[u8],
    ) -> Option<&'a Object> {
        let dict = deref(self.doc, resources?.get(kind).ok()?).as_dict().ok()?;
        dict.get(name).ok()
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let obj = self.resource(resources, b"Font", name)?;
        if let Object::Reference(id) = obj {
            if let Some(f) = self.fonts.get(id) {
                return Some(Rc::clone(f));
            }
            let dict = self.doc.get_dictionary(*id).ok()?;
            let font = Rc::new(Font::load(self.doc, dict, self.limits.max_stream_bytes));
            self.fonts.insert(*id, Rc::clone(&font));
            return Some(font);
        }
        let dict = obj.as_dict().ok()?;
        Some(Rc::new(Font::load(
            self.doc,
            dict,
            self.limits.max_stream_bytes,
        )))
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut gs: GState,
    ) -> Result<(), PdfError> {
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // One operation at a time: the operator limit stops the work where it is reached, and
        // memory holds one operation, not the whole stream's. See: #20
        for op in Content::decode_iter(content) {
            let op = op.map_err(|e| {
                PdfError::new(
                    ErrorKind::Malformed,
                    format!("malformed content stream: {e}"),
                )
            })?;
            self.ops += 1;
            if self.ops > self.limits.max_ops_per_page {
                return Err(PdfError::new(
                    ErrorKind::LimitExceeded,
                    format!(
                        "limit exceeded: more than {} operators on a page",
                        self.limits.max_ops_per_page
                    ),
                ));
            }
            let args = op.operands.as_slice();
            if matches!(
                op.operator.as_str(),
                "BT" | "Td" | "TD" | "Tm" | "T*" | "'" | "\""
            ) {
                self.run = self.run.wrapping_add(1);
            }
            match op.operator.as_str() {
                "q" if stack.len() < 1024 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(prev) = stack.pop() {
                        gs = prev;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(args) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let [name, size] = args {
                        gs.font = name.as_name().ok().and_then(|n| self.font(resources, n));
                        gs.size = num(size);
                    }
                }
                "Tc" => gs.tc = args.first().map_or(0.0, num),
                "Tw" => gs.tw = args.first().map_or(0.0, num),
                "Tz" => gs.tz = args.first().map_or(100.0, num) / 100.0,
                "TL" => gs.tl = args.first().map_or(0.0, num),
                "Ts" => gs.ts = args.first().map_or(0.0, num),
                "Tr" => gs.tr = args.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
                "Td" | "TD" => {
                    if let [x, y] = args {
                        let (x, y) = (num(x), num(y));
                        if op.operator == "TD" {
                            gs.tl = -y;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = matrix(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    let mut args = args;
                    if op.operator == "\""
                        && let [tw, tc, rest @ ..] = args
                    {
                        gs.tw = num(tw);
                        gs.tc = num(tc);
                        args = rest;
                    }
                    if op.operator != "Tj" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = args.first() {
                        self.show(bytes, &gs, &mut tm)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(bytes, &gs, &mut tm)?,
                                other => {
                                    let tx = -num(other) / 1000.0 * gs.size * gs.tz;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                "BMC" => self.marked.push(None),
                "BDC" => {
                    let props = match args.get(1) {
                        Some(Object::Name(name)) => self
                            .resource(resources, b"Properties", name)
                            .map(|o| deref(self.doc, o)),
                        Some(o) => Some(deref(self.doc, o)),
                        None => None,
                    };
                    let actual = props
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|o| lopdf::decode_text_string(o).ok());
                    let inside = self.marked.iter().any(Option::is_some);
                    self.marked.push(
                        actual
                            .filter(|_| !inside)
                            .map(|t| (self.out.glyphs.len(), self.out.unmapped, t)),
                    );
                }
                "EMC" => {
                    if let Some(Some((start, unmapped, text))) = self.marked.pop() {
                        // The actual text stands for the glyphs, mapped or not.
                        self.out.unmapped = unmapped;
                        self.apply_actual_text(start, text);
                    }
                }
                "Do" => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, &gs)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Replaces the glyphs drawn since `start` by the `/ActualText` they stand for.
    fn apply_actual_text(&mut self, start: usize, text: String) {
        let glyphs = &mut self.out.glyphs;
        let Some(first) = glyphs.get(start).cloned() else {
            return;
        };
        let end = glyphs
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map(|g| g.x + g.w)
            .fold(first.x + first.w, f32::max);
        glyphs.truncate(start);
        glyphs.push(Glyph {
            text,
            w: end - first.x,
            ..first
        });
    }

    fn form(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
    ) -> Result<(), PdfError> {
        let Some(Object::Reference(id)) = self.resource(resources, b"XObject", name) else {
            return Ok(());
        };
        let id = *id;
        if self.form_chain.contains(&id) || self.form_chain.len() >= self.limits.max_form_depth {
            return Ok(());
        }
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let data = match stream.decompressed_content_with_limit(self.limits.max_stream_bytes) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(PdfError::limit_exceeded(self.limits.max_stream_bytes));
            }
            Err(_) if stream.filters().map(|f| f.is_empty()).unwrap_or(true) => {
                stream.content.clone()
            }
            Err(_) => return Ok(()),
        };
        let form_resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .map(|o| deref(self.doc, o))
            .and_then(|o| o.as_dict().ok())
            .or(resources);
        let mut inner = gs.clone();
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .map(|o| deref(self.doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| matrix(a))
        {
            inner.ctm = mul(&m, &gs.ctm);
        }
        self.form_chain.push(id);
        let result = self.run(&data, form_resources, inner);
        self.form_chain.pop();
        result
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix) -> Result<(), PdfError> {
        let Some(font) = gs.font.clone() else {
            return Ok(());
        };
        for code in font.decode(bytes) {
            let trm = mul(
                &mul(&[gs.size * gs.tz, 0.0, 0.0, gs.size, 0.0, gs.ts], tm),
                &gs.ctm,
            );
            let mut tx = code.width * gs.size + gs.tc;
            if code.is_space_code {
                tx += gs.tw;
            }
            tx *= gs.tz;
            let next = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            let end = mul(&next, &gs.ctm);
            self.out.shown += 1;
            match code.text {
                Some(text) if !text.is_empty() => {
                    if self.out.glyphs.len() >= self.limits.max_glyphs_per_page {
                        return Err(PdfError::new(
                            ErrorKind::LimitExceeded,
                            format!(
                                "limit exceeded: more than {} glyphs on a page",
                                self.limits.max_glyphs_per_page
                            ),
                        ));
                    }
                    let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                    self.out.glyphs.push(Glyph {
                        text,
                        x: trm[4],
                        y: trm[5],
                        w: end[4] - trm[4],
                        size,
                        run: self.run,
                        invisible: matches!(gs.tr, 3 | 7),
                    });
                }
                _ => self.out.unmapped += 1,
            }
            *tm = next;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operator_limit_stops_the_work_before_the_rest_of_the_stream_is_decoded() {
        // Decoding the whole stream first would meet the broken inline image at its end and
        // call the page malformed; decoded one operation at a time, the limit comes first.
        // See: #20
        let mut content = b"q Q ".repeat(50);
        content.extend_from_slice(b"BI /W 1 /H 1 ID ");
        let doc = Document::with_version("1.4");
        let limits = Limits {
            max_ops_per_page: 60,
            ..Limits::default()
        };
        let err = Interp::new(&doc, &limits)
            .run_page(&content, None)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err:?}");
        // Under the limit, the same stream is still reported as malformed.
        let limits = Limits {
            max_ops_per_page: 1000,
            ..Limits::default()
        };
        let err = Interp::new(&doc, &limits)
            .run_page(&content, None)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed, "{err:?}");
    }

    #[test]
    fn glyphs_carry_their_placed_run_and_render_mode() {
        let pdf = crate::testpdf::one_page(
            b"BT /F1 10 Tf 3 Tr 100 700 Td (ab) Tj (c) Tj 20 0 Td (d) Tj 0 Tr (e) Tj ET",
        );
        let doc = Document::load_mem(&pdf).unwrap();
        let page = doc.get_pages()[&1];
        let resources = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .ok();
        let limits = Limits::default();
        let glyphs = Interp::new(&doc, &limits)
            .run_page(&doc.get_page_content(page), resources)
            .unwrap()
            .glyphs;
        let runs: Vec<(&str, u32, bool)> = glyphs
            .iter()
            .map(|g| (g.text.as_str(), g.run, g.invisible))
            .collect();
        let first = runs[0].1;
        assert_eq!(
            runs,
            [
                ("a", first, true),
                ("b", first, true),
                ("c", first, true),
                ("d", first + 1, true),
                ("e", first + 1, false),
            ]
        );
    }
}
