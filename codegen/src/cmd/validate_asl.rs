//! `lambdaform validate-asl FILE...`: checks state machine definitions the way AWS would at
//! creation and prints every problem as `FILE: POINTER: message`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lambdaform_asl::validate::{validate_with, MachineKind, Options};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct ValidateAslArgs {
    /// ASL definition files (JSON).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Validate as Express state machines (no .sync, .waitForTaskToken, activities or distributed Map).
    #[arg(long)]
    pub express: bool,
    /// Print the problems as a JSON array instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// One problem in one file. A file that is not JSON has `line` and `column` instead of a pointer.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Finding {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: String,
}

impl Finding {
    fn text(&self) -> String {
        let place = match (&self.pointer, self.line, self.column) {
            (Some(p), _, _) if p.is_empty() => "(root)".to_owned(),
            (Some(p), _, _) => p.clone(),
            (None, Some(l), Some(c)) => format!("line {l}, column {c}"),
            _ => "(file)".to_owned(),
        };
        format!("{}: {place}: {}", self.file, self.message)
    }
}

pub fn run(args: ValidateAslArgs) -> ExitCode {
    let options =
        Options { kind: if args.express { MachineKind::Express } else { MachineKind::Standard }, ..Options::default() };
    let findings: Vec<Finding> = args.files.iter().flat_map(|f| check_file(f, &options)).collect();
    if args.json {
        let text = serde_json::to_string_pretty(&findings).expect("findings always serialize");
        println!("{text}");
    } else if findings.is_empty() {
        println!("OK: {} definition(s) valid", args.files.len());
    } else {
        for f in &findings {
            println!("{}", f.text());
        }
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn check_file(path: &Path, options: &Options) -> Vec<Finding> {
    let file = path.display().to_string();
    let whole_file = |message: String, line: Option<usize>, column: Option<usize>| Finding {
        file: file.clone(),
        pointer: None,
        line,
        column,
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![whole_file(format!("cannot read the file: {e}"), None, None)],
    };
    let definition: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return vec![whole_file(
                format!("not valid JSON: {}", without_position(&e)),
                Some(e.line()),
                Some(e.column()),
            )]
        }
    };
    validate_with(&definition, options)
        .into_iter()
        .map(|p| Finding { file: file.clone(), pointer: Some(p.pointer), line: None, column: None, message: p.message })
        .collect()
}

/// serde_json appends " at line L column C"; the position is reported in its own fields.
fn without_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, content: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lambdaform-validate-asl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn reports_every_problem_with_its_pointer() {
        let path =
            temp_file("bad.asl.json", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#);
        let lines: Vec<String> = check_file(&path, &Options::default()).iter().map(Finding::text).collect();
        let file = path.display();
        assert_eq!(
            lines,
            vec![
                format!("{file}: /States: no state ends the execution: add a Succeed or Fail state, or \"End\": true"),
                format!("{file}: /States/A/Next: 'Nowhere' is not a state in this machine"),
            ]
        );
    }

    #[test]
    fn bad_json_gets_line_and_column() {
        let path = temp_file("broken.asl.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}");
        let findings = check_file(&path, &Options::default());
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].line, findings[0].column), (Some(3), Some(14)));
        assert!(findings[0].text().contains(": line 3, column 14: not valid JSON: "), "{}", findings[0].text());
    }

    #[test]
    fn express_flag_refuses_sync_integrations() {
        let path = temp_file(
            "sync.asl.json",
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true}}}"#,
        );
        assert!(check_file(&path, &Options::default()).is_empty());
        let express = Options { kind: MachineKind::Express, ..Options::default() };
        let findings = check_file(&path, &express);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer.as_deref(), Some("/States/A/Resource"));
    }

    #[test]
    fn json_output_is_an_array_of_findings() {
        let f = Finding {
            file: "x.json".into(),
            pointer: Some("/States".into()),
            line: None,
            column: None,
            message: "m".into(),
        };
        let text = serde_json::to_string(&vec![f]).unwrap();
        assert_eq!(text, r#"[{"file":"x.json","pointer":"/States","message":"m"}]"#);
    }
}
