// The emulator's primitives: built-in indices, __syncthreads, __syncwarp, shuffles and votes with
// masks and widths (against formulas from the CUDA programming guide), per-block static and
// dynamic shared memory, atomics, launch validation and the errors that undefined collective use
// produces (deadlock, mask omitting the caller, exited lane, mismatched operations).
#include <algorithm>
#include <functional>
#include <cstdio>
#include <vector>

#include "cuda/core/launch.cuh"
#include "emu_test.h"

namespace gk_emu_runtime_test {

// Every block fills its static and dynamic shared memory with its own index, then interleaves
// (atomics, barriers) while the other runner executes other blocks, then checks nothing changed.
__global__ void shared_isolation(int* ok, int* counter, int dynamic_words_used) {
    extern __shared__ int dynamic_words[];
    __shared__ int tag[128];
    unsigned t = threadIdx.x;
    int first_read = dynamic_words[t];  // before any write in this block: the poison pattern
    tag[t] = (int)blockIdx.x;
    for (int i = (int)t; i < dynamic_words_used; i += (int)blockDim.x) dynamic_words[i] = (int)blockIdx.x * 3;
    __syncthreads();
    for (int round = 0; round < 3; ++round) {
        atomicAdd(counter, 1);
        __syncthreads();
    }
    bool good = first_read == -1;
    for (int i = 0; i < 128; ++i) good = good && tag[i] == (int)blockIdx.x;
    for (int i = 0; i < dynamic_words_used; ++i) good = good && dynamic_words[i] == (int)blockIdx.x * 3;
    ok[blockIdx.x * blockDim.x + t] = good;
}

__global__ void read_dynamic(int* out, int index) {
    extern __shared__ int dynamic_words[];
    out[0] = dynamic_words[index];
}

}  // namespace gk_emu_runtime_test

// The storage behind the kernels' `extern __shared__ int dynamic_words[]`.
GK_EMU_DYNAMIC_SHARED(gk_emu_runtime_test, int, dynamic_words);

