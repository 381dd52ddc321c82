//! Language packs: every word a language's grammars, detection and OCR folds read, in one place
//! per language.
//!
//! A [`Pack`] holds a language's month and weekday names, ordinal day words, the words that
//! announce a date, the hedges, sign words, scale and currency words, the words that name a
//! structure (article, clause, district …) rather than a quantity, its decimal words, the
//! function words that detection counts and the OCR confusions the view folds. The grammars of
//! `docfacts-extract`, the detector and the view are written once and read these tables; they
//! never name a word of their own.
//!
//! Words are written as they appear on the matching view: accent-folded (`Điều` → `dieu`, `tỷ` →
//! `ty`), lowercase, single-spaced. Where folding makes two words one (`sáu` six and `sau` after
//! both read `sau`), the pack gives the printed form it needs in [`Word::printed`], and the grammar
//! checks the source text.
//!
//! # Adding a language
//!
//! Copy `template.rs` to `xx.rs`, fill in the tables (leave a table empty where the language has
//! no such words), and register it in [`PACKS`] with one line. See `ARCHITECTURE.md`.
#![warn(missing_docs)]

use docfacts_types::{Lang, Qualifier, Relation};

pub mod en;
pub mod fa;
#[cfg(feature = "test-pack")]
mod id;
#[cfg(test)]
mod template;
pub mod vi;

/// A word of a pack that folding makes ambiguous: it counts only where the source prints one of
/// `printed` (compared without regard to case).
#[derive(Clone, Copy, Debug)]
pub struct Word {
    /// The word on the view (folded, lowercase).
    pub folded: &'static str,
    /// The printed forms that make it this word (lowercase, NFC); empty: any.
    pub printed: &'static [&'static str],
}

impl Word {
    /// A word that folding leaves unambiguous.
    pub const fn plain(folded: &'static str) -> Word {
        Word {
            folded,
            printed: &[],
        }
    }

    /// Whether `source` (the printed text of a match of this word) is this word.
    pub fn printed_as(&self, source: &str) -> bool {
        use unicode_normalization::UnicodeNormalization;
        self.printed.is_empty() || {
            let lower: String = source.nfc().collect::<String>().to_lowercase();
            let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
            self.printed.iter().any(|p| lower == *p)
        }
    }
}

/// All the words one language's grammars read.
#[derive(Debug)]
pub struct Pack {
    /// The language.
    pub lang: Lang,
    /// Month names and abbreviations → month (1–12), after the word that announces a month where
    /// the language has one (`tháng ba`: the Vietnamese entries include `thang`).
    pub months: &'static [(Word, u32)],
    /// Month names of the language's own calendar where it has one (Jalali for Persian) → month.
    pub calendar_months: &'static [(Word, u32)],
    /// Month names that are also everyday words: English reads them as months only capitalised
    /// (`May`, not the verb `may`), Persian only next to a year (`مه`).
    pub ambiguous_months: &'static [&'static str],
    /// Numbers written as words (`شش` six), for counts of months (`شش ماه نخست`).
    pub number_words: &'static [(&'static str, u32)],
    /// Weekday names and abbreviations (a weekday before a day announces a date).
    pub weekdays: &'static [&'static str],
    /// Day numbers written as words (`first`, `twenty-second`), → day of the month.
    pub day_words: &'static [(&'static str, u32)],
    /// Suffixes of an ordinal day number (`1st`, `22nd`).
    pub ordinal_suffixes: &'static [&'static str],
    /// Words after which a bare day and month (`30/9`) is a date.
    pub date_announcers: &'static [&'static str],
    /// Words that open a day of the month (`mồng 3`).
    pub day_words_before: &'static [&'static str],
    /// Era markers after a year (`14 AD`).
    pub eras: &'static [&'static str],
    /// Hedges before a figure.
    pub qualifiers: &'static [(&'static str, Qualifier)],
    /// Words that make the number after them negative (`minus 5`, `âm 1.200`); change words such
    /// as `giảm` or `fell` are not signs and do not belong here.
    pub sign_words: &'static [Word],
    /// Scale words after a number: (word, multiplier, English name).
    pub scales: &'static [(&'static str, f64, &'static str)],
    /// Scale letters glued to a number (`10k`, `$3M`, `1.2bn`), case-sensitive: (letters,
    /// multiplier, English name).
    pub scale_suffixes: &'static [(&'static str, f64, &'static str)],
    /// Words that join the parts of one compound number (`4 thousand 3 hundred and 21`,
    /// `۳ هزار و ۲۰۰`).
    pub joiners: &'static [&'static str],
    /// Currency words and codes written after a number → ISO code.
    pub currencies_after: &'static [(Word, &'static str)],
    /// Currency signs and codes written before a number → ISO code.
    pub currencies_before: &'static [(&'static str, &'static str)],
    /// Currency words that OCR damaged into another word, read as the currency only after a
    /// scale word (`tỷ dòng`): (word, printed forms, code).
    pub damaged_currencies: &'static [(Word, &'static str)],
    /// Words of a currency's hundredth after the major amount (`2 đô la 23 xu`, `20 rupees 43`).
    pub minor_units: &'static [&'static str],
    /// Spoken decimal points between two numbers (`1 point 1`, `2 chấm 23`).
    pub decimal_words: &'static [Word],
    /// Percent words after a number.
    pub percent_words: &'static [&'static str],
    /// Words before a number that name a structure, a place or a time, not a quantity (`Điều 5`,
    /// `clause 3`, `ماده ۵`, `Quận 3`, `Thứ 3`, `HS code 17.01`).
    pub structure_words: &'static [Word],
    /// Words that name the type of the document whose number follows (`nghị quyết`, `decree`,
    /// `بخشنامه`) → its type code (`NQ`, `NĐ`, `TT`).
    pub type_words: &'static [(&'static str, &'static str)],
    /// Words after which `N.0` is a version (`Industry 4.0`).
    pub version_words: &'static [&'static str],
    /// Whether thousands may be grouped by spaces (`1 414 021`).
    pub space_grouping: bool,
    /// Frequent words of the language that detection counts as evidence for it (folded,
    /// lowercase; Vietnamese syllables are chosen not to be English words).
    pub function_words: &'static [&'static str],
    /// Words as an OCR engine without the language's model misreads them → the word, and when
    /// the view rewrites them (folded, lowercase, ASCII: `s6` → `so` before a number).
    pub ocr_confusions: &'static [(&'static str, &'static str, OcrRewrite)],
    /// The words of a document's header and of its citations ([`Citing`]).
    pub citing: Citing,
}

