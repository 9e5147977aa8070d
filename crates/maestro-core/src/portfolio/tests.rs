use super::*;

#[test]
fn only_toml_with_a_top_level_schema_version_is_a_session() {
    assert!(looks_like_session(
        "# a session\nschema_version = 1\n[session]\n"
    ));
    assert!(!looks_like_session("[package]\nname = \"x\"\n"));
    assert!(!looks_like_session("[tool]\nschema_version = 1\n"));
}

fn row(path: &str, overdue: usize, system: &str) -> Row {
    Row {
        path: path.into(),
        system: system.into(),
        overdue_reviews: overdue,
        ..Row::default()
    }
}

#[test]
fn counts_sort_highest_first_and_text_a_to_z_with_ties_by_path() {
    let mut rows = vec![
        row("b", 1, "Zeta"),
        row("a", 3, "alpha"),
        row("c", 1, "Beta"),
    ];
    sort(&mut rows, Column::Overdue, false);
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["a", "b", "c"]);
    sort(&mut rows, Column::System, false);
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["a", "c", "b"]);
    sort(&mut rows, Column::System, true);
    assert_eq!(rows[0].path, "b");
    assert_eq!(Column::parse("res-crit"), Some(Column::ResidualCritical));
    assert_eq!(Column::parse("overdue"), Some(Column::Overdue));
    assert_eq!(Column::parse("nope"), None);
}

#[test]
fn table_and_csv_have_a_line_per_row() {
    let mut broken = row("broken.toml", 0, "");
    broken.error = Some("bad".into());
    let rows = vec![row("a.toml", 2, "Alpha"), broken];
    let table = to_table(&rows);
    assert_eq!(table.lines().count(), 3);
    assert!(table.lines().next().unwrap().starts_with("path"));
    assert!(table.contains("broken.toml  error: bad"));
    let csv = to_csv(&rows);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][9], "2");
    assert_eq!(&records[1][13], "bad");
}
