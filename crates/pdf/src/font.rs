//! Fonts: character codes to Unicode text and glyph widths (simple, Type 0 / CID and Type 3 fonts).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use crate::cmap::ToUnicode;

/// One decoded character code.
#[derive(Debug)]
pub(crate) struct Code {
    /// Unicode text of the glyph, `None` when the font does not say.
    pub(crate) text: Option<String>,
    /// Horizontal advance in text-space units (before font size and scaling).
    pub(crate) width: f32,
    /// A single-byte code 32 (word spacing applies).
    pub(crate) is_space_code: bool,
}

/// What is needed of a font to turn shown strings into text.
#[derive(Debug)]
pub(crate) struct Font {
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: text of each of the 256 codes by the font's encoding (with `/Differences`).
    simple: Option<Vec<Option<String>>>,
    /// Composite (Type 0) font: codes are two bytes unless the ToUnicode code space says otherwise.
    composite: bool,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space → text space (0.001, or the Type 3 `/FontMatrix`).
    scale: f32,
}

fn num(o: &Object) -> Option<f32> {
    o.as_float()
        .ok()
        .or_else(|| o.as_i64().ok().map(|i| i as f32))
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

/// Unicode of a glyph name of the `uniXXXX` / `uXXXX[XX]` forms.
fn glyph_name_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next()?;
    // Names some glyph lists lack (Vietnamese đ/Đ, ơ/ư).
    let known = match base {
        "dcroat" | "dmacron" => Some('\u{111}'),
        "Dcroat" | "Dmacron" => Some('\u{110}'),
        "ohorn" => Some('\u{1A1}'),
        "Ohorn" => Some('\u{1A0}'),
        "uhorn" => Some('\u{1B0}'),
        "Uhorn" => Some('\u{1AF}'),
        _ => None,
    };
    if let Some(c) = known {
        return Some(c.to_string());
    }
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
    {
        let units: Option<Vec<u16>> = (0..hex.len() / 4)
            .map(|i| {
                hex.get(i * 4..i * 4 + 4)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
            })
            .collect();
        return char::decode_utf16(units?)
            .collect::<Result<String, _>>()
            .ok();
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

impl Font {
    /// Reads a font dictionary; `limit` bounds stream decompression.
    pub(crate) fn load(doc: &Document, dict: &Dictionary, limit: usize) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| {
                s.decompressed_content_with_limit(limit).ok().or_else(|| {
                    if s.filters().map(|f| f.is_empty()).unwrap_or(true) {
                        Some(s.content.clone())
                    } else {
                        None
                    }
                })
            })
            .and_then(|data| ToUnicode::parse(&data));
        let mut font = Font {
            to_unicode,
            simple: None,
            composite: subtype == b"Type0",
            widths: HashMap::new(),
            default_width: 0.0,
            scale: 0.001,
        };
        if font.composite {
            font.default_width = 1000.0;
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(cid) = descendant {
                if let Some(dw) = cid.get(b"DW").ok().and_then(num) {
                    font.default_width = dw;
                }
                if let Ok(w) = cid
                    .get(b"W")
                    .map(|o| deref(doc, o))
                    .and_then(Object::as_array)
                {
                    font.read_cid_widths(doc, w);
                }
            }
            return font;
        }
        if subtype == b"Type3"
            && let Some(m) = dict
                .get(b"FontMatrix")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(num)
        {
            font.scale = m;
        }
        let first = dict.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0) as u32;
        if let Ok(widths) = dict
            .get(b"Widths")
            .map(|o| deref(doc, o))
            .and_then(Object::as_array)
        {
            for (i, w) in widths.iter().enumerate().take(256) {
                if let Some(w) = num(deref(doc, w)) {
                    font.widths.insert(first + i as u32, w);
                }
            }
        } else {
            // A standard-14 font without widths: an average advance.
            font.default_width = 500.0;
        }
        if let Some(missing) = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(num)
        {
            font.default_width = missing;
        }
        let mut table: Vec<Option<String>> = vec![None; 256];
        if let Ok(encoding) = dict.get_font_encoding_with_limit(doc, limit) {
            for (code, slot) in table.iter_mut().enumerate() {
                let byte = [code as u8];
                if let Ok(s) = encoding.bytes_to_string(&byte)
                    && !s.is_empty()
                    && !s.contains('\u{FFFD}')
                {
                    *slot = Some(s);
                }
            }
        }
        // Glyph names lopdf does not know (`uni1EE7`, `u1EE7`), from `/Differences`.
        if let Some(diffs) = dict
            .get(b"Encoding")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Differences").ok())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            let mut code = 0usize;
            for item in diffs {
                match item {
                    Object::Integer(i) => code = usize::try_from(*i).unwrap_or(256),
                    Object::Name(name) => {
                        if let Some(text) = glyph_name_unicode(name)
                            && let Some(slot) = table.get_mut(code)
                        {
                            *slot = Some(text);
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        font.simple = Some(table);
        font
    }

    fn read_cid_widths(&mut self, doc: &Document, w: &[Object]) {
        let mut i = 0;
        while let Some(first) = w.get(i).map(|o| deref(doc, o)).and_then(num) {
            let first = first as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate().take(65536) {
                        if let Some(v) = num(deref(doc, v)) {
                            self.widths.insert(first + k as u32, v);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(v)) =
                        (num(last), w.get(i + 2).map(|o| deref(doc, o)).and_then(num))
                    else {
                        break;
                    };
                    let last = (last as u32).min(first.saturating_add(65536));
                    for c in first..=last {
                        self.widths.insert(c, v);
                    }
                    i += 3;
                }
                None => break,
            }
            if self.widths.len() > 200_000 {
                break;
            }
        }
    }

    /// Splits a shown string into codes and decodes each.
    pub(crate) fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = bytes;
        while !rest.is_empty() {
            let len = match (&self.to_unicode, self.composite) {
                (Some(tu), true) => tu.code_len(rest),
                (None, true) => 2.min(rest.len()),
                (_, false) => 1,
            };
            let (head, tail) = rest.split_at(len.min(rest.len()));
            rest = tail;
            let code = head.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
            let mut text = self
                .to_unicode
                .as_ref()
                .and_then(|tu| tu.get(code, head.len()))
                .map(str::to_owned);
            if text.is_none()
                && let Some(table) = &self.simple
            {
                text = table.get(code as usize).cloned().flatten();
            }
            let width = self
                .widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width)
                * self.scale;
            out.push(Code {
                text,
                width,
                is_space_code: head == [32],
            });
        }
        out
    }
}
