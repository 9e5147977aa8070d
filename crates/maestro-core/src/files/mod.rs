//! Every file maestro-tm touches goes through here: one bounded reader, one way to
//! create private files, one atomic writer and one output writer.
//!
//! Files come from anyone (a shared repository, another tool, an attacker with write
//! access to a directory the analyst works in). These mechanisms give every command the
//! same guarantees, instead of a special case per command:
//!
//! - [`read`]: at most `limit + 1` bytes are taken from the stream (the size in the
//!   metadata is never trusted); FIFOs, devices and directories are refused unless the
//!   user named standard input as `-`; the error says which limit was hit.
//! - [`create`]: lock, recovery and temporary files are created with
//!   `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600; an existing one is reused only when it is a
//!   regular file of this user that nobody else can write, never through a symlink.
//! - [`write`](mod@write): atomic replacement (one temporary file per target, fixed name, so the
//!   next write removes a stale one), writing through a symlinked session to its target.
//! - [`output`]: what `-o` means for every command: `-` is standard output, the input
//!   session is never overwritten, an existing file only with `--force`.

pub mod create;
pub mod output;
pub mod read;
pub mod write;

pub use output::{OutputError, check_output, write_output, write_output_with};
pub use read::{ReadError, read_bytes, read_text};
pub use write::{real_target, write_atomic, write_atomic_shared};

use std::path::Path;

/// Whether a command-line file argument means standard input / output.
pub fn is_std(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `1 MiB`, `64 KiB`, `100 bytes`: a limit as people read it.
pub fn human_bytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / 1024 / 1024)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
