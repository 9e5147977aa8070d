//! Issue 23: reports are written piece by piece, never held whole as text. A writer that
//! records the size of every write shows it: the pieces stay small while the report is
//! megabytes, and together they are the report.

use super::*;
use crate::catalog::Catalog;
use crate::synth::{SynthParams, generate};
use std::io::{self, Write};

/// Records what is written and the largest single write.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    largest: usize,
    writes: usize,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.largest = self.largest.max(buf.len());
        self.writes += 1;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Writer = fn(&Report, &mut dyn Write) -> io::Result<()>;

#[test]
fn large_reports_are_written_in_small_pieces_that_make_the_whole() {
    let catalog = Catalog::embedded();
    let session = generate(
        SynthParams {
            components: 100,
            threats: 2_000,
            seed: 7,
        },
        &catalog,
    );
    let report = build(&session, &catalog);
    let whole = |write: Writer| {
        let mut bytes = Vec::new();
        write(&report, &mut bytes).unwrap();
        bytes
    };
    for (name, write) in [
        ("markdown", write_markdown as Writer),
        ("html", write_html as Writer),
        ("json", write_json as Writer),
    ] {
        let mut recorder = Recorder::default();
        write(&report, &mut recorder).unwrap();
        assert!(
            recorder.bytes.len() > 1_000_000,
            "{name}: a 2,000-threat report is megabytes ({} bytes)",
            recorder.bytes.len()
        );
        assert!(
            recorder.largest <= 256 * 1024,
            "{name}: a write of {} bytes: the report was held whole",
            recorder.largest
        );
        assert_eq!(recorder.bytes, whole(write), "{name}");
    }
    assert_eq!(to_markdown(&report).into_bytes(), whole(write_markdown));
}

#[test]
fn a_failed_write_stops_the_report_with_the_error() {
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let catalog = Catalog::embedded();
    let session = generate(SynthParams::default(), &catalog);
    let report = build(&session, &catalog);
    for write in [write_markdown as Writer, write_html, write_json] {
        let err = write(&report, &mut Full).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }
}
