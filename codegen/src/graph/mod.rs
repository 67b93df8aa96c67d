//! `lambdaform graph`: draws a state machine of the service as Mermaid, Graphviz DOT or SVG. Every format reads
//! the same [`model`], so they agree on what is drawn; output depends only on the definition.

mod dot;
mod mermaid;
pub mod model;
mod svg;

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Mermaid,
    Dot,
    Svg,
}

/// The drawing of `definition`, titled `name`.
pub fn render(name: &str, definition: &Value, format: Format) -> String {
    let root = model::read(definition, name);
    match format {
        Format::Mermaid => mermaid::render(&root),
        Format::Dot => dot::render(name, &root),
        Format::Svg => svg::render(name, &root),
    }
}
