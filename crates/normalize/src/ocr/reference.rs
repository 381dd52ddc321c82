//! The OCR folds as first written: three passes over a `Vec` of characters, each building a new
//! one. Slow (a few `String`s per token) but plain; the property test in `super::tests` checks that
//! the edit-based folds produce the same view on random token soups.

use super::{WORDS, When};

/// One character of a view, with the source bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ch {
    pub(super) c: char,
    pub(super) s: u32,
    pub(super) e: u32,
}

/// Rewrites `chars` (a folded view) with the OCR folds.
pub(super) fn fold(chars: Vec<Ch>) -> Vec<Ch> {
    let chars = fold_chars(&chars);
    let chars = join_slash_space(&chars);
    fold_tokens(&chars)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// `[?` for `Đ` inside a capital code (`VPUBN[?-KGVX`); `¢`, `€`, `&` for `ê`/`ế` inside words
/// (`S¢`, `ti€u`, `K&`, `1&`, `¢6`).
fn fold_chars(chars: &[Ch]) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&ch) = chars.get(i) {
        let prev = out.last().map(|p| p.c);
        let next = chars.get(i + 1).map(|n| n.c);
        if ch.c == '['
            && next == Some('?')
            && prev.is_some_and(|p| p.is_ascii_uppercase())
            && chars
                .get(i + 2)
                .is_none_or(|n| n.c == '-' || n.c == '/' || n.c.is_ascii_uppercase())
        {
            let end = chars.get(i + 1).map_or(ch.e, |n| n.e);
            out.push(Ch {
                c: 'D',
                s: ch.s,
                e: end,
            });
            i += 2;
            continue;
        }
        if matches!(ch.c, '¢' | '€' | '&') {
            let after_letter = prev.is_some_and(char::is_alphabetic);
            // `1&` (lệ): a lone `1` opening a word.
            let after_word_one = prev == Some('1')
                && out
                    .len()
                    .checked_sub(2)
                    .and_then(|k| out.get(k))
                    .is_none_or(|p| !is_word(p.c));
            // `¢6` (có): a sign opening a word glued to what follows.
            let opens_word = !prev.is_some_and(is_word)
                && ch.c == '¢'
                && next.is_some_and(|n| n.is_alphanumeric());
            if after_letter || after_word_one || opens_word {
                out.push(Ch { c: 'e', ..ch });
                i += 1;
                continue;
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

/// `605/ BTTTT`: a space OCR put after the slash of a document number.
fn join_slash_space(chars: &[Ch]) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(chars.len());
    for (i, &ch) in chars.iter().enumerate() {
        if ch.c == ' ' {
            let k = out.len();
            let slash = k
                .checked_sub(1)
                .and_then(|j| out.get(j))
                .is_some_and(|p| p.c == '/');
            let digit = k
                .checked_sub(2)
                .and_then(|j| out.get(j))
                .is_some_and(|p| p.c.is_ascii_digit());
            let upper_next = chars.get(i + 1).is_some_and(|n| n.c.is_ascii_uppercase())
                && chars.get(i + 2).is_some_and(|n| n.c.is_ascii_uppercase());
            if slash && digit && upper_next {
                continue;
            }
        }
        out.push(ch);
    }
    out
}

/// Token-level folds: digit runs, `1a` (là), `ty 18` (tỷ lệ), keyword variants, a lone `6` for
/// `số` before a document number.
fn fold_tokens(chars: &[Ch]) -> Vec<Ch> {
    // Tokens: maximal runs of non-space characters.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_some_and(|c| c.c == ' ') {
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(|c| c.c != ' ') {
            i += 1;
        }
        tokens.push((start, i));
    }
    let text_of = |a: usize, b: usize| -> String {
        chars
            .get(a..b)
            .unwrap_or_default()
            .iter()
            .map(|c| c.c)
            .collect()
    };
    // Replacements: (start, end, new text), in order, disjoint.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (t, &(a, b)) in tokens.iter().enumerate() {
        // The core: the token without leading and trailing punctuation.
        let mut ca = a;
        while ca < b && chars.get(ca).is_some_and(|c| !is_word(c.c)) {
            ca += 1;
        }
        let mut cb = b;
        while cb > ca && chars.get(cb - 1).is_some_and(|c| !is_word(c.c)) {
            cb -= 1;
        }
        if ca >= cb {
            continue;
        }
        let core = text_of(ca, cb);
        let lower = core.to_lowercase();
        let next = tokens
            .get(t + 1)
            .map(|&(na, nb)| text_of(na, nb))
            .unwrap_or_default();
        let prev_core = t
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .map(|&(pa, pb)| {
                text_of(pa, pb)
                    .trim_matches(|c: char| !is_word(c))
                    .to_lowercase()
            })
            .unwrap_or_default();
        // The core may end with `:` (`S6: 31/SKHCN`), which counts as "before a number".
        let before_number = next.starts_with(|c: char| c.is_ascii_digit())
            && text_of(cb, b).chars().all(|c| c == ':');
        if let Some(repl) = digit_run(&core) {
            edits.push((ca, cb, repl));
            continue;
        }
        if prev_core == "ty" && matches!(lower.as_str(), "18" | "1e" | "le" | "ie" | "i8") {
            edits.push((ca, cb, "le".to_owned()));
            continue;
        }
        if let Some(rest) = core.strip_prefix('1')
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_lowercase())
        {
            edits.push((ca, cb, format!("l{rest}")));
            continue;
        }
        if let Some(&(_, to, _)) = WORDS
            .iter()
            .find(|(from, _, when)| *from == lower && (*when == When::Always || before_number))
        {
            if lower != to {
                edits.push((ca, cb, keep_case(&core, to)));
            }
            continue;
        }
        // `hành động 6 32-CTr-TU`: a lone `6` (số) before a document number.
        if core == "6" && a == ca && b == cb && looks_like_doc_number(&next) {
            edits.push((ca, cb, "so".to_owned()));
        }
    }
    let mut out: Vec<Ch> = Vec::with_capacity(chars.len());
    let mut pos = 0;
    for (a, b, repl) in edits {
        out.extend_from_slice(chars.get(pos..a).unwrap_or_default());
        let (Some(first), Some(last)) = (chars.get(a), b.checked_sub(1).and_then(|l| chars.get(l)))
        else {
            continue;
        };
        let (s, e) = (first.s, last.e);
        if repl.chars().count() == b - a {
            // Same length: keep each character's own source range.
            for (c, old) in repl.chars().zip(chars.get(a..b).unwrap_or_default()) {
                out.push(Ch { c, ..*old });
            }
        } else {
            out.extend(repl.chars().map(|c| Ch { c, s, e }));
        }
        pos = b;
    }
    out.extend_from_slice(chars.get(pos..).unwrap_or_default());
    out
}

