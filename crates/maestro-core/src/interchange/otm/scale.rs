//! OTM's 0–100 numbers ↔ the method's levels.
//!
//! OTM rates with numbers, MAESTRO with named levels. Export writes the middle of
//! each level's band; import of another tool's numbers takes the band they fall in
//! (quarters for four-step scales, thirds for three-step ones).

use crate::vocab::{Classification, Effectiveness, Likelihood, Severity};

/// Trust rating written for a zone whose trust level is not rated.
pub const UNRATED_TRUST: u8 = 50;

/// Integrity and availability (the session rates neither) and unrated confidentiality.
pub const UNRATED_CIA: u64 = 50;

/// Index 0–3 of a 0–100 value on a four-step scale.
fn quarter(value: f64) -> usize {
    match value {
        v if v <= 25.0 => 0,
        v if v <= 50.0 => 1,
        v if v <= 75.0 => 2,
        _ => 3,
    }
}

const QUARTERS: [u64; 4] = [25, 50, 75, 100];

pub fn likelihood_value(likelihood: Likelihood) -> u64 {
    QUARTERS[Likelihood::ALL
        .iter()
        .position(|l| *l == likelihood)
        .unwrap_or(0)]
}

pub fn likelihood_of(value: f64) -> Likelihood {
    Likelihood::ALL[quarter(value)]
}

pub fn severity_value(severity: Severity) -> u64 {
    QUARTERS[Severity::ALL
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(0)]
}

pub fn severity_of(value: f64) -> Severity {
    Severity::ALL[quarter(value)]
}

pub fn confidentiality_value(classification: Option<Classification>) -> u64 {
    classification.map_or(UNRATED_CIA, |c| {
        QUARTERS[Classification::ALL
            .iter()
            .position(|x| *x == c)
            .unwrap_or(0)]
    })
}

pub fn classification_of(confidentiality: f64) -> Classification {
    Classification::ALL[quarter(confidentiality)]
}

/// Risk reduction written for an effectiveness (0 when unrated).
pub fn effectiveness_value(effectiveness: Effectiveness) -> u64 {
    match effectiveness {
        Effectiveness::Low => 30,
        Effectiveness::Medium => 60,
        Effectiveness::High => 90,
    }
}

/// Effectiveness of another tool's risk reduction; 0 (or less) leaves it unrated.
pub fn effectiveness_of(risk_reduction: f64) -> Option<Effectiveness> {
    match risk_reduction {
        v if v <= 0.0 => None,
        v if v <= 40.0 => Some(Effectiveness::Low),
        v if v <= 70.0 => Some(Effectiveness::Medium),
        _ => Some(Effectiveness::High),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_values_read_back_as_the_same_level() {
        for l in Likelihood::ALL {
            assert_eq!(likelihood_of(likelihood_value(*l) as f64), *l);
        }
        for s in Severity::ALL {
            assert_eq!(severity_of(severity_value(*s) as f64), *s);
        }
        for c in Classification::ALL {
            assert_eq!(
                classification_of(confidentiality_value(Some(*c)) as f64),
                *c
            );
        }
        for e in Effectiveness::ALL {
            assert_eq!(effectiveness_of(effectiveness_value(*e) as f64), Some(*e));
        }
    }

    #[test]
    fn band_edges() {
        assert_eq!(severity_of(0.0), Severity::Low);
        assert_eq!(severity_of(26.0), Severity::Medium);
        assert_eq!(severity_of(76.0), Severity::Critical);
        assert_eq!(likelihood_of(100.0), Likelihood::VeryLikely);
        assert_eq!(effectiveness_of(0.0), None);
        assert_eq!(effectiveness_of(41.0), Some(Effectiveness::Medium));
    }
}
