//! A self-contained SVG, laid out here (no Graphviz): each flow is drawn in layers by distance from its start
//! state, nodes centred in their layer; a Parallel or Map node is a box holding its branches side by side.
//! Forward edges run down between layers; edges back up (loops) run around the right of the flow.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::{EdgeKind, Flow, Node};

const CHAR_W: i32 = 7;
const LINE_H: i32 = 15;
const PAD: i32 = 12;
const H_GAP: i32 = 24;
const V_GAP: i32 = 44;
const TITLE_H: i32 = 20;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn lines(node: &Node) -> Vec<String> {
    let mut out = vec![node.name.clone(), format!("({})", node.kind)];
    out.extend(node.notes.iter().cloned());
    out
}

fn text_width(lines: &[String]) -> i32 {
    lines.iter().map(|l| l.chars().count() as i32).max().unwrap_or(0) * CHAR_W + 2 * PAD
}

fn header_height(node: &Node) -> i32 {
    lines(node).len() as i32 * LINE_H + PAD
}

/// Each node's layer: its distance from the start state; states the start cannot reach go after the rest.
fn layers(flow: &Flow) -> Vec<Vec<&Node>> {
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::new();
    if let Some(start) = &flow.start {
        depth.insert(start, 0);
        queue.push_back(start.as_str());
    }
    while let Some(id) = queue.pop_front() {
        let d = depth[id];
        for e in flow.edges.iter().filter(|e| e.from == id) {
            if !depth.contains_key(e.to.as_str()) {
                depth.insert(&e.to, d + 1);
                queue.push_back(&e.to);
            }
        }
    }
    let unreachable = depth.values().max().map_or(0, |m| m + 1);
    let mut out: Vec<Vec<&Node>> = Vec::new();
    for node in &flow.nodes {
        let d = depth.get(node.id.as_str()).copied().unwrap_or(unreachable);
        if out.len() <= d {
            out.resize(d + 1, Vec::new());
        }
        out[d].push(node);
    }
    out.retain(|layer| !layer.is_empty());
    out
}

fn node_size(node: &Node) -> (i32, i32) {
    let text = text_width(&lines(node));
    if node.children.is_empty() {
        return (text, header_height(node));
    }
    let sizes: Vec<(i32, i32)> = node.children.iter().map(flow_size).collect();
    let inner_w = sizes.iter().map(|s| s.0).sum::<i32>() + H_GAP * (sizes.len() as i32 - 1);
    let inner_h = sizes.iter().map(|s| s.1).max().unwrap_or(0);
    (text.max(inner_w + 2 * PAD), header_height(node) + inner_h + PAD)
}

fn flow_size(flow: &Flow) -> (i32, i32) {
    let layers = layers(flow);
    let mut w = 0;
    let mut h = TITLE_H + PAD;
    for layer in &layers {
        let sizes: Vec<(i32, i32)> = layer.iter().map(|n| node_size(n)).collect();
        w = w.max(sizes.iter().map(|s| s.0).sum::<i32>() + H_GAP * (sizes.len() as i32 - 1));
        h += sizes.iter().map(|s| s.1).max().unwrap_or(0) + V_GAP;
    }
    // Room on the right for edges that loop back up.
    (w + 2 * PAD + H_GAP, h - V_GAP + PAD)
}

#[derive(Clone, Copy)]
struct Box2 {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    /// Bottom of the header: where outgoing edges leave a box that holds branches.
    header: i32,
}

#[derive(Default)]
struct Canvas {
    body: String,
    boxes: BTreeMap<String, Box2>,
}

pub fn render(name: &str, root: &Flow) -> String {
    let (w, h) = flow_size(root);
    let mut canvas = Canvas::default();
    place_flow(root, name, 0, 0, w, &mut canvas, true);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#
    );
    out.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>"##);
    out.push('\n');
    let _ = writeln!(out, "<title>{}</title>", escape(name));
    out.push_str(&canvas.body);
    out.push_str("</svg>\n");
    out
}

