#!/usr/bin/env bash
# Stops what up.sh started, by PID file, in reverse start order, and waits for each process to exit.
# Data under $SMOLFORGE_HOME stays; delete that directory for a clean slate.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SMOLFORGE_HOME="${SMOLFORGE_HOME:-$root/.smolforge}"
# shellcheck source=processes.sh
. "$root/deploy/local/processes.sh"

names=()
if [ -f "$RUN_DIR/order" ]; then
  mapfile -t names < <(tac "$RUN_DIR/order")
fi
# PID files of anything not in the order file (an older or interrupted up) are honoured too
for file in "$RUN_DIR"/*.pid; do
  [ -e "$file" ] || continue
  name="$(basename "$file" .pid)"
  printf '%s\n' "${names[@]}" | grep -qx "$name" || names+=("$name")
done

if [ "${#names[@]}" -eq 0 ]; then
  echo "nothing to stop (no PID files in $RUN_DIR)"
  exit 0
fi
for name in "${names[@]}"; do
  if [ -z "$(pid_of "$name")" ]; then
    echo "$name was not running"
    continue
  fi
  stop "$name"
done
rm -f "$RUN_DIR/order"
