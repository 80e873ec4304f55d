// The fused sampler step against (1) a plain copy of the same bytes, the memory-bound ceiling, and
// (2) the unfused sequence of separate element-wise passes it replaces (what diffusers runs as
// torch ops: guidance combine, conversion to x0, the update, noise generation, noise add, history
// copy), on the CPU and, when present, on CUDA. Prints GB/s and the fused step's % of copy bandwidth.
//
// Two step shapes, both with classifier-free guidance (cond, uncond) and one history tensor:
//   dpmpp_2m      reads cond, uncond, x, history; writes x', the new history entry (6 f32 arrays)
//   dpmpp_2m_sde  the same plus Philox noise generated in the kernel (compute on top of the traffic)
// Launches per fused step: 1. Unfused: 6 passes.
//
// Usage: bench_sampling [elements_cpu] [elements_cuda]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "core/threads.h"
#include "genkern/genkern.h"
#include "genkern/sampling.h"

namespace {

void ok(gk_status s, const char* what) {
    if (s != GK_OK) {
        std::fprintf(stderr, "%s failed: %s\n", what, gk_last_error());
        std::exit(1);
    }
}

struct Buffers {
    int32_t device;
    int64_t n;
    std::vector<void*> ptrs;
    Buffers(int32_t device, int64_t n, int count) : device(device), n(n), ptrs(count) {
        for (void*& p : ptrs) {
            ok(gk_alloc(device, 0, n * 4, &p), "gk_alloc");
            gk_tensor t = tensor(p);
            ok(gk_fill(&t, 0.25, nullptr), "gk_fill");
        }
    }
    ~Buffers() {
        for (void* p : ptrs) gk_free(device, 0, p);
    }
    gk_tensor tensor(void* p) const {
        gk_tensor t{};
        t.data = p;
        t.dtype = GK_F32;
        t.device = device;
        t.ndim = 2;
        t.shape[0] = 4, t.shape[1] = n / 4;
        t.strides[0] = n / 4, t.strides[1] = 1;
        return t;
    }
    gk_tensor operator[](int i) const { return tensor(ptrs[i]); }
};

// Median seconds per call of fn over several repetitions (device work synchronised).
double time_it(int32_t device, const std::function<void()>& fn) {
    auto sync = [&] { if (device == GK_CUDA) ok(gk_stream_synchronize(GK_CUDA, 0, nullptr), "sync"); };
    for (int i = 0; i < 3; ++i) fn();
    sync();
    std::vector<double> times;
    const int inner = device == GK_CUDA ? 20 : 3;
    for (int r = 0; r < 7; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < inner; ++i) fn();
        sync();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / inner);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

enum { COND, UNCOND, X, HIST, G, D, XI, SRC, DST, kBuffers };

gk_sampler_step_args fused_args(const Buffers& b, bool noise) {
    gk_sampler_step_args a{};
    a.cond = b[COND], a.uncond = b[UNCOND], a.x = b[X], a.history[0] = b[HIST];
    a.out = b[X], a.denoised_out = b[HIST];  // in place, as the sampling loop runs it
    a.guidance_scale = 7.5, a.denoise_x = 1.02, a.denoise_model = -0.2;
    a.c_x = 0.9, a.c_denoised = 0.15, a.c_history[0] = -0.05;
    if (noise) a.c_noise = 0.1, a.seed = 1234, a.noise_step = 5;
    return a;
}

// The same update as separate element-wise passes, each one of our kernels doing a single op.
void unfused(const Buffers& b, bool noise) {
    gk_sampler_step_args a{};
    a.cond = b[COND], a.uncond = b[UNCOND], a.x = b[COND], a.out = b[G];  // g = u + w·(c − u)
    a.guidance_scale = 7.5, a.denoise_model = 1, a.c_denoised = 1;
    ok(gk_sampler_step(&a, nullptr), "cfg pass");
    a = gk_sampler_step_args{};
    a.cond = b[G], a.x = b[X], a.out = b[D], a.denoise_x = 1.02, a.denoise_model = -0.2, a.c_denoised = 1;  // D
    ok(gk_sampler_step(&a, nullptr), "x0 pass");
    a = gk_sampler_step_args{};
    a.x = b[X], a.history[0] = b[D], a.history[1] = b[HIST], a.out = b[X];  // x' = a·x + b·D + c·H
    a.c_x = 0.9, a.c_history[0] = 0.15, a.c_history[1] = -0.05;
    ok(gk_sampler_step(&a, nullptr), "update pass");
    if (noise) {
        gk_tensor xi = b[XI];
        ok(gk_philox_normal(&xi, 1234, 5, 0, nullptr), "noise pass");
        a = gk_sampler_step_args{};
        a.x = b[X], a.noise = b[XI], a.out = b[X], a.c_x = 1, a.c_noise = 0.1;
        ok(gk_sampler_step(&a, nullptr), "noise add pass");
    }
    ok(gk_copy(b.ptrs[HIST], b.device, b.ptrs[D], b.device, 0, b.n * 4, nullptr), "history copy");
}

// The copy ceiling: the fused step's 6 arrays of traffic as a copy of 3 arrays' bytes.
void copy_same_bytes(const Buffers& b) {
    const int64_t bytes = b.n * 4 * 3;
    char* dst = (char*)b.ptrs[DST];
    const char* src = (const char*)b.ptrs[SRC];
    if (b.device == GK_CUDA) {
        ok(gk_copy(dst, GK_CUDA, src, GK_CUDA, 0, bytes, nullptr), "copy");
        return;
    }
    const int64_t chunk = 1 << 20;
    gk::parallel_for((bytes + chunk - 1) / chunk, [&](int64_t c0, int64_t c1, int) {
        int64_t from = c0 * chunk, to = std::min(bytes, c1 * chunk);
        std::memcpy(dst + from, src + from, to - from);
    });
}

void run(int32_t device, int64_t n) {
    // SRC and DST hold 3 arrays each (the copy moves the fused step's bytes).
    Buffers b(device, n, kBuffers);
    Buffers big(device, 3 * n, 2);
    b.ptrs[SRC] = big.ptrs[0], b.ptrs[DST] = big.ptrs[1];
    const char* name = device == GK_CUDA ? "cuda" : "cpu";
    Buffers* view = &b;
    double copy_s = time_it(device, [&] { copy_same_bytes(*view); });
    double traffic = 6.0 * 4 * n;  // bytes the fused step must move
    double copy_gbs = traffic / copy_s / 1e9;
    std::printf("%-5s n=%lld  threads=%d  copy of the same bytes: %.3f ms, %.1f GB/s\n", name, (long long)n,
                device == GK_CPU ? gk::num_threads() : 0, copy_s * 1e3, copy_gbs);
    for (bool noise : {false, true}) {
        gk_sampler_step_args a = fused_args(b, noise);
        double fused_s = time_it(device, [&] { ok(gk_sampler_step(&a, nullptr), "fused step"); });
        double unfused_s = time_it(device, [&] { unfused(b, noise); });
        double fused_gbs = traffic / fused_s / 1e9;
        std::printf("%-5s %-13s fused: %.3f ms, %.1f GB/s, %.0f%% of copy (1 launch) | unfused: %.3f ms (%d passes), "
                    "fused is %.2fx faster\n",
                    name, noise ? "dpmpp_2m_sde" : "dpmpp_2m", fused_s * 1e3, fused_gbs, 100 * fused_gbs / copy_gbs,
                    unfused_s * 1e3, noise ? 6 : 4, unfused_s / fused_s);
    }
    b.ptrs[SRC] = b.ptrs[DST] = nullptr;  // owned by big
    b.ptrs.resize(SRC);
}

}  // namespace

int main(int argc, char** argv) {
    int64_t n_cpu = argc > 1 ? std::atoll(argv[1]) : (int64_t)1 << 22;
    int64_t n_cuda = argc > 2 ? std::atoll(argv[2]) : (int64_t)1 << 25;
    run(GK_CPU, n_cpu);
    gk_cuda_info info;
    ok(gk_cuda_query(0, &info), "gk_cuda_query");
    if (info.compiled && !info.reason[0]) run(GK_CUDA, n_cuda);
    else std::printf("cuda  skipped: %s\n", info.compiled ? info.reason : "library built without CUDA");
    return 0;
}
