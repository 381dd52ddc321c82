//! Each document number's relation (read from the words that introduce it where the document
//! speaks about itself: its title, its preamble, its articles) and its cited date (read from the
//! words between the number and the date after it).

use std::ops::Range;

use docfacts_types::{CitedDate, DateFact, DocRefFact, Relation};

use super::header::Outline;
use super::words::{Tok, words};
use super::{Reader, lead_index};
use crate::codes::TYPE_WORDS;

/// How far before a number in an article the words that relate it are read.
const ARTICLE_LOOK: usize = 600;
/// How far after a number its own date may be.
const DATE_LOOK: usize = 240;
/// The most words between a number and its date (an issuer's name).
const DATE_WORDS: usize = 18;

/// The starts of a document's numbers, in order: which of them lie in a span (binary search, so
/// that a text of many numbers costs no more per number than one of few).
struct Starts(Vec<usize>);

impl Starts {
    /// Whether a number other than the one at `this` starts in `lo..hi`.
    fn other_in(&self, lo: usize, hi: usize, this: usize) -> bool {
        let from = self.0.partition_point(|&s| s < lo);
        self.0
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&s| s < hi)
            .any(|&s| s != this)
    }
}

/// Where a number stands, which decides which relation words count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    /// The title: a relation word relates this document to what follows it.
    Title,
    /// The preamble: a relation word at the start of a clause governs the documents listed after
    /// it; inside a sentence, only after the document's own type word (`ban hành Kế hoạch thực
    /// hiện …`, `promulgates a Decree amending …`).
    Preamble,
    /// An article of a legal act: amends, replaces and repeals, at the start of a clause or where
    /// the clause names the act itself (`Nghị định này thay thế …`).
    Article,
}

/// Gives each document number its relation and cited date.
pub(crate) fn assign<'s>(
    source: &'s str,
    reader: &Reader<'_>,
    mut outline: Outline<'s>,
    doc_refs: &mut [DocRefFact],
    dates: &[DateFact],
) {
    if reader.citing().is_none() {
        return;
    }
    let starts = Starts(doc_refs.iter().map(|r| r.start).collect());
    let zones: Vec<ZoneWords> = [
        (Zone::Title, outline.title.clone(), None),
        (
            Zone::Preamble,
            outline.preamble.clone(),
            Some(std::mem::take(&mut outline.preamble_words)),
        ),
    ]
    .into_iter()
    .filter_map(|(zone, range, read)| {
        let range = range?;
        let toks =
            read.unwrap_or_else(|| words(source, range.clone(), reader.pack, reader.matcher.ocr));
        let amended = amended(&toks, reader);
        Some((zone, range, toks, amended))
    })
    .collect();
    let mut body = Chunk::default();
    for (k, r) in doc_refs.iter_mut().enumerate() {
        r.relation = if outline.own == Some(k) {
            Relation::Own
        } else if !outline.official {
            Relation::Cites
        } else if let Some((zone, _, toks, amended)) = zones
            .iter()
            .find(|(_, range, _, _)| range.contains(&r.start))
        {
            let at = toks.partition_point(|t| t.end <= r.start);
            relation_in(toks, amended, at, *zone, reader, &starts, r.start)
        } else if outline.legal_act {
            let (toks, amended) = body.before(source, r.start, reader);
            match relation_in(
                toks,
                amended,
                toks.len(),
                Zone::Article,
                reader,
                &starts,
                r.start,
            ) {
                rel @ (Relation::Amends | Relation::Replaces | Relation::Repeals) => rel,
                _ => Relation::Cites,
            }
        } else {
            Relation::Cites
        };
        if r.relation != Relation::Own {
            r.date = cited_date(source, reader, r, &starts, dates);
        }
    }
}

/// A zone, its span, its words and their [`Amended`] flags.
type ZoneWords<'s> = (Zone, Range<usize>, Vec<Tok<'s>>, Vec<Amended>);

/// Whether each word is inside an `as amended by` phrase, and whether it opens one.
#[derive(Clone, Copy, Debug, Default)]
struct Amended {
    inside: bool,
    opens: bool,
}

