//! Draws a [`Scene`] as lines of characters: box-drawing glyphs, or plain ASCII for
//! terminals that cannot show them. Frames are dashed, edges that cross a trust
//! boundary heavy (`=`/`#` in ASCII), arrow heads at the target end.

use super::scene::{EdgeItem, Point, Scene};

/// Which characters draw the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyphs {
    Unicode,
    Ascii,
}

const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

/// A drawn scene: one `String` per row.
pub fn draw(scene: &Scene, glyphs: Glyphs) -> Vec<String> {
    let (w, h) = (scene.width as usize, scene.height as usize);
    let mut cells = vec![' '; w * h];
    let mut lines = vec![0u8; w * h];
    let mut heavy = vec![false; w * h];
    let idx = |p: Point| p.y as usize * w + p.x as usize;
    let inside = |p: Point| (p.x as usize) < w && (p.y as usize) < h;
    let put = |cells: &mut Vec<char>, p: Point, c: char| {
        if inside(p) {
            cells[idx(p)] = c;
        }
    };
    for frame in &scene.frames {
        let r = frame.rect;
        if r.w < 2 || r.h < 2 {
            continue;
        }
        let (hz, vt, corners) = match glyphs {
            Glyphs::Unicode => ('┄', '┆', ['╭', '╮', '╰', '╯']),
            Glyphs::Ascii => ('-', ':', ['.', '.', '\'', '\'']),
        };
        for x in r.x + 1..r.right() - 1 {
            put(&mut cells, Point { x, y: r.y }, hz);
            put(
                &mut cells,
                Point {
                    x,
                    y: r.bottom() - 1,
                },
                hz,
            );
        }
        for y in r.y + 1..r.bottom() - 1 {
            put(&mut cells, Point { x: r.x, y }, vt);
            put(
                &mut cells,
                Point {
                    x: r.right() - 1,
                    y,
                },
                vt,
            );
        }
        put(&mut cells, Point { x: r.x, y: r.y }, corners[0]);
        put(
            &mut cells,
            Point {
                x: r.right() - 1,
                y: r.y,
            },
            corners[1],
        );
        put(
            &mut cells,
            Point {
                x: r.x,
                y: r.bottom() - 1,
            },
            corners[2],
        );
        put(
            &mut cells,
            Point {
                x: r.right() - 1,
                y: r.bottom() - 1,
            },
            corners[3],
        );
        let room = r.w.saturating_sub(4) as usize;
        let title = super::clip(&format!(" {} ", frame.title), room);
        for (i, c) in title.chars().enumerate() {
            put(
                &mut cells,
                Point {
                    x: r.x + 2 + i as u32,
                    y: r.y,
                },
                c,
            );
        }
    }
    for edge in &scene.edges {
        let path = edge.cells();
        for (i, &p) in path.iter().enumerate() {
            if !inside(p) {
                continue;
            }
            let mut mask = 0;
            for q in [i.checked_sub(1).map(|j| path[j]), path.get(i + 1).copied()]
                .into_iter()
                .flatten()
            {
                mask |= direction(p, q);
            }
            if path.len() == 1 {
                mask = UP | DOWN;
            }
            lines[idx(p)] |= mask;
            heavy[idx(p)] |= edge.crossing;
        }
    }
    for (i, &mask) in lines.iter().enumerate() {
        if mask != 0 {
            cells[i] = line_glyph(mask, heavy[i], glyphs);
        }
    }
    for edge in &scene.edges {
        if let Some((head, c)) = arrow(edge, glyphs)
            && inside(head)
        {
            cells[idx(head)] = c;
        }
    }
    for b in &scene.boxes {
        let r = b.rect;
        let (hz, vt, corners) = match glyphs {
            Glyphs::Unicode if b.missing => ('╌', '╎', ['┌', '┐', '└', '┘']),
            Glyphs::Unicode => ('─', '│', ['┌', '┐', '└', '┘']),
            Glyphs::Ascii => ('-', '|', ['+', '+', '+', '+']),
        };
        for y in r.y..r.bottom() {
            for x in r.x..r.right() {
                let p = Point { x, y };
                let on_x = x == r.x || x == r.right() - 1;
                let on_y = y == r.y || y == r.bottom() - 1;
                let c = match (on_x, on_y) {
                    (true, true) => {
                        let k = usize::from(x != r.x) + 2 * usize::from(y != r.y);
                        corners[k]
                    }
                    (false, true) => hz,
                    (true, false) => vt,
                    (false, false) => ' ',
                };
                put(&mut cells, p, c);
            }
        }
        for (row, line) in b.lines.iter().enumerate() {
            let y = r.y + 1 + row as u32;
            if y + 1 >= r.bottom() {
                break;
            }
            let room = r.w.saturating_sub(4) as usize;
            for (i, c) in super::clip(line, room).chars().enumerate() {
                put(
                    &mut cells,
                    Point {
                        x: r.x + 2 + i as u32,
                        y,
                    },
                    c,
                );
            }
        }
    }
    // Labels last, only over blank cells or the run of a line, never over a box: at
    // their anchor or a few cells on along the run.
    for edge in &scene.edges {
        let len = edge.label.chars().count() as u32;
        let fits = |cells: &Vec<char>, x0: u32| {
            (0..len).all(|i| {
                let p = Point {
                    x: x0 + i,
                    y: edge.label_at.y,
                };
                inside(p)
                    && !scene.boxes.iter().any(|b| b.rect.contains(p))
                    && matches!(cells[idx(p)], ' ' | '─' | '━' | '-' | '=')
            })
        };
        if let Some(x0) = (0..8)
            .map(|k| edge.label_at.x + k)
            .find(|&x| fits(&cells, x))
        {
            for (i, c) in edge.label.chars().enumerate() {
                put(
                    &mut cells,
                    Point {
                        x: x0 + i as u32,
                        y: edge.label_at.y,
                    },
                    c,
                );
            }
        }
    }
    cells
        .chunks(w.max(1))
        .take(h)
        .map(|row| row.iter().collect::<String>().trim_end().to_string())
        .collect()
}