/// `l.148` → `1.148`, `3O/9/2025` → `30/9/2025`: a run of digits and separators in which OCR read
/// `1` as `l`/`I` and `0` as `O`. Needs two real digits, so `I1.` (a heading) and `IOC` stay.
fn digit_run(core: &str) -> Option<String> {
    let digits = core.chars().filter(char::is_ascii_digit).count();
    let letters = core
        .chars()
        .filter(|c| matches!(c, 'l' | 'I' | 'O'))
        .count();
    if digits < 2
        || letters == 0
        || letters > 2
        || !core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'l' | 'I' | 'O' | '.' | ',' | '/'))
    {
        return None;
    }
    // Each letter must touch a digit or a separator next to a digit.
    let v: Vec<char> = core.chars().collect();
    let near_digit = |k: usize| -> bool {
        let at = |j: usize| v.get(j).copied();
        let d = |j: Option<usize>| j.and_then(at).is_some_and(|c| c.is_ascii_digit());
        let sep = |j: Option<usize>| j.and_then(at).is_some_and(|c| matches!(c, '.' | ',' | '/'));
        d(k.checked_sub(1))
            || d(Some(k + 1))
            || sep(Some(k + 1)) && d(Some(k + 2))
            || sep(k.checked_sub(1)) && d(k.checked_sub(2))
    };
    for (k, c) in v.iter().enumerate() {
        if matches!(c, 'l' | 'I' | 'O') && !near_digit(k) {
            return None;
        }
    }
    Some(
        core.chars()
            .map(|c| match c {
                'l' | 'I' => '1',
                'O' => '0',
                c => c,
            })
            .collect(),
    )
}

/// `32-CTr-TU`, `03/NQ-CP`, `15/2025/NQ-HDND`: a number then a separator then a capital letter.
fn looks_like_doc_number(token: &str) -> bool {
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    let mut rest = token.chars().skip(digits);
    (1..=5).contains(&digits)
        && matches!(rest.next(), Some('-' | '/'))
        && token
            .chars()
            .skip(digits + 1)
            .find(|c| !c.is_ascii_digit() && *c != '/')
            .is_some_and(|c| c.is_ascii_uppercase())
}

/// `to` with the case pattern of `like` (`S6` → `So`, `NIM` → `NAM`).
fn keep_case(like: &str, to: &str) -> String {
    let upper_first = like.chars().next().is_some_and(char::is_uppercase);
    let all_upper = like.chars().filter(|c| c.is_alphabetic()).count() > 1
        && like
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if all_upper {
        to.to_uppercase()
    } else if upper_first {
        let mut c = to.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        to.to_owned()
    }
}
