#!/usr/bin/env bash
# Branded builds: a WISP's brand kit (brands/<slug>/) into its own desktop app.
#
# Usage: scripts/brand.sh build [--debug] [--ui-built] [--sign CHANNEL] [--version SEMVER] SLUG...
#                                                    each brand's .deb and .rpm
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
#   --sign CHANNEL  a build that updates itself on CHANNEL (stable or beta), signed with its
#                tenant's updater key: the public key goes into the app, and package.deb.sig and
#                package.rpm.sig (naming the version) are written beside the bundles, ready for
#                scripts/release.sh publish. A tenant without a key gets one first
#                (scripts/release.sh keygen: the demo key is made at demo time, never committed).
#                Needs TAURI_SIGNING_PRIVATE_KEY_PASSWORD.
#   --version V  build version V instead of the workspace's (a release); output goes to
#                $CARGO_TARGET_DIR/brands/<slug>@V/
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
#   WISP_KEYS_DIR      (--sign) where tenants' updater keys live (default ~/.config/wisp-portal/keys)
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/app.sh"
# shellcheck source=scripts/signing.sh
source "$(dirname "${BASH_SOURCE[0]}")/signing.sh"

BRANDS_DIR="$WISP_ROOT/brands"
BRAND_OUT="$CARGO_TARGET_DIR/brands"
BRAND_TOOL="$CARGO_TARGET_DIR/debug/wisp-brand"
# Set by the options of build (scripts/test.sh sets them before build_brands).
BRAND_CHANNEL="${BRAND_CHANNEL:-}"
BRAND_VERSION="${BRAND_VERSION:-}"

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

# build_one SLUG PROFILE [TAURI_ARGS...]: kit to .deb and .rpm (signed with --sign); appends a
# result line (slug, seconds, deb, rpm, binary) to $BRAND_RESULTS.
build_one() {
    local slug="$1" profile="$2"
    shift 2
    local out="$BRAND_OUT/$slug${BRAND_VERSION:+@$BRAND_VERSION}" started=$EPOCHSECONDS prepare_args=() key_dir=''
    if [[ -n "$BRAND_CHANNEL" ]]; then
        local tenant
        tenant="$(build_field "$BRANDS_DIR/$slug/brand.json" tenantId)"
        key_dir="$(tenant_key_dir "$tenant")"
        if [[ ! -f "$key_dir/updater.key" ]]; then
            step "$slug: make $tenant's updater key"
            make_tenant_key "$tenant"
        fi
        prepare_args=(--update-key "$key_dir/updater.key.pub" --update-channel "$BRAND_CHANNEL")
    fi
    step "$slug: check the kit, write overlay, icons and app settings"
    "$BRAND_TOOL" prepare "$BRANDS_DIR/$slug" "$out" --base-config "$WISP_ROOT/tauri.conf.json" "${prepare_args[@]}"
    local product package
    product="$(build_field "$out/build.json" productName)"
    package="$(build_field "$out/build.json" packageName)"

    step "$slug: tauri build ($profile; bundles deb, rpm)"
    rm -f "$out/package.deb" "$out/package.rpm" "$out/package.deb.sig" "$out/package.rpm.sig" "$out/app"
    local version_config=()
    [[ -z "$BRAND_VERSION" ]] || version_config=(--config "{\"version\": \"$BRAND_VERSION\"}")
    # From src-tauri/: the CLI wants the configuration beside the app crate (tauri.conf.json
    # there links to the root one). With an updater key in the overlay the bundler wants the
    # private key too (for its own updater artefacts); the release signatures are made below.
    (
        cd "$WISP_ROOT/src-tauri"
        # Through the environment of this subshell only, never a command line.
        [[ -z "$key_dir" ]] || export TAURI_SIGNING_PRIVATE_KEY="$(cat "$key_dir/updater.key")"
        WISP_BRAND_JSON="$out/app-settings.json" \
            "$TAURI_CLI_BIN" build --ci --config "$out/overlay.json" "${version_config[@]}" --bundles deb,rpm "$@"
    )

    step "$slug: collect the bundles"
    local bundle_dir="$CARGO_TARGET_DIR/$profile/bundle" deb rpm
    deb="$(newest "$bundle_dir/deb/${product}_"*.deb)" || die "tauri build left no .deb for $product in $bundle_dir/deb"
    rpm="$(newest "$bundle_dir/rpm/${product}-"*.rpm)" || die "tauri build left no .rpm for $product in $bundle_dir/rpm"
    cp "$deb" "$out/package.deb"
    cp "$rpm" "$out/package.rpm"
    cp "$CARGO_TARGET_DIR/$profile/$package" "$out/app"
    if [[ -n "$key_dir" ]]; then
        step "$slug: sign the bundles with its tenant's updater key"
        local version
        version="$(dpkg-deb -f "$out/package.deb" Version)"
        TAURI_SIGNING_PRIVATE_KEY_PATH="$key_dir/updater.key" sign_bundle "$out/package.deb" "$version"
        TAURI_SIGNING_PRIVATE_KEY_PATH="$key_dir/updater.key" sign_bundle "$out/package.rpm" "$version"
    fi
    step_done ok
    printf '%s\t%s\t%s\t%s\t%s\n' "$slug${BRAND_VERSION:+@$BRAND_VERSION}" $((EPOCHSECONDS - started)) \
        "$out/package.deb" "$out/package.rpm" "$out/app" >>"$BRAND_RESULTS"
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
            while (($#)); do
                case "$1" in
                    --debug) profile=debug ;;
                    --ui-built) ui=0 ;;
                    --sign | --version)
                        (($# >= 2)) || die "$1 needs a value (see scripts/brand.sh --help)"
                        if [[ "$1" == --sign ]]; then BRAND_CHANNEL="$2"; else BRAND_VERSION="$2"; fi
                        shift
                        ;;
                    -*) die "unknown option '$1' (see scripts/brand.sh --help)" ;;
                    *) slugs+=("$1") ;;
                esac
                shift
            done
            [[ -z "$BRAND_CHANNEL" || "$BRAND_CHANNEL" == stable || "$BRAND_CHANNEL" == beta ]] ||
                die "--sign takes the channel the build follows: stable or beta, not '$BRAND_CHANNEL'"
            [[ -z "$BRAND_CHANNEL" ]] || require_password
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
