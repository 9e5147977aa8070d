//! The Open Threat Model document (OTM 0.2.0, also reads 0.1.x) as serde types.
//!
//! Only the parts maestro-tm maps are typed; the whole document as read is kept
//! beside them (`source`), so import can keep the rest (see `lossless`). OTM allows `null` for most
//! optional lists and objects, so those read `null` as empty.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Number, Value};

/// Reads `null` (or a missing key, with `#[serde(default)]`) as the type's default.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn is_empty_map(map: &Map<String, Value>) -> bool {
    map.is_empty()
}

/// The attributes object every OTM element may carry.
pub type Attributes = Map<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmDocument {
    /// Missing in some producers' files: then read as the assumed version (`import`).
    #[serde(default)]
    pub otm_version: String,
    pub project: Project,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub representations: Vec<Value>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assets: Vec<OtmAsset>,
    #[serde(default, deserialize_with = "nullable")]
    pub trust_zones: Vec<OtmTrustZone>,
    #[serde(default, deserialize_with = "nullable")]
    pub components: Vec<OtmComponent>,
    #[serde(default, deserialize_with = "nullable")]
    pub dataflows: Vec<OtmDataflow>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub threats: Vec<OtmThreat>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mitigations: Vec<OtmMitigation>,
    /// The document as read, as JSON text (empty when built in code): import keeps
    /// with each record what the typed fields above leave out.
    #[serde(skip)]
    pub source: String,
    /// What the text held that the document cannot represent (each with where it
    /// was); import names each in a warning, `--strict` refuses the file.
    #[serde(skip)]
    pub lost: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub name: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_contact: Option<String>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

/// Where an element sits: in a trust zone or inside a component (exactly one).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustRisk {
    pub trust_rating: Number,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmTrustZone {
    pub id: String,
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub risk: TrustRisk,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub representations: Vec<Value>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

/// A threat as it applies to one component or data flow, with its mitigations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreatInstance {
    pub threat: String,
    pub state: String,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mitigations: Vec<MitigationInstance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MitigationInstance {
    pub mitigation: String,
    #[serde(default)]
    pub state: Option<String>,
}

/// Assets a component processes or stores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetInstance {
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub processed: Vec<String>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub stored: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmComponent {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub parent: Parent,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub representations: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<AssetInstance>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub threats: Vec<ThreatInstance>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmDataflow {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidirectional: Option<bool>,
    pub source: String,
    pub destination: String,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub assets: Vec<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub threats: Vec<ThreatInstance>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreatRisk {
    /// Required by the schema but may be `null`.
    pub likelihood: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood_comment: Option<String>,
    pub impact: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmThreat {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub categories: Vec<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub cwes: Vec<Option<String>>,
    pub risk: ThreatRisk,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmMitigation {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 0–100: how much the control lowers the risk of the threats it addresses.
    pub risk_reduction: Number,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CiaRisk {
    pub confidentiality: Number,
    pub integrity: Number,
    pub availability: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtmAsset {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub risk: CiaRisk,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "is_empty_map"
    )]
    pub attributes: Attributes,
}
