//! Writes the character classes of the first code points (see `src/classes.rs`) from the standard
//! library's own answers, so that the table is compiled in rather than computed on first use.

use std::path::PathBuf;

/// Code points below this are in the table (`classes::TABLE_SIZE`).
const TABLE_SIZE: u32 = 0x2080;
/// `classes::ALPHABETIC`, `classes::NUMERIC`, `classes::LOWERCASE`, `classes::UPPERCASE`.
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;
const LOWERCASE: u8 = 4;
const UPPERCASE: u8 = 8;

fn main() -> std::io::Result<()> {
    let bit = |yes: bool, bit: u8| if yes { bit } else { 0 };
    let table: Vec<u8> = (0..TABLE_SIZE)
        .map(|code| {
            char::from_u32(code).map_or(0, |c| {
                bit(c.is_alphabetic(), ALPHABETIC)
                    | bit(c.is_numeric(), NUMERIC)
                    | bit(c.is_lowercase(), LOWERCASE)
                    | bit(c.is_uppercase(), UPPERCASE)
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
