"""Makes the training parity fixtures under src/test/resources/golden/training/ with torch + peft.

Each case directory holds what the Java test needs: sft.yaml (TRL keys), batch.jsonl (rows of the
lora_step_parity fixture), adapter_init/ (PEFT, LoRA cases only), expected.json (per-step losses and
pre-clipping gradient norms) and adapter_after/ or model_after.safetensors.

The loop is the one transformers' Trainer runs, written out: right padding (pad_token_id, labels -100,
attention_mask 0), batches in file order (train_sampling_strategy: sequential), per micro-batch the summed
next-token cross-entropy divided by the label-token count of the whole optimizer step (num_items_in_batch),
clip_grad_norm_, torch.optim.AdamW (no decay on biases and norm weights), transformers' get_scheduler.

    /work/venv/bin/python trainer-service/core/src/test/python/make_training_fixtures.py
"""
import json
import math
import os
import shutil

import torch
import torch.nn.functional as F
import yaml
from peft import LoraConfig, get_peft_model
from safetensors.torch import save_file
from transformers import AutoModelForCausalLM, get_scheduler

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "resources", "golden")
MODEL = os.path.join(GOLDEN, "tiny-smollm3-base")
ROWS = [json.loads(line) for line in open(os.path.join(GOLDEN, "lora_step_parity", "batch.jsonl"))]

BASE = dict(
    per_device_train_batch_size=2, gradient_accumulation_steps=1, learning_rate=1e-3,
    lr_scheduler_type="constant", warmup_steps=0, adam_beta1=0.9, adam_beta2=0.999, adam_epsilon=1e-8,
    weight_decay=0.0, max_grad_norm=0.0, train_sampling_strategy="sequential", seed=5, use_peft=True,
    lora_r=8, lora_alpha=16, lora_dropout=0.0, lora_target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
)

CASES = {
    # classic accumulation bug: normalising per micro-batch instead of per optimizer step
    "grad_accumulation": dict(per_device_train_batch_size=1, gradient_accumulation_steps=3, max_steps=2,
                              lora_target_modules=["all-linear"], use_rslora=True, lora_r=4, lora_alpha=8),
    # max_grad_norm far below the gradient norm, with warm-up and a cosine decay
    "clipping": dict(max_steps=3, max_grad_norm=0.05, lr_scheduler_type="cosine", warmup_steps=1,
                     learning_rate=5e-3),
    # a weight decay large enough that leaving it out moves A by far more than the tolerance
    "weight_decay": dict(max_steps=3, weight_decay=5.0, learning_rate=2e-3, lr_scheduler_type="linear"),
    # full fine-tuning: every weight trains, decay spares the norm weights
    "full_finetune": dict(max_steps=2, use_peft=False, learning_rate=1e-4, weight_decay=0.1, max_grad_norm=1.0),
}


def collate(rows, pad):
    length = max(len(r["input_ids"]) for r in rows)
    ids = torch.full((len(rows), length), pad, dtype=torch.long)
    labels = torch.full((len(rows), length), -100, dtype=torch.long)
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for i, r in enumerate(rows):
        n = len(r["input_ids"])
        ids[i, :n] = torch.tensor(r["input_ids"])
        labels[i, :n] = torch.tensor(r.get("labels", r["input_ids"]))
        mask[i, :n] = 1
    return ids, labels, mask


def run(name, overrides):
    cfg = dict(BASE, **overrides)
    out = os.path.join(GOLDEN, "training", name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    torch.manual_seed(cfg["seed"])
    model = AutoModelForCausalLM.from_pretrained(MODEL, dtype=torch.float32, attn_implementation="sdpa")
    if cfg["use_peft"]:
        targets = cfg["lora_target_modules"]
        model = get_peft_model(model, LoraConfig(
            r=cfg["lora_r"], lora_alpha=cfg["lora_alpha"], lora_dropout=cfg["lora_dropout"],
            target_modules=targets[0] if targets == ["all-linear"] else targets,
            use_rslora=cfg.get("use_rslora", False), task_type="CAUSAL_LM"))
        # PEFT starts B at zero; give B a random start so the first step moves A too
        with torch.no_grad():
            for n, p in model.named_parameters():
                if "lora_B" in n:
                    p.normal_(0, 0.02)
        model.save_pretrained(os.path.join(out, "adapter_init"))
    model.train()
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in named if not (n.endswith(".bias") or "norm" in n)]
    no_decay = [p for n, p in named if n.endswith(".bias") or "norm" in n]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg["learning_rate"], betas=(cfg["adam_beta1"], cfg["adam_beta2"]), eps=cfg["adam_epsilon"], foreach=False)
    steps = cfg["max_steps"]
    warmup = cfg["warmup_steps"] if cfg["warmup_steps"] >= 1 else math.ceil(cfg["warmup_steps"] * steps)
    scheduler = get_scheduler(cfg["lr_scheduler_type"], optimizer, num_warmup_steps=warmup, num_training_steps=steps)
    bs, ga = cfg["per_device_train_batch_size"], cfg["gradient_accumulation_steps"]
    micro = [ROWS[i:i + bs] for i in range(0, len(ROWS), bs)]
    losses, norms = [], []
    for step in range(steps):
        batches = [collate(rows, 2) for rows in micro[step * ga:(step + 1) * ga]]
        items = sum(int((labels[:, 1:] != -100).sum()) for _, labels, _ in batches)
        step_loss = 0.0
        for ids, labels, mask in batches:
            logits = model(input_ids=ids, attention_mask=mask).logits
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]).float(), labels[:, 1:].reshape(-1),
                                   ignore_index=-100, reduction="sum") / items
            loss.backward()
            step_loss += loss.item()
        params = [p for _, p in named]
        if cfg["max_grad_norm"] > 0:
            norm = torch.nn.utils.clip_grad_norm_(params, cfg["max_grad_norm"])
        else:
            norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad) for p in params]))
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(step_loss)
        norms.append(float(norm))
    cfg_out = {k: v for k, v in cfg.items()}
    if not cfg["use_peft"]:
        for k in ("lora_r", "lora_alpha", "lora_dropout", "lora_target_modules"):
            cfg_out.pop(k)
    with open(os.path.join(out, "sft.yaml"), "w") as f:
        yaml.safe_dump(cfg_out, f, sort_keys=False)
    shutil.copy(os.path.join(GOLDEN, "lora_step_parity", "batch.jsonl"), out)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"losses": losses, "grad_norms": norms, "torch": torch.__version__}, f, indent=2)
    if cfg["use_peft"]:
        model.save_pretrained(os.path.join(out, "adapter_after"))
        for d in ("adapter_init", "adapter_after"):
            readme = os.path.join(out, d, "README.md")
            if os.path.exists(readme):
                os.remove(readme)
    else:
        state = {k: v.detach().contiguous() for k, v in model.state_dict().items() if k != "lm_head.weight"}
        save_file(state, os.path.join(out, "model_after.safetensors"), metadata={"format": "pt"})
    print(name, losses, norms)


if __name__ == "__main__":
    for case, overrides in CASES.items():
        run(case, overrides)
