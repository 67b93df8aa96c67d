//! `moto_server` (PyPI `moto[server]`) on 127.0.0.1 at a free port, in a scratch folder, killed when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{workspace, TempDir};

/// How long a cold moto may take to listen on a loaded machine (it imports every service's models first).
const LISTEN_TIMEOUT: Duration = Duration::from_secs(120);

pub struct Moto {
    child: Child,
    pub endpoint: String,
    _dir: TempDir,
}

impl Moto {
    pub fn start() -> Moto {
        let program = moto_program();
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        // moto's ValidateTemplate runs cfn-lint, which writes a scratch file into the working directory.
        let dir = TempDir::new("moto");
        let mut child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("{} exited before listening on port {port} ({status})", program.display());
            }
            if started.elapsed() > LISTEN_TIMEOUT {
                let _ = child.kill();
                panic!("{} did not listen on port {port} within {LISTEN_TIMEOUT:?}", program.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { child, endpoint: format!("http://127.0.0.1:{port}"), _dir: dir }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `LAMBDAFORM_MOTO_SERVER`, then the venv `scripts/install-tools.sh` makes (`.tools/venv`), then PATH.
pub fn moto_program() -> PathBuf {
    if let Some(p) = std::env::var_os("LAMBDAFORM_MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let venv = workspace().join(".tools/venv/bin/moto_server");
    if venv.is_file() {
        return venv;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("moto_server"))
        .find(|p| p.is_file())
        .expect("moto_server not found: run scripts/install-tools.sh (the README's test command does) or set LAMBDAFORM_MOTO_SERVER")
}
