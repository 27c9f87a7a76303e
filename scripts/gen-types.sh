#!/usr/bin/env bash
# The UI's TypeScript types are generated from the Rust types by ts-rs, never written by hand.
#
# Usage: scripts/gen-types.sh           regenerate ui/src/lib/generated/
#        scripts/gen-types.sh --check   fail when the committed files differ from the Rust types
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GENERATED_DIR="$WISP_ROOT/ui/src/lib/generated"
# Crates whose types cross into the UI, with the cargo feature that derives `ts_rs::TS`.
TS_CRATES=("portal-api:ts")

# export_types DIR: every `#[ts(export)]` type of TS_CRATES, written under DIR.
export_types() {
    local out="$1" spec
    for spec in "${TS_CRATES[@]}"; do
        # ts-rs writes the files from the tests it generates, named export_bindings_*.
        TS_RS_EXPORT_DIR="$out" cargo test --locked --quiet -p "${spec%%:*}" --features "${spec#*:}" \
            --lib export_bindings >/dev/null
    done
}

cd "$WISP_ROOT"
case "${1:-}" in
    --check)
        scratch="$(mktemp -d "${TMPDIR:-/tmp}/wisp-types.XXXXXX")"
        _WISP_TEMP_DIRS+=("$scratch")
        export_types "$scratch"
        if ! diff -r "$scratch" "$GENERATED_DIR"; then
            die "ui/src/lib/generated/ is stale: run scripts/gen-types.sh and commit the result."
        fi
        info "Generated TypeScript types are current."
        ;;
    "")
        rm -rf "$GENERATED_DIR"
        export_types "$GENERATED_DIR"
        info "Wrote $(find "$GENERATED_DIR" -name '*.ts' | wc -l) files under ui/src/lib/generated/."
        ;;
    *) die "unknown option '$1' (use --check or nothing)" ;;
esac
