//! `/ToUnicode` CMaps: character codes (1–4 bytes, by code-space range) to Unicode text.

use std::collections::HashMap;

use lopdf::Object;
use lopdf::content::Content;

/// A parsed `/ToUnicode` map.
#[derive(Debug, Default)]
pub(crate) struct ToUnicode {
    /// (low, high, byte length) of each code-space range.
    spaces: Vec<(u32, u32, usize)>,
    map: HashMap<(u32, usize), String>,
}

/// Most entries a map may hold; ranges beyond it are cut (hostile maps cover 2^32 codes).
const MAX_ENTRIES: usize = 1 << 17;

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
}

fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect();
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// The destination string plus `offset` added to its last UTF-16 unit (bfrange increments).
fn shifted(dst: &[u8], offset: u32) -> String {
    if offset == 0 {
        return utf16be(dst);
    }
    let mut bytes = dst.to_vec();
    if let [.., hi, lo] = bytes.as_mut_slice() {
        let last = u32::from(u16::from_be_bytes([*hi, *lo])).wrapping_add(offset);
        let [_, _, h, l] = last.to_be_bytes();
        *hi = h;
        *lo = l;
    }
    utf16be(&bytes)
}

impl ToUnicode {
    /// Parses the decoded CMap stream; `None` when nothing usable is in it.
    pub(crate) fn parse(data: &[u8]) -> Option<ToUnicode> {
        let content = Content::decode(data).ok()?;
        let mut out = ToUnicode::default();
        for op in &content.operations {
            match op.operator.as_str() {
                "endcodespacerange" => {
                    for pair in op.operands.chunks(2) {
                        if let [Object::String(lo, _), Object::String(hi, _)] = pair {
                            out.spaces.push((be(lo), be(hi), lo.len().clamp(1, 4)));
                        }
                    }
                }
                "endbfchar" => {
                    for pair in op.operands.chunks(2) {
                        if let [Object::String(src, _), Object::String(dst, _)] = pair
                            && out.map.len() < MAX_ENTRIES
                        {
                            out.map.insert((be(src), src.len()), utf16be(dst));
                        }
                    }
                }
                "endbfrange" => {
                    for triple in op.operands.chunks(3) {
                        let [Object::String(lo, _), Object::String(hi, _), dst] = triple else {
                            continue;
                        };
                        let (l, h, len) = (be(lo), be(hi), lo.len());
                        if h < l {
                            continue;
                        }
                        for (i, code) in (l..=h).enumerate() {
                            if out.map.len() >= MAX_ENTRIES {
                                break;
                            }
                            let text = match dst {
                                Object::String(d, _) => shifted(d, code - l),
                                Object::Array(items) => match items.get(i) {
                                    Some(Object::String(d, _)) => utf16be(d),
                                    _ => break,
                                },
                                _ => break,
                            };
                            out.map.insert((code, len), text);
                        }
                    }
                }
                _ => {}
            }
        }
        if out.map.is_empty() {
            return None;
        }
        if out.spaces.is_empty() {
            let len = out.map.keys().map(|(_, l)| *l).max().unwrap_or(1);
            out.spaces.push((0, u32::MAX, len));
        }
        Some(out)
    }

    /// Length in bytes of the code starting at `bytes` (by the code-space ranges).
    pub(crate) fn code_len(&self, bytes: &[u8]) -> usize {
        for len in 1..=4usize {
            let Some(prefix) = bytes.get(..len) else {
                break;
            };
            let code = be(prefix);
            if self
                .spaces
                .iter()
                .any(|(lo, hi, l)| *l == len && (*lo..=*hi).contains(&code))
            {
                return len;
            }
        }
        self.spaces
            .first()
            .map_or(1, |s| s.2)
            .min(bytes.len())
            .max(1)
    }

    /// The text of one code.
    pub(crate) fn get(&self, code: u32, len: usize) -> Option<&str> {
        self.map.get(&(code, len)).map(String::as_str)
    }
}
