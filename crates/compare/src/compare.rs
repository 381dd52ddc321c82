//! Pairs the facts of a document and its translation, one fact list at a time.

use std::collections::HashSet;

use docfacts_types::{DateFact, DocRefFact, FigureFact, FigureKind, Record};

use crate::align::{Step, align};
use crate::anchors::Anchors;
use crate::dates::same_date;
use crate::ids::{IdKey, Writing};
use crate::report::{
    COMPARE_SCHEMA, CompareReport, DocumentComparison, Fact, FactType, Matched, Mismatched,
    OnlyInA, OnlyInB, Side, Tolerated,
};
use crate::words::{MAX_WORD_VALUE, NumberWords, number_words};

/// One side of a comparison: a record and, when known, the source text its offsets refer to.
///
/// Without the text, the comparison still works, but cannot recognize numbers written as words.
#[derive(Clone, Copy, Debug)]
pub struct CompareInput<'a> {
    /// The extracted record.
    pub record: &'a Record,
    /// The source text (`docfacts text`), if available.
    pub text: Option<&'a str>,
}

/// Tuning of [`compare`]. The defaults suit whole reports.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CompareOptions {
    /// Two facts with the same value, left unpaired by the alignment, are paired when they lie
    /// within this fraction of the document of each other (word order differs between languages).
    pub reorder_window: f64,
    /// The same, in bytes of the translation: the window is the larger of the two.
    pub reorder_window_bytes: usize,
    /// How far (fraction of the document, or bytes, whichever is larger) from the corresponding
    /// place a number word or an unread date may be found.
    pub nearby_window: f64,
    /// The same, in bytes.
    pub nearby_window_bytes: usize,
}

impl Default for CompareOptions {
    fn default() -> CompareOptions {
        CompareOptions {
            reorder_window: 0.03,
            reorder_window_bytes: 250,
            nearby_window: 0.06,
            nearby_window_bytes: 300,
        }
    }
}

/// The canonical value a fact is compared by.
#[derive(Clone, Debug, PartialEq)]
enum Key {
    /// A date's ISO value.
    Date(String),
    /// A document number's canonical id (and printed text, when repaired).
    Id(IdKey),
    /// A number, a percent or an amount of money.
    Value(f64),
    /// A ratio's numerator and denominator.
    Ratio(f64, f64),
}

/// A fact prepared for alignment.
#[derive(Clone, Debug)]
struct Item {
    fact: Fact,
    key: Key,
    /// Facts of different classes are never paired: dates, ids, and per figure kind.
    class: u8,
    /// Relative position in the document, `[0, 1]`.
    pos: f64,
    start: usize,
    end: usize,
}

/// Why two facts were paired outside plain order, or with values that are not equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Note {
    /// Equal values whose order differs (see [`pair_reordered`]).
    Reordered,
    /// A period paired with the date that states its start (see [`pair_period_ends`]).
    PeriodStart,
    /// A period paired with the date that states its end.
    PeriodEnd,
}

impl Note {
    /// The `note` of the matched pair in the report.
    fn text(self) -> &'static str {
        match self {
            Note::Reordered => "reordered",
            Note::PeriodStart => "period start",
            Note::PeriodEnd => "period end",
        }
    }
}

/// One row of the result for one fact list.
#[derive(Clone, Debug)]
enum Row {
    Pair(usize, usize, Option<Note>),
    OnlyA(usize),
    OnlyB(usize),
    TolA(usize, String),
    TolB(usize, String),
}

struct Lists {
    ty: FactType,
    a: Vec<Item>,
    b: Vec<Item>,
    rows: Vec<Row>,
}

/// Compares a document `a` with its translation `b`.
///
/// Facts are compared by canonical value (ISO date, document id, number, ratio) across languages
/// and scripts, and paired in document order by a sequence alignment per fact list, so that a
/// changed value is one mismatch and a dropped sentence leaves facts only in `a`. Total: any two
/// records give a report.
pub fn compare(
    a: CompareInput<'_>,
    b: CompareInput<'_>,
    options: &CompareOptions,
) -> CompareReport {
    let (len_a, len_b) = (doc_len(a), doc_len(b));
    let (writing_a, writing_b) = (
        Writing::of(&a.record.language),
        Writing::of(&b.record.language),
    );
    let build = |anchors: &Anchors| {
        vec![
            lists(
                FactType::Dates,
                items(&a.record.dates, len_a, date_item),
                items(&b.record.dates, len_b, date_item),
                anchors,
            ),
            lists(
                FactType::DocRefs,
                items(&a.record.doc_refs, len_a, |f| doc_ref_item(f, writing_a)),
                items(&b.record.doc_refs, len_b, |f| doc_ref_item(f, writing_b)),
                anchors,
            ),
            lists(
                FactType::Figures,
                items(&a.record.figures, len_a, figure_item),
                items(&b.record.figures, len_b, figure_item),
                anchors,
            ),
        ]
    };
    // Two passes: the first pairs facts by raw relative position; the facts it paired with equal
    // values then map A's positions onto B's, so that the second pass measures distance after
    // local drift (a dropped sentence, a wordier language) is taken out.
    let first = build(&Anchors::default());
    let mut lists = build(&anchors(&first));
    let anchors = anchors(&lists);
    for list in &mut lists {
        pair_period_ends(list, options, (len_a, len_b), &anchors);
        pair_reordered(list, options, len_b, &anchors);
    }
    tolerate_unread_dates(&mut lists, &anchors, options, (len_a, len_b));
    tolerate_number_words(&mut lists, &anchors, options, (a, b), (len_a, len_b));
    let mut report = report(a.record, b.record, &lists);
    report.document = crate::meta::compare_document(
        &a.record.document,
        &b.record.document,
        (writing_a, writing_b),
    );
    report.agree = report.agree && report.document.disagreements() == 0;
    report
}

fn doc_len(input: CompareInput<'_>) -> usize {
    let r = input.record;
    let last = r
        .dates
        .iter()
        .map(|f| f.end)
        .chain(r.doc_refs.iter().map(|f| f.end))
        .chain(r.figures.iter().map(|f| f.end))
        .max()
        .unwrap_or(0);
    let len = input.text.map_or(r.source.bytes as usize, str::len);
    len.max(last).max(1)
}

fn items<T>(facts: &[T], len: usize, make: impl Fn(&T) -> (Fact, Key, u8)) -> Vec<Item> {
    facts
        .iter()
        .map(|f| {
            let (fact, key, class) = make(f);
            let (start, end) = fact.range();
            Item {
                fact,
                key,
                class,
                pos: start as f64 / len as f64,
                start,
                end,
            }
        })
        .collect()
}

fn date_item(f: &DateFact) -> (Fact, Key, u8) {
    (Fact::Date(f.clone()), Key::Date(f.iso.clone()), 0)
}

fn doc_ref_item(f: &DocRefFact, writing: Writing) -> (Fact, Key, u8) {
    (Fact::DocRef(f.clone()), Key::Id(IdKey::new(f, writing)), 0)
}

