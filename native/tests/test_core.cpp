// The C API's foundations: allocation accounting, copies, fill, errors, the worker pool.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "check.h"
#include "core/threads.h"

static void allocation_is_accounted() {
    int64_t before = 0, during = 0, after = 0;
    CHECK_OK(gk_bytes_in_use(GK_CPU, 0, &before));
    void* p = nullptr;
    CHECK_OK(gk_alloc(GK_CPU, 0, 1000, &p));
    CHECK((uintptr_t)p % 64 == 0, "host allocations are 64-byte aligned");
    CHECK_OK(gk_bytes_in_use(GK_CPU, 0, &during));
    CHECK(during - before == 1000, "1000 bytes accounted, got " + std::to_string(during - before));
    CHECK_OK(gk_free(GK_CPU, 0, p));
    CHECK_OK(gk_bytes_in_use(GK_CPU, 0, &after));
    CHECK(after == before, "accounting returns to its start");
}

static void errors_name_values() {
    int x = 0;
    CHECK(gk_free(GK_CPU, 0, &x) == GK_INVALID_ARGUMENT, "freeing a foreign pointer is refused");
    CHECK(std::strstr(gk_last_error(), "was not allocated by gk_alloc") != nullptr, gk_last_error());
    gk_tensor t = check::tensor(&x, GK_F32, {1});
    t.ndim = 12;
    CHECK(gk_fill(&t, 0, nullptr) == GK_INVALID_ARGUMENT, "rank 12 is refused");
    CHECK(std::strstr(gk_last_error(), "12 dimensions") != nullptr, gk_last_error());
    // The message is per thread: another thread's failure does not overwrite ours.
    std::thread([] { gk_free(GK_CPU, 0, (void*)16); }).join();
    CHECK(std::strstr(gk_last_error(), "12 dimensions") != nullptr, gk_last_error());
}

static void fill_respects_strides() {
    float buf[12];
    for (float& v : buf) v = -1;
    gk_tensor t = check::tensor(buf, GK_F32, {3, 2});
    t.strides[0] = 4;  // rows 4 apart, 2 used
    CHECK_OK(gk_fill(&t, 7.5, nullptr));
    for (int i = 0; i < 12; ++i) {
        bool inside = i % 4 < 2 && i < 12;
        CHECK(buf[i] == (inside ? 7.5f : -1.0f), "element " + std::to_string(i));
    }
}

static void pool_covers_range_once() {
    for (int threads : {1, 2, 3, 7}) {
        gk::set_num_threads(threads);
        for (int64_t n : {0, 1, 5, 1000}) {
            std::vector<std::atomic<int>> hits(n);
            gk::parallel_for(n, [&](int64_t b, int64_t e, int w) {
                CHECK(w >= 0 && w < threads, "worker index in range");
                for (int64_t i = b; i < e; ++i) hits[i]++;
                // Nested use runs serially instead of deadlocking.
                gk::parallel_for(2, [](int64_t, int64_t, int) {});
            });
            for (int64_t i = 0; i < n; ++i) CHECK(hits[i] == 1, "index covered exactly once");
        }
    }
    gk::set_num_threads(0);
}

static void concurrent_callers_are_safe() {
    std::atomic<int64_t> total{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&] {
            for (int r = 0; r < 50; ++r)
                gk::parallel_for(100, [&](int64_t b, int64_t e, int) { total += e - b; });
        });
    for (auto& t : callers) t.join();
    CHECK(total == 4 * 50 * 100, "every call ran every index once");
}

static void cuda_query_never_fails() {
    gk_cuda_info info;
    CHECK_OK(gk_cuda_query(0, &info));
    if (info.device_count == 0) CHECK(info.reason[0] != 0, "without a device the reason is given");
}

// Thread settings out of range, from the API or the environment, are refused with the value named
// (100000 threads used to end in "internal error: Resource temporarily unavailable").
static void thread_settings_are_checked() {
    for (int32_t n : {-1, 1025, 100000}) {
        CHECK(gk_cpu_set_threads(n) == GK_INVALID_ARGUMENT, "gk_cpu_set_threads(" + std::to_string(n) + ") is refused");
        CHECK(std::strstr(gk_last_error(), ("got " + std::to_string(n)).c_str()) != nullptr, gk_last_error());
    }
    for (const char* bad : {"0", "-3", "abc", "4x", "100000", ""}) {
        setenv("GENKERN_NUM_THREADS", bad, 1);
        CHECK(gk_cpu_set_threads(0) == GK_INVALID_ARGUMENT, std::string("GENKERN_NUM_THREADS='") + bad + "' is refused");
        CHECK(std::strstr(gk_last_error(), (std::string("GENKERN_NUM_THREADS='") + bad + "'").c_str()) != nullptr, gk_last_error());
    }
    setenv("GENKERN_NUM_THREADS", "3", 1);
    CHECK_OK(gk_cpu_set_threads(0));
    gk_cpu_info info{};
    CHECK_OK(gk_cpu_query(&info));
    CHECK(info.threads == 3, "GENKERN_NUM_THREADS=3 gives 3 threads, got " + std::to_string(info.threads));
    unsetenv("GENKERN_NUM_THREADS");
    CHECK_OK(gk_cpu_set_threads(0));
}

int main() {
    allocation_is_accounted();
    errors_name_values();
    fill_respects_strides();
    pool_covers_range_once();
    concurrent_callers_are_safe();
    cuda_query_never_fails();
    thread_settings_are_checked();
    return check::finish("test_core");
}
