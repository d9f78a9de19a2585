#!/usr/bin/env bash
# Acceptance check of the local launcher: up.sh starts the broker, s3proxy and the four services and they
# answer, a second up.sh is a no-op,
# down.sh leaves no process and no listening port behind. Uses a scratch SMOLFORGE_HOME and free ports, so it
# does not touch a running local installation. Exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SMOLFORGE_HOME
SMOLFORGE_HOME="$(mktemp -d -t smolforge-check-XXXXXX)"
trap '"$root/deploy/local/down.sh" >/dev/null 2>&1 || true; rm -rf "$SMOLFORGE_HOME"' EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Hltn "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}
free_port_range() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    local all_free=true offset
    for offset in 0 1 2 3; do
      ss -Hltn "sport = :$((port + offset))" | grep -q . && all_free=false
    done
    [ "$all_free" = true ] && { echo "$port"; return; }
  done
}
export SMOLFORGE_KAFKA_PORT SMOLFORGE_KAFKA_CONTROLLER_PORT SMOLFORGE_S3_PORT SMOLFORGE_PORT_BASE
SMOLFORGE_KAFKA_PORT="$(free_port)"
SMOLFORGE_KAFKA_CONTROLLER_PORT="$(free_port)"
SMOLFORGE_S3_PORT="$(free_port)"
SMOLFORGE_PORT_BASE="$(free_port_range)"
ports=("$SMOLFORGE_KAFKA_PORT" "$SMOLFORGE_KAFKA_CONTROLLER_PORT" "$SMOLFORGE_S3_PORT"
  "$SMOLFORGE_PORT_BASE" "$((SMOLFORGE_PORT_BASE + 1))" "$((SMOLFORGE_PORT_BASE + 2))" "$((SMOLFORGE_PORT_BASE + 3))")
fail() { echo "FAIL: $*" >&2; exit 1; }

"$root/deploy/local/up.sh"
pids="$(cat "$SMOLFORGE_HOME"/run/*.pid)"
for port in "${ports[@]}"; do
  listeners="$(ss -Hltn "sport = :$port")"
  [ -n "$listeners" ] || fail "nothing listens on port $port after up"
  # Java's dual-stack sockets show 127.0.0.1 as [::ffff:127.0.0.1]
  echo "$listeners" | grep -Eq "(\[::ffff:)?127\.0\.0\.1\]?:$port " || fail "port $port is not bound to 127.0.0.1: $listeners"
done
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$SMOLFORGE_S3_PORT/" || fail "s3proxy does not answer HTTP"

again="$("$root/deploy/local/up.sh")"
echo "$again" | grep -q "kafka already running" || fail "second up did not see the running broker: $again"
echo "$again" | grep -q "s3proxy already running" || fail "second up did not see the running s3proxy: $again"
[ "$(cat "$SMOLFORGE_HOME"/run/*.pid)" = "$pids" ] || fail "second up started new processes"

"$root/deploy/local/down.sh"
for pid in $pids; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid is still alive after down"
done
for port in "${ports[@]}"; do
  [ -z "$(ss -Hltn "sport = :$port")" ] || fail "port $port still listening after down"
done
! ls "$SMOLFORGE_HOME"/run/*.pid >/dev/null 2>&1 || fail "PID files left after down"
echo "OK: up, idempotent up and down leave no process and no listening port behind"
