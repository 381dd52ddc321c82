//! The header of an official document (authority block, own number, place-and-date line, type
//! line, title) and a news article's headline and dateline, read from the text's first lines; and
//! the outline the relations are read in: where the title and the preamble are.

use std::ops::Range;

use docfacts_types::{
    DateFact, DocRefFact, DocumentMeta, MetaDate, MetaNumber, MetaText, Precision,
};

use docfacts_normalize::CharClasses;

use super::Reader;
use super::words::{Tok, reread, words};
use crate::codes::{TYPE_WORDS, type_name};

/// How far into a text its header is looked for.
const HEAD_BYTES: usize = 16 * 1024;
/// How many non-blank lines from the top may hold the own number or the type line.
const HEAD_LINES: usize = 40;
/// The most lines a title or headline takes.
const TITLE_LINES: usize = 6;
/// How far after the title the preamble may reach.
const PREAMBLE_BYTES: usize = 24 * 1024;

/// The first word of every type word (`nghi` of `nghi quyet`): a type line opens with one.
static TYPE_FIRST_WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut words: Vec<&str> = TYPE_WORDS
        .iter()
        .filter_map(|(w, _)| w.split(' ').next())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
});

/// Type codes of legal acts, whose articles may amend, replace or repeal other documents.
const LEGAL_ACTS: &[&str] = &[
    "NQ", "NĐ", "QĐ", "TT", "L", "CT", "TTLT", "NQLT", "PL", "QC", "QyĐ",
];

/// Where a document speaks about itself, for the relations.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outline<'s> {
    /// Whether the text opens with an official header (an own number or a type line).
    pub(crate) official: bool,
    /// Whether the document is a legal act (its articles may amend, replace, repeal).
    pub(crate) legal_act: bool,
    /// The title's span.
    pub(crate) title: Option<Range<usize>>,
    /// The preamble's span: the citations between the title and the body.
    pub(crate) preamble: Option<Range<usize>>,
    /// The preamble's words (read with it: the relations need not read them again).
    pub(crate) preamble_words: Vec<Tok<'s>>,
    /// The index in `doc_refs` of the document's own number.
    pub(crate) own: Option<usize>,
}

/// One line of the head: its words, split into cells where columns are (two or more spaces, a
/// tab, a table's `|`).
#[derive(Debug)]
struct Line<'s> {
    toks: Vec<Tok<'s>>,
    /// Index in `toks` where each cell after the first starts (the first starts at 0): empty
    /// for a line of one cell, so that it needs no allocation.
    cells: Vec<usize>,
    /// A line not read into words: longer than any header line ([`HEADER_LINE`]), or not
    /// looking like one (see [`lines`]); body text until [`fill`] reads it.
    long: bool,
    /// The line's span in the source.
    range: Range<usize>,
}

/// The longest line read as a header line (a title's line included); longer ones are body text.
const HEADER_LINE: usize = 400;

impl<'s> Line<'s> {
    fn is_blank(&self) -> bool {
        !self.long && self.words().next().is_none()
    }

    /// The words with letters or digits (markup and rules left out).
    fn words(&self) -> impl Iterator<Item = &Tok<'s>> {
        self.toks.iter().filter(|t| !t.folded.is_empty())
    }

    fn start(&self) -> usize {
        self.words().next().map_or(0, |t| t.start)
    }

    fn end(&self) -> usize {
        self.words().last().map_or(0, |t| t.end)
    }

    /// The words of each cell.
    fn cells(&self) -> impl Iterator<Item = &[Tok<'s>]> {
        let starts = std::iter::once(0).chain(self.cells.iter().copied());
        let ends = self.cells.iter().copied().chain([self.toks.len()]);
        starts.zip(ends).filter_map(|(a, b)| self.toks.get(a..b))
    }
}

