//! Theme files, in every colour mode.
#![no_main]
use libfuzzer_sys::fuzz_target;
use maestro_tm::tui::theme::{ColorMode, Theme};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for mode in [ColorMode::None, ColorMode::Ansi16, ColorMode::Ansi256, ColorMode::TrueColor] {
            let _ = Theme::from_toml(text, mode);
        }
    }
});
