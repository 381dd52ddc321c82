//! The JSON shape of one document's record (contract `docfacts/1`).

use serde::{Deserialize, Serialize, Serializer};

use crate::{Lang, Span, Variant};

/// The value of the `schema` field of every record.
pub const SCHEMA: &str = "docfacts/1";

/// One JSON Lines record: a document, its language and its facts, or the reason it could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The document id: its file name without extension, or the relative path where names collide.
    pub id: String,
    /// Where the document came from.
    pub source: Source,
    /// `ok`, or `error` (then `error` says why and the fact lists are empty).
    pub status: Status,
    /// Why the document could not be read; `null` when `status` is `ok`.
    pub error: Option<ErrorInfo>,
    /// The detected language.
    pub language: Language,
    /// What the document says it is (its header, or a news article's dateline and headline); every
    /// field `null` where the text does not say.
    #[serde(default)]
    pub document: DocumentMeta,
    /// Calendar dates, months, years and periods, in document order.
    pub dates: Vec<DateFact>,
    /// Official document numbers, in document order.
    pub doc_refs: Vec<DocRefFact>,
    /// Counts, percents, ratios and money, in document order.
    pub figures: Vec<FigureFact>,
    /// Things a reader should know that did not stop extraction (a page without text, a replaced byte).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// When the document's bytes (SHA-256) equal those of an earlier document in the batch: that
    /// document's id. The record is then `ok` with empty fact lists, so that totals count each
    /// content once (see `docs/archives.md`). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

impl Record {
    /// An error record: every input yields one, so that a batch accounts for all of them.
    pub fn error(id: String, source: Source, error: ErrorInfo) -> Record {
        Record {
            schema: SCHEMA.to_owned(),
            id,
            source,
            status: Status::Error,
            error: Some(error),
            language: Language::undetermined(),
            document: DocumentMeta::default(),
            dates: Vec::new(),
            doc_refs: Vec::new(),
            figures: Vec::new(),
            warnings: Vec::new(),
            duplicate_of: None,
        }
    }

    /// True when the record has `status: "ok"`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }

    /// Every fact: the dates, then the document numbers, then the figures.
    ///
    /// ```
    /// # let mut record = docfacts_types::Record::error(String::new(), Default::default(),
    /// #     docfacts_types::ErrorInfo { kind: docfacts_types::ErrorKind::Empty, message: String::new() });
    /// let spans: Vec<_> = record.facts().map(|f| (f.text(), f.start(), f.end())).collect();
    /// assert_eq!(record.facts().count(), record.dates.len() + record.doc_refs.len() + record.figures.len());
    /// ```
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'_>> {
        self.dates
            .iter()
            .map(FactRef::Date)
            .chain(self.doc_refs.iter().map(FactRef::DocRef))
            .chain(self.figures.iter().map(FactRef::Figure))
    }

    /// Every fact's page field, with the fact's start: for setting pages.
    pub fn pages_mut(&mut self) -> impl Iterator<Item = (usize, &mut Option<u32>)> {
        self.dates
            .iter_mut()
            .map(|f| (f.start, &mut f.page))
            .chain(self.doc_refs.iter_mut().map(|f| (f.start, &mut f.page)))
            .chain(self.figures.iter_mut().map(|f| (f.start, &mut f.page)))
    }
}

/// One fact of a record, whatever its type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FactRef<'a> {
    /// A date.
    Date(&'a DateFact),
    /// A document number.
    DocRef(&'a DocRefFact),
    /// A figure.
    Figure(&'a FigureFact),
}

impl<'a> FactRef<'a> {
    /// The source text, byte-exact.
    pub fn text(self) -> &'a str {
        match self {
            FactRef::Date(f) => &f.text,
            FactRef::DocRef(f) => &f.text,
            FactRef::Figure(f) => &f.text,
        }
    }

    /// Start byte offset in the source text.
    pub fn start(self) -> usize {
        match self {
            FactRef::Date(f) => f.start,
            FactRef::DocRef(f) => f.start,
            FactRef::Figure(f) => f.start,
        }
    }

    /// End byte offset (exclusive).
    pub fn end(self) -> usize {
        match self {
            FactRef::Date(f) => f.end,
            FactRef::DocRef(f) => f.end,
            FactRef::Figure(f) => f.end,
        }
    }

    /// The record's list it is in: `dates`, `doc_refs` or `figures`.
    pub fn list(self) -> &'static str {
        match self {
            FactRef::Date(_) => "dates",
            FactRef::DocRef(_) => "doc_refs",
            FactRef::Figure(_) => "figures",
        }
    }
}

