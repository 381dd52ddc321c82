//! Samples for the criterion benchmarks in `benches/` (run with `cargo bench -p docfacts-bench`):
//! a short and a long text for every language and variant found in `corpus/`.
//!
//! Each corpus text is labelled by docfacts' own detection (no file is named here); the short
//! sample is its first lines up to [`SHORT_BYTES`], the long one the text repeated up to
//! [`LONG_BYTES`], one of each per label (the longest text of the label).
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

use std::path::{Path, PathBuf};

use docfacts_normalize::View;
use docfacts_types::Variant;

/// Size of a short sample (a page or so).
pub const SHORT_BYTES: usize = 2 * 1024;
/// Size of a long sample (a long report).
pub const LONG_BYTES: usize = 128 * 1024;

/// One benchmark input.
#[derive(Clone, Debug)]
pub struct Sample {
    /// `vi-diacritics/short`, `en/long`, …
    pub name: String,
    /// The text (UTF-8).
    pub text: String,
}

/// The repository's `corpus/` directory.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// A short and a long sample per language/variant of the `.txt` files in `dir`, sorted by name.
///
/// # Errors
/// When `dir` or one of its files cannot be read.
pub fn samples_from(dir: &Path) -> std::io::Result<Vec<Sample>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // label → the longest text with that label
    let mut best: std::collections::BTreeMap<String, String> = Default::default();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let detection = docfacts_detect::detect(&text, &View::new(&text));
        let mut label = detection.lang.code().to_owned();
        match detection.variant {
            Some(Variant::Diacritics) => label.push_str("-diacritics"),
            Some(Variant::Unaccented) => label.push_str("-unaccented"),
            _ => {}
        }
        if best.get(&label).is_none_or(|t| t.len() < text.len()) {
            best.insert(label, text);
        }
    }
    let mut out = Vec::new();
    for (label, text) in best {
        out.push(Sample {
            name: format!("{label}/short"),
            text: first_lines(&text, SHORT_BYTES),
        });
        let mut long = String::with_capacity(LONG_BYTES + text.len());
        while long.len() < LONG_BYTES {
            long.push_str(&text);
            long.push('\n');
        }
        out.push(Sample {
            name: format!("{label}/long"),
            text: long,
        });
    }
    Ok(out)
}

/// [`samples_from`] the repository's corpus; empty (benchmarks then measure nothing) if unreadable.
pub fn samples() -> Vec<Sample> {
    samples_from(&corpus_dir()).unwrap_or_default()
}

/// The whole lines of `text` that fit in `max` bytes (at least the first line, cut at a character).
fn first_lines(text: &str, max: usize) -> String {
    let mut end = 0;
    for (i, _) in text.match_indices('\n') {
        if i + 1 > max {
            break;
        }
        end = i + 1;
    }
    if end == 0 {
        end = text.len().min(max);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    text.get(..end).unwrap_or(text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_gives_a_short_and_a_long_sample_per_label() {
        let samples = samples_from(&corpus_dir()).unwrap();
        assert!(
            samples.len() >= 6,
            "{:?}",
            samples.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        for pair in samples.chunks(2) {
            assert!(pair[0].name.ends_with("/short") && pair[1].name.ends_with("/long"));
            assert!(pair[0].text.len() <= SHORT_BYTES && !pair[0].text.is_empty());
            assert!(pair[1].text.len() >= LONG_BYTES);
        }
    }

    #[test]
    fn first_lines_keeps_whole_lines_and_characters() {
        assert_eq!(first_lines("ab\ncd\nef", 6), "ab\ncd\n");
        assert_eq!(first_lines("ééé", 3), "é");
    }
}
