# shellcheck shell=bash
# Shared helpers for scripts/setup.sh, scripts/test.sh and scripts/demo.sh.
# Source it; do not run it. Every function is safe to call more than once.

# Sourcing twice (a script and the setup.sh it sources) must not reset state.
[[ -n "${_WISP_LIB_LOADED:-}" ]] && return 0
_WISP_LIB_LOADED=1

set -euo pipefail

# --- paths --------------------------------------------------------------------

# Absolute path of the repository, derived from this file's location so the
# scripts work from any working directory and in any clone.
repo_root() {
    (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
}
WISP_ROOT="$(repo_root)"

# Keep the Cargo build cache outside the clone: CI clones fresh for every run
# and would otherwise rebuild every dependency each time.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wisp-portal/target}"

FIREBASE_TOOLS_DIR="$WISP_ROOT/tools/firebase-emulator"
FIREBASE_BIN="$FIREBASE_TOOLS_DIR/node_modules/.bin/firebase"
TAURI_CLI_DIR="$WISP_ROOT/tools/tauri-cli"
TAURI_CLI_BIN="$TAURI_CLI_DIR/node_modules/.bin/tauri"
E2E_DIR="$WISP_ROOT/tests/e2e"
TAURI_DRIVER_VERSION="2.1.0"

# Minimum Rust version; keep in step with `rust-version` in Cargo.toml.
RUST_MIN_VERSION="1.88"
# Oldest Node.js that firebase-tools 13 supports.
NODE_MIN_MAJOR=18

# Debian packages for building and testing the API server.
APT_PACKAGES_SERVER=(build-essential pkg-config libssl-dev ca-certificates curl python3 python3-venv postgresql-client)
# Debian packages for the Tauri desktop app (building it, and running it headless
# under Xvfb with a keyring). The app core keeps the refresh token in the Secret
# Service (libdbus for the keyring crate; dbus-run-session and gnome-keyring for
# the tests, see with_keychain; xwd and netpbm for the end-to-end screenshots).
APT_PACKAGES_DESKTOP=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
    xvfb xauth x11-utils webkit2gtk-driver keyutils gnome-keyring dbus dbus-x11 libdbus-1-dev libsecret-1-dev
    libsecret-tools x11-apps netpbm)
# Everything scripts/setup.sh installs.
# shellcheck disable=SC2034 # used by scripts/setup.sh
APT_PACKAGES=("${APT_PACKAGES_SERVER[@]}" "${APT_PACKAGES_DESKTOP[@]}")

# --- logging and stage timings ------------------------------------------------

if [[ -t 1 ]]; then
    _C_BOLD=$'\e[1m' _C_RED=$'\e[31m' _C_GREEN=$'\e[32m' _C_OFF=$'\e[0m'
else
    _C_BOLD='' _C_RED='' _C_GREEN='' _C_OFF=''
fi

