//! Reading another tool's elements: guesses from its free-form types and states.

use crate::vocab::{ComponentKind, ImplementationStatus, MitigationStatus};

/// A guess at the kind of another tool's component from its type and name; the
/// analyst confirms it when placing the component in phase 2.
pub fn guess_kind(otm_type: &str, name: &str) -> ComponentKind {
    let text = format!("{otm_type} {name}").to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["mcp"]) {
        ComponentKind::McpServer
    } else if has(&["orchestrat"]) {
        ComponentKind::Orchestrator
    } else if has(&["agent"]) {
        ComponentKind::Agent
    } else if has(&["llm", "model", "gpt", "inference"]) {
        ComponentKind::Model
    } else if has(&["vector", "embedding"]) {
        ComponentKind::VectorStore
    } else if has(&["memory", "cache"]) {
        ComponentKind::Memory
    } else if has(&[
        "database", "db", "storage", "bucket", "s3", "store", "queue",
    ]) {
        ComponentKind::DataStore
    } else if has(&["tool", "plugin", "function"]) {
        ComponentKind::Tool
    } else if has(&["user", "human", "operator", "admin"]) {
        ComponentKind::HumanRole
    } else if has(&["log", "monitor", "siem", "observab", "trace"]) {
        ComponentKind::Observability
    } else if has(&[
        "waf", "firewall", "guard", "vault", "kms", "iam", "identity",
    ]) {
        ComponentKind::SecurityControl
    } else if has(&[
        "api", "service", "saas", "client", "browser", "mobile", "third",
    ]) {
        ComponentKind::ExternalService
    } else {
        ComponentKind::Infrastructure
    }
}

/// Mitigation status and implementation from another tool's countermeasure state.
pub fn mitigation_progress(state: Option<&str>) -> (MitigationStatus, ImplementationStatus) {
    let state: String = state
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match state.as_str() {
        "implemented" | "mitigated" | "done" | "complete" | "completed" => (
            MitigationStatus::Implemented,
            ImplementationStatus::Implemented,
        ),
        "partiallyimplemented" | "partlyimplemented" | "inprogress" | "partlymitigated" => (
            MitigationStatus::InProgress,
            ImplementationStatus::PartiallyImplemented,
        ),
        "rejected" | "notapplicable" | "wontfix" | "willnotaction" => (
            MitigationStatus::WillNotAction,
            ImplementationStatus::NotImplemented,
        ),
        _ => (
            MitigationStatus::Identified,
            ImplementationStatus::NotImplemented,
        ),
    }
}
