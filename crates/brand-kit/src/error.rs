//! What can go wrong with a kit or while preparing a build. Every message names the file, and
//! for a bad value the field (`colors.primary`) and why.

use std::fmt;
use std::path::PathBuf;

/// One bad value of a kit: its field path in `brand.json` and why it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub why: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, why: impl Into<String>) -> Problem {
        Problem { field: field.into(), why: why.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.why)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KitError {
    #[error("{}: cannot be read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot be written: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// brand.json is not JSON of the kit's shape (a missing, unknown or mistyped field).
    #[error("{}: {field}: {message}", path.display())]
    Malformed { path: PathBuf, field: String, message: String },
    /// brand.json has the kit's shape, but values that a build must not use.
    #[error("{}: {} problem{}:\n{}", path.display(), problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid { path: PathBuf, problems: Vec<Problem> },
    /// The base Tauri configuration lacks what the overlay builds on.
    #[error("{}: {why}", path.display())]
    BaseConfig { path: PathBuf, why: String },
    #[error("{what}: {why}")]
    Image { what: String, why: String },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|problem| format!("  {problem}")).collect::<Vec<_>>().join("\n")
}

impl KitError {
    /// The problems of an [`KitError::Invalid`] kit, or the one field of a malformed one.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            KitError::Invalid { problems, .. } => problems.clone(),
            KitError::Malformed { field, message, .. } => vec![Problem::new(field, message)],
            _ => Vec::new(),
        }
    }
}
