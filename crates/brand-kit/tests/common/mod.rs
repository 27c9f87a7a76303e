//! Kits for the tests: the demo kits, and copies of them with one value changed.
#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

use base64::Engine;
use brand_kit::{BrandKit, KitError, Problem};
use serde_json::Value;
use tempfile::TempDir;

pub fn demo_kit(slug: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../brands").join(slug)
}

pub fn base_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json")
}

pub fn demo_json(slug: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(demo_kit(slug).join("brand.json")).unwrap()).unwrap()
}

/// A copy of a demo kit in a temporary folder named after it, with `edit` applied to its
/// brand.json.
pub fn edited_kit(slug: &str, edit: impl FnOnce(&mut Value)) -> (TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join(slug);
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(demo_kit(slug)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let mut json = demo_json(slug);
    edit(&mut json);
    std::fs::write(dir.join("brand.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();
    (temp, dir)
}

/// The problems of the ridgeline kit with `edit` applied (empty when it loads).
pub fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<Problem> {
    let (_temp, dir) = edited_kit("ridgeline", edit);
    match BrandKit::load(&dir) {
        Ok(_) => Vec::new(),
        Err(err @ (KitError::Invalid { .. } | KitError::Malformed { .. })) => err.problems(),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

/// A well-formed updater public key for tests: the layout `tauri signer generate` prints, with
/// made-up key bytes (no private key exists for it).
pub fn test_updater_pubkey() -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut key = b"Ed".to_vec();
    key.extend([7u8; 8]);
    key.extend([42u8; 32]);
    b64.encode(format!("untrusted comment: minisign public key: 0707070707070707\n{}\n", b64.encode(key)))
}