info() { printf '%s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_C_BOLD" "$_C_OFF" "$*" >&2; }
die() {
    printf '\n%serror:%s %s\n' "$_C_RED$_C_BOLD" "$_C_OFF" "$*" >&2
    exit 1
}

# Finished stages are appended to one log file shared by every script of a run
# (nested scripts, and the script re-run inside the emulator, inherit
# WISP_STAGE_LOG), so the outermost script can print one summary at the end.
if [[ -z "${WISP_STAGE_LOG:-}" ]]; then
    WISP_STAGE_LOG="$(mktemp "${TMPDIR:-/tmp}/wisp-stages.XXXXXX")"
    export WISP_STAGE_LOG
    _WISP_OWNS_STAGE_LOG=1
else
    _WISP_OWNS_STAGE_LOG=0
fi
_STAGE_NAME=''
_STAGE_START=0
_STAGE_FAILED=0 # set once any stage of this process ended in FAILED
_WISP_TEMP_DIRS=() # removed on exit

_fmt_secs() {
    local s=$1
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# step NAME: close the current stage (as ok) and start a new one.
step() {
    [[ -n "$_STAGE_NAME" ]] && step_done ok
    _STAGE_NAME="$1"
    _STAGE_START=$EPOCHSECONDS
    printf '\n%s==> %s%s\n' "$_C_BOLD" "$1" "$_C_OFF"
}

# step_done [ok|FAILED|skipped]: close the current stage with that status.
step_done() {
    local status="${1:-ok}"
    [[ -z "$_STAGE_NAME" ]] && return 0
    record_stage "$_STAGE_NAME" $((EPOCHSECONDS - _STAGE_START)) "$status"
    [[ "$status" == FAILED ]] && _STAGE_FAILED=1
    _STAGE_NAME=''
}

# stage_status NAME: status of a finished stage ('' when it never ran).
stage_status() {
    awk -F'\t' -v n="$1" '$1 == n { s = $3 } END { print s }' "$WISP_STAGE_LOG"
}

print_stage_summary() {
    [[ -s "$WISP_STAGE_LOG" ]] || return 0
    local name secs status colour total=0
    printf '\n%sStage timings%s\n' "$_C_BOLD" "$_C_OFF"
    while IFS=$'\t' read -r name secs status; do
        case "$status" in
            ok) colour=$_C_GREEN ;;
            FAILED) colour=$_C_RED ;;
            *) colour='' ;;
        esac
        printf '  %-44s %8s  %s%s%s\n' "$name" "$(_fmt_secs "$secs")" "$colour" "$status" "$_C_OFF"
        total=$((total + secs))
    done <"$WISP_STAGE_LOG"
    printf '  %-44s %8s\n' "total" "$(_fmt_secs "$total")"
    local failed
    failed="$(awk -F'\t' '$3 == "FAILED" { printf "%s%s", sep, $1; sep = ", " }' "$WISP_STAGE_LOG")"
    [[ -z "$failed" ]] || printf '%sFailed: %s%s\n' "$_C_RED$_C_BOLD" "$failed" "$_C_OFF"
}

# record_stage NAME SECONDS STATUS: log a stage timed elsewhere (for example
# the emulator start-up, measured from the outer script to the inner one).
record_stage() {
    printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$WISP_STAGE_LOG"
}

# Ctrl-C or a kill: exit with the usual 128+N code; the EXIT trap below then
# records the open stage as interrupted. A script may replace this trap (the
# demo treats Ctrl-C as its normal way to stop).
_on_signal() {
    trap - INT TERM
    printf '\nInterrupted.\n' >&2
    exit "$1"
}
trap '_on_signal 130' INT
trap '_on_signal 143' TERM

# On every exit, including failures and Ctrl-C: close the open stage with the
# right status and, in the outermost script, print the summary (followed by
# the script's own wisp_summary_extra, when it defines one).
_on_exit() {
    local rc=$?
    if [[ -n "$_STAGE_NAME" ]]; then
        case "$rc" in
            0) step_done ok ;;
            130 | 143) step_done interrupted ;;
            *) step_done FAILED ;;
        esac
    fi
    if ((_WISP_OWNS_STAGE_LOG)); then
        print_stage_summary
        if declare -F wisp_summary_extra >/dev/null; then wisp_summary_extra || true; fi
        rm -f "$WISP_STAGE_LOG"
    fi
    ((${#_WISP_TEMP_DIRS[@]} == 0)) || rm -rf "${_WISP_TEMP_DIRS[@]}"
    return "$rc"
}
trap _on_exit EXIT

# --- installing ---------------------------------------------------------------

# Run a command as root: directly when we are root, else through sudo.
as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*': run this script as root or install sudo"
    fi
}

# ensure_apt_packages PKG...: install whichever are not installed yet. apt is
# only touched when something is missing, so a ready machine pays nothing.
ensure_apt_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        info "Debian packages: all ${#} present"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these by hand: ${missing[*]}"
    if ((EUID != 0)) && ! command -v sudo >/dev/null 2>&1; then
        die "missing Debian packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]}), or install sudo and run this again."
    fi
    info "Installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# _version_ge A B: true when version A >= version B.
_version_ge() {
    [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

# Rust cannot be installed from Debian at a recent enough version, so only check.
ensure_rust() {
    local how="Install Rust with rustup (https://rustup.rs): curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh, then open a new shell (or run: . \"\$HOME/.cargo/env\")."
    # rustup installs into ~/.cargo/bin, which a non-login shell may lack on PATH.
    if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 || die "cargo not found. $how"
    local version
    version="$(cargo --version | awk '{print $2}')"
    _version_ge "${version%%-*}" "$RUST_MIN_VERSION" ||
        die "Rust $version is too old; this project needs $RUST_MIN_VERSION or newer. Update it with: rustup update stable"
    info "Rust: cargo $version"
}

# ensure_rust_component NAME: rustfmt / clippy are rustup components that a
# minimal toolchain lacks; say how to add them instead of failing obscurely.
ensure_rust_component() {
    local name="$1" probe
    case "$name" in
        rustfmt) probe=(cargo fmt --version) ;;
        clippy) probe=(cargo clippy --version) ;;
        *) die "unknown Rust component $name" ;;
    esac
    "${probe[@]}" >/dev/null 2>&1 ||
        die "the Rust component '$name' is missing. Install it with: rustup component add $name"
}

ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        # Debian 12 ships Node.js 18, which is new enough for firebase-tools 13.
        ensure_apt_packages nodejs npm
    fi
    local major
    major="$(node -p 'process.versions.node.split(".")[0]')"
    ((major >= NODE_MIN_MAJOR)) ||
        die "Node.js $(node --version) is too old; firebase-tools needs $NODE_MIN_MAJOR or newer"
    info "Node.js: $(node --version), npm $(npm --version)"
}

