//! Labels fitted to a column: cut with an ellipsis, and `ID A → B` labels cut on both
//! names so that each end of a flow or crossing stays readable at 80×24.

/// `text` in at most `width` characters, ending in `…` when cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// A label in at most `width` characters; `ID A → B` shortens A and B alike.
pub fn label(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let arrow = " → ";
    let Some((head, to)) = text.split_once(arrow) else {
        return cut(text, width);
    };
    let (id, from) = head.split_once(' ').unwrap_or(("", head));
    let id_width = if id.is_empty() {
        0
    } else {
        id.chars().count() + 1
    };
    let room = width.saturating_sub(id_width + arrow.chars().count());
    if room < 6 {
        return cut(text, width);
    }
    // The shorter name keeps what it needs; the other gets the rest.
    let (a, b) = (from.chars().count(), to.chars().count());
    let half = room / 2;
    let (wa, wb) = if a <= half {
        (a, room - a)
    } else if b <= room - half {
        (room - b, b)
    } else {
        (half, room - half)
    };
    let id = if id.is_empty() {
        String::new()
    } else {
        format!("{id} ")
    };
    format!("{id}{}{arrow}{}", cut(from, wa), cut(to, wb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ends_of_an_arrow_stay_visible() {
        let l = label("TB2 Support application zone → Third-party services", 28);
        assert_eq!(l.chars().count(), 28);
        assert_eq!(l, "TB2 Support a… → Third-part…");
        assert_eq!(
            label("DF1 Chat UI → Support agent", 28),
            "DF1 Chat UI → Support agent"
        );
        assert_eq!(
            label("F3 Triage agent → Hosted LLM API", 28),
            "F3 Triage age… → Hosted LLM…"
        );
        assert_eq!(cut("Every asset is mapped", 10), "Every ass…");
    }
}