fn figure_item(f: &FigureFact) -> (Fact, Key, u8) {
    let (key, class) = match (f.kind, f.num, f.den) {
        (FigureKind::Ratio, Some(n), Some(d)) => (Key::Ratio(n, d), 2),
        (FigureKind::Ratio, _, _) => (Key::Value(f.value), 2),
        (FigureKind::Percent, _, _) => (Key::Value(f.value), 1),
        // A count and an amount of money compare by value: one language may name the currency
        // where the other leaves it implicit.
        (FigureKind::Number | FigureKind::Money, _, _) => (Key::Value(f.value), 0),
    };
    (Fact::Figure(f.clone()), key, class)
}

#[inline]
fn same_number(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

/// Equal canonical values. A date without a year equals a dated one with the same month and day
/// (a translator may add the year the original leaves implicit), also as the end of a period.
/// Document numbers compare as [`IdKey::same`] says (spellings of one id across languages).
fn same_key(x: &Key, y: &Key) -> bool {
    match (x, y) {
        (Key::Date(p), Key::Date(q)) => {
            same_date(p, q)
                || match (p.split_once('/'), q.split_once('/')) {
                    (Some((ps, pe)), Some((qs, qe))) => same_date(ps, qs) && same_date(pe, qe),
                    _ => false,
                }
        }
        (Key::Id(p), Key::Id(q)) => p.same(q),
        (Key::Value(p), Key::Value(q)) => same_number(*p, *q),
        (Key::Ratio(a, b), Key::Ratio(c, d)) => same_number(*a, *c) && same_number(*b, *d),
        _ => false,
    }
}

/// Which end of the period `period` (an interval `A/B`) the single date `date` states: `2016` is
/// the start of `2016/2020`, `--10` the start of `2025-10/2025-12`.
fn period_end(period: &Key, date: &Key) -> Option<Note> {
    let (Key::Date(p), Key::Date(d)) = (period, date) else {
        return None;
    };
    let (start, end) = p.split_once('/')?;
    if d.contains('/') || start == end {
        None
    } else if same_date(start, d) {
        Some(Note::PeriodStart)
    } else if same_date(end, d) {
        Some(Note::PeriodEnd)
    } else {
        None
    }
}

/// Pairing cost: equal values cost little (more when far apart); different values of the same
/// class cost less than two gaps when near (one mismatch), more when far (two one-sided facts).
/// `x_in_b` is `x`'s position mapped into B.
fn cost(x: &Item, y: &Item, x_in_b: f64) -> Option<f64> {
    if x.class != y.class {
        return None;
    }
    let d = (x_in_b - y.pos).abs();
    if same_key(&x.key, &y.key) {
        Some((3.0 * d).min(1.9))
    } else if states_an_end(x, y) {
        // a period and one of its ends: nearly as good as equal values (the other end is paired
        // later, by `pair_period_ends`)
        Some((0.05 + 3.0 * d).min(1.95))
    } else {
        Some(0.9 + 4.0 * d)
    }
}

/// What the alignment's cost reads of a fact first, packed for its inner loop (the cost is
/// asked for every cell of the n × m table).
#[derive(Clone, Copy, Debug)]
struct Probe {
    class: u8,
    /// The position (A's mapped into B).
    pos: f64,
    /// The value of a number, a percent or an amount.
    value: Option<f64>,
}

impl Probe {
    fn new(item: &Item, pos: f64) -> Probe {
        let value = match item.key {
            Key::Value(v) => Some(v),
            _ => None,
        };
        Probe {
            class: item.class,
            pos,
            value,
        }
    }
}

fn lists(ty: FactType, a: Vec<Item>, b: Vec<Item>, anchors: &Anchors) -> Lists {
    let probes_a: Vec<Probe> = a
        .iter()
        .map(|x| Probe::new(x, anchors.map(x.pos, true)))
        .collect();
    let probes_b: Vec<Probe> = b.iter().map(|y| Probe::new(y, y.pos)).collect();
    let steps = align(a.len(), b.len(), |i, j| {
        let (x, y) = (probes_a.get(i)?, probes_b.get(j)?);
        if x.class != y.class {
            return None;
        }
        match (x.value, y.value) {
            // [`cost`] for two values, without its calls
            (Some(u), Some(v)) => {
                let d = (x.pos - y.pos).abs();
                Some(if same_number(u, v) {
                    (3.0 * d).min(1.9)
                } else {
                    0.9 + 4.0 * d
                })
            }
            _ => cost(a.get(i)?, b.get(j)?, x.pos),
        }
    });
    let rows = steps
        .into_iter()
        .map(|s| match s {
            Step::Pair(i, j) => Row::Pair(i, j, None),
            Step::OnlyA(i) => Row::OnlyA(i),
            Step::OnlyB(j) => Row::OnlyB(j),
        })
        .collect();
    Lists { ty, a, b, rows }
}

/// True when one of `x` and `y` is a period and the other a date that states one of its ends.
fn states_an_end(x: &Item, y: &Item) -> bool {
    period_end(&x.key, &y.key).is_some() || period_end(&y.key, &x.key).is_some()
}

/// A period stated as one interval on one side (`từ năm 2016 đến năm 2020` → `2016/2020`) and as
/// its two ends on the other (`2016` … `2020`): the period is paired with both dates (notes
/// `period start`, `period end`) when they are unpaired, or paired with the period, near the
/// period's place (the reorder window). A period with only one end on the other side stays a
/// mismatch.
fn pair_period_ends(
    list: &mut Lists,
    options: &CompareOptions,
    lens: (usize, usize),
    anchors: &Anchors,
) {
    let Lists { a, b, rows, .. } = list;
    for period_in_a in [true, false] {
        let (own, other, other_len) = if period_in_a {
            (&*a, &*b, lens.1)
        } else {
            (&*b, &*a, lens.0)
        };
        let window = options
            .reorder_window
            .max(options.reorder_window_bytes as f64 / other_len as f64);
        for (k, x) in own.iter().enumerate() {
            if !matches!(&x.key, Key::Date(iso) if iso.contains('/')) {
                continue;
            }
            // the period's row: unpaired, or paired with one of its ends
            let Some((rx, partner)) =
                rows.iter()
                    .enumerate()
                    .find_map(|(r, row)| match (row, period_in_a) {
                        (Row::OnlyA(i), true) | (Row::OnlyB(i), false) if *i == k => {
                            Some((r, None))
                        }
                        (Row::Pair(i, j, _), true) | (Row::Pair(j, i, _), false) if *i == k => {
                            Some((r, Some(*j)))
                        }
                        _ => None,
                    })
            else {
                continue;
            };
            if partner.is_some_and(|j| {
                other
                    .get(j)
                    .is_none_or(|y| period_end(&x.key, &y.key).is_none())
            }) {
                continue;
            }
            let target = anchors.map(x.pos, period_in_a);
            // the nearest date for each end, unpaired or the partner: (distance, its row, index)
            let mut ends: [Option<(f64, Option<usize>, usize)>; 2] = [None, None];
            let unpaired =
                rows.iter()
                    .enumerate()
                    .filter_map(|(r, row)| match (row, period_in_a) {
                        (Row::OnlyB(j), true) | (Row::OnlyA(j), false) => Some((Some(r), *j)),
                        _ => None,
                    });
            for (r, j) in unpaired.chain(partner.map(|j| (None, j))) {
                let Some(y) = other.get(j) else { continue };
                let d = (y.pos - target).abs();
                let slot = match period_end(&x.key, &y.key) {
                    Some(Note::PeriodStart) => ends.get_mut(0),
                    Some(Note::PeriodEnd) => ends.get_mut(1),
                    _ => None,
                };
                if let Some(slot) = slot
                    && d <= window
                    && slot.is_none_or(|(best, _, _)| d < best)
                {
                    *slot = Some((d, r, j));
                }
            }
            let [Some((_, r_start, start)), Some((_, r_end, end))] = ends else {
                continue;
            };
            // the period's row pairs it with its start, a new row after it with its end, and the
            // ends' own rows go
            let pair = |j: usize, note: Note| {
                if period_in_a {
                    Row::Pair(k, j, Some(note))
                } else {
                    Row::Pair(j, k, Some(note))
                }
            };
            let mut rewritten = Vec::with_capacity(rows.len() + 1);
            for (r, row) in std::mem::take(rows).into_iter().enumerate() {
                if r == rx {
                    rewritten.push(pair(start, Note::PeriodStart));
                    rewritten.push(pair(end, Note::PeriodEnd));
                } else if Some(r) != r_start && Some(r) != r_end {
                    rewritten.push(row);
                }
            }
            *rows = rewritten;
        }
    }
}

/// Pairs facts with equal values that the alignment left on one side each because their order
/// differs (languages order a sentence differently). Nearest pairs first.
///
/// Each unpaired fact of A looks only at B's unpaired facts within the window (found by binary
/// search in B's facts sorted by position), so the work grows with the pairs within reach, not
/// with the product of the two lists.
fn pair_reordered(list: &mut Lists, options: &CompareOptions, len_b: usize, anchors: &Anchors) {
    let window = options
        .reorder_window
        .max(options.reorder_window_bytes as f64 / len_b as f64);
    let only_a: Vec<(usize, usize)> = list
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| match row {
            Row::OnlyA(i) => Some((r, *i)),
            _ => None,
        })
        .collect();
    // (row, index, position), by position
    let mut only_b: Vec<(usize, usize, f64)> = list
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| match row {
            Row::OnlyB(j) => list.b.get(*j).map(|y| (r, *j, y.pos)),
            _ => None,
        })
        .collect();
    only_b.sort_by(|p, q| p.2.total_cmp(&q.2).then(p.0.cmp(&q.0)));
    // the exact test `d <= window` decides; the search range is a little wider for rounding
    let reach = window + 1e-9;
    let mut candidates = Vec::new();
    for &(ra, i) in &only_a {
        let Some(x) = list.a.get(i) else { continue };
        let at = anchors.map(x.pos, true);
        let from = only_b.partition_point(|b| b.2 < at - reach);
        let to = only_b.partition_point(|b| b.2 <= at + reach);
        for &(rb, j, pos) in only_b.get(from..to.max(from)).unwrap_or(&[]) {
            let d = (at - pos).abs();
            if let Some(y) = list.b.get(j)
                && x.class == y.class
                && d <= window
                && same_key(&x.key, &y.key)
            {
                candidates.push((d, ra, rb, i, j));
            }
        }
    }
    candidates.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut used_a = vec![false; list.a.len()];
    let mut used_b = vec![false; list.b.len()];
    let mut removed = vec![false; list.rows.len()];
    for (_, ra, rb, i, j) in candidates {
        let (Some(ua), Some(ub)) = (used_a.get_mut(i), used_b.get_mut(j)) else {
            continue;
        };
        if *ua || *ub {
            continue;
        }
        (*ua, *ub) = (true, true);
        if let Some(row) = list.rows.get_mut(ra) {
            *row = Row::Pair(i, j, Some(Note::Reordered));
        }
        if let Some(gone) = removed.get_mut(rb) {
            *gone = true;
        }
    }
    let mut gone = removed.into_iter();
    list.rows.retain(|_| !gone.next().unwrap_or(false));
}

