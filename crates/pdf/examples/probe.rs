fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        let t = std::time::Instant::now();
        match docfacts_pdf::extract(&bytes, &Default::default()) {
            Ok(r) => {
                if std::env::var("SHOW").is_ok() {
                    println!("{}", r.pages.join("\x0c"));
                }
                eprintln!(
                    "{p}: OK pages={} warn={:?} {:?}",
                    r.pages.len(),
                    r.warnings,
                    t.elapsed()
                );
            }
            Err(e) => eprintln!("{p}: ERR {:?} {e} {:?}", e.kind, t.elapsed()),
        }
    }
}
