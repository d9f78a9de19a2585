#!/usr/bin/env bash
# LoRA SFT throughput and peak memory: SmolForge (DJL) and TRL + PEFT side by side on the same rows.
#   scripts/bench-train.sh [STEPS] [WARMUP] [REPEATS]   (the TRL side runs when $TRL_PYTHON, default /work/venv/bin/python, has trl)
# Cases: the tiny SmolLM3 model and a random-init ~27M SmolLM3 shape (hidden 512, 8 layers,
# intermediate 1536, 8/4 heads); LoRA r=16 all-linear, dropout 0.05, batch 8, max_length 512, CPU FP32,
# gradient_checkpointing on both sides (the default of both); rows of full length, then rows of random length
# in [100, 512] (TRL pads those per batch, SmolForge packs them). OMP_WAIT_POLICY=PASSIVE everywhere.
# Each case runs REPEATS times, SmolForge and TRL (as installed) alternating, and a summary line gives the
# medians: a shared VM's speed drifts by 10-30% within minutes, so one run of each says little. TRL also runs
# once with the allocator SmolForge runs with (jemalloc when installed, see deploy/local/allocator.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-4}"
warmup="${2:-2}"
repeats="${3:-3}"
work="${BENCH_DIR:-/tmp/smolforge-bench}"
python="${TRL_PYTHON:-/work/venv/bin/python}"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true
tiny="$root/examples/models/tiny-smollm3-base"
[ -d "$tiny" ] || tiny="$root/trainer-service/core/src/test/resources/golden/tiny-smollm3-base"
allocator="$(. "$root/deploy/local/allocator.sh"; [ -n "${LD_PRELOAD:-}" ] && echo "LD_PRELOAD=$LD_PRELOAD MALLOC_CONF=$MALLOC_CONF" || true)"
echo "allocator of ./smolforge: ${allocator:-glibc}" >&2
has_trl=false
"$python" -c "import trl" 2>/dev/null && has_trl=true || echo "(TRL side skipped: no trl in $python)" >&2

# median FIELD < json lines
median() {
  grep -o "\"$1\": *[0-9.]*" | sed 's/.*: *//' | sort -g | awk '{v[NR]=$1} END {if (NR) print (NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}

run_case() {
  local name="$1" model="$2"; shift 2
  local out="$work/$name.results"
  : >"$out"
  echo "== $name" >&2
  for ((r = 1; r <= repeats; r++)); do
    "$root/smolforge" bench-train --model "$model" --steps "$steps" --warmup "$warmup" \
        --write-data "$work/$name.jsonl" "$@" 2>/dev/null | tee -a "$out"
    # TRL wants a tokenizer beside the weights, even for pre-tokenized rows
    for f in tokenizer.json tokenizer_config.json; do [ -f "$model/$f" ] || cp "$tiny/$f" "$model/"; done
    if $has_trl; then
      "$python" "$root/scripts/bench_trl.py" "$model" "$work/$name.jsonl" --steps "$steps" --warmup "$warmup" \
          2>/dev/null | grep '^{' | tee -a "$out"
    fi
  done
  if $has_trl && [ -n "$allocator" ]; then
    # shellcheck disable=SC2086
    env $allocator "$python" "$root/scripts/bench_trl.py" "$model" "$work/$name.jsonl" --steps "$steps" \
        --warmup "$warmup" 2>/dev/null | grep '^{' | sed 's/"impl": "trl"/"impl": "trl+allocator"/'
  fi
  local sf_rate sf_rss trl_rate trl_rss
  sf_rate="$(grep '"impl":"smolforge"' "$out" | sed 's/":/": /g' | median tokens_per_second)"
  sf_rss="$(grep '"impl":"smolforge"' "$out" | sed 's/":/": /g' | median peak_rss_mb)"
  if $has_trl; then
    trl_rate="$(grep '"impl": "trl"' "$out" | median tokens_per_second)"
    trl_rss="$(grep '"impl": "trl"' "$out" | median peak_rss_mb)"
    echo "{\"case\": \"$name\", \"runs\": $repeats, \"smolforge_tokens_per_second\": $sf_rate, \"trl_tokens_per_second\": $trl_rate, \"speedup\": $(awk "BEGIN {printf \"%.2f\", $sf_rate / $trl_rate}"), \"smolforge_peak_rss_mb\": $sf_rss, \"trl_peak_rss_mb\": $trl_rss}"
  else
    echo "{\"case\": \"$name\", \"runs\": $repeats, \"smolforge_tokens_per_second\": $sf_rate, \"smolforge_peak_rss_mb\": $sf_rss}"
  fi
}

run_case tiny-full "$tiny"
run_case tiny-variable "$tiny" --min-length 100
run_case 27m-full "$work/random-27m" --random-25m
run_case 27m-variable "$work/random-27m" --random-25m --min-length 100
