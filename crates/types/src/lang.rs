use serde::{Deserialize, Serialize};

/// A supported document language (ISO 639-1), or `und` when none could be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
    /// Persian (Farsi).
    Fa,
    /// Undetermined.
    Und,
}

impl Lang {
    /// The ISO 639-1 code written in records.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
            Lang::Fa => "fa",
            Lang::Und => "und",
        }
    }

    /// Parses an ISO 639-1 code (`vi`, `en`, `fa`, `und`), case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "vi" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            "fa" | "fas" | "per" => Some(Lang::Fa),
            "und" => Some(Lang::Und),
            _ => None,
        }
    }
}

/// How a Vietnamese text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// Normal Vietnamese orthography with diacritics.
    Diacritics,
    /// Text that lost its diacritics, typically an OCR without a Vietnamese model.
    Unaccented,
}
