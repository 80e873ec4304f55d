#!/usr/bin/env bash
# Prepares, on a build machine (Java + Maven + nvcc, no GPU needed), what the GPU machine runs,
# packed as gpu-bundle/bundle.tar.xz (git-ignored; the device tool carries at most 64 MiB):
#   jre/      jlink'd Java runtime (the GPU machine has no Java)
#   jars/     genkern-core jar (with libgenkern.so built for sm_80/sm_90) + test classes + JUnit console
#   jmh/      the JMH benchmark classes and JMH itself (not libtorch: the GPU peer is PyTorch there)
#   native/   native test executables and the benchmark harnesses (CUDA builds)
# The native executables each carry the same kernels (~12 MB); xz with a large dictionary stores
# them once (126 MiB unpacked, ~25 MiB packed). Then, with the device tool:
#   run  carry=["gpu-bundle"]  command="benchmarks/gpu/run-on-gpu.sh"
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="$root/build/gpu-bundle-staging/bundle"
archive="$root/gpu-bundle/bundle.tar.xz"
cd "$root"

command -v nvcc >/dev/null || { echo "prepare-bundle: nvcc is required to build the CUDA backend" >&2; exit 1; }
# Test classes are compiled even when tests are skipped.
mvn -q -B -ntp -DskipTests -Dgenkern.cuda=ON -pl java/core,benchmarks/jmh -am package

rm -rf "$bundle"
mkdir -p "$bundle/jars" "$bundle/native" "$bundle/jmh"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug --no-header-files \
      --no-man-pages --compress=2 --output "$bundle/jre"

cp java/core/target/genkern-core-*.jar "$bundle/jars/"
cp -r java/core/target/test-classes "$bundle/jars/test-classes"
repo="$HOME/.m2/repository"
cp "$repo/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar" "$repo/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar" "$bundle/jars/"
mvn -q -B -ntp dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 -DoutputDirectory="$bundle/jars"

cp -r benchmarks/jmh/target/classes "$bundle/jmh/classes"
cp benchmarks/jmh/target/lib/jmh-core-*.jar benchmarks/jmh/target/lib/jopt-simple-*.jar benchmarks/jmh/target/lib/commons-math3-*.jar "$bundle/jmh/"

cmake_dir=java/core/target/cmake
find "$cmake_dir" -maxdepth 1 -type f -executable -name 'test_*' -exec cp {} "$bundle/native/" \;
find "$cmake_dir" -type f -executable \( -name 'genkern_bench' -o -name 'bench_sampling' \) -exec cp {} "$bundle/native/" \;
strip "$bundle"/native/* 2>/dev/null || true

mkdir -p "$(dirname "$archive")"
tar -C "$(dirname "$bundle")" -cf - bundle | xz -T0 -9 > "$archive"
size=$(du -sm "$archive" | cut -f1)
echo "bundle ready: $archive (${size} MiB packed, $(du -sm "$bundle" | cut -f1) MiB unpacked)"
[[ $size -lt 64 ]] || { echo "prepare-bundle: $archive is ${size} MiB, over the 64 MiB carry limit" >&2; exit 1; }
