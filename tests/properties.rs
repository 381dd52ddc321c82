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

/// A document from many: each corpus report (diacritics, unaccented OCR, English, Persian) and
/// the comparison fixtures, joined `times` over in a rotating order.
fn long_text(times: usize) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut parts: Vec<String> = ["corpus", "fixtures/compare"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    parts.sort();
    let mut out = String::new();
    for round in 0..times {
        let n = parts.len().max(1);
        parts.rotate_left(round % n);
        for part in &parts {
            out.push_str(part);
            // Joined on a line break, on a space, or glued, in turn.
            out.push_str(["\n", " ", ""][round % 3]);
        }
    }
    out
}

#[test]
fn a_long_document_read_a_window_at_a_time_gives_the_facts_of_the_whole() {
    let text = long_text(4);
    assert!(
        text.len() > 3 * docfacts_extract::MARGIN,
        "{} bytes",
        text.len()
    );
    let doc = |text: &str| Document {
        text: text.to_owned(),
        source: Source::default(),
        page_starts: None,
        warnings: Vec::new(),
    };
    // The whole document at once (its window longer than it), then windows of several sizes,
    // cut inside words, numbers and dates.
    let whole = Pipeline::builder()
        .long_window(usize::MAX / 4)
        .build()
        .analyze("long", doc(&text));
    assert!(whole.figures.len() > 100 && whole.dates.len() > 20 && whole.doc_refs.len() > 20);
    for window in [1, 997, 4096, 25_000] {
        let windowed = Pipeline::builder()
            .long_window(window)
            .build()
            .analyze("long", doc(&text));
        assert_eq!(windowed, whole, "window of {window} bytes");
    }
    // Forced to each language too (the windows read the language the whole document is read as).
    for lang in [
        docfacts_types::Lang::Vi,
        docfacts_types::Lang::En,
        docfacts_types::Lang::Fa,
    ] {
        let build = |window: usize| {
            Pipeline::builder()
                .force_lang(Some(lang))
                .long_window(window)
                .build()
                .analyze("long", doc(&text))
        };
        assert_eq!(build(3000), build(usize::MAX / 4), "{lang:?}");
    }
    // Each report alone, repeated: its own language and variant (unaccented OCR Vietnamese folds
    // OCR confusions in every window's view).
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(root).unwrap() {
        let report = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let text = [report.as_str(); 6].join("\n");
        let build = |window: usize| {
            Pipeline::builder()
                .long_window(window)
                .build()
                .analyze("long", doc(&text))
        };
        let whole = build(usize::MAX / 4);
        assert_eq!(build(2500), whole, "{:?}", whole.language);
    }
}
