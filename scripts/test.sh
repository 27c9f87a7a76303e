#!/usr/bin/env bash
# Build, lint and test the workspace against SQLite and PostgreSQL, with a
# Firebase Auth emulator running for the whole test run.
#
# Usage: scripts/test.sh [--engine sqlite|postgres|all] [--no-lint] [--no-schema] [--no-e2e] [--no-brands]
#                       [-- CARGO_TEST_ARGS...]
#
#   --engine ENGINE   database engine(s) to run the tests on (default: all)
#   --no-lint         skip `cargo fmt --check` and `cargo clippy` (quicker local runs)
#   --no-schema       skip the schema-driven run (schemathesis against the demo server)
#   --no-e2e          skip the end-to-end tests of the desktop app and the studio (tests/e2e)
#   --no-brands       skip the branded builds (both demo brands' .deb and .rpm, compared)
#   -- ARGS...        appended to `cargo test --workspace`, e.g. a test name filter:
#                     scripts/test.sh --engine sqlite -- tickets
#                     scripts/test.sh -- tickets -- --nocapture
#
# Environment:
#   WISP_TEST_POSTGRES_URL  PostgreSQL server for the postgres run
#                           (default postgres://postgres@127.0.0.1:5432/postgres)
#   CARGO_TARGET_DIR        build cache (default ~/.cache/wisp-portal/target)
#   WISP_EMULATOR_PORT      preferred Auth emulator port (default: any free port)
#   WISP_SCHEMA_SECONDS     time budget of each schema-driven run (default 30; four runs
#                           with --engine all: sqlite and postgres, customer and owner)
#
# The tests see WISP_TEST_DATABASE=sqlite|postgres, WISP_TEST_POSTGRES_URL,
# FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:PORT and FIREBASE_PROJECT_ID=demo-wisp-test,
# and run in a D-Bus session of their own with an unlocked gnome-keyring (the
# Secret Service the app core keeps its refresh token in; see with_keychain).
set -euo pipefail
# shellcheck source=scripts/app.sh
source "$(dirname "${BASH_SOURCE[0]}")/app.sh"

EMULATOR_PROJECT="demo-wisp-test"
SERVER_BIN="$CARGO_TARGET_DIR/debug/wisp-server"
SCHEMA_SECONDS="${WISP_SCHEMA_SECONDS:-30}"
E2E_EMULATOR_PROJECT="demo-wisp-e2e"
export WISP_TEST_POSTGRES_URL="${WISP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

# emulator_token EMAIL: an ID token for a demo user, signed in through the emulator's REST API.
emulator_token() {
    curl -sS --fail "http://$FIREBASE_AUTH_EMULATOR_HOST/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key" \
        -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"demo-password-1\",\"returnSecureToken\":true}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["idToken"])'
}