/// The head's lines. Only the lines that may be a header line are read into words at first
/// (the first few, and those short, in columns, labelled or in capitals); [`fill`] reads others
/// where the header turns out to be (its authority block, its title).
fn lines<'s>(source: &'s str, reader: &Reader<'_>) -> Vec<Line<'s>> {
    let end = source.floor_char_boundary(HEAD_BYTES.min(source.len()));
    // Room for the lines read and a few blank ones between them.
    let mut out = Vec::with_capacity(2 * (HEAD_LINES + TITLE_LINES));
    let mut at = 0;
    let head = source.get(..end).unwrap_or_default();
    let mut filled = 0;
    // Lines split where `memchr` finds their breaks (as `split_inclusive('\n')` would).
    let breaks = memchr::memchr_iter(b'\n', head.as_bytes()).map(|i| i + 1);
    let ends = breaks.chain((!head.ends_with('\n') && !head.is_empty()).then_some(head.len()));
    for raw in ends.scan(0, |from, end| {
        let line = head.get(*from..end).unwrap_or_default();
        *from = end;
        Some(line)
    }) {
        if filled > HEAD_LINES + TITLE_LINES {
            break; // every line the header is looked for in
        }
        let blank = raw.trim().is_empty();
        filled += usize::from(!blank);
        let range = at..at + raw.len();
        at += raw.len();
        let mut line = Line {
            toks: Vec::new(),
            cells: Vec::new(),
            long: true,
            range: range.clone(),
        };
        if blank {
            line.long = false; // no words in whitespace: nothing to read
        } else if raw.len() <= HEADER_LINE && header_like(raw) {
            read_line(&mut line, source, reader);
        }
        out.push(line);
    }
    out
}

/// The searcher for two spaces (a gap between columns), built once.
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("  "));

/// Whether a raw line may be a header line: a few words, in columns, labelled, or opening in
/// capitals.
fn header_like(raw: &str) -> bool {
    let text = raw.trim();
    let classes = CharClasses::get();
    let capitals = || {
        text.chars()
            .filter(|&c| classes.alphabetic(c))
            .take(2)
            .all(|c| classes.uppercase(c))
    };
    let short = text.len() <= 48 && text.split_whitespace().nth(4).is_none();
    // The marks are ASCII (no byte of a longer character): searched for as bytes.
    let columns = || {
        let bytes = text.as_bytes();
        memchr::memchr3(b':', b'\t', b'|', bytes).is_some() || DOUBLE_SPACE.find(bytes).is_some()
    };
    short || capitals() || columns()
}

/// Reads the lines of `range` that were left unread (long ones stay body text).
fn fill<'s>(lines: &mut [Line<'s>], range: Range<usize>, source: &'s str, reader: &Reader<'_>) {
    let end = range.end.min(lines.len());
    for line in lines.get_mut(range.start.min(end)..end).unwrap_or_default() {
        if line.long && line.range.len() <= HEADER_LINE {
            read_line(line, source, reader);
        }
    }
}

/// Splits a line into words and cells.
fn read_line<'s>(line: &mut Line<'s>, source: &'s str, reader: &Reader<'_>) {
    let range = line.range.clone();
    let toks = words(source, range.clone(), reader.pack, reader.matcher.ocr);
    let mut cells = Vec::new();
    let mut prev_end = range.start;
    for (i, tok) in toks.iter().enumerate() {
        let gap_start = prev_end.min(tok.start);
        let gap = source.get(gap_start..tok.start).unwrap_or_default();
        // Bytes, not a string searcher: the gap is a space or two.
        let column = gap.as_bytes().windows(2).any(|w| w == b"  ")
            || gap.bytes().any(|b| b == b'\t' || b == b'|')
            || tok.lead.bytes().any(|b| b == b'|');
        if i > 0 && column {
            cells.push(i);
        }
        prev_end = tok.end + tok.trail.len();
    }
    line.toks = toks;
    line.cells = cells;
    line.long = false;
}

