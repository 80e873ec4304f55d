#!/usr/bin/env bash
# Packs what a GPU machine without Java, Maven or network needs to test and benchmark genkern,
# as gpu-bundle/bundle.tar.xz (git-ignored). Build it on any Linux machine with Java 17, Maven,
# CMake and nvcc (no GPU needed); copy the genkern checkout with gpu-bundle/ to the GPU machine and
# run  bash benchmarks/gpu/run-on-gpu.sh  there (about 8 minutes; results in $OUT).
#   jre/     a jlink'd Java runtime (java.desktop included: device tests may write images)
#   jars/    genkern-core (libgenkern.so for sm_80/sm_90), genkern-image, core's test classes, JavaCPP, JUnit console
#   jmh/     the JMH benchmark classes and JMH itself (not libtorch: the GPU peer is PyTorch there)
#   native/  the CUDA tests and benchmark harnesses (plain executables)
# The executables each carry the same kernels; xz with a large dictionary stores them once.
#
# usage: prepare-bundle.sh [--no-build] [--archive PATH]
#   --no-build      assemble from what `mvn package` or `mvn verify` built already (no CUDA check)
#   --archive PATH  where to write the archive (default gpu-bundle/bundle.tar.xz)
#   GENKERN_BUNDLE_XZ_LEVEL  xz preset, default 9 (the dry-run test packs with 0: faster, bigger)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
build=1
archive="$root/gpu-bundle/bundle.tar.xz"
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) build=0 ;;
    --archive) archive="$2"; shift ;;
    *) echo "prepare-bundle: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
staging="$(mktemp -d "${TMPDIR:-/tmp}/genkern-bundle.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
bundle="$staging/bundle"

if [[ $build == 1 ]]; then
  command -v nvcc >/dev/null || { echo "prepare-bundle: nvcc is required to build the CUDA backend" >&2; exit 1; }
  # Test classes are compiled even when tests are skipped.
  mvn -q -B -ntp -DskipTests -Dgenkern.cuda=ON -pl java/core,benchmarks/jmh -am package
fi

# Everything below comes from the Maven build: the JavaCPP and JMH jars as the poms resolved them,
# the JUnit console copied by the benchmarks module (target/bundle-tools).
lib=benchmarks/jmh/target/lib
cmake_dir=java/core/target/cmake
for need in java/core/target/test-classes java/image/target benchmarks/jmh/target/classes "$lib" benchmarks/jmh/target/bundle-tools "$cmake_dir"; do
  [[ -e $need ]] || { echo "prepare-bundle: $need is missing: run mvn package first (or drop --no-build)" >&2; exit 1; }
done

mkdir -p "$bundle/jars" "$bundle/native" "$bundle/jmh"
jlink --add-modules java.base,java.desktop,java.logging,java.management,jdk.unsupported --strip-debug \
      --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"

cp "$(ls java/core/target/genkern-core-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)" "$bundle/jars/"
cp "$(ls java/image/target/genkern-image-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)" "$bundle/jars/"
cp -r java/core/target/test-classes "$bundle/jars/test-classes"
cp "$lib"/javacpp-*.jar "$bundle/jars/"
cp benchmarks/jmh/target/bundle-tools/junit-platform-console-standalone-*.jar "$bundle/jars/"

cp -r benchmarks/jmh/target/classes "$bundle/jmh/classes"
cp "$lib"/jmh-core-*.jar "$lib"/jopt-simple-*.jar "$lib"/commons-math3-*.jar "$bundle/jmh/"

# The executables that use the GPU; a CPU-only build has none (the GPU script then says MISSING).
for exe in test_attention_cuda test_sampling_gpu genkern_bench bench_sampling; do
  find "$cmake_dir" -type f -executable -name "$exe" -exec cp {} "$bundle/native/" \;
done
strip "$bundle"/native/* 2>/dev/null || true

mkdir -p "$(dirname "$archive")"
tar -C "$staging" -cf - bundle | xz -T0 "-${GENKERN_BUNDLE_XZ_LEVEL:-9}" > "$archive"
size=$(du -sm "$archive" | cut -f1)
echo "bundle ready: $archive (${size} MiB packed, $(du -sm "$bundle" | cut -f1) MiB unpacked)"
[[ $size -lt 64 || ${GENKERN_BUNDLE_XZ_LEVEL:-9} != 9 ]] || { echo "prepare-bundle: $archive is ${size} MiB, over 64 MiB" >&2; exit 1; }
