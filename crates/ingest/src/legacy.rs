//! Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI-Windows, VISCII and Windows-1258.
//!
//! Tried only on bytes that are not valid UTF-8, so valid UTF-8 is never reinterpreted. Each
//! candidate decoding is scored by how many of its words are well-formed Vietnamese syllables
//! (one tone mark at most, an onset, a vowel nucleus and a coda of Vietnamese spelling): the right
//! encoding yields Vietnamese words, a wrong one yields symbols (`ViÖt`, `Coäng`) or letter salad.
//! The byte tables are the shared data files in `data/` (re-derived from UniKey's VnConv tables and
//! cross-checked with glibc iconv), compiled in with `include_str!` and parsed once.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A legacy encoding and its name in `source.encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Legacy {
    Tcvn3,
    Vni,
    Viscii,
    Windows1258,
}

impl Legacy {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni-windows",
            Legacy::Viscii => "viscii",
            Legacy::Windows1258 => "windows-1258",
        }
    }

    fn decode(self, bytes: &[u8]) -> String {
        match self {
            Legacy::Tcvn3 => single_byte(bytes, &TCVN3),
            Legacy::Viscii => single_byte(bytes, &VISCII),
            Legacy::Vni => vni(bytes),
            Legacy::Windows1258 => {
                let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
                text.nfc().collect()
            }
        }
    }
}

/// Byte → character, for the bytes a table defines.
type ByteMap = HashMap<u8, char>;

static TCVN3: LazyLock<ByteMap> =
    LazyLock::new(|| byte_map(include_str!("../data/tcvn3_to_unicode.json")));
static VISCII: LazyLock<ByteMap> =
    LazyLock::new(|| byte_map(include_str!("../data/viscii_to_unicode.json")));
/// VNI: one- and two-byte sequences → character.
static VNI: LazyLock<HashMap<Vec<u8>, char>> = LazyLock::new(|| {
    entries(include_str!("../data/vni_windows_to_unicode.json"), "bytes")
        .into_iter()
        .collect()
});

fn entries(json: &str, key: &str) -> Vec<(Vec<u8>, char)> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        debug_assert!(false, "built-in table is not JSON");
        return Vec::new();
    };
    let Some(map) = value.get("map").and_then(|m| m.as_array()) else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|e| {
            let bytes = e
                .get(key)?
                .as_str()?
                .split_whitespace()
                .map(|b| u8::from_str_radix(b.trim_start_matches("0x"), 16).ok())
                .collect::<Option<Vec<u8>>>()?;
            let mut chars = e.get("unicode")?.as_str()?.chars();
            let c = chars.next()?;
            chars.next().is_none().then_some((bytes, c))
        })
        .collect()
}

fn byte_map(json: &str) -> ByteMap {
    entries(json, "byte")
        .into_iter()
        .filter_map(|(b, c)| match b.as_slice() {
            [b] => Some((*b, c)),
            _ => None,
        })
        .collect()
}

/// A byte the table leaves alone, read as Windows-1252 (what these fonts sat on).
fn cp1252(b: u8) -> char {
    if b.is_ascii() {
        return char::from(b);
    }
    let byte = [b];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
    text.chars().next().unwrap_or('\u{FFFD}')
}

fn single_byte(bytes: &[u8], map: &ByteMap) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                map.get(&b).copied().unwrap_or_else(|| cp1252(b))
            }
        })
        .collect()
}

fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(&c) = bytes.get(i..i + 2).and_then(|pair| VNI.get(pair)) {
            out.push(c);
            i += 2;
        } else {
            out.push(VNI.get(&[b][..]).copied().unwrap_or_else(|| cp1252(b)));
            i += 1;
        }
    }
    out
}

/// Minimum share of well-formed words, among words with non-ASCII letters, to accept a decoding.
const MIN_SHARE: f64 = 0.8;

/// Decodes `bytes` (not valid UTF-8) with the legacy encoding that reads as Vietnamese best, if any
/// reads as Vietnamese at all.
pub(crate) fn decode(bytes: &[u8]) -> Option<(String, &'static str)> {
    let sample = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let mut best: Option<(i64, Legacy)> = None;
    for enc in [
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viscii,
        Legacy::Windows1258,
    ] {
        let (good, bad) = score(&enc.decode(sample));
        let total = good + bad;
        if good < 3 || (good as f64) < MIN_SHARE * total as f64 {
            continue;
        }
        let s = i64::try_from(good).unwrap_or(i64::MAX) - 4 * i64::try_from(bad).unwrap_or(0);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, enc));
        }
    }
    best.map(|(_, enc)| (enc.decode(bytes), enc.name()))
}

