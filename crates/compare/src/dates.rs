//! When two ISO date values state the same date.

/// Equal ISO values, or one without a year ([`same_partial_date`]).
pub(crate) fn same_date(p: &str, q: &str) -> bool {
    p == q || same_partial_date(p, q) || same_partial_date(q, p)
}

/// `--07-30` vs `2025-07-30`, `--08` vs `2025-08`.
fn same_partial_date(partial: &str, full: &str) -> bool {
    match partial.strip_prefix("--") {
        Some(md) => !full.contains('/') && full.len() == md.len() + 5 && full.ends_with(md),
        None => false,
    }
}
