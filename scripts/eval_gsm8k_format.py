#!/usr/bin/env python3
"""Checks a SmolForge LoRA adapter the way the Hugging Face stack would use it.

Loads the tiny base model with transformers, the adapter with PEFT, and greedily answers held-out GSM8K test
questions with the SmolLM3 chat template (system prompt "You are a math tutor. /no_think",
add_generation_prompt). Counts answers that end with <|im_end|> and contain "####", for the base model and for
base + adapter. Needs transformers + peft (not part of the build):

    python3 scripts/eval_gsm8k_format.py --adapter output/gsm8k-tiny-lora [--n 50]
"""
import argparse
import json

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

SYSTEM = "You are a math tutor. /no_think"


def evaluate(model, tokenizer, questions, max_new_tokens):
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    ended = with_hashes = both = 0
    samples = []
    for q in questions:
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}]
        ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                                 eos_token_id=im_end, pad_token_id=tokenizer.pad_token_id)
        new = out[0, ids["input_ids"].shape[1]:].tolist()
        text = tokenizer.decode(new, skip_special_tokens=False)
        ended += int(im_end in new)
        with_hashes += int("####" in text)
        both += int(im_end in new and "####" in text)
        samples.append(text)
    return ended, with_hashes, both, samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="examples/models/tiny-smollm3-base")
    parser.add_argument("--adapter", required=True)
    parser.add_argument("--test", default="examples/data/gsm8k/test.jsonl")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--max-new-tokens", type=int, default=256)
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.base)
    questions = [json.loads(line)["question"] for line in open(args.test)][: args.n]
    base = AutoModelForCausalLM.from_pretrained(args.base, dtype=torch.float32).eval()
    b_end, b_hash, b_both, _ = evaluate(base, tokenizer, questions, args.max_new_tokens)
    tuned = PeftModel.from_pretrained(base, args.adapter).eval()
    t_end, t_hash, t_both, samples = evaluate(tuned, tokenizer, questions, args.max_new_tokens)
    n = len(questions)
    print(json.dumps({
        "questions": n,
        "base": {"ends_with_im_end": b_end, "contains_hashes": b_hash, "both": b_both},
        "adapter": {"ends_with_im_end": t_end, "contains_hashes": t_hash, "both": t_both},
        "adapter_sample": samples[0],
    }, indent=2))


if __name__ == "__main__":
    main()
