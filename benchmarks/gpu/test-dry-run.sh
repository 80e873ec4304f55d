#!/usr/bin/env bash
# The GPU script's dry run, part of the test command (benchmarks module, integration-test phase):
# packs a bundle from this build, runs run-on-gpu.sh as a GPU machine would, and checks what it
# leaves in $OUT: six files, every step in status.txt with its result, exit code and time, the
# time limits within 480 s, and on a machine without a GPU no GPU step claiming PASS. Also catches
# a bundle that rotted (a class, jar or executable the script names but the bundle lacks).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/genkern-dry-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "test-dry-run: FAIL: $*" >&2; [[ -f $work/out/steps.log ]] && cat "$work/out/steps.log" >&2; exit 1; }

GENKERN_BUNDLE_XZ_LEVEL=0 bash "$root/benchmarks/gpu/prepare-bundle.sh" --no-build --archive "$work/bundle.tar.xz"
OUT="$work/out" GENKERN_BUNDLE="$work/bundle.tar.xz" bash "$root/benchmarks/gpu/run-on-gpu.sh" \
  || fail "run-on-gpu.sh exited with $?"

out="$work/out"
files=$(ls "$out" | sort | tr '\n' ' ')
[[ $files == "bench.jsonl jmh-image.json jmh-motion.json logs.tar.gz status.txt steps.log " || $files == "bench.jsonl logs.tar.gz status.txt steps.log " ]] \
  || fail "\$OUT holds: $files (expected status.txt, steps.log, bench.jsonl, logs.tar.gz, and jmh-motion.json and jmh-image.json when JMH wrote them)"

steps=(unpack nvidia-smi java-device-check test_attention_cuda test_sampling_gpu junit-gpu
       bench-attention-1x16x8192x8192x128 bench-attention-1x16x4096x4096x128 bench-attention-4x16x2048x2048x64
       bench-attention-1x32x16x262144x128 sdpa-peer bench_sampling jmh-motion jmh-image
       memcheck-test_attention_cuda memcheck-test_sampling_gpu racecheck-test_attention_cuda)
[[ $(wc -l < "$out/status.txt") == "${#steps[@]}" ]] || fail "status.txt has $(wc -l < "$out/status.txt") lines, expected ${#steps[@]}"
gpu=0
nvidia-smi -L > /dev/null 2>&1 && gpu=1
total=0
status_line='^[^ ]+ +(PASS|FAIL|SKIP|TIMEOUT|MISSING) +rc=[0-9]+ +[0-9]+s +[(]limit ([0-9]+)s[)]$'
for s in "${steps[@]}"; do
  line=$(grep -E "^$s +" "$out/status.txt") || fail "no status line for $s"
  [[ $line =~ $status_line ]] || fail "malformed status line: $line"
  result=${BASH_REMATCH[1]}
  total=$((total + BASH_REMATCH[2]))
  grep -qF "== $line" "$out/steps.log" || fail "steps.log has no section for $s"
  if [[ $s == unpack ]]; then
    [[ $result == PASS ]] || fail "the bundle did not unpack: $line"
  elif [[ $gpu == 0 && $result == PASS ]]; then
    fail "without a GPU, $s claims PASS: $line"
  fi
done
[[ $total -le 480 ]] || fail "the steps' time limits sum to $total s (at most 480)"
tar -tzf "$out/logs.tar.gz" | grep -q "logs/junit-gpu.log" || fail "logs.tar.gz lacks the JUnit log"

# Rot: what the bundle should hold and the script names must be found (a CPU-only build has no
# CUDA executables to bundle; those steps are then MISSING, as they should be).
for pattern in 'ClassNotFoundException' 'Could not find or load main class' 'Unable to access jarfile' \
               'No matching benchmarks'; do
  ! grep -q "$pattern" "$out/steps.log" || fail "steps.log shows '$pattern'"
done
if [[ -n $(find "$root/java/core/target/cmake" -name test_attention_cuda -type f) ]]; then
  ! grep -qE "bundle/.*No such file or directory" "$out/steps.log" || fail "the bundle lacks a file the script runs"
fi
if [[ $gpu == 0 ]]; then
  grep -q 'unavailable' "$out/steps.log" || fail "the Java device check did not report why CUDA is unavailable"
  grep -q 'cuda:0 is not usable' "$out/steps.log" || fail "JMH did not reach MotionBenchmark's setup"
  [[ $(grep -c 'cuda:0 is not usable' "$out/steps.log") -ge 2 ]] || fail "JMH did not reach ImageBenchmark's generation"
fi
echo "test-dry-run: OK ($(wc -l < "$out/status.txt") steps, limits sum to ${total} s, $(ls "$out" | wc -l) files in \$OUT)"
