//! Mermaid `flowchart`: rendered by GitHub and most Markdown viewers, so a README can show a machine.

use std::fmt::Write;

use super::model::{EdgeKind, Flow, Node};

/// Mermaid's entity codes for what would otherwise end a quoted label or read as HTML.
fn escape(text: &str) -> String {
    text.replace('#', "#35;").replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

fn label(node: &Node) -> String {
    let mut lines = vec![escape(&node.name), format!("({})", escape(&node.kind))];
    lines.extend(node.notes.iter().map(|n| escape(n)));
    lines.join("<br/>")
}

fn shape(node: &Node) -> String {
    let text = label(node);
    match node.kind.as_str() {
        "Choice" => format!("{}{{\"{text}\"}}", node.id),
        "Succeed" | "Fail" => format!("{}([\"{text}\"])", node.id),
        _ => format!("{}[\"{text}\"]", node.id),
    }
}

pub fn render(root: &Flow) -> String {
    let mut out = String::from("flowchart TD\n");
    let _ = writeln!(out, "  {}_start((start))", root.id);
    let _ = writeln!(out, "  {}_end((end))", root.id);
    declare(root, 1, &mut out);
    if let Some(start) = &root.start {
        let _ = writeln!(out, "  {}_start --> {start}", root.id);
    }
    for node in root.nodes.iter().filter(|n| n.terminal) {
        let _ = writeln!(out, "  {} --> {}_end", node.id, root.id);
    }
    edges(root, &mut out);
    out
}

fn declare(flow: &Flow, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for node in &flow.nodes {
        let _ = writeln!(out, "{pad}{}", shape(node));
        for child in &node.children {
            let _ = writeln!(out, "{pad}subgraph {}[\"{}\"]", child.id, escape(&child.label));
            let _ = writeln!(out, "{pad}  direction TB");
            declare(child, depth + 1, out);
            let _ = writeln!(out, "{pad}end");
        }
    }
}

fn edges(flow: &Flow, out: &mut String) {
    for node in &flow.nodes {
        for child in &node.children {
            if let Some(start) = &child.start {
                let _ = writeln!(out, "  {} --> {start}", node.id);
            }
        }
    }
    for e in &flow.edges {
        let arrow = match e.kind {
            EdgeKind::Flow => "-->",
            EdgeKind::Catch => "-.->",
        };
        match &e.label {
            Some(l) => {
                let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", e.from, escape(l), e.to);
            }
            None => {
                let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
            }
        }
    }
    for node in &flow.nodes {
        for child in &node.children {
            edges(child, out);
        }
    }
}
