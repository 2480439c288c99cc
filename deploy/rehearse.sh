#!/usr/bin/env bash
# Production rehearsal without Docker: the topology of docker-compose.yml as plain processes on this machine —
# PostgreSQL from the local binaries, the vendor simulators, maildev, TWO app instances in Production mode, and
# Debian's nginx in front with the SAME proxy template (deploy/proxy/default.conf.template) and the SAME app
# settings (deploy/app.env) the compose file uses. Only addresses differ (ports on 127.0.0.1 instead of service names).
#
# Usage: deploy/rehearse.sh [command ...]
#   Starts everything, waits until the proxy answers ready, then runs the command with SIA_REHEARSAL_* exported
#   (default: a smoke check that both instances serve requests through the proxy), and tears everything down.
#   CI runs it from test.sh with the rehearsal browser test as the command.
# Needs: the solution built (SIA_CONFIGURATION, default Release), PostgreSQL binaries, nginx (installed with apt if
# missing and root), and tests/tools' maildev.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CONFIGURATION="${SIA_CONFIGURATION:-Release}"
WORK="$(mktemp -d /tmp/sia-rehearsal.XXXXXX)"
log() { printf '[rehearse] %s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# --- prerequisites -------------------------------------------------------------------------
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}"
[ -x "$PG_BIN/initdb" ] || { log "PostgreSQL binaries not found (apt-get install postgresql)"; exit 1; }
if ! command -v nginx >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { log "nginx is missing (apt-get install nginx)"; exit 1; }
  log "installing nginx"
  [ -n "${SIA_APT_UPDATED:-}" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
MAILDEV="$ROOT/tests/tools/node_modules/.bin/maildev"
[ -x "$MAILDEV" ] || (cd "$ROOT/tests/tools" && npm ci --no-audit --no-fund --loglevel=error)
SIM_DLL="$ROOT/src/SalesInsightActions.Simulators.Host/bin/$CONFIGURATION/net10.0/SalesInsightActions.Simulators.Host.dll"
if [ ! -f "$ROOT/src/SalesInsightActions.Web/bin/$CONFIGURATION/net10.0/SalesInsightActions.Web.dll" ] || [ ! -f "$SIM_DLL" ]; then
  log "building ($CONFIGURATION)"
  dotnet build "$ROOT/SalesInsightActions.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
fi

PIDS=()
PG_DATA="$WORK/pgdata"; PG_SOCK="$WORK/pgsock"
cleanup() {
  set +e
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; done
  [ -d "$PG_DATA" ] && run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1
  if [ -n "${SIA_REHEARSAL_KEEP_LOGS:-}" ]; then
    mkdir -p "$SIA_REHEARSAL_KEEP_LOGS" && cp "$WORK"/*.log "$WORK"/nginx/*.log "$SIA_REHEARSAL_KEEP_LOGS"/ 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The app runs as the Dockerfile runs it: published output (a build folder serves no static files outside
# Development, since only Development reads the static web assets manifest that points into the source tree).
log "publishing the app ($CONFIGURATION)"
dotnet publish "$ROOT/src/SalesInsightActions.Web/SalesInsightActions.Web.csproj" -c "$CONFIGURATION" --no-build -nologo -v quiet -o "$WORK/app" >/dev/null
APP_DLL="$WORK/app/SalesInsightActions.Web.dll"

PG_PORT="$(free_port)"; SMTP_PORT="$(free_port)"; MAIL_WEB_PORT="$(free_port)"; SIM_PORT="$(free_port)"
APP1_PORT="$(free_port)"; APP2_PORT="$(free_port)"; PROXY_PORT="$(free_port)"

# --- secrets: the same script and file names the compose file uses ------------------------
"$ROOT/deploy/make-secrets.sh" "$WORK/secrets" 127.0.0.1 "$PG_PORT" >/dev/null
DB_PASSWORD="$(cat "$WORK/secrets/postgres_password")"

# --- PostgreSQL ------------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chmod 755 "$WORK"; install -d -o postgres -g postgres "$PG_DATA" "$PG_SOCK"
  install -o postgres -m 600 "$WORK/secrets/postgres_password" "$WORK/pg.pwfile"
else
  mkdir -p "$PG_DATA" "$PG_SOCK"; cp "$WORK/secrets/postgres_password" "$WORK/pg.pwfile"
fi
log "PostgreSQL on 127.0.0.1:$PG_PORT"
run_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$WORK/pg.pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_SOCK/postgres.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK -c fsync=off -c synchronous_commit=off" >/dev/null
# As the postgres image does with POSTGRES_USER / POSTGRES_DB: the app's own role and database.
PGPASSWORD="$DB_PASSWORD" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE sia LOGIN PASSWORD '$DB_PASSWORD'" -c "CREATE DATABASE sales_insight_actions OWNER sia" >/dev/null

# --- mail catcher and vendor simulators ----------------------------------------------------
"$MAILDEV" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" --silent > "$WORK/maildev.log" 2>&1 &
PIDS+=("$!")
# Enough people that a sync runs long enough to lose an instance in the middle of it.
Simulators__DataSet__PersonCount="${SIA_REHEARSAL_PEOPLE:-40000}" \
  dotnet "$SIM_DLL" --urls "http://127.0.0.1:$SIM_PORT" > "$WORK/simulators.log" 2>&1 &
PIDS+=("$!")

# --- two app instances ---------------------------------------------------------------------
# Shared settings: exactly deploy/app.env. Topology settings: the same keys as docker-compose.yml's x-app
# environment, with this machine's addresses (tests/.../Deploy/TopologyTests checks the key sets match).
start_app() { # name, port
  (
    set -a; . "$ROOT/deploy/app.env"; set +a
    export SecretsDirectory="$WORK/secrets"
    export Invitations__PublicBaseUrl="http://127.0.0.1:$PROXY_PORT"
    export AllowedHosts="127.0.0.1"
    export ForwardedHeaders__KnownProxies="127.0.0.1"
    export Smtp__Host="127.0.0.1"
    export Smtp__Port="$SMTP_PORT"
    export Salesforce__LoginHost="http://127.0.0.1:$SIM_PORT"
    export Salesforce__SandboxHost="http://127.0.0.1:$SIM_PORT"
    export Salesforce__BrowserLoginHost="http://127.0.0.1:$SIM_PORT"
    export Salesforce__BrowserSandboxHost="http://127.0.0.1:$SIM_PORT"
    export ActionsConfig__EndpointTemplate="http://127.0.0.1:$SIM_PORT/"
    export DataProtection__CertificatePath="$WORK/secrets/dataprotection.pfx"
    export DOTNET_hostBuilder__reloadConfigOnChange=false
    # As the Dockerfile (WORKDIR /app): the content root, with wwwroot, is the current directory.
    cd "$WORK/app"
    exec dotnet "$APP_DLL" --urls "http://127.0.0.1:$2"
  ) > "$WORK/$1.log" 2>&1 &
  PIDS+=("$!")
  echo "$!" > "$WORK/$1.pid"
}
log "app instances on 127.0.0.1:$APP1_PORT and :$APP2_PORT (Production, $CONFIGURATION)"
# Both at once, as compose starts them: migrations take a database lock, the second instance waits for the first.
start_app app1 "$APP1_PORT"
start_app app2 "$APP2_PORT"

wait_ready() { # url, what
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "$2 did not become ready at $1"; tail -40 "$WORK"/app*.log "$WORK/simulators.log" 2>/dev/null; return 1
}
wait_ready "http://127.0.0.1:$MAIL_WEB_PORT/email" maildev
wait_ready "http://127.0.0.1:$APP1_PORT/health/ready" app1
wait_ready "http://127.0.0.1:$APP2_PORT/health/ready" app2

# --- the proxy: the compose file's template, rendered as the nginx image renders it ----------
mkdir -p "$WORK/nginx/conf.d" "$WORK/nginx/temp"
chmod 777 "$WORK/nginx/temp"
SIA_PROXY_LISTEN="127.0.0.1:$PROXY_PORT" SIA_APP_1="127.0.0.1:$APP1_PORT" SIA_APP_2="127.0.0.1:$APP2_PORT" \
  envsubst '${SIA_PROXY_LISTEN} ${SIA_APP_1} ${SIA_APP_2}' < "$ROOT/deploy/proxy/default.conf.template" > "$WORK/nginx/conf.d/default.conf"
cat > "$WORK/nginx/nginx.conf" <<NGINX
# The nginx image's main file, with paths inside this rehearsal's folder.
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $WORK/nginx/access.log;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    include $WORK/nginx/conf.d/*.conf;
}
NGINX
nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
log "proxy (nginx $(nginx -v 2>&1 | sed 's/.*\///')) on 127.0.0.1:$PROXY_PORT"
wait_ready "http://127.0.0.1:$PROXY_PORT/health/ready" proxy

export SIA_REHEARSAL_URL="http://127.0.0.1:$PROXY_PORT/"
export SIA_REHEARSAL_MAILDEV_URL="http://127.0.0.1:$MAIL_WEB_PORT"
export SIA_REHEARSAL_SIMULATORS_URL="http://127.0.0.1:$SIM_PORT/"
export SIA_REHEARSAL_APP1_URL="http://127.0.0.1:$APP1_PORT/" SIA_REHEARSAL_APP2_URL="http://127.0.0.1:$APP2_PORT/"
export SIA_REHEARSAL_APP1_PID="$(cat "$WORK/app1.pid")" SIA_REHEARSAL_APP2_PID="$(cat "$WORK/app2.pid")"
export SIA_REHEARSAL_APP1_LOG="$WORK/app1.log" SIA_REHEARSAL_APP2_LOG="$WORK/app2.log"
# The test helpers read mail from SIA_TEST_MAILDEV_URL: this topology's own catcher.
export SIA_TEST_MAILDEV_URL="$SIA_REHEARSAL_MAILDEV_URL"

if [ "$#" -gt 0 ]; then
  log "running: $*"
  "$@"
else
  # Smoke check: requests through the proxy reach both instances (each instance logs its own requests).
  for _ in $(seq 1 10); do curl -s -o /dev/null "${SIA_REHEARSAL_URL}sign-in"; done
  for n in 1 2; do
    count="$(grep -c '"RequestPath":"/sign-in"' "$WORK/app$n.log" || true)"
    log "app$n served $count of the proxied requests"
    [ "$count" -gt 0 ] || { log "app$n served none"; exit 1; }
  done
  log "rehearsal topology works"
fi
