"""Writes the safetensors golden files used by SafetensorsReaderTest/SafetensorsWriterTest.

Run with the shared venv (torch + safetensors):
    /work/venv/bin/python pipeline-api/src/test/python/make_safetensors_golden.py
"""
import os

import torch
from safetensors.torch import save_file

out = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "safetensors")
os.makedirs(out, exist_ok=True)

# Types SafetensorsWriter writes: the Java writer must produce these exact bytes.
save_file(
    {
        "weight": torch.tensor([[1.5, -2.25, 3.0], [0.1, 1e-30, -7.0]], dtype=torch.float32),
        "bias.bf16": torch.tensor([1.0, -0.3333, 65504.0, 1e-3], dtype=torch.bfloat16),
        "input_ids": torch.tensor([0, -100, 4101, 2**40], dtype=torch.int64),
        "row_lengths": torch.tensor([7, 11], dtype=torch.int32),
        "empty": torch.zeros((0, 4), dtype=torch.float32),
    },
    os.path.join(out, "written_by_reference.safetensors"),
    metadata={"format": "pt"},  # one key: the reference writer orders metadata keys by hash
)

# Types only read in Java: F16 and F64 floats, small integers.
save_file(
    {
        "half": torch.tensor([1.0, -0.5, 6.1e-5, 65504.0, 5.96e-8], dtype=torch.float16),
        "double": torch.tensor([3.141592653589793, -1e-3], dtype=torch.float64),
        "bytes": torch.tensor([0, 255, 7], dtype=torch.uint8),
        "shorts": torch.tensor([-300, 300], dtype=torch.int16),
    },
    os.path.join(out, "read_only_types.safetensors"),
)
