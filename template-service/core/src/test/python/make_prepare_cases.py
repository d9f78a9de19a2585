"""Makes golden/prepare/: TRL 1.13's SFTTrainer dataset preparation on small converted datasets.

For each case: the input rows (`<case>.input.jsonl`) and what TRL's `_prepare_dataset` returned,
passed through its padding-free collator (`<case>.trl.jsonl`: input_ids, labels, position_ids per
training row), made with scripts/trl_prepare.py on the tiny SmolLM3 model, template clock pinned to 2026-01-01.

  gsm8k_bfd        150 GSM8K rows as system + user + assistant messages, assistant_only_loss,
                   packing bfd, max_length 512
  prompt_completion 30 GSM8K rows as conversational prompt ([system, user]) / completion ([assistant]),
                   completion_only_loss (TRL's default for such rows), no packing, max_length 128
                   (long prompts are cut and rows left without loss dropped)
  text             30 GSM8K rows as plain text (EOS appended by TRL), no packing, max_length 1024

Run from the repository root: /work/venv/bin/python template-service/core/src/test/python/make_prepare_cases.py
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[5]
MODEL = ROOT / "examples/models/tiny-smollm3-base"  # same tokenizer files as golden/tiny-smollm3-base
OUT = ROOT / "template-service/core/src/test/resources/golden/prepare"
GSM8K = ROOT / "examples/data/gsm8k/train.jsonl"
SYSTEM = "You are a math tutor. /no_think"
NOW = "2026-01-01T12:00:00"  # the clock SmolLM3's template reads through strftime_now


def gsm8k(n):
    with open(GSM8K, encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f)]


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(case, rows, *args):
    write(OUT / f"{case}.input.jsonl", rows)
    subprocess.run([sys.executable, str(ROOT / "scripts/trl_prepare.py"), "--model", str(MODEL),
                    "--input", str(OUT / f"{case}.input.jsonl"), "--dump", str(OUT / f"{case}.trl.jsonl"),
                    "--now", NOW, *args],
                   check=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    run("gsm8k_bfd", [{"messages": [{"role": "system", "content": SYSTEM},
                                    {"role": "user", "content": r["question"]},
                                    {"role": "assistant", "content": r["answer"]}]} for r in gsm8k(150)],
        "--packing", "bfd", "--max-length", "512", "--assistant-only-loss")
    run("prompt_completion", [{"prompt": [{"role": "system", "content": SYSTEM},
                                          {"role": "user", "content": r["question"]}],
                               "completion": [{"role": "assistant", "content": r["answer"]}]} for r in gsm8k(30)],
        "--packing", "none", "--max-length", "128")
    run("text", [{"text": "Question: " + r["question"] + "\nAnswer: " + r["answer"]} for r in gsm8k(30)],
        "--packing", "none", "--max-length", "1024")


if __name__ == "__main__":
    main()
