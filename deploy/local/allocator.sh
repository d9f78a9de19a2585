# Sourced by ./smolforge, deploy/local/services.sh and scripts/bench-train.sh: run the JVMs with jemalloc when
# the machine has it (Debian/Ubuntu: libjemalloc2). glibc malloc keeps the freed tensor blocks of a training
# step mapped (peak RSS up to 3x the live tensors on a 27M-parameter model); jemalloc without its separate
# arena for large blocks reuses them and returns idle pages. SMOLFORGE_ALLOCATOR=glibc opts out.
if [ "${SMOLFORGE_ALLOCATOR:-jemalloc}" = jemalloc ] && [ -z "${LD_PRELOAD:-}" ]; then
  for smolforge_jemalloc in /usr/lib/*/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2; do
    if [ -f "$smolforge_jemalloc" ]; then
      export LD_PRELOAD="$smolforge_jemalloc" \
        MALLOC_CONF="${MALLOC_CONF:-oversize_threshold:0,dirty_decay_ms:5000,muzzy_decay_ms:0}"
      break
    fi
  done
  unset smolforge_jemalloc
fi
