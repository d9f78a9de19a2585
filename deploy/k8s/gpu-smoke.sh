#!/usr/bin/env bash
# Does the trainer's CUDA path load? Checks, on a machine with an NVIDIA GPU, that DJL (PyTorch engine 0.36)
# loads the libtorch 2.7.1 cu128 named by PYTORCH_LIBRARY_PATH, sees the GPU, and computes and
# back-propagates on it (gpu-smoke/CudaSmoke.java). Exit 0 when everything holds.
#
# Where to run it:
#   - in the GPU trainer image (images/Dockerfile.trainer-gpu puts it at /opt/smolforge/gpu-smoke.sh):
#       kubectl -n smolforge exec deploy/trainer-service -- /opt/smolforge/gpu-smoke.sh
#   - on any GPU machine with Java 17 (a JDK if gpu-smoke/CudaSmoke.class is not built), the DJL jars
#     (SMOKE_CLASSPATH) and a libtorch 2.7.1 cu128 (PYTORCH_LIBRARY_PATH).
# Status: exercised here on CPU only (--allow-cpu). Whether a torch 2.7.1+cu128 libtorch loads under
# DJL 0.36 on a real GPU is what this script is for; see ../README.md ("What was validated").
#
# Usage: gpu-smoke.sh [--allow-cpu]
#   --allow-cpu  no GPU here: report GPU checks as SKIP and run the numeric checks on the CPU
#                (tests the probe itself, not the CUDA path).
# Environment:
#   SMOKE_CLASSPATH       jars holding DJL api, pytorch-engine, pytorch-jni (default: /deployments/lib/main/*)
#   PYTORCH_LIBRARY_PATH  directory with libtorch.so (the image sets it, with PYTORCH_VERSION, PYTORCH_FLAVOR)
set -euo pipefail

allow_cpu=false
if [[ "${1:-}" == "--allow-cpu" ]]; then
  allow_cpu=true
elif [[ $# -gt 0 ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="${SMOKE_CLASSPATH:-/deployments/lib/main/*}"
failures=0

pass() { echo "PASS $*"; }
# A GPU-setup problem fails the run, unless --allow-cpu turns it into a SKIP.
setup_problem() {
  if $allow_cpu; then echo "SKIP $*"; else echo "FAIL $*"; failures=$((failures + 1)); fi
}

echo "== GPU"
if command -v nvidia-smi >/dev/null && gpus="$(nvidia-smi -L 2>&1)" && [[ -n "$gpus" ]]; then
  pass "nvidia-smi: $(head -1 <<<"$gpus") ($(wc -l <<<"$gpus") in all)"
  nvidia-smi --query-gpu=driver_version,memory.total --format=csv,noheader 2>/dev/null | sed 's/^/     driver, memory: /'
else
  setup_problem "nvidia-smi lists no GPU (no device requested, or no NVIDIA container runtime)"
fi

echo "== libtorch"
for var in PYTORCH_LIBRARY_PATH PYTORCH_VERSION PYTORCH_FLAVOR; do
  if [[ -n "${!var:-}" ]]; then pass "$var=${!var}"; else setup_problem "$var is not set"; fi
done
lib="${PYTORCH_LIBRARY_PATH:-}"
if [[ "${PYTORCH_VERSION:-}" != "" && "${PYTORCH_VERSION}" != "2.7.1" ]]; then
  setup_problem "PYTORCH_VERSION=${PYTORCH_VERSION}: DJL 0.36's JNI (pytorch-jni 2.7.1-0.36.0) works only with libtorch 2.7.1"
fi
for so in libtorch.so libtorch_cuda.so libc10_cuda.so; do
  if [[ -n "$lib" && -f "$lib/$so" ]]; then pass "$lib/$so"; else setup_problem "no $so in '${lib}'"; fi
done
if [[ -n "$lib" && -f "$lib/libtorch_cuda.so" ]]; then
  # The driver's libcuda.so.1 comes from the host at run time; everything else must be in the image.
  missing="$(ldd "$lib/libtorch_cuda.so" "$lib/libc10_cuda.so" | grep 'not found' | sort -u || true)"
  if [[ -z "$missing" ]]; then pass "every library libtorch_cuda needs resolves"; else setup_problem "unresolved: $missing"; fi
fi
# DJL counts GPUs through libcudart, which it opens by name (JNA): it must be on the library path.
ld_path="${LD_LIBRARY_PATH:-}"
cudart="$(for d in ${ld_path//:/ }; do ls "$d"/libcudart.so 2>/dev/null || true; done | head -1)"
if [[ -z "$cudart" ]]; then cudart="$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true) | awk '/libcudart\.so /{print $NF; exit}')"; fi
if [[ -n "$cudart" ]]; then pass "libcudart.so for DJL's GPU count: $cudart"; else setup_problem "no libcudart.so on LD_LIBRARY_PATH or in ldconfig"; fi

echo "== DJL"
if [[ -f "$here/gpu-smoke/CudaSmoke.class" ]]; then
  probe_dir="$here/gpu-smoke"
elif command -v javac >/dev/null; then
  probe_dir="$(mktemp -d)"
  trap 'rm -rf "$probe_dir"' EXIT
  javac -d "$probe_dir" -cp "$classpath" "$here/gpu-smoke/CudaSmoke.java"
else
  echo "FAIL no gpu-smoke/CudaSmoke.class next to this script and no javac to build it"
  exit 1
fi
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-/tmp/djl}"
probe_args=()
if $allow_cpu; then probe_args+=(--allow-cpu); fi
if ! java -cp "$probe_dir:$classpath" CudaSmoke "${probe_args[@]}"; then
  failures=$((failures + 1))
fi

if [[ $failures -eq 0 ]]; then echo "gpu-smoke: OK"; else echo "gpu-smoke: FAILED ($failures)"; fi
[[ $failures -eq 0 ]]
