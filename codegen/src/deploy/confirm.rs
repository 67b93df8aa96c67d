//! Asking before changing the stack. Without a terminal there is nobody to ask, so the answer is no unless the
//! command line said `--yes`.

use std::io::{BufRead, IsTerminal, Write};

use super::error::DeployError;

pub fn confirm(question: &str, yes: bool) -> Result<(), DeployError> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(DeployError::user("stdin is not a terminal, so nobody can confirm; pass --yes to go ahead"));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).map_err(|e| DeployError::user(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(DeployError::user("not confirmed; nothing was changed"))
    }
}
