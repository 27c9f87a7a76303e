#!/usr/bin/env bash
# Updater keys and signatures, shared by scripts/release.sh (keygen, publish) and
# scripts/brand.sh (build --sign). Sourced, never run.
#
# Environment:
#   WISP_KEYS_DIR                       where tenants' keys live (default ~/.config/wisp-portal/keys)
#   TAURI_SIGNING_PRIVATE_KEY_PASSWORD  the password protecting a tenant's private key
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYS_DIR="${WISP_KEYS_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/wisp-portal/keys}"

# tenant_key_dir TENANT: where TENANT's key pair lives.
tenant_key_dir() {
    [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_-]*$ ]] || die "'$1' is not a tenant id"
    printf '%s/%s\n' "$KEYS_DIR" "$1"
}

require_password() {
    [[ -n "${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}" ]] ||
        die "set TAURI_SIGNING_PRIVATE_KEY_PASSWORD to the password that protects the updater key (keep it in your secret store)"
}

# make_tenant_key TENANT: a new key pair for TENANT in its key folder. Never replaces a key.
make_tenant_key() {
    local dir
    dir="$(tenant_key_dir "$1")"
    require_password
    [[ ! -e "$dir/updater.key" ]] || die "$dir/updater.key exists; a tenant's key is never replaced here (installed apps trust it)"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # A private key must never be committed: inside the repository only where git ignores it.
    if [[ "$dir/" == "$WISP_ROOT/"* ]] && ! git -C "$WISP_ROOT" check-ignore -q "$dir/updater.key"; then
        die "$dir is inside the repository and not ignored by git: keep keys outside it (WISP_KEYS_DIR)"
    fi
    chmod 700 "$dir"
    ensure_tauri_cli >/dev/null
    # The CLI prints the new private key: keep it off the terminal and out of logs. (Its generate
    # command takes the password only as an argument.)
    (umask 077 && "$TAURI_CLI_BIN" signer generate --ci -p "$TAURI_SIGNING_PRIVATE_KEY_PASSWORD" \
        -w "$dir/updater.key" >/dev/null)
}

# sign_bundle FILE VERSION: FILE.sig, a signature with TAURI_SIGNING_PRIVATE_KEY(_PATH) that names
# VERSION (the app refuses a signature for another version than the one offered).
sign_bundle() {
    require_password
    ensure_tauri_cli >/dev/null
    # The key and its password reach the CLI through the environment, never its arguments.
    "$TAURI_CLI_BIN" signer sign --app-version "$2" "$1" >/dev/null
    [[ -s "$1.sig" ]] || die "the Tauri CLI did not write $1.sig"
}
