#!/usr/bin/env bash
# Run the portal locally with demo data: a Firebase Auth emulator with the demo
# users, a freshly seeded demo database, the API server in the foreground and the
# desktop app, branded as the demo WISP and signed in to nobody yet, beside Wisp
# Studio, the staff's branding tool. Stop it all with Ctrl-C (closing the windows
# leaves the server running).
#
# Usage: scripts/demo.sh
#
# Environment:
#   WISP_DEMO_PORT      API port (default 8080; a free port is used when it is busy)
#   WISP_EMULATOR_PORT  Auth emulator port (default 9099; a free port when busy)
#   WISP_DEMO_TENANT    the WISP whose app opens: ridgeline (default) or prairie-sky
#   WISP_DEMO_NO_APP    1: serve only, do not build or open the app or the studio
#   WISP_DEMO_NO_STUDIO 1: open the app without the studio
#   CARGO_TARGET_DIR    build cache (default ~/.cache/wisp-portal/target)
#
# The demo database lives in data/demo (not committed) and is reset on every start.
# The demo always uses that database: DATABASE_URL from your shell is ignored, so
# a production URL you have exported is never touched.
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/app.sh"

EMULATOR_PROJECT="demo-wisp-portal"
SERVER_BIN="$CARGO_TARGET_DIR/debug/wisp-server"

# Once the emulator is up, Ctrl-C is how the demo is meant to end, so it is
# no failure then (before that, e.g. during the build, it is an interruption).
_demo_stopped() {
    trap - INT TERM
    step_done stopped
    exit 0
}

