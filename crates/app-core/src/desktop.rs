//! What each desktop binary (the subscriber app and the staff studio) does first in `main`.

/// Choose how the web view draws ([`crate::painting`]), then start the logs (`RUST_LOG`, `info`
/// by default). Call it first thing in `main`: the drawing choice changes the environment,
/// which is only safe before any thread exists.
pub fn start_process() {
    crate::painting::prefer_cpu_drawing_without_gpu();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
}
