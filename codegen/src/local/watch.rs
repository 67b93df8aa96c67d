//! `--watch`: poll the modification times under the package's `src/` (and its Cargo.toml); when something
//! changed, rebuild and have the handlers run the new binary. Polling keeps this free of a file-notification
//! dependency; a few hundred source files are stat'ed in well under a millisecond.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the sources are looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Modification time of every file the package's build reads from its own directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot(BTreeMap<PathBuf, SystemTime>);

impl Snapshot {
    pub fn take(package_dir: &Path) -> Snapshot {
        let mut files = BTreeMap::new();
        for name in ["Cargo.toml", "build.rs"] {
            record(&package_dir.join(name), &mut files);
        }
        walk(&package_dir.join("src"), &mut files);
        Snapshot(files)
    }

    /// Files added, removed or modified since `earlier`.
    pub fn changes(&self, earlier: &Snapshot) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = self
            .0
            .iter()
            .filter(|(path, modified)| earlier.0.get(*path) != Some(modified))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(earlier.0.keys().filter(|path| !self.0.contains_key(*path)).cloned());
        changed
    }
}

fn record(path: &Path, files: &mut BTreeMap<PathBuf, SystemTime>) {
    if let Ok(modified) = std::fs::metadata(path).and_then(|metadata| metadata.modified()) {
        files.insert(path.to_path_buf(), modified);
    }
}

fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, SystemTime>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, files),
            Ok(_) => record(&path, files),
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_added_modified_and_removed_files() {
        let dir = std::env::temp_dir().join(format!("lambdaform-watch-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join("src/nested")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]").unwrap();
        std::fs::write(dir.join("src/main.rs"), "fn main() {}").unwrap();
        let before = Snapshot::take(&dir);
        assert!(Snapshot::take(&dir).changes(&before).is_empty());

        std::fs::write(dir.join("src/nested/lib.rs"), "").unwrap();
        let file = std::fs::File::options().write(true).open(dir.join("src/main.rs")).unwrap();
        file.set_modified(SystemTime::now() + Duration::from_secs(5)).unwrap();
        let after = Snapshot::take(&dir);
        let mut changed = after.changes(&before);
        changed.sort();
        assert_eq!(changed, [dir.join("src/main.rs"), dir.join("src/nested/lib.rs")]);

        std::fs::remove_file(dir.join("src/nested/lib.rs")).unwrap();
        assert_eq!(Snapshot::take(&dir).changes(&after), [dir.join("src/nested/lib.rs")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