# ensure_npm_tree DIR LABEL [NPM_CI_ARGS...]: install exactly DIR/package-lock.json
# into DIR/node_modules. A stamp with the hash of package.json, the lockfile and
# the arguments marks a finished install, so a second run is instant and a
# changed lockfile (or a half-finished install) triggers a clean `npm ci`.
ensure_npm_tree() {
    local dir="$1" label="$2"
    shift 2
    local lock="$dir/package-lock.json" stamp="$dir/node_modules/.wisp-installed" want
    if [[ ! -f "$lock" ]]; then
        # No lockfile yet (first install ever): resolve one. Commit it.
        warn "${lock#"$WISP_ROOT"/} is missing; running npm install to create it (commit it)"
        (cd "$dir" && npm install --no-audit --no-fund)
    fi
    want="$( (cat "$dir/package.json" "$lock" && printf '%s\n' "$@") | sha256sum | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        info "$label: already installed"
        return 0
    fi
    info "Installing $label from ${lock#"$WISP_ROOT"/} (npm ci)"
    # npm ci removes node_modules and installs exactly the lockfile.
    (cd "$dir" && npm ci --no-audit --no-fund "$@")
    printf '%s\n' "$want" >"$stamp"
}

# The pinned firebase-tools under tools/firebase-emulator.
ensure_firebase_tools() {
    # Without the optional re2: its install tries to download a prebuilt binary
    # (which cannot be fetched here) before compiling it for minutes, and the Auth
    # emulator does not use it.
    ensure_npm_tree "$FIREBASE_TOOLS_DIR" "firebase-tools" --omit=optional
    [[ -x "$FIREBASE_BIN" ]] || die "npm ci finished but $FIREBASE_BIN is missing"
    info "firebase-tools: $(node -p "require('$FIREBASE_TOOLS_DIR/node_modules/firebase-tools/package.json').version")"
}

# The pinned Tauri CLI under tools/tauri-cli (bundles, icons).
ensure_tauri_cli() {
    ensure_npm_tree "$TAURI_CLI_DIR" "Tauri CLI"
    [[ -x "$TAURI_CLI_BIN" ]] || die "npm ci finished but $TAURI_CLI_BIN is missing"
    info "Tauri CLI: $("$TAURI_CLI_BIN" --version)"
}

