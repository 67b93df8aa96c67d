//! A deterministic zip: one entry named `bootstrap`, mode 0755, a fixed timestamp, so two builds of the same binary
//! give the same bytes and the same digest (and an unchanged function is not redeployed).

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `binary` as `bootstrap` into `out`; returns the hex SHA-256 of the zip.
pub fn zip_bootstrap(binary: &Path, out: &Path) -> Result<String, String> {
    let bytes = std::fs::read(binary).map_err(|e| format!("cannot read {}: {e}", binary.display()))?;
    let zipped = zip_bytes(&bytes).map_err(|e| format!("cannot zip {}: {e}", binary.display()))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(out, &zipped).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(sha256_hex(&zipped))
}

pub fn zip_bytes(bootstrap: &[u8]) -> Result<Vec<u8>, zip::result::ZipError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        // The zip epoch: the earliest time the format can hold, the same on every machine.
        .last_modified_time(DateTime::default())
        .unix_permissions(0o755);
    let mut writer = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.start_file("bootstrap", options)?;
    writer.write_all(bootstrap)?;
    Ok(writer.finish()?.into_inner())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_input_same_bytes_with_bootstrap_executable() {
        let a = zip_bytes(b"\x7fELF pretend binary").unwrap();
        let b = zip_bytes(b"\x7fELF pretend binary").unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let entry = archive.by_index(0).unwrap();
        assert_eq!(entry.name(), "bootstrap");
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o755));
        assert_ne!(sha256_hex(b"a"), sha256_hex(b"b"));
    }
}