/// Positions of facts paired with equal values (or a period with one of its ends).
fn anchors(lists: &[Lists]) -> Anchors {
    Anchors::new(
        lists
            .iter()
            .flat_map(|l| {
                l.rows.iter().filter_map(|row| match row {
                    Row::Pair(i, j, _) => match (l.a.get(*i), l.b.get(*j)) {
                        (Some(x), Some(y)) if same_key(&x.key, &y.key) || states_an_end(x, y) => {
                            Some((x.pos, y.pos))
                        }
                        _ => None,
                    },
                    _ => None,
                })
            })
            .collect(),
    )
}

fn window(options: &CompareOptions, len: usize) -> f64 {
    options
        .nearby_window
        .max(options.nearby_window_bytes as f64 / len as f64)
}

/// A date one extractor read as a date and the other left as bare numbers (`29 ژوئیه 2025` read
/// as the figures 29 and 2025): the date and those figures are tolerated when the figures are
/// unpaired, next to each other, at the corresponding place, and give the date's day and year.
fn tolerate_unread_dates(
    lists: &mut [Lists],
    anchors: &Anchors,
    options: &CompareOptions,
    lens: (usize, usize),
) {
    let [dates, _, figures] = lists else {
        return;
    };
    for date_in_a in [true, false] {
        // unpaired figures of the other side, in document order: (row, index); a figure stays a
        // candidate until a date claims it
        let mut cands: Vec<(usize, usize)> = figures
            .rows
            .iter()
            .enumerate()
            .filter_map(|(r, row)| match (row, date_in_a) {
                (Row::OnlyB(j), true) | (Row::OnlyA(j), false) => Some((r, *j)),
                _ => None,
            })
            .collect();
        cands.sort_by_key(|&(_, j)| j);
        let unpaired_dates: Vec<(usize, usize)> = dates
            .rows
            .iter()
            .enumerate()
            .filter_map(|(r, row)| match (row, date_in_a) {
                (Row::OnlyA(i), true) | (Row::OnlyB(i), false) => Some((r, *i)),
                _ => None,
            })
            .collect();
        for (date_row, di) in unpaired_dates {
            let date = if date_in_a {
                dates.a.get(di)
            } else {
                dates.b.get(di)
            };
            let Some(date) = date else { continue };
            let Key::Date(iso) = &date.key else { continue };
            let Some(parts) = date_parts(iso) else {
                continue;
            };
            let other_len = if date_in_a { lens.1 } else { lens.0 };
            let target = anchors.map(date.pos, date_in_a);
            let win = window(options, other_len);
            let side = if date_in_a { &figures.b } else { &figures.a };
            let Some(group) = find_date_group(side, &cands, &parts, target, win) else {
                continue;
            };
            let shown: Vec<&str> = group
                .iter()
                .filter_map(|&(_, j)| side.get(j).map(|it| it.fact.text()))
                .collect();
            let (here, there) = if date_in_a { ("b", "a") } else { ("a", "b") };
            let reason = format!(
                "date not recognized in {here}, where it is written with the numbers {}",
                shown.join(" … ")
            );
            let fig_reason = format!("part of the date {iso} in {there}");
            if let Some(row) = dates.rows.get_mut(date_row) {
                *row = if date_in_a {
                    Row::TolA(di, reason)
                } else {
                    Row::TolB(di, reason)
                };
            }
            cands.retain(|c| !group.contains(c));
            for (r, j) in group {
                if let Some(row) = figures.rows.get_mut(r) {
                    *row = if date_in_a {
                        Row::TolB(j, fig_reason.clone())
                    } else {
                        Row::TolA(j, fig_reason.clone())
                    };
                }
            }
        }
    }
}