# tauri-driver (WebDriver for Tauri apps) from crates.io at a pinned version;
# cargo install is skipped when cargo already installed that version (the
# binary has no --version flag, so ask cargo's install record).
ensure_tauri_driver() {
    if command -v tauri-driver >/dev/null 2>&1 &&
        cargo install --list | grep -qx "tauri-driver v$TAURI_DRIVER_VERSION:"; then
        info "tauri-driver: $TAURI_DRIVER_VERSION (already installed)"
        return 0
    fi
    info "Installing tauri-driver $TAURI_DRIVER_VERSION (cargo install)"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
    command -v tauri-driver >/dev/null 2>&1 || die "cargo install finished but tauri-driver is not on PATH (add ~/.cargo/bin)"
}

# schemathesis (PyPI) drives the API from its OpenAPI document in scripts/test.sh. It is pinned,
# with everything it needs, in tools/schemathesis/requirements.txt and installed into a virtualenv
# outside the clone (so CI's fresh clone reuses it); a stamp with the file's hash marks a finished
# install, so a second run is instant and a changed file installs afresh.
SCHEMATHESIS_REQUIREMENTS="$WISP_ROOT/tools/schemathesis/requirements.txt"
SCHEMATHESIS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/wisp-portal/schemathesis-venv"
SCHEMATHESIS_BIN="$SCHEMATHESIS_VENV/bin/st"

