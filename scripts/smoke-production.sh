#!/usr/bin/env bash
# Start CSP Hub as docs/deploy.md says (production settings, migrate, collectstatic,
# check --deploy, gunicorn with 2 workers), request a page and /healthz, and stop.
# Uses DATABASE_URL when set (CI: PostgreSQL), else a fresh SQLite file. Exit 0 = it works.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
work=$(mktemp -d /tmp/csphub-smoke-XXXXXX)
port=${SMOKE_PORT:-$((20000 + RANDOM % 20000))}
export DJANGO_SETTINGS_MODULE=csphub.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
export CSPHUB_AUDIT_KEY=${CSPHUB_AUDIT_KEY:-$(head -c 48 /dev/urandom | base64 | tr -d "\n")}
export CSPHUB_STATIC_ROOT="$work/static" CSPHUB_MEDIA_ROOT="$work/media"
export CSPHUB_BASE_URL=${CSPHUB_BASE_URL:-http://127.0.0.1:$port}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$work/db.sqlite3}
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/python" manage.py check --deploy --fail-level WARNING
"$BIN/gunicorn" csphub.wsgi --workers 2 --bind "127.0.0.1:$port" --access-logfile - \
  >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

get() {  # path -> body; the proxy header stands for the TLS-terminating proxy
  "$BIN/python" - "$port" "$1" <<'PY'
import sys, urllib.request
port, path = sys.argv[1], sys.argv[2]
request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "Host": "localhost"})
with urllib.request.urlopen(request, timeout=10) as response:
    print(response.status, response.read(200).decode("utf-8", "replace").split("\n")[0])
PY
}
for _ in $(seq 1 50); do
  if get /healthz >/dev/null 2>&1; then break; fi
  kill -0 "$gunicorn_pid" 2>/dev/null || { cat "$work/gunicorn.log"; echo "gunicorn did not start"; exit 1; }
  sleep 0.2
done
health=$(get /healthz)
page=$(get /)
echo "healthz: $health"
echo "front page: $page"
[ "$health" = "200 ok" ] || { cat "$work/gunicorn.log"; exit 1; }
case "$page" in 200*) ;; *) cat "$work/gunicorn.log"; exit 1 ;; esac
echo "smoke-production: OK"
