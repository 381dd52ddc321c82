//! Vietnamese, with or without diacritics (the view folds them: `tỷ` is `ty`).

use docfacts_types::{Lang, Qualifier};

use super::{OcrRewrite, Pack, Word};

/// A word whose folded form is shared with another word: it counts where printed as one of these.
const fn printed(folded: &'static str, printed: &'static [&'static str]) -> Word {
    Word { folded, printed }
}

/// Vietnamese.
pub static PACK: Pack = Pack {
    lang: Lang::Vi,
    // `tháng năm` (May) is left out: `7 tháng năm 2025` is seven months of 2025.
    months: &[
        (Word::plain("thang gieng"), 1),
        (Word::plain("thang mot"), 1),
        (printed("thang hai", &["tháng hai"]), 2),
        (printed("thang ba", &["tháng ba"]), 3),
        (printed("thang tu", &["tháng tư"]), 4),
        (printed("thang sau", &["tháng sáu"]), 6),
        (printed("thang bay", &["tháng bảy", "tháng bẩy"]), 7),
        (printed("thang tam", &["tháng tám"]), 8),
        (printed("thang chin", &["tháng chín"]), 9),
        (printed("thang muoi", &["tháng mười"]), 10),
        (printed("thang muoi mot", &["tháng mười một"]), 11),
        (printed("thang muoi hai", &["tháng mười hai"]), 12),
        (printed("thang chap", &["tháng chạp"]), 12),
    ],
    calendar_months: &[],
    ambiguous_months: &[],
    number_words: &[],
    weekdays: &["chu nhat"],
    day_words: &[],
    ordinal_suffixes: &[],
    date_announcers: &[
        "ngay", "chieu", "sang", "toi", "trua", "dem", "hom", "tu", "den", "truoc", "sau", "vao",
    ],
    day_words_before: &["mong", "mung"],
    eras: &[],
    qualifiers: &[
        ("hon", Qualifier::Over),
        ("tren", Qualifier::Over),
        ("vuot", Qualifier::Over),
        ("duoi", Qualifier::Under),
        ("chua den", Qualifier::Under),
        ("khoang", Qualifier::About),
        ("xap xi", Qualifier::About),
        ("gan", Qualifier::Nearly),
    ],
    sign_words: &[printed("am", &["âm"])],
    scales: &[
        ("nghin ty", 1e12, "trillion"),
        ("ngan ty", 1e12, "trillion"),
        ("ty", 1e9, "billion"),
        ("trieu", 1e6, "million"),
        ("nghin", 1e3, "thousand"),
        ("ngan", 1e3, "thousand"),
    ],
    scale_suffixes: &[],
    joiners: &["va"],
    currencies_after: &[
        (printed("dong", &["đồng", "dong"]), "VND"),
        (printed("d", &["đ"]), "VND"),
        (Word::plain("vnd"), "VND"),
        (printed("do la my", &["đô la mỹ"]), "USD"),
        (printed("do la", &["đô la", "đôla"]), "USD"),
        (printed("do my", &["đô mỹ"]), "USD"),
        (printed("do", &["đô"]), "USD"),
    ],
    currencies_before: &[("vnd", "VND"), ("vn$", "VND")],
    damaged_currencies: &[(
        printed("dong", &["dòng", "đòng", "dông", "đông", "dồng", "đổng"]),
        "VND",
    )],
    minor_units: &["xu", "xen"],
    decimal_words: &[printed("cham", &["chấm"]), printed("phay", &["phẩy"])],
    percent_words: &["phan tram"],
    structure_words: &[
        printed("dieu", &["điều"]),
        printed("khoan", &["khoản"]),
        printed("diem", &["điểm"]),
        printed("chuong", &["chương"]),
        printed("muc", &["mục"]),
        printed("phan", &["phần"]),
        printed("phu luc", &["phụ lục"]),
        printed("quan", &["quận"]),
        printed("phuong", &["phường"]),
        printed("thu", &["thứ"]),
        printed("ma", &["mã"]),
        printed("ma so", &["mã số"]),
    ],
    // Words that name the type of the document whose number follows or precedes them.
    type_words: &[
        ("nghi quyet", "NQ"),
        ("nghi dinh", "NĐ"),
        ("quyet dinh", "QĐ"),
        ("chi thi", "CT"),
        ("thong tu", "TT"),
        ("ke hoach", "KH"),
        ("chuong trinh", "CTr"),
        ("thong bao", "TB"),
        ("bao cao", "BC"),
        ("huong dan", "HD"),
        ("to trinh", "TTr"),
        ("cong van", "CV"),
        ("ket luan", "KL"),
        ("de an", "ĐA"),
        ("luat", "L"),
    ],
    version_words: &["nghiep", "phien ban", "cmcn"],
    space_grouping: false,
    // Frequent syllables without diacritics, chosen not to be English words.
    function_words: &[
        "cua", "cac", "va", "duoc", "nhung", "trong", "voi", "nguoi", "viec", "thuc", "hien",
        "tinh", "theo", "cong", "nghe", "khoa", "hoc", "chuyen", "doi", "nhiem", "vu", "ke",
        "hoach", "dang", "nay", "cho", "tai", "tren", "da", "la", "co", "ngay", "thang", "nam",
        "xa", "phuong", "dich", "ho", "tham", "gia", "quyet", "dinh", "nghi", "phat", "trien",
        "trung", "uong", "chinh", "phu", "nhan", "dan", "dia", "ban", "tu", "den", "mot", "nhieu",
        "cung", "khong", "duong", "quan", "ly", "thanh", "lap",
    ],
    // OCR of `số`, `năm`, `ngày`, `Nghị`, `quyết`, `Đảng`, `hoạch` without a Vietnamese model.
    ocr_confusions: &[
        ("s6", "so", OcrRewrite::BeforeNumber),
        ("so6", "so", OcrRewrite::BeforeNumber),
        ("sb", "so", OcrRewrite::BeforeNumber),
        ("s0", "so", OcrRewrite::BeforeNumber),
        ("sd", "so", OcrRewrite::BeforeNumber),
        ("se", "so", OcrRewrite::BeforeNumber),
        ("s", "so", OcrRewrite::BeforeNumber),
        ("nim", "nam", OcrRewrite::BeforeNumber),
        ("niam", "nam", OcrRewrite::BeforeNumber),
        ("ndm", "nam", OcrRewrite::BeforeNumber),
        ("ngdy", "ngay", OcrRewrite::Always),
        ("nghij", "nghi", OcrRewrite::Always),
        ("quyeet", "quyet", OcrRewrite::Always),
        ("hogch", "hoach", OcrRewrite::Always),
        ("pang", "dang", OcrRewrite::Always),
    ],
};