/// [`Amended`] for each of `toks`.
fn amended(toks: &[Tok], reader: &Reader<'_>) -> Vec<Amended> {
    let mut out = vec![Amended::default(); toks.len()];
    let Some(citing) = reader.citing() else {
        return out;
    };
    for i in 0..toks.len() {
        if let Some((_, n)) = reader
            .matcher
            .longest_at(toks, i, citing.amended_by.iter().copied())
        {
            if let Some(a) = out.get_mut(i) {
                a.opens = true;
            }
            for a in out.iter_mut().skip(i).take(n) {
                a.inside = true;
            }
        }
    }
    out
}

/// The body's words a stretch at a time, for the articles: each number reads the words of the
/// [`ARTICLE_LOOK`] bytes before it, and the text is split into words once.
#[derive(Default)]
struct Chunk<'s> {
    range: Range<usize>,
    toks: Vec<Tok<'s>>,
    amended: Vec<Amended>,
}

impl<'s> Chunk<'s> {
    /// How much text is split into words at a time.
    const BYTES: usize = 64 * 1024;

    /// The words of the [`ARTICLE_LOOK`] bytes before `at` (the first, perhaps cut, left out).
    fn before(
        &mut self,
        source: &'s str,
        at: usize,
        reader: &Reader<'_>,
    ) -> (&[Tok<'s>], &[Amended]) {
        let from = source.floor_char_boundary(at.saturating_sub(ARTICLE_LOOK));
        if from < self.range.start || at > self.range.end {
            let end = source.floor_char_boundary(at.saturating_add(Self::BYTES).min(source.len()));
            self.range = from..end;
            self.toks = words(source, from..end, reader.pack, reader.matcher.ocr);
            self.amended = amended(&self.toks, reader);
        }
        let lo = self
            .toks
            .partition_point(|t| t.start <= from)
            .min(self.toks.len());
        let hi = self.toks.partition_point(|t| t.end <= at).max(lo);
        (
            self.toks.get(lo..hi).unwrap_or_default(),
            self.amended.get(lo..hi).unwrap_or_default(),
        )
    }
}

/// The relation of the number at `toks[at]` (`this` is its start), read backwards: the words
/// of its own list item first (another number or a description word there makes it part of a
/// description: `cites`), then back to the relation word that governs the list.
fn relation_in(
    toks: &[Tok],
    amended: &[Amended],
    at: usize,
    zone: Zone,
    reader: &Reader<'_>,
    ref_starts: &Starts,
    this: usize,
) -> Relation {
    let Some(citing) = reader.citing() else {
        return Relation::Cites;
    };
    let m = reader.matcher;
    let mut in_item = true;
    let mut j = at.min(toks.len());
    // Walking back, each position's relation phrase is asked for three times (as `j`, and as
    // one of the two starts a longer phrase ending at `j` may have): the last answers are kept.
    let mut recent: [(usize, Option<(Relation, usize)>); 3] = [(usize::MAX, None); 3];
    let mut relation_at = |k: usize| {
        if let Some(&(_, hit)) = recent.iter().find(|(i, _)| *i == k) {
            return hit;
        }
        let hit = reader.relation_at(toks, k);
        recent.rotate_right(1);
        if let Some(first) = recent.first_mut() {
            *first = (k, hit);
        }
        hit
    };
    while j > 0 {
        j -= 1;
        let Some(tok) = toks.get(j) else { break };
        if let Some(next) = toks.get(j + 1) {
            let clause_break = tok.trail.contains(';')
                || (tok.ends_clause() && !tok.trail.contains(':'))
                || (tok.trail.contains(':') && zone != Zone::Article);
            let paragraph = next.opens_paragraph() || (next.breaks >= 1 && tok.ends_clause());
            if clause_break || paragraph {
                if zone == Zone::Article && j + 1 < at {
                    // An article's clause ends here; the relation word must be inside it.
                    return Relation::Cites;
                }
                in_item = false;
                if paragraph && zone == Zone::Preamble && !continues_list(toks, j + 1, reader) {
                    return Relation::Cites;
                }
            }
        }
        // `as amended by`: a boundary between list items, never a relation.
        let phrase = amended.get(j).copied().unwrap_or_default();
        if phrase.inside {
            if phrase.opens {
                in_item = false;
            }
            continue;
        }
        // A phrase that is the end of a longer one (`اجرای` of `در اجرای`) is read at its start.
        let inside_longer = (1..=2).any(|back| {
            j.checked_sub(back)
                .and_then(|k| relation_at(k).map(|(_, n)| k + n > j))
                .unwrap_or(false)
        });
        if !inside_longer
            && let Some((relation, n)) = relation_at(j)
            && j + n <= at
        {
            // After another number in the same clause, it describes that document
            // (`Nghị quyết A của Chính phủ thực hiện Nghị quyết B`).
            let after_other = in_item
                && toks
                    .get(clause_start(toks, j)..j)
                    .unwrap_or_default()
                    .iter()
                    .any(|t| ref_starts.other_in(t.start, t.end.max(t.start + 1), this));
            if !after_other && governs(toks, j, zone, reader) {
                return if in_item || relation == Relation::Cites || zone != Zone::Article {
                    relation
                } else {
                    Relation::Cites
                };
            }
            // Right after a type word it is part of a name (`Luật sửa đổi, bổ sung …`).
            let named = (1..=3).any(|back| {
                j.checked_sub(back).is_some_and(|k| {
                    reader
                        .matcher
                        .longest_at(toks, k, TYPE_WORDS.iter().map(|(w, _)| *w))
                        .is_some_and(|(_, n)| k + n == j)
                })
            });
            if in_item && !named {
                return Relation::Cites; // it describes a document cited before this one
            }
            continue;
        }
        if in_item {
            let other = ref_starts.other_in(tok.start, tok.end.max(tok.start + 1), this);
            let nesting = citing
                .nesting_words
                .iter()
                .any(|w| m.phrase_at(toks, j, w).is_some_and(|n| j + n <= at));
            if other || nesting {
                return Relation::Cites;
            }
            let joiner = tok.trail.contains([',', '،'])
                || citing.list_joiners.iter().any(|w| m.same(&tok.folded, w));
            if joiner && starts_with_type_word(toks, j + 1, reader) {
                in_item = false;
            }
        }
    }
    Relation::Cites
}

/// Whether the relation word at `toks[j]` speaks for this document (see [`Zone`]).
fn governs(toks: &[Tok], j: usize, zone: Zone, reader: &Reader<'_>) -> bool {
    let Some(citing) = reader.citing() else {
        return false;
    };
    let m = reader.matcher;
    // `kết quả thực hiện X`, `results of implementing X`: a report on X, not an act implementing it.
    let described = (1..=2).any(|back| {
        j.checked_sub(back).is_some_and(|k| {
            citing
                .nesting_words
                .iter()
                .any(|w| m.phrase_at(toks, k, w).is_some_and(|n| k + n == j))
        })
    });
    if described {
        return false;
    }
    if zone == Zone::Title {
        return true;
    }
    let clause_start = clause_start(toks, j);
    if clause_start == j {
        return true;
    }
    // Inside a sentence: after the document's own type word, when the sentence enacts it or
    // names it as `this`.
    let clause = toks.get(clause_start..j).unwrap_or_default();
    for k in 0..clause.len() {
        let Some((_, n)) = m.longest_at(clause, k, TYPE_WORDS.iter().map(|(w, _)| *w)) else {
            continue;
        };
        let enacted = clause.iter().take(k).enumerate().any(|(e, _)| {
            citing
                .enacting_words
                .iter()
                .any(|w| m.phrase_at(clause, e, w).is_some())
        });
        let this = citing.self_words.iter().any(|(w, after)| {
            if *after {
                clause.get(k + n).is_some_and(|t| m.same(&t.folded, w))
            } else {
                let len = w.split(' ').count();
                k >= len && m.phrase_at(clause, k - len, w).is_some()
            }
        });
        let near = j.saturating_sub(clause_start).saturating_sub(k + n) <= 3;
        if (enacted && near && zone == Zone::Preamble) || this {
            return true;
        }
    }
    false
}

/// Where the clause holding `toks[j]` starts: after a `;`, `.` or `:`, a paragraph break, and any
/// bullet or list number.
fn clause_start(toks: &[Tok], j: usize) -> usize {
    let mut k = j;
    while k > 0 {
        let (Some(prev), Some(tok)) = (toks.get(k - 1), toks.get(k)) else {
            break;
        };
        // A line opening with the capitalised relation word, or under a line in capitals (a
        // signer's title), opens a clause too.
        let new_line = tok.breaks >= 1 && (prev.upper || (k == j && tok.capital));
        if prev.ends_clause() || tok.opens_paragraph() || new_line {
            break;
        }
        k -= 1;
    }
    // Skip markup and list markers.
    let mut start = k;
    while let Some(tok) = toks.get(start) {
        let marker = tok.folded.is_empty()
            || toks
                .get(start..)
                .and_then(lead_index)
                .is_some_and(|n| n == 1);
        if start < j && marker {
            start += 1;
        } else {
            break;
        }
    }
    start
}

/// Whether a preamble paragraph starting at `toks[i]` goes on with the list above it (it opens
/// with a relation word or a type word: `Công văn số …`).
fn continues_list(toks: &[Tok], i: usize, reader: &Reader<'_>) -> bool {
    let rest = toks.get(i..).unwrap_or_default();
    let lead = rest.iter().position(|t| !t.folded.is_empty()).unwrap_or(0);
    let rest = rest.get(lead..).unwrap_or_default();
    let lead = lead_index(rest).unwrap_or(0);
    reader.relation_at(rest, lead).is_some() || starts_with_type_word(rest, lead, reader)
}

/// Whether a type word (`Nghị định`, `Decree`, `the Law`) opens the words at `toks[i]`.
fn starts_with_type_word(toks: &[Tok], i: usize, reader: &Reader<'_>) -> bool {
    let m = reader.matcher;
    let at = |k: usize| {
        m.longest_at(toks, k, TYPE_WORDS.iter().map(|(w, _)| *w))
            .is_some()
    };
    at(i)
        || (toks
            .get(i)
            .is_some_and(|t| matches!(t.folded.as_str(), "the" | "cac" | "a"))
            && at(i + 1))
}

/// The cited document's own date: the first date after the number, when only a comma, the
/// issuer (`của Bộ …`, `issued by …`) and a date word (`ngày`, `dated`, `مورخ`) stand between.
fn cited_date(
    source: &str,
    reader: &Reader<'_>,
    r: &DocRefFact,
    ref_starts: &Starts,
    dates: &[DateFact],
) -> Option<CitedDate> {
    let citing = reader.citing()?;
    let m = reader.matcher;
    let i = dates.partition_point(|d| d.start < r.end);
    let date = dates.get(i)?;
    if date.start.saturating_sub(r.end) > DATE_LOOK
        || ref_starts.other_in(r.start + 1, date.start, r.start)
    {
        return None;
    }
    let toks = words(source, r.end..date.start, reader.pack, m.ocr);
    if toks
        .iter()
        .any(|t| t.trail.contains(';') || t.lead.contains(';'))
    {
        return None;
    }
    let gap: Vec<Tok> = toks.into_iter().filter(|t| !t.folded.is_empty()).collect();
    if gap.len() > DATE_WORDS + 3 {
        return None;
    }
    let found = |k: usize, list: &[&str]| list.iter().any(|w| m.phrase_at(&gap, k, w).is_some());
    if (0..gap.len()).any(|k| found(k, citing.not_own_date)) {
        return None;
    }
    let own = || CitedDate {
        iso: date.iso.clone(),
        start: date.start,
        end: date.end,
    };
    if gap.is_empty() {
        return Some(own());
    }
    // The date word: the gap's last words.
    let link = citing
        .date_links
        .iter()
        .filter_map(|w| {
            let n = w.split(' ').count();
            let k = gap.len().checked_sub(n)?;
            m.phrase_at(&gap, k, w).map(|_| n)
        })
        .max()?;
    let before = gap.get(..gap.len() - link).unwrap_or_default();
    if before.is_empty() {
        return Some(own());
    }
    let issuer = citing
        .issuer_links
        .iter()
        .any(|w| m.phrase_at(before, 0, w).is_some());
    let clean = !(0..before.len())
        .any(|k| found(k, citing.nesting_words) || reader.relation_at(before, k).is_some())
        && !before.iter().any(|t| t.ends_clause());
    (issuer && clean && before.len() <= DATE_WORDS).then(own)
}
