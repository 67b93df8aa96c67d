//! What a JSONata expression may read, judged from its text so the executor copies into an evaluation
//! only the data the expression can reach. Every answer over-approximates: in doubt, it reads.

/// Which parts of `$states` an expression may read.
#[derive(Default, Debug, PartialEq)]
pub(crate) struct Reads {
    pub input: bool,
    pub result: bool,
    pub error_output: bool,
    pub context: bool,
    /// `$states.context.Execution`, the part holding the whole execution input.
    pub execution: bool,
}

const ALL: Reads = Reads { input: true, result: true, error_output: true, context: true, execution: true };

impl Reads {
    /// `None` when the expression never names `$states`.
    pub fn of(expr: &str) -> Option<Reads> {
        let mut reads: Option<Reads> = None;
        for (at, _) in expr.match_indices("$states") {
            let rest = &expr[at + "$states".len()..];
            if rest.starts_with(is_name_char) {
                continue; // another variable, e.g. `$statesCount`
            }
            let r = reads.get_or_insert_with(Reads::default);
            let (field, rest) = step(rest);
            match field {
                Some("input") => r.input = true,
                Some("result") => r.result = true,
                Some("errorOutput") => r.error_output = true,
                Some("context") => {
                    r.context = true;
                    if !matches!(step(rest).0, Some("Map" | "Task" | "State" | "StateMachine")) {
                        r.execution = true;
                    }
                }
                // `$states` as a whole, `$states[...]`, a quoted field name, ...: everything.
                _ => *r = ALL,
            }
        }
        reads
    }
}

/// The plain field name after a `.` at the start of `text` (spaces allowed), and the text after it.
fn step(text: &str) -> (Option<&str>, &str) {
    let Some(after) = text.trim_start().strip_prefix('.') else { return (None, text) };
    let after = after.trim_start();
    let end = after.find(|c: char| !is_name_char(c)).unwrap_or(after.len());
    (Some(&after[..end]).filter(|f| !f.is_empty()), &after[end..])
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `expr` may read variable `name`; `$eval` could read any.
pub(crate) fn mentions(expr: &str, name: &str) -> bool {
    expr.contains("$eval")
        || expr.match_indices('$').any(|(at, _)| {
            let rest = &expr[at + 1..];
            rest.starts_with(name) && !rest[name.len()..].starts_with(is_name_char)
        })
}

const KEYWORDS: [&str; 6] = ["and", "or", "in", "true", "false", "null"];

/// True when `expr` may read its context value `$` (the state input): a bare `$` or `$$`, a path
/// starting with a field name or a wildcard. Names after `.` or `$` are steps of another path or variables.
pub(crate) fn reads_input(expr: &str) -> bool {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    // The last significant character before the current token.
    let mut before: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' => {
                i = skip_string(&chars, i);
                before = Some(c);
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i = skip_comment(&chars, i);
                continue;
            }
            '`' => return true,
            '$' => {
                // `$` and `$$` (the root) read the input; `$name` is a variable.
                if !chars.get(i + 1).is_some_and(|&n| is_name_char(n)) {
                    return true;
                }
                i += 1;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                before = Some('$');
                continue;
            }
            '*' if before.is_none_or(|b| "([{,:;+-*/%=<>!&?~|".contains(b)) => return true,
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let is_step = matches!(before, Some('.'));
                let is_call = word == "function" || chars.get(i) == Some(&'(');
                if !is_step && !is_call && !KEYWORDS.contains(&word.as_str()) {
                    return true;
                }
                before = Some('a');
                continue;
            }
            c if c.is_ascii_digit() => {
                // A number, exponent included (`1e5`), is no name.
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                before = Some('0');
                continue;
            }
            c if c.is_whitespace() => {}
            c => before = Some(c),
        }
        i += 1;
    }
    false
}

fn skip_string(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() && chars[i] != quote {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

fn skip_comment(chars: &[char], start: usize) -> usize {
    let mut i = start + 2;
    while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
        i += 1;
    }
    i + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_named_parts_of_states() {
        assert!(Reads::of("$x + 1").is_none());
        assert!(Reads::of("$statesX").is_none());
        let r = Reads::of("$states.input.a & $states . result").unwrap();
        assert!(r.input && r.result && !r.context && !r.error_output);
        let r = Reads::of("$states.context.Map.Item.Value").unwrap();
        assert!(r.context && !r.execution && !r.input);
        let r = Reads::of("$states.context.Execution.Input").unwrap();
        assert!(r.context && r.execution);
        assert!(Reads::of("$states.context").unwrap().execution);
        assert_eq!(Reads::of("$keys($states)").unwrap(), ALL);
        assert_eq!(Reads::of("$states.`input`").unwrap(), ALL, "a quoted name could be any field");
    }

    #[test]
    fn variables_are_matched_by_whole_name() {
        assert!(mentions("$total + 1", "total"));
        assert!(!mentions("$totalCount", "total"));
        assert!(!mentions("$states.input", "input"));
        assert!(mentions("$eval('$x')", "x"));
    }

    #[test]
    fn the_context_value_is_read_by_bare_names_dollar_and_wildcards() {
        for reads in ["foo", "$", "$$.a", "$.a", "$[0]", "a.b", "`a b`", "*.x", "(**)", "1 + x", "$f(y)", "[1, z]"] {
            assert!(reads_input(reads), "{reads}");
        }
        for not in [
            "$states.input.value * 2",
            "$states.context.Map.Item.Value",
            "$merge([$states.input, {'size': 'big'}])",
            "{\"k\": $x.y} ",
            "$count($v) > 1e3 and true",
            "function($a){ $a.b }($c)",
            "/* foo */ $x",
            "$string(\"a b\")",
        ] {
            assert!(!reads_input(not), "{not}");
        }
    }
}