/// The input a record was made from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Source {
    /// The path as given (or found under a given directory); `-` for standard input.
    pub path: String,
    /// `text` or `pdf`; `unknown` when the input could not be read far enough to tell.
    pub format: SourceFormat,
    /// The encoding the text was decoded from (`utf-8`, `utf-16le`, `tcvn3`, …); `null` if not decoded.
    pub encoding: Option<String>,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// SHA-256 of the input bytes, lowercase hex; `null` if they could not be read.
    pub sha256: Option<String>,
    /// Number of pages (PDF only).
    pub pages: Option<u32>,
}

/// The container format of an input.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text.
    Text,
    /// PDF.
    Pdf,
    /// Not determined (unreadable input).
    #[default]
    Unknown,
}

/// Whether a document was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read and analysed.
    Ok,
    /// Could not be read; see `error`.
    Error,
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorInfo {
    /// A stable machine-readable kind.
    pub kind: ErrorKind,
    /// A sentence for people.
    pub message: String,
}

/// Stable error kinds, written in snake case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The path could not be opened or read.
    Io,
    /// The input has no bytes (or only a byte-order mark / whitespace).
    Empty,
    /// The input is larger than the configured limit.
    TooLarge,
    /// The input looks like binary data, not text.
    Binary,
    /// The bytes are not valid in any supported text encoding.
    InvalidEncoding,
    /// The input is a format docfacts does not read.
    UnsupportedFormat,
    /// The PDF needs a user password.
    Encrypted,
    /// The PDF is cut short or damaged beyond repair.
    Truncated,
    /// The PDF is malformed.
    Malformed,
    /// A resource limit (time, memory, nesting) was exceeded.
    LimitExceeded,
    /// An internal failure that was contained to this document.
    Internal,
}

/// The detected language of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Language {
    /// ISO 639-1 code, or `und`.
    pub code: Lang,
    /// For Vietnamese: `diacritics` or `unaccented`; otherwise `null`.
    pub variant: Option<Variant>,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

impl Language {
    /// `und` with no confidence.
    pub fn undetermined() -> Language {
        Language {
            code: Lang::Und,
            variant: None,
            confidence: 0.0,
        }
    }
}

/// A calendar date, partial date or period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DateFact {
    /// The source text, byte-exact.
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based page (PDF only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// ISO 8601 value: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `--MM-DD`, `--MM`, or an interval `A/B`.
    pub iso: String,
    /// `day`, `month` or `year`.
    pub precision: Precision,
    /// `gregorian`, or `jalali` when the text was in the Solar Hijri calendar (`iso` is Gregorian).
    pub calendar: Calendar,
    /// The index (in `dates`) of the other end of a two-date range, when this date is one end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_with: Option<usize>,
}

/// The precision of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A day is given.
    Day,
    /// A month is given.
    Month,
    /// A year is given.
    Year,
}

/// The calendar a date was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Gregorian.
    Gregorian,
    /// Solar Hijri (Persian), converted to Gregorian in `iso`.
    Jalali,
}

/// An official document number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocRefFact {
    /// The source text, byte-exact (damaged ids stay as printed).
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based page (PDF only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The canonical id (`57-NQ/TW`, `03/NQ-CP`, `15/2025/NQ-HĐND`).
    pub id: String,
    /// The number, ASCII digits as printed (`57`, `03`).
    pub number: String,
    /// The year part of a year-bearing id.
    pub year: Option<u16>,
    /// The type code (`NQ`, `NĐ`, `QĐ`, `KH`, `CV`, `ĐA` …).
    #[serde(rename = "type")]
    pub doc_type: String,
    /// The type in English (`resolution`, `decree`, …).
    pub type_name: String,
    /// The issuer part (`TW`, `CP`, `TTg`, `HĐND`, `BTTTT-CĐSQG`).
    pub issuer: Option<String>,
    /// True when `id` repairs damage in `text` (OCR); translation spellings are not repairs.
    pub repaired: bool,
    /// How this document relates to the cited one, from the words that introduce the citation.
    #[serde(default)]
    pub relation: Relation,
    /// The cited document's own date, when the citation states it (`số 03/NQ-CP ngày 09/01/2025`);
    /// the same date is also listed in `dates`.
    #[serde(default)]
    pub date: Option<CitedDate>,
}

/// How a document relates to a document it cites.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The cited document is a legal basis (`Căn cứ`, `Pursuant to`, `به استناد`).
    Basis,
    /// This document implements it (`Thực hiện`, `To implement`, `در اجرای`).
    Implements,
    /// This document amends it (`sửa đổi, bổ sung`, `amending`, `اصلاح`).
    Amends,
    /// This document replaces it (`thay thế`, `replacing`, `جایگزین`).
    Replaces,
    /// This document repeals it (`bãi bỏ`, `repealing`, `لغو`).
    Repeals,
    /// The number is the document's own (its header's `Số:` / `No.:` / `شماره:`).
    #[serde(rename = "self")]
    Own,
    /// Any other mention.
    #[default]
    Cites,
}

