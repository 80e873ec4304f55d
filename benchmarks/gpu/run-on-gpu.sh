#!/usr/bin/env bash
# Runs on a GPU machine over the bundle made by prepare-bundle.sh (no Java, Maven or network needed
# there; python3 with PyTorch for the SDPA peer and compute-sanitizer are used when present):
#   bash benchmarks/gpu/run-on-gpu.sh          # results in $OUT (default ./out), about 8 minutes
# Steps: the device as nvidia-smi and Java see it, the CUDA tests (native and JUnit), the attention
# benchmarks with PyTorch SDPA (flash, cuDNN) measured in the same run, the sampler benchmark,
# text-to-motion and image generation through the Java API (JMH), then compute-sanitizer memcheck
# and racecheck on small shapes (last: the slowest). Every step runs under its own time limit (the
# limits sum to 480 s), so one hung kernel cannot take the later steps with it.
#
# $OUT receives six files, each rewritten as soon as a step ends (a cut-off run keeps what it had):
#   status.txt      one line per step: PASS / FAIL / SKIP / TIMEOUT / MISSING, exit code, seconds
#   steps.log       the last lines of each step's output
#   bench.jsonl     attention benchmark results (genkern_bench and sdpa_peer.py), one JSON per line
#   jmh-motion.json JMH's result file for MotionBenchmark
#   jmh-image.json  JMH's result file for ImageBenchmark (128² texture and inpainting)
#   logs.tar.gz     every step's whole log (each cut to its last 4 MiB)
# GENKERN_BUNDLE names another bundle archive (default gpu-bundle/bundle.tar.xz).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$root/out}"
archive="${GENKERN_BUNDLE:-$root/gpu-bundle/bundle.tar.xz}"
work="$(mktemp -d "${TMPDIR:-/tmp}/genkern-gpu.XXXXXX")"
bundle="$work/bundle"
logs="$work/logs"
mkdir -p "$out" "$logs"
trap 'rm -rf "$work"' EXIT
cd "$root"
: > "$out/status.txt"
: > "$out/steps.log"
: > "$out/bench.jsonl"
started=$SECONDS
echo "genkern GPU run on $(hostname) at $(date -u +%FT%TZ)" | tee -a "$out/steps.log"

# step NAME LIMIT_S [VERDICT] -- COMMAND...: runs COMMAND under `timeout`, its whole output in
# $logs/NAME.log. Exit code 0 is PASS, 77 SKIP (no usable device), 124/137 TIMEOUT, 126/127 MISSING
# (not there or not runnable), anything else FAIL; VERDICT, a function given that result and the
# log, may say more precisely what happened.
step() {
  local name=$1 limit=$2 verdict=""
  shift 2
  if [[ $1 != -- ]]; then verdict=$1; shift; fi
  shift
  local log="$logs/$name.log" t0=$SECONDS rc result
  printf '[%4ds] %s (limit %ds) ...\n' $((SECONDS - started)) "$name" "$limit"
  timeout -k 10 "$limit" "$@" > "$log" 2>&1
  rc=$?
  case $rc in
    0) result=PASS ;;
    77) result=SKIP ;;
    124 | 137) result=TIMEOUT ;;
    126 | 127) result=MISSING ;;
    *) result=FAIL ;;
  esac
  if [[ -n $verdict ]]; then result=$("$verdict" "$result" "$log"); fi
  local line
  line=$(printf '%-36s %-8s rc=%-4s %5ds  (limit %ds)' "$name" "$result" "$rc" $((SECONDS - t0)) "$limit")
  echo "$line" >> "$out/status.txt"
  echo "$line"
  { echo; echo "== $line"; tail -n 40 "$log"; } >> "$out/steps.log"
  if [[ $(stat -c %s "$log") -gt 4194304 ]]; then tail -c 4194304 "$log" > "$log.tail" && mv "$log.tail" "$log"; fi
  tar -C "$work" -czf "$out/logs.tar.gz" logs
}

