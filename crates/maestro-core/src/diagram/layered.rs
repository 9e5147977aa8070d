//! Long because the layout's steps (cycle breaking, ranking, ordering, placement, routing) share one graph state; split, that state would be passed through every step.
//!
//! A layered (Sugiyama-style) layout on a grid of character cells, with lanes.
//!
//! Steps: break cycles (depth-first, reversing back edges), rank by longest path,
//! split long edges into one-cell virtual nodes, order each rank by barycentres (sweeps
//! down and up, keeping the order with fewest crossings), then place ranks as rows and
//! route every edge orthogonally through the channel between two rows, each bend on a
//! track of its own. Lanes (trust zones) are columns: an item stays in its lane, and
//! frames enclose contiguous runs of lanes. Why our own and not a crate: see
//! `super` (module docs).
//!
//! Guarantees the tests check: boxes never overlap (rows are disjoint, items in a row
//! are packed with gaps), no edge runs through a box (edges cross rows only in their
//! own one-cell virtual slots, and bend only in channels, which hold no boxes), and the
//! same input always gives the same output (every tie falls to the input order).

use super::scene::{Point, Rect};

/// A node to place: its size in cells and its lane.
#[derive(Debug, Clone, Copy)]
pub struct NodeSpec {
    pub w: u32,
    pub h: u32,
    pub lane: usize,
}