/// Reads the document's metadata and outline from its first lines.
pub(crate) fn read<'s>(
    source: &'s str,
    reader: &Reader<'_>,
    doc_refs: &[DocRefFact],
    dates: &[DateFact],
) -> (DocumentMeta, Outline<'s>) {
    let mut meta = DocumentMeta::default();
    let mut outline = Outline::default();
    if reader.pack.is_none() {
        return (meta, outline);
    }
    let mut lines = lines(source, reader);
    let mut top: Vec<usize> = Vec::with_capacity(HEAD_LINES);
    top.extend(
        (0..lines.len())
            .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
            .take(HEAD_LINES),
    );

    let own = own_number(&lines, &top, reader, doc_refs);
    let type_line = type_line(&lines, &top, own.map(|(line, _)| line), reader);
    outline.official = own.is_some() || type_line.is_some();

    if let Some((_, k)) = own
        && let Some(r) = doc_refs.get(k)
    {
        outline.own = Some(k);
        meta.number = Some(MetaNumber {
            text: r.text.clone(),
            start: r.start,
            end: r.end,
            id: r.id.clone(),
        });
    }
    let code = type_line.as_ref().map(|t| t.code.to_owned()).or_else(|| {
        own.and_then(|(_, k)| doc_refs.get(k))
            .map(|r| r.doc_type.clone())
    });
    if let Some(code) = code {
        meta.type_name = Some(type_name(&code).to_owned());
        outline.legal_act = LEGAL_ACTS.contains(&code.as_str());
        meta.doc_type = Some(code);
    }

    if outline.official {
        let block_end = own
            .map(|(line, _)| line)
            .or(type_line.as_ref().map(|t| t.line))
            .unwrap_or(0);
        let from = own.map_or(0, |(line, _)| line);
        let to = type_line
            .as_ref()
            .map_or(from + 8, |t| t.line.max(from + 1));
        // The authority block and the lines down to the type line (the place and date).
        fill(&mut lines, 0..to.max(block_end + 1), source, reader);
        meta.issuer = issuer(&lines, block_end, source, reader);
        let after = own.and_then(|(_, k)| doc_refs.get(k)).map_or(0, |r| r.end);
        if let Some((issued, place)) =
            place_and_date(&lines, from..to, after, source, reader, dates)
        {
            meta.issued = Some(issued);
            meta.place = place;
        }
        if let Some(t) = &type_line {
            let issuer = meta.issuer.as_ref().map(|i| folded_words(&i.text));
            meta.title = title(&mut lines, t, source, reader, issuer.as_deref());
        }
        let title_end = meta.title.as_ref().map(|t| t.end);
        // The preamble follows the last part of the header: the title, the type line, the
        // place-and-date line, the own number.
        let start = [
            title_end,
            type_line
                .as_ref()
                .and_then(|t| lines.get(t.line))
                .map(Line::end),
            meta.issued.as_ref().map(|d| d.end),
            own.and_then(|(_, k)| doc_refs.get(k)).map(|r| r.end),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        outline.title = meta.title.as_ref().map(|t| t.start..t.end);
        if let Some((range, toks)) = preamble(source, start, reader) {
            outline.preamble = Some(range);
            outline.preamble_words = toks;
        }
    } else {
        // A headline is the first line and those it runs on to; a dateline a line near the top
        // that holds a day: only those are read.
        if let (Some(&first), Some(&last)) = (
            top.first(),
            top.get(TITLE_LINES.min(top.len().saturating_sub(1))),
        ) {
            fill(&mut lines, first..last + 1, source, reader);
        }
        for &i in top.iter().take(6) {
            let range = lines.get(i).map(|l| l.range.clone()).unwrap_or_default();
            let day = dates
                .iter()
                .any(|d| d.precision == Precision::Day && range.contains(&d.start));
            if day {
                fill(&mut lines, i..i + 1, source, reader);
            }
        }
        meta.title = headline(&lines, &top, source, reader);
        meta.issued = dateline(&lines, &top, reader, dates);
    }
    (meta, outline)
}

/// The own number: the document number right after a number label (`Số:`, `No.:`, `شماره:`)
/// in the header's lines, as (line, index in `doc_refs`).
fn own_number(
    lines: &[Line],
    top: &[usize],
    reader: &Reader<'_>,
    doc_refs: &[DocRefFact],
) -> Option<(usize, usize)> {
    let labels = reader.citing()?.number_labels;
    for &i in top {
        let line = lines.get(i)?;
        for cell in line.cells() {
            // The cell's first three words: the label, what follows it, and whether more do.
            let mut words = cell.iter().filter(|t| !t.folded.is_empty());
            let (Some(tok), next, third) = (words.next(), words.next(), words.next()) else {
                continue;
            };
            // The label opens its cell, with a colon or alone with the number (`No. 13/…`).
            let is_label = labels.iter().any(|l| reader.matcher.same(&tok.folded, l))
                || labels.iter().any(|l| {
                    tok.folded
                        .strip_prefix(l)
                        .is_some_and(|r| r.starts_with(':'))
                });
            if !is_label || !(tok.trail.contains(':') || third.is_none()) {
                continue;
            }
            let reach = next.map_or(tok.end + 2, |n| n.start + 2);
            let hit = doc_refs
                .iter()
                .position(|r| r.start > tok.start && r.start <= reach);
            if let Some(k) = hit {
                return Some((i, k));
            }
        }
    }
    None
}

/// The type line: a line that is a type word alone (`BÁO CÁO`, `REPORT`, `گزارش`), or a line in
/// capitals that opens with one (`KẾ HOẠCH THỰC HIỆN …`).
#[derive(Debug)]
struct TypeLine {
    line: usize,
    code: &'static str,
    /// Index in the line's words where the title goes on, when it does on the same line.
    rest: Option<usize>,
}

fn type_line(
    lines: &[Line],
    top: &[usize],
    own_line: Option<usize>,
    reader: &Reader<'_>,
) -> Option<TypeLine> {
    let from = own_line.unwrap_or(0);
    let candidates = top.iter().copied().filter(|&i| i >= from.saturating_sub(6));
    for i in candidates.take(20) {
        let line = lines.get(i)?;
        let first = line
            .words()
            .next()
            .map(|t| t.folded.as_str())
            .unwrap_or_default();
        let opens = TYPE_FIRST_WORDS
            .iter()
            .any(|w| reader.matcher.same(first, w));
        if !opens {
            continue;
        }
        let words: Vec<Tok> = line.words().cloned().collect();
        let Some((word, n)) =
            reader
                .matcher
                .longest_at(&words, 0, TYPE_WORDS.iter().map(|(w, _)| *w))
        else {
            continue;
        };
        let last = words.get(n - 1)?;
        if last.trail.contains(':') {
            continue; // `QUYẾT ĐỊNH:` is the enacting line, not the type line
        }
        let code = TYPE_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, c)| *c)?;
        let all_upper = words.iter().all(|t| t.upper_or_no_letter());
        if n == words.len() {
            return Some(TypeLine {
                line: i,
                code,
                rest: None,
            });
        }
        if all_upper && words.iter().take(n).all(|t| t.upper) && reader.cased() {
            return Some(TypeLine {
                line: i,
                code,
                rest: Some(n),
            });
        }
    }
    None
}

