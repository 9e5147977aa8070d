//! Reports agree with themselves (issue 16, item 9): for every example session the
//! Critical/High threats of the executive summary, the register (JSON) and the CSV are
//! the same; the HTML table of contents links only to anchors that exist; Markdown
//! leaves `->` in text alone.

use maestro_tm::catalog::Catalog;
use maestro_tm::report::{self, CsvTable};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn sessions() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn serious(level: &serde_json::Value) -> bool {
    matches!(level.as_str(), Some("Critical" | "High"))
}

#[test]
fn critical_and_high_residual_threats_agree_across_formats() {
    let catalog = Catalog::embedded();
    for path in sessions() {
        let doc = maestro_tm::session::storage::load(&path).unwrap();
        let built = report::build(&doc.session, &catalog);
        let json: serde_json::Value = serde_json::from_str(&report::to_json(&built)).unwrap();
        let register: BTreeSet<String> = json["threat_register"]["threats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| serious(&t["residual"]))
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        let summary: BTreeSet<String> = json["executive_summary"]["ranked_risks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| serious(&t["residual"]))
            .map(|t| t["threat"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(summary, register, "{}: executive summary", path.display());
        let csv = report::csv_table(&built, CsvTable::Threats);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let at = headers.iter().position(|h| h == "Residual Risk").unwrap();
        let from_csv: BTreeSet<String> = reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| matches!(&r[at], "Critical" | "High"))
            .map(|r| r[0].to_string())
            .collect();
        assert_eq!(from_csv, register, "{}: CSV", path.display());
        let md = report::to_markdown(&built);
        for id in &register {
            assert!(
                md.contains(id.as_str()),
                "{}: {id} in Markdown",
                path.display()
            );
        }
    }
}

#[test]
fn html_table_of_contents_links_resolve() {
    let catalog = Catalog::embedded();
    for path in sessions() {
        let doc = maestro_tm::session::storage::load(&path).unwrap();
        let html = report::to_html(&report::build(&doc.session, &catalog));
        let toc = &html[html
            .find("<nav class=\"toc\"")
            .expect("a table of contents")..];
        let toc = &toc[..toc.find("</nav>").unwrap()];
        let links: Vec<&str> = toc
            .split("href=\"#")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert!(
            links.len() >= 10,
            "{}: {} links",
            path.display(),
            links.len()
        );
        let ids: BTreeSet<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        for link in &links {
            assert!(
                ids.contains(link),
                "{}: #{link} has no anchor",
                path.display()
            );
        }
        let unique: BTreeSet<&&str> = links.iter().collect();
        assert_eq!(unique.len(), links.len(), "anchors are unique");
    }
}

#[test]
fn markdown_keeps_arrows_in_text() {
    let catalog = Catalog::embedded();
    let mut s = maestro_tm::session::Session::new("arrows", "x", "2026-01-01");
    s.business.function = "Ticket -> triage -> refund\n> not a quote".into();
    let md = report::to_markdown(&report::build(&s, &catalog));
    assert!(md.contains("Ticket -> triage -> refund"), "{md}");
    assert!(!md.contains("-&gt;"));
    assert!(md.contains("\\> not a quote"));
}

/// Count of `rows` per level name, for the four levels.
fn by_level<'a>(levels: impl Iterator<Item = &'a serde_json::Value>) -> [usize; 4] {
    let mut out = [0; 4];
    for level in levels {
        if let Some(i) = ["Critical", "High", "Medium", "Low"]
            .iter()
            .position(|l| level.as_str() == Some(*l))
        {
            out[i] += 1;
        }
    }
    out
}

#[test]
fn heatmap_counts_agree_with_the_register() {
    let catalog = Catalog::embedded();
    for path in sessions() {
        let doc = maestro_tm::session::storage::load(&path).unwrap();
        let built = report::build(&doc.session, &catalog);
        let json: serde_json::Value = serde_json::from_str(&report::to_json(&built)).unwrap();
        let threats = json["threat_register"]["threats"].as_array().unwrap();
        let register = by_level(threats.iter().map(|t| &t["inherent"]));
        // Inherent grid: each cell's count lands on the level of its cell.
        let mut grid = [0; 4];
        for row in json["heatmaps"]["inherent"]["rows"].as_array().unwrap() {
            for cell in row["cells"].as_array().unwrap() {
                let at = by_level(std::iter::once(&cell["level"]));
                let i = at.iter().position(|&n| n == 1).unwrap();
                grid[i] += cell["count"].as_u64().unwrap() as usize;
            }
        }
        assert_eq!(grid, register, "{}: inherent heatmap", path.display());
        // Residual transition table: rows by inherent level, columns by residual level,
        // over the open residual risks of the residual register.
        let open: Vec<&serde_json::Value> = json["residual_register"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["open"].as_bool() == Some(true) && !r["inherent"].is_null())
            .collect();
        let mut rows = [0; 4];
        let mut columns = [0; 4];
        for (i, row) in json["heatmaps"]["residual"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            for (j, cell) in row["cells"].as_array().unwrap().iter().enumerate() {
                let n = cell["count"].as_u64().unwrap() as usize;
                rows[i] += n;
                columns[j] += n;
            }
        }
        assert_eq!(
            rows,
            by_level(open.iter().map(|r| &r["inherent"])),
            "{}: transition rows",
            path.display()
        );
        assert_eq!(
            columns,
            by_level(open.iter().map(|r| &r["level"])),
            "{}: transition columns",
            path.display()
        );
        // Layer grid: per layer, the register's threats on that layer.
        for row in json["heatmaps"]["by_layer"].as_array().unwrap() {
            let layer = &row["layer"];
            let on_layer = by_level(
                threats
                    .iter()
                    .filter(|t| t["layers"].as_array().unwrap().contains(layer))
                    .map(|t| &t["inherent"]),
            );
            let counts = &row["inherent"];
            let grid = [
                counts["critical"].as_u64().unwrap() as usize,
                counts["high"].as_u64().unwrap() as usize,
                counts["medium"].as_u64().unwrap() as usize,
                counts["low"].as_u64().unwrap() as usize,
            ];
            assert_eq!(grid, on_layer, "{}: layer {layer}", path.display());
        }
    }
}

/// The roadmap's timeline (each item's Priority Phase) and the rule's timeline (Threats
/// by Remediation Phase) agree for every example: no threat is scheduled only later than
/// its window. The mismatch list the report prints is recomputed here from the two tables.
#[test]
fn the_two_remediation_timelines_agree() {
    let catalog = Catalog::embedded();
    let order = ["Immediate", "Short-term", "Medium-term", "Long-term"];
    let at = |name: &str| order.iter().position(|o| o.eq_ignore_ascii_case(name));
    for path in sessions() {
        let doc = maestro_tm::session::storage::load(&path).unwrap();
        let built = report::build(&doc.session, &catalog);
        let json: serde_json::Value = serde_json::from_str(&report::to_json(&built)).unwrap();
        let roadmap = &json["roadmap"];
        let mut recomputed = BTreeSet::new();
        for phase in roadmap["by_phase"].as_array().unwrap() {
            let window = at(phase["name"].as_str().unwrap()).unwrap();
            for threat in phase["threats"].as_array().unwrap() {
                let earliest = roadmap["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["threats"].as_array().unwrap().contains(threat))
                    .filter_map(|i| at(i["horizon"].as_str().unwrap()))
                    .min();
                if earliest.is_some_and(|e| e > window) {
                    recomputed.insert(threat.as_str().unwrap().to_string());
                }
            }
        }
        let reported: BTreeSet<String> = roadmap["timeline_mismatches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["threat"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(reported, recomputed, "{}", path.display());
        assert!(
            reported.is_empty(),
            "{}: the example's roadmap schedules {reported:?} later than their window",
            path.display()
        );
    }
}
