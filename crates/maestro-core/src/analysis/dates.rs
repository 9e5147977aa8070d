//! Calendar dates as sessions store them (`YYYY-MM-DD`), with the one piece of arithmetic
//! the analysis needs: adding months (review dates, roadmap horizons).

use jiff::civil::Date;
use jiff::{Span, ToSpan};

/// A stored date that is not a valid `YYYY-MM-DD` calendar date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date of the form YYYY-MM-DD")]
pub struct BadDate(pub String);

/// Parses a session date.
pub fn parse(text: &str) -> Result<Date, BadDate> {
    let text = text.trim();
    // jiff also accepts forms such as `20250115`; sessions use the dashed form only.
    if text.len() != 10 {
        return Err(BadDate(text.to_string()));
    }
    text.parse::<Date>().map_err(|_| BadDate(text.to_string()))
}

fn add(date: &str, span: Span) -> Result<String, BadDate> {
    let start = parse(date)?;
    start
        .checked_add(span)
        .map(|d| d.to_string())
        .map_err(|_| BadDate(date.to_string()))
}

/// Today's date in UTC, as sessions store dates.
pub fn today() -> String {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

/// `date` plus `months` calendar months; a day that does not exist in the target month
/// becomes that month's last day (31 January + 1 month = 28 or 29 February).
pub fn add_months(date: &str, months: u32) -> Result<String, BadDate> {
    add(date, (months as i64).months())
}

/// `date` plus `days` days.
pub fn add_days(date: &str, days: u32) -> Result<String, BadDate> {
    add(date, (days as i64).days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_session_date_near_the_system_clock() {
        let today = today();
        let parsed = parse(&today).expect("today() is YYYY-MM-DD");
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let days_since_epoch = (parsed - Date::constant(1970, 1, 1)).get_days() as i64;
        // The clock may tick over midnight between the two reads.
        assert!((seconds / 86_400 - days_since_epoch).abs() <= 1, "{today}");
    }

    #[test]
    fn adds_months_with_month_end_clamping() {
        assert_eq!(add_months("2025-01-15", 1).unwrap(), "2025-02-15");
        assert_eq!(add_months("2025-01-31", 1).unwrap(), "2025-02-28");
        assert_eq!(add_months("2024-01-31", 1).unwrap(), "2024-02-29");
        assert_eq!(add_months("2025-11-30", 3).unwrap(), "2026-02-28");
        assert_eq!(add_months("2025-06-01", 12).unwrap(), "2026-06-01");
        assert_eq!(add_days("2025-12-15", 30).unwrap(), "2026-01-14");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in ["", "2025-13-01", "2025-02-30", "15/01/2025", "20250115"] {
            assert!(add_months(bad, 1).is_err(), "{bad}");
        }
        assert!(parse(" 2025-01-15 ").is_ok());
    }
}
