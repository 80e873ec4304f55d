#!/usr/bin/env bash
# Prepares, on a build machine (Java + Maven + nvcc, no GPU needed), what the GPU machine runs:
#   bundle/jre        jlink'd Java runtime (the GPU machine has no Java)
#   bundle/jars       genkern-core jar (with libgenkern.so built for sm_80/sm_90) + test classes + JUnit console
#   bundle/native     native test executables and the benchmark harness (CUDA builds)
# Then run it there with the device tool:  run  carry=["bundle"]  command="benchmarks/gpu/run-on-gpu.sh"
# bundle/ is git-ignored; it must stay under 64 MiB (the device tool's carry limit).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="$root/bundle"
cd "$root"

command -v nvcc >/dev/null || { echo "prepare-bundle: nvcc is required to build the CUDA backend" >&2; exit 1; }
mvn -q -B -ntp -DskipTests -Dgenkern.cuda=ON -pl java/core -am package
# Test classes are compiled by test-compile even when tests are skipped.
mvn -q -B -ntp -DskipTests -Dgenkern.cuda=ON -pl java/core test-compile

rm -rf "$bundle"
mkdir -p "$bundle/jars" "$bundle/native"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug --no-header-files \
      --no-man-pages --compress=2 --output "$bundle/jre"

cp java/core/target/genkern-core-*.jar "$bundle/jars/"
cp -r java/core/target/test-classes "$bundle/jars/test-classes"
repo="$HOME/.m2/repository"
cp "$repo/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar" "$repo/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar" "$bundle/jars/"
mvn -q -B -ntp dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 -DoutputDirectory="$bundle/jars"

cmake_dir=java/core/target/cmake
find "$cmake_dir" -maxdepth 1 -type f -executable -name 'test_*' -exec cp {} "$bundle/native/" \;
find "$cmake_dir" -type f -executable -name 'genkern_bench' -exec cp {} "$bundle/native/" \;
strip "$bundle"/native/* 2>/dev/null || true

size=$(du -sm "$bundle" | cut -f1)
echo "bundle ready: $bundle (${size} MiB)"
[[ $size -lt 64 ]] || { echo "prepare-bundle: bundle is ${size} MiB, over the 64 MiB carry limit" >&2; exit 1; }
