//! Invariants that hold for any input: extraction never panics and every span is the fact's text.

use docfacts_ingest::Document;
use docfacts_pipeline::Pipeline;
use docfacts_types::{Record, Source};
use proptest::prelude::*;

fn analyze(text: &str) -> Record {
    let doc = Document {
        text: text.to_owned(),
        source: Source::default(),
        page_starts: None,
        warnings: Vec::new(),
    };
    Pipeline::builder().build().analyze("prop", doc)
}

fn assert_spans(text: &str, rec: &Record) -> Result<(), TestCaseError> {
    for (s, e, t) in rec
        .dates
        .iter()
        .map(|f| (f.start, f.end, &f.text))
        .chain(rec.doc_refs.iter().map(|f| (f.start, f.end, &f.text)))
        .chain(rec.figures.iter().map(|f| (f.start, f.end, &f.text)))
    {
        prop_assert_eq!(
            text.get(s..e),
            Some(t.as_str()),
            "span {}..{} of {:?}",
            s,
            e,
            text
        );
    }
    Ok(())
}

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Pieces that stress the grammars: digits of three scripts, separators, marks, keywords.
const PIECES: &[&str] = &[
    "57-NQ/TW",
    "03/NQ-",
    "\n",
    "CP",
    "ngày ",
    "tháng ",
    "năm ",
    "2025",
    "/",
    "%",
    "٪",
    "۱۲",
    "٬",
    "٫",
    "،",
    "1.250",
    "91,83",
    " tỷ đồng",
    "hơn ",
    "over ",
    "July ",
    "29, ",
    "quý III/",
    "6 tháng đầu năm ",
    "\u{0301}",
    "\u{200C}",
    "Đ",
    "ư",
    "-",
    " ",
    "https://x.y/1",
    "HATRI 10",
    "5G",
    "₫",
    "\u{FEFF}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_and_spans_hold(text in "\\PC{0,200}") {
        let rec = analyze(&text);
        assert_spans(&text, &rec)?;
    }

    #[test]
    fn grammar_pieces_never_panic_and_spans_hold(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
        let text: String = parts.concat();
        let rec = analyze(&text);
        assert_spans(&text, &rec)?;
    }

    #[test]
    fn corpus_with_cuts_and_insertions(doc in 0usize..5, cut in 0usize..40_000, len in 0usize..400, insert in "\\PC{0,12}") {
        let texts = corpus();
        let src = &texts[doc % texts.len()];
        let mut at = cut % (src.len() + 1);
        while !src.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        let text = format!("{}{}{}", &src[..at], insert, &src[end..]);
        let rec = analyze(&text);
        assert_spans(&text, &rec)?;
    }
}
