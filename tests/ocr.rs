//! Unaccented and OCR-damaged Vietnamese, legacy encodings and tone placement (issue 3): the same
//! canonical facts whatever the spelling, encoding or Unicode form of the text.

use std::collections::HashMap;
use std::path::Path;

use docfacts_pipeline::Pipeline;
use docfacts_types::Record;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The canonical facts of a record, as multisets (sorted): ISO dates, ids, (kind, value) figures.
#[derive(Debug, PartialEq)]
struct Canon {
    dates: Vec<String>,
    ids: Vec<String>,
    figures: Vec<String>,
}

fn canon(r: &Record) -> Canon {
    let mut dates: Vec<String> = r.dates.iter().map(|d| d.iso.clone()).collect();
    let mut ids: Vec<String> = r.doc_refs.iter().map(|d| d.id.clone()).collect();
    let mut figures: Vec<String> = r
        .figures
        .iter()
        .map(|f| {
            let v = serde_json::to_value(f).unwrap();
            format!("{} {}", v["kind"], f.value)
        })
        .collect();
    dates.sort();
    ids.sort();
    figures.sort();
    Canon {
        dates,
        ids,
        figures,
    }
}

/// Runs the whole pipeline on `bytes` written to a file (so ingest decodes them).
fn run_bytes(bytes: &[u8]) -> Record {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, bytes).unwrap();
    let inputs = docfacts_ingest::discover(&[path]).unwrap();
    let record = Pipeline::builder().build().run(&inputs[0]);
    let source = String::from_utf8(docfacts_text(&inputs[0])).unwrap();
    for (start, end, text) in spans(&record) {
        assert_eq!(&source[start..end], text, "span {start}..{end}");
    }
    record
}

fn docfacts_text(input: &docfacts_ingest::Input) -> Vec<u8> {
    docfacts_ingest::read(input, &Default::default())
        .unwrap()
        .text
        .into_bytes()
}

fn spans(r: &Record) -> Vec<(usize, usize, String)> {
    let mut v: Vec<(usize, usize, String)> = Vec::new();
    v.extend(r.dates.iter().map(|f| (f.start, f.end, f.text.clone())));
    v.extend(r.doc_refs.iter().map(|f| (f.start, f.end, f.text.clone())));
    v.extend(r.figures.iter().map(|f| (f.start, f.end, f.text.clone())));
    v
}

fn corpus_003() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/003_61c3d8aa0fae0524.txt"),
    )
    .unwrap()
}

