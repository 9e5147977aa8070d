//! Record rows that are sentences (completion criteria, engagement questions) wrap in
//! full instead of being cut at the label column ("Every asset is mappe"): such a row
//! takes as many lines as its text needs, its detail on the last one.

use crate::tui::app::RecordRow;

/// Whether a row's label is a sentence to read in full.
pub fn is_sentence(row: &RecordRow) -> bool {
    row.record.as_ref().is_some_and(|r| {
        r.kind == crate::tui::forms::phases::CRITERION
            || (r.kind == "engagement" && r.field.as_deref() != Some("depth"))
    })
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word is
/// split).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    // Characters in `line`, counted as it grows (not recounted per word).
    let mut used = 0;
    for mut word in text.split(' ') {
        let mut chars = word.chars().count();
        loop {
            let need = chars + usize::from(used > 0);
            if used + need <= width {
                if used > 0 {
                    line.push(' ');
                }
                line.push_str(word);
                used += need;
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            // A word longer than the line: split it.
            let at = word
                .char_indices()
                .nth(width)
                .map_or(word.len(), |(i, _)| i);
            lines.push(word[..at].to_string());
            word = &word[at..];
            chars -= width.min(chars);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The text lines of a sentence row (without the two-column marker): the label
/// wrapped to `width`, the detail after it (on its own line when there is no room).
pub fn sentence_lines(label: &str, detail: &str, width: usize) -> Vec<String> {
    let mut lines = wrap(label, width);
    if detail.is_empty() {
        return lines;
    }
    let last = lines.last().map_or(0, |l| l.chars().count());
    if last + 3 + 12.min(detail.chars().count()) <= width {
        let room = width - last - 3;
        let shown = super::fit::cut(detail, room);
        if let Some(l) = lines.last_mut() {
            l.push_str(" · ");
            l.push_str(&shown);
        }
    } else {
        lines.push(super::fit::cut(&format!("  {detail}"), width));
    }
    lines
}

/// Whether a row is drawn as a sentence across the width: a sentence row whose label
/// does not fit the label column.
pub fn wraps(row: &RecordRow, label_width: usize) -> bool {
    is_sentence(row) && row.label.chars().count() > label_width
}

/// Lines each row takes: a sentence row whose label does not fit `label_width` wraps,
/// others take one.
pub fn heights(rows: &[RecordRow], label_width: usize, width: usize) -> Vec<usize> {
    rows.iter()
        .map(|r| {
            if wraps(r, label_width) {
                sentence_lines(&r.label, &r.detail, width.saturating_sub(2)).len()
            } else {
                1
            }
        })
        .collect()
}

/// The first row to draw so that the selected row is wholly in `height` lines.
pub fn first_row(heights: &[usize], selected: usize, height: usize) -> usize {
    let selected = selected.min(heights.len().saturating_sub(1));
    let mut first = selected;
    let mut used = heights.get(selected).copied().unwrap_or(1);
    while first > 0 && used + heights[first - 1] <= height {
        first -= 1;
        used += heights[first];
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap("Every asset is mapped to a flow", 12),
            ["Every asset", "is mapped to", "a flow"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab  cd", 3), ["ab ", "cd"]);
        assert_eq!(wrap("x ééééé yz", 3), ["x", "ééé", "éé", "yz"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(first_row(&[1, 2, 3, 1], 3, 4), 2);
        assert_eq!(first_row(&[1, 1, 1], 0, 2), 0);
    }
}
