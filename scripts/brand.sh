#!/usr/bin/env bash
# Branded builds: a WISP's brand kit (brands/<slug>/) into its own desktop app.
#
# Usage: scripts/brand.sh build [--debug] [--ui-built] SLUG...   each brand's .deb and .rpm
#        scripts/brand.sh validate [SLUG...]         check kits (every kit when none is named)
#
# build, per brand: check the kit and write its Tauri overlay, icon set and app settings
# (wisp-brand prepare), then `tauri build --config <overlay> --bundles deb,rpm` with the
# settings compiled in (WISP_BRAND_JSON). The UI and the kit tool are built once for all
# brands, and every brand shares one Cargo build cache: only the app crate is compiled again
# per brand, because the overlay (TAURI_CONFIG) and WISP_BRAND_JSON are its only brand inputs.
#
#   --debug      debug profile (what the test stage uses: it reuses the workspace's debug build)
#   --ui-built   ui/dist is current (scripts/test.sh has just built it): do not build it again
#
# Output, per brand, in $CARGO_TARGET_DIR/brands/<slug>/ (printed at the end, with sizes and
# the time from kit to .deb):
#   package.deb, package.rpm   the bundles (copies of those under <profile>/bundle/)
#   app                        the branded binary, as packaged
#   build.json                 product name, identifier, tenant, package name, inputs
#   overlay.json, app-settings.json, icons/   what the build read
#
# Environment:
#   CARGO_TARGET_DIR   build cache (default ~/.cache/wisp-portal/target)
#
# Signing (a later step) fits between "tauri build" and the copy: set TAURI_SIGNING_PRIVATE_KEY
# (and _PASSWORD) for the updater artefacts; the timing below already spans the whole build.
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/app.sh"

BRANDS_DIR="$WISP_ROOT/brands"
BRAND_OUT="$CARGO_TARGET_DIR/brands"
BRAND_TOOL="$CARGO_TARGET_DIR/debug/wisp-brand"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

build_brand_tool() {
    step "build wisp-brand"
    cargo build --locked -p brand-kit --bin wisp-brand
    step_done ok
}

