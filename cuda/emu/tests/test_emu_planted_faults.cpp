// Tests of the harness, not of the product: kernels with deliberately planted bugs must be caught.
//   - a tensor-core tile product whose D fragment is scattered with a wrong index differs from the
//     reference (and the correct kernel matches it exactly);
//   - a shared-memory tree reduction without its __syncthreads gives a wrong sum under at least one
//     of the schedules (and the correct one is right under all of them);
//   - reading a cp.async tile before waiting for its group sees poisoned shared memory;
//   - a double-buffered pipeline without the barrier that keeps the next prefetch from overwriting
//     the stage other threads still read gives wrong sums under some schedule.
// The out-of-bounds read past a tile, caught by ASan, is test_emu_planted_oob.cpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "cuda/ptx.cuh"
#include "emu_test.h"
#include "genkern/float16.h"

namespace {

// ---- wrong fragment index ---------------------------------------------------------------------
// C[16x8] = A[16x16] · B[16x8] with A and B row major in global memory, staged through shared
// memory by cp.async, loaded with ldmatrix (.x4 for A, .x2.trans for B) and multiplied by one mma.
template <bool planted>
__global__ void tile_product(const uint16_t* a, const uint16_t* b, float* c) {
    __shared__ __align__(16) uint16_t sa[16][16];
    __shared__ __align__(16) uint16_t sb[16][8];
    int lane = (int)threadIdx.x;
    gk::ptx::cp_async_16(&sa[lane / 2][(lane % 2) * 8], a + lane * 8, true);
    if (lane < 16) gk::ptx::cp_async_16(sb[lane], b + lane * 8, true);
    gk::ptx::cp_async_commit();
    gk::ptx::cp_async_wait<0>();
    __syncwarp();
    uint32_t fa[4], fb[2];
    gk::ptx::ldmatrix_x4(fa, &sa[lane % 16][(lane / 16) * 8]);
    gk::ptx::ldmatrix_x2_trans(fb, sb[lane % 16]);
    float acc[4] = {0, 0, 0, 0};
    gk::ptx::mma_m16n8k16_bf16(acc, fa, fb, acc);
    for (int i = 0; i < 4; ++i) {
        int row = lane / 4 + (i >= 2 ? 8 : 0), col = (lane % 4) * 2 + (i & 1);
        if (planted) row = lane / 4 + (i & 1) * 8, col = (lane % 4) * 2 + (i >= 2);  // c1 and c2 swapped
        c[row * 8 + col] = acc[i];
    }
}

void test_wrong_fragment_index() {
    std::mt19937_64 rng(check::seed());
    std::vector<uint16_t> a(256), b(128);
    std::vector<double> ref(128, 0.0);
    std::vector<float> av(256), bv(128);
    for (int i = 0; i < 256; ++i) av[i] = (float)((int)(rng() % 17) - 8), a[i] = gk_f32_to_bf16(av[i]);
    for (int i = 0; i < 128; ++i) bv[i] = (float)((int)(rng() % 17) - 8), b[i] = gk_f32_to_bf16(bv[i]);
    for (int r = 0; r < 16; ++r)
        for (int n = 0; n < 8; ++n)
            for (int k = 0; k < 16; ++k) ref[r * 8 + n] += (double)av[r * 16 + k] * bv[k * 8 + n];
    std::vector<float> good(128, NAN), bad(128, NAN);
    gk::emu::launch(tile_product<false>, dim3(1), dim3(32), 0, a.data(), b.data(), good.data());
    gk::emu::launch(tile_product<true>, dim3(1), dim3(32), 0, a.data(), b.data(), bad.data());
    int good_mismatches = 0, bad_mismatches = 0;
    for (int i = 0; i < 128; ++i) {
        good_mismatches += good[i] != (float)ref[i];
        bad_mismatches += bad[i] != (float)ref[i];
    }
    CHECK(good_mismatches == 0, "correct tile product matches the reference (" + std::to_string(good_mismatches) + " differ)");
    CHECK(bad_mismatches > 0, "planted wrong fragment index is caught");
    std::printf("planted wrong fragment index: %d of 128 outputs differ from the reference\n", bad_mismatches);
}

// ---- missing barrier --------------------------------------------------------------------------
template <bool planted>
__global__ void block_sum(const int* x, int* out) {
    __shared__ int s[256];
    unsigned t = threadIdx.x;
    s[t] = x[blockIdx.x * 256 + t];
    __syncthreads();
    for (unsigned stride = 128; stride > 0; stride /= 2) {
        if (t < stride) s[t] += s[t + stride];
        if (!planted) __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = s[0];
}

void test_missing_barrier() {
    const int blocks = 3;
    std::mt19937_64 rng(check::seed() + 1);
    std::vector<int> x(blocks * 256), want(blocks, 0);
    for (int i = 0; i < blocks * 256; ++i) x[i] = 1 + (int)(rng() % 1000), want[i / 256] += x[i];
    int caught = 0;
    std::string caught_by;
    emu_test::for_each_schedule([&](gk::emu::Schedule s) {
        std::vector<int> good(blocks, -1), bad(blocks, -1);
        gk::emu::launch(block_sum<false>, dim3(blocks), dim3(256), 0, x.data(), good.data());
        gk::emu::launch(block_sum<true>, dim3(blocks), dim3(256), 0, x.data(), bad.data());
        CHECK(good == want, "reduction with its barriers is right under " + gk::emu::describe(s));
        if (bad != want) ++caught, caught_by += " " + gk::emu::describe(s);
    });
    CHECK(caught > 0, "the missing __syncthreads changes the sum under some schedule");
    // Forward round robin runs thread 0 through the whole loop before the others take a step.
    std::printf("planted missing __syncthreads: wrong sum under %d of %d schedules:%s\n", caught,
                (int)emu_test::schedules().size(), caught_by.c_str());
}

}  // namespace

// ---- reading a tile before waiting for its cp.async group -------------------------------------
namespace planted_faults {
template <bool planted>
__global__ void stage_and_sum(const float* x, float* out) {
    extern __shared__ __align__(16) float tile[];  // poisoned at block start
    unsigned t = threadIdx.x;
    gk::ptx::cp_async_16(&tile[t * 4], x + t * 4, true);
    gk::ptx::cp_async_commit();
    if (!planted) gk::ptx::cp_async_wait<0>();
    __syncthreads();
    float sum = 0;
    for (int i = 0; i < 128; ++i) sum += tile[i];
    if (t == 0) out[0] = sum;
    gk::ptx::cp_async_wait<0>();
}
// Every thread sums whole 256-float tiles streamed through a two-stage cp.async ring (each thread
// copies 16 bytes of a tile). `planted` drops the barrier at the end of an iteration, so a thread
// that runs ahead prefetches tile t + 2 into the stage others are still summing.
template <bool planted>
__global__ void pipelined_sums(const float* x, int tiles, float* out) {
    __shared__ __align__(16) float ring[2][256];
    unsigned t = threadIdx.x;
    gk::ptx::cp_async_16(&ring[0][t * 4], x + t * 4, true);
    gk::ptx::cp_async_commit();
    float sum = 0;
    for (int i = 0; i < tiles; ++i) {
        if (i + 1 < tiles) {
            gk::ptx::cp_async_16(&ring[(i + 1) & 1][t * 4], x + (i + 1) * 256 + t * 4, true);
            gk::ptx::cp_async_commit();
            gk::ptx::cp_async_wait<1>();
        } else {
            gk::ptx::cp_async_wait<0>();
        }
        __syncthreads();
        for (int j = 0; j < 256; ++j) sum += ring[i & 1][j];
        if (!planted) __syncthreads();
    }
    out[t] = sum;
}

}  // namespace planted_faults

GK_EMU_DYNAMIC_SHARED(planted_faults, float, tile);

namespace {
using planted_faults::pipelined_sums;
using planted_faults::stage_and_sum;

void test_missing_wait() {
    std::vector<float> x(128, 1.0f);
    float good = 0, bad = 0;
    gk::emu::Schedule saved = gk::emu::schedule();
    gk::emu::set_schedule({gk::emu::Order::kForward, 0, false});  // copies land at their wait
    gk::emu::launch(stage_and_sum<false>, dim3(1), dim3(32), 128 * sizeof(float), x.data(), &good);
    gk::emu::launch(stage_and_sum<true>, dim3(1), dim3(32), 128 * sizeof(float), x.data(), &bad);
    gk::emu::set_schedule(saved);
    CHECK(good == 128.f, "tile summed after cp.async.wait_group");
    CHECK(bad != 128.f, "planted missing cp.async.wait_group is caught");
    std::printf("planted missing cp.async.wait_group: sum %g instead of 128\n", bad);
}

void test_missing_barrier_before_prefetch() {
    const int tiles = 5;
    std::vector<float> x(tiles * 256);
    float want = 0;
    for (size_t i = 0; i < x.size(); ++i) x[i] = (float)(i % 7 + 1), want += x[i];  // small integers: exact sums
    int caught = 0;
    std::string caught_by;
    emu_test::for_each_schedule([&](gk::emu::Schedule s) {
        std::vector<float> good(64, NAN), bad(64, NAN);
        gk::emu::launch(pipelined_sums<false>, dim3(1), dim3(64), 0, x.data(), tiles, good.data());
        gk::emu::launch(pipelined_sums<true>, dim3(1), dim3(64), 0, x.data(), tiles, bad.data());
        CHECK(std::all_of(good.begin(), good.end(), [&](float v) { return v == want; }),
              "pipeline with its barriers is right under " + gk::emu::describe(s));
        if (!std::all_of(bad.begin(), bad.end(), [&](float v) { return v == want; }))
            ++caught, caught_by += " " + gk::emu::describe(s);
    });
    CHECK(caught > 0, "the missing barrier before the next prefetch changes the sums under some schedule");
    std::printf("planted missing barrier before a prefetch: wrong sums under %d of %d schedules:%s\n", caught,
                (int)emu_test::schedules().size(), caught_by.c_str());
}

}  // namespace

int main() {
    check::seed();
    test_wrong_fragment_index();
    test_missing_barrier();
    test_missing_wait();
    test_missing_barrier_before_prefetch();
    return check::finish("test_emu_planted_faults");
}
