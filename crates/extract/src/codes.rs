//! Document type codes (`NQ`, `NĐ`, `QĐ` …): their canonical spelling and English names, and the
//! words that name them.

use std::sync::LazyLock;

/// Type codes, folded spelling → canonical spelling, with the English type name.
pub(crate) static TYPES: &[(&str, &str, &str)] = &[
    ("NQ", "NQ", "resolution"),
    ("ND", "NĐ", "decree"),
    ("QD", "QĐ", "decision"),
    ("CT", "CT", "directive"),
    ("TT", "TT", "circular"),
    ("KH", "KH", "plan"),
    ("CTr", "CTr", "program"),
    ("TB", "TB", "notice"),
    ("BC", "BC", "report"),
    ("HD", "HD", "guidance"),
    ("TTr", "TTr", "submission"),
    ("CV", "CV", "official_letter"),
    ("KL", "KL", "conclusion"),
    ("DA", "ĐA", "project"),
    ("QC", "QC", "regulation"),
    ("QyD", "QyĐ", "provision"),
    ("QDi", "QĐi", "provision"),
    ("TTLT", "TTLT", "joint_circular"),
    ("NQLT", "NQLT", "joint_resolution"),
    ("PL", "PL", "ordinance"),
    ("CD", "CĐ", "official_telegram"),
    ("BB", "BB", "minutes"),
    ("PA", "PA", "option_plan"),
    ("L", "L", "law"),
];

/// The canonical spelling of a folded type code (`ND` → `NĐ`), if it is one.
pub fn canonical_type(folded: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(f, c, _)| *f == folded || *c == folded)
        .map(|&(_, c, _)| c)
}

/// The English name of a canonical type code (`NQ` → `resolution`).
pub fn type_name(code: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(_, c, _)| *c == code)
        .map_or("document", |&(_, _, n)| n)
}

/// Context words that name the type of the document whose number follows (folded, lowercase),
/// from every language pack.
pub(crate) static TYPE_WORDS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| crate::packs::all(|p| p.type_words));
