#!/usr/bin/env bash
# End-to-end run: the real server (SQLite, demo data) and the built app (or the staff
# studio) driven through tauri-driver + WebKitWebDriver under Xvfb, with a private D-Bus
# session and an unlocked Secret Service keyring, so nothing touches the user's desktop.
#
# Run by scripts/test.sh (stage "end to end") inside the Firebase Auth emulator:
#   tests/e2e/run.sh APP_BINARY SERVER_BINARY [NODE_TEST_ARGS...]
# Needs FIREBASE_AUTH_EMULATOR_HOST and FIREBASE_PROJECT_ID (set by the emulator).
#
# Screenshots and logs go to WISP_E2E_ARTIFACTS (default artifacts/e2e, not committed).
# WISP_E2E_SPECS names the folder of specs to run (default specs/; branded/ drives the branded
# apps in WISP_E2E_BRANDS_DIR, as scripts/test.sh does after building them; studio/ drives the
# studio, given as APP_BINARY).
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/app.sh"

# --- inside dbus-run-session and xvfb-run ----------------------------------------
if [[ "${1:-}" == "--in-session" ]]; then
    shift
    # The Secret Service keyring the app stores its refresh token in; unlocked
    # with a throwaway password (gnome-keyring refuses an empty one).
    printf 'e2e-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    # Ports are picked free, but another process may take one before tauri-driver
    # binds it: then try again with new ones.
    # tauri-driver leaves its WebKitWebDriver behind when stopped, so it runs in a
    # process group of its own and the whole group is stopped.
    driver_pid=''
    stop_driver() { [[ -z "$driver_pid" ]] || kill -- "-$driver_pid" 2>/dev/null || true; }
    trap stop_driver EXIT
    for _attempt in 1 2 3; do
        { read -r driver_port; read -r native_port; } < <(free_ports 2)
        setsid tauri-driver --port "$driver_port" --native-port "$native_port" \
            --native-driver "$(command -v WebKitWebDriver)" >"$WISP_E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
        driver_pid=$!
        for _ in $(seq 100); do
            port_is_free "$driver_port" || break
            kill -0 "$driver_pid" 2>/dev/null || break
            sleep 0.1
        done
        port_is_free "$driver_port" || break
        stop_driver
        driver_pid=''
    done
    [[ -n "$driver_pid" ]] || die "tauri-driver did not start (see $WISP_E2E_ARTIFACTS/tauri-driver.log)"
    export WISP_E2E_DRIVER_PORT="$driver_port"
    cd "$E2E_DIR"
    node --test --test-concurrency=1 "$@" "$WISP_E2E_SPECS"
    exit
fi

(($# >= 2)) || die "usage: tests/e2e/run.sh APP_BINARY SERVER_BINARY [NODE_TEST_ARGS...]"
app_binary="$1" server_binary="$2"
shift 2
[[ -x "$app_binary" ]] || die "no app binary at $app_binary (scripts/app.sh build)"
[[ -x "$server_binary" ]] || die "no server binary at $server_binary (cargo build -p wisp-server)"
[[ -n "${FIREBASE_AUTH_EMULATOR_HOST:-}" ]] || die "run this inside the Firebase Auth emulator (scripts/test.sh does)"

export WISP_E2E_ARTIFACTS="${WISP_E2E_ARTIFACTS:-$WISP_ROOT/artifacts/e2e}"
export WISP_E2E_SPECS="${WISP_E2E_SPECS:-specs/}"
[[ -d "$E2E_DIR/$WISP_E2E_SPECS" ]] || die "no spec folder tests/e2e/$WISP_E2E_SPECS"
rm -rf "$WISP_E2E_ARTIFACTS"
mkdir -p "$WISP_E2E_ARTIFACTS/screenshots"

# A private home: the app's data, cache and keyring of this run only.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/wisp-e2e.XXXXXX")"
_WISP_TEMP_DIRS+=("$run_dir")
export HOME="$run_dir/home" XDG_CONFIG_HOME="$run_dir/home/.config" \
    XDG_DATA_HOME="$run_dir/home/.local/share" XDG_CACHE_HOME="$run_dir/home/.cache"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
# No test gets administrator rights: an update the app installs goes through the stand-in
# pkexec into this run's own dpkg root (sudo, zenity and kdialog refuse).
export WISP_E2E_DPKG_ROOT="$run_dir/dpkg-root"
mkdir -p "$WISP_E2E_DPKG_ROOT/var/lib/dpkg/updates" "$WISP_E2E_DPKG_ROOT/var/lib/dpkg/info"
: >"$WISP_E2E_DPKG_ROOT/var/lib/dpkg/status"
export PATH="$E2E_DIR/support/privileges:$PATH"

# --- the server ---------------------------------------------------------------
api_port="$(free_port)"
use_demo_environment "$run_dir/server"
export WISP_BIND="127.0.0.1:$api_port"
# Apps poll the change feed as often as the server asks: a staff reply shows within seconds.
export WISP_POLL_INTERVAL_SECS=2
"$server_binary" seed-demo >"$WISP_E2E_ARTIFACTS/seed.log" 2>&1 ||
    die "seed-demo failed (see $WISP_E2E_ARTIFACTS/seed.log)"
"$server_binary" serve >"$WISP_E2E_ARTIFACTS/server.log" 2>&1 &
server_pid=$!
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap 'rc=$?; stop_server; (exit "$rc"); _on_exit' EXIT
wait_for_server "http://$WISP_BIND" "$server_pid" "$WISP_E2E_ARTIFACTS/server.log"

# The app's settings for this run: the demo tenant's branding, this server and this emulator.
tenant="ridgeline"
export WISP_APP_CONFIG="$run_dir/app-config.json"
write_app_config "$WISP_APP_CONFIG" "$tenant" "http://$WISP_BIND"

# The studio's settings for this run (no tenant: it serves the tenants of whoever signs in).
export WISP_STUDIO_CONFIG="$run_dir/studio-config.json"
write_studio_config "$WISP_STUDIO_CONFIG" "http://$WISP_BIND"

# What the specs need to know: where the app, the server and the emulator are.
export WISP_E2E_APP="$app_binary" WISP_E2E_API="http://$WISP_BIND" WISP_E2E_TENANT="$tenant"
export WISP_E2E_TAURI_CONF="$WISP_ROOT/tauri.conf.json"

dbus-run-session -- xvfb-run -a -s "-screen 0 1400x1000x24" \
    "${BASH_SOURCE[0]}" --in-session "$@"
