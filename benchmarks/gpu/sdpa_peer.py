"""PyTorch SDPA (flash and cuDNN backends) on attention shapes given as BxHxNxMxD: the GPU peer
measured in the same run as genkern's kernels. Prints one JSON line per shape and backend (and
appends it to --json FILE).
Timing: CUDA events, L2 flushed between repeats (a 256 MiB memset, as triton.do_bench does),
median of the repeats. Exit codes as the native tests: 77 without a CUDA device, 127 without torch."""
import argparse
import json
import sys

try:
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel
except ImportError as e:
    print(f"MISSING: PyTorch with torch.nn.attention is not importable ({e})")
    sys.exit(127)


def shape_of(text):
    parts = text.split("x")
    if len(parts) != 5 or not all(p.isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"a shape is BxHxNxMxD, got '{text}'")
    return [int(p) for p in parts]


p = argparse.ArgumentParser()
p.add_argument("shapes", nargs="+", type=shape_of, metavar="BxHxNxMxD")
p.add_argument("--dtype", default="bf16", choices=["bf16", "f16"])
p.add_argument("--causal", action="store_true")
p.add_argument("--repeats", type=int, default=30)
p.add_argument("--json", help="also append each result line to this file")
a = p.parse_args()
if not torch.cuda.is_available():
    print("SKIPPED: torch sees no CUDA device")
    sys.exit(77)

dtype = torch.bfloat16 if a.dtype == "bf16" else torch.float16
flush = torch.empty(256 * 1024 * 1024, dtype=torch.int8, device="cuda")
for B, H, N, M, D in a.shapes:
    q = torch.randn(B, H, N, D, device="cuda", dtype=dtype)
    k = torch.randn(B, H, M, D, device="cuda", dtype=dtype)
    v = torch.randn(B, H, M, D, device="cuda", dtype=dtype)
    flops = 4.0 * B * H * N * M * D / (2 if a.causal else 1)
    for name, backend in (("torch-flash", SDPBackend.FLASH_ATTENTION), ("torch-cudnn", SDPBackend.CUDNN_ATTENTION)):
        row = {"kernel": "attention", "impl": name, "dtype": a.dtype, "shape": [B, H, N, M, D], "causal": a.causal}
        try:
            with sdpa_kernel(backend):
                for _ in range(3):
                    torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=a.causal)
                times = []
                for _ in range(a.repeats):
                    flush.zero_()
                    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    start.record()
                    torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=a.causal)
                    end.record()
                    torch.cuda.synchronize()
                    times.append(start.elapsed_time(end))
            ms = sorted(times)[len(times) // 2]
            row.update(median_ms=ms, tflops=flops / ms / 1e9)
        except RuntimeError as e:
            row["error"] = str(e).splitlines()[0]
        print(json.dumps(row), flush=True)
        if a.json:
            with open(a.json, "a") as f:
                f.write(json.dumps(row) + "\n")
    del q, k, v
