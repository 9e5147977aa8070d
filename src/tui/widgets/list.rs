//! Selection and `/` filter of a list; rendering is in the views.

/// How many rows PageUp/PageDown move.
pub const PAGE: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListNav {
    pub selected: usize,
    /// Case-insensitive substring filter; empty shows everything.
    pub filter: String,
}

impl ListNav {
    pub fn matches(&self, text: &str) -> bool {
        self.filter.is_empty() || text.to_lowercase().contains(&self.filter.to_lowercase())
    }

    pub fn up(&mut self, by: usize) {
        self.selected = self.selected.saturating_sub(by);
    }

    pub fn down(&mut self, by: usize, len: usize) {
        self.selected = (self.selected + by).min(len.saturating_sub(1));
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }

    /// Keeps the selection inside a list that may have shrunk.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// First row to draw so that the selection is visible in `height` rows.
    pub fn offset(&self, height: usize) -> usize {
        if height == 0 {
            0
        } else {
            self.selected.saturating_sub(height - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_in_bounds() {
        let mut n = ListNav::default();
        n.up(3);
        assert_eq!(n.selected, 0);
        n.down(PAGE, 4);
        assert_eq!(n.selected, 3);
        n.bottom(0);
        assert_eq!(n.selected, 0);
        n.filter = "ToM".into();
        assert!(n.matches("Tomato"));
        assert!(!n.matches("potato"));
    }
}
