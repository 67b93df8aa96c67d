//! Readable, unique, deterministic state names from the statements: `validate`, `validate (2)`,
//! `If order.amount > 1000`. AWS allows 80 characters; longer labels are cut at a character boundary.

use std::collections::BTreeMap;

const MAX_STATE_NAME: usize = 80;

#[derive(Default)]
pub struct Names {
    seen: BTreeMap<String, usize>,
}

impl Names {
    /// A fresh name from `label`: the label itself the first time, then `label (2)`, `label (3)`...
    pub fn fresh(&mut self, label: &str) -> String {
        let label = clean(label);
        let count = self.seen.entry(label.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return fit(&label, "");
        }
        let suffix = format!(" ({count})");
        let name = fit(&label, &suffix);
        // A cut label can collide with another label's own name; count on until it does not.
        if self.seen.contains_key(&name) {
            return self.fresh(&name);
        }
        self.seen.insert(name.clone(), 1);
        name
    }
}

/// Source text as people write it: `order . amount > 1000` → `order.amount > 1000`, on one line.
pub fn pretty(tokens: &proc_macro2::TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" . ", "."),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        ("! ", "!"),
        (":: ", "::"),
        (" ::", "::"),
        (" ?", "?"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// Control characters are not allowed in state names.
fn clean(label: &str) -> String {
    label.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn fit(label: &str, suffix: &str) -> String {
    let room = MAX_STATE_NAME - suffix.chars().count();
    let mut out: String = label.chars().take(room).collect();
    if label.chars().count() > room {
        out = out.chars().take(room - 1).collect::<String>() + "…";
    }
    out + suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_short() {
        let mut names = Names::default();
        assert_eq!(names.fresh("validate"), "validate");
        assert_eq!(names.fresh("validate"), "validate (2)");
        assert_eq!(names.fresh("validate"), "validate (3)");
        let long = "x".repeat(200);
        let a = names.fresh(&long);
        let b = names.fresh(&long);
        assert_eq!(a.chars().count(), 80);
        assert!(b.ends_with(" (2)") && b.chars().count() == 80, "{b}");
    }

    #[test]
    fn source_text_reads_naturally() {
        let tokens: proc_macro2::TokenStream = syn::parse_str("order.amount > 1000 && !x.done").unwrap();
        assert_eq!(pretty(&tokens), "order.amount > 1000 && !x.done");
    }
}
