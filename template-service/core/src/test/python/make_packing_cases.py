"""Makes golden/packing_cases.json: TRL 1.13's pack_dataset on synthetic sequences.

2,500 sequences (lengths 0..300, some longer than max_length=128), packed through
`datasets.Dataset.map` exactly as SFTTrainer does, so TRL's 1,000-row map batches show up in
the output. Sequence k holds the consecutive ids that follow sequence k-1's, and its labels are
the negated ids, so that a misplaced label is visible. To stay small, the file keeps only the
sequence lengths and, per packed row, its runs of consecutive ids as [first id, length] after
checking that labels == -input_ids.

Run: /work/venv/bin/python make_packing_cases.py <out.json>
"""
import json
import random
import sys

from datasets import Dataset
from trl.data_utils import pack_dataset

MAX_LENGTH = 128


def main(out_path):
    rng = random.Random(7)
    input_ids, labels = [], []
    next_id = 1
    for _ in range(2500):
        length = rng.choice([0, 1, 2, 5, 17, 40, 64, 100, 127, 128, 129, 300]) if rng.random() < 0.2 \
            else rng.randint(1, 120)
        ids = list(range(next_id, next_id + length))
        next_id += length
        input_ids.append(ids)
        labels.append([-i for i in ids])
    dataset = Dataset.from_dict({"input_ids": input_ids, "labels": labels})
    out = {"max_length": MAX_LENGTH, "lengths": [len(ids) for ids in input_ids]}
    for strategy in ("bfd", "bfd_split", "wrapped"):
        packed = pack_dataset(dataset, MAX_LENGTH, strategy).to_dict()
        rows = []
        for i, (ids, lbls) in enumerate(zip(packed["input_ids"], packed["labels"])):
            assert lbls == [-x for x in ids]
            runs = []
            for x in ids:
                if runs and runs[-1][0] + runs[-1][1] == x:
                    runs[-1][1] += 1
                else:
                    runs.append([x, 1])
            rows.append({"runs": runs, "seq_lengths": packed["seq_lengths"][i] if "seq_lengths" in packed else None})
        out[strategy] = rows
    with open(out_path, "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
