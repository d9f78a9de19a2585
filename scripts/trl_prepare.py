"""TRL 1.13's SFTTrainer dataset preparation on a converted messages JSONL, timed.

The TRL side of `./smolforge bench-prepare` (and of the template-service golden fixtures):
builds an SFTTrainer on the model folder with the given settings, then times
`SFTTrainer._prepare_dataset` (render, tokenize, mask, pack: what `trl sft` does before training)
on every row of the input. Prints one JSON line: {"rows", "seconds", "rows_per_second", "cpu_seconds",
"tokens", "training_rows"}.
With --dump FILE it also writes the prepared rows (input_ids, labels, position_ids as TRL's
padding-free collator makes them) as JSONL for comparison.

Run: python trl_prepare.py --model DIR --input messages.jsonl --max-length 1024
         [--packing bfd|bfd_split|wrapped|none] [--assistant-only-loss] [--dump out.jsonl]
         [--now 2026-01-01T12:00:00]
"""
import argparse
import json
import logging
import os
import time
import warnings

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore")


def pin_template_clock(now):
    """transformers' strftime_now calls datetime.now() of its chat_template_utils module."""
    from datetime import datetime

    import transformers.utils.chat_template_utils as chat_template_utils

    fixed = datetime.fromisoformat(now)

    class PinnedDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed

    chat_template_utils.datetime = PinnedDatetime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--max-length", type=int, default=1024)
    parser.add_argument("--packing", default="bfd")
    parser.add_argument("--assistant-only-loss", action="store_true")
    parser.add_argument("--dump")
    parser.add_argument("--now", help="pin the clock templates see through strftime_now, e.g. 2026-01-01T12:00:00")
    args = parser.parse_args()
    if args.now:
        pin_template_clock(args.now)

    import datasets
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging
    from trl import SFTConfig, SFTTrainer
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    datasets.disable_progress_bars()
    hf_logging.set_verbosity_error()
    logging.disable(logging.WARNING)
    torch.set_num_threads(1)

    with open(args.input, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    for row in rows:
        row.pop("metadata", None)
    dataset = datasets.Dataset.from_list(rows)

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model)
    config = SFTConfig(
        output_dir="/tmp/trl-prepare-bench", report_to=[], max_length=args.max_length,
        packing=args.packing != "none", packing_strategy=args.packing if args.packing != "none" else "bfd",
        assistant_only_loss=args.assistant_only_loss, per_device_train_batch_size=1, use_cpu=True, bf16=False,
    )
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset.select(range(min(8, len(dataset)))),
                         processing_class=tokenizer)

    started, cpu_started = time.perf_counter(), time.process_time()
    prepared = trainer._prepare_dataset(dataset, tokenizer, config, config.packing, None, "train")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    tokens = sum(len(ids) for ids in prepared["input_ids"])
    print(json.dumps({"rows": len(rows), "seconds": seconds, "rows_per_second": len(rows) / seconds,
                      "cpu_seconds": cpu_seconds,
                      "tokens": tokens, "training_rows": len(prepared)}))

    if args.dump:
        collator = DataCollatorForLanguageModeling(pad_token_id=tokenizer.pad_token_id or 0, padding_free=True)
        with open(args.dump, "w") as out:
            for example in prepared:
                batch = collator([{k: example[k] for k in ("input_ids", "labels", "seq_lengths") if k in example}])
                positions = batch["position_ids"][0].tolist() if "position_ids" in batch else \
                    list(range(len(example["input_ids"])))
                out.write(json.dumps({"input_ids": batch["input_ids"][0].tolist(),
                                      "labels": batch["labels"][0].tolist(),
                                      "position_ids": positions}) + "\n")


if __name__ == "__main__":
    main()
