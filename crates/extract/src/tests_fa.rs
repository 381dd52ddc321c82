//! Unit tables for Persian figures and document numbers, run through the whole extractor (so that
//! the order doc_refs → dates → figures is part of what is checked).

use docfacts_normalize::View;
use docfacts_types::{FigureKind, Lang, Qualifier};

use crate::{Analyzed, Facts, extract};

fn facts(source: &str) -> Facts {
    let view = View::new(source);
    let facts = extract(&Analyzed {
        source,
        view: &view,
        lang: Lang::Fa,
        variant: None,
        deadline: None,
    });
    for (start, end, text) in facts
        .figures
        .iter()
        .map(|f| (f.start, f.end, &f.text))
        .chain(facts.doc_refs.iter().map(|d| (d.start, d.end, &d.text)))
        .chain(facts.dates.iter().map(|d| (d.start, d.end, &d.text)))
    {
        assert_eq!(&source[start..end], text, "span of {text:?}");
    }
    facts
}

type Fig = (String, FigureKind, f64, Option<Qualifier>, Option<String>);

fn figs(source: &str) -> Vec<Fig> {
    facts(source)
        .figures
        .into_iter()
        .map(|f| (f.text, f.kind, f.value, f.qualifier, f.unit))
        .collect()
}

use FigureKind::{Money, Number, Percent, Ratio};
use Qualifier::{About, Nearly, Over, Under};

macro_rules! f {
    ($name:ident, $input:expr, [$(($text:expr, $kind:expr, $value:expr, $q:expr, $unit:expr)),* $(,)?]) => {
        #[test]
        fn $name() {
            let expect: Vec<Fig> = vec![$((
                $text.to_owned(),
                $kind,
                $value as f64,
                $q,
                Option::<&str>::from($unit).map(str::to_owned),
            )),*];
            assert_eq!(figs($input), expect, "input: {:?}", $input);
        }
    };
}

f!(
    momayyez_thousands,
    "جمعیت ۹۴٬۴۴۷ نفر",
    [("۹۴٬۴۴۷", Number, 94447, None, None)]
);
f!(
    decimal_separator,
    "نرخ ۱۲٫۵ و ۱٬۲۵۰٫۷۵",
    [
        ("۱۲٫۵", Number, 12.5, None, None),
        ("۱٬۲۵۰٫۷۵", Number, 1250.75, None, None)
    ]
);
f!(
    arabic_comma_groups_thousands,
    "۹۴،۴۴۷ نفر و ۱،۲۳۴،۵۶۷ حساب",
    [
        ("۹۴،۴۴۷", Number, 94447, None, None),
        ("۱،۲۳۴،۵۶۷", Number, 1_234_567, None, None)
    ]
);
f!(
    arabic_comma_is_a_list_comma,
    "گروههای ۱۲،۵ و ۳۰،۴۰ و ۷، ۸",
    [
        ("۱۲", Number, 12, None, None),
        ("۵", Number, 5, None, None),
        ("۳۰", Number, 30, None, None),
        ("۴۰", Number, 40, None, None),
        ("۷", Number, 7, None, None),
        ("۸", Number, 8, None, None),
    ]
);
f!(
    arabic_indic_digits,
    "٩٤٬٤٤٧ و ٥٪",
    [
        ("٩٤٬٤٤٧", Number, 94447, None, None),
        ("٥٪", Percent, 5, None, None)
    ]
);
f!(
    percents,
    "۵٪ و ۱۲٫۵ درصد و ۷۱ ٪ و 40%",
    [
        ("۵٪", Percent, 5, None, None),
        ("۱۲٫۵ درصد", Percent, 12.5, None, None),
        ("۷۱ ٪", Percent, 71, None, None),
        ("40%", Percent, 40, None, None),
    ]
);
f!(
    ratios,
    "ادارات ۱۷/۱۷ و کمون ۱۰۲/۱۰۲ و 7/36",
    [
        ("۱۷/۱۷", Ratio, 1, None, None),
        ("۱۰۲/۱۰۲", Ratio, 1, None, None),
        ("7/36", Ratio, 0.19444444, None, None),
    ]
);
f!(
    qualifiers,
    "بیش از ۷۱٪ و حدود ۳۰ پرونده و کمتر از ۵ مورد و نزدیک به ۲۰۰ نفر",
    [
        ("بیش از ۷۱٪", Percent, 71, Some(Over), None),
        ("حدود ۳۰", Number, 30, Some(About), None),
        ("کمتر از ۵", Number, 5, Some(Under), None),
        ("نزدیک به ۲۰۰", Number, 200, Some(Nearly), None),
    ]
);
f!(
    scales,
    "۳ میلیون نفر و ۲٫۵ میلیارد و ۴۰ هزار",
    [
        ("۳ میلیون", Number, 3_000_000, None, None),
        ("۲٫۵ میلیارد", Number, 2_500_000_000.0, None, None),
        ("۴۰ هزار", Number, 40_000, None, None),
    ]
);
f!(
    money,
    "۱۲۰ میلیارد ریال و ۵۰۰ هزار تومان و ۲ میلیون دلار و ۳ هزار میلیارد ریال",
    [
        ("۱۲۰ میلیارد ریال", Money, 120_000_000_000.0, None, "IRR"),
        ("۵۰۰ هزار تومان", Money, 500_000, None, "IRT"),
        ("۲ میلیون دلار", Money, 2_000_000, None, "USD"),
        ("۳ هزار میلیارد ریال", Money, 3e12, None, "IRR"),
    ]
);
f!(
    mixed_digit_scripts,
    "مجموع ۲۰۰00 حساب",
    [("۲۰۰00", Number, 20000, None, None)]
);
f!(
    dates_are_not_figures,
    "در ۲۶ فروردین ۱۴۰۴ و ۱۴۰۴/۰۱/۲۶ و سال ۲۰۲۵، ۳ گروه",
    [("۳", Number, 3, None, None)]
);

fn ids(source: &str) -> Vec<(String, String)> {
    facts(source)
        .doc_refs
        .into_iter()
        .map(|d| (d.text, d.id))
        .collect()
}

#[test]
fn doc_numbers_with_persian_and_mixed_digits() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("قطعنامه شماره ۷۱/NQ-CP مورخ", &[("۷۱/NQ-CP", "71/NQ-CP")]),
        ("اجرای قطعنامه شماره ۵۷-NQ/TW", &[("۵۷-NQ/TW", "57-NQ/TW")]),
        (
            "قطعنامه ۷1/NQ-CP و 5۷-NQ/TW",
            &[("۷1/NQ-CP", "71/NQ-CP"), ("5۷-NQ/TW", "57-NQ/TW")],
        ),
        (
            "فرمان ٣٤/٢٠١٦/NĐ-CP دولت",
            &[("٣٤/٢٠١٦/NĐ-CP", "34/2016/NĐ-CP")],
        ),
    ];
    for &(input, want) in cases {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|&(t, i)| (t.to_owned(), i.to_owned()))
            .collect();
        assert_eq!(ids(input), want, "input: {input:?}");
    }
}

#[test]
fn doc_number_year_is_neither_date_nor_figure() {
    let f = facts("فرمان ۳۴/۲۰۱۶/NĐ-CP");
    assert!(f.dates.is_empty(), "{:?}", f.dates);
    assert!(f.figures.is_empty(), "{:?}", f.figures);
}