# Verdicts for steps whose exit code alone would claim too much: each is given RESULT LOG.
junit_verdict() {  # PASS only when tests ran and none failed or was aborted (a skipped GPU test aborts)
  [[ $1 == PASS ]] || { echo "$1"; return; }
  local ok failed aborted
  ok=$(grep -oE '[0-9]+ tests successful' "$2" | grep -oE '^[0-9]+' || echo 0)
  failed=$(grep -oE '[0-9]+ tests failed' "$2" | grep -oE '^[0-9]+' || echo 0)
  aborted=$(grep -oE '[0-9]+ tests aborted' "$2" | grep -oE '^[0-9]+' || echo 0)
  if [[ $failed != 0 ]]; then echo FAIL
  elif [[ $ok != 0 && $aborted == 0 ]]; then echo PASS
  elif [[ $ok == 0 ]]; then echo SKIP
  else echo FAIL
  fi
}
bench_lines=0  # bench.jsonl's length before the step
bench_verdict() {  # PASS only when the run appended its result to bench.jsonl
  [[ $1 == PASS ]] || { echo "$1"; return; }
  if [[ $(wc -l < "$out/bench.jsonl") -gt $bench_lines ]]; then echo PASS; else echo FAIL; fi
}
sdpa_verdict() {  # PASS only when every shape and backend has a time
  [[ $1 == PASS ]] || { echo "$1"; return; }
  if grep -q '"error"' "$2" || ! grep -q '"median_ms"' "$2"; then echo FAIL; else echo PASS; fi
}
sampling_verdict() {  # bench_sampling measures the CPU and says when it skipped CUDA
  if [[ $1 == PASS ]] && grep -q '^cuda  skipped' "$2"; then echo SKIP; else echo "$1"; fi
}
jmh_verdict() {  # RESULT LOG JSON ROWS: SKIP when the backend said CUDA is not usable; PASS only with ROWS scores
  if [[ $1 == FAIL ]] && grep -q 'cuda:0 is not usable' "$2"; then echo SKIP; return; fi
  [[ $1 == PASS ]] || { echo "$1"; return; }
  python3 - "$out/$3" "$4" << 'EOF' 2> /dev/null || echo FAIL
import json, sys
rows = json.load(open(sys.argv[1]))
print("PASS" if len(rows) == int(sys.argv[2]) and all(r["primaryMetric"]["score"] > 0 for r in rows) else "FAIL")
EOF
}
jmh_motion_verdict() { jmh_verdict "$1" "$2" jmh-motion.json 2; }
jmh_image_verdict() { jmh_verdict "$1" "$2" jmh-image.json 2; }

# Python's tarfile needs no xz binary (GPU machines often lack one); tar + xz otherwise.
if [[ ! -f $archive ]]; then
  echo "no bundle at $archive: run benchmarks/gpu/prepare-bundle.sh first" | tee -a "$out/steps.log"
  printf '%-36s %-8s rc=%-4s %5ds  (limit %ds)\n' unpack MISSING - 0 30 | tee -a "$out/status.txt"
  exit 1
elif command -v python3 > /dev/null; then
  step unpack 30 -- python3 -c '
import sys, tarfile
keep_modes = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}  # executable bits, no warning
tarfile.open(sys.argv[1]).extractall(sys.argv[2], **keep_modes)' "$archive" "$work"
else
  step unpack 30 -- tar -C "$work" -xJf "$archive"
fi

java="$bundle/jre/bin/java"
jars="$(ls "$bundle"/jars/*.jar 2> /dev/null | grep -v console-standalone | tr '\n' ':')"
javacpp_cache="-Dorg.bytedeco.javacpp.cachedir=$work/javacpp"

# 1. The device, as the driver and as genkern's Java API see it.
step nvidia-smi 10 -- nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
step java-device-check 20 -- "$java" "$javacpp_cache" -cp "$jars" io.genkern.SystemReport --require-cuda

