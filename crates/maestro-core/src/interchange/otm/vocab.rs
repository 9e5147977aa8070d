//! Other tools' spellings of the method's vocabulary, as met in OTM files.
//!
//! The table is documented in the README (section "Interchange"); the original
//! spelling always survives in the element's kept data (`categories`), so mapping a
//! variant loses nothing.

use crate::vocab::Stride;

/// Threat category spellings other tools write (compared ignoring case and every
/// character but letters and digits) → STRIDE category. The playbook's own
/// spellings ("Elevation of Privilege", …) are read as well.
pub const STRIDE_SPELLINGS: &[(&str, Stride)] = &[
    ("spoof", Stride::Spoofing),
    ("spoofingidentity", Stride::Spoofing),
    ("identityspoofing", Stride::Spoofing),
    ("tamper", Stride::Tampering),
    ("tamperingwithdata", Stride::Tampering),
    ("datatampering", Stride::Tampering),
    ("repudiate", Stride::Repudiation),
    ("nonrepudiation", Stride::Repudiation),
    ("infodisclosure", Stride::InformationDisclosure),
    ("disclosure", Stride::InformationDisclosure),
    ("informationleak", Stride::InformationDisclosure),
    ("informationleakage", Stride::InformationDisclosure),
    ("dataleak", Stride::InformationDisclosure),
    ("dataleakage", Stride::InformationDisclosure),
    ("dos", Stride::DenialOfService),
    ("ddos", Stride::DenialOfService),
    ("denialofservices", Stride::DenialOfService),
    ("privileges", Stride::ElevationOfPrivilege),
    ("privilege", Stride::ElevationOfPrivilege),
    ("elevationofprivileges", Stride::ElevationOfPrivilege),
    ("privilegeescalation", Stride::ElevationOfPrivilege),
    ("escalationofprivilege", Stride::ElevationOfPrivilege),
    ("escalationofprivileges", Stride::ElevationOfPrivilege),
    ("eop", Stride::ElevationOfPrivilege),
];

fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The STRIDE category an OTM threat category names, if any.
pub fn stride_of(category: &str) -> Option<Stride> {
    Stride::parse(category).or_else(|| {
        let wanted = letters(category);
        Stride::ALL
            .iter()
            .copied()
            .find(|s| letters(s.as_str()) == wanted)
            .or_else(|| {
                STRIDE_SPELLINGS
                    .iter()
                    .find(|(spelling, _)| *spelling == wanted)
                    .map(|(_, stride)| *stride)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_map_and_other_categories_do_not() {
        assert_eq!(stride_of("Privileges"), Some(Stride::ElevationOfPrivilege));
        assert_eq!(
            stride_of("elevation-of-privileges"),
            Some(Stride::ElevationOfPrivilege)
        );
        assert_eq!(
            stride_of("Information Disclosure"),
            Some(Stride::InformationDisclosure)
        );
        assert_eq!(
            stride_of("info. disclosure"),
            Some(Stride::InformationDisclosure)
        );
        assert_eq!(stride_of("DoS"), Some(Stride::DenialOfService));
        assert_eq!(stride_of("Tampering"), Some(Stride::Tampering));
        assert_eq!(stride_of("OWASP A01"), None);
        assert_eq!(stride_of(""), None);
        for (spelling, stride) in STRIDE_SPELLINGS {
            assert_eq!(stride_of(spelling), Some(*stride), "{spelling}");
        }
    }
}
