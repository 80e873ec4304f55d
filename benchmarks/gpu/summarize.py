"""Prints the benchmark table from the JSON lines written by run-on-gpu.sh (genkern_bench and sdpa_peer.py)."""
import json
import sys

rows = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    try:
        r = json.loads(line)
    except json.JSONDecodeError:
        continue
    for item in r if isinstance(r, list) else [r]:
        rows.append(item)
print(f"{'impl':<16}{'shape (B,H,N,M,D)':<28}{'ms':>10}{'TFLOP/s':>10}")
for r in rows:
    if "error" in r:
        print(f"{r.get('impl', '?'):<16}error: {r['error']}")
        continue
    shape = r.get("shape") or [r.get(k) for k in ("B", "H", "N", "M", "D")]
    tflops = r.get("tflops") or (r.get("gflops", 0) / 1000)
    print(f"{r.get('impl', r.get('backend', 'genkern')):<16}{str(shape):<28}{r['median_ms']:>10.3f}{tflops:>10.1f}")