/// The numbers a written date shows: `(required, allowed)`. Day and year are required where the
/// ISO value has them; the month is allowed (it may be a word or a number).
fn date_parts(iso: &str) -> Option<(Vec<f64>, Vec<f64>)> {
    if iso.contains('/') {
        return None;
    }
    let (year, rest) = match iso.strip_prefix("--") {
        Some(rest) => (None, rest),
        None => {
            let (y, rest) = iso.split_once('-').unwrap_or((iso, ""));
            (y.parse::<f64>().ok(), rest)
        }
    };
    let mut it = rest.split('-');
    let month = it.next().and_then(|m| m.parse::<f64>().ok());
    let day = it.next().and_then(|d| d.parse::<f64>().ok());
    let mut required: Vec<f64> = [day, year].into_iter().flatten().collect();
    if required.is_empty() {
        required.extend(month);
    }
    let allowed: Vec<f64> = [day, month, year].into_iter().flatten().collect();
    Some((required, allowed))
}

/// A run of consecutive unpaired figures (at most 3, within 40 bytes) whose numbers are all parts
/// of the date and cover its required parts, near `target`.
fn find_date_group(
    side: &[Item],
    cands: &[(usize, usize)],
    parts: &(Vec<f64>, Vec<f64>),
    target: f64,
    win: f64,
) -> Option<Vec<(usize, usize)>> {
    let (required, allowed) = parts;
    for start in 0..cands.len() {
        // a group starts within the window (the test below, made before any work)
        let starts_near = cands
            .get(start)
            .and_then(|&(_, j)| side.get(j))
            .is_some_and(|first| (first.pos - target).abs() <= win);
        if !starts_near {
            continue;
        }
        for len in 1..=3usize {
            let Some(group) = cands.get(start..start + len) else {
                break;
            };
            let members: Vec<&Item> = group.iter().filter_map(|&(_, j)| side.get(j)).collect();
            let consecutive = group.windows(2).all(|w| match w {
                [(_, x), (_, y)] => y == &(x + 1),
                _ => true,
            });
            let (Some(first), Some(last)) = (members.first(), members.last()) else {
                continue;
            };
            if !consecutive || last.end.saturating_sub(first.start) > 40 {
                break;
            }
            if (first.pos - target).abs() > win {
                break;
            }
            let mut values = Vec::new();
            for m in &members {
                match m.key {
                    Key::Value(v) if m.class == 0 => values.push(v),
                    Key::Ratio(n, d) => values.extend([n, d]),
                    _ => values.push(f64::NAN),
                }
            }
            let all_allowed = values
                .iter()
                .all(|v| allowed.iter().any(|a| same_number(*a, *v)));
            let covers = required
                .iter()
                .all(|r| values.iter().any(|v| same_number(*r, *v)));
            if all_allowed && covers {
                return Some(group.to_vec());
            }
        }
    }
    None
}

/// An unpaired small count (≤ 10) whose value the other text writes as a word (`two`, `hai`,
/// `دو`, `once`) or as bare digits the extractor skipped, near the corresponding place. The word
/// must be a whole word of the text that means the number where it stands ([`means`]); the
/// nearest one is taken, and each word explains one figure only.
fn tolerate_number_words(
    lists: &mut [Lists],
    anchors: &Anchors,
    options: &CompareOptions,
    inputs: (CompareInput<'_>, CompareInput<'_>),
    lens: (usize, usize),
) {
    // bare digits already reported as (part of) a fact there are someone else's
    let covered = |side_a: bool| {
        let mut spans = spans_of(lists.first(), lists.get(1), side_a);
        if let Some(figures) = lists.get(2) {
            let items = if side_a { &figures.a } else { &figures.b };
            spans.extend(items.iter().map(|it| (it.start, it.end)));
        }
        Covered::new(spans)
    };
    let covered = (covered(true), covered(false));
    let Some(figures) = lists.get_mut(2) else {
        return;
    };
    // the number words of each text, by value (found when first needed), and the offsets of those
    // that explain a figure
    let mut words: [Option<NumberWords<'_>>; 2] = [None, None];
    let mut used: (HashSet<usize>, HashSet<usize>) = (HashSet::new(), HashSet::new());
    for r in 0..figures.rows.len() {
        let (item, in_a) = match figures.rows.get(r) {
            Some(Row::OnlyA(i)) => (figures.a.get(*i), true),
            Some(Row::OnlyB(j)) => (figures.b.get(*j), false),
            _ => continue,
        };
        let Some(item) = item else { continue };
        let Key::Value(v) = item.key else { continue };
        if item.class != 0 || v.fract() != 0.0 || !(0.0..=MAX_WORD_VALUE).contains(&v) {
            continue;
        }
        let [words_a, words_b] = &mut words;
        let (other_words, other_len, used, spans) = if in_a {
            (words_b, lens.1, &mut used.1, &covered.1)
        } else {
            (words_a, lens.0, &mut used.0, &covered.0)
        };
        let Some(text) = (if in_a { inputs.1.text } else { inputs.0.text }) else {
            continue;
        };
        let other_words = other_words.get_or_insert_with(|| number_words(text));
        let target = anchors.map(item.pos, in_a) * other_len as f64;
        let win = window(options, other_len) * other_len as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=10, integral
        let value = v as u8;
        // the words for `value` that start within the window (in text order)
        let meaning = other_words
            .get(usize::from(value))
            .map_or(&[][..], Vec::as_slice);
        let first = meaning.partition_point(|&(at, _)| (at as f64) < target - win);
        let last = meaning.partition_point(|&(at, _)| (at as f64) <= target + win);
        let found = meaning
            .get(first..last.max(first))
            .unwrap_or(&[])
            .iter()
            .filter(|&&(at, t)| !used.contains(&at) && !spans.overlaps(at, at + t.len()))
            .min_by(|(p, _), (q, _)| {
                (*p as f64 - target)
                    .abs()
                    .total_cmp(&(*q as f64 - target).abs())
            });
        if let Some(&(at, word)) = found {
            used.insert(at);
            let side = if in_a { "b" } else { "a" };
            let reason = format!("written as \"{word}\" in {side}");
            let idx = match figures.rows.get(r) {
                Some(Row::OnlyA(i) | Row::OnlyB(i)) => *i,
                _ => continue,
            };
            if let Some(row) = figures.rows.get_mut(r) {
                *row = if in_a {
                    Row::TolA(idx, reason)
                } else {
                    Row::TolB(idx, reason)
                };
            }
        }
    }
}

/// The spans of the dates and document numbers of one side.
fn spans_of(dates: Option<&Lists>, refs: Option<&Lists>, side_a: bool) -> Vec<(usize, usize)> {
    [dates, refs]
        .into_iter()
        .flatten()
        .flat_map(|l| if side_a { &l.a } else { &l.b })
        .map(|it| (it.start, it.end))
        .collect()
}

/// Byte ranges of facts, sorted by start, to ask quickly whether a word overlaps one.
struct Covered {
    spans: Vec<(usize, usize)>,
    /// The largest end among `spans[..=k]`.
    reach: Vec<usize>,
}

impl Covered {
    fn new(mut spans: Vec<(usize, usize)>) -> Covered {
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0, |most, &(_, end)| {
                *most = end.max(*most);
                Some(*most)
            })
            .collect();
        Covered { spans, reach }
    }

    /// True when some span shares a byte with `start..end`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|&(s, _)| s < end);
        before_end
            .checked_sub(1)
            .and_then(|k| self.reach.get(k))
            .is_some_and(|&reach| reach > start)
    }
}

