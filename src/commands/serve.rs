//! `blomma serve`.

use super::Outcome;
use crate::cli::ServeArgs;

/// Runs `serve`.
pub fn run(_a: &ServeArgs) -> Outcome {
    eprintln!("error: `blomma serve` is not part of this build yet");
    Outcome::UsageError
}
