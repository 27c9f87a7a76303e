#!/usr/bin/env bash
# Install what building, testing and demoing the project needs. Idempotent:
# on a ready machine it only checks versions and returns within seconds.
# scripts/test.sh and scripts/demo.sh source this file and call wisp_setup.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

wisp_setup() {
    step "setup: Debian packages"
    ensure_apt_packages "${APT_PACKAGES[@]}"
    step "setup: Rust toolchain"
    ensure_rust
    step "setup: Node.js"
    ensure_node
    step "setup: firebase-tools (Auth emulator)"
    ensure_firebase_tools
    step "setup: Tauri CLI"
    ensure_tauri_cli
    step "setup: tauri-driver and end-to-end test tools"
    ensure_tauri_driver
    ensure_npm_tree "$E2E_DIR" "WebdriverIO (tests/e2e)"
    step_done ok
}

# Run only when executed, not when sourced.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    wisp_setup
    info ""
    info "Setup complete. Cargo build cache: $CARGO_TARGET_DIR"
fi