/// A column of the layout: the frames around it, outermost first. Lanes that share a
/// frame must be contiguous.
#[derive(Debug, Clone, Default)]
pub struct Lane {
    pub frames: Vec<usize>,
    /// Narrowest width of the lane's content area (room for a frame's title).
    pub min_width: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Nodes in tie-break order (callers sort them by id).
    pub nodes: Vec<NodeSpec>,
    pub edges: Vec<(usize, usize)>,
    pub lanes: Vec<Lane>,
    pub frame_count: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Output {
    pub nodes: Vec<Rect>,
    /// Per edge: the corners of its path, from source to target.
    pub edges: Vec<Vec<Point>>,
    /// Per edge: where its label goes, and whether that is on a horizontal run.
    pub labels: Vec<(Point, bool)>,
    pub frames: Vec<Rect>,
    pub width: u32,
    pub height: u32,
}

const GAP: u32 = 2;

/// One placed thing of a rank: a real node or a virtual slot of a long edge.
#[derive(Debug, Clone)]
struct Item {
    node: Option<usize>,
    lane: usize,
    rank: usize,
    w: u32,
    h: u32,
    x: u32,
    /// Tie-break key: node index, or nodes + edge index for virtual slots.
    key: usize,
}

/// A piece of an edge between an item of one rank and an item of the next.
#[derive(Debug, Clone, Copy)]
struct Segment {
    upper: usize,
    lower: usize,
    edge: usize,
    top_x: u32,
    bottom_x: u32,
}

pub fn layout(input: &Input) -> Output {
    let n = input.nodes.len();
    let (dag, reversed) = break_cycles(n, &input.edges);
    let rank = ranks(n, &dag);
    let mut items: Vec<Item> = input
        .nodes
        .iter()
        .enumerate()
        .map(|(i, spec)| Item {
            node: Some(i),
            lane: spec.lane,
            rank: rank[i],
            w: spec.w.max(3),
            h: spec.h.max(3),
            x: 0,
            key: i,
        })
        .collect();
    // Chains of items per edge; self loops are handled apart.
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); dag.len()];
    let mut segments: Vec<Segment> = Vec::new();
    let mut self_loops: Vec<usize> = Vec::new();
    for (e, &(u, v)) in dag.iter().enumerate() {
        if u == v {
            self_loops.push(e);
            continue;
        }
        let mut chain = vec![u];
        for r in rank[u] + 1..rank[v] {
            items.push(Item {
                node: None,
                lane: input.nodes[u].lane,
                rank: r,
                w: 1,
                h: 1,
                x: 0,
                key: n + e,
            });
            chain.push(items.len() - 1);
        }
        chain.push(v);
        for pair in chain.windows(2) {
            segments.push(Segment {
                upper: pair[0],
                lower: pair[1],
                edge: e,
                top_x: 0,
                bottom_x: 0,
            });
        }
        chains[e] = chain;
    }
    let rank_count = items.iter().map(|i| i.rank + 1).max().unwrap_or(0);
    let order = order_ranks(&items, &segments, rank_count);

    // Widen boxes so every port has a cell of its own, two apart.
    let mut outs = vec![0u32; items.len()];
    let mut ins = vec![0u32; items.len()];
    for s in &segments {
        outs[s.upper] += 1;
        ins[s.lower] += 1;
    }
    for &e in &self_loops {
        outs[dag[e].0] += 2;
    }
    for (i, item) in items.iter_mut().enumerate() {
        if item.node.is_some() {
            item.w = item.w.max(2 * outs[i].max(ins[i]) + 3);
        }
    }

    let (lane_x, frames, width) = place_lanes(input, &items, &order);
    for rank_items in &order {
        for (lane, &(lane_left, lane_width)) in lane_x.iter().enumerate() {
            let in_lane: Vec<usize> = rank_items
                .iter()
                .copied()
                .filter(|&i| items[i].lane == lane)
                .collect();
            let used: u32 = in_lane.iter().map(|&i| items[i].w).sum::<u32>()
                + GAP * (in_lane.len().saturating_sub(1) as u32);
            let mut x = lane_left + (lane_width - used) / 2;
            for i in in_lane {
                items[i].x = x;
                x += items[i].w + GAP;
            }
        }
    }

    assign_ports(&items, &mut segments, &self_loops, &dag);
    let depth = input
        .lanes
        .iter()
        .map(|l| l.frames.len())
        .max()
        .unwrap_or(0) as u32;
    let mut row_y = vec![0u32; rank_count];
    let mut row_h = vec![1u32; rank_count];
    for item in &items {
        row_h[item.rank] = row_h[item.rank].max(if item.node.is_some() { item.h } else { 1 });
    }
    // Tracks per channel (channel r lies below rank r).
    let loop_ports = self_loop_ports(&items, &segments, &self_loops, &dag);
    let mut seg_track = vec![0u32; segments.len()];
    let mut by_channel: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (s, seg) in segments.iter().enumerate() {
        by_channel[items[seg.upper].rank].push(s);
    }
    let mut loop_track = vec![0u32; self_loops.len()];
    let mut y = depth + 1;
    for r in 0..rank_count {
        row_y[r] = y;
        let c0 = y + row_h[r];
        let in_channel = &by_channel[r];
        let loops: Vec<usize> = (0..self_loops.len())
            .filter(|&l| items[dag[self_loops[l]].0].rank == r)
            .collect();
        let tracks = assign_tracks(
            &segments,
            in_channel,
            &loops.iter().map(|&l| loop_ports[l]).collect::<Vec<_>>(),
            &mut seg_track,
            &mut |k, t| loop_track[loops[k]] = t,
        );
        y = if tracks > 0 {
            c0 + tracks + 2
        } else if r + 1 < rank_count {
            c0 + 2
        } else {
            c0 + 1
        };
        for &s in in_channel {
            seg_track[s] += c0 + 1;
        }
        for &l in &loops {
            loop_track[l] += c0 + 1;
        }
    }
    let inner_end = y;
    let height = inner_end + depth;
    let frames = frames
        .into_iter()
        .map(|(left, right, d)| Rect {
            x: left,
            y: d,
            w: right - left + 1,
            h: height - 2 * d,
        })
        .collect();

    // Routes.
    let bottom_of = |i: usize| row_y[items[i].rank] + items[i].h;
    let mut edges = vec![Vec::new(); dag.len()];
    let mut labels = vec![(Point { x: 0, y: 0 }, false); dag.len()];
    let mut segs_of_edge: Vec<Vec<usize>> = vec![Vec::new(); dag.len()];
    for (s, seg) in segments.iter().enumerate() {
        segs_of_edge[seg.edge].push(s);
    }
    for (e, chain) in chains.iter().enumerate() {
        if chain.is_empty() {
            continue;
        }
        let segs = &segs_of_edge[e];
        let mut corners = Vec::new();
        let first = segments[segs[0]];
        corners.push(Point {
            x: first.top_x,
            y: bottom_of(first.upper),
        });
        let mut best_run = None::<(u32, Point)>;
        for &s in segs {
            let seg = segments[s];
            if seg.top_x != seg.bottom_x {
                let t = seg_track[s];
                corners.push(Point { x: seg.top_x, y: t });
                corners.push(Point {
                    x: seg.bottom_x,
                    y: t,
                });
                let len = seg.top_x.abs_diff(seg.bottom_x);
                if best_run.is_none_or(|(l, _)| len > l) {
                    let from = seg.top_x.min(seg.bottom_x);
                    best_run = Some((len, Point { x: from + 1, y: t }));
                }
            }
        }
        let last = segments[*segs.last().unwrap_or(&0)];
        corners.push(Point {
            x: last.bottom_x,
            y: row_y[items[last.lower].rank] - 1,
        });
        labels[e] = match best_run {
            Some((len, at)) if len >= 4 => (at, true),
            _ => (
                Point {
                    x: first.top_x + 1,
                    y: bottom_of(first.upper),
                },
                false,
            ),
        };
        let mut corners = simplify(corners);
        if reversed[e] {
            corners.reverse();
        }
        edges[e] = corners;
    }
    for (k, &e) in self_loops.iter().enumerate() {
        let (p1, p2) = loop_ports[k];
        let node = dag[e].0;
        let b = bottom_of(node);
        let t = loop_track[k];
        edges[e] = vec![
            Point { x: p1, y: b },
            Point { x: p1, y: t },
            Point { x: p2, y: t },
            Point { x: p2, y: b },
        ];
        labels[e] = (Point { x: p2 + 2, y: t }, false);
    }
    let nodes = (0..n)
        .map(|i| Rect {
            x: items[i].x,
            y: row_y[items[i].rank],
            w: items[i].w,
            h: items[i].h,
        })
        .collect();
    Output {
        nodes,
        edges,
        labels,
        frames,
        width,
        height,
    }
}

