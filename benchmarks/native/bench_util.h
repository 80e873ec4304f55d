// Shared helpers of the native benchmark harness: robust timing (median after warm-up, caches
// flushed between repeats), the machine's measured FMA peak and memcpy bandwidth, and JSON lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bench {

// Exit code when the asked-for device is absent: ctest's "skipped", read the same way by the GPU script.
constexpr int kSkipped = 77;

double median(std::vector<double> v);

// Writes a buffer larger than the last-level cache, so every timed run starts cold.
void flush_cpu_caches();

// Median wall time in ms of fn over `repeats` runs after `warmup` runs, caches flushed before each.
double cpu_median_ms(const std::function<void()>& fn, int warmup, int repeats);

// All worker threads running independent FMA chains (AVX2+FMA, 8 lanes): GFLOP/s, 2 per FMA lane.
double cpu_fma_peak_gflops();  // defined in cpu_peak_avx2.cpp; needs gk::simd_level() == Avx2

// memcpy of a 512 MB buffer split over all worker threads: GB/s of bytes copied (each byte is
// read once and written once; the figure counts it once).
double cpu_memcpy_gbps();

// One JSON object on one line, fields in insertion order.
class JsonLine {
public:
    JsonLine& add(const std::string& key, const std::string& value);
    JsonLine& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
    JsonLine& add(const std::string& key, double value);
    JsonLine& add(const std::string& key, int64_t value);
    JsonLine& add_null(const std::string& key);
    std::string str() const;
    void append_to(const std::string& path) const;  // throws std::runtime_error when it cannot write

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace bench
