//! CSV rendering of the threat register and the mitigation register (RFC 4180, CRLF),
//! for import into issue trackers and spreadsheets.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula. Following
//! OWASP's CSV injection guidance, every cell that starts with one of those, with a
//! tab, CR or LF, with their fullwidth forms (`＝＋－＠`, which some spreadsheets fold
//! to ASCII), or with any of them after leading whitespace, gets a leading `'` so it is
//! read as text. The check runs on the cell as written, after every other change.

use super::Report;
use std::fmt::Display;

/// One of the two CSV tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Threats,
    Mitigations,
}

impl CsvTable {
    pub const ALL: [CsvTable; 2] = [CsvTable::Threats, CsvTable::Mitigations];

    /// File name used when both tables are written to a directory.
    pub fn file_name(self) -> &'static str {
        match self {
            CsvTable::Threats => "threats.csv",
            CsvTable::Mitigations => "mitigations.csv",
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// Neutralises spreadsheet formula injection (see the module comment).
pub fn neutralise(cell: String) -> String {
    let control_start = cell.starts_with(['\t', '\r', '\n']);
    let formula = cell.trim_start().starts_with(FORMULA_START);
    if control_start || formula {
        format!("'{cell}")
    } else {
        cell
    }
}

fn opt<T: Display>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn list<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn write(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer
            .write_record(row.into_iter().map(neutralise))
            .expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// Renders one table as CSV text.
pub fn csv_table(report: &Report, table: CsvTable) -> String {
    match table {
        CsvTable::Threats => threats(report),
        CsvTable::Mitigations => mitigations(report),
    }
}

fn threats(r: &Report) -> String {
    // The first residual row of each threat id, as a search from the start would find.
    let mut residuals = std::collections::HashMap::new();
    for row in &r.residual_register {
        residuals.entry(row.threat.as_str()).or_insert(row);
    }
    let rows = r
        .threat_register
        .threats
        .iter()
        .map(|t| {
            let residual = residuals.get(t.id.as_str()).copied();
            vec![
                t.id.clone(),
                t.name.clone(),
                list(&t.layers),
                t.catalog.clone(),
                list(&t.asi),
                list(&t.stride),
                list(&t.owasp_llm),
                list(&t.asi_top10),
                list(&t.atlas),
                list(&t.cwe),
                opt(t.severity),
                opt(t.likelihood),
                opt(t.attack_vector),
                opt(t.attack_complexity),
                opt(t.inherent),
                t.effective.map_or_else(String::new, |v| format!("{v:.2}")),
                opt(t.residual),
                residual.map_or_else(String::new, |x| opt(x.disposition)),
                residual.map_or_else(String::new, |x| x.owner.clone()),
                list(&t.factors),
                list(&t.components),
                list(&t.mitigations),
                t.description.clone(),
                t.impact.clone(),
            ]
        })
        .collect();
    write(
        &[
            "ID",
            "Name",
            "Layers",
            "Catalog",
            "ASI",
            "STRIDE",
            "OWASP LLM Top 10",
            "ASI Top 10",
            "MITRE ATLAS",
            "CWE",
            "Severity",
            "Likelihood",
            "Attack Vector",
            "Attack Complexity",
            "Inherent Risk",
            "Effective Risk",
            "Residual Risk",
            "Disposition",
            "Risk Owner",
            "Agentic Factors",
            "Components",
            "Mitigations",
            "Description",
            "Impact",
        ],
        rows,
    )
}

fn mitigations(r: &Report) -> String {
    let rows = r
        .mitigation_register
        .mitigations
        .iter()
        .map(|m| {
            vec![
                m.id.clone(),
                m.name.clone(),
                m.kind.to_string(),
                m.catalog.clone(),
                list(&m.addresses),
                opt(m.cost),
                opt(m.effectiveness),
                m.recommendation.clone(),
                m.status.to_string(),
                m.implementation.to_string(),
                m.effective_status.to_string(),
                m.coverage.to_string(),
                m.owner.clone(),
                m.description.clone(),
            ]
        })
        .collect();
    write(
        &[
            "ID",
            "Name",
            "Type",
            "Catalog",
            "Addresses",
            "Cost",
            "Effectiveness",
            "Recommendation",
            "Status",
            "Planned Implementation",
            "Effective Implementation",
            "Coverage",
            "Owner",
            "Description",
        ],
        rows,
    )
}

#[cfg(test)]
mod injection_tests {
    use super::neutralise;

    #[test]
    fn every_owasp_formula_start_is_neutralised() {
        for cell in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\n=1",
            " =1",
            "  @x",
            "\u{3000}=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
            " ＝1",
        ] {
            assert!(neutralise(cell.to_string()).starts_with('\''), "{cell:?}");
        }
        for cell in ["plain", "a=b", "1-2", ""] {
            assert_eq!(neutralise(cell.to_string()), cell);
        }
    }
}