impl Relation {
    /// Every relation, in the contract's order.
    pub const ALL: [Relation; 7] = [
        Relation::Basis,
        Relation::Implements,
        Relation::Amends,
        Relation::Replaces,
        Relation::Repeals,
        Relation::Own,
        Relation::Cites,
    ];

    /// The relation as the contract writes it (`basis`, `self`, `cites` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Basis => "basis",
            Relation::Implements => "implements",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Own => "self",
            Relation::Cites => "cites",
        }
    }

    /// The relation a contract name stands for.
    pub fn parse(name: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// A cited document's own date, as its citation states it: the span of that date (also listed in
/// `dates`) and its ISO value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CitedDate {
    /// ISO 8601 value of the date entry.
    pub iso: String,
    /// Start byte offset of the date in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// What a document says it is: its own number, type, date and place of issue, issuing body and
/// title (contract: "Document metadata and citations").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocumentMeta {
    /// The document's own number (also in `doc_refs` with relation `self`).
    pub number: Option<MetaNumber>,
    /// The type code (`BC`, `KH`, `QĐ` …), from the type line or the own number.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The type in English (`report`, `plan` …).
    pub type_name: Option<String>,
    /// The date of issue (the header's place-and-date line, or a news dateline).
    pub issued: Option<MetaDate>,
    /// The place named in the place-and-date line.
    pub place: Option<MetaText>,
    /// The issuing body as printed (the lowest body of the authority block).
    pub issuer: Option<MetaText>,
    /// The subject line(s) after the type line, or a news headline.
    pub title: Option<MetaText>,
}

impl DocumentMeta {
    /// True when the text states none of the fields.
    pub fn is_empty(&self) -> bool {
        *self == DocumentMeta::default()
    }
}

/// A span of the source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetaText {
    /// The source text, byte-exact.
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// The document's own number: its span and canonical id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetaNumber {
    /// The source text, byte-exact.
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The canonical id, as for doc_refs.
    pub id: String,
}

/// The date of issue: its span (the same as its entry in `dates`) and ISO value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MetaDate {
    /// The source text, byte-exact (starting at the day number).
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// ISO 8601 value.
    pub iso: String,
}

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A count or measure.
    Number,
    /// A percentage (`value` is the number before `%`).
    Percent,
    /// A ratio `num/den`.
    Ratio,
    /// An amount of money (`unit` is the currency).
    Money,
}

/// A hedge written before a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// More than (`hơn`, `trên`, `over`, `more than`, `بیش از`).
    Over,
    /// Less than (`dưới`, `less than`, `کمتر از`).
    Under,
    /// Approximately (`khoảng`, `about`, `حدود`).
    About,
    /// Close to (`gần`, `nearly`, `نزدیک به`).
    Nearly,
}

/// A number stated in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FigureFact {
    /// The source text, byte-exact, qualifier word included.
    pub text: String,
    /// Start byte offset in the source text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// 1-based page (PDF only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// `number`, `percent`, `ratio` or `money`.
    pub kind: FigureKind,
    /// The value at full magnitude (`num/den` for a ratio, rounded to 8 decimals).
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    /// A ratio's numerator.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_number"
    )]
    pub num: Option<f64>,
    /// A ratio's denominator.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_number"
    )]
    pub den: Option<f64>,
    /// Currency for money (`VND`, `USD`, `IRR`), or the counted noun when near.
    pub unit: Option<String>,
    /// A hedge before the figure.
    pub qualifier: Option<Qualifier>,
    /// The number as written before a scale word was applied (`186.4` in `186,4 tỷ`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_number"
    )]
    pub written_value: Option<f64>,
    /// The scale word's meaning (`thousand`, `million`, `billion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
}

macro_rules! impl_span {
    ($($t:ty),*) => {$(
        impl $t {
            /// The fact's span in the source text.
            pub fn span(&self) -> Span {
                Span::new(self.start, self.end)
            }
        }
    )*};
}
impl_span!(
    DateFact, DocRefFact, FigureFact, MetaText, MetaNumber, MetaDate, CitedDate
);

/// Writes whole numbers without a fraction (`2126`, not `2126.0`), so that loaders see integers.
fn serialize_number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact in f64
    if v.fract() == 0.0 && v.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)] // checked: integral and below 2^53
        s.serialize_i64(*v as i64)
    } else if v.is_finite() {
        s.serialize_f64(*v)
    } else {
        s.serialize_none()
    }
}

fn serialize_opt_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => serialize_number(v, s),
        None => s.serialize_none(),
    }
}