/// Reverses the edges that close a cycle (found depth-first in node order), so the
/// graph ranks; the flag says which to draw backwards.
fn break_cycles(n: usize, edges: &[(usize, usize)]) -> (Vec<(usize, usize)>, Vec<bool>) {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(u, _)) in edges.iter().enumerate() {
        out[u].push(e);
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            if let Some(&e) = out[u].get(*next) {
                *next += 1;
                let v = edges[e].1;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 if v != u => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    let dag = edges
        .iter()
        .zip(&reversed)
        .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
        .collect();
    (dag, reversed)
}

/// Longest-path ranks, then sources pulled down next to their first successor.
fn ranks(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in dag.iter().filter(|(u, v)| u != v) {
        indeg[v] += 1;
        succ[u].push(v);
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    let mut rank = vec![0usize; n];
    while let Some(u) = ready.pop_first() {
        topo.push(u);
        for &v in &succ[u] {
            rank[v] = rank[v].max(rank[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                ready.insert(v);
            }
        }
    }
    let has_pred: Vec<bool> = {
        let mut p = vec![false; n];
        for &(u, v) in dag.iter().filter(|(u, v)| u != v) {
            let _ = u;
            p[v] = true;
        }
        p
    };
    for &u in topo.iter().rev() {
        if !has_pred[u] && !succ[u].is_empty() {
            rank[u] = succ[u].iter().map(|&v| rank[v]).min().unwrap_or(1) - 1;
        }
    }
    rank
}

/// Orders each rank: lanes first, then barycentres of the neighbours, sweeping down
/// and up; keeps the order with the fewest crossings (the first one found on ties).
fn order_ranks(items: &[Item], segments: &[Segment], rank_count: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (i, item) in items.iter().enumerate() {
        order[item.rank].push(i);
    }
    for rank in &mut order {
        rank.sort_by_key(|&i| (items[i].lane, items[i].key));
    }
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for s in segments {
        down[s.upper].push(s.lower);
        up[s.lower].push(s.upper);
    }
    let mut pos = vec![0usize; items.len()];
    let index = |order: &Vec<Vec<usize>>, pos: &mut Vec<usize>| {
        for rank in order {
            for (p, &i) in rank.iter().enumerate() {
                pos[i] = p;
            }
        }
    };
    index(&order, &mut pos);
    let mut best = order.clone();
    let mut best_crossings = crossings(&order, segments, &pos);
    for sweep in 0..8 {
        let downward = sweep % 2 == 0;
        let ranks: Vec<usize> = if downward {
            (1..rank_count).collect()
        } else {
            (0..rank_count.saturating_sub(1)).rev().collect()
        };
        for r in ranks {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(usize, f64, usize, usize)> = order[r]
                .iter()
                .map(|&i| {
                    let ns = &neighbours[i];
                    let bary = if ns.is_empty() {
                        pos[i] as f64
                    } else {
                        ns.iter().map(|&j| pos[j] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (items[i].lane, bary, pos[i], i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            order[r] = keyed.into_iter().map(|k| k.3).collect();
            for (p, &i) in order[r].iter().enumerate() {
                pos[i] = p;
            }
        }
        let c = crossings(&order, segments, &pos);
        if c < best_crossings {
            best_crossings = c;
            best = order.clone();
        }
    }
    best
}

/// Crossings between adjacent ranks: inversions of lower positions once segments are
/// sorted by upper position (counted with a Fenwick tree).
fn crossings(order: &[Vec<usize>], segments: &[Segment], pos: &[usize]) -> usize {
    let mut by_rank: Vec<Vec<(usize, usize)>> = vec![Vec::new(); order.len()];
    let rank_of: Vec<usize> = {
        let mut r = vec![0; pos.len()];
        for (k, rank) in order.iter().enumerate() {
            for &i in rank {
                r[i] = k;
            }
        }
        r
    };
    for s in segments {
        by_rank[rank_of[s.upper]].push((pos[s.upper], pos[s.lower]));
    }
    let mut total = 0;
    for (r, pairs) in by_rank.iter_mut().enumerate() {
        pairs.sort_unstable();
        let size = order.get(r + 1).map_or(0, Vec::len) + 1;
        let mut tree = vec![0usize; size + 1];
        for (seen, &(_, lower)) in pairs.iter().enumerate() {
            // Segments seen so far whose lower end is at or left of `lower`.
            let mut at_or_left = 0;
            let mut i = lower + 1;
            while i > 0 {
                at_or_left += tree[i];
                i &= i - 1;
            }
            total += seen - at_or_left;
            let mut i = lower + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// Lane columns (content x, width), frames (left, right, depth) and the total width.
type LanePlacement = (Vec<(u32, u32)>, Vec<(u32, u32, u32)>, u32);

/// Places the lanes side by side, each as wide as its widest rank, inside its frames.
fn place_lanes(input: &Input, items: &[Item], order: &[Vec<usize>]) -> LanePlacement {
    let lane_count = input.lanes.len().max(1);
    let mut width = vec![1u32; lane_count];
    for rank in order {
        let mut used = vec![0u32; lane_count];
        let mut count = vec![0u32; lane_count];
        for &i in rank {
            used[items[i].lane] += items[i].w;
            count[items[i].lane] += 1;
        }
        for ((w, &u), &c) in width.iter_mut().zip(&used).zip(&count) {
            *w = (*w).max(u + GAP * c.saturating_sub(1));
        }
    }
    let no_frames = Vec::new();
    let chain = |l: usize| input.lanes.get(l).map_or(&no_frames, |lane| &lane.frames);
    let mut frames = vec![(0u32, 0u32, 0u32); input.frame_count];
    let mut lanes = Vec::with_capacity(lane_count);
    let mut x = 1u32;
    for (l, &lane_width) in width.iter().enumerate() {
        let here = chain(l);
        let before = if l == 0 { &no_frames } else { chain(l - 1) };
        let common = here.iter().zip(before).take_while(|(a, b)| a == b).count();
        for &f in before[common..].iter().rev() {
            x += 1;
            frames[f].1 = x;
            x += 1;
        }
        if l > 0 {
            x += GAP;
        }
        for (d, &f) in here.iter().enumerate().skip(common) {
            frames[f].0 = x;
            frames[f].2 = d as u32;
            x += 2;
        }
        let min = input.lanes.get(l).map_or(0, |lane| lane.min_width);
        let w = lane_width.max(min);
        lanes.push((x, w));
        x += w;
    }
    for &f in chain(lane_count - 1).iter().rev() {
        x += 1;
        frames[f].1 = x;
        x += 1;
    }
    (lanes, frames, x + 1)
}

/// Spreads each box's ports along its bottom (out) and top (in) edges, ordered by the
/// other end's column so that edges leaving one box do not cross each other.
fn assign_ports(
    items: &[Item],
    segments: &mut [Segment],
    self_loops: &[usize],
    dag: &[(usize, usize)],
) {
    let spread = |item: &Item, k: usize, count: usize| -> u32 {
        if item.node.is_none() {
            return item.x;
        }
        let inner = item.w - 2;
        item.x + 1 + ((k as u32 + 1) * inner) / (count as u32 + 1)
    };
    let mut loops_at = vec![0usize; items.len()];
    for &e in self_loops {
        loops_at[dag[e].0] += 1;
    }
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut ins: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (s, seg) in segments.iter().enumerate() {
        outs[seg.upper].push(s);
        ins[seg.lower].push(s);
    }
    for i in 0..items.len() {
        let mut out = std::mem::take(&mut outs[i]);
        out.sort_by_key(|&s| (items[segments[s].lower].x, segments[s].edge));
        let count = out.len() + 2 * loops_at[i];
        for (k, s) in out.into_iter().enumerate() {
            segments[s].top_x = spread(&items[i], k, count);
        }
        let mut into = std::mem::take(&mut ins[i]);
        into.sort_by_key(|&s| (items[segments[s].upper].x, segments[s].edge));
        let count = into.len();
        for (k, s) in into.into_iter().enumerate() {
            segments[s].bottom_x = spread(&items[i], k, count);
        }
    }
}

/// The two bottom ports of each self loop: the last ones of its box.
fn self_loop_ports(
    items: &[Item],
    segments: &[Segment],
    self_loops: &[usize],
    dag: &[(usize, usize)],
) -> Vec<(u32, u32)> {
    let mut outs = vec![0usize; items.len()];
    for s in segments {
        outs[s.upper] += 1;
    }
    let mut total = outs.clone();
    for &e in self_loops {
        total[dag[e].0] += 2;
    }
    self_loops
        .iter()
        .map(|&e| {
            let i = dag[e].0;
            let item = &items[i];
            let at =
                |k: usize| item.x + 1 + ((k as u32 + 1) * (item.w - 2)) / (total[i] as u32 + 1);
            let k = outs[i];
            outs[i] += 2;
            (at(k), at(k + 1))
        })
        .collect()
}

/// Gives each bending segment of a channel a track (0 = first row under the boxes):
/// no two runs overlap on a track, and a segment whose top column is another's bottom
/// column runs above it, so their vertical parts never share cells. Returns the number
/// of tracks.
fn assign_tracks(
    segments: &[Segment],
    in_channel: &[usize],
    loops: &[(u32, u32)],
    seg_track: &mut [u32],
    set_loop: &mut dyn FnMut(usize, u32),
) -> u32 {
    // Work items: (top columns, bottom column, span) for segments, then loops.
    struct Work {
        tops: Vec<u32>,
        bottom: Option<u32>,
        lo: u32,
        hi: u32,
    }
    let mut work: Vec<Work> = Vec::new();
    let mut target: Vec<Result<usize, usize>> = Vec::new();
    for &s in in_channel {
        let seg = segments[s];
        if seg.top_x == seg.bottom_x {
            continue;
        }
        work.push(Work {
            tops: vec![seg.top_x],
            bottom: Some(seg.bottom_x),
            lo: seg.top_x.min(seg.bottom_x),
            hi: seg.top_x.max(seg.bottom_x),
        });
        target.push(Ok(s));
    }
    for (k, &(p1, p2)) in loops.iter().enumerate() {
        work.push(Work {
            tops: vec![p1, p2],
            bottom: None,
            lo: p1.min(p2),
            hi: p1.max(p2),
        });
        target.push(Err(k));
    }
    // a must be above b when one of a's top columns is b's bottom column.
    let m = work.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut indeg = vec![0usize; m];
    for a in 0..m {
        for b in 0..m {
            if a != b && work[b].bottom.is_some_and(|x| work[a].tops.contains(&x)) {
                preds[b].push(a);
                indeg[b] += 1;
            }
        }
    }
    let mut ready: std::collections::BTreeSet<(u32, usize)> = (0..m)
        .filter(|&k| indeg[k] == 0)
        .map(|k| (work[k].lo, k))
        .collect();
    let mut done = vec![false; m];
    let mut sequence = Vec::with_capacity(m);
    loop {
        let next = match ready.pop_first() {
            Some((_, k)) => k,
            // A cycle of constraints: take the leftmost left over.
            None => match (0..m)
                .filter(|&k| !done[k])
                .min_by_key(|&k| (work[k].lo, k))
            {
                Some(k) => k,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        sequence.push(next);
        for b in 0..m {
            if !done[b] && preds[b].contains(&next) {
                indeg[b] -= 1;
                if indeg[b] == 0 {
                    ready.insert((work[b].lo, b));
                }
            }
        }
    }
    let mut tracks: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut track_of = vec![0u32; m];
    for k in sequence {
        let floor = preds[k]
            .iter()
            .filter(|&&p| done[p])
            .map(|&p| track_of[p] + 1)
            .max()
            .unwrap_or(0) as usize;
        let (lo, hi) = (work[k].lo, work[k].hi);
        let t = (floor..)
            .find(|&t| {
                tracks
                    .get(t)
                    .is_none_or(|runs| runs.iter().all(|&(a, b)| hi + 1 < a || b + 1 < lo))
            })
            .unwrap_or(floor);
        if tracks.len() <= t {
            tracks.resize(t + 1, Vec::new());
        }
        tracks[t].push((lo, hi));
        track_of[k] = t as u32;
        match target[k] {
            Ok(s) => seg_track[s] = t as u32,
            Err(l) => set_loop(l, t as u32),
        }
    }
    tracks.len() as u32
}

/// Drops corners that lie on a straight line between their neighbours.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