fn direction(from: Point, to: Point) -> u8 {
    if to.y < from.y {
        UP
    } else if to.y > from.y {
        DOWN
    } else if to.x < from.x {
        LEFT
    } else {
        RIGHT
    }
}

fn line_glyph(mask: u8, heavy: bool, glyphs: Glyphs) -> char {
    let vertical = mask & (UP | DOWN) != 0;
    let horizontal = mask & (LEFT | RIGHT) != 0;
    if glyphs == Glyphs::Ascii {
        return match (vertical, horizontal, heavy) {
            (true, true, _) => '+',
            (true, false, false) => '|',
            (true, false, true) => '#',
            (false, _, false) => '-',
            (false, _, true) => '=',
        };
    }
    let light = [
        ' ', '│', '│', '│', '─', '┘', '┐', '┤', '─', '└', '┌', '├', '─', '┴', '┬', '┼',
    ];
    let bold = [
        ' ', '┃', '┃', '┃', '━', '┛', '┓', '┫', '━', '┗', '┏', '┣', '━', '┻', '┳', '╋',
    ];
    if heavy {
        bold[mask as usize]
    } else {
        light[mask as usize]
    }
}

/// The arrow head: the last cell of the path, pointing into the target box.
fn arrow(edge: &EdgeItem, glyphs: Glyphs) -> Option<(Point, char)> {
    let cells = edge.cells();
    let head = *cells.last()?;
    let before = cells.len().checked_sub(2).map(|i| cells[i])?;
    let dir = direction(before, head);
    let c = match (dir, glyphs) {
        (UP, Glyphs::Unicode) => '▲',
        (DOWN, Glyphs::Unicode) => '▼',
        (LEFT, Glyphs::Unicode) => '◀',
        (_, Glyphs::Unicode) => '▶',
        (UP, Glyphs::Ascii) => '^',
        (DOWN, Glyphs::Ascii) => 'v',
        (LEFT, Glyphs::Ascii) => '<',
        (_, Glyphs::Ascii) => '>',
    };
    Some((head, c))
}
