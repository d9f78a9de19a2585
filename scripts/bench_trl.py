"""TRL + PEFT side of scripts/bench-train.sh: LoRA SFT tokens/s and peak RSS on the same rows as SmolForge.

    python scripts/bench_trl.py MODEL_DIR DATA.jsonl [--batch 8] [--max-length 512] [--lora-r 16] [--warmup 2] [--steps 8]

DATA.jsonl comes from `smolforge bench-train --write-data` (random rows, labels = input_ids). TRL pads each
batch to its longest row (its default, padding_free=False); tokens/s counts real tokens only.
Prints one JSON line like the SmolForge side.
"""
import argparse
import json
import resource
import time

import torch
from datasets import Dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, TrainerCallback
from trl import SFTConfig, SFTTrainer


class StepClock(TrainerCallback):
    def __init__(self, warmup):
        self.warmup = warmup
        self.start = None
        self.end = None
        self.cpu_start = None
        self.cpu_end = None

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == self.warmup:
            self.start = time.perf_counter()
            self.cpu_start = time.process_time()
        self.end = time.perf_counter()
        self.cpu_end = time.process_time()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("data")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--lora-r", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=8)
    a = parser.parse_args()
    rows = [json.loads(line) for line in open(a.data)]
    dataset = Dataset.from_list([{"input_ids": r["input_ids"]} for r in rows])
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    clock = StepClock(a.warmup)
    trainer = SFTTrainer(
        model=model,
        train_dataset=dataset,
        args=SFTConfig(output_dir="/tmp/bench-trl", per_device_train_batch_size=a.batch, max_length=a.max_length,
                       max_steps=a.warmup + a.steps, learning_rate=1e-4, lr_scheduler_type="constant",
                       logging_steps=1000, save_strategy="no", report_to="none", use_cpu=True,
                       train_sampling_strategy="sequential", dataloader_num_workers=0,
                       bf16=False),  # TRL turns bf16 autocast on by default, also on CPU; the benchmark is FP32
        peft_config=LoraConfig(r=a.lora_r, lora_alpha=2 * a.lora_r, lora_dropout=0.05, target_modules="all-linear",
                               task_type="CAUSAL_LM"),
        callbacks=[clock],
    )
    trainer.train()
    seconds = clock.end - clock.start
    measured = rows[a.warmup * a.batch:(a.warmup + a.steps) * a.batch]
    tokens = sum(len(r["input_ids"]) for r in measured)  # real tokens, as the SmolForge side counts them
    print(json.dumps({"impl": "trl", "model": a.model, "batch": a.batch, "max_length": a.max_length,
                      "lora_r": a.lora_r, "steps": a.steps, "tokens_per_second": round(tokens / seconds, 1),
                      "seconds_per_step": round(seconds / a.steps, 3),
                      "cpu_seconds_per_step": round((clock.cpu_end - clock.cpu_start) / a.steps, 3),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main()
