#!/usr/bin/env bash
# Benchmark of the change feed's quiet path (the `304` every installed app gets on most polls)
# and of a customer's ticket list, against the reference ceiling in ../shared/bench/axum-ceiling
# (a bare axum route answering 304) measured in the same run: machines are noisy, so only
# figures from one run are compared.
#
# Usage: scripts/bench-poll.sh [SECONDS]     (default 10 s per measurement)
#
# Runs the release server on the demo data set (SQLite) inside the Firebase Auth emulator, signs
# in as a demo customer with a real emulator token, and loads it with wrk (-t1 -c64) from a
# second process, as ../shared/bench/README.md describes.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

DURATION="${1:-10}"
EMULATOR_PROJECT="demo-wisp-portal"
CEILING_SRC="$WISP_ROOT/../shared/bench/axum-ceiling"

# Runs inside the emulator: seed, serve, measure.
measure_in_emulator() {
    # The server pids stay global: the EXIT trap that stops them runs after this function.
    local data api_port ceiling_port token cursor
    data="$(mktemp -d "${TMPDIR:-/tmp}/wisp-bench.XXXXXX")"
    _WISP_TEMP_DIRS+=("$data")
    api_port="$(free_port)"
    use_demo_environment "$data"
    export WISP_BIND="127.0.0.1:$api_port" RUST_LOG=warn
    step "seed demo data"
    "$CARGO_TARGET_DIR/release/wisp-server" seed-demo >/dev/null
    step "start servers"
    "$CARGO_TARGET_DIR/release/wisp-server" serve &
    server_pid=$!
    "$BENCH_TARGET/release/axum-ceiling" >"$data/ceiling-port" &
    ceiling_pid=$!
    # Stop both servers on any exit, then do lib.sh's usual exit work (stage log, temp dirs).
    trap 'kill "${server_pid:-}" "${ceiling_pid:-}" 2>/dev/null || true; _on_exit' EXIT
    local wisp_up=0 ceiling_up=0
    for _ in $(seq 50); do
        curl -fsS "http://$WISP_BIND/api/health" >/dev/null 2>&1 && wisp_up=1
        [[ -s "$data/ceiling-port" ]] && ceiling_up=1
        ((wisp_up && ceiling_up)) && break
        sleep 0.2
    done
    # A server that did not start fails this stage (and so the run), instead of leaving wrk to
    # measure connection errors.
    ((wisp_up)) || die "wisp-server did not answer on $WISP_BIND within 10 s (see its output above)"
    ((ceiling_up)) || die "the reference ceiling did not start within 10 s (see its output above)"
    ceiling_port="$(cat "$data/ceiling-port")"
    token="$(curl -fsS "http://$FIREBASE_AUTH_EMULATOR_HOST/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key" \
        -H 'Content-Type: application/json' \
        -d '{"email":"alex.customer@example.com","password":"demo-password-1","returnSecureToken":true}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["idToken"])')"
    local auth=(-H "Authorization: Bearer $token" -H "X-Tenant-Id: ridgeline")
    cursor="$(curl -fsS "${auth[@]}" "http://$WISP_BIND/api/portal/changes" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["cursor"])')"
    step_done ok

    # A measurement fails when wrk fails, cannot connect, gets error statuses (wrk counts 4xx and
    # 5xx as "Non-2xx or 3xx"; the 304 polls are fine) or completes no request: a server that
    # is down must not pass as a slow one.
    run_wrk() {
        local label="$1" status=ok
        shift
        step "wrk: $label"
        wrk -t1 -c64 -d"${DURATION}s" --latency "$@" >"$data/wrk.txt" 2>&1 || status=FAILED
        grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors' "$data/wrk.txt" || true
        if grep -qE 'Non-2xx|Socket errors: connect [1-9]' "$data/wrk.txt" ||
            ! awk '/Requests\/sec/ && $2 > 0 {found = 1} END {exit !found}' "$data/wrk.txt"; then
            status=FAILED
        fi
        printf '%-34s %10s req/s   p50 %-9s p99 %-9s %s\n' "$label" \
            "$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$data/wrk.txt")" \
            "$(awk '$1 == "50%" {print $2}' "$data/wrk.txt")" \
            "$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")" \
            "$([[ $status == ok ]] || echo FAILED)" >>"$data/results"
        step_done "$status"
    }
    run_wrk "axum ceiling (bare 304)" "http://127.0.0.1:$ceiling_port/api/portal/changes"
    run_wrk "wisp 304 poll (nothing changed)" "${auth[@]}" "http://$WISP_BIND/api/portal/changes?since=$cursor"
    run_wrk "wisp customer ticket list" "${auth[@]}" "http://$WISP_BIND/api/portal/tickets"
    run_wrk "axum ceiling again" "http://127.0.0.1:$ceiling_port/api/portal/changes"

    info ""
    info "Results ($(nproc) cores, wrk -t1 -c64 -d${DURATION}s beside the server, SQLite, demo data):"
    cat "$data/results"
    ((_STAGE_FAILED == 0)) || die "some measurements failed (see above)"
}

if [[ "${1:-}" == "--in-emulator" ]]; then
    DURATION="$2"
    measure_in_emulator
    exit
fi

[[ -d "$CEILING_SRC" ]] || die "the reference ceiling is expected at $CEILING_SRC (../shared beside the repository)"
wisp_setup
ensure_apt_packages wrk
cd "$WISP_ROOT"
step "cargo build --release -p wisp-server"
cargo build --release -p wisp-server
step_done ok
# The ceiling is built from a copy (so nothing is written into ../shared), into its own target
# directory outside the project.
step "build the reference ceiling"
ceiling_copy="${CARGO_TARGET_DIR%/*}/axum-ceiling"
rm -rf "$ceiling_copy" && cp -r "$CEILING_SRC" "$ceiling_copy"
export BENCH_TARGET="${CARGO_TARGET_DIR%/*}/axum-ceiling-target"
(cd "$ceiling_copy" && CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --quiet)
step_done ok
with_firebase_emulator "$EMULATOR_PROJECT" "$WISP_ROOT/scripts/bench-poll.sh" --in-emulator "$DURATION"
