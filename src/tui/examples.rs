//! Example sessions embedded in the binary, opened read-only from the start screen.

pub struct Example {
    pub file: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

/// The first entry is preselected on the start screen.
pub const EXAMPLES: &[Example] = &[Example {
    file: "minimal.toml",
    title: "Minimal example: FAQ assistant",
    text: include_str!("../../sessions/minimal.toml"),
}];