# schema_run ENGINE: the schema-driven run. The demo data on a fresh ENGINE database, served by
# the real server; schemathesis generates requests for every route of its OpenAPI document, as a
# demo customer and as a demo owner, each for SCHEMA_SECONDS. Any 5xx, and any answer whose status,
# content type, headers or body the document does not allow, fails the stage. Prints one summary
# line per role. Run it in a subshell: its exit trap stops the server and removes its files.
schema_run() {
    local engine="$1" port url status=0 role email token routes
    work="$(mktemp -d "${TMPDIR:-/tmp}/wisp-schema.XXXXXX")" db='' pid=''
    trap '[[ -z "$pid" ]] || kill "$pid" 2>/dev/null || true
          [[ -z "$db" ]] || psql -X -q "$WISP_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
          rm -rf "$work"' EXIT
    case "$engine" in
        sqlite) url="sqlite://$work/wisp.db?mode=rwc" ;;
        postgres)
            db="wisp_test_schema_$$"
            psql -X -q "$WISP_TEST_POSTGRES_URL" -c "CREATE DATABASE $db" >/dev/null
            url="${WISP_TEST_POSTGRES_URL%/*}/$db"
            ;;
    esac
    port="$(free_port)"
    # The demo's settings (emulator opt-in, a generated link key), on this engine's database.
    use_demo_environment "$work/data"
    export DATABASE_URL="$url" WISP_BIND="127.0.0.1:$port" RUST_LOG="warn"
    "$SERVER_BIN" seed-demo >"$work/seed.log" 2>&1 || { cat "$work/seed.log"; return 1; }
    "$SERVER_BIN" serve >"$work/server.log" 2>&1 &
    pid=$!
    local tries=0
    until curl -s -o /dev/null "http://$WISP_BIND/api/health"; do
        ((++tries < 100)) || { cat "$work/server.log"; return 1; }
        kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
        sleep 0.1
    done
    for role in customer owner; do
        # Each role spends its time on the routes it may use (the public ones too); what everyone
        # else gets from a route is the authorization matrix's part.
        case "$role" in
            customer) email="alex.customer@example.com" routes=(--include-path-regex '^/api/(portal/|work-orders/customer/|health$|tenant/[^/]+/branding$)') ;;
            owner) email="owner@ridgeline.example" routes=(--exclude-path-regex '^/api/(portal/|work-orders/customer/)') ;;
        esac
        token="$(emulator_token "$email")" || { status=1; continue; }
        info "schemathesis as the demo $role ($email) for ${SCHEMA_SECONDS}s"
        # The token only ever goes to the local demo server; schemathesis masks it in its output.
        # It runs in the scratch folder, where it keeps its cache.
        if (cd "$work" && "$SCHEMATHESIS_BIN" --config-file "$WISP_ROOT/tools/schemathesis/schemathesis.toml" run \
            "http://$WISP_BIND/api/openapi.json" \
            -H "Authorization: Bearer $token" -H "X-Tenant-Id: ridgeline" "${routes[@]}" \
            --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth,unsupported_method \
            --max-time "$SCHEMA_SECONDS" --workers 1 --seed 1 --no-color \
            --report junit --report-junit-path "$work/$role.xml" >"$work/$role.log" 2>&1); then
            info "schema ($engine, $role): $(schema_summary "$work/$role.xml") — passed"
        else
            cat "$work/$role.log"
            info "schema ($engine, $role): $(schema_summary "$work/$role.xml") — FAILED"
            status=1
        fi
    done
    kill "$pid" && wait "$pid" 2>/dev/null || true
    pid=''
    if grep -q 'panicked' "$work/server.log"; then
        cat "$work/server.log"
        status=1
    fi
    return "$status"
}

# schema_summary JUNIT_XML: "N operations, N failed", from schemathesis' JUnit report.
schema_summary() {
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("no report")
    sys.exit()
cases = root.iter("testcase")
total = failed = 0
for case in cases:
    total += 1
    if case.find("failure") is not None or case.find("error") is not None:
        failed += 1
print(f"{total} operations, {failed} failed")
PY
}

# Runs inside the emulator (the script re-runs itself there with
# --in-emulator, so one emulator serves every engine). A failing engine does
# not stop the next one: the summary then shows each engine's result.
run_engines_in_emulator() {
    local engines=() args=()
    while (($#)); do
        case "$1" in
            --) shift; args=("$@"); break ;;
            *) engines+=("$1"); shift ;;
        esac
    done
    record_stage "start Firebase Auth emulator" $((EPOCHSECONDS - WISP_EMULATOR_STARTED_AT)) ok
    info "Auth emulator: $FIREBASE_AUTH_EMULATOR_HOST (project $FIREBASE_PROJECT_ID)"

    # cargo's output is also kept per engine, for the test counts at the end;
    # keep its colours although stdout is now a pipe.
    [[ -t 1 ]] && export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"
    local engine
    for engine in "${engines[@]}"; do
        step "cargo test ($engine)"
        # The app core's tests use the real Secret Service keychain.
        if WISP_TEST_DATABASE="$engine" with_keychain cargo test --locked --workspace "${args[@]}" |
            tee "$WISP_TEST_OUTPUT_DIR/$engine.log"; then
            step_done ok
        else
            step_done FAILED
        fi
        if ((WISP_SCHEMA_RUN)); then
            step "schema ($engine)"
            if (schema_run "$engine") | tee "$WISP_TEST_OUTPUT_DIR/schema-$engine.log"; then
                step_done ok
            else
                step_done FAILED
            fi
        fi
    done
    ((_STAGE_FAILED == 0))
}

