//! Counts, in tests only, how often records are found by id: through a `Lookup` (a hash
//! probe) or by a scan of a whole list (`Session::component` and the like), so a test can
//! show that building a report costs O(1) per reference and scans nothing.

#[cfg(test)]
thread_local! {
    static PROBES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static SCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
pub(crate) fn note() {
    #[cfg(test)]
    PROBES.with(|p| p.set(p.get() + 1));
}

/// A lookup that walks a list: `visited` records compared.
#[inline]
pub(crate) fn scanned(_visited: usize) {
    #[cfg(test)]
    SCANS.with(|p| p.set(p.get() + _visited));
}

/// (probes, records visited by scans) on this thread since the last call; resets both.
#[cfg(test)]
pub fn take() -> (usize, usize) {
    (PROBES.with(|p| p.replace(0)), SCANS.with(|p| p.replace(0)))
}