# kit_dirs SLUG...: the kits' folders (every kit when no slug is given).
kit_dirs() {
    local slug
    if (($# == 0)); then
        for slug in "$BRANDS_DIR"/*/brand.json; do dirname "$slug"; done
        return
    fi
    for slug in "$@"; do
        [[ -f "$BRANDS_DIR/$slug/brand.json" ]] || die "no brand kit brands/$slug/ (brands/$slug/brand.json is missing)"
        printf '%s\n' "$BRANDS_DIR/$slug"
    done
}

# build_field FILE KEY: one value of a build.json.
build_field() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# newest FILE...: the most recently written of the files that exist.
newest() {
    local file found=''
    for file in "$@"; do
        [[ -f "$file" ]] || continue
        [[ -z "$found" || "$file" -nt "$found" ]] && found="$file"
    done
    [[ -n "$found" ]] || return 1
    printf '%s\n' "$found"
}

# build_one SLUG PROFILE [TAURI_ARGS...]: kit to .deb and .rpm; appends a result line
# (slug, seconds, deb, rpm, binary) to $BRAND_RESULTS.
build_one() {
    local slug="$1" profile="$2"
    shift 2
    local out="$BRAND_OUT/$slug" started=$EPOCHSECONDS
    step "$slug: check the kit, write overlay, icons and app settings"
    "$BRAND_TOOL" prepare "$BRANDS_DIR/$slug" "$out" --base-config "$WISP_ROOT/tauri.conf.json"
    local product package
    product="$(build_field "$out/build.json" productName)"
    package="$(build_field "$out/build.json" packageName)"

    step "$slug: tauri build ($profile; bundles deb, rpm)"
    rm -f "$out/package.deb" "$out/package.rpm" "$out/app"
    # From src-tauri/: the CLI wants the configuration beside the app crate (tauri.conf.json
    # there links to the root one).
    (cd "$WISP_ROOT/src-tauri" && WISP_BRAND_JSON="$out/app-settings.json" \
        "$TAURI_CLI_BIN" build --ci --config "$out/overlay.json" --bundles deb,rpm "$@")

    step "$slug: collect the bundles"
    local bundle_dir="$CARGO_TARGET_DIR/$profile/bundle" deb rpm
    deb="$(newest "$bundle_dir/deb/${product}_"*.deb)" || die "tauri build left no .deb for $product in $bundle_dir/deb"
    rpm="$(newest "$bundle_dir/rpm/${product}-"*.rpm)" || die "tauri build left no .rpm for $product in $bundle_dir/rpm"
    cp "$deb" "$out/package.deb"
    cp "$rpm" "$out/package.rpm"
    cp "$CARGO_TARGET_DIR/$profile/$package" "$out/app"
    step_done ok
    printf '%s\t%s\t%s\t%s\t%s\n' "$slug" $((EPOCHSECONDS - started)) "$out/package.deb" "$out/package.rpm" \
        "$out/app" >>"$BRAND_RESULTS"
}

# Sizes in MiB with one decimal.
mib() {
    awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MiB", b / 1048576 }'
}

print_results() {
    [[ -s "$BRAND_RESULTS" ]] || return 0
    local slug secs deb rpm app
    printf '\n%sBranded builds (%s)%s\n' "$_C_BOLD" "$BRAND_PROFILE" "$_C_OFF"
    printf '| brand | kit → .deb | .deb | .rpm | binary |\n|---|---|---|---|---|\n'
    while IFS=$'\t' read -r slug secs deb rpm app; do
        printf '| %s | %s | %s | %s | %s |\n' "$slug" "$(_fmt_secs "$secs")" "$(mib "$deb")" "$(mib "$rpm")" "$(mib "$app")"
    done <"$BRAND_RESULTS"
    printf '\nBundles and binaries:\n'
    while IFS=$'\t' read -r slug secs deb rpm app; do
        printf '  %s\n  %s\n  %s\n' "$deb" "$rpm" "$app"
    done <"$BRAND_RESULTS"
}

# build_brands PROFILE SLUG...: kit to bundles for each brand (PROFILE release or debug), with
# the results printed at the end. The UI must be built already (build_ui).
build_brands() {
    local profile="$1" slug tauri_args=()
    shift
    [[ "$profile" == debug ]] && tauri_args=(--debug)
    kit_dirs "$@" >/dev/null
    BRAND_PROFILE="$profile"
    BRAND_RESULTS="$(mktemp "${TMPDIR:-/tmp}/wisp-brands.XXXXXX")"
    _WISP_TEMP_DIRS+=("$BRAND_RESULTS")
    build_brand_tool
    for slug in "$@"; do
        build_one "$slug" "$profile" "${tauri_args[@]}"
    done
    print_results
}

# Only when executed: scripts/test.sh sources this file for its functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    command="${1:-}"
    (($#)) && shift
    case "$command" in
        build)
            profile=release
            ui=1
            slugs=()
            for arg in "$@"; do
                case "$arg" in
                    --debug) profile=debug ;;
                    --ui-built) ui=0 ;;
                    -*) die "unknown option '$arg' (see scripts/brand.sh --help)" ;;
                    *) slugs+=("$arg") ;;
                esac
            done
            ((${#slugs[@]})) || die "name the brands to build, e.g. scripts/brand.sh build ridgeline prairie-sky"
            kit_dirs "${slugs[@]}" >/dev/null
            wisp_setup
            ((ui == 0)) || build_ui
            build_brands "$profile" "${slugs[@]}"
            ;;
        validate)
            build_brand_tool
            mapfile -t kits < <(kit_dirs "$@")
            "$BRAND_TOOL" validate "${kits[@]}"
            ;;
        -h | --help | '') usage ;;
        *) die "unknown command '$command' (see scripts/brand.sh --help)" ;;
    esac
fi