if [[ "${1:-}" == "--in-emulator" ]]; then
    shift
    run_engines_in_emulator "$@"
    exit
fi

# --- options --------------------------------------------------------------------

engine_opt="all"
lint=1
schema=1
e2e=1
brands=1
cargo_test_args=()
while (($#)); do
    case "$1" in
        --engine) [[ $# -ge 2 ]] || die "--engine needs a value: sqlite, postgres or all"
            engine_opt="$2"; shift 2 ;;
        --engine=*) engine_opt="${1#--engine=}"; shift ;;
        --no-lint) lint=0; shift ;;
        --no-schema) schema=0; shift ;;
        --no-e2e) e2e=0; shift ;;
        --no-brands) brands=0; shift ;;
        -h | --help) script_usage; exit 0 ;;
        --) shift; cargo_test_args=("$@"); break ;;
        *) die "unknown option '$1' (see scripts/test.sh --help)" ;;
    esac
done
case "$engine_opt" in
    sqlite) engines=(sqlite) ;;
    postgres) engines=(postgres) ;;
    all) engines=(sqlite postgres) ;;
    *) die "--engine must be sqlite, postgres or all, not '$engine_opt'" ;;
esac

# test_counts FILE...: "N passed, N failed, N skipped", summed over the
# `test result:` lines that cargo test printed and the closing counts of the
# end-to-end run's TAP report.
test_counts() {
    sed 's/\x1b\[[0-9;]*m//g' "$@" 2>/dev/null | awk '
        /^test result:/ {
            for (i = 1; i <= NF; i++) {
                if ($(i + 1) ~ /^passed;/) p += $i
                if ($(i + 1) ~ /^failed;/) f += $i
                if ($(i + 1) ~ /^ignored;/) s += $i
            }
        }
        /^# pass [0-9]+$/ { p += $3 }
        /^# (fail|cancelled) [0-9]+$/ { f += $3 }
        /^# (skipped|todo) [0-9]+$/ { s += $3 }
        END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
}

# Printed at the very end, after the stage timings, also when a stage failed.
# The last line is the plain count of all test results of all engines.
wisp_summary_extra() {
    local engine status log line=''
    for engine in "${engines[@]}"; do
        log="$WISP_TEST_OUTPUT_DIR/$engine.log"
        status="$(stage_status "cargo test ($engine)")"
        case "$status" in
            ok) status="passed ($(test_counts "$log"))" ;;
            FAILED) status="FAILED ($(test_counts "$log"))" ;;
            '') status="did not run" ;;
        esac
        line+="${line:+; }$engine $status"
    done
    printf '\n%sDatabase engines:%s %s\n' "$_C_BOLD" "$_C_OFF" "$line"
    if ((schema)); then
        printf '%sSchema-driven runs:%s\n' "$_C_BOLD" "$_C_OFF"
        grep -h '^schema (' "$WISP_TEST_OUTPUT_DIR"/schema-*.log 2>/dev/null | sed 's/^/  /' || printf '  did not run\n'
    fi
    if ((e2e)); then
        printf '%sEnd to end:%s %s\n' "$_C_BOLD" "$_C_OFF" "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e.tap")"
        printf '%sStudio end to end:%s %s\n' "$_C_BOLD" "$_C_OFF" "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e-studio.tap")"
    fi
    if ((brands)); then
        printf '%sBranded bundles:%s %s\n' "$_C_BOLD" "$_C_OFF" "$(test_counts "$WISP_TEST_OUTPUT_DIR/brands.log")"
        ((e2e == 0)) || printf '%sBranded apps end to end:%s %s\n' "$_C_BOLD" "$_C_OFF" "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e-brands.tap")"
    fi
    printf 'tests: %s\n' "$(test_counts "$WISP_TEST_OUTPUT_DIR"/*.log "$WISP_TEST_OUTPUT_DIR"/e2e*.tap)"
}

