//! How the system web view draws, chosen before it starts.
//!
//! WebKitGTK (2.46 and later) composites pages with OpenGL and paints them with Skia on the GPU.
//! A computer with no GPU render node (a virtual machine, a remote desktop, a thin client) gets
//! Mesa's llvmpipe as its "GPU", which compiles every shader with LLVM on the CPU. Measured under
//! Xvfb, that made the first screen appear 100 ms and more later, and the web process hold about
//! 80 MiB more, than WebKit drawing on the CPU without compositing, which is what the app asks for
//! there. Computers with a GPU keep WebKit's defaults.

use std::ffi::{OsStr, OsString};

/// WebKitGTK's switch from composited (OpenGL) drawing to drawing on the CPU.
pub const NO_COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// WebKitGTK's switch from GPU to CPU painting of the page's tiles.
pub const CPU_PAINTING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether to ask for CPU drawing: never against a choice the user made in the environment
/// (either switch set, to any value), and only when none of `dri_entries` (the names in
/// `/dev/dri`) is a GPU render node.
pub fn wants_cpu_drawing<I>(user_choices: [Option<&OsStr>; 2], dri_entries: I) -> bool
where
    I: IntoIterator<Item = OsString>,
{
    user_choices.iter().all(Option::is_none)
        && !dri_entries.into_iter().any(|name| name.to_string_lossy().starts_with("renderD"))
}

/// Ask WebKitGTK to draw on the CPU on a computer without a GPU. Only before any thread exists
/// ([`crate::desktop::start_process`], first thing in `main`): the environment is only safe to
/// change then, and the web view's processes inherit it.
#[cfg(target_os = "linux")]
pub fn prefer_cpu_drawing_without_gpu() {
    let dri_entries = std::fs::read_dir("/dev/dri")
        .map(|dir| dir.flatten().map(|entry| entry.file_name()).collect::<Vec<_>>())
        .unwrap_or_default();
    let user_choices = [std::env::var_os(NO_COMPOSITING_VAR), std::env::var_os(CPU_PAINTING_VAR)];
    if wants_cpu_drawing([user_choices[0].as_deref(), user_choices[1].as_deref()], dri_entries) {
        std::env::set_var(NO_COMPOSITING_VAR, "1");
        std::env::set_var(CPU_PAINTING_VAR, "1");
    }
}

/// Other platforms' web views choose for themselves.
#[cfg(not(target_os = "linux"))]
pub fn prefer_cpu_drawing_without_gpu() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<OsString> {
        names.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_computer_without_a_render_node_draws_on_the_cpu() {
        assert!(wants_cpu_drawing([None, None], names(&[])));
        // A display-only card (no render node) cannot run WebKit's GPU drawing either.
        assert!(wants_cpu_drawing([None, None], names(&["card0", "by-path"])));
    }

    #[test]
    fn a_computer_with_a_gpu_keeps_webkits_defaults() {
        assert!(!wants_cpu_drawing([None, None], names(&["card0", "renderD128"])));
    }

    #[test]
    fn the_users_own_settings_always_stand() {
        assert!(!wants_cpu_drawing([Some(OsStr::new("0")), None], names(&[])));
        assert!(!wants_cpu_drawing([None, Some(OsStr::new("0"))], names(&[])));
        assert!(!wants_cpu_drawing([None, Some(OsStr::new("1"))], names(&["renderD128"])));
    }
}
