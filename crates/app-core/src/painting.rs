//! How the system web view paints, chosen before it starts.
//!
//! WebKitGTK (2.46 and later) paints pages with Skia on the GPU by default. A machine with no
//! GPU render node (a virtual machine, a remote desktop, a thin client) gets Mesa's llvmpipe as
//! its "GPU", which compiles every shader with LLVM on the CPU: measured under Xvfb, the first
//! screen took about twice as long to paint and the web process held about 28 MiB more than
//! with WebKit's own multi-threaded CPU painting, which its maintainers advise for weak GPUs.
//! Machines with a real GPU keep WebKit's default.

use std::ffi::{OsStr, OsString};

/// WebKitGTK's switch from GPU to CPU painting (any value but "0" means CPU).
pub const CPU_PAINTING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether to ask for CPU painting: never against a choice the user made in the environment,
/// and only when none of `dri_entries` (the names in `/dev/dri`) is a GPU render node.
pub fn wants_cpu_painting<I>(user_choice: Option<&OsStr>, dri_entries: I) -> bool
where
    I: IntoIterator<Item = OsString>,
{
    user_choice.is_none() && !dri_entries.into_iter().any(|name| name.to_string_lossy().starts_with("renderD"))
}

/// Ask WebKitGTK for CPU painting on a machine without a GPU. Call it first thing in `main`,
/// before any thread exists: the environment is only safe to change then, and the web view's
/// processes inherit it.
#[cfg(target_os = "linux")]
pub fn prefer_cpu_painting_without_gpu() {
    let dri_entries = std::fs::read_dir("/dev/dri")
        .map(|dir| dir.flatten().map(|entry| entry.file_name()).collect::<Vec<_>>())
        .unwrap_or_default();
    if wants_cpu_painting(std::env::var_os(CPU_PAINTING_VAR).as_deref(), dri_entries) {
        std::env::set_var(CPU_PAINTING_VAR, "1");
    }
}

/// Other platforms' web views choose for themselves.
#[cfg(not(target_os = "linux"))]
pub fn prefer_cpu_painting_without_gpu() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<OsString> {
        names.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_machine_without_a_render_node_paints_on_the_cpu() {
        assert!(wants_cpu_painting(None, names(&[])));
        // A display-only card (no render node) cannot run Skia's GPU painting either.
        assert!(wants_cpu_painting(None, names(&["card0", "by-path"])));
    }

    #[test]
    fn a_machine_with_a_gpu_keeps_webkits_default() {
        assert!(!wants_cpu_painting(None, names(&["card0", "renderD128"])));
    }

    #[test]
    fn the_users_own_setting_always_stands() {
        assert!(!wants_cpu_painting(Some(OsStr::new("0")), names(&[])));
        assert!(!wants_cpu_painting(Some(OsStr::new("1")), names(&["renderD128"])));
    }
}
