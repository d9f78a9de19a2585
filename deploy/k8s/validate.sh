#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests; no cluster needed.
#   deploy/k8s/validate.sh
# 1. base and both overlays build with kustomize (kubectl kustomize, or a standalone kustomize);
# 2. the KafkaTopics are exactly the topics pipeline-api declares (Topics.java), so the two cannot drift;
# 3. if installed: kubeconform (schemas of the built-in kinds; custom resources skipped), yamllint, shellcheck.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if command -v kubectl >/dev/null; then
  build() { kubectl kustomize "$1"; }
elif command -v kustomize >/dev/null; then
  build() { kustomize build "$1"; }
else
  echo "FAIL neither kubectl nor kustomize is installed" >&2
  exit 1
fi

for target in base overlays/dev overlays/gpu; do
  build "$here/$target" >"$out/${target//\//-}.yaml"
  echo "ok   kustomize build $target: $(grep -c '^kind:' "$out/${target//\//-}.yaml") resources"
done

declared="$(grep -o '"sft\.[a-z.-]*"' "$root/pipeline-api/src/main/java/io/smolforge/api/events/Topics.java" | tr -d '"' | sort)"
deployed="$(awk '/topicName:/ {print $2}' "$here/base/kafka-topics.yaml" | sort)"
if [[ "$declared" == "$deployed" ]]; then
  echo "ok   KafkaTopics match Topics.java ($(wc -l <<<"$declared") topics)"
else
  echo "FAIL KafkaTopics differ from Topics.java:"
  diff <(echo "$declared") <(echo "$deployed") || true
  exit 1
fi

if command -v kubeconform >/dev/null; then
  kubeconform -strict -summary -ignore-missing-schemas "$out"/*.yaml
else
  echo "skip kubeconform (not installed)"
fi
if command -v yamllint >/dev/null; then
  yamllint -d '{extends: default, rules: {line-length: {max: 120}, document-start: disable,
    comments: {min-spaces-from-content: 1}, comments-indentation: disable}}' "$here/base" "$here/overlays"
  echo "ok   yamllint"
else
  echo "skip yamllint (not installed)"
fi
if command -v shellcheck >/dev/null; then
  shellcheck "$here/gpu-smoke.sh" "$here/validate.sh"
  echo "ok   shellcheck"
else
  echo "skip shellcheck (not installed)"
fi
