#!/usr/bin/env bash
# LoRA SFT throughput and peak memory: SmolForge (DJL) and TRL + PEFT side by side on the same rows.
#   scripts/bench-train.sh [STEPS]     (TRL side runs when /work/venv or $TRL_PYTHON has trl; else skipped)
# Cases: the tiny SmolLM3 model and a random-init ~27M SmolLM3 shape (hidden 512, 8 layers,
# intermediate 1536, 8/4 heads); LoRA r=16 all-linear, dropout 0.05, batch 8, max_length 512, CPU FP32;
# rows of full length, then rows of random length in [100, 512] (TRL pads those, SmolForge packs them).
# Both sides run with OMP_WAIT_POLICY=PASSIVE; numbers are only comparable within one run of this script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-6}"
work="${BENCH_DIR:-/tmp/smolforge-bench}"
python="${TRL_PYTHON:-/work/venv/bin/python}"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
tiny="$root/examples/models/tiny-smollm3-base"
[ -d "$tiny" ] || tiny="$root/trainer-service/core/src/test/resources/golden/tiny-smollm3-base"
# glibc otherwise keeps freed tensor blocks mapped (fragmentation), which shows up as peak RSS; both sides get it
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1048576}"

run_case() {
  local name="$1" model="$2"; shift 2
  echo "== $name" >&2
  "$root/smolforge" bench-train --model "$model" --steps "$steps" --write-data "$work/$name.jsonl" "$@"
  # TRL wants a tokenizer beside the weights, even for pre-tokenized rows
  for f in tokenizer.json tokenizer_config.json; do [ -f "$model/$f" ] || cp "$tiny/$f" "$model/"; done
  if "$python" -c "import trl" 2>/dev/null; then
    "$python" "$root/scripts/bench_trl.py" "$model" "$work/$name.jsonl" --steps "$steps" 2>/dev/null | grep '^{'
  else
    echo "(TRL side skipped: no trl in $python)" >&2
  fi
}

run_case tiny-full "$tiny"
run_case tiny-variable "$tiny" --min-length 100
run_case 27m-full "$work/random-27m" --random-25m
run_case 27m-variable "$work/random-27m" --random-25m --min-length 100