/// The words that say what a document is and how it relates to what it cites: the header's
/// labels, and the relation words that introduce a citation. Phrases are folded, lowercase and
/// single-spaced, like every word of a pack.
#[derive(Debug)]
pub struct Citing {
    /// Words that introduce cited documents → the relation (`can cu` → basis, `pursuant to` →
    /// basis, `thuc hien` → implements, `theo` → cites).
    pub relation_words: &'static [(&'static str, Relation)],
    /// Words that open the description of a cited document: a number after them is part of that
    /// description, not listed under the relation (`ve viec`, `regarding`, `guiding`).
    pub nesting_words: &'static [&'static str],
    /// Words that join listed documents (`va`, `and`, `و`); `,` and `;` always do.
    pub list_joiners: &'static [&'static str],
    /// Phrases after a listed document that name the act amending it, listed under the same
    /// relation (`as amended by`, `duoc sua doi, bo sung boi`).
    pub amended_by: &'static [&'static str],
    /// Verbs by which a document enacts itself (`ban hanh`, `promulgates`): a relation word
    /// after them and a type word speaks of the document itself.
    pub enacting_words: &'static [&'static str],
    /// Words that make a type word mean this document (`nay` after: `Nghị định này`; `this`
    /// before: `This Decree`), as (word, whether it comes after the type word).
    pub self_words: &'static [(&'static str, bool)],
    /// The words of the enacting line that closes a preamble (`quyet dinh:` , `decides:`),
    /// without the colon.
    pub decides_words: &'static [&'static str],
    /// Words that close a preamble's last sentence (`nhu sau`, `as follows`).
    pub closing_words: &'static [&'static str],
    /// Words that open an article of a legal act (`dieu`, `article`, `ماده`).
    pub article_words: &'static [&'static str],
    /// The label of a document's own number in its header (`so`, `no`, `شماره`).
    pub number_labels: &'static [&'static str],
    /// The starts of the national motto's lines, never an issuer (`cong hoa xa hoi`, `doc lap`).
    pub mottos: &'static [&'static str],
    /// Words that continue a body's name on the line below (`tinh`, `thanh pho`, `of`).
    pub name_continuations: &'static [&'static str],
    /// Words between a place and the date of issue (`ngay`), besides a comma.
    pub place_date_words: &'static [&'static str],
    /// Words that link a cited number to its own date (`ngay`, `dated`, `of`, `مورخ`).
    pub date_links: &'static [&'static str],
    /// Words that open the issuer named between a cited number and its date (`cua`, `issued by`).
    pub issuer_links: &'static [&'static str],
    /// Words before a date that make it a status or effective date, not the cited document's own
    /// (`as of`, `hieu luc`).
    pub not_own_date: &'static [&'static str],
    /// Words that end a line which a headline or title goes on after (`va`, `and`, `of`).
    pub connectives: &'static [&'static str],
    /// Titles of the officials who sign for a body (`chu tich`, `the prime minister`): a line in
    /// capitals opening with one, under a decision's title, is its signer, not the title.
    pub signers: &'static [&'static str],
}

