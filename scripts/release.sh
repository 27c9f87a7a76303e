#!/usr/bin/env bash
# Sign the desktop app's bundles with a tenant's updater key and register them with the server,
# which then offers them to that tenant's installed apps (tauri-plugin-updater).
#
# Usage: scripts/release.sh keygen TENANT
#        scripts/release.sh publish --tenant TENANT --bundle FILE --channel stable|beta
#                [--notes TEXT | --notes-file FILE] [--rollout PERCENT] [--url DOWNLOAD_URL]
#                [--version SEMVER] [--target linux|windows|darwin] [--arch ARCH] [--bundle-type TYPE]
#
# keygen   makes TENANT's updater key pair with `tauri signer generate` in
#          $WISP_KEYS_DIR/TENANT/: updater.key (the private key, encrypted with
#          TAURI_SIGNING_PRIVATE_KEY_PASSWORD, mode 600) and updater.key.pub (the public key that
#          the tenant's brand overlay puts in plugins.updater.pubkey). It never overwrites a key,
#          and refuses a directory inside this repository that git would not ignore.
# publish  signs FILE with `tauri signer sign --app-version` and registers it with
#          POST $WISP_SERVER/api/tenant/TENANT/app/releases, as an owner or admin of TENANT.
#          The bundle is uploaded to the server, which serves it to the apps; with --url it stays
#          where you host it and only its address is registered. --rollout (default 100) is the
#          share of installations offered it; raise it later with
#          PATCH /api/tenant/TENANT/app/releases/ID. Version, target, arch and bundle type are
#          read from the bundle (a .deb's control fields; the file name otherwise) unless given.
#
# Environment:
#   WISP_SERVER                         the server's base URL (default http://127.0.0.1:8080)
#   WISP_STAFF_TOKEN                    (publish) a Firebase ID token of an owner or admin of TENANT
#   TAURI_SIGNING_PRIVATE_KEY_PASSWORD  the key's password (keygen and publish)
#   TAURI_SIGNING_PRIVATE_KEY           (publish) the private key itself, or
#   TAURI_SIGNING_PRIVATE_KEY_PATH      (publish) a file holding it; default: TENANT's key from keygen
#   WISP_KEYS_DIR                       where keygen keeps keys (default ~/.config/wisp-portal/keys)
set -euo pipefail
# shellcheck source=scripts/signing.sh
source "$(dirname "${BASH_SOURCE[0]}")/signing.sh"

SERVER="${WISP_SERVER:-http://127.0.0.1:8080}"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

keygen() {
    (($# == 1)) || die "usage: scripts/release.sh keygen TENANT"
    make_tenant_key "$1"
    local dir
    dir="$(cd "$(tenant_key_dir "$1")" && pwd)"
    info "Updater key of $1: $dir/updater.key (private; keep it and its password safe and backed up:"
    info "installed apps accept only updates signed with it)"
    info "Public key (plugins.updater.pubkey in the brand's overlay): $dir/updater.key.pub"
}

# deb_arch ARCH: a Debian architecture as the updater names it.
deb_arch() {
    case "$1" in
        amd64) echo x86_64 ;;
        arm64) echo aarch64 ;;
        armhf) echo armv7 ;;
        i386) echo i686 ;;
        riscv64) echo riscv64 ;;
        *) die "the .deb is for architecture '$1', which the updater does not know" ;;
    esac
}

