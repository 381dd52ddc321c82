//! The bytes the extractors read around their candidates, counted in tests: the measure of work
//! that the linearity tests compare across inputs of growing length (operations, not time).
//! Outside tests the count compiles to nothing.

#[cfg(test)]
thread_local! {
    static READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts `bytes` read by an extractor (a window searched, a line scanned).
#[inline]
pub(crate) fn read(bytes: usize) {
    #[cfg(test)]
    READ.with(|r| r.set(r.get() + bytes));
    #[cfg(not(test))]
    let _ = bytes;
}

/// The bytes counted on this thread since the last call.
#[cfg(test)]
pub(crate) fn take() -> usize {
    READ.with(|r| r.replace(0))
}