# 2. CUDA tests: native (exit 77 = no usable device) and JUnit (tag gpu, skipped without a device).
step test_attention_cuda 60 -- "$bundle/native/test_attention_cuda"
step test_sampling_gpu 20 -- "$bundle/native/test_sampling_gpu"
step junit-gpu 45 junit_verdict -- "$java" "$javacpp_cache" -jar "$(ls "$bundle"/jars/junit-platform-console-standalone-*.jar 2> /dev/null)" \
  execute --class-path "${jars}$bundle/jars/test-classes" --scan-class-path "$bundle/jars/test-classes" --include-tag gpu \
  --details=summary --disable-banner

# 3. Attention benchmarks: genkern's kernels, then PyTorch SDPA (flash, cuDNN) on the same shapes.
shapes=(1x16x8192x8192x128 1x16x4096x4096x128 4x16x2048x2048x64 1x32x16x262144x128)
for s in "${shapes[@]}"; do
  IFS=x read -r B H N M D <<< "$s"
  limit=15
  [[ $M -gt 100000 ]] && limit=25  # 2 x 1 G key and value elements made and uploaded
  bench_lines=$(wc -l < "$out/bench.jsonl")
  step "bench-attention-$s" $limit bench_verdict -- "$bundle/native/genkern_bench" attention --backend cuda --dtype bf16 \
    -B "$B" -H "$H" -N "$N" -M "$M" -D "$D" --peak-tflops 989 --json "$out/bench.jsonl"
done
step sdpa-peer 45 sdpa_verdict -- python3 "$root/benchmarks/gpu/sdpa_peer.py" --dtype bf16 --json "$out/bench.jsonl" "${shapes[@]}"
step bench_sampling 15 sampling_verdict -- "$bundle/native/bench_sampling"

# 4. Text-to-motion and image generation on the GPU through the Java API (JMH): 6 s of motion, 50
# DDIM steps, guidance; a 128² texture and a 128² inpainting, 19 steps, default approximations.
jmh_cp="$(ls "$bundle"/jmh/*.jar 2> /dev/null | tr '\n' ':')${jars}$bundle/jmh/classes"
step jmh-motion 50 jmh_motion_verdict -- "$java" -cp "$jmh_cp" org.openjdk.jmh.Main MotionBenchmark -wi 3 -i 6 -foe true \
  -jvmArgs "-Dgenkern.backend=cuda $javacpp_cache" -rf json -rff "$out/jmh-motion.json"
step jmh-image 20 jmh_image_verdict -- "$java" -cp "$jmh_cp" org.openjdk.jmh.Main ImageBenchmark -p size=128 -p exact=false \
  -wi 1 -i 2 -foe true -jvmArgs "-Dgenkern.backend=cuda $javacpp_cache" -rf json -rff "$out/jmh-image.json"

# 5. compute-sanitizer on small shapes (GENKERN_TEST_SMALL: one case per kernel specialisation).
export GENKERN_TEST_SMALL=1
step memcheck-test_attention_cuda 35 -- compute-sanitizer --tool memcheck --print-limit 20 --error-exitcode 99 \
  "$bundle/native/test_attention_cuda"
step memcheck-test_sampling_gpu 20 -- compute-sanitizer --tool memcheck --print-limit 20 --error-exitcode 99 \
  "$bundle/native/test_sampling_gpu"
step racecheck-test_attention_cuda 40 -- compute-sanitizer --tool racecheck --print-limit 20 --error-exitcode 99 \
  "$bundle/native/test_attention_cuda"

echo
echo "== genkern on the GPU machine ($((SECONDS - started)) s) =="
cat "$out/status.txt"
python3 "$root/benchmarks/gpu/summarize.py" "$out/bench.jsonl" 2> /dev/null || true
rm -rf "$work"