# Each PostgreSQL test creates its own database named wisp_test_<uuid>. Drop
# those of earlier runs; one still in use by a concurrent run refuses and stays.
drop_test_databases() {
    local name
    psql -X -q -At "$WISP_TEST_POSTGRES_URL" \
        -c "select datname from pg_database where datname like 'wisp\_test\_%'" |
        while read -r name; do
            psql -X -q "$WISP_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1 || true
        done
}

# --- stages -------------------------------------------------------------------

WISP_TEST_OUTPUT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/wisp-test-output.XXXXXX")"
export WISP_TEST_OUTPUT_DIR
_WISP_TEMP_DIRS+=("$WISP_TEST_OUTPUT_DIR")

wisp_setup
if ((schema)); then
    step "setup: schemathesis"
    ensure_schemathesis
    step_done ok
fi

cd "$WISP_ROOT"

if [[ " ${engines[*]} " == *" postgres "* ]]; then
    # Checked before the long build so a missing server fails within seconds.
    # psql also proves that the URL's user may log in, which pg_isready does not.
    step "check PostgreSQL"
    # The URL may carry a password: print it without.
    pg_shown="$(sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#' <<<"$WISP_TEST_POSTGRES_URL")"
    if ! PGCONNECT_TIMEOUT=5 psql -X -q -At "$WISP_TEST_POSTGRES_URL" -c 'select 1' >/dev/null; then
        die "PostgreSQL is not reachable at $pg_shown.
Start it (or set WISP_TEST_POSTGRES_URL to a server that is running), or run
'scripts/test.sh --engine sqlite' to run the SQLite suite only."
    fi
    info "PostgreSQL: reachable at $pg_shown"
    drop_test_databases
fi

# The app embeds the built UI, so every workspace build (clippy included) needs it.
build_ui

if ((lint)); then
    # Lint failures are recorded and reported at the end, but do not hide the
    # test results. A missing component is a setup problem, so stop at once.
    step "cargo fmt --check"
    ensure_rust_component rustfmt
    cargo fmt --all --check || step_done FAILED

    step "cargo clippy"
    ensure_rust_component clippy
    cargo clippy --locked --workspace --all-targets -- -D warnings || step_done FAILED
fi

step "generated TypeScript types are current"
"$WISP_ROOT/scripts/gen-types.sh" --check || step_done FAILED

# --locked: build exactly what Cargo.lock records; a stale lockfile fails here, not silently.
# --bins as well: the end-to-end tests run the server and app binaries built here.
step "cargo build --workspace --bins --tests"
cargo build --locked --workspace --bins --tests
step_done ok

export WISP_EMULATOR_STARTED_AT=$EPOCHSECONDS WISP_SCHEMA_RUN=$schema
with_firebase_emulator "$EMULATOR_PROJECT" \
    "$WISP_ROOT/scripts/test.sh" --in-emulator "${engines[@]}" -- "${cargo_test_args[@]}" || true

if [[ " ${engines[*]} " == *" postgres "* ]]; then
    drop_test_databases
fi

