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
