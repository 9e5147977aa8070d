//! Tests of `validate` (module `tests`, kept out of the file it tests).

use super::*;

#[test]
fn dates() {
    assert!(is_iso_date("2024-02-29"));
    assert!(!is_iso_date("2023-02-29"));
    assert!(!is_iso_date("2023-13-01"));
    assert!(!is_iso_date("23-01-01"));
    assert!(!is_iso_date("next week"));
}