/// The issuing body: the lowest body of the authority block above the own number (or the type
/// line), its motto and rules left out; a name broken over two lines (`ỦY BAN NHÂN DÂN⏎TỈNH X`)
/// is taken whole.
fn issuer(lines: &[Line], block_end: usize, source: &str, reader: &Reader<'_>) -> Option<MetaText> {
    let citing = reader.citing()?;
    let mut found: Vec<(usize, usize, Tok)> = Vec::new();
    for line in lines.get(..block_end)? {
        for cell in line.cells() {
            let mut span: Option<(usize, usize, Tok)> = None;
            for (k, tok) in cell.iter().enumerate() {
                if tok.folded.is_empty() {
                    if span.is_some()
                        && tok
                            .lead
                            .chars()
                            .filter(|c| matches!(c, '-' | '_' | '='))
                            .count()
                            >= 3
                    {
                        break; // a rule under the body's name
                    }
                    continue;
                }
                let motto = citing
                    .mottos
                    .iter()
                    .any(|m| reader.matcher.phrase_at(cell, k, m).is_some());
                if motto || (!tok.upper && reader.cased()) {
                    break;
                }
                match &mut span {
                    Some((_, end, _)) => *end = tok.end,
                    None => span = Some((tok.start, tok.end, tok.clone())),
                }
            }
            if let Some(s) = span {
                found.push(s);
            }
        }
    }
    let (mut start, end, first) = found.pop()?;
    let continues = citing.name_continuations.iter().any(|w| {
        reader
            .matcher
            .same(&first.folded, w.split(' ').next().unwrap_or(w))
    });
    if let Some((prev, prev_end, _)) = found.last() {
        // `PEOPLE'S COMMITTEE OF⏎AN GIANG PROVINCE`: the line above ends open.
        let open = lines
            .iter()
            .flat_map(|l| l.toks.iter())
            .find(|t| t.end == *prev_end)
            .is_some_and(|t| citing.connectives.iter().any(|w| t.folded == *w));
        if continues || open {
            start = *prev;
        }
    }
    meta_text(source, start, end)
}

