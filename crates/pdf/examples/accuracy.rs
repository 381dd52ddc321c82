//! `accuracy FILE.pdf REF.txt [pdftotext.txt]`: character accuracy after whitespace folding.
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn fold(s: &str) -> Vec<char> {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect()
}
fn acc(a: &str, b: &str) -> f64 {
    let (a, b) = (fold(a), fold(b));
    let d = strsim::generic_levenshtein(&a, &b);
    1.0 - d as f64 / a.len().max(b.len()).max(1) as f64
}
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).unwrap();
    let text = docfacts_pdf::extract(&bytes, &Default::default())
        .map(|t| t.pages.join("\n"))
        .unwrap_or_default();
    let reference = std::fs::read_to_string(&args[1]).unwrap();
    let other = args
        .get(2)
        .map(|p| acc(&reference, &std::fs::read_to_string(p).unwrap()));
    println!(
        "{:40} ours {:.4}  pdftotext {:?}",
        args[0],
        acc(&reference, &text),
        other
    );
    if std::env::var("DUMP").is_ok() {
        std::fs::write("/tmp/pdf_ours.txt", text).unwrap();
    }
}
