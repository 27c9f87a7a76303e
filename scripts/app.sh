#!/usr/bin/env bash
# Build or run the desktop app (src-tauri + ui) against a portal server. The staff studio
# (studio/ + ui/studio.html) is built beside it (see studio/STUDIO.md).
#
# Usage: scripts/app.sh build     debug build for the end-to-end tests; prints the binary
#        scripts/app.sh run       build, then open the app (needs a display)
#        scripts/app.sh bundle    release bundles (.deb) through the Tauri CLI
#
# The base configuration is tauri.conf.json at the repository root. The UI comes
# from ui/ (built with its own pinned npm dependencies when ui/package.json exists).
#
# Environment:
#   CARGO_TARGET_DIR   build cache (default ~/.cache/wisp-portal/target)
#   WISP_APP_CONFIG    (run) the app's JSON configuration file (server, tenant, Auth)
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

APP_PACKAGE="wisp-portal-app"
STUDIO_PACKAGE="wisp-studio"
UI_DIR="$WISP_ROOT/ui"

# The app embeds ui/dist and the studio ui/dist-studio at compile time, so both must exist
# before any build of the workspace (clippy included).
build_ui() {
    step "build ui/ (the app's and the studio's)"
    if [[ -f "$UI_DIR/package.json" ]]; then
        ensure_npm_tree "$UI_DIR" "UI dependencies (ui/)"
        (cd "$UI_DIR" && npm run build && npm run build:studio)
    elif [[ -f "$UI_DIR/dist/index.html" && -f "$UI_DIR/dist-studio/studio.html" ]]; then
        warn "ui/package.json is missing; using the ui/dist and ui/dist-studio that are already there"
    else
        die "ui/ has no package.json and no dist/: the app has no UI to embed"
    fi
    [[ -f "$UI_DIR/dist/index.html" ]] || die "the UI build did not produce ui/dist/index.html"
    [[ -f "$UI_DIR/dist-studio/studio.html" ]] || die "the studio's UI build did not produce ui/dist-studio/studio.html"
    step_done ok
}

# app_binary: path of the debug build of the app.
app_binary() {
    printf '%s\n' "$CARGO_TARGET_DIR/debug/$APP_PACKAGE"
}

# studio_binary: path of the debug build of the staff studio.
studio_binary() {
    printf '%s\n' "$CARGO_TARGET_DIR/debug/$STUDIO_PACKAGE"
}

# build_app: debug builds of the subscriber app and the staff studio.
build_app() {
    build_ui
    step "cargo build -p $APP_PACKAGE -p $STUDIO_PACKAGE"
    cargo build --locked -p "$APP_PACKAGE" -p "$STUDIO_PACKAGE"
    [[ -x "$(app_binary)" ]] || die "the build did not produce $(app_binary)"
    [[ -x "$(studio_binary)" ]] || die "the build did not produce $(studio_binary)"
    step_done ok
}

# write_app_config FILE TENANT API_URL: the app's settings (what a brand kit compiles in) for
# a development run against API_URL and the running Firebase Auth emulator: TENANT's published
# branding, asked of that server. Product name and identifier come from the root
# tauri.conf.json, so the keychain service is the build's own.
write_app_config() {
    local file="$1" tenant="$2" api="$3" branding
    [[ -n "${FIREBASE_AUTH_EMULATOR_HOST:-}" && -n "${FIREBASE_PROJECT_ID:-}" ]] ||
        die "write_app_config: run it inside the Firebase Auth emulator (with_firebase_emulator)"
    branding="$(curl -fsS "$api/api/tenant/$tenant/branding")" ||
        die "the server at $api has no published branding for tenant '$tenant'"
    BRANDING="$branding" python3 - "$WISP_ROOT/tauri.conf.json" "$tenant" "$api" >"$file" <<'PY'
import json, os, sys
tauri = json.load(open(sys.argv[1]))
tenant, api = sys.argv[2], sys.argv[3]
emulator = "http://" + os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
print(json.dumps({
    "productName": tauri["productName"],
    "identifier": tauri["identifier"],
    "tenantId": tenant,
    "apiBaseUrl": api,
    "firebase": {
        "apiKey": "demo-api-key",
        "projectId": os.environ["FIREBASE_PROJECT_ID"],
        "identityToolkitUrl": emulator + "/identitytoolkit.googleapis.com",
        "secureTokenUrl": emulator + "/securetoken.googleapis.com",
    },
    "brand": {"branding": json.loads(os.environ["BRANDING"])["branding"]},
}, indent=2))
PY
}

# write_studio_config FILE API_URL: the studio's settings (studio/STUDIO.md) for a development
# run against API_URL and the running Firebase Auth emulator. No tenant: the studio serves every
# tenant of the staff member who signs in.
write_studio_config() {
    local file="$1" api="$2"
    [[ -n "${FIREBASE_AUTH_EMULATOR_HOST:-}" && -n "${FIREBASE_PROJECT_ID:-}" ]] ||
        die "write_studio_config: run it inside the Firebase Auth emulator (with_firebase_emulator)"
    python3 - "$api" >"$file" <<'PY'
import json, os, sys
emulator = "http://" + os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
print(json.dumps({
    "apiBaseUrl": sys.argv[1],
    "firebase": {
        "apiKey": "demo-api-key",
        "projectId": os.environ["FIREBASE_PROJECT_ID"],
        "identityToolkitUrl": emulator + "/identitytoolkit.googleapis.com",
        "secureTokenUrl": emulator + "/securetoken.googleapis.com",
    },
}, indent=2))
PY
}

# Release bundles through the CLI, run from src-tauri/: the CLI wants the configuration beside
# the app crate, and src-tauri/tauri.conf.json links to the root one. It resolves relative paths
# from there, so the built UI is named by absolute path. Branded bundles: scripts/brand.sh.
bundle_app() {
    build_ui
    step "tauri build (release bundles)"
    # The CLI resolves paths from src-tauri/, but the base configuration's are relative to the
    # root (where it lives): the UI and the icons are named by absolute path.
    local paths
    paths="$(python3 - "$WISP_ROOT" "$UI_DIR/dist" <<'PY'
import json, os, sys
root, dist = sys.argv[1], sys.argv[2]
base = json.load(open(os.path.join(root, "tauri.conf.json")))
icons = [os.path.join(root, icon) for icon in base["bundle"]["icon"]]
print(json.dumps({"build": {"frontendDist": dist}, "bundle": {"icon": icons}}))
PY
)"
    (cd "$WISP_ROOT/src-tauri" && "$TAURI_CLI_BIN" build --ci --bundles deb --config "$paths" "$@")
    step_done ok
    info "Bundles: $CARGO_TARGET_DIR/release/bundle/"
}

# Only when executed: scripts/test.sh sources this file for its functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    command="${1:-}"
    (($#)) && shift
    case "$command" in
        build)
            wisp_setup
            build_app
            info "App: $(app_binary)"
            info "Studio: $(studio_binary)"
            ;;
        run)
            wisp_setup
            build_app
            [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] ||
                die "no display: run this from a desktop session, or under a virtual one with: xvfb-run -a scripts/app.sh run"
            step "run the app (until it quits)"
            "$(app_binary)"
            ;;
        bundle)
            wisp_setup
            bundle_app "$@"
            ;;
        -h | --help | '') script_usage ;;
        *) die "unknown command '$command' (see scripts/app.sh --help)" ;;
    esac
fi
