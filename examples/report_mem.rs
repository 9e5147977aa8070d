//! Where the memory of a Markdown report goes with a large session (issue 23: peak at
//! 50,000 threats ≤ 150 MB): live heap after each step and the peak of each step,
//! counted by a global allocator. Prints a Markdown table.
//!
//! ```text
//! cargo run --release --example report_mem -- 50000
//! ```

use maestro_tm::catalog::Catalog;
use maestro_tm::session::storage;
use maestro_tm::synth::{SynthParams, generate};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(live, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

/// Runs `step`, prints how the live heap moved and its peak above the start.
fn step<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let value = f();
    let after = LIVE.load(Relaxed);
    let peak = PEAK.load(Relaxed);
    println!(
        "| {what} | {} | {} | {} |",
        mib(after.saturating_sub(before)),
        mib(peak - before),
        mib(after)
    );
    value
}

fn main() {
    let threats: usize = std::env::args()
        .nth(1)
        .map_or(10_000, |a| a.parse().expect("a number of threats"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.toml");
    {
        let catalog = Catalog::embedded();
        let session = generate(
            SynthParams {
                components: (threats / 20).max(10),
                threats,
                seed: 42,
            },
            &catalog,
        );
        std::fs::write(&path, storage::to_text(&session, &Default::default())).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    println!("{threats} threats, session file {}", mib(size));
    println!();
    println!("| step | live heap added | peak above start | live heap total |");
    println!("|---|---:|---:|---:|");
    let catalog = step("catalog (embedded, parsed)", Catalog::embedded);
    let document = step("load the session file", || storage::load(&path).unwrap());
    let report = step("build the report", || {
        maestro_tm::report::build(&document.session, &catalog)
    });
    step("drop the session", || drop(document));
    let out = dir.path().join("report.md");
    step("write the Markdown (streamed)", || {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
        maestro_tm::report::write_markdown(&report, &mut file).unwrap();
    });
    println!();
    println!(
        "Markdown: {}",
        mib(std::fs::metadata(&out).unwrap().len() as usize)
    );
}
