//! Graphviz DOT, for `dot -Tpng` and the many tools that read it. Parallel branches and Map processors are
//! `cluster_` subgraphs, which Graphviz draws as boxes.

use std::fmt::Write;

use super::model::{EdgeKind, Flow, Node};

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

fn attributes(node: &Node) -> String {
    let mut lines = vec![node.name.clone(), format!("({})", node.kind)];
    lines.extend(node.notes.iter().cloned());
    let shape = match node.kind.as_str() {
        "Choice" => ", shape=diamond",
        "Succeed" | "Fail" => ", shape=box, style=\"rounded,bold\"",
        _ => "",
    };
    format!("[label={}{shape}]", quote(&lines.join("\n")))
}

pub fn render(name: &str, root: &Flow) -> String {
    let mut out = format!("digraph {} {{\n", quote(name));
    out.push_str("  rankdir=TB;\n");
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let _ = writeln!(out, "  {}_start [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black];", root.id);
    let _ = writeln!(out, "  {}_end [shape=doublecircle, label=\"\", width=0.2];", root.id);
    declare(root, 1, &mut out);
    if let Some(start) = &root.start {
        let _ = writeln!(out, "  {}_start -> {start};", root.id);
    }
    for node in root.nodes.iter().filter(|n| n.terminal) {
        let _ = writeln!(out, "  {} -> {}_end;", node.id, root.id);
    }
    edges(root, &mut out);
    out.push_str("}\n");
    out
}

fn declare(flow: &Flow, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for node in &flow.nodes {
        let _ = writeln!(out, "{pad}{} {};", node.id, attributes(node));
        for child in &node.children {
            let _ = writeln!(out, "{pad}subgraph cluster_{} {{", child.id);
            let _ = writeln!(out, "{pad}  label={};", quote(&child.label));
            let _ = writeln!(out, "{pad}  style=dashed;");
            declare(child, depth + 1, out);
            let _ = writeln!(out, "{pad}}}");
        }
    }
}

fn edges(flow: &Flow, out: &mut String) {
    for node in &flow.nodes {
        for child in &node.children {
            if let Some(start) = &child.start {
                let _ = writeln!(out, "  {} -> {start};", node.id);
            }
        }
    }
    for e in &flow.edges {
        let mut attrs = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", quote(l)));
        }
        if e.kind == EdgeKind::Catch {
            attrs.push("style=dashed".to_string());
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "  {} -> {};", e.from, e.to);
        } else {
            let _ = writeln!(out, "  {} -> {} [{}];", e.from, e.to, attrs.join(", "));
        }
    }
    for node in &flow.nodes {
        for child in &node.children {
            edges(child, out);
        }
    }
}
