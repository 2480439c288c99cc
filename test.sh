#!/usr/bin/env bash
# The one test command (README "Quick start", and what .ci/run calls).
# Provisions everything the tests need on a machine of this kind — a throwaway PostgreSQL
# cluster from the local binaries, Chromium, a real SMTP catcher (maildev) — runs every test
# project, then tears the servers down. A missing prerequisite fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"
WORK="$(mktemp -d /tmp/sia-test.XXXXXX)"
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
log() { printf '[test.sh] %s\n' "$*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

apt_install() {
  log "installing Debian packages: $*"
  if [ "$(id -u)" -ne 0 ]; then log "need root to apt-get install $*"; exit 1; fi
  if [ -z "${SIA_APT_UPDATED:-}" ]; then apt-get update -qq; export SIA_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- prerequisites -------------------------------------------------------------------------
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  apt_install postgresql
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
command -v chromium >/dev/null || apt_install chromium
command -v node >/dev/null || apt_install nodejs npm
# The production rehearsal (deploy/rehearse.sh): Debian's nginx, envsubst, openssl.
command -v nginx >/dev/null || apt_install nginx
command -v envsubst >/dev/null || apt_install gettext-base
command -v openssl >/dev/null || apt_install openssl
if [ ! -x "$ROOT/tests/tools/node_modules/.bin/maildev" ]; then
  log "installing the maildev SMTP catcher (npm ci)"
  (cd "$ROOT/tests/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- servers -------------------------------------------------------------------------------
PG_DATA="$WORK/pgdata"; PG_SOCK="$WORK/pgsock"; PG_PORT="$(free_port)"
SMTP_PORT="$(free_port)"; MAILDEV_WEB_PORT="$(free_port)"
PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  [ -d "$PG_DATA" ] && run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chmod 755 "$WORK"; install -d -o postgres -g postgres "$PG_DATA" "$PG_SOCK"
else
  mkdir -p "$PG_DATA" "$PG_SOCK"
fi
log "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
echo "postgres" > "$WORK/pwfile"; chmod 644 "$WORK/pwfile"
run_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$WORK/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_SOCK/postgres.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
export SIA_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Include Error Detail=true"

log "starting maildev: SMTP 127.0.0.1:$SMTP_PORT, web API 127.0.0.1:$MAILDEV_WEB_PORT"
"$ROOT/tests/tools/node_modules/.bin/maildev" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" --silent > "$WORK/maildev.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$MAILDEV_WEB_PORT/email" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$MAILDEV_WEB_PORT/email" >/dev/null || { log "maildev did not start"; cat "$WORK/maildev.log"; exit 1; }
export SIA_TEST_SMTP_HOST=127.0.0.1 SIA_TEST_SMTP_PORT="$SMTP_PORT" SIA_TEST_MAILDEV_URL="http://127.0.0.1:$MAILDEV_WEB_PORT"
export SIA_TEST_CHROMIUM="$(command -v chromium)"
# Every test host would otherwise watch its appsettings files, and hundreds of hosts in one run exhaust the
# machine's inotify instances (128 per user here); tests never edit configuration files while running.
export DOTNET_hostBuilder__reloadConfigOnChange=false
# Same reason for wwwroot (asp-append-version watches it): polling instead of inotify (tests/Shared/FileWatching.cs sets
# both for any runner).
export DOTNET_USE_POLLING_FILE_WATCHER=1

# --- build and test ------------------------------------------------------------------------
log "building (warnings are errors)"
dotnet build SalesInsightActions.sln -c Release -warnaserror -nologo -v quiet -clp:ErrorsOnly

status=0
for project in tests/SalesInsightActions.Tests tests/SalesInsightActions.BrowserTests; do
  name="$(basename "$project")"
  log "running $name"
  # The rehearsal's browser test needs the production topology; it runs below, inside deploy/rehearse.sh.
  dotnet test "$project" -c Release --no-build --nologo --filter "Category!=Rehearsal" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$RESULTS" "$@" || status=1
done

log "production rehearsal: nginx in front of two app instances in Production mode (deploy/rehearse.sh)"
SIA_CONFIGURATION=Release deploy/rehearse.sh \
  dotnet test tests/SalesInsightActions.BrowserTests -c Release --no-build --nologo --filter "Category=Rehearsal" \
    --logger "trx;LogFileName=Rehearsal.trx" --logger "console;verbosity=minimal" \
    --results-directory "$RESULTS" || status=1

# One plain closing line over every project: "tests: N passed, N failed, N skipped".
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
if [ "$status" -ne 0 ]; then log "FAILED"; else log "all tests passed"; fi
exit "$status"
