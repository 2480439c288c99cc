#!/usr/bin/env bash
# Creates the secret files the production topology reads — one file per secret, never inline in compose or env files:
#   postgres_password            the database password (PostgreSQL's POSTGRES_PASSWORD_FILE)
#   ConnectionStrings__Postgres  the app's connection string (read by the app's key-per-file settings, SecretsDirectory)
#   Salesforce__ClientSecret     the connected app's secret (here: the Salesforce simulator's; put your own for real)
#   dataprotection.pfx           the certificate that encrypts the Data Protection key ring at rest
# Usage: deploy/make-secrets.sh <dir> <database host> <database port>
# Existing files are kept, so running it again never changes a password a database already uses.
set -euo pipefail
dir="${1:?usage: make-secrets.sh <dir> <database host> <database port>}"
db_host="${2:?database host}"
db_port="${3:?database port}"
umask 077
mkdir -p "$dir"

write() { # name, value — only if absent
  [ -e "$dir/$1" ] || printf '%s' "$2" > "$dir/$1"
}

write postgres_password "$(openssl rand -hex 24)"
write ConnectionStrings__Postgres "Host=$db_host;Port=$db_port;Database=sales_insight_actions;Username=sia;Password=$(cat "$dir/postgres_password")"
write Salesforce__ClientSecret "sim-salesforce-client-secret"
if [ ! -e "$dir/dataprotection.pfx" ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj /CN=sia-dataprotection \
    -keyout "$dir/dataprotection.key" -out "$dir/dataprotection.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$dir/dataprotection.key" -in "$dir/dataprotection.crt" -passout pass: -out "$dir/dataprotection.pfx"
  rm -f "$dir/dataprotection.key" "$dir/dataprotection.crt"
fi
# Containers run as a non-root user and compose bind-mounts these files as they are: readable by that user,
# while the folder itself stays private to this user on the host.
chmod 700 "$dir"
chmod 644 "$dir"/*
echo "secrets in $dir: $(ls "$dir" | tr '\n' ' ')"