namespace {

using gk_emu_runtime_test::read_dynamic;
using gk_emu_runtime_test::shared_isolation;

using emu_test::contains;
using emu_test::launch_error;

// ---- indices ----------------------------------------------------------------------------------
__global__ void record_indices(int* out) {
    unsigned t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    unsigned b = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    unsigned n = blockDim.x * blockDim.y * blockDim.z;
    out[b * n + t] = (int)(threadIdx.x | threadIdx.y << 4 | threadIdx.z << 8 | blockIdx.x << 12 | blockIdx.y << 16 |
                           blockIdx.z << 20);
}

void test_indices() {
    dim3 grid(2, 3, 2), block(4, 3, 2);
    std::vector<int> out(12 * 24, -1);
    gk::emu::launch(record_indices, grid, block, 0, out.data());
    for (unsigned bz = 0; bz < 2; ++bz)
        for (unsigned by = 0; by < 3; ++by)
            for (unsigned bx = 0; bx < 2; ++bx)
                for (unsigned tz = 0; tz < 2; ++tz)
                    for (unsigned ty = 0; ty < 3; ++ty)
                        for (unsigned tx = 0; tx < 4; ++tx) {
                            unsigned b = bx + 2 * (by + 3 * bz), t = tx + 4 * (ty + 3 * tz);
                            int want = (int)(tx | ty << 4 | tz << 8 | bx << 12 | by << 16 | bz << 20);
                            CHECK(out[b * 24 + t] == want, "index record of block " + std::to_string(b) + " thread " +
                                                               std::to_string(t));
                        }
}

// ---- __syncthreads ------------------------------------------------------------------------------
__global__ void rotate_through_shared(int* out) {
    __shared__ int s[96];
    unsigned t = threadIdx.x, n = blockDim.x;
    s[t] = (int)(t * 3 + blockIdx.x * 1000);
    __syncthreads();
    int v = s[(t + 1) % n];
    __syncthreads();  // nobody overwrites s before every thread has read its neighbour
    s[t] = v + 1;
    __syncthreads();
    out[blockIdx.x * n + t] = s[(t + n - 1) % n];
}

// Threads that return early no longer hold the barrier back (as on sm_70+ hardware).
__global__ void barrier_after_early_exit(int* out) {
    __shared__ int s[64];
    unsigned t = threadIdx.x;
    if (t >= 40) return;
    s[t] = (int)t;
    __syncthreads();
    out[t] = s[t ^ 1];
}

void test_barrier() {
    emu_test::for_each_schedule([](gk::emu::Schedule s) {
        std::vector<int> out(5 * 96, -1);
        gk::emu::launch(rotate_through_shared, dim3(5), dim3(96), 0, out.data());
        for (unsigned b = 0; b < 5; ++b)
            for (unsigned t = 0; t < 96; ++t)
                CHECK(out[b * 96 + t] == (int)(t * 3 + b * 1000 + 1),
                      "rotation under " + gk::emu::describe(s) + " block " + std::to_string(b));
        std::vector<int> early(64, -1);
        gk::emu::launch(barrier_after_early_exit, dim3(1), dim3(64), 0, early.data());
        for (int t = 0; t < 40; ++t) CHECK(early[t] == (t ^ 1), "early-exit barrier under " + gk::emu::describe(s));
    });
}

// ---- __syncwarp -------------------------------------------------------------------------------
__global__ void warp_exchange(int* out) {
    __shared__ int s[64];
    unsigned t = threadIdx.x, lane = t % 32;
    s[t] = (int)(t * 7);
    __syncwarp();
    out[t] = s[(t & ~31u) + (lane + 5) % 32];
}

void test_syncwarp() {
    emu_test::for_each_schedule([](gk::emu::Schedule s) {
        std::vector<int> out(64, -1);
        gk::emu::launch(warp_exchange, dim3(1), dim3(64), 0, out.data());
        for (int t = 0; t < 64; ++t)
            CHECK(out[t] == ((t & ~31) + ((t % 32) + 5) % 32) * 7, "__syncwarp exchange under " + gk::emu::describe(s));
    });
}

// ---- shuffles ---------------------------------------------------------------------------------
constexpr int kWidths[] = {32, 16, 8, 4, 2};

struct ShuffleOut {
    float idx[5], bfly[5], down[5], up[5];
    double wide;
    long long wide_int;
};

__global__ void shuffles(ShuffleOut* out, const int* params) {
    unsigned lane = threadIdx.x;
    float v = 100.0f + (float)lane;
    ShuffleOut& o = out[lane];
    for (int w = 0; w < 5; ++w) {
        int width = kWidths[w];
        o.idx[w] = __shfl_sync(0xffffffffu, v, params[lane], width);
        o.bfly[w] = __shfl_xor_sync(0xffffffffu, v, params[32 + w], width);
        o.down[w] = __shfl_down_sync(0xffffffffu, v, (unsigned)params[32 + w], width);
        o.up[w] = __shfl_up_sync(0xffffffffu, v, (unsigned)params[32 + w], width);
    }
    o.wide = __shfl_sync(0xffffffffu, 0.5 + lane, (int)(31 - lane));
    o.wide_int = __shfl_xor_sync(0xffffffffu, (long long)lane << 40, 1);
}

// Lanes 0-15 and 16-31 shuffle within their own halves at the same time; inside the low half,
// lanes 8-15 read lanes 16-23, which are outside the mask: undefined, so the model poisons it.
__global__ void half_warp_shuffles(unsigned* out) {
    unsigned lane = threadIdx.x;
    unsigned mask = lane < 16 ? 0x0000ffffu : 0xffff0000u;
    out[lane] = __shfl_down_sync(mask, lane * 10u, 8);
}

void test_shuffles() {
    std::vector<int> params(37);
    std::mt19937_64 rng(check::seed());
    for (int i = 0; i < 32; ++i) params[i] = (int)(rng() % 64);  // source lanes, some beyond width
    for (int w = 0; w < 5; ++w) params[32 + w] = 1 + (int)(rng() % (kWidths[w] > 1 ? kWidths[w] - 1 : 1));
    std::vector<ShuffleOut> out(32);
    gk::emu::launch(shuffles, dim3(1), dim3(32), 0, out.data(), params.data());
    for (int lane = 0; lane < 32; ++lane) {
        auto val = [](int l) { return 100.0f + (float)l; };
        for (int w = 0; w < 5; ++w) {
            int width = kWidths[w], base = lane / width * width, d = params[32 + w];
            // CUDA guide: __shfl_sync reads lane srcLane % width of the caller's group; xor and down
            // return the caller's own value when the target lies beyond its group, up when before it.
            float idx = val(base + params[lane] % width);
            int x = lane ^ d;
            float bfly = x < base + width ? val(x) : val(lane);
            float down = lane + d < base + width ? val(lane + d) : val(lane);
            float up = lane - d >= base ? val(lane - d) : val(lane);
            std::string at = " lane " + std::to_string(lane) + " width " + std::to_string(width);
            CHECK(out[lane].idx[w] == idx, "__shfl_sync" + at);
            CHECK(out[lane].bfly[w] == bfly, "__shfl_xor_sync" + at);
            CHECK(out[lane].down[w] == down, "__shfl_down_sync" + at);
            CHECK(out[lane].up[w] == up, "__shfl_up_sync" + at);
        }
        CHECK(out[lane].wide == 0.5 + (31 - lane), "double shuffle lane " + std::to_string(lane));
        CHECK(out[lane].wide_int == (long long)(lane ^ 1) << 40, "64-bit integer shuffle lane " + std::to_string(lane));
    }
    std::vector<unsigned> half(32);
    gk::emu::launch(half_warp_shuffles, dim3(1), dim3(32), 0, half.data());
    for (unsigned lane = 0; lane < 32; ++lane) {
        unsigned want = lane < 8 ? (lane + 8) * 10 : lane < 16 ? 0xffffffffu : lane < 24 ? (lane + 8) * 10 : lane * 10;
        CHECK(half[lane] == want, "half-warp __shfl_down_sync lane " + std::to_string(lane));
    }
}

// ---- votes ------------------------------------------------------------------------------------
__global__ void votes(unsigned* out, const int* pred) {
    unsigned lane = threadIdx.x;
    out[lane * 4 + 0] = __ballot_sync(0xffffffffu, pred[lane]);
    out[lane * 4 + 1] = (unsigned)__any_sync(0xffffffffu, pred[lane]);
    out[lane * 4 + 2] = (unsigned)__all_sync(0xffffffffu, pred[lane] || lane % 2);
    if (lane % 4 == 1) out[lane * 4 + 3] = __ballot_sync(0x22222222u, pred[lane]);
}

void test_votes() {
    std::mt19937_64 rng(check::seed() + 7);
    for (int round = 0; round < 4; ++round) {
        std::vector<int> pred(32);
        for (int& p : pred) p = (int)(rng() % 3 == 0) * (int)(1 + rng() % 5);
        std::vector<unsigned> out(128, 0xdeadu);
        gk::emu::launch(votes, dim3(1), dim3(32), 0, out.data(), pred.data());
        unsigned ballot = 0, sub = 0;
        bool all_odd_or_pred = true;
        for (int l = 0; l < 32; ++l) {
            if (pred[l]) ballot |= 1u << l;
            if (pred[l] && (0x22222222u >> l & 1u)) sub |= 1u << l;
            if (!(pred[l] || l % 2)) all_odd_or_pred = false;
        }
        for (int l = 0; l < 32; ++l) {
            CHECK(out[l * 4] == ballot, "__ballot_sync lane " + std::to_string(l));
            CHECK(out[l * 4 + 1] == (unsigned)(ballot != 0), "__any_sync lane " + std::to_string(l));
            CHECK(out[l * 4 + 2] == (unsigned)all_odd_or_pred, "__all_sync lane " + std::to_string(l));
            if (l % 4 == 1) CHECK(out[l * 4 + 3] == sub, "__ballot_sync with partial mask lane " + std::to_string(l));
        }
    }
}

// ---- shared memory per block (kernels above, in their own namespace) ------------------------
void test_shared_memory() {
    const int blocks = 9, words = 3000;
    std::vector<int> ok(blocks * 128, 0);
    int counter = 0;
    gk::emu::launch(shared_isolation, dim3(blocks), dim3(128), words * sizeof(int), ok.data(), &counter, words);
    CHECK(std::all_of(ok.begin(), ok.end(), [](int v) { return v == 1; }),
          "static and dynamic shared memory are per block and poisoned at block start");
    CHECK(counter == blocks * 128 * 3, "atomicAdd from every thread of every block");
    int last = 0;
    gk::emu::launch(read_dynamic, dim3(1), dim3(1), 64, &last, 15);
    CHECK(last == -1, "the last requested dynamic word is addressable and poisoned");
    std::string e = launch_error([] {
        int x;
        gk::emu::launch(read_dynamic, dim3(1), dim3(1), gk::emu::kMaxDynamicSmem + 16, &x, 0);
    });
    CHECK(contains(e, "more dynamic shared memory"), "oversized dynamic shared memory is refused: " + e);
}

// ---- atomics ----------------------------------------------------------------------------------
struct AtomicCells {
    int sum, max, min, cas_winner, exch_count;
    unsigned bits, wrap;
    float fsum;
    unsigned long long big;
    double dsum;
};

__global__ void atomics(AtomicCells* c) {
    int t = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    atomicAdd(&c->sum, t);
    atomicSub(&c->sum, 1);
    atomicMax(&c->max, t * 7 % 101);
    atomicMin(&c->min, 50 - t);
    if (atomicCAS(&c->cas_winner, -1, t) == -1) atomicAdd(&c->exch_count, 1);
    atomicOr(&c->bits, 1u << (t % 32));
    atomicInc(&c->wrap, 9u);
    atomicAdd(&c->fsum, 0.5f);
    atomicAdd(&c->big, 1ull << 33);
    atomicAdd(&c->dsum, 0.25);
}

void test_atomics() {
    const int n = 3 * 64;
    AtomicCells c{0, -1, 1000, -1, 0, 0, 0, 0.f, 0, 0.0};
    gk::emu::launch(atomics, dim3(3), dim3(64), 0, &c);
    int max_want = 0;
    for (int t = 0; t < n; ++t) max_want = std::max(max_want, t * 7 % 101);
    CHECK(c.sum == n * (n - 1) / 2 - n, "atomicAdd/atomicSub int");
    CHECK(c.max == max_want, "atomicMax");
    CHECK(c.min == 50 - (n - 1), "atomicMin");
    CHECK(c.cas_winner >= 0 && c.cas_winner < n && c.exch_count == 1, "exactly one atomicCAS wins");
    CHECK(c.bits == 0xffffffffu, "atomicOr");
    CHECK(c.wrap == (unsigned)(n % 10), "atomicInc wraps at its bound");
    CHECK(c.fsum == 0.5f * n, "atomicAdd float");
    CHECK(c.big == (unsigned long long)n << 33, "atomicAdd unsigned long long");
    CHECK(c.dsum == 0.25 * n, "atomicAdd double");
}

// ---- undefined collective use is reported, not silently computed ------------------------------
__global__ void divergent_barrier() {
    if (threadIdx.x == 0) __syncwarp();
    else __syncthreads();
}

__global__ void mask_omits_caller(int* out) { out[threadIdx.x] = __shfl_sync(0x2u, 1, 0); }

__global__ void mismatched_collectives(int* out) {
    if (threadIdx.x % 2) out[threadIdx.x] = __shfl_xor_sync(0xffffffffu, 1, 1);
    else out[threadIdx.x] = (int)__ballot_sync(0xffffffffu, 1);
}

__global__ void collective_after_exit(int* out) {
    if (threadIdx.x == 5) return;
    out[threadIdx.x] = __shfl_xor_sync(0xffffffffu, 1, 1);
}

__global__ void partial_warp_full_mask(int* out) { out[threadIdx.x] = __shfl_xor_sync(0xffffffffu, 1, 1); }

__global__ void trapping(int* out) {
    if (blockIdx.x == 1 && threadIdx.x == 3) __trap();
    out[0] = 1;
}

void test_errors() {
    std::vector<int> out(64);
    std::string e = launch_error([&] { gk::emu::launch_named("divergent_barrier", divergent_barrier, dim3(1), dim3(64), 0); });
    CHECK(contains(e, "deadlock") && contains(e, "divergent_barrier") && contains(e, "__syncwarp") &&
              contains(e, "__syncthreads"),
          "divergent barrier reported as deadlock: " + e);
    e = launch_error([&] { gk::emu::launch(mask_omits_caller, dim3(1), dim3(32), 0, out.data()); });
    CHECK(contains(e, "omits the calling lane"), "mask without the caller: " + e);
    e = launch_error([&] { gk::emu::launch(mismatched_collectives, dim3(1), dim3(32), 0, out.data()); });
    CHECK(contains(e, "meets lane") || contains(e, "deadlock"), "mismatched collectives: " + e);
    e = launch_error([&] { gk::emu::launch(collective_after_exit, dim3(1), dim3(32), 0, out.data()); });
    CHECK(contains(e, "lane 5 has exited"), "collective waiting for an exited lane: " + e);
    e = launch_error([&] { gk::emu::launch(partial_warp_full_mask, dim3(1), dim3(20), 0, out.data()); });
    CHECK(contains(e, "do not exist"), "full mask in a 20-thread block: " + e);
    e = launch_error([&] { gk::emu::launch(trapping, dim3(2), dim3(8), 0, out.data()); });
    CHECK(contains(e, "block (1,0,0) thread (3,0,0)") && contains(e, "__trap"), "__trap names its thread: " + e);
    e = launch_error([&] { gk::emu::launch(record_indices, dim3(1), dim3(2048), 0, out.data()); });
    CHECK(contains(e, "invalid block shape"), "2048-thread block refused: " + e);
}

// ---- launches through GK_LAUNCH and the emulated runtime, as the .cu launchers do ---------------
__global__ void divergent_barrier_at(int* flag) {
    if (threadIdx.x == (unsigned)*flag) __syncwarp();
    else __syncthreads();
}

// The gk::Error (message and status) GK_LAUNCH's check raises, or "" when the launch succeeds.
std::string launcher_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const gk::Error& e) {
        CHECK(e.status == GK_CUDA_ERROR, "launch failures are GK_CUDA_ERROR");
        return e.what();
    }
    return "";
}