fn report(a: &Record, b: &Record, lists: &[Lists]) -> CompareReport {
    let mut rep = CompareReport {
        schema: COMPARE_SCHEMA.to_owned(),
        a: Side {
            id: a.id.clone(),
            language: a.language.code,
        },
        b: Side {
            id: b.id.clone(),
            language: b.language.code,
        },
        agree: true,
        score: 1.0,
        matched: Vec::new(),
        mismatched: Vec::new(),
        only_in_a: Vec::new(),
        only_in_b: Vec::new(),
        tolerated: Vec::new(),
        document: DocumentComparison::default(),
    };
    for list in lists {
        let pairs = PairsByValue::new(list);
        let fact_a = |i: usize| list.a.get(i).map(|it| it.fact.clone());
        let fact_b = |j: usize| list.b.get(j).map(|it| it.fact.clone());
        for row in &list.rows {
            match row {
                Row::Pair(i, j, note) => {
                    let (Some(x), Some(y)) = (list.a.get(*i), list.b.get(*j)) else {
                        continue;
                    };
                    let period_end = matches!(note, Some(Note::PeriodStart | Note::PeriodEnd));
                    let same = same_key(&x.key, &y.key);
                    // the same document number, cited in another relation or with another date
                    let citation = match (&x.fact, &y.fact) {
                        (Fact::DocRef(p), Fact::DocRef(q)) if same => {
                            crate::meta::citation_differs(p, q)
                        }
                        _ => None,
                    };
                    if let Some(reason) = citation {
                        rep.mismatched.push(Mismatched {
                            fact_type: list.ty,
                            a: x.fact.clone(),
                            b: y.fact.clone(),
                            reason: reason.to_owned(),
                        });
                    } else if same || period_end {
                        rep.matched.push(Matched {
                            fact_type: list.ty,
                            a: x.fact.clone(),
                            b: y.fact.clone(),
                            note: note.map(|n| n.text().to_owned()),
                        });
                    } else {
                        rep.mismatched.push(Mismatched {
                            fact_type: list.ty,
                            a: x.fact.clone(),
                            b: y.fact.clone(),
                            reason: mismatch_reason(list, &pairs, *i, *j),
                        });
                    }
                }
                Row::OnlyA(i) => {
                    if let Some(f) = fact_a(*i) {
                        rep.only_in_a.push(OnlyInA {
                            fact_type: list.ty,
                            a: f,
                        });
                    }
                }
                Row::OnlyB(j) => {
                    if let Some(f) = fact_b(*j) {
                        rep.only_in_b.push(OnlyInB {
                            fact_type: list.ty,
                            b: f,
                        });
                    }
                }
                Row::TolA(i, reason) => rep.tolerated.push(Tolerated {
                    fact_type: list.ty,
                    a: fact_a(*i),
                    b: None,
                    reason: reason.clone(),
                }),
                Row::TolB(j, reason) => rep.tolerated.push(Tolerated {
                    fact_type: list.ty,
                    a: None,
                    b: fact_b(*j),
                    reason: reason.clone(),
                }),
            }
        }
    }
    let m = rep.matched.len() as f64;
    let bad =
        2.0 * rep.mismatched.len() as f64 + (rep.only_in_a.len() + rep.only_in_b.len()) as f64;
    rep.score = if m + bad == 0.0 {
        1.0
    } else {
        (2.0 * m / (2.0 * m + bad) * 1e4).round() / 1e4
    };
    rep.agree = rep.disagreements() == 0;
    rep
}

/// The pairs of a list, found by the value of their B fact: which pair holds a given value.
struct PairsByValue {
    /// `(kind, number, a, b)` of pairs whose B fact is a number (kind 0) or a ratio (kind 1, by
    /// numerator), sorted by kind and number.
    numbers: Vec<(u8, f64, usize, usize)>,
    /// The other pairs (dates, document numbers), in row order.
    others: Vec<(usize, usize)>,
}

/// A number that equal keys share within [`same_number`]'s tolerance: a figure's value, a ratio's
/// numerator.
fn numeric(key: &Key) -> Option<(u8, f64)> {
    match key {
        Key::Value(v) => Some((0, *v)),
        Key::Ratio(n, _) => Some((1, *n)),
        Key::Date(_) | Key::Id(_) => None,
    }
}

impl PairsByValue {
    fn new(list: &Lists) -> PairsByValue {
        let mut numbers = Vec::new();
        let mut others = Vec::new();
        for row in &list.rows {
            let Row::Pair(k, l, _) = row else { continue };
            match list.b.get(*l).and_then(|y| numeric(&y.key)) {
                // equal to nothing
                Some((_, v)) if v.is_nan() => {}
                Some((kind, v)) => numbers.push((kind, v, *k, *l)),
                None => others.push((*k, *l)),
            }
        }
        numbers.sort_by(|p, q| p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)));
        PairsByValue { numbers, others }
    }

    /// The pairs `(a, b)` whose B fact may have the value `key` (a superset of those that do).
    fn holding<'s>(&'s self, key: &Key) -> Box<dyn Iterator<Item = (usize, usize)> + 's> {
        let Some((kind, v)) = numeric(key) else {
            return Box::new(self.others.iter().copied());
        };
        if !v.is_finite() {
            // `same_number` holds for no infinite or undefined value
            return Box::new(std::iter::empty());
        }
        // |v - w| <= 1e-9 · max(|v|, |w|, 1) implies |v - w| < 2e-9 · max(|v|, 1)
        let reach = 2e-9 * v.abs().max(1.0);
        let from = self
            .numbers
            .partition_point(|p| (p.0, p.1) < (kind, v - reach));
        let to = self
            .numbers
            .partition_point(|p| (p.0, p.1) <= (kind, v + reach));
        Box::new(
            self.numbers
                .get(from..to.max(from))
                .unwrap_or(&[])
                .iter()
                .map(|&(_, _, k, l)| (k, l)),
        )
    }
}