impl Citing {
    /// No words at all.
    pub const EMPTY: Citing = Citing {
        relation_words: &[],
        nesting_words: &[],
        list_joiners: &[],
        amended_by: &[],
        enacting_words: &[],
        self_words: &[],
        decides_words: &[],
        closing_words: &[],
        article_words: &[],
        number_labels: &[],
        mottos: &[],
        name_continuations: &[],
        place_date_words: &[],
        date_links: &[],
        issuer_links: &[],
        not_own_date: &[],
        connectives: &[],
        signers: &[],
    };
}

impl Pack {
    /// A pack of no language with every table empty: a pack of a few tables starts from it
    /// (`Pack { months: …, ..Pack::EMPTY }`).
    pub const EMPTY: Pack = Pack {
        lang: Lang::Und,
        months: &[],
        calendar_months: &[],
        ambiguous_months: &[],
        number_words: &[],
        weekdays: &[],
        day_words: &[],
        ordinal_suffixes: &[],
        date_announcers: &[],
        day_words_before: &[],
        eras: &[],
        qualifiers: &[],
        sign_words: &[],
        scales: &[],
        scale_suffixes: &[],
        joiners: &[],
        currencies_after: &[],
        currencies_before: &[],
        damaged_currencies: &[],
        minor_units: &[],
        decimal_words: &[],
        percent_words: &[],
        structure_words: &[],
        type_words: &[],
        version_words: &[],
        space_grouping: false,
        function_words: &[],
        ocr_confusions: &[],
        citing: Citing::EMPTY,
    };
}

/// When the view rewrites an OCR misreading of a word ([`Pack::ocr_confusions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OcrRewrite {
    /// Always (the misreading is not a word of its own).
    Always,
    /// Only when the next token starts with a digit (`s6 03/NQ-CP`, `nim 2025`).
    BeforeNumber,
}

/// Every registered pack. Adding a language: one line here.
#[cfg(not(feature = "test-pack"))]
pub static PACKS: &[&Pack] = &[&vi::PACK, &en::PACK, &fa::PACK];

/// Every registered pack, with the tests' Indonesian one.
#[cfg(feature = "test-pack")]
pub static PACKS: &[&Pack] = &[&vi::PACK, &en::PACK, &fa::PACK, &id::PACK];

/// The pack of `lang`, if one is registered.
pub fn of(lang: Lang) -> Option<&'static Pack> {
    PACKS.iter().copied().find(|p| p.lang == lang)
}

/// The entries of one table across every pack, the document's own language first: text in one
/// language cites words of another (an English report quoting `tỷ đồng`), so every pack is read.
pub fn all<T: Copy + 'static>(table: impl Fn(&'static Pack) -> &'static [T]) -> Vec<T> {
    PACKS
        .iter()
        .flat_map(|p| table(p).iter().copied())
        .collect()
}

/// Like [`all`], longest word first (where one word is a prefix of another, the longer one must
/// be tried first).
pub fn all_longest_first<T: Copy + 'static>(
    table: impl Fn(&'static Pack) -> &'static [T],
    word: impl Fn(&T) -> &str,
) -> Vec<T> {
    let mut out = all(table);
    out.sort_by_key(|t| std::cmp::Reverse(word(t).len()));
    out
}

/// The words of an [`alternation`] in its order: longest first (a stable sort), each once where
/// repeated side by side.
pub fn alternation_order<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut words: Vec<&str> = words.collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
}