# Runs inside the emulator (the script re-runs itself there with --in-emulator):
# seed, tell the user where everything is, then serve until Ctrl-C.
run_demo_in_emulator() {
    trap _demo_stopped INT TERM
    record_stage "start Firebase Auth emulator" $((EPOCHSECONDS - WISP_EMULATOR_STARTED_AT)) ok

    step "seed demo data (wisp-server seed-demo)"
    "$SERVER_BIN" seed-demo

    step "updater keys of the demo tenants (made now, for this demo only)"
    # Made afresh on every start and kept beside the demo data (ignored by git): a demo key is
    # never one a real app trusts.
    local keys="$WISP_DATA_DIR/keys" tenant
    rm -rf "$keys"
    mkdir -p "$keys"
    (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(16))' >"$keys/password")
    for tenant in ridgeline prairie-sky; do
        WISP_KEYS_DIR="$keys" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="$(cat "$keys/password")" \
            "$WISP_ROOT/scripts/release.sh" keygen "$tenant" >/dev/null
    done

    local api="http://$WISP_BIND" emu="http://$FIREBASE_AUTH_EMULATOR_HOST"
    cat <<EOF

${_C_BOLD}The demo is starting. Point a client at:${_C_OFF}
  API base URL    $api
  Health          curl $api/api/health
  OpenAPI         $api/api/openapi.json
  Auth emulator   $emu  (project $FIREBASE_PROJECT_ID, API key demo-api-key)
  Data            ${WISP_DATA_DIR#"$WISP_ROOT"/}

Sign in as a demo user (logins printed above) and call the API:
  TOKEN=\$(curl -s '$emu/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key' -H 'Content-Type: application/json' -d '{"email":"EMAIL","password":"PASSWORD","returnSecureToken":true}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["idToken"])')
  curl -H "Authorization: Bearer \$TOKEN" -H 'X-Tenant-Id: TENANT_ID' $api/api/portal/me

Publish a signed update (the bundle from scripts/app.sh bundle; TOKEN of an owner or admin):
  WISP_KEYS_DIR=${keys#"$WISP_ROOT"/} TAURI_SIGNING_PRIVATE_KEY_PASSWORD=\$(cat ${keys#"$WISP_ROOT"/}/password) WISP_SERVER=$api WISP_STAFF_TOKEN=\$TOKEN \\
    scripts/release.sh publish --tenant ridgeline --bundle BUNDLE.deb --channel stable --notes 'What is new'
  Each tenant's public key: ${keys#"$WISP_ROOT"/}/TENANT_ID/updater.key.pub
  An app checks: curl -i -H 'X-Bundle-Type: deb' -H "X-Installation-Id: \$(cat /proc/sys/kernel/random/uuid)" '$api/api/tenant/ridgeline/app/update/linux/x86_64/0.1.0?channel=stable'

Press Ctrl-C to stop.
EOF

    step "serve (until Ctrl-C)"
    "$SERVER_BIN" serve &
    local server=$!
    open_demo_app "$api" "$server"
    wait "$server"
}

# open_demo_app API_URL SERVER_PID: once the server answers, open the app and the studio against it in
# the background (they stop with the demo). Without a display, say how to get one instead of failing
# the demo.
open_demo_app() {
    local api="$1" server="$2" tenant="${WISP_DEMO_TENANT:-ridgeline}"
    [[ "${WISP_DEMO_NO_APP:-0}" != 1 ]] || return 0
    if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
        warn "no display, so the desktop app is not opened. Run the demo from a desktop session, over 'ssh -X', or inside a virtual desktop (e.g. 'xvfb-run -a scripts/demo.sh' with a VNC server on that display). The server keeps running."
        return 0
    fi
    wait_for_server "$api" "$server" "its output above"
    export WISP_APP_CONFIG="$WISP_DATA_DIR/app-config.json"
    write_app_config "$WISP_APP_CONFIG" "$tenant" "$api"
    info "Opening the $tenant app: sign in as one of its demo customers, or sign up as one without an account (README: The demo)"
    "$(app_binary)" >"$WISP_DATA_DIR/app.log" 2>&1 &
    [[ "${WISP_DEMO_NO_STUDIO:-0}" != 1 ]] || return 0
    export WISP_STUDIO_CONFIG="$WISP_DATA_DIR/studio-config.json"
    write_studio_config "$WISP_STUDIO_CONFIG" "$api"
    info "Opening Wisp Studio: sign in as a demo owner or admin to change the branding the app shows (README: The demo)"
    "$(studio_binary)" >"$WISP_DATA_DIR/studio.log" 2>&1 &
}

if [[ "${1:-}" == "--in-emulator" ]]; then
    run_demo_in_emulator
    exit
fi
case "${1:-}" in
    '') ;;
    -h | --help) script_usage; exit 0 ;;
    *) die "unknown option '$1' (see scripts/demo.sh --help)" ;;
esac

wisp_setup

cd "$WISP_ROOT"
step "cargo build -p wisp-server"
cargo build -p wisp-server
[[ -x "$SERVER_BIN" ]] || die "the build did not produce $SERVER_BIN"
step_done ok
[[ "${WISP_DEMO_NO_APP:-0}" == 1 ]] || build_app

# Fixed ports are easier to remember; fall back to free ones so the demo still
# starts next to another demo or a test run.
api_port="$(free_port "${WISP_DEMO_PORT:-8080}")"
[[ "$api_port" == "${WISP_DEMO_PORT:-8080}" ]] || warn "port ${WISP_DEMO_PORT:-8080} is busy; the API uses port $api_port"
export WISP_EMULATOR_PORT="${WISP_EMULATOR_PORT:-9099}"
port_is_free "$WISP_EMULATOR_PORT" || warn "port $WISP_EMULATOR_PORT is busy; the Auth emulator uses a free port instead"

use_demo_environment "$WISP_ROOT/data/demo"
export WISP_BIND="127.0.0.1:$api_port"
# A staff reply reaches the demo app within seconds (production asks for a minute).
export WISP_POLL_INTERVAL_SECS=5
export FIREBASE_PROJECT_ID="$EMULATOR_PROJECT"

export WISP_EMULATOR_STARTED_AT=$EPOCHSECONDS
trap _demo_stopped INT TERM
with_firebase_emulator "$EMULATOR_PROJECT" "$WISP_ROOT/scripts/demo.sh" --in-emulator