if ((e2e)); then
    # The app built once above, driven through its real window (tests/e2e/run.sh).
    step "end to end (desktop app, SQLite server)"
    if with_firebase_emulator "$E2E_EMULATOR_PROJECT" \
        "$E2E_DIR/run.sh" "$(app_binary)" "$CARGO_TARGET_DIR/debug/wisp-server" \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$WISP_TEST_OUTPUT_DIR/e2e.tap" &&
        # A run that found no spec passed nothing: that is a failure too.
        [[ "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e.tap")" != "0 passed"* ]]; then
        step_done ok
    else
        step_done FAILED
    fi

    # The staff studio built above, driven through its real window (tests/e2e/studio/). Its
    # folder picker answers with an empty folder of this run (a debug build's test seam).
    step "end to end (studio, SQLite server)"
    mkdir -p "$WISP_TEST_OUTPUT_DIR/studio-kit"
    if WISP_E2E_SPECS=studio/ WISP_E2E_ARTIFACTS="$WISP_ROOT/artifacts/e2e-studio" \
        WISP_STUDIO_PICK_FOLDER="$WISP_TEST_OUTPUT_DIR/studio-kit" \
        with_firebase_emulator "$E2E_EMULATOR_PROJECT" \
        "$E2E_DIR/run.sh" "$(studio_binary)" "$CARGO_TARGET_DIR/debug/wisp-server" \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$WISP_TEST_OUTPUT_DIR/e2e-studio.tap" &&
        [[ "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e-studio.tap")" != "0 passed"* ]]; then
        step_done ok
    else
        step_done FAILED
    fi
fi

if ((brands)); then
    # Both demo brands, kit to .deb and .rpm in the debug profile: it reuses the debug build
    # above, so only the app crate is compiled per brand (a release build would compile every
    # dependency again, optimised). Last, because the Tauri CLI renames the app binary it builds
    # to the brand's binary name, and the end-to-end stage runs the unbranded debug binary.
    # The bundles stay in $CARGO_TARGET_DIR/brands/<slug>/ (package.deb, package.rpm, app).
    # Both are signed with updater keys made for this run only, and Ridgeline is built once more
    # as release 0.2.0, which the update tests publish and install.
    signing_keys="$(mktemp -d "${TMPDIR:-/tmp}/wisp-keys.XXXXXX")"
    _WISP_TEMP_DIRS+=("$signing_keys")
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD="$(head -c 24 /dev/urandom | base64)"
    export WISP_KEYS_DIR="$signing_keys" TAURI_SIGNING_PRIVATE_KEY_PASSWORD
    if "$WISP_ROOT/scripts/brand.sh" build --debug --ui-built --sign stable ridgeline prairie-sky &&
        "$WISP_ROOT/scripts/brand.sh" build --debug --ui-built --sign stable --version 0.2.0 ridgeline; then
        step "branded bundles differ where it matters (dpkg-deb)"
        if WISP_BRAND_OUT="$CARGO_TARGET_DIR/brands" cargo test --locked -p brand-kit --test bundles -- --ignored |
            tee "$WISP_TEST_OUTPUT_DIR/brands.log"; then
            step_done ok
        else
            step_done FAILED
        fi
        if ((e2e)); then
            # Each brand's own app in its real window (tests/e2e/branded/), against a demo server.
            step "end to end (branded apps)"
            if WISP_E2E_SPECS=branded/ WISP_E2E_BRANDS_DIR="$CARGO_TARGET_DIR/brands" \
                WISP_E2E_ARTIFACTS="$WISP_ROOT/artifacts/e2e-brands" \
                with_firebase_emulator "$E2E_EMULATOR_PROJECT" \
                "$E2E_DIR/run.sh" "$CARGO_TARGET_DIR/brands/ridgeline/app" "$CARGO_TARGET_DIR/debug/wisp-server" \
                --test-reporter=spec --test-reporter-destination=stdout \
                --test-reporter=tap --test-reporter-destination="$WISP_TEST_OUTPUT_DIR/e2e-brands.tap" &&
                [[ "$(test_counts "$WISP_TEST_OUTPUT_DIR/e2e-brands.tap")" != "0 passed"* ]]; then
                step_done ok
            else
                step_done FAILED
            fi
        fi
    else
        record_stage "branded builds" 0 FAILED
    fi
fi

# Every stage, including those run inside the emulator, is in the stage log.
if grep -q $'\tFAILED$' "$WISP_STAGE_LOG"; then
    exit 1
fi
for engine in "${engines[@]}"; do
    # Guards against the emulator failing to start, which runs no engine at all.
    [[ "$(stage_status "cargo test ($engine)")" == ok ]] || die "the $engine tests did not run"
    ((schema == 0)) || [[ "$(stage_status "schema ($engine)")" == ok ]] || die "the $engine schema-driven run did not run"
done
info ""
info "All checks passed."