/// The date of issue and place: a day in the lines from the own number to the type line, after
/// `<place>,` (and `ngày`) or alone on its line.
fn place_and_date(
    lines: &[Line],
    range: Range<usize>,
    after: usize,
    source: &str,
    reader: &Reader<'_>,
    dates: &[DateFact],
) -> Option<(MetaDate, Option<MetaText>)> {
    let citing = reader.citing()?;
    for line in lines.get(range.start..range.end.min(lines.len()))? {
        if line.is_blank() {
            continue;
        }
        let (lo, hi) = (line.start(), line.end());
        for date in dates
            .iter()
            .filter(|d| d.start >= lo && d.start < hi && d.start >= after)
        {
            if date.precision != Precision::Day {
                continue;
            }
            let before: Vec<&Tok> = line
                .words()
                .filter(|t| t.start >= after && t.end <= date.start)
                .collect();
            let mut place = before.as_slice();
            if let Some(last) = place.last()
                && citing
                    .place_date_words
                    .iter()
                    .any(|w| reader.matcher.same(&last.folded, w))
            {
                place = place.get(..place.len() - 1).unwrap_or_default();
            }
            // The place is the cell's last words before the comma: `An Giang,` after the number.
            let cut = place.iter().rposition(|t| t.trail.contains([',', '،']));
            let place = match cut {
                Some(c) if c + 1 == place.len() => {
                    let from = place
                        .get(..c)
                        .and_then(|p| {
                            p.iter()
                                .rposition(|t| t.trail.contains([',', '،', ':', ';']))
                        })
                        .map_or(0, |k| k + 1);
                    place.get(from..).unwrap_or_default()
                }
                _ if place.is_empty() => place,
                _ => continue,
            };
            let named = !place.is_empty()
                && place.len() <= 6
                && place
                    .iter()
                    .all(|t| !t.folded.chars().any(|c| c.is_ascii_digit()));
            if !place.is_empty() && !named {
                continue;
            }
            let issued = MetaDate {
                text: date.text.clone(),
                start: date.start,
                end: date.end,
                iso: date.iso.clone(),
            };
            let place = match (place.first(), place.last()) {
                (Some(a), Some(b)) if named => meta_text(source, a.start, b.end),
                _ => None,
            };
            return Some((issued, place));
        }
    }
    None
}

/// The title: the subject lines after the type line, up to the first line of the body.
fn title<'s>(
    lines: &mut [Line<'s>],
    type_line: &TypeLine,
    source: &'s str,
    reader: &Reader<'_>,
    issuer: Option<&[String]>,
) -> Option<MetaText> {
    let mut first: Option<usize> = None;
    let mut last: Option<usize> = None;
    let mut taken = 0;
    let mut blank = false;
    let mut upper = true;
    let mut ends_open = false;
    if let Some(rest) = type_line.rest {
        let line = lines.get(type_line.line)?;
        first = line.words().nth(rest).map(|t| t.start);
        let last_word = line.words().last();
        last = last_word.map(|t| t.end);
        ends_open = last_word.is_some_and(|t| connective(t, reader));
        taken = 1;
    }
    for i in type_line.line + 1..lines.len() {
        fill(lines, i..i + 1, source, reader); // the title's lines are read as it goes on
        let Some(line) = lines.get(i) else { break };
        if line.long {
            break;
        }
        if line.is_blank() {
            blank = true;
            continue;
        }
        if taken >= TITLE_LINES || (taken > 0 && blank && !ends_open) {
            break;
        }
        let words: Vec<Tok> = line.words().cloned().collect();
        // The issuing body named again under the title (a council's resolution) ends it.
        let body = issuer.is_some_and(|body| {
            let n = body.len().min(4);
            n > 0
                && words.len() >= n
                && words
                    .iter()
                    .zip(body)
                    .take(n)
                    .all(|(w, b)| w.folded.as_str() == b.as_str())
        });
        if taken > 0 && (body || stops_title(&words, reader, upper)) {
            break;
        }
        if taken == 0 && labelled(&words) {
            if label_is_subject(&words, reader) {
                // `V/v: …` under a letter's number is its subject
            } else {
                continue;
            }
        }
        if taken == 0 && is_rule(line) {
            continue;
        }
        if is_rule(line) {
            break;
        }
        let line_upper = words.iter().all(|t| t.upper_or_no_letter());
        upper &= line_upper;
        first = first.or(words.first().map(|t| t.start));
        last = words.last().map(|t| t.end);
        ends_open = words.last().is_some_and(|t| connective(t, reader));
        taken += 1;
        blank = false;
    }
    meta_text(source, first?, last?)
}

/// Whether a line ends a title that came before it: the preamble, an addressee, the enacting
/// line, an article, or a line in capitals under a title that is not.
fn stops_title(words: &[Tok], reader: &Reader<'_>, title_upper: bool) -> bool {
    let Some(citing) = reader.citing() else {
        return true;
    };
    // `Căn cứ …` opens the preamble; `thực hiện …` in small letters goes on with the title.
    let relation = words.first().is_some_and(|t| t.capital)
        && citing
            .relation_words
            .iter()
            .any(|(w, _)| reader.matcher.phrase_at(words, 0, w).is_some());
    let upper = words.iter().all(|t| t.upper_or_no_letter());
    relation
        || labelled(words)
        || opens_body(words, reader)
        || signer(words, reader)
        || (upper && !title_upper && reader.cased())
}

/// Whether words are a short line in capitals (a heading, a signer's title).
fn in_capitals(words: &[Tok], reader: &Reader<'_>) -> bool {
    reader.cased() && words.len() <= 24 && words.iter().all(|t| t.upper_or_no_letter())
}

