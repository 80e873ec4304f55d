#!/usr/bin/env bash
# Every JMH benchmark with each implementation (genkern and its libtorch peer), one short
# iteration: a failing or crashing fork (a peer's SIGSEGV included) makes JMH exit non-zero (-foe).
# Part of the test command (the benchmarks module's integration-test phase), after `mvn package`.
# Crash logs, if any, stay in benchmarks/jmh/target/jmh-smoke.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$module/target/jmh-smoke"
cd "$module/target/jmh-smoke"
exec java -cp "$module/target/classes:$module/target/lib/*" org.openjdk.jmh.Main 'AttentionBenchmark|MotionBenchmark|ImageBenchmark' \
  -p shape=1x8x1024x1024x64,1x8x4096x4096x64 -p action=walk -p size=64 -wi 0 -i 1 -r 200ms -f 1 -foe true \
  -jvmArgsPrepend "-Dorg.bytedeco.javacpp.cachedir=$module/target/javacpp-cache"
