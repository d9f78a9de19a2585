# shellcheck shell=bash
# Process bookkeeping shared by up.sh and down.sh (sourced, not run).
#
# Every process `up` starts gets a name, a PID file  $SMOLFORGE_HOME/run/<name>.pid,  a log file
# $SMOLFORGE_HOME/logs/<name>.log,  and the marker  -Dsmolforge.process=<name>  on its java command line.
# `down` stops only a PID whose command line still carries that marker, so a recycled PID is never killed.
# Start order is appended to run/order; `down` stops in reverse.

SMOLFORGE_HOME="${SMOLFORGE_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.smolforge}"
RUN_DIR="$SMOLFORGE_HOME/run"
LOG_DIR="$SMOLFORGE_HOME/logs"

# pid_of NAME: prints the PID of the running process NAME, or nothing (stale PID files are removed).
pid_of() {
  local name="$1" file="$RUN_DIR/$1.pid" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dsmolforge.process=$name "; then
    echo "$pid"
  else
    rm -f "$file"
  fi
}

# start_java NAME JAVA-ARGS...: starts `java -Dsmolforge.process=NAME JAVA-ARGS...` detached, output to its log.
start_java() {
  local name="$1"; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # setsid: its own session, so a Ctrl-C in the terminal that ran `up` does not reach it
  setsid nohup java "-Dsmolforge.process=$name" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  grep -qx "$name" "$RUN_DIR/order" 2>/dev/null || echo "$name" >>"$RUN_DIR/order"
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT (or on all interfaces at PORT).
port_free() {
  ! ss -Hltn "sport = :$1" | grep -q .
}

# wait_until NAME SECONDS COMMAND...: polls COMMAND every half second; fails early if process NAME died.
wait_until() {
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ -z "$(pid_of "$name")" ]; then
      echo "smolforge: $name exited during startup; last lines of $LOG_DIR/$name.log:" >&2
      tail -n 20 "$LOG_DIR/$name.log" >&2
      return 1
    fi
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  echo "smolforge: $name did not answer within ${seconds}s; see $LOG_DIR/$name.log" >&2
  return 1
}

# stop NAME: SIGTERM, wait up to 60 s for a clean exit, then SIGKILL; removes the PID file.
stop() {
  local name="$1" pid
  pid="$(pid_of "$name")"
  if [ -z "$pid" ]; then
    rm -f "$RUN_DIR/$name.pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "smolforge: $name (pid $pid) did not stop within 60s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$RUN_DIR/$name.pid"
  echo "stopped $name (pid $pid)"
}
