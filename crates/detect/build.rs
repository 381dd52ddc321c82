//! Writes the character classes of the first code points (see `src/classes.rs`) from the standard
//! library's own answers, so that detection reads them from a table compiled in rather than
//! computing them on first use.

use std::path::PathBuf;

/// Code points below this are in the table (`classes::TABLE_SIZE`).
const TABLE_SIZE: u32 = 0x2000;
/// `classes::ALPHABETIC`, `classes::NUMERIC`.
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;

fn main() -> std::io::Result<()> {
    let table: Vec<u8> = (0..TABLE_SIZE)
        .map(|code| {
            char::from_u32(code).map_or(0, |c| {
                let alphabetic = if c.is_alphabetic() { ALPHABETIC } else { 0 };
                let numeric = if c.is_numeric() { NUMERIC } else { 0 };
                alphabetic | numeric
            })
        })
        .collect();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("classes.bin");
    std::fs::write(out, table)?;
    #[allow(clippy::print_stdout)] // Cargo's build-script protocol.
    {
        println!("cargo::rerun-if-changed=build.rs");
    }
    Ok(())
}
