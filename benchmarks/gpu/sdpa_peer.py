"""PyTorch SDPA (flash and cuDNN backends) on one attention shape: the GPU peer measured in the
same run as genkern's kernels. Prints one JSON line per backend. Timing: CUDA events, L2 flushed
between repeats (a 256 MiB memset, as triton.do_bench does), median of the repeats."""
import argparse
import json

import torch
from torch.nn.attention import SDPBackend, sdpa_kernel

p = argparse.ArgumentParser()
for flag in ("-B", "-H", "-N", "-M", "-D"):
    p.add_argument(flag, type=int, required=True)
p.add_argument("--dtype", default="bf16", choices=["bf16", "f16"])
p.add_argument("--causal", action="store_true")
p.add_argument("--repeats", type=int, default=30)
a = p.parse_args()

dtype = torch.bfloat16 if a.dtype == "bf16" else torch.float16
q = torch.randn(a.B, a.H, a.N, a.D, device="cuda", dtype=dtype)
k = torch.randn(a.B, a.H, a.M, a.D, device="cuda", dtype=dtype)
v = torch.randn(a.B, a.H, a.M, a.D, device="cuda", dtype=dtype)
flush = torch.empty(256 * 1024 * 1024, dtype=torch.int8, device="cuda")
flops = 4.0 * a.B * a.H * a.N * a.M * a.D / (2 if a.causal else 1)

for name, backend in (("torch-flash", SDPBackend.FLASH_ATTENTION), ("torch-cudnn", SDPBackend.CUDNN_ATTENTION)):
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
        print(json.dumps({"kernel": "attention", "impl": name, "dtype": a.dtype, "shape": [a.B, a.H, a.N, a.M, a.D],
                          "causal": a.causal, "median_ms": ms, "tflops": flops / ms / 1e9}))
    except RuntimeError as e:
        print(json.dumps({"kernel": "attention", "impl": name, "error": str(e).splitlines()[0]}))
