#!/usr/bin/env bash
# LoRA SFT throughput and peak memory: SmolForge (DJL) and TRL + PEFT side by side on the same rows.
#   scripts/bench-train.sh [STEPS] [WARMUP]   (the TRL side runs when $TRL_PYTHON, default /work/venv/bin/python, has trl)
# Cases: the tiny SmolLM3 model and a random-init ~27M SmolLM3 shape (hidden 512, 8 layers,
# intermediate 1536, 8/4 heads); LoRA r=16 all-linear, dropout 0.05, batch 8, max_length 512, CPU FP32,
# gradient checkpointing on both sides (TRL's default); rows of full length, then rows of random length in
# [100, 512] (TRL pads those per batch, SmolForge packs them). OMP_WAIT_POLICY=PASSIVE everywhere.
# TRL runs twice: as installed (glibc malloc), and with the allocator SmolForge runs with.
# Numbers are only comparable within one run of this script (and say little on a busy machine).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-6}"
warmup="${2:-2}"
work="${BENCH_DIR:-/tmp/smolforge-bench}"
python="${TRL_PYTHON:-/work/venv/bin/python}"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
tiny="$root/examples/models/tiny-smollm3-base"
[ -d "$tiny" ] || tiny="$root/trainer-service/core/src/test/resources/golden/tiny-smollm3-base"

# glibc keeps freed tensor blocks of a training step mapped (fragmentation: 3x the live memory on the 27M
# case); jemalloc without its separate arena for large blocks reuses them (apt: libjemalloc2).
jemalloc="$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)"
if [ -n "$jemalloc" ]; then
  allocator=(LD_PRELOAD="$jemalloc" MALLOC_CONF="oversize_threshold:0,dirty_decay_ms:5000,muzzy_decay_ms:0")
else
  allocator=(MALLOC_MMAP_THRESHOLD_=1048576)
fi
echo "allocator for SmolForge: ${allocator[*]}" >&2

run_case() {
  local name="$1" model="$2"; shift 2
  echo "== $name" >&2
  env "${allocator[@]}" "$root/smolforge" bench-train --model "$model" --steps "$steps" --warmup "$warmup" \
      --write-data "$work/$name.jsonl" "$@"
  # TRL wants a tokenizer beside the weights, even for pre-tokenized rows
  for f in tokenizer.json tokenizer_config.json; do [ -f "$model/$f" ] || cp "$tiny/$f" "$model/"; done
  if "$python" -c "import trl" 2>/dev/null; then
    "$python" "$root/scripts/bench_trl.py" "$model" "$work/$name.jsonl" --steps "$steps" --warmup "$warmup" 2>/dev/null | grep '^{'
    env "${allocator[@]}" "$python" "$root/scripts/bench_trl.py" "$model" "$work/$name.jsonl" --steps "$steps" \
        --warmup "$warmup" 2>/dev/null | grep '^{' | sed 's/"impl": "trl"/"impl": "trl+allocator"/'
  else
    echo "(TRL side skipped: no trl in $python)" >&2
  fi
}

run_case tiny-full "$tiny"
run_case tiny-variable "$tiny" --min-length 100
run_case 27m-full "$work/random-27m" --random-25m
run_case 27m-variable "$work/random-27m" --random-25m --min-length 100
