"""Checks that a SmolForge training output loads in the Hugging Face stack (needs torch, transformers, peft).

    python scripts/check_peft_load.py BASE_MODEL_DIR OUTPUT_DIR [SCORES.safetensors]

- OUTPUT_DIR/adapter_model.safetensors + adapter_config.json load with peft.PeftModel.from_pretrained and
  every LoRA tensor is actually applied (no "missing adapter keys");
- OUTPUT_DIR/merged/ (written with `smolforge: {merge_adapter: true}`) loads with
  AutoModelForCausalLM.from_pretrained and gives the logits of base + adapter;
- with SCORES (from `./smolforge score --model BASE --adapter OUTPUT_DIR`), SmolForge's logits match PEFT's.
Prints the largest absolute logit differences; exits non-zero above 1e-4. The Java tests do not need this.
"""
import json
import os
import sys

import torch
from peft import PeftModel
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM


def main():
    base_dir, out_dir = sys.argv[1], sys.argv[2]
    scores = sys.argv[3] if len(sys.argv) > 3 else None
    base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
    peft_model = PeftModel.from_pretrained(base, out_dir)
    peft_model.eval()
    saved = load_file(os.path.join(out_dir, "adapter_model.safetensors"))
    loaded = {k.replace(".default", "") for k, _ in peft_model.named_parameters() if "lora_" in k}
    assert set(saved) == loaded, f"adapter keys differ: {set(saved) ^ loaded}"
    ids = torch.tensor([[3, 1378, 203, 282, 3548, 203, 203, 3545, 3481, 2350, 30, 2439, 225, 2451, 25, 203]])
    with torch.no_grad():
        expected = peft_model(input_ids=ids).logits[0]
        plain = peft_model.get_base_model()
    worst = 0.0
    merged_dir = os.path.join(out_dir, "merged")
    if os.path.isdir(merged_dir):
        merged = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32)
        with torch.no_grad():
            diff = (merged(input_ids=ids).logits[0] - expected).abs().max().item()
        print(f"merged model vs PEFT adapter: max |logit diff| {diff:.3g}")
        worst = max(worst, diff)
    if scores:
        ours = load_file(scores)
        for key in sorted(k for k in ours if k.startswith("input_ids_")):
            k = key[len("input_ids_"):]
            with torch.no_grad():
                reference = peft_model(input_ids=ours[key].unsqueeze(0)).logits[0]
            diff = (ours[f"logits_{k}"] - reference).abs().max().item()
            print(f"smolforge score line {k} vs PEFT: max |logit diff| {diff:.3g}")
            worst = max(worst, diff)
    config = json.load(open(os.path.join(out_dir, "adapter_config.json")))
    print(f"adapter loaded: r={config['r']} alpha={config['lora_alpha']} targets={config['target_modules']}")
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