void test_launcher_path() {
    std::vector<int> out(64, -1);
    // More than 48 KiB of dynamic shared memory needs the kernel's limit raised first, as on a GPU.
    size_t big = 64 * 1024;
    std::string e = launcher_error([&] { GK_LAUNCH(read_dynamic, dim3(1), dim3(1), big, nullptr, out.data(), 0); });
    CHECK(contains(e, "read_dynamic") && contains(e, "cudaFuncSetAttribute"),
          "launch above 48 KiB without opt-in refused: " + e);
    CHECK(cudaFuncSetAttribute(read_dynamic, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)big) == cudaSuccess,
          "raising the dynamic shared memory limit");
    e = launcher_error([&] {
        GK_LAUNCH(read_dynamic, dim3(1), dim3(1), big, nullptr, out.data(), (int)(big / sizeof(int)) - 1);
    });
    CHECK(e.empty() && out[0] == -1, "launch above 48 KiB after opt-in: " + e);
    // A failed launch is the sticky error check_launch turns into a gk::Error naming the kernel.
    int thread = 0;
    e = launcher_error([&] { GK_LAUNCH(divergent_barrier_at, dim3(1), dim3(64), 0, nullptr, &thread); });
    CHECK(contains(e, "divergent_barrier_at") && contains(e, "cudaErrorLaunchFailure") && contains(e, "deadlock"),
          "check_launch reports the emulated failure: " + e);
    CHECK(cudaGetLastError() == cudaSuccess, "check_launch consumed the sticky error");
}

}  // namespace

int main() {
    check::seed();
    test_indices();
    test_barrier();
    test_syncwarp();
    test_shuffles();
    test_votes();
    test_shared_memory();
    test_atomics();
    test_errors();
    test_launcher_path();
    return check::finish("test_emu_runtime");
}
