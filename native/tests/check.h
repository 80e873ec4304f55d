// A minimal test harness for the native tests: CHECK records a failure with file, line and a
// message and the test goes on; main returns non-zero when anything failed (ctest reports it).
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "genkern/genkern.h"

namespace check {

inline int& failures() {
    static int n = 0;
    return n;
}

inline void fail_at(const char* file, int line, const std::string& msg) {
    std::fprintf(stderr, "FAIL %s:%d: %s\n", file, line, msg.c_str());
    ++failures();
}

inline int finish(const char* name) {
    if (failures()) std::fprintf(stderr, "%s: %d check(s) failed\n", name, failures());
    else std::printf("%s: all checks passed\n", name);
    return failures() ? 1 : 0;
}

// A fresh seed per run (printed, so a failure can be replayed with GENKERN_TEST_SEED).
inline uint64_t seed() {
    static uint64_t s = [] {
        const char* env = std::getenv("GENKERN_TEST_SEED");
        uint64_t v = env ? std::strtoull(env, nullptr, 10) : std::random_device{}();
        std::printf("GENKERN_TEST_SEED=%llu\n", (unsigned long long)v);
        return v;
    }();
    return s;
}

inline gk_tensor tensor(void* data, gk_dtype dtype, std::vector<int64_t> shape) {
    gk_tensor t{};
    t.data = data;
    t.dtype = dtype;
    t.device = GK_CPU;
    t.ndim = (int32_t)shape.size();
    int64_t stride = 1;
    for (int i = t.ndim - 1; i >= 0; --i) {
        t.shape[i] = shape[i];
        t.strides[i] = stride;
        stride *= shape[i];
    }
    return t;
}

}  // namespace check

#define CHECK(cond, msg)                                                      \
    do {                                                                      \
        if (!(cond)) check::fail_at(__FILE__, __LINE__, std::string(#cond) + ": " + (msg)); \
    } while (0)

#define CHECK_OK(call)                                                                         \
    do {                                                                                       \
        gk_status s_ = (call);                                                                 \
        if (s_ != GK_OK) check::fail_at(__FILE__, __LINE__, std::string(#call) + " -> " + gk_last_error()); \
    } while (0)