fn place_flow(flow: &Flow, title: &str, x: i32, y: i32, w: i32, c: &mut Canvas, root: bool) {
    let (_, h) = flow_size(flow);
    let style = if root {
        r##"fill="#ffffff" stroke="none""##
    } else {
        r##"fill="#f7f7f7" stroke="#999" stroke-dasharray="4 3""##
    };
    let _ = writeln!(c.body, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" {style}/>"#);
    let _ = writeln!(c.body, r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#, x + PAD, y + 15, escape(title));
    let mut top = y + TITLE_H + PAD;
    let inner_w = w - 2 * PAD - H_GAP;
    for layer in layers(flow) {
        let sizes: Vec<(i32, i32)> = layer.iter().map(|n| node_size(n)).collect();
        let row_w = sizes.iter().map(|s| s.0).sum::<i32>() + H_GAP * (sizes.len() as i32 - 1);
        let mut left = x + PAD + (inner_w - row_w) / 2;
        for (node, (nw, nh)) in layer.iter().zip(&sizes) {
            place_node(node, left, top, *nw, *nh, c);
            left += nw + H_GAP;
        }
        top += sizes.iter().map(|s| s.1).max().unwrap_or(0) + V_GAP;
    }
    for node in &flow.nodes {
        for child in &node.children {
            if let (Some(from), Some(to)) =
                (c.boxes.get(&node.id).copied(), child.start.as_ref().and_then(|s| c.boxes.get(s).copied()))
            {
                line(c, (from.x + from.w / 2, from.header), (to.x + to.w / 2, to.y), false, None);
            }
        }
    }
    let right = x + w - PAD / 2;
    for e in &flow.edges {
        let (Some(a), Some(b)) = (c.boxes.get(&e.from).copied(), c.boxes.get(&e.to).copied()) else { continue };
        let dashed = e.kind == EdgeKind::Catch;
        if b.y > a.y {
            line(c, (a.x + a.w / 2, a.y + a.h), (b.x + b.w / 2, b.y), dashed, e.label.as_deref());
        } else {
            // Back up (or across): out of the source's right side, up the flow's right margin, into the target's.
            let from = (a.x + a.w, a.y + a.h / 2);
            let to = (b.x + b.w, b.y + b.h.min(2 * LINE_H) / 2);
            let dash = if dashed { r#" stroke-dasharray="5 4""# } else { "" };
            let _ = writeln!(
                c.body,
                r##"<polyline points="{},{} {right},{} {right},{} {},{}" fill="none" stroke="#444"{dash} marker-end="url(#arrow)"/>"##,
                from.0, from.1, from.1, to.1, to.0, to.1
            );
            if let Some(l) = &e.label {
                let _ = writeln!(
                    c.body,
                    r#"<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>"#,
                    right - 4,
                    (from.1 + to.1) / 2,
                    escape(l)
                );
            }
        }
    }
}

fn place_node(node: &Node, x: i32, y: i32, w: i32, h: i32, c: &mut Canvas) {
    let header = y + header_height(node);
    c.boxes.insert(node.id.clone(), Box2 { x, y, w, h, header });
    let (fill, rx) = match node.kind.as_str() {
        "Choice" => ("#fff4d6", 18),
        "Succeed" => ("#e3f6e3", 14),
        "Fail" => ("#fbe3e3", 14),
        "Parallel" | "Map" => ("#eef3fb", 6),
        _ => ("#eaf1fb", 6),
    };
    let _ =
        writeln!(c.body, r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" stroke="#446"/>"##);
    for (i, text) in lines(node).iter().enumerate() {
        let weight = if i == 0 { r#" font-weight="bold""# } else { "" };
        let size = if i == 0 { "" } else { r#" font-size="10""# };
        let _ = writeln!(
            c.body,
            r#"<text x="{}" y="{}" text-anchor="middle"{weight}{size}>{}</text>"#,
            x + w / 2,
            y + PAD / 2 + LINE_H * (i as i32 + 1) - 3,
            escape(text)
        );
    }
    let mut left = x + PAD;
    for child in &node.children {
        let (cw, _) = flow_size(child);
        place_flow(child, &child.label, left, header, cw, c, false);
        left += cw + H_GAP;
    }
}

fn line(c: &mut Canvas, from: (i32, i32), to: (i32, i32), dashed: bool, label: Option<&str>) {
    let dash = if dashed { r#" stroke-dasharray="5 4""# } else { "" };
    let _ = writeln!(
        c.body,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444"{dash} marker-end="url(#arrow)"/>"##,
        from.0, from.1, to.0, to.1
    );
    if let Some(l) = label {
        let _ = writeln!(
            c.body,
            r#"<text x="{}" y="{}" font-size="10">{}</text>"#,
            (from.0 + to.0) / 2 + 4,
            (from.1 + to.1) / 2,
            escape(l)
        );
    }
}