/// Whether a line opens with a signer's title (`CHỦ TỊCH …`, `THE PRIME MINISTER`).
fn signer(words: &[Tok], reader: &Reader<'_>) -> bool {
    let Some(citing) = reader.citing() else {
        return false;
    };
    let upper = words.iter().all(|t| t.upper_or_no_letter());
    (upper || !reader.cased())
        && words.len() <= 14
        && citing
            .signers
            .iter()
            .any(|w| reader.matcher.phrase_at(words, 0, w).is_some())
}

/// The folded words of a text (the issuer's name, to find it again).
fn folded_words(text: &str) -> Vec<String> {
    words(text, 0..text.len(), None, false)
        .into_iter()
        .filter(|t| !t.folded.is_empty())
        .map(|t| t.folded.into_owned())
        .collect()
}

/// Whether a line opens with a label (`Kính gửi:`, `To:`): one or two words and a colon.
fn labelled(words: &[Tok]) -> bool {
    words.iter().take(3).any(|t| t.trail.contains(':'))
}

/// Whether a labelled line is a subject line (`V/v:`, `Về việc:`, `Re:`).
fn label_is_subject(words: &[Tok], reader: &Reader<'_>) -> bool {
    let Some(citing) = reader.citing() else {
        return false;
    };
    citing
        .nesting_words
        .iter()
        .take(2)
        .any(|w| reader.matcher.phrase_at(words, 0, w).is_some())
}

/// Whether a line is a rule (`-----`, `***`): no words at all.
fn is_rule(line: &Line) -> bool {
    line.is_blank() && !line.toks.is_empty()
}

/// Whether a word leaves its line open (`và`, `of`, a trailing comma).
fn connective(tok: &Tok, reader: &Reader<'_>) -> bool {
    tok.trail.contains(',')
        || reader
            .citing()
            .is_some_and(|c| c.connectives.iter().any(|w| tok.folded == *w))
}

/// Whether a line opens a document's body: an article (`Điều 1`), a heading (`I.`, `1.`, `A.`),
/// or the enacting line (`QUYẾT ĐỊNH:`, `DECIDES:`).
pub(crate) fn opens_body(words: &[Tok], reader: &Reader<'_>) -> bool {
    let Some(citing) = reader.citing() else {
        return false;
    };
    let Some(first) = words.first() else {
        return false;
    };
    let numbered = |t: Option<&Tok>| {
        t.is_some_and(|t| {
            t.folded
                .chars()
                .all(|c| c.is_ascii_digit() || "ivxlc".contains(c))
                && !t.folded.is_empty()
        })
    };
    if citing.article_words.iter().any(|w| first.folded == *w) && numbered(words.get(1)) {
        return true;
    }
    let roman = !first.folded.is_empty()
        && first
            .folded
            .chars()
            .all(|c| "ivxlc".contains(c) || c.is_ascii_digit())
        && first.trail.starts_with(['.', ')'])
        && words.len() > 1;
    if roman {
        return true;
    }
    citing.decides_words.iter().any(|w| {
        reader.matcher.phrase_at(words, 0, w).is_some_and(|n| {
            words.get(n - 1).is_some_and(|t| t.trail.contains(':')) && words.len() <= n + 2
        })
    })
}

/// The preamble after `start`: paragraphs that open with a relation word (`Căn cứ`, `Pursuant
/// to`, `Thực hiện`, `Theo đề nghị`) or list a document, then the enacting sentence or the
/// sentence that closes them (`… như sau:`); it ends where the body opens.
/// Returns its span and its words.
fn preamble<'s>(
    source: &'s str,
    start: usize,
    reader: &Reader<'_>,
) -> Option<(Range<usize>, Vec<Tok<'s>>)> {
    preamble_reading(source, start, reader, FIRST_REACH)
}

/// How much of the text after the title [`preamble`] reads at first (most documents show in their
/// first paragraph whether a preamble follows).
const FIRST_REACH: usize = 512;

/// [`preamble`], reading `reach` bytes at first and twice as many each time after, while the
/// preamble has not ended inside what was read: what it finds does not depend on `reach`.
fn preamble_reading<'s>(
    source: &'s str,
    start: usize,
    reader: &Reader<'_>,
    mut reach: usize,
) -> Option<(Range<usize>, Vec<Tok<'s>>)> {
    let limit = source.floor_char_boundary(start.saturating_add(PREAMBLE_BYTES).min(source.len()));
    let mut toks = Vec::new();
    loop {
        let end = source.floor_char_boundary(start.saturating_add(reach).min(limit));
        // Only the text past the words already read is read (and their last words again).
        reread(
            &mut toks,
            source,
            start,
            end,
            reader.pack,
            reader.matcher.ocr,
        );
        let (last_end, decided) = preamble_in(&toks, reader)?;
        if decided || end >= limit {
            let last_end = last_end?;
            reread(
                &mut toks,
                source,
                start,
                last_end,
                reader.pack,
                reader.matcher.ocr,
            );
            return Some((start..last_end, toks));
        }
        reach = reach.saturating_mul(2).max(1);
    }
}

