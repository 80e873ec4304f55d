#include "bench_util.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/threads.h"

namespace bench {

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void flush_cpu_caches() {
    static std::vector<char> junk(256 << 20);  // well above any last-level cache here (32 MB)
    static char value = 0;
    ++value;
    gk::parallel_for((int64_t)junk.size() >> 20, [&](int64_t begin, int64_t end, int) {
        std::memset(junk.data() + (begin << 20), value, (size_t)(end - begin) << 20);
    });
}

double cpu_median_ms(const std::function<void()>& fn, int warmup, int repeats) {
    for (int i = 0; i < warmup; ++i) fn();
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        flush_cpu_caches();
        auto t0 = std::chrono::steady_clock::now();
        fn();
        auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return median(ms);
}

double cpu_memcpy_gbps() {
    const size_t bytes = (size_t)512 << 20, chunk = 1 << 20;
    std::vector<char> src(bytes, 1), dst(bytes, 0);
    auto copy = [&] {
        gk::parallel_for((int64_t)(bytes / chunk), [&](int64_t begin, int64_t end, int) {
            std::memcpy(dst.data() + begin * chunk, src.data() + begin * chunk, (size_t)(end - begin) * chunk);
        });
    };
    double ms = cpu_median_ms(copy, 1, 5);
    return (double)bytes / (ms * 1e6);
}

JsonLine& JsonLine::add(const std::string& key, const std::string& value) {
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    fields_.emplace_back(key, quoted + "\"");
    return *this;
}

JsonLine& JsonLine::add(const std::string& key, double value) {
    if (!std::isfinite(value)) return add_null(key);
    std::ostringstream os;
    os.precision(6);
    os << value;
    fields_.emplace_back(key, os.str());
    return *this;
}

JsonLine& JsonLine::add(const std::string& key, int64_t value) {
    fields_.emplace_back(key, std::to_string(value));
    return *this;
}

JsonLine& JsonLine::add_null(const std::string& key) {
    fields_.emplace_back(key, "null");
    return *this;
}

std::string JsonLine::str() const {
    std::string s = "{";
    for (size_t i = 0; i < fields_.size(); ++i) s += (i ? ", \"" : "\"") + fields_[i].first + "\": " + fields_[i].second;
    return s + "}";
}

void JsonLine::append_to(const std::string& path) const {
    std::ofstream f(path, std::ios::app);
    if (!f || !(f << str() << "\n")) throw std::runtime_error("cannot append to " + path);
}

}  // namespace bench
