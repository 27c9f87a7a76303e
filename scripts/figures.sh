#!/usr/bin/env bash
# The desktop app's figures for the README, measured in one run beside the reference app in
# ../shared/bench/tauri-baseline (the smallest Tauri 2 app, same release settings): machines are
# noisy, so only figures from one run are compared.
#
# Usage: scripts/figures.sh
#
#   .deb size                    goal: at most 8 MB
#   UI JavaScript, gzipped       goal: at most 100 kB
#   launch to first paint        goal: at most 1.3 x the baseline's median (the app's first real
#                                screen: sign-in, branded, after its settings and keychain are read)
#   idle memory (PSS)            goal: at most 1.3 x the baseline's (app + WebKit processes, 10 s)
#   12 MP photo prepared         goal: at most 0.5 s (cargo bench -p app-core --bench prepare_photo)
#
# Both apps are started eleven times under Xvfb by the baseline's own measure.py; the app runs
# against the demo server and the Auth emulator, with an empty keychain (so it opens on sign-in).
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/app.sh"

BASELINE_SRC="$WISP_ROOT/../shared/bench/tauri-baseline"
EMULATOR_PROJECT="demo-wisp-portal"
# Where each measurement leaves its output (shared with the --in-session run).
export WISP_FIGURES_RESULTS="${WISP_FIGURES_RESULTS:-${TMPDIR:-/tmp}/wisp-figures.$$}"
RESULTS="$WISP_FIGURES_RESULTS"

# ratio A B: A / B with two decimals.
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
mib() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576:.2f}')" "$1"; }

# Runs inside the emulator and a keychain of its own: the demo server, then both apps measured.
measure_in_session() {
    local data api_port
    data="$(mktemp -d "${TMPDIR:-/tmp}/wisp-figures-run.XXXXXX")"
    _WISP_TEMP_DIRS+=("$data")
    api_port="$(free_port)"
    use_demo_environment "$data/server"
    export WISP_BIND="127.0.0.1:$api_port" RUST_LOG=warn
    "$CARGO_TARGET_DIR/debug/wisp-server" seed-demo >"$data/seed.log" 2>&1 || die "seed-demo failed: $(cat "$data/seed.log")"
    "$CARGO_TARGET_DIR/debug/wisp-server" serve >"$data/server.log" 2>&1 &
    server_pid=$!
    trap 'kill "${server_pid:-}" 2>/dev/null || true; _on_exit' EXIT
    wait_for_server "http://$WISP_BIND" "$server_pid" "$data/server.log"
    export WISP_APP_CONFIG="$data/app-config.json"
    write_app_config "$WISP_APP_CONFIG" ridgeline "http://$WISP_BIND"
    # A private home, so the app starts as on a new computer every time.
    export HOME="$data/home" XDG_DATA_HOME="$data/home/.local/share" XDG_CACHE_HOME="$data/home/.cache"
    mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

    step "measure the baseline (11 launches)"
    python3 "$BASELINE_COPY/measure.py" "$BASELINE_BIN" | tee "$RESULTS.baseline"
    step_done ok
    step "measure the app (11 launches)"
    WISP_REPORT_FIRST_PAINT=1 python3 "$BASELINE_COPY/measure.py" "$APP_BIN" | tee "$RESULTS.app"
    step_done ok
}

if [[ "${1:-}" == "--in-session" ]]; then
    measure_in_session
    exit
fi
case "${1:-}" in
    '') ;;
    -h | --help) script_usage; exit 0 ;;
    *) die "unknown option '$1' (see scripts/figures.sh --help)" ;;
esac

[[ -d "$BASELINE_SRC" ]] || die "the reference app is expected at $BASELINE_SRC (../shared beside the repository)"
wisp_setup
cd "$WISP_ROOT"

# The baseline is built from a copy (nothing is written into ../shared), into its own target
# directory, with the same pinned Tauri CLI as the app.
step "build the reference app (tauri-baseline)"
export BASELINE_COPY="${CARGO_TARGET_DIR%/*}/tauri-baseline"
rm -rf "$BASELINE_COPY" && cp -r "$BASELINE_SRC" "$BASELINE_COPY" && chmod -R u+w "$BASELINE_COPY"
(cd "$BASELINE_COPY" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR%/*}/tauri-baseline-target" \
    "$TAURI_CLI_BIN" build --ci --bundles deb >"$BASELINE_COPY/build.log" 2>&1) ||
    die "the reference app did not build (see $BASELINE_COPY/build.log)"
export BASELINE_BIN="${CARGO_TARGET_DIR%/*}/tauri-baseline-target/release/baseline"
baseline_deb="$(ls "${CARGO_TARGET_DIR%/*}"/tauri-baseline-target/release/bundle/deb/*.deb)"
step_done ok

bundle_app
export APP_BIN="$CARGO_TARGET_DIR/release/$APP_PACKAGE"
app_deb="$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb | head -1)"
step "cargo build -p wisp-server (the demo server the app talks to)"
cargo build --locked -p wisp-server
step_done ok

with_firebase_emulator "$EMULATOR_PROJECT" "bash -c 'source \"$WISP_ROOT/scripts/lib.sh\"; with_keychain \"$WISP_ROOT/scripts/figures.sh\" --in-session'"

step "cargo bench -p app-core --bench prepare_photo"
cargo bench --locked -p app-core --bench prepare_photo | tee "$RESULTS.photo"
step_done ok

js_gzip=0
for file in "$WISP_ROOT"/ui/dist/assets/*.js; do
    js_gzip=$((js_gzip + $(gzip -9 -c "$file" | wc -c)))
done
paint() { sed -n 's/.*median \([0-9]*\) .*/\1/p' "$1"; }
pss() { sed -n 's/.*PSS \([0-9.]*\) MiB.*/\1/p' "$1"; }
app_deb_bytes="$(stat -c %s "$app_deb")" baseline_deb_bytes="$(stat -c %s "$baseline_deb")"
photo_ms="$(sed -n 's/.*median \([0-9]*\) ms.*/\1/p' "$RESULTS.photo")"

info ""
info "Figures ($(nproc) cores, Xvfb with software rendering, $(date -u +%Y-%m-%d)):"
cat <<EOF
| Figure | App | Baseline | Goal | Result |
| --- | --- | --- | --- | --- |
| \`.deb\` size | $(mib "$app_deb_bytes") MiB | $(mib "$baseline_deb_bytes") MiB | ≤ 8 MB | $( ((app_deb_bytes <= 8000000)) && echo met || echo missed) |
| UI JavaScript, gzipped | $((js_gzip / 1000)) kB | – | ≤ 100 kB | $( ((js_gzip <= 100000)) && echo met || echo missed) |
| Launch to first paint (median of 10) | $(paint "$RESULTS.app") ms | $(paint "$RESULTS.baseline") ms | ≤ 1.3 × baseline | $(ratio "$(paint "$RESULTS.app")" "$(paint "$RESULTS.baseline")") × |
| Idle memory after 10 s (PSS) | $(pss "$RESULTS.app") MiB | $(pss "$RESULTS.baseline") MiB | ≤ 1.3 × baseline | $(ratio "$(pss "$RESULTS.app")" "$(pss "$RESULTS.baseline")") × |
| 12 MP photo prepared (median) | $photo_ms ms | – | ≤ 500 ms | $( ((photo_ms <= 500)) && echo met || echo missed) |
EOF
rm -f "$RESULTS".*