/// [`preamble`] on the words read so far: where it ends, and whether that is decided (it ended
/// before the last paragraph, which may go on past the words read).
fn preamble_in(toks: &[Tok], reader: &Reader<'_>) -> Option<(Option<usize>, bool)> {
    let citing = reader.citing()?;
    let paragraphs = super::paragraphs(toks, reader);
    let count = paragraphs.len();
    let mut last_end = None;
    let mut seen = false;
    for (p, para) in paragraphs.into_iter().enumerate() {
        let decided = p + 1 < count;
        let words: Vec<Tok> = para
            .iter()
            .filter(|t| !t.folded.is_empty())
            .cloned()
            .collect();
        let Some(lead) = super::lead_index(&words) else {
            continue;
        };
        let rest = words.get(lead..).unwrap_or_default();
        let opens_relation = reader.relation_at(rest, 0).is_some();
        if (opens_body(&words, reader) && !opens_relation) || opens_body(rest, reader) {
            // Decided on a whole paragraph only: the last one read may go on past the words read.
            return Some((last_end, decided));
        }
        let relation = citing
            .relation_words
            .iter()
            .any(|(w, _)| reader.matcher.phrase_at(rest, 0, w).is_some());
        let listed = seen
            && TYPE_WORDS
                .iter()
                .any(|(w, _)| reader.matcher.phrase_at(rest, 0, w).is_some());
        let closing = {
            let n = rest.len();
            citing.closing_words.iter().any(|w| {
                let k = w.split(' ').count();
                n >= k && reader.matcher.phrase_at(rest, n - k, w).is_some()
            })
        };
        let enacting = rest.iter().enumerate().any(|(i, _)| {
            citing
                .enacting_words
                .iter()
                .any(|w| reader.matcher.phrase_at(rest, i, w).is_some())
        });
        if relation || listed || enacting || closing {
            seen = true;
            last_end = rest.last().map(|t| t.end);
            // A preamble's clauses end in `;` or `,`; a full stop or `như sau:` ends the preamble
            // (what follows is the body, even where it opens with `Thực hiện …`).
            let sentence = rest.last().is_some_and(|t| t.trail.contains('.'));
            if closing || sentence {
                return Some((last_end, decided));
            }
        } else if !seen && (labelled(rest) || in_capitals(rest, reader)) {
            continue; // `Kính gửi: …`, or the signer's title (`THỦ TƯỚNG CHÍNH PHỦ`), before it
        } else {
            return Some((last_end, decided));
        }
    }
    Some((last_end, false))
}

/// A headline: the first line of a text without a header, when it is short and no sentence
/// (it may go on over a break after `và`, `of`…).
fn headline(lines: &[Line], top: &[usize], source: &str, reader: &Reader<'_>) -> Option<MetaText> {
    let &first = top.first()?;
    let line = lines.get(first)?;
    let words: Vec<&Tok> = line.words().collect();
    let text_len = line.end().saturating_sub(line.start());
    let last = words.last()?;
    if words.len() < 3 || text_len > 250 || last.trail.contains(['.', '!', '?', ':']) {
        return None;
    }
    let mut end = last.end;
    let mut open = connective(last, reader);
    let mut at = 0; // index in `top` of the headline's last line
    for (k, &i) in top.iter().enumerate().skip(1).take(TITLE_LINES) {
        if !open {
            break;
        }
        let next = lines.get(i)?;
        let Some(l) = next.words().last() else {
            break;
        };
        if next.end().saturating_sub(next.start()) > 250 {
            break;
        }
        end = l.end;
        open = connective(l, reader);
        at = k;
    }
    // The headline ends where its paragraph does: a blank line, or a line that opens another
    // (a bullet, a capital); a sentence wrapped over lines goes on in small letters.
    let (&this, &next) = (top.get(at)?, top.get(at + 1)?);
    let blank = next > this + 1;
    let opener = lines.get(next)?.toks.first().is_some_and(|t| {
        t.folded.is_empty()
            || t.lead.starts_with(['-', '–', '•', '*', '+'])
            || (reader.cased() && t.capital)
    });
    if open || !(blank || opener) {
        return None;
    }
    meta_text(source, words.first()?.start, end)
}