publish() {
    local tenant='' bundle='' channel='' notes='' notes_file='' rollout=100 url=''
    local version='' target='' arch='' bundle_type=''
    while (($#)); do
        (($# >= 2)) || die "$1 needs a value (see scripts/release.sh --help)"
        case "$1" in
            --tenant) tenant="$2" ;;
            --bundle) bundle="$2" ;;
            --channel) channel="$2" ;;
            --notes) notes="$2" ;;
            --notes-file) notes_file="$2" ;;
            --rollout) rollout="$2" ;;
            --url) url="$2" ;;
            --version) version="$2" ;;
            --target) target="$2" ;;
            --arch) arch="$2" ;;
            --bundle-type) bundle_type="$2" ;;
            *) die "unknown option '$1' (see scripts/release.sh --help)" ;;
        esac
        shift 2
    done
    [[ -n "$tenant" ]] || die "--tenant is required"
    [[ -n "$channel" ]] || die "--channel is required: stable or beta"
    [[ -f "$bundle" ]] || die "--bundle must name the built bundle (e.g. from scripts/app.sh bundle); '$bundle' is not a file"
    [[ -z "$notes" || -z "$notes_file" ]] || die "give --notes or --notes-file, not both"
    [[ -z "$notes_file" || -f "$notes_file" ]] || die "--notes-file '$notes_file' is not a file"
    [[ -n "${WISP_STAFF_TOKEN:-}" ]] || die "set WISP_STAFF_TOKEN to a Firebase ID token of an owner or admin of $tenant"

    # What the bundle says about itself; the options win.
    case "$bundle" in
        *.deb)
            bundle_type="${bundle_type:-deb}" target="${target:-linux}"
            version="${version:-$(dpkg-deb -f "$bundle" Version)}"
            arch="${arch:-$(deb_arch "$(dpkg-deb -f "$bundle" Architecture)")}"
            ;;
        *.rpm) bundle_type="${bundle_type:-rpm}" target="${target:-linux}" ;;
        *.AppImage | *.AppImage.tar.gz) bundle_type="${bundle_type:-appimage}" target="${target:-linux}" ;;
        *.msi | *.msi.zip) bundle_type="${bundle_type:-msi}" target="${target:-windows}" ;;
        *-setup.exe | *.nsis.zip) bundle_type="${bundle_type:-nsis}" target="${target:-windows}" ;;
        *.app.tar.gz) bundle_type="${bundle_type:-app}" target="${target:-darwin}" ;;
    esac
    [[ -n "$version" ]] || die "--version is required for $bundle"
    [[ -n "$target" && -n "$bundle_type" ]] || die "--target and --bundle-type are required for $bundle"
    [[ -n "$arch" ]] || die "--arch is required for $bundle (x86_64, aarch64, armv7, i686 or riscv64)"

    require_password
    if [[ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]]; then
        export TAURI_SIGNING_PRIVATE_KEY_PATH="${TAURI_SIGNING_PRIVATE_KEY_PATH:-$(tenant_key_dir "$tenant")/updater.key}"
        [[ -f "$TAURI_SIGNING_PRIVATE_KEY_PATH" ]] ||
            die "no updater key at $TAURI_SIGNING_PRIVATE_KEY_PATH: make one with 'scripts/release.sh keygen $tenant', or set TAURI_SIGNING_PRIVATE_KEY_PATH"
    fi
    info "Signing $bundle ($tenant $version, $target $arch $bundle_type)"
    sign_bundle "$bundle" "$version"
    local signature="$bundle.sig"

    local form=(--form-string "appVersion=$version" --form-string "channel=$channel" --form-string "target=$target"
        --form-string "arch=$arch" --form-string "bundleType=$bundle_type" --form-string "rolloutPercent=$rollout"
        -F "signature=<$signature")
    if [[ -n "$notes_file" ]]; then form+=(-F "notes=<$notes_file"); else form+=(--form-string "notes=$notes"); fi
    if [[ -n "$url" ]]; then form+=(--form-string "url=$url"); else form+=(-F "file=@$bundle"); fi

    info "Registering it with $SERVER"
    local answer
    # The token goes through stdin, not the command line (where other users could read it).
    if ! answer="$(printf 'Authorization: Bearer %s\n' "$WISP_STAFF_TOKEN" |
        curl -sS --fail-with-body -H @- -H "X-Tenant-Id: $tenant" "${form[@]}" \
            "$SERVER/api/tenant/$tenant/app/releases")"; then
        die "the server refused the release: $answer"
    fi
    python3 -c '
import json, sys
print("Release {id}: {appVersion} on {channel} for {target} {arch} {bundleType}, offered to {rolloutPercent}% of installations\nDownload: {url}".format(**json.load(sys.stdin)))' <<<"$answer"
}

command="${1:-}"
(($#)) && shift
case "$command" in
    keygen) keygen "$@" ;;
    publish) publish "$@" ;;
    -h | --help | '') usage ;;
    *) die "unknown command '$command' (see scripts/release.sh --help)" ;;
esac
