//! What a document is and how it relates to what it cites: the header's metadata, and a relation
//! and cited date for each document number (contract: "Document metadata and citations").
//!
//! Runs after the extractors, on the source text and the facts they found: the header is read a
//! line at a time from the text's first lines ([`header`]), the relations from the words before
//! each document number ([`relations`]), the cited dates from the words between a number and the
//! date after it. Every word comes from the language pack's `citing` table.

mod header;
mod relations;
mod words;

use docfacts_lang::{Citing, Pack};
use docfacts_types::{Lang, Relation, Variant};

use crate::Facts;
use words::{Matcher, Tok};

/// Reads the document's metadata from its header and gives each document number its relation and
/// cited date. Reads the source text and the facts found in it; the facts' spans stay as they are.
///
/// ```
/// use docfacts_types::{Lang, Relation};
/// let source = "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\nCăn cứ Luật số 63/2025/QH15;";
/// // `extract` runs `describe` after the extractors.
/// let facts = docfacts_extract::extract(&docfacts_extract::Analyzed {
///     source,
///     view: &docfacts_normalize::View::new(source),
///     lang: Lang::Vi,
///     variant: None,
///     deadline: None,
/// });
/// assert_eq!(facts.document.doc_type.as_deref(), Some("KH"));
/// let cited = &facts.doc_refs[0];
/// assert_eq!(cited.relation, Relation::Implements);
/// assert_eq!(cited.date.as_ref().map(|d| d.iso.as_str()), Some("2024-12-22"));
/// assert_eq!(facts.doc_refs[1].relation, Relation::Basis);
/// ```
pub fn describe(source: &str, lang: Lang, variant: Option<Variant>, facts: &mut Facts) {
    let pack = docfacts_lang::of(lang);
    let reader = Reader {
        pack,
        matcher: Matcher {
            ocr: lang == Lang::Vi && variant == Some(Variant::Unaccented),
        },
        lang,
    };
    let (document, outline) = header::read(source, &reader, &facts.doc_refs, &facts.dates);
    facts.document = document;
    relations::assign(source, &reader, outline, &mut facts.doc_refs, &facts.dates);
}

/// What the header and relations are read with: the document's pack and how words compare.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'p> {
    /// The document's language pack (`None`: no words to read with).
    pub(crate) pack: Option<&'p Pack>,
    /// How words compare (OCR misreadings count in unaccented Vietnamese).
    pub(crate) matcher: Matcher,
    /// The document's language.
    pub(crate) lang: Lang,
}

impl Reader<'_> {
    /// The pack's header and citation words.
    pub(crate) fn citing(&self) -> Option<&Citing> {
        self.pack.map(|p| &p.citing)
    }

    /// Whether the script has capitals (the authority block and type line are in capitals).
    pub(crate) fn cased(&self) -> bool {
        self.lang != Lang::Fa
    }

    /// The relation a phrase at `toks[i]` names, and the tokens it takes (the longest phrase).
    pub(crate) fn relation_at(&self, toks: &[Tok], i: usize) -> Option<(Relation, usize)> {
        let citing = self.citing()?;
        toks.get(i)?;
        // The longest phrase (the last of the longest, as `longest_at` takes it).
        let mut best: Option<(&str, usize)> = None;
        for &(word, _) in citing.relation_words {
            if let Some(n) = self.matcher.phrase_at(toks, i, word)
                && best.is_none_or(|(_, m)| n >= m)
            {
                best = Some((word, n));
            }
        }
        let (word, n) = best?;
        let relation = citing.relation_words.iter().find(|(w, _)| *w == word)?.1;
        Some((relation, n))
    }
}

/// The tokens split into paragraphs: a paragraph opens after a blank line, after a line that
/// ends a clause (`;`, `.`, `:`), at a line opening with a bullet or with a capitalised relation
/// word (`Căn cứ …`), and after a line in capitals (a heading, a signer's title).
pub(crate) fn paragraphs<'t, 's>(toks: &'t [Tok<'s>], reader: &Reader<'_>) -> Vec<&'t [Tok<'s>]> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut line_upper = toks.first().is_some_and(|t| t.upper || t.folded.is_empty());
    for i in 1..toks.len() {
        let (Some(prev), Some(tok)) = (toks.get(i - 1), toks.get(i)) else {
            continue;
        };
        let heading_above = line_upper && !tok.upper;
        let opens = tok.opens_paragraph()
            || (tok.breaks >= 1
                && (prev.ends_clause()
                    || tok.folded.is_empty()
                    || heading_above
                    || (tok.capital && reader.relation_at(toks, i).is_some())));
        if tok.breaks >= 1 {
            line_upper = true;
        }
        line_upper = line_upper && tok.upper_or_no_letter();
        if opens {
            out.push(toks.get(from..i).unwrap_or_default());
            from = i;
        }
    }
    if from < toks.len() {
        out.push(toks.get(from..).unwrap_or_default());
    }
    out
}

/// The index of the first word of a clause after its bullet or list number (`-`, `~`, `a)`, `1.`).
pub(crate) fn lead_index(words: &[Tok]) -> Option<usize> {
    let first = words.first()?;
    let marker = first.folded.chars().count() <= 2
        && first.trail.starts_with([')', '.'])
        && words.len() > 1
        && first
            .folded
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
    Some(usize::from(marker))
}