/// A news dateline: a line near the top that is a date, with at most a weekday and a clock time.
fn dateline(
    lines: &[Line],
    top: &[usize],
    reader: &Reader<'_>,
    dates: &[DateFact],
) -> Option<MetaDate> {
    reader.pack?;
    for &i in top.iter().take(6) {
        let line = lines.get(i)?;
        let (lo, hi) = (line.start(), line.end());
        let Some(date) = dates
            .iter()
            .find(|d| d.start >= lo && d.end <= hi && d.precision == Precision::Day)
        else {
            continue;
        };
        // Besides the date: a weekday, a clock time, a time zone (`Thứ Hai, 05/5/2025 10:30`).
        let words = line
            .words()
            .filter(|t| t.end <= date.start || t.start >= date.end)
            .filter(|t| !t.folded.chars().any(|c| c.is_ascii_digit()))
            .count();
        let plain = words <= 2 && line.words().count() <= 6;
        if plain {
            return Some(MetaDate {
                text: date.text.clone(),
                start: date.start,
                end: date.end,
                iso: date.iso.clone(),
            });
        }
    }
    None
}

/// The source's text between two offsets.
fn meta_text(source: &str, start: usize, end: usize) -> Option<MetaText> {
    let text = source.get(start..end)?;
    (!text.trim().is_empty()).then(|| MetaText {
        text: text.to_owned(),
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::words::Matcher;
    use docfacts_types::Lang;

    /// A decree's preamble after its title, its body, and an unaccented copy of both.
    const DECREE: &str = "NGHỊ ĐỊNH\nQuy định chi tiết một số điều của Luật Dữ liệu\n\n\
        Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\
        Căn cứ Luật Dữ liệu số 60/2024/QH15 ngày 30 tháng 11 năm 2024;\n\
        Theo đề nghị của Bộ trưởng Bộ Công an;\n\
        Chính phủ ban hành Nghị định quy định chi tiết một số điều của Luật Dữ liệu.\n\n\
        Điều 1. Phạm vi điều chỉnh\n(a) Nghị định này quy định chi tiết (khoản 2) về dữ liệu; \
        \"dữ liệu cốt lõi\", [dữ liệu quan trọng] và - các biện pháp bảo vệ.\n\
        Điều 2. Đối tượng áp dụng\nNghị định này áp dụng đối với cơ quan, tổ chức, cá nhân.\n";

    /// A decision whose enacting word opens a line that goes on (a paragraph that opens the body
    /// only when cut short after its first words).
    const DECISION: &str = "QUYẾT ĐỊNH\nVề việc ban hành Quy chế quản lý dữ liệu\n\n\
        Căn cứ Luật Dữ liệu số 60/2024/QH15 ngày 30 tháng 11 năm 2024;\n\
        Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ;\n\
        QUYẾT ĐỊNH: Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý dữ liệu của tỉnh.\n\
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n";

    #[test]
    fn the_preamble_does_not_depend_on_how_much_is_read_at_first() {
        let unaccented: String = DECREE
            .chars()
            .map(|c| match docfacts_normalize::fold_char(c) {
                docfacts_normalize::Folded::Char(f) if f.is_ascii() => f,
                _ => c,
            })
            .collect();
        for (text, ocr) in [
            (DECREE, false),
            (unaccented.as_str(), true),
            (DECISION, false),
        ] {
            let reader = Reader {
                pack: docfacts_lang::of(Lang::Vi),
                matcher: Matcher { ocr },
                lang: Lang::Vi,
            };
            let start = text.find("Căn cứ").or_else(|| text.find("Can cu")).unwrap();
            let found = |reach| {
                preamble_reading(text, start, &reader, reach)
                    .map(|(range, toks)| (range, toks.len()))
            };
            let whole = found(PREAMBLE_BYTES);
            let end = whole.as_ref().map(|(range, _)| range.end);
            let read = end.and_then(|e| text.get(start..e)).unwrap_or_default();
            assert!(read.contains("60/2024/QH15"), "{whole:?}");
            if text != DECISION {
                assert!(read.ends_with("Luật Dữ liệu") || read.ends_with("Luat Du lieu"));
            }
            // Every first reach, so that reading stops in every word and at every mark.
            for reach in 1..text.len() - start {
                assert_eq!(found(reach), whole, "first reach {reach}, ocr {ocr}");
            }
        }
    }
}
