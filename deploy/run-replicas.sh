#!/usr/bin/env bash
# Two app processes on loopback behind Debian's nginx with sticky sessions (deploy/nginx.conf).
#
#   deploy/run-replicas.sh                      # prints the URL; CTRL-C stops everything it started
#   deploy/run-replicas.sh .venv/bin/python -m bench load    # runs a command against it, then stops
#
# The command sees BENCH_LOAD_URL (nginx) and BENCH_LOAD_PIDS (the two app processes), which
# `python -m bench load` reads. Ports: PORT (nginx, 8080) and APP_PORTS ("8501 8502").
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
read -r -a APP_PORTS <<<"${APP_PORTS:-8501 8502}"
PY=${PY:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq nginx
  else
    echo "nginx is missing: sudo apt-get install -y nginx" >&2
    exit 1
  fi
fi

PREFIX=$(mktemp -d -t replicas.XXXXXX)
chmod 755 "$PREFIX"  # nginx's workers may run as another user and need to reach temp/
mkdir -p "$PREFIX/logs" "$PREFIX/temp"
PIDS=()
NGINX_PID=

stop() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}" $NGINX_PID; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}" $NGINX_PID; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$PREFIX"
}
trap stop EXIT
trap 'exit 130' INT TERM

for p in "${APP_PORTS[@]}"; do
  "$PY" -m streamlit run app.py --server.port "$p" --server.address 127.0.0.1 --server.headless true \
    >"$PREFIX/logs/app-$p.log" 2>&1 &
  PIDS+=($!)
done

sed -e "s/127\.0\.0\.1:8080/127.0.0.1:$PORT/" \
    -e "s/127\.0\.0\.1:8501/127.0.0.1:${APP_PORTS[0]}/" \
    -e "s/127\.0\.0\.1:8502/127.0.0.1:${APP_PORTS[1]}/" deploy/nginx.conf >"$PREFIX/nginx.conf"
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/logs/error.log" -t -q
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/logs/error.log" -g "daemon off;" &
NGINX_PID=$!

for p in "${APP_PORTS[@]}" "$PORT"; do
  for _ in $(seq 240); do
    curl -fsS "http://127.0.0.1:$p/_stcore/health" >/dev/null 2>&1 && continue 2
    sleep 0.25
  done
  echo "no health on port $p after 60 s; logs in $PREFIX/logs:" >&2
  tail -n 20 "$PREFIX"/logs/*.log >&2
  exit 1
done

URL="http://127.0.0.1:$PORT"
export BENCH_LOAD_URL=$URL BENCH_LOAD_PIDS
BENCH_LOAD_PIDS=$(IFS=,; echo "${PIDS[*]}")
echo "Playground: $URL  (app PIDs $BENCH_LOAD_PIDS on ports ${APP_PORTS[*]}, nginx PID $NGINX_PID)"
if [ $# -gt 0 ]; then
  "$@"
else
  echo "Load test: $PY -m bench.load --url $URL --pids $BENCH_LOAD_PIDS    CTRL-C stops everything."
  wait -n "${PIDS[@]}" "$NGINX_PID"  # until CTRL-C, or until one of them dies
fi