/// Removes every Vietnamese diacritic (`Nghị quyết` → `Nghi quyet`, `Đ` → `D`).
fn strip(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Clean Vietnamese sentences with facts of every kind.
const SENTENCES: &[&str] = &[
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học.",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 181/KH-UBND ngày 28/02/2025, đạt 91,83% chỉ tiêu.",
    "Thực hiện Quyết định số 142/QĐ-TTg ngày 02/02/2024 của Thủ tướng Chính phủ, đã hoàn thành 25/25 nhiệm vụ.",
    "Theo Nghị định số 34/2016/NĐ-CP, trong 6 tháng đầu năm 2025 tỉnh giải quyết 1.284 hồ sơ.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 94%, tổng kinh phí là 186,4 tỷ đồng đến tháng 8/2025.",
];

#[test]
fn stripped_003_gives_the_same_facts() {
    let original = corpus_003();
    let a = run_bytes(original.as_bytes());
    let b = run_bytes(strip(&original).as_bytes());
    assert_eq!(
        b.language.variant,
        Some(docfacts_types::Variant::Unaccented)
    );
    assert_eq!(canon(&a), canon(&b));
}

#[test]
fn stripped_sentences_give_the_same_facts() {
    for s in SENTENCES {
        let a = run_bytes(s.as_bytes());
        let b = run_bytes(strip(s).as_bytes());
        assert!(!canon(&a).ids.is_empty() || !canon(&a).figures.is_empty());
        assert_eq!(canon(&a), canon(&b), "sentence: {s}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Stripping the diacritics of any subset of words keeps the canonical facts.
    #[test]
    fn stripping_any_words_keeps_facts(which in 0usize..SENTENCES.len(), mask in proptest::collection::vec(proptest::bool::ANY, 40)) {
        let s = SENTENCES[which];
        let mixed: Vec<String> = s
            .split(' ')
            .enumerate()
            .map(|(i, w)| if mask[i % mask.len()] { strip(w) } else { w.to_owned() })
            .collect();
        let mixed = mixed.join(" ");
        let a = run_bytes(s.as_bytes());
        let b = run_bytes(mixed.as_bytes());
        proptest::prop_assert_eq!(canon(&a), canon(&b), "mixed: {}", mixed);
    }
}

/// OCR damage seen in scans read without a Vietnamese model, and the ids the context proves.
#[test]
fn ocr_damaged_ids_are_repaired() {
    let text = "Ket qua thuc hien Nghi quyét s6 03/ND-CP ngay 09/01/2025 cua Chinh phu; \
        Nghi quyet so 03/Nb-\nCP cua Chinh phu ve viec thuc hien; Quyét dinh s6 142/Qb-TTg \
        ngay 02/02/2024 cua Thu tuong; tai Quyét dinh s6 28/2018/QP-TTg; Nghi dinh so \
        34/2016/ND-CP cua Chinh phu; Cong van sé 1192/VPUBN[?-KGVX ngay 07/03/2025 cua Van phong; \
        cong van s6 605/ BTTTT-CDSQG cua Bo; Chuong trinh hanh dong 6 32-CTr-TU cua Tinh uy.";
    let r = run_bytes(text.as_bytes());
    let got: Vec<(&str, &str, bool)> = r
        .doc_refs
        .iter()
        .map(|d| (d.text.as_str(), d.id.as_str(), d.repaired))
        .collect();
    assert_eq!(
        got,
        vec![
            ("03/ND-CP", "03/NQ-CP", true),
            ("03/Nb-\nCP", "03/NQ-CP", true),
            ("142/Qb-TTg", "142/QĐ-TTg", true),
            ("28/2018/QP-TTg", "28/2018/QĐ-TTg", true),
            ("34/2016/ND-CP", "34/2016/NĐ-CP", false),
            ("1192/VPUBN[?-KGVX", "1192/VPUBND-KGVX", true),
            ("605/ BTTTT-CDSQG", "605/BTTTT-CĐSQG", true),
            ("32-CTr-TU", "32-CTr/TU", true),
        ]
    );
    assert!(
        r.figures.is_empty(),
        "no figure from OCR'd words or ids: {:?}",
        r.figures
    );
}

#[test]
fn ocr_figures_and_years() {
    let text = "Theo bao cao cua tinh, ty 18 ho so dat 99,77%; Ty 1& giai quyet ho so dung han: 98,2\n%; \
        tinh da tiep nhan l.148 ho so den ngay 3O/9/2025, dinh huong dén nim 2030; \
        t6 chuc, x4 hoi, B9 va s6 lieu khong phai la so.";
    let r = run_bytes(text.as_bytes());
    let figs: Vec<(&str, f64)> = r
        .figures
        .iter()
        .map(|f| (f.text.as_str(), f.value))
        .collect();
    assert_eq!(
        figs,
        vec![("99,77%", 99.77), ("98,2\n%", 98.2), ("l.148", 1148.0)]
    );
    let dates: Vec<(&str, &str)> = r
        .dates
        .iter()
        .map(|d| (d.text.as_str(), d.iso.as_str()))
        .collect();
    assert_eq!(
        dates,
        vec![("3O/9/2025", "2025-09-30"), ("nim 2030", "2030")]
    );
}

// ---- legacy encodings -------------------------------------------------------------------------

fn table(json: &str, key: &str) -> Vec<(Vec<u8>, char, Vec<char>)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["map"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let bytes = e[key]
                .as_str()
                .unwrap()
                .split_whitespace()
                .map(|b| u8::from_str_radix(b.trim_start_matches("0x"), 16).unwrap())
                .collect();
            let c = e["unicode"].as_str().unwrap().chars().next().unwrap();
            let also = e["also_encodes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str()?.chars().next())
                        .collect()
                })
                .unwrap_or_default();
            (bytes, c, also)
        })
        .collect()
}

/// Encodes `text` with a legacy table: characters it lacks become their lowercase (TCVN3 has no
/// toned capitals) or, failing that, a plain ASCII stand-in.
fn encode(text: &str, json: &str, key: &str) -> Vec<u8> {
    let mut inv: HashMap<char, Vec<u8>> = HashMap::new();
    for (bytes, c, also) in table(json, key) {
        inv.entry(c).or_insert_with(|| bytes.clone());
        for a in also {
            inv.entry(a).or_insert_with(|| bytes.clone());
        }
    }
    let mut out = Vec::new();
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(b) = inv.get(&c) {
            out.extend(b);
        } else if let Some(b) = c.to_lowercase().next().and_then(|l| inv.get(&l)) {
            out.extend(b);
        } else {
            out.push(match c {
                '–' | '—' => b'-',
                '“' | '”' => b'"',
                '‘' | '’' => b'\'',
                c if c.is_whitespace() => b' ',
                _ => {
                    let s = strip(&c.to_string());
                    s.bytes().next().filter(u8::is_ascii).unwrap_or(b'?')
                }
            });
        }
    }
    out
}

