# shellcheck shell=bash
# The four SmolForge services as local processes (sourced by up.sh after processes.sh and the infrastructure).
# Each service is the packaged Quarkus app (target/quarkus-app/quarkus-run.jar), built here when missing or
# older than its sources, configured through the environment written by up.sh (local.env, credentials).

# name:port:heap of each service, in pipeline order; ports from SMOLFORGE_PORT_BASE (default 8081) up
base="${SMOLFORGE_PORT_BASE:-8081}"
SERVICES="dataset-service:$base:-Xmx768m template-service:$((base + 1)):-Xmx1g \
trainer-service:$((base + 2)):-Xmx3g hub-publisher:$((base + 3)):-Xmx256m"

service_jar() {
  echo "$root/$1/app/target/quarkus-app/quarkus-run.jar"
}

# build_services: packages the four apps when any jar is missing or a source is newer than it.
build_services() {
  local stale=false name
  for entry in $SERVICES; do
    name="${entry%%:*}"
    local jar; jar="$(service_jar "$name")"
    if [ ! -f "$jar" ] || [ -n "$(find "$root/pipeline-api/src" "$root/pipeline-runtime/src" "$root/$name" -newer "$jar" \
        \( -name '*.java' -o -name '*.properties' -o -name pom.xml \) -print -quit 2>/dev/null)" ]; then
      stale=true
    fi
  done
  if [ "$stale" = true ]; then
    echo "smolforge: building the four services (first use or sources changed) ..."
    (cd "$root" && ./mvnw -B -q install -DskipTests \
      -pl dataset-service/app,template-service/app,trainer-service/app,hub-publisher/app -am)
  fi
}

start_services() {
  build_services
  set -a
  # shellcheck disable=SC1091
  . "$SMOLFORGE_HOME/local.env"
  # shellcheck disable=SC1090
  . "$SMOLFORGE_HOME/credentials"
  set +a
  export SMOLFORGE_CACHE_DIR="$SMOLFORGE_HOME/cache" DJL_CACHE_DIR="${DJL_CACHE_DIR:-$SMOLFORGE_HOME/djl}" \
    DJL_OFFLINE=true OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  # shellcheck source=deploy/local/allocator.sh
  . "$root/deploy/local/allocator.sh"
  local entry name port heap
  for entry in $SERVICES; do
    IFS=: read -r name port heap <<<"$entry"
    if pid="$(pid_of "$name")" && [ -n "$pid" ]; then
      echo "$name already running (pid $pid) on 127.0.0.1:$port"
      continue
    fi
    if ! port_free "$port"; then
      echo "smolforge: port $port ($name) is taken by another process" >&2
      exit 1
    fi
    # shellcheck disable=SC2086
    QUARKUS_HTTP_PORT="$port" start_java "$name" $heap -XX:+UseSerialGC -Dai.djl.offline=true \
      -jar "$(service_jar "$name")"
    echo "$name starting (pid $(cat "$RUN_DIR/$name.pid")) on http://127.0.0.1:$port ..."
  done
  for entry in $SERVICES; do
    IFS=: read -r name port heap <<<"$entry"
    wait_until "$name" 180 curl -sf --max-time 2 "http://127.0.0.1:$port/q/health/ready"
    echo "$name ready"
  done
}
