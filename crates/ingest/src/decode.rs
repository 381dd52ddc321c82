//! Bytes → text: byte-order marks, UTF-16, UTF-8, and the checks that tell text from junk.

use docfacts_types::ErrorKind;

/// A decoded text and the encoding it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The source text (BOM removed): the coordinate system of every fact.
    pub text: String,
    /// The encoding's name as written in `source.encoding` (`utf-8`, `utf-16le`, `utf-16be`, and
    /// for legacy Vietnamese files `tcvn3`, `vni-windows`, `viscii`, `windows-1258`).
    pub encoding: &'static str,
}

/// How many leading bytes are inspected to tell binary data from text.
const SNIFF_LEN: usize = 64 * 1024;

/// Decodes a text file's bytes.
///
/// Accepts UTF-8 with or without a BOM and UTF-16 with a BOM (or, without one, when every other
/// byte is NUL as in ASCII-range UTF-16). Bytes that are not valid UTF-8 are tried as the legacy
/// Vietnamese encodings TCVN3, VNI-Windows, VISCII and Windows-1258 (see `legacy`); valid UTF-8 is
/// never reinterpreted.
///
/// # Errors
/// `(kind, message)` with kind [`ErrorKind::Empty`], [`ErrorKind::Binary`] or
/// [`ErrorKind::InvalidEncoding`], the message saying where the problem is.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, (ErrorKind, String)> {
    // `checked`: the text is the very bytes already found not binary.
    let (text, encoding, checked) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, "utf-8", false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, u16::from_le_bytes)?, "utf-16le", false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, u16::from_be_bytes)?, "utf-16be", false)
    } else if let Some(order) = bomless_utf16(bytes) {
        match order {
            Endian::Little => (utf16(bytes, u16::from_le_bytes)?, "utf-16le", false),
            Endian::Big => (utf16(bytes, u16::from_be_bytes)?, "utf-16be", false),
        }
    } else {
        if looks_binary(bytes) {
            return Err((
                ErrorKind::Binary,
                "binary data, not text (NUL or control bytes)".to_owned(),
            ));
        }
        match utf8(bytes) {
            Ok(text) => (text, "utf-8", true),
            // Not UTF-8: a legacy Vietnamese encoding, if one reads as Vietnamese.
            Err(err) => {
                let (text, encoding) = crate::legacy::decode(bytes).ok_or(err)?;
                (text, encoding, false)
            }
        }
    };
    if text.trim().is_empty() {
        return Err((ErrorKind::Empty, "empty document: no text".to_owned()));
    }
    if !checked && looks_binary(text.as_bytes()) {
        return Err((
            ErrorKind::Binary,
            "binary data, not text (NUL or control characters)".to_owned(),
        ));
    }
    Ok(Decoded { text, encoding })
}

fn utf8(bytes: &[u8]) -> Result<String, (ErrorKind, String)> {
    // simdutf8 validates valid text several times faster than the standard library; on invalid
    // text the standard library says where it breaks.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err((
            ErrorKind::InvalidEncoding,
            format!(
                "invalid UTF-8 at byte {} and no other supported encoding fits",
                e.valid_up_to()
            ),
        )),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, (ErrorKind, String)> {
    if !bytes.len().is_multiple_of(2) {
        return Err((
            ErrorKind::InvalidEncoding,
            "UTF-16 text with an odd number of bytes".to_owned(),
        ));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            unit([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    String::from_utf16(&units).map_err(|_| {
        (
            ErrorKind::InvalidEncoding,
            "invalid UTF-16 (unpaired surrogate)".to_owned(),
        )
    })
}

enum Endian {
    Little,
    Big,
}

/// UTF-16 without a BOM is recognised only in its most certain form: mostly ASCII-range text, so that
/// NUL falls on every other byte.
fn bomless_utf16(bytes: &[u8]) -> Option<Endian> {
    let sample = head(bytes, SNIFF_LEN & !1);
    let sample = head(sample, sample.len() & !1);
    // Text without a NUL (nearly every file) is not UTF-16: one memchr instead of the count.
    if sample.len() < 4 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [even, odd] = pair {
            even_nul += usize::from(*even == 0);
            odd_nul += usize::from(*odd == 0);
        }
    }
    if odd_nul * 10 >= pairs * 9 && even_nul == 0 {
        Some(Endian::Little)
    } else if even_nul * 10 >= pairs * 9 && odd_nul == 0 {
        Some(Endian::Big)
    } else {
        None
    }
}

/// NUL anywhere in the sample, or more than 5% C0 control characters other than whitespace.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = head(bytes, SNIFF_LEN);
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    // Counted in blocks whose count fits a `u8`, branch-free: a loop the compiler vectorizes.
    let controls: usize = sample
        .chunks(255)
        .map(|block| {
            let count = block.iter().fold(0u8, |n, &b| {
                let control = (b < 0x20) & !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C);
                n.wrapping_add(u8::from(control))
            });
            usize::from(count)
        })
        .sum();
    controls * 20 > sample.len()
}

/// At most the first `n` bytes.
pub(crate) fn head(bytes: &[u8], n: usize) -> &[u8] {
    bytes.get(..n.min(bytes.len())).unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($name:ident, $input:expr, Ok($text:expr, $enc:expr)) => {
            #[test]
            fn $name() {
                let d = decode_text($input).unwrap();
                assert_eq!((d.text.as_str(), d.encoding), ($text, $enc));
            }
        };
        ($name:ident, $input:expr, Err($kind:expr)) => {
            #[test]
            fn $name() {
                assert_eq!(decode_text($input).unwrap_err().0, $kind);
            }
        };
    }

    t!(
        plain_utf8,
        "Nghị quyết số 57-NQ/TW".as_bytes(),
        Ok("Nghị quyết số 57-NQ/TW", "utf-8")
    );
    t!(utf8_bom_removed, b"\xEF\xBB\xBFabc", Ok("abc", "utf-8"));
    t!(utf16le_bom, b"\xFF\xFEa\x00b\x00", Ok("ab", "utf-16le"));
    t!(utf16be_bom, b"\xFE\xFF\x00a\x00b", Ok("ab", "utf-16be"));
    t!(
        utf16le_no_bom,
        b"h\x00e\x00l\x00l\x00o\x00",
        Ok("hello", "utf-16le")
    );
    t!(empty, b"", Err(ErrorKind::Empty));
    t!(only_bom, b"\xEF\xBB\xBF", Err(ErrorKind::Empty));
    t!(whitespace_only, b" \n\t\r\n", Err(ErrorKind::Empty));
    t!(
        binary_nul,
        b"\x7FELF\x02\x01\x01\x00\x00\x00",
        Err(ErrorKind::Binary)
    );
    t!(controls, b"\x01\x02\x03\x04abc", Err(ErrorKind::Binary));
    t!(
        invalid_utf8,
        b"abc \xC3\x28 def",
        Err(ErrorKind::InvalidEncoding)
    );
    t!(
        odd_utf16,
        b"\xFF\xFEa\x00b",
        Err(ErrorKind::InvalidEncoding)
    );
}