/// `swapped` when A's value sits at another mismatch of B and that one's A value here (two
/// figures exchanged); else `value differs`.
fn mismatch_reason(list: &Lists, pairs: &PairsByValue, i: usize, j: usize) -> String {
    let (Some(x), Some(y)) = (list.a.get(i), list.b.get(j)) else {
        return "value differs".to_owned();
    };
    let swapped = pairs.holding(&x.key).any(|(k, l)| {
        (k, l) != (i, j)
            && match (list.a.get(k), list.b.get(l)) {
                (Some(xk), Some(yl)) => same_key(&x.key, &yl.key) && same_key(&xk.key, &y.key),
                _ => false,
            }
    });
    if swapped {
        "swapped".to_owned()
    } else {
        "value differs".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docfacts_types::{Language, Source, Status};

    /// A record whose figures are the given `(text, kind, value)` at the given offsets.
    fn rec(lang: Lang, len: u64, figs: &[(usize, &str, FigureKind, f64)]) -> Record {
        Record {
            schema: docfacts_types::SCHEMA.to_owned(),
            id: lang.code().to_owned(),
            source: Source {
                bytes: len,
                ..Source::default()
            },
            status: Status::Ok,
            error: None,
            language: Language {
                code: lang,
                variant: None,
                confidence: 1.0,
            },
            document: docfacts_types::DocumentMeta::default(),
            dates: Vec::new(),
            doc_refs: Vec::new(),
            figures: figs
                .iter()
                .map(|&(start, text, kind, value)| FigureFact {
                    text: text.to_owned(),
                    start,
                    end: start + text.len(),
                    page: None,
                    kind,
                    value,
                    num: None,
                    den: None,
                    unit: None,
                    qualifier: None,
                    written_value: None,
                    scale: None,
                })
                .collect(),
            warnings: Vec::new(),
            duplicate_of: None,
        }
    }
    use FigureKind::{Number as N, Percent as P};
    use docfacts_types::Lang;

    fn run(a: &Record, b: &Record) -> CompareReport {
        compare(
            CompareInput {
                record: a,
                text: None,
            },
            CompareInput {
                record: b,
                text: None,
            },
            &CompareOptions::default(),
        )
    }

    fn texts(r: &CompareReport) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        (
            r.matched.iter().map(|m| m.a.text().to_owned()).collect(),
            r.mismatched
                .iter()
                .map(|m| format!("{}>{}:{}", m.a.text(), m.b.text(), m.reason))
                .collect(),
            r.only_in_a.iter().map(|m| m.a.text().to_owned()).collect(),
            r.only_in_b.iter().map(|m| m.b.text().to_owned()).collect(),
        )
    }

    fn base(lang: Lang) -> Record {
        rec(
            lang,
            1000,
            &[
                (100, "12", N, 12.0),
                (300, "48", N, 48.0),
                (320, "19", N, 19.0),
                (600, "5%", P, 5.0),
                (620, "94,447", N, 94447.0),
                (900, "7", N, 7.0),
            ],
        )
    }

    #[test]
    fn identical_lists_agree() {
        let r = run(&base(Lang::En), &base(Lang::Vi));
        assert!(r.agree, "{r:?}");
        assert_eq!(r.matched.len(), 6);
        assert_eq!(r.score, 1.0);
    }

    #[test]
    fn substitution_is_one_mismatch() {
        let mut b = base(Lang::Fa);
        if let Some(f) = b.figures.get_mut(4) {
            f.value = 94474.0;
            f.text = "۹۴،۴۷۴".to_owned();
        }
        let (m, bad, oa, ob) = texts(&run(&base(Lang::En), &b));
        assert_eq!(bad, ["94,447>۹۴،۴۷۴:value differs"]);
        assert!(oa.is_empty() && ob.is_empty());
        assert_eq!(m.len(), 5);
    }

    #[test]
    fn deletion_and_insertion() {
        let a = base(Lang::En);
        // B lost the sentence with 48 and 19 (text shrinks by 60 bytes) and gained one figure
        let b = rec(
            Lang::Vi,
            980,
            &[
                (100, "12", N, 12.0),
                (540, "5%", P, 5.0),
                (560, "94.447", N, 94447.0),
                (700, "3", N, 3.0),
                (840, "7", N, 7.0),
            ],
        );
        let (m, bad, oa, ob) = texts(&run(&a, &b));
        assert_eq!(m, ["12", "5%", "94,447", "7"]);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(oa, ["48", "19"]);
        assert_eq!(ob, ["3"]);
    }

    #[test]
    fn swapped_values_are_two_mismatches() {
        let b = rec(
            Lang::Vi,
            1000,
            &[
                (100, "12", N, 12.0),
                (300, "19", N, 19.0),
                (320, "48", N, 48.0),
                (600, "5%", P, 5.0),
                (620, "94.447", N, 94447.0),
                (900, "7", N, 7.0),
            ],
        );
        let (_, bad, oa, ob) = texts(&run(&base(Lang::En), &b));
        assert_eq!(bad, ["48>19:swapped", "19>48:swapped"]);
        assert!(oa.is_empty() && ob.is_empty());
    }

    #[test]
    fn reordering_within_a_sentence_agrees() {
        // `94,447 people, 5%` written `5% … 94.447` in the translation: different kinds, same values
        let b = rec(
            Lang::Vi,
            1000,
            &[
                (100, "12", N, 12.0),
                (300, "48", N, 48.0),
                (320, "19", N, 19.0),
                (590, "94.447", N, 94447.0),
                (640, "5%", P, 5.0),
                (900, "7", N, 7.0),
            ],
        );
        let r = run(&base(Lang::En), &b);
        assert!(r.agree, "{r:?}");
        assert_eq!(
            r.matched.iter().filter(|m| m.note.is_some()).count(),
            1,
            "one pair is marked reordered"
        );
    }

    #[test]
    fn far_apart_equal_values_do_not_pair_as_reordered() {
        let b = rec(
            Lang::Vi,
            1000,
            &[
                (100, "5%", P, 5.0),
                (300, "48", N, 48.0),
                (320, "19", N, 19.0),
                (620, "94.447", N, 94447.0),
                (900, "7", N, 7.0),
            ],
        );
        let (_, bad, oa, ob) = texts(&run(&base(Lang::En), &b));
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(oa, ["12", "5%"]);
        assert_eq!(ob, ["5%"]);
    }

    #[test]
    fn number_words_are_tolerated_with_text() {
        let a_text = "The 2-level government model.";
        let b_text = "Mô hình chính quyền hai cấp.";
        let a = rec(Lang::En, a_text.len() as u64, &[(4, "2", N, 2.0)]);
        let b = rec(Lang::Vi, b_text.len() as u64, &[]);
        let r = compare(
            CompareInput {
                record: &a,
                text: Some(a_text),
            },
            CompareInput {
                record: &b,
                text: Some(b_text),
            },
            &CompareOptions::default(),
        );
        assert!(r.agree, "{r:?}");
        assert_eq!(r.tolerated.len(), 1);
        // without the other text there is nothing to tolerate with
        let r = run(&a, &b);
        assert_eq!(r.only_in_a.len(), 1);
        // a number word for another value is no excuse
        let b_text = "Mô hình chính quyền ba cấp.";
        let r = compare(
            CompareInput {
                record: &a,
                text: Some(a_text),
            },
            CompareInput {
                record: &b,
                text: Some(b_text),
            },
            &CompareOptions::default(),
        );
        assert_eq!(r.only_in_a.len(), 1);
    }

    #[test]
    fn partial_dates_match_full_ones() {
        assert!(same_key(
            &Key::Date("--07-30".into()),
            &Key::Date("2025-07-30".into())
        ));
        assert!(!same_key(
            &Key::Date("--07-30".into()),
            &Key::Date("2025-07-31".into())
        ));
        assert!(!same_key(
            &Key::Date("--08".into()),
            &Key::Date("2025-08-01".into())
        ));
    }

    /// `rec` with a Vietnamese variant.
    fn vi(variant: docfacts_types::Variant, len: u64) -> Record {
        let mut r = rec(Lang::Vi, len, &[]);
        r.language.variant = Some(variant);
        r
    }

    /// A date fact at `start`.
    fn date(start: usize, text: &str, iso: &str) -> DateFact {
        DateFact {
            text: text.to_owned(),
            start,
            end: start + text.len(),
            page: None,
            iso: iso.to_owned(),
            precision: docfacts_types::Precision::Year,
            calendar: docfacts_types::Calendar::Gregorian,
            range_with: None,
        }
    }

    /// The ids of A in `matched` and `mismatched` of a comparison of two doc_ref lists.
    fn compare_ids(
        a: (&Record, &[(&str, &str, bool)]),
        b: (&Record, &[(&str, &str, bool)]),
    ) -> (Vec<String>, Vec<String>) {
        let with = |r: &Record, ids: &[(&str, &str, bool)]| {
            let mut r = r.clone();
            r.doc_refs = ids
                .iter()
                .enumerate()
                .map(|(k, &(text, id, repaired))| {
                    crate::ids::doc_ref_fact(100 + 200 * k, text, id, repaired)
                })
                .collect();
            r
        };
        let rep = run(&with(a.0, a.1), &with(b.0, b.1));
        (
            rep.matched.iter().map(|m| m.a.text().to_owned()).collect(),
            rep.mismatched
                .iter()
                .map(|m| format!("{}>{}", m.a.text(), m.b.text()))
                .collect(),
        )
    }

    #[test]
    fn doc_refs_spelled_differently_in_a_translation_match() {
        use docfacts_types::Variant::{Diacritics, Unaccented};
        let vi_ids = [
            ("34/2016/NĐ-CP", "34/2016/NĐ-CP", false),
            ("142/QĐ-TTg", "142/QĐ-TTg", false),
            ("05/CT-TTg", "05/CT-TTg", false),
            ("15/2025/NQ-HĐND", "15/2025/NQ-HĐND", false),
        ];
        let en_ids = [
            ("34/2016/ND-CP", "34/2016/ND-CP", false),
            ("142/QD-TTg", "142/QD-TTg", false),
            ("05/CT-TTG", "05/CT-TTG", false),
            ("15/2025/NQ-HDND", "15/2025/NQ-HDND", false),
        ];
        let (vi_rec, en_rec) = (vi(Diacritics, 1000), rec(Lang::En, 1000, &[]));
        let (m, bad) = compare_ids((&vi_rec, &vi_ids), (&en_rec, &en_ids));
        assert_eq!(m.len(), 4, "{m:?} {bad:?}");
        let (m, _) = compare_ids((&en_rec, &en_ids), (&vi_rec, &vi_ids));
        assert_eq!(m.len(), 4, "either direction");
        // an OCR'd original (unaccented) that the extractor could not repair
        let ocr_ids = [
            ("34/2016/ND-CP", "34/2016/ND-CP", false),
            ("142/QP-TTg", "142/QP-TTg", false),
            ("142/Qb-TTg", "142/Qb-TTg", false),
        ];
        let vi_ids = [
            ("34/2016/NĐ-CP", "34/2016/NĐ-CP", false),
            ("142/QĐ-TTg", "142/QĐ-TTg", false),
            ("142/QĐ-TTg", "142/QĐ-TTg", false),
        ];
        let (m, bad) = compare_ids((&vi(Unaccented, 1000), &ocr_ids), (&vi_rec, &vi_ids));
        assert_eq!(m.len(), 3, "{m:?} {bad:?}");
        // a repaired id matches the other side's spelling of its printed text, and its repair
        let repaired = [
            ("03/ND-CP", "03/NQ-CP", true),
            ("142/Qb-TTg", "142/QĐ-TTg", true),
        ];
        let printed = [
            ("03/ND-CP", "03/ND-CP", false),
            ("142/QD-TTg", "142/QD-TTg", false),
        ];
        let (m, bad) = compare_ids((&vi_rec, &repaired), (&en_rec, &printed));
        assert_eq!(m.len(), 2, "{m:?} {bad:?}");
    }

    #[test]
    fn different_doc_refs_stay_different() {
        use docfacts_types::Variant::{Diacritics, Unaccented};
        let vi_rec = vi(Diacritics, 1000);
        for other in [
            vi(Diacritics, 1000),
            vi(Unaccented, 1000),
            rec(Lang::En, 1000, &[]),
        ] {
            let (m, bad) = compare_ids(
                (&vi_rec, &[("142/QĐ-TTg", "142/QĐ-TTg", false)]),
                (&other, &[("143/QĐ-TTg", "143/QĐ-TTg", false)]),
            );
            assert!(m.is_empty());
            assert_eq!(bad, ["142/QĐ-TTg>143/QĐ-TTg"]);
            let (m, bad) = compare_ids(
                (&vi_rec, &[("03/NQ-CP", "03/NQ-CP", false)]),
                (&other, &[("03/NĐ-CP", "03/NĐ-CP", false)]),
            );
            assert!(m.is_empty());
            assert_eq!(bad, ["03/NQ-CP>03/NĐ-CP"]);
        }
        // two texts with diacritics: a printed `D` is not a `Đ`
        let (m, bad) = compare_ids(
            (&vi_rec, &[("34/2016/ND-CP", "34/2016/ND-CP", false)]),
            (&vi_rec, &[("34/2016/NĐ-CP", "34/2016/NĐ-CP", false)]),
        );
        assert!(m.is_empty());
        assert_eq!(bad.len(), 1);
    }

    /// A record with the given dates.
    fn dated(lang: Lang, dates: &[(usize, &str, &str)]) -> Record {
        let mut r = rec(lang, 1000, &[]);
        r.dates = dates
            .iter()
            .map(|&(start, text, iso)| date(start, text, iso))
            .collect();
        r
    }

    #[test]
    fn a_period_matches_its_two_ends() {
        let vi = dated(
            Lang::Vi,
            &[
                (50, "ngày 08/3/2025", "2025-03-08"),
                (100, "từ năm 2016 đến năm 2020", "2016/2020"),
                (600, "tháng 8/2025", "2025-08"),
            ],
        );
        let en = dated(
            Lang::En,
            &[
                (40, "March 8, 2025", "2025-03-08"),
                (110, "2016", "2016"),
                (119, "2020", "2020"),
                (590, "August 2025", "2025-08"),
            ],
        );
        for (a, b) in [(&vi, &en), (&en, &vi)] {
            let r = run(a, b);
            assert!(r.agree, "{r:?}");
            let notes: Vec<Option<&str>> = r.matched.iter().map(|m| m.note.as_deref()).collect();
            assert_eq!(
                notes,
                [None, Some("period start"), Some("period end"), None],
                "{r:?}"
            );
        }
        // the same period as one interval on both sides, one end without its year
        let en_period = dated(
            Lang::En,
            &[(110, "from October to December 2025", "--10/2025-12")],
        );
        let vi_period = dated(
            Lang::Vi,
            &[(100, "từ tháng 10 đến tháng 12/2025", "2025-10/2025-12")],
        );
        assert!(run(&vi_period, &en_period).agree);
        // or as two dates, the first without its year
        let en_ends = dated(
            Lang::En,
            &[(110, "October", "--10"), (125, "December 2025", "2025-12")],
        );
        let r = run(&vi_period, &en_ends);
        assert!(r.agree, "{r:?}");
        assert_eq!(r.matched.len(), 2);
    }

    #[test]
    fn a_period_with_a_wrong_or_missing_end_disagrees() {
        let vi = dated(Lang::Vi, &[(100, "từ năm 2016 đến năm 2020", "2016/2020")]);
        let wrong = dated(Lang::En, &[(110, "2016", "2016"), (119, "2021", "2021")]);
        let r = run(&vi, &wrong);
        assert!(!r.agree, "{r:?}");
        assert!(r.matched.iter().all(|m| m.note.is_none()), "{r:?}");
        let missing = dated(Lang::En, &[(110, "2016", "2016")]);
        let r = run(&vi, &missing);
        assert!(!r.agree, "{r:?}");
        assert_eq!(r.mismatched.len(), 1, "{r:?}");
        // ends far away from the period are other statements
        let far = dated(Lang::En, &[(110, "2016", "2016"), (900, "2020", "2020")]);
        assert!(!run(&vi, &far).agree);
    }

    #[test]
    fn dates_without_a_year_match_dated_ones() {
        let vi = dated(
            Lang::Vi,
            &[(100, "tháng 10", "--10"), (300, "ngày 15/10", "--10-15")],
        );
        let en = dated(
            Lang::En,
            &[
                (110, "October 2025", "2025-10"),
                (320, "October 15, 2025", "2025-10-15"),
            ],
        );
        for (a, b) in [(&vi, &en), (&en, &vi)] {
            let r = run(a, b);
            assert!(r.agree, "{r:?}");
            assert_eq!(r.matched.len(), 2);
        }
        // another day, or another precision, is another date
        let en = dated(
            Lang::En,
            &[
                (110, "October 1, 2025", "2025-10-01"),
                (320, "October 16, 2025", "2025-10-16"),
            ],
        );
        assert_eq!(run(&vi, &en).mismatched.len(), 2);
    }

    /// Compares figure-only records with their texts.
    fn run_texts(a: (&Record, &str), b: (&Record, &str)) -> CompareReport {
        compare(
            CompareInput {
                record: a.0,
                text: Some(a.1),
            },
            CompareInput {
                record: b.0,
                text: Some(b.1),
            },
            &CompareOptions::default(),
        )
    }

    #[test]
    fn once_twice_and_digits_with_a_count_word() {
        let vi_text = "Hội đồng họp 01 lần, kiểm tra 02 lần.";
        let vi = rec(
            Lang::Vi,
            vi_text.len() as u64,
            &[(16, "01", N, 1.0), (34, "02", N, 2.0)],
        );
        let en_text = "The council met once and inspected twice.";
        let en = rec(Lang::En, en_text.len() as u64, &[]);
        let r = run_texts((&vi, vi_text), (&en, en_text));
        assert!(r.agree, "{r:?}");
        assert_eq!(r.tolerated.len(), 2);
        let en_text = "The council met in a single session.";
        let en = rec(Lang::En, en_text.len() as u64, &[]);
        let vi = rec(Lang::Vi, vi_text.len() as u64, &[(16, "01", N, 1.0)]);
        assert!(run_texts((&vi, vi_text), (&en, en_text)).agree);
    }

    #[test]
    fn number_words_must_be_whole_words_that_mean_the_number() {
        // `tư` of `Thông tư` is not four
        let en_text = "Four units apply Circular 05/2025/TT-BTTTT.";
        let en = rec(Lang::En, en_text.len() as u64, &[(0, "Four", N, 4.0)]);
        let vi_text = "Các đơn vị áp dụng Thông tư 05/2025/TT-BTTTT.";
        let vi = rec(Lang::Vi, vi_text.len() as u64, &[]);
        let r = run_texts((&en, en_text), (&vi, vi_text));
        assert_eq!(r.only_in_a.len(), 1, "{r:?}");
        let vi_text = "Bốn đơn vị áp dụng Thông tư 05/2025/TT-BTTTT.";
        assert!(run_texts((&en, en_text), (&vi, vi_text)).agree);
        // `one` inside `gone`, cut by the edge of the window, is not one
        let a_text = format!("{}1{}", " ".repeat(500), " ".repeat(499));
        let a = rec(Lang::En, 1000, &[(500, "1", N, 1.0)]);
        let b_text = format!("{}gone{}", " ".repeat(199), " ".repeat(797));
        let b = rec(Lang::En, 1000, &[]);
        assert_eq!(run_texts((&a, &a_text), (&b, &b_text)).only_in_a.len(), 1);
        // one word explains one figure
        let a_text = "2 teams, 2 rounds";
        let a = rec(
            Lang::En,
            a_text.len() as u64,
            &[(0, "2", N, 2.0), (9, "2", N, 2.0)],
        );
        let b_text = "hai đội thi đấu các vòng";
        let b = rec(Lang::Vi, b_text.len() as u64, &[]);
        let r = run_texts((&a, a_text), (&b, b_text));
        assert_eq!((r.tolerated.len(), r.only_in_a.len()), (1, 1), "{r:?}");
    }
}
