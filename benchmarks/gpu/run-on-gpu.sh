#!/usr/bin/env bash
# Runs on the GPU machine (no Java, Maven or network there) over gpu-bundle/bundle.tar.xz made by
# prepare-bundle.sh: GPU tests (native and JUnit), the benchmarks with PyTorch SDPA (flash, cuDNN)
# measured in the same run, text-to-motion through the Java API (JMH), then compute-sanitizer
# memcheck and racecheck on small shapes.
# Logs and JSON go to $OUT; a short table is printed last.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$root/out}"
bundle="${TMPDIR:-/tmp}/genkern-bundle/bundle"
mkdir -p "$out" "$(dirname "$bundle")"
cd "$root"
tar -C "$(dirname "$bundle")" -xJf "$root/gpu-bundle/bundle.tar.xz" || { echo "no gpu-bundle/bundle.tar.xz: run prepare-bundle.sh and carry gpu-bundle" >&2; exit 1; }
status=()
# Each result also goes to $OUT/status.txt at once, so a run cut by a time limit still reports.
record() { status+=("$(printf '%-34s %s' "$1" "$2")"); printf '%s\n' "${status[-1]}" >> "$out/status.txt"; }

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv > "$out/gpu.txt" 2>&1
cat "$out/gpu.txt"

# 1. Native GPU tests (each exits 77 = skipped when it finds no usable device).
for t in "$bundle"/native/test_*; do
  name=$(basename "$t")
  "$t" > "$out/$name.log" 2>&1; rc=$?
  case $rc in 0) record "$name" PASS ;; 77) record "$name" SKIPPED ;; *) record "$name" "FAIL (rc $rc)" ;; esac
done

# 2. JUnit tests tagged gpu, through the Java API.
java="$bundle/jre/bin/java"
cp="$(ls "$bundle"/jars/*.jar | grep -v console-standalone | tr '\n' ':')$bundle/jars/test-classes"
"$java" -Dorg.bytedeco.javacpp.cachedir=/tmp/genkern-javacpp -jar "$bundle"/jars/junit-platform-console-standalone-*.jar \
  execute --class-path "$cp" --scan-class-path "$bundle/jars/test-classes" --include-tag gpu --details=summary \
  > "$out/junit-gpu.log" 2>&1
rc=$?; record "junit (tag gpu)" "$([[ $rc == 0 ]] && echo PASS || echo "FAIL (rc $rc)")"
grep -E "tests (successful|failed|skipped)" "$out/junit-gpu.log"

# 3. Benchmarks: genkern's kernels and PyTorch SDPA (flash, cuDNN) on the same shapes, same run.
bench="$bundle/native/genkern_bench"
shapes=("1 16 8192 8192 128" "1 16 4096 4096 128" "4 16 2048 2048 64" "1 32 16 262144 128")
: > "$out/bench.jsonl"
for s in "${shapes[@]}"; do
  read -r B H N M D <<< "$s"
  "$bench" attention --backend cuda --dtype bf16 -B "$B" -H "$H" -N "$N" -M "$M" -D "$D" --peak-tflops 989 \
    --json "$out/bench.jsonl" >> "$out/bench.log" 2>&1
  python3 "$root/benchmarks/gpu/sdpa_peer.py" --dtype bf16 -B "$B" -H "$H" -N "$N" -M "$M" -D "$D" >> "$out/bench.jsonl" 2>> "$out/bench.log"
done
[[ -x "$bundle/native/bench_sampling" ]] && "$bundle/native/bench_sampling" > "$out/bench-sampling.log" 2>&1 && tail -n 12 "$out/bench-sampling.log"

# 4. Text-to-motion on the GPU through the Java API (JMH): 6 s, 50 DDIM steps, guidance 1.5; goal <= 100 ms.
jmh_cp="$(ls "$bundle"/jmh/*.jar "$bundle"/jars/genkern-core-*.jar "$bundle"/jars/javacpp-*.jar | tr '\n' ':')$bundle/jmh/classes"
"$java" -cp "$jmh_cp" org.openjdk.jmh.Main MotionBenchmark -wi 3 -i 10 \
  -jvmArgs "-Dgenkern.backend=cuda -Dorg.bytedeco.javacpp.cachedir=/tmp/genkern-javacpp" \
  -rf json -rff "$out/jmh-motion.json" > "$out/jmh-motion.log" 2>&1
rc=$?; record "jmh MotionBenchmark (cuda)" "$([[ $rc == 0 ]] && echo DONE || echo "FAIL (rc $rc)")"
grep -E "^MotionBenchmark|^Benchmark" "$out/jmh-motion.log"

# 5. compute-sanitizer on small shapes (GENKERN_TEST_SMALL keeps the native tests short); last, as
# the slowest step, so that a time limit cuts it rather than the figures.
for tool in memcheck racecheck; do
  for t in "$bundle"/native/test_attention_cuda "$bundle"/native/test_sampling; do
    [[ -x "$t" ]] || continue
    GENKERN_TEST_SMALL=1 compute-sanitizer --tool "$tool" --error-exitcode 99 "$t" > "$out/sanitizer-$tool-$(basename "$t").log" 2>&1
    rc=$?; record "$tool $(basename "$t")" "$([[ $rc == 0 ]] && echo CLEAN || echo "ERRORS (rc $rc)")"
  done
done

echo
echo "== genkern on the GPU machine =="
printf '%s\n' "${status[@]}"
python3 "$root/benchmarks/gpu/summarize.py" "$out/bench.jsonl" 2>/dev/null || tail -n 30 "$out/bench.log"