const TCVN3: &str = include_str!("../crates/ingest/data/tcvn3_to_unicode.json");
const VNI: &str = include_str!("../crates/ingest/data/vni_windows_to_unicode.json");
const VISCII: &str = include_str!("../crates/ingest/data/viscii_to_unicode.json");

fn round_trip(json: &str, key: &str, name: &str) {
    let original = corpus_003();
    let bytes = encode(&original, json, key);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "{name} bytes must not be UTF-8"
    );
    let r = run_bytes(&bytes);
    assert_eq!(r.source.encoding.as_deref(), Some(name));
    assert_eq!(
        r.language.variant,
        Some(docfacts_types::Variant::Diacritics)
    );
    assert_eq!(canon(&r), canon(&run_bytes(original.as_bytes())), "{name}");
}

#[test]
fn tcvn3_round_trip_003() {
    round_trip(TCVN3, "byte", "tcvn3");
}

#[test]
fn vni_round_trip_003() {
    round_trip(VNI, "bytes", "vni-windows");
}

#[test]
fn viscii_round_trip_003() {
    round_trip(VISCII, "byte", "viscii");
}

#[test]
fn valid_utf8_is_never_reinterpreted() {
    // Latin-1 letters that are VNI/TCVN3 codes, in valid UTF-8.
    let text = "Coäng hoøa xaõ hoäi ViÖt Nam µ ¸ ¶ · ¹ — 25/25";
    let r = run_bytes(text.as_bytes());
    assert_eq!(r.source.encoding.as_deref(), Some("utf-8"));
}

// ---- tone placement and Unicode form ----------------------------------------------------------

/// Moves the tone of open `oa`/`oe`/`uy` syllables to the other vowel (old ↔ new placement), with
/// the pairs of `vi_tone_placement.json`.
fn other_placement(text: &str) -> String {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/vi_tone_placement.json")).unwrap();
    let pairs: Vec<(String, String)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["old_style"].as_str().unwrap().to_owned(),
                p["new_style"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let chars: Vec<char> = text.nfc().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let pair: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let open = chars.get(i + 2).is_none_or(|c| !c.is_alphabetic());
        let after_q = i > 0 && matches!(chars[i - 1], 'q' | 'Q');
        if let Some(swap) = pairs.iter().find_map(|(o, n)| {
            if *o == pair {
                Some(n)
            } else if *n == pair {
                Some(o)
            } else {
                None
            }
        }) && open
            && !after_q
        {
            out.push_str(swap);
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[test]
fn nfd_and_other_tone_placement_give_the_same_facts() {
    let original = corpus_003();
    let changed = other_placement(&original);
    assert_ne!(changed, original, "003 has open oa/oe/uy syllables");
    let nfd: String = changed.nfd().collect();
    let a = run_bytes(original.as_bytes());
    let b = run_bytes(nfd.as_bytes());
    assert_eq!(
        b.language.variant,
        Some(docfacts_types::Variant::Diacritics)
    );
    assert_eq!(canon(&a), canon(&b));
}

#[test]
fn combining_marks_in_wrong_order() {
    // "số 03" with the acute before the circumflex, and "Nghị quyết" likewise.
    let text = "Nghi\u{0323} quye\u{0301}\u{0302}t so\u{0301}\u{0302} 03/NQ-CP nga\u{0300}y 09/01/2025 cu\u{0309}a Chi\u{0301}nh phu\u{0309}, đạt 91,83%.";
    let r = run_bytes(text.as_bytes());
    assert_eq!(canon(&r).ids, vec!["03/NQ-CP"]);
    assert_eq!(canon(&r).dates, vec!["2025-01-09"]);
    assert_eq!(r.figures.len(), 1);
}

#[test]
fn text_normalized_prints_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ocr.txt");
    std::fs::write(
        &path,
        "Ket qua thuc hien Nghi quyét s6 03/ND-CP ngay 09/01/2025 cua Chinh phu ve viec thuc hien",
    )
    .unwrap();
    let out = crate::cli::docfacts()
        .args(["text", "--normalized"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let view = String::from_utf8(out.stdout).unwrap();
    assert!(view.contains("Nghi quyet so 03/ND-CP"), "view: {view}");
}