/// A regex alternation of `words` (escaped, longest first, `\s+` between words).
pub fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    alternation_order(words)
        .iter()
        .map(|w| {
            w.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// A table of words looked up by one key instead of tried one by one: the first word of the text
/// after a number (or the last word of the text before it). Built once from the packs; a key is
/// packed into an integer (its bytes, ASCII lowercased), so a look-up is a binary search of
/// integers, with no allocation.
#[derive(Debug)]
pub struct WordTable<T> {
    /// (packed key, the entries with that key, longest word first), sorted by key.
    by_key: Vec<Keyed<T>>,
}

/// A packed key of a [`WordTable`] and its entries.
type Keyed<T> = (u128, Vec<(&'static str, T)>);

/// The key of a text at one end: its run of letters and digits there, or the one character there
/// when it is neither (`$`, `€`, the dot of `No.`); packed, or `None` when longer than 16 bytes.
fn key_at(text: &str, at_end: bool) -> Option<u128> {
    let bytes = text.as_bytes();
    let (start, end) = if at_end {
        let mut start = bytes.len();
        while start > 0 && bytes.len() - start <= 16 {
            let b = bytes.get(start - 1).copied().unwrap_or(b' ');
            let len = if b.is_ascii() {
                usize::from(b.is_ascii_alphanumeric())
            } else {
                text.get(..start)
                    .and_then(|t| t.chars().next_back())
                    .filter(|c| c.is_alphanumeric())
                    .map_or(0, char::len_utf8)
            };
            if len == 0 {
                break;
            }
            start -= len;
        }
        if start == bytes.len() {
            (start - text.chars().next_back()?.len_utf8(), start)
        } else {
            (start, bytes.len())
        }
    } else {
        let mut end = 0;
        while end <= 16 {
            let Some(&b) = bytes.get(end) else {
                break;
            };
            let len = if b.is_ascii() {
                usize::from(b.is_ascii_alphanumeric())
            } else {
                text.get(end..)
                    .and_then(|t| t.chars().next())
                    .filter(|c| c.is_alphanumeric())
                    .map_or(0, char::len_utf8)
            };
            if len == 0 {
                break;
            }
            end += len;
        }
        if end == 0 {
            (0, text.chars().next()?.len_utf8())
        } else {
            (0, end)
        }
    };
    pack(bytes.get(start..end)?)
}

/// Up to 16 bytes, ASCII lowercased, as one integer (text holds no NUL, so zero pads unambiguously).
fn pack(key: &[u8]) -> Option<u128> {
    if key.is_empty() || key.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    for (dst, b) in buf.iter_mut().zip(key) {
        *dst = b.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(buf))
}

impl<T: Copy> WordTable<T> {
    /// The table of `entries` (words folded, lowercase), keyed at their start (`at_end` false) or
    /// their end.
    pub fn new(entries: impl IntoIterator<Item = (&'static str, T)>, at_end: bool) -> Self {
        let mut by_key: Vec<Keyed<T>> = Vec::new();
        for (word, payload) in entries {
            let Some(key) = key_at(word, at_end) else {
                debug_assert!(false, "a pack word with a key over 16 bytes: {word}");
                continue;
            };
            match by_key.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push((word, payload)),
                None => by_key.push((key, vec![(word, payload)])),
            }
        }
        for (_, list) in &mut by_key {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        by_key.sort_by_key(|(k, _)| *k);
        WordTable { by_key }
    }

    /// The entries with the packed key `key`.
    fn get(&self, key: Option<u128>) -> &[(&'static str, T)] {
        key.and_then(|key| {
            self.by_key
                .binary_search_by_key(&key, |(k, _)| *k)
                .ok()
                .and_then(|i| self.by_key.get(i))
        })
        .map_or(&[], |(_, list)| list.as_slice())
    }

    /// The entries whose word could start `text` (its first word is their first word).
    pub fn starting(&self, text: &str) -> &[(&'static str, T)] {
        self.get(key_at(text, false))
    }

    /// The entries whose word could end `text`.
    pub fn ending(&self, text: &str) -> &[(&'static str, T)] {
        self.get(key_at(text, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_pack() {
        assert_eq!(template::PACK.lang, Lang::Und);
        assert!(
            template::PACK
                .months
                .iter()
                .all(|(w, m)| (1..=12).contains(m) && !w.folded.is_empty())
        );
    }

    #[test]
    fn one_pack_per_language() {
        for lang in [Lang::Vi, Lang::En, Lang::Fa] {
            assert_eq!(PACKS.iter().filter(|p| p.lang == lang).count(), 1);
            assert!(of(lang).is_some());
        }
    }

    #[test]
    fn word_tables_find_by_first_and_last_word() {
        let t = WordTable::new(
            [("nghin ty", 1), ("ty", 2), ("$", 3), ("do la my", 4)],
            false,
        );
        assert_eq!(t.starting("nghin ty dong").first().map(|e| e.1), Some(1));
        assert_eq!(t.starting("Ty dong").first().map(|e| e.1), Some(2));
        assert_eq!(t.starting("$ 5").first().map(|e| e.1), Some(3));
        assert!(t.starting("tyx").is_empty());
        let t = WordTable::new([("phu luc", 1), ("no.", 2), ("dieu", 3)], true);
        assert_eq!(t.ending("theo Phu luc").first().map(|e| e.1), Some(1));
        assert_eq!(t.ending("Decree No.").first().map(|e| e.1), Some(2));
        assert_eq!(t.ending("Dieu").first().map(|e| e.1), Some(3));
    }

    #[test]
    fn alternation_is_longest_first_and_escaped() {
        assert_eq!(
            alternation(["a", "a.b", "x y"].into_iter()),
            r"a\.b|x\s+y|a"
        );
    }
}
