//! What a document is and how it relates to what it cites: the header's metadata, and a relation
//! and cited date for each document number (contract: "Document metadata and citations").

use docfacts_types::Lang;

use crate::Facts;

/// Reads the document's metadata from its header and gives each document number its relation and
/// cited date. Reads the source text and the facts found in it; the facts' spans stay as they are.
pub fn describe(source: &str, lang: Lang, facts: &mut Facts) {
    let _ = (source, lang, facts);
}
