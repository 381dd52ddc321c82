//! Pairs the facts of a document and its translation, one fact list at a time.

use docfacts_types::{DateFact, DocRefFact, FigureFact, FigureKind, Record};

use crate::align::{Step, align};
use crate::report::{
    COMPARE_SCHEMA, CompareReport, Fact, FactType, Matched, Mismatched, OnlyInA, OnlyInB, Side,
    Tolerated,
};
use crate::words::{MAX_WORD_VALUE, token_means, tokens};

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
    /// A document number's canonical id.
    Id(String),
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

/// One row of the result for one fact list.
#[derive(Clone, Debug)]
enum Row {
    Pair(usize, usize, Option<String>),
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
    let build = |anchors: &[(f64, f64)]| {
        vec![
            lists(
                FactType::Dates,
                items(&a.record.dates, len_a, date_item),
                items(&b.record.dates, len_b, date_item),
                anchors,
            ),
            lists(
                FactType::DocRefs,
                items(&a.record.doc_refs, len_a, doc_ref_item),
                items(&b.record.doc_refs, len_b, doc_ref_item),
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
    let first = build(&[]);
    let mut lists = build(&anchors(&first));
    let anchors = anchors(&lists);
    for list in &mut lists {
        pair_reordered(list, options, len_b, &anchors);
    }
    tolerate_unread_dates(&mut lists, &anchors, options, (len_a, len_b));
    tolerate_number_words(&mut lists, &anchors, options, (a, b), (len_a, len_b));
    report(a.record, b.record, &lists)
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

fn items<T>(facts: &[T], len: usize, make: fn(&T) -> (Fact, Key, u8)) -> Vec<Item> {
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

fn doc_ref_item(f: &DocRefFact) -> (Fact, Key, u8) {
    (Fact::DocRef(f.clone()), Key::Id(f.id.clone()), 0)
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

fn same_number(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

/// Equal canonical values. A date without a year equals a dated one with the same month and day
/// (a translator may add the year the original leaves implicit).
fn same_key(x: &Key, y: &Key) -> bool {
    match (x, y) {
        (Key::Date(p), Key::Date(q)) => {
            p == q || same_partial_date(p, q) || same_partial_date(q, p)
        }
        (Key::Id(p), Key::Id(q)) => p == q,
        (Key::Value(p), Key::Value(q)) => same_number(*p, *q),
        (Key::Ratio(a, b), Key::Ratio(c, d)) => same_number(*a, *c) && same_number(*b, *d),
        _ => false,
    }
}

/// `--07-30` vs `2025-07-30`, `--08` vs `2025-08`.
fn same_partial_date(partial: &str, full: &str) -> bool {
    match partial.strip_prefix("--") {
        Some(md) => !full.contains('/') && full.len() == md.len() + 5 && full.ends_with(md),
        None => false,
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
    } else {
        Some(0.9 + 4.0 * d)
    }
}

fn lists(ty: FactType, a: Vec<Item>, b: Vec<Item>, anchors: &[(f64, f64)]) -> Lists {
    let mapped: Vec<f64> = a.iter().map(|x| map_pos(anchors, x.pos, true)).collect();
    let steps = align(a.len(), b.len(), |i, j| {
        match (a.get(i), b.get(j), mapped.get(i)) {
            (Some(x), Some(y), Some(&p)) => cost(x, y, p),
            _ => None,
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

/// Pairs facts with equal values that the alignment left on one side each because their order
/// differs (languages order a sentence differently). Nearest pairs first.
fn pair_reordered(
    list: &mut Lists,
    options: &CompareOptions,
    len_b: usize,
    anchors: &[(f64, f64)],
) {
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
    let only_b: Vec<(usize, usize)> = list
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| match row {
            Row::OnlyB(j) => Some((r, *j)),
            _ => None,
        })
        .collect();
    let mut candidates = Vec::new();
    for &(ra, i) in &only_a {
        for &(rb, j) in &only_b {
            if let (Some(x), Some(y)) = (list.a.get(i), list.b.get(j)) {
                let d = (map_pos(anchors, x.pos, true) - y.pos).abs();
                if x.class == y.class && same_key(&x.key, &y.key) && d <= window {
                    candidates.push((d, ra, rb, i, j));
                }
            }
        }
    }
    candidates.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut used_a = Vec::new();
    let mut used_b = Vec::new();
    let mut removed = Vec::new();
    for (_, ra, rb, i, j) in candidates {
        if used_a.contains(&i) || used_b.contains(&j) {
            continue;
        }
        used_a.push(i);
        used_b.push(j);
        if let Some(row) = list.rows.get_mut(ra) {
            *row = Row::Pair(i, j, Some("reordered".to_owned()));
        }
        removed.push(rb);
    }
    let mut r = 0;
    list.rows.retain(|_| {
        r += 1;
        !removed.contains(&(r - 1))
    });
}

/// Positions of facts paired with equal values: `(pos in A, pos in B)`, sorted.
fn anchors(lists: &[Lists]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = lists
        .iter()
        .flat_map(|l| {
            l.rows.iter().filter_map(|row| match row {
                Row::Pair(i, j, _) => match (l.a.get(*i), l.b.get(*j)) {
                    (Some(x), Some(y)) if same_key(&x.key, &y.key) => Some((x.pos, y.pos)),
                    _ => None,
                },
                _ => None,
            })
        })
        .collect();
    out.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
    out
}

/// Maps a relative position from one document to the other by linear interpolation between the
/// nearest paired facts. `from_a`: the position is in A.
fn map_pos(anchors: &[(f64, f64)], p: f64, from_a: bool) -> f64 {
    let pts: Vec<(f64, f64)> = if from_a {
        anchors.to_vec()
    } else {
        let mut v: Vec<(f64, f64)> = anchors.iter().map(|&(x, y)| (y, x)).collect();
        v.sort_by(|p, q| p.0.total_cmp(&q.0));
        v
    };
    let mut lo = (0.0, 0.0);
    let mut hi = (1.0, 1.0);
    for &(x, y) in &pts {
        if x <= p {
            lo = (x, y);
        } else {
            hi = (x, y);
            break;
        }
    }
    if hi.0 - lo.0 <= f64::EPSILON {
        return lo.1;
    }
    lo.1 + (p - lo.0) * (hi.1 - lo.1) / (hi.0 - lo.0)
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
    anchors: &[(f64, f64)],
    options: &CompareOptions,
    lens: (usize, usize),
) {
    let [dates, _, figures] = lists else {
        return;
    };
    for date_in_a in [true, false] {
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
            let target = map_pos(anchors, date.pos, date_in_a);
            let win = window(options, other_len);
            // unpaired figures of the other side, in document order: (row, index)
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
/// `دو`) or as bare digits the extractor skipped, near the corresponding place.
fn tolerate_number_words(
    lists: &mut [Lists],
    anchors: &[(f64, f64)],
    options: &CompareOptions,
    inputs: (CompareInput<'_>, CompareInput<'_>),
    lens: (usize, usize),
) {
    let other_facts = (
        spans_of(lists.first(), lists.get(1), true),
        spans_of(lists.first(), lists.get(1), false),
    );
    let other_facts = (&other_facts.0[..], &other_facts.1[..]);
    let Some(figures) = lists.get_mut(2) else {
        return;
    };
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
        let (other, other_len) = if in_a {
            (inputs.1.text, lens.1)
        } else {
            (inputs.0.text, lens.0)
        };
        let Some(other) = other else { continue };
        let target = map_pos(anchors, item.pos, in_a) * other_len as f64;
        let win = window(options, other_len) * other_len as f64;
        let lo = char_floor(other, (target - win).max(0.0) as usize);
        let hi = char_floor(other, (target + win).max(0.0) as usize);
        let Some(slice) = other.get(lo..hi) else {
            continue;
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=10, integral
        let value = v as u8;
        // bare digits already reported as (part of) a fact there are someone else's
        let spans = if in_a {
            fact_spans(&figures.b, other_facts.1)
        } else {
            fact_spans(&figures.a, other_facts.0)
        };
        let found = tokens(slice).find(|&(at, t)| {
            let (s, e) = (lo + at, lo + at + t.len());
            token_means(t, value) && !spans.iter().any(|&(fs, fe)| fs < e && s < fe)
        });
        if let Some((_, word)) = found {
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

/// The spans of `figures` and of `others` together.
fn fact_spans(figures: &[Item], others: &[(usize, usize)]) -> Vec<(usize, usize)> {
    figures
        .iter()
        .map(|it| (it.start, it.end))
        .chain(others.iter().copied())
        .collect()
}

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
    };
    for list in lists {
        let fact_a = |i: usize| list.a.get(i).map(|it| it.fact.clone());
        let fact_b = |j: usize| list.b.get(j).map(|it| it.fact.clone());
        for row in &list.rows {
            match row {
                Row::Pair(i, j, note) => {
                    let (Some(x), Some(y)) = (list.a.get(*i), list.b.get(*j)) else {
                        continue;
                    };
                    if same_key(&x.key, &y.key) {
                        rep.matched.push(Matched {
                            fact_type: list.ty,
                            a: x.fact.clone(),
                            b: y.fact.clone(),
                            note: note.clone(),
                        });
                    } else {
                        rep.mismatched.push(Mismatched {
                            fact_type: list.ty,
                            a: x.fact.clone(),
                            b: y.fact.clone(),
                            reason: mismatch_reason(list, *i, *j),
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

/// `swapped` when A's value sits at another mismatch of B and that one's A value here (two
/// figures exchanged); else `value differs`.
fn mismatch_reason(list: &Lists, i: usize, j: usize) -> String {
    let (Some(x), Some(y)) = (list.a.get(i), list.b.get(j)) else {
        return "value differs".to_owned();
    };
    let swapped = list.rows.iter().any(|row| match row {
        Row::Pair(k, l, _) if (*k, *l) != (i, j) => match (list.a.get(*k), list.b.get(*l)) {
            (Some(xk), Some(yl)) => same_key(&x.key, &yl.key) && same_key(&xk.key, &y.key),
            _ => false,
        },
        _ => false,
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
}