ensure_schemathesis() {
    local stamp="$SCHEMATHESIS_VENV/.wisp-installed" want
    want="$(sha256sum "$SCHEMATHESIS_REQUIREMENTS" | cut -d' ' -f1)"
    if [[ -x "$SCHEMATHESIS_BIN" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        info "schemathesis: $("$SCHEMATHESIS_BIN" --version | awk '{print $NF}') (already installed)"
        return 0
    fi
    info "Installing schemathesis from tools/schemathesis/requirements.txt into $SCHEMATHESIS_VENV"
    rm -rf "$SCHEMATHESIS_VENV"
    python3 -m venv "$SCHEMATHESIS_VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$SCHEMATHESIS_REQUIREMENTS"
    [[ -x "$SCHEMATHESIS_BIN" ]] || die "pip finished but $SCHEMATHESIS_BIN is missing"
    printf '%s\n' "$want" >"$stamp"
    info "schemathesis: $("$SCHEMATHESIS_BIN" --version | awk '{print $NF}')"
}

# --- ports and the Firebase Auth emulator -------------------------------------

# port_is_free PORT: nothing accepts connections on 127.0.0.1:PORT.
port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port [PREFERRED]: print PREFERRED when it is free, else a port the kernel
# hands out as free right now. Chosen at run time so a running demo and a test
# run never fight over a port.
free_port() {
    if [[ -n "${1:-}" ]] && port_is_free "$1"; then
        printf '%s\n' "$1"
        return 0
    fi
    free_ports 1
}

# free_ports N: print N distinct free ports, one a line (all sockets are held
# open until every port is chosen, so none comes out twice).
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
PY
}

# use_demo_environment DATA_DIR: every setting a server on demo data needs, set
# here so that none comes from the caller's shell. seed-demo empties the
# database it is given, so the demo's own SQLite file under DATA_DIR is named
# explicitly and DATABASE_URL is never inherited. Emulator mode is opted into
# (the emulator itself comes from with_firebase_emulator), and the demo makes
# its own link key, kept beside its data (production servers are given theirs).
use_demo_environment() {
    local data_dir="$1"
    mkdir -p "$data_dir"
    export WISP_DATA_DIR="$data_dir"
    export DATABASE_URL="sqlite://$data_dir/wisp.db?mode=rwc"
    export WISP_ALLOW_AUTH_EMULATOR=1
    unset WISP_LINK_KEY WISP_LINK_KEY_PREVIOUS WISP_LINK_KEY_PREVIOUS_FILE WISP_TRUST_FORWARDED_FOR WISP_TRUSTED_PROXIES
    export WISP_LINK_KEY_FILE="$data_dir/link-key"
    if [[ ! -s "$WISP_LINK_KEY_FILE" ]]; then
        (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$WISP_LINK_KEY_FILE")
    fi
}

# script_usage: print the header comment of the script being run (its usage text).
script_usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

# wait_for_server URL PID LOG: wait up to 20 s until the server at URL answers /api/health; die,
# pointing at LOG, when it exits or does not answer in time.
wait_for_server() {
    local url="$1" pid="$2" log="$3"
    for _ in $(seq 200); do
        curl -fsS "$url/api/health" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || die "the server exited (see $log)"
        sleep 0.1
    done
    die "the server at $url did not answer /api/health within 20 s (see $log)"
}

# with_firebase_emulator PROJECT COMMAND...
# Start the Firebase Auth emulator for PROJECT (a demo-* id: no credentials and
# no network needed), run COMMAND while it is up, stop it, and return COMMAND's
# exit code. A single COMMAND argument is run as a shell command line
# (variables such as $FIREBASE_AUTH_EMULATOR_HOST expand inside it); several
# arguments are run as that exact argument list.
# The emulator port is WISP_EMULATOR_PORT when set and free, else a free one.
# Inside COMMAND: FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:PORT and
# FIREBASE_PROJECT_ID=PROJECT.
with_firebase_emulator() {
    local project="$1"
    shift
    (($# > 0)) || die "with_firebase_emulator: no command given"
    [[ -x "$FIREBASE_BIN" ]] || die "firebase-tools is not installed; run scripts/setup.sh"

    local script
    if (($# == 1)); then
        script="$1"
    else
        script="$(printf '%q ' "$@")"
    fi

    # Besides the Auth emulator, firebase-tools always starts its hub (default
    # port 4400) and logging emulator (4500). A second emulator run would find
    # 4500 taken and crash, so every port is chosen free for this run.
    local port hub_port logging_port config_dir
    port="$(free_port "${WISP_EMULATOR_PORT:-}")"
    { read -r hub_port; read -r logging_port; } < <(free_ports 2)
    config_dir="$(mktemp -d "${TMPDIR:-/tmp}/wisp-firebase.XXXXXX")"
    _WISP_TEMP_DIRS+=("$config_dir") # also removed after Ctrl-C
    cat >"$config_dir/firebase.json" <<EOF
{"emulators":{"auth":{"host":"127.0.0.1","port":$port},
 "hub":{"host":"127.0.0.1","port":$hub_port},
 "logging":{"host":"127.0.0.1","port":$logging_port},
 "ui":{"enabled":false},"singleProjectMode":true}}
EOF

    # firebase-tools sets FIREBASE_AUTH_EMULATOR_HOST for the command itself;
    # exporting it as well keeps things working if that ever changes.
    # CI=1 turns off its interactive prompts and update checks.
    # COMMAND runs in the caller's working directory.
    local rc=0
    FIREBASE_AUTH_EMULATOR_HOST="127.0.0.1:$port" FIREBASE_PROJECT_ID="$project" CI=1 \
        "$FIREBASE_BIN" emulators:exec --only auth --project "$project" \
        --config "$config_dir/firebase.json" "$script" || rc=$?
    rm -rf "$config_dir"
    return "$rc"
}

# --- the keychain -------------------------------------------------------------

# with_keychain COMMAND...: run COMMAND in a D-Bus session of its own with an
# unlocked gnome-keyring serving the Secret Service, the store desktop Linux
# users have (the app core keeps its refresh token there). The keyring's files
# and sockets live in a temporary folder, never in the user's own keyring, and
# the daemon ends with the session.
with_keychain() {
    local dir rc=0
    dir="$(mktemp -d "${TMPDIR:-/tmp}/wisp-keyring.XXXXXX")"
    _WISP_TEMP_DIRS+=("$dir")
    mkdir -p "$dir/data" "$dir/runtime" "$HOME/.cache"
    chmod 700 "$dir/runtime"
    # The daemon wants a non-empty password to create and unlock the keyring. It
    # runs in the foreground of this session so it is stopped by its own id.
    XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" dbus-run-session -- bash -c '
        printf "test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
        daemon=$!
        for _ in $(seq 100); do
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
                grep -q "boolean true" && break
            sleep 0.1
        done
        rc=0
        "$@" || rc=$?
        kill "$daemon" 2>/dev/null || true
        exit "$rc"' with-keychain "$@" || rc=$?
    rm -rf "$dir"
    return "$rc"
}