/// (well-formed Vietnamese words with diacritics, malformed words with non-ASCII characters).
fn score(text: &str) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    for word in text.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation())) {
        if word.is_ascii() || word.is_empty() {
            continue;
        }
        if is_syllable(word) {
            good += 1;
        } else {
            bad += 1;
        }
    }
    (good, bad)
}

/// A well-formed Vietnamese syllable with at least one non-ASCII letter: at most one tone mark,
/// and onset + nucleus + coda of Vietnamese spelling.
fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut base = String::new();
    for c in word.nfd() {
        if is_combining_mark(c) {
            match c {
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => tones += 1,
                '\u{0302}' | '\u{0306}' | '\u{031B}' => base.push(c),
                _ => return false,
            }
        } else if c.is_alphabetic() {
            let lower = c.to_lowercase().next().unwrap_or(c);
            if !(lower.is_ascii_lowercase() || lower == 'đ') {
                return false;
            }
            base.push(lower);
        } else {
            return false;
        }
    }
    if tones > 1 {
        return false;
    }
    let composed: String = base.nfc().collect();
    SYLLABLE.is_match(&composed)
}

static SYLLABLE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        "^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(ch|ng|nh|[cmnpt])?$",
    )
    .unwrap_or_else(|_| {
        debug_assert!(false, "invalid built-in regex");
        regex::Regex::new("$^").unwrap_or_else(|_| unreachable_regex())
    })
});

#[cold]
fn unreachable_regex() -> regex::Regex {
    regex::Regex::new("").unwrap_or_else(|_| unreachable_regex())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes with a table (the inverse of the decoder), for the tests.
    fn encode_single(text: &str, map: &ByteMap) -> Vec<u8> {
        let inv: HashMap<char, u8> = map.iter().map(|(&b, &c)| (c, b)).collect();
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    inv.get(&c).copied().unwrap_or(b'?')
                }
            })
            .collect()
    }

    const SAMPLE: &str = "nghị quyết số 57-NQ/TW của bộ chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia";

    #[test]
    fn tcvn3_round_trip() {
        let bytes = encode_single(SAMPLE, &TCVN3);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes), Some((SAMPLE.to_owned(), "tcvn3")));
    }

    #[test]
    fn viscii_round_trip() {
        let bytes = encode_single(SAMPLE, &VISCII);
        assert_eq!(decode(&bytes), Some((SAMPLE.to_owned(), "viscii")));
    }

    #[test]
    fn vni_round_trip() {
        let inv: HashMap<char, Vec<u8>> = VNI.iter().map(|(b, &c)| (c, b.clone())).collect();
        let bytes: Vec<u8> = SAMPLE
            .chars()
            .flat_map(|c| {
                if c.is_ascii() {
                    vec![c as u8]
                } else {
                    inv.get(&c).cloned().unwrap_or_else(|| vec![b'?'])
                }
            })
            .collect();
        assert_eq!(decode(&bytes), Some((SAMPLE.to_owned(), "vni-windows")));
    }

    #[test]
    fn windows_1258_round_trip() {
        // Windows-1258 has the vowel letters (ê, ơ, ư, ă) precomposed and the tones as combining marks.
        let split: String = SAMPLE
            .chars()
            .flat_map(|c| {
                let (tones, rest): (Vec<char>, Vec<char>) =
                    std::iter::once(c).nfd().partition(|m| {
                        matches!(
                            m,
                            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
                        )
                    });
                let base: String = rest.into_iter().nfc().collect();
                base.chars().chain(tones).collect::<Vec<char>>()
            })
            .collect();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&split);
        assert!(!unmappable);
        assert_eq!(decode(&bytes), Some((SAMPLE.to_owned(), "windows-1258")));
    }

    #[test]
    fn latin1_french_is_not_vietnamese() {
        let bytes =
            b"Le r\xe9sum\xe9 du comit\xe9 \xe0 Gen\xe8ve, o\xf9 l'\xe9t\xe9 fut tr\xe8s chaud";
        assert_eq!(decode(bytes).map(|(_, e)| e), None);
    }

    #[test]
    fn syllables() {
        assert!(is_syllable("nghị"));
        assert!(is_syllable("Việt"));
        assert!(is_syllable("đổi"));
        assert!(!is_syllable("ViÖt"));
        assert!(!is_syllable("Coäng"));
        assert!(!is_syllable("ệệệt"));
    }
}
