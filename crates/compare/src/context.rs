//! Context snippets for people: `… a few words [fact] a few words …`.
//!
//! A report can hold a disagreement for every fact of a long document, so the words of a text are
//! found once ([`Contexts`]) and each snippet is two binary searches, not a split of the text.

/// The words of one text, indexed once, to cut many context snippets from it.
#[derive(Debug)]
pub struct Contexts<'t> {
    text: &'t str,
    /// Byte ranges of the words (runs of non-whitespace, as `str::split_whitespace` gives them).
    words: Vec<(usize, usize)>,
}

impl<'t> Contexts<'t> {
    /// Indexes the words of `text` (one pass).
    pub fn new(text: &'t str) -> Contexts<'t> {
        let mut words = Vec::new();
        let mut open = None;
        for (at, c) in text.char_indices() {
            match (c.is_whitespace(), open) {
                (true, Some(start)) => {
                    words.push((start, at));
                    open = None;
                }
                (false, None) => open = Some(at),
                _ => {}
            }
        }
        if let Some(start) = open {
            words.push((start, text.len()));
        }
        Contexts { text, words }
    }

    /// `… a few words [fact] a few words …`: the text of `start..end` in brackets with up to
    /// `words` words of the text on each side, whitespace collapsed; `…` where more words
    /// follow. Out-of-range offsets give the bare brackets.
    pub fn snippet(&self, start: usize, end: usize, words: usize) -> String {
        let text = self.text;
        let (Some(before), Some(fact), Some(after)) =
            (text.get(..start), text.get(start..end), text.get(end..))
        else {
            return String::from("[]");
        };
        // words of the text before `start` (the last one cut at `start`) and after `end` (the
        // first one cut at `end`)
        let n_before = self.words.partition_point(|&(s, _)| s < start);
        let first_after = self.words.partition_point(|&(_, e)| e <= end);
        let n_after = self.words.len() - first_after.min(self.words.len());
        let shown_before = (n_before.saturating_sub(words)..n_before)
            .filter_map(|k| self.words.get(k))
            .filter_map(|&(s, e)| text.get(s..e.min(start)));
        let shown_after = (first_after..first_after + words.min(n_after))
            .filter_map(|k| self.words.get(k))
            .filter_map(|&(s, e)| text.get(s.max(end)..e));
        let lead = if n_before > words { "… " } else { "" };
        let tail = if n_after > words { " …" } else { "" };
        let glue_before = if before.ends_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        let glue_after = if after.starts_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        format!(
            "{lead}{}{glue_before}[{}]{glue_after}{}{tail}",
            shown_before.collect::<Vec<_>>().join(" "),
            fact.split_whitespace().collect::<Vec<_>>().join(" "),
            shown_after.collect::<Vec<_>>().join(" ")
        )
    }
}

/// `… a few words [fact] a few words …` for one fact of `text` (see [`Contexts::snippet`]). For
/// many facts of one text, index it once with [`Contexts::new`].
pub fn context(text: &str, start: usize, end: usize, words: usize) -> String {
    Contexts::new(text).snippet(start, end, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snippet as first written: split the text on each side.
    fn context_split(text: &str, start: usize, end: usize, words: usize) -> String {
        let (Some(before), Some(fact), Some(after)) =
            (text.get(..start), text.get(start..end), text.get(end..))
        else {
            return String::from("[]");
        };
        let before: Vec<&str> = before.split_whitespace().collect();
        let after: Vec<&str> = after.split_whitespace().collect();
        let b = &before[before.len().saturating_sub(words)..];
        let a = &after[..words.min(after.len())];
        let lead = if before.len() > words { "… " } else { "" };
        let tail = if after.len() > words { " …" } else { "" };
        let fact: Vec<&str> = fact.split_whitespace().collect();
        let glue_before = if text[..start].ends_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        let glue_after = if text[end..].starts_with(char::is_whitespace) {
            " "
        } else {
            ""
        };
        format!(
            "{lead}{}{glue_before}[{}]{glue_after}{}{tail}",
            b.join(" "),
            fact.join(" "),
            a.join(" ")
        )
    }

    #[test]
    fn context_words() {
        let t = "one two three 7/36 four five six";
        let s = t.find("7/36").unwrap();
        assert_eq!(context(t, s, s + 4, 2), "… two three [7/36] four five …");
        assert_eq!(context(t, 0, 3, 1), "[one] two …");
        assert_eq!(context(t, 99, 100, 1), "[]");
    }

    #[test]
    fn snippets_equal_those_of_a_split_text() {
        let texts = [
            "one two three 7/36 four five six",
            "  Hội đồng họp 01 lần,\tkiểm tra 02 lần.\n\n",
            "ab12cd 3\u{00A0}4 ۹۴،۴۴۷ نفر \u{200C} x",
            "",
            "x",
            "   ",
        ];
        for t in texts {
            let index = Contexts::new(t);
            let bounds: Vec<usize> = (0..=t.len()).filter(|&k| t.is_char_boundary(k)).collect();
            for &s in &bounds {
                for &e in bounds.iter().filter(|&&e| e >= s) {
                    for words in [0, 1, 2, 6] {
                        assert_eq!(
                            index.snippet(s, e, words),
                            context_split(t, s, e, words),
                            "{t:?} {s}..{e}, {words} words"
                        );
                    }
                }
            }
            assert_eq!(index.snippet(3, 1, 2), "[]");
        }
    }
}
