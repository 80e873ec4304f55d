// The functional PTX models checked element by element against the PTX ISA's fragment tables.
// The expected positions use the ISA figures' quadrant view (inverse of the row/col formulas the
// models implement), so a transcription error in either shows:
//   mma A (16x16): the four 8x8 quadrants are registers a0..a3 in the order top-left,
//     bottom-left, top-right, bottom-right; inside a quadrant, element (r, c) sits in lane
//     4r + c/2, half c%2 (low half = even column).
//   mma B (16x8, k x n): rows 0-7 in b0, rows 8-15 in b1; element (k, n) in lane 4n + (k%8)/2, half k%2.
//   mma C/D (16x8): element (r, c) in lane 4(r%8) + c/2, register 2(r >= 8) + c%2.
//   ldmatrix: element (r, c) of matrix i in lane 4r + c/2, register i, half c%2; with .trans,
//     element (r, c) as stored lands where (c, r) would.
#include <cmath>
#include <cstring>
#include <vector>

#include "cuda/ptx.cuh"
#include "emu_test.h"
#include "genkern/float16.h"

namespace {

using emu_test::contains;

struct Loc {
    int lane, reg, half;
};
Loc a_loc(int r, int c) { return {4 * (r % 8) + (c % 8) / 2, (r >= 8) + 2 * (c >= 8), c % 2}; }
Loc b_loc(int k, int n) { return {4 * n + (k % 8) / 2, k >= 8, k % 2}; }
Loc d_loc(int r, int c) { return {4 * (r % 8) + c / 2, 2 * (r >= 8) + c % 2, 0}; }

uint16_t encode(bool bf16, float x) { return bf16 ? gk_f32_to_bf16(x) : gk_f32_to_f16(x); }

struct MmaCase {
    bool bf16;
    uint16_t a[16][16], b[16][8];
    float c[16][8];
};

// Each lane assembles its fragments by searching the matrices for the elements the tables give it.
__global__ void mma_from_tables(const MmaCase* m, float* d_out) {
    int lane = (int)threadIdx.x;
    uint32_t a[4] = {}, b[2] = {};
    float c[4] = {};
    for (int r = 0; r < 16; ++r)
        for (int k = 0; k < 16; ++k) {
            Loc l = a_loc(r, k);
            if (l.lane == lane) a[l.reg] |= (uint32_t)m->a[r][k] << (16 * l.half);
        }
    for (int k = 0; k < 16; ++k)
        for (int n = 0; n < 8; ++n) {
            Loc l = b_loc(k, n);
            if (l.lane == lane) b[l.reg] |= (uint32_t)m->b[k][n] << (16 * l.half);
        }
    for (int r = 0; r < 16; ++r)
        for (int n = 0; n < 8; ++n) {
            Loc l = d_loc(r, n);
            if (l.lane == lane) c[l.reg] = m->c[r][n];
        }
    float d[4];
    if (m->bf16) gk::ptx::mma_m16n8k16_bf16(d, a, b, c);
    else gk::ptx::mma_m16n8k16_f16(d, a, b, c);
    for (int i = 0; i < 4; ++i) d_out[lane * 4 + i] = d[i];
}

void test_mma() {
    std::mt19937_64 rng(check::seed());
    for (int round = 0; round < 6; ++round) {
        MmaCase m;
        m.bf16 = round % 2 == 0;
        double af[16][16], bf[16][8];
        // Multiples of 1/8 in [-4, 4]: exact in bf16 and f16, and so are all products and sums,
        // so the model's result must equal the exact product bit for bit.
        for (int r = 0; r < 16; ++r)
            for (int k = 0; k < 16; ++k) {
                af[r][k] = (double)((int)(rng() % 65) - 32) / 8;
                m.a[r][k] = encode(m.bf16, (float)af[r][k]);
            }
        for (int k = 0; k < 16; ++k)
            for (int n = 0; n < 8; ++n) {
                bf[k][n] = (double)((int)(rng() % 65) - 32) / 8;
                m.b[k][n] = encode(m.bf16, (float)bf[k][n]);
            }
        for (int r = 0; r < 16; ++r)
            for (int n = 0; n < 8; ++n) m.c[r][n] = (float)((int)(rng() % 200) - 100);
        std::vector<float> d(128, NAN);
        gk::emu::launch(mma_from_tables, dim3(1), dim3(32), 0, &m, d.data());
        for (int r = 0; r < 16; ++r)
            for (int n = 0; n < 8; ++n) {
                double want = m.c[r][n];
                for (int k = 0; k < 16; ++k) want += af[r][k] * bf[k][n];
                Loc l = d_loc(r, n);
                CHECK(d[l.lane * 4 + l.reg] == (float)want, std::string(m.bf16 ? "bf16" : "f16") + " mma D(" +
                                                                std::to_string(r) + "," + std::to_string(n) + ")");
            }
    }
    // Random real values: f32 result within one rounding of the exact product.
    for (int round = 0; round < 2; ++round) {
        MmaCase m;
        m.bf16 = round == 0;
        std::uniform_real_distribution<float> u(-1.f, 1.f);
        for (auto& row : m.a)
            for (auto& x : row) x = encode(m.bf16, u(rng));
        for (auto& row : m.b)
            for (auto& x : row) x = encode(m.bf16, u(rng));
        for (auto& row : m.c)
            for (auto& x : row) x = u(rng);
        std::vector<float> d(128);
        gk::emu::launch(mma_from_tables, dim3(1), dim3(32), 0, &m, d.data());
        auto dec = [&](uint16_t h) { return (double)(m.bf16 ? gk_bf16_to_f32(h) : gk_f16_to_f32(h)); };
        for (int r = 0; r < 16; ++r)
            for (int n = 0; n < 8; ++n) {
                double want = m.c[r][n];
                for (int k = 0; k < 16; ++k) want += dec(m.a[r][k]) * dec(m.b[k][n]);
                Loc l = d_loc(r, n);
                CHECK(std::fabs(d[l.lane * 4 + l.reg] - want) <= 1e-6 * (1 + std::fabs(want)), "real-valued mma");
            }
    }
}

// ---- ldmatrix ---------------------------------------------------------------------------------
// Four 8x8 matrices stored at scattered, padded rows of a shared buffer; every lane supplies the
// address of the row the ISA assigns to it, lanes beyond the count supply a bogus address.
struct LdmResult {
    uint32_t x1[32][1], x1t[32][1], x2[32][2], x2t[32][2], x4[32][4], x4t[32][4];
};

__global__ void ldmatrix_all(const uint16_t* values, const int* row_slot, LdmResult* out) {
    __shared__ __align__(16) uint16_t rows[64][16];
    int lane = (int)threadIdx.x;
    for (int i = lane; i < 64 * 16; i += 32) rows[i / 16][i % 16] = 0xdead;
    __syncwarp();
    for (int m = 0; m < 4; ++m)
        for (int r = lane; r < 8; r += 32)
            for (int c = 0; c < 8; ++c) rows[row_slot[m * 8 + r]][c] = values[(m * 8 + r) * 8 + c];
    __syncwarp();
    const void* mine = rows[row_slot[lane]];
    const void* bogus = (const char*)rows + 3;
    gk::ptx::model::ldmatrix(1, false, out->x1[lane], lane < 8 ? mine : bogus);
    gk::ptx::model::ldmatrix(1, true, out->x1t[lane], lane < 8 ? mine : bogus);
    gk::ptx::ldmatrix_x2(out->x2[lane], lane < 16 ? mine : bogus);
    gk::ptx::ldmatrix_x2_trans(out->x2t[lane], lane < 16 ? mine : bogus);
    gk::ptx::ldmatrix_x4(out->x4[lane], mine);
    gk::ptx::ldmatrix_x4_trans(out->x4t[lane], mine);
}

uint16_t half_of(uint32_t reg, int half) { return (uint16_t)(reg >> (16 * half)); }

void test_ldmatrix() {
    std::mt19937_64 rng(check::seed() + 1);
    std::vector<uint16_t> values(4 * 64);
    for (size_t i = 0; i < values.size(); ++i) values[i] = (uint16_t)(0x100 + i);  // all distinct
    std::vector<int> slots(64);
    for (int i = 0; i < 64; ++i) slots[i] = i;
    std::shuffle(slots.begin(), slots.end(), rng);
    slots.resize(32);
    LdmResult out;
    std::memset(&out, 0, sizeof out);
    gk::emu::launch(ldmatrix_all, dim3(1), dim3(32), 0, values.data(), slots.data(), &out);
    for (int m = 0; m < 4; ++m)
        for (int r = 0; r < 8; ++r)
            for (int c = 0; c < 8; ++c) {
                uint16_t v = values[(m * 8 + r) * 8 + c];
                int lane = 4 * r + c / 2, half = c % 2;       // plain
                int tlane = 4 * c + r / 2, thalf = r % 2;    // transposed
                std::string at = " matrix " + std::to_string(m) + " (" + std::to_string(r) + "," + std::to_string(c) + ")";
                CHECK(half_of(out.x4[lane][m], half) == v, "ldmatrix.x4" + at);
                CHECK(half_of(out.x4t[tlane][m], thalf) == v, "ldmatrix.x4.trans" + at);
                if (m < 2) {
                    CHECK(half_of(out.x2[lane][m], half) == v, "ldmatrix.x2" + at);
                    CHECK(half_of(out.x2t[tlane][m], thalf) == v, "ldmatrix.x2.trans" + at);
                }
                if (m < 1) {
                    CHECK(half_of(out.x1[lane][m], half) == v, "ldmatrix.x1" + at);
                    CHECK(half_of(out.x1t[tlane][m], thalf) == v, "ldmatrix.x1.trans" + at);
                }
            }
}

__global__ void ldmatrix_misaligned(uint32_t* out) {
    __shared__ __align__(16) uint16_t rows[32][8];
    for (int c = 0; c < 8; ++c) rows[threadIdx.x][c] = 0;
    __syncwarp();
    const char* p = (const char*)rows[threadIdx.x] + (threadIdx.x == 9 ? 4 : 0);
    uint32_t r[4];
    gk::ptx::ldmatrix_x4(r, p);
    out[threadIdx.x] = r[0];
}

void test_ldmatrix_alignment() {
    std::vector<uint32_t> out(32);
    std::string e = emu_test::launch_error([&] { gk::emu::launch(ldmatrix_misaligned, dim3(1), dim3(32), 0, out.data()); });
    CHECK(contains(e, "lane 9") && contains(e, "16-byte aligned"), "misaligned ldmatrix row reported: " + e);
}

// ---- cp.async -----------------------------------------------------------------------------------
// Group 0 copies row 0 (valid), group 1 copies row 1 (valid) and zero-fills row 2; observations
// after wait_group 1 and wait_group 0 show which copies had landed.
__global__ void cp_async_groups(const float* src, float* seen) {
    __shared__ __align__(16) float tile[3][4];
    int t = (int)threadIdx.x;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) tile[r][c] = -7.f;
    gk::ptx::cp_async_16(tile[0], src, true);
    gk::ptx::cp_async_commit();
    gk::ptx::cp_async_16(tile[1], src + 4, true);
    gk::ptx::cp_async_16(tile[2], src + 1000000, false);  // not read: src-size 0
    gk::ptx::cp_async_commit();
    gk::ptx::cp_async_wait<1>();
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) seen[t * 24 + r * 4 + c] = tile[r][c];
    gk::ptx::cp_async_wait<0>();
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) seen[t * 24 + 12 + r * 4 + c] = tile[r][c];
}

__global__ void cp_async_misaligned(const float* src) {
    __shared__ __align__(16) float tile[8];
    gk::ptx::cp_async_16(tile + 1, src, true);
}

void test_cp_async() {
    std::vector<float> src(8);
    for (int i = 0; i < 8; ++i) src[i] = (float)(i + 1);
    gk::emu::Schedule saved = gk::emu::schedule();
    for (bool early : {false, true}) {
        gk::emu::set_schedule({gk::emu::Order::kForward, 0, early});
        std::string mode = early ? " (copies land at issue)" : " (copies land at their wait)";
        std::vector<float> seen(24, NAN);
        gk::emu::launch(cp_async_groups, dim3(1), dim3(1), 0, src.data(), seen.data());
        for (int c = 0; c < 4; ++c) {
            CHECK(seen[c] == c + 1, "group 0 retired by wait_group 1" + mode);
            if (early) CHECK(seen[4 + c] == c + 5 && seen[8 + c] == 0.f, "group 1 landed at issue" + mode);
            else CHECK(seen[4 + c] == -7.f && seen[8 + c] == -7.f, "group 1 still in flight after wait_group 1" + mode);
            CHECK(seen[12 + c] == c + 1 && seen[16 + c] == c + 5, "wait_group 0 retires everything" + mode);
            CHECK(seen[20 + c] == 0.f, "an invalid copy zero-fills its destination" + mode);
        }
    }
    gk::emu::set_schedule(saved);
    std::string e = emu_test::launch_error([&] { gk::emu::launch(cp_async_misaligned, dim3(1), dim3(1), 0, src.data()); });
    CHECK(contains(e, "not 16-byte aligned"), "misaligned cp.async reported: " + e);
}

// ---- scalar models ------------------------------------------------------------------------------
void test_scalars() {
    CHECK(gk::ptx::ex2_approx(0.f) == 1.f && gk::ptx::ex2_approx(1.f) == 2.f && gk::ptx::ex2_approx(-1.f) == 0.5f,
          "ex2 of small integers");
    CHECK(gk::ptx::ex2_approx(-126.f) == std::ldexp(1.f, -126), "ex2 keeps the smallest normal");
    CHECK(gk::ptx::ex2_approx(-127.f) == 0.f, "ex2.ftz flushes a subnormal result");
    CHECK(gk::ptx::ex2_approx(std::ldexp(1.f, -140)) == 1.f, "ex2.ftz treats a subnormal input as zero");
    CHECK(gk::ptx::ex2_approx(-INFINITY) == 0.f && gk::ptx::ex2_approx(INFINITY) == INFINITY, "ex2 of infinities");
    CHECK(std::isnan(gk::ptx::ex2_approx(NAN)), "ex2 of NaN");
    // Round to nearest even on ties, lo in the low half.
    float bf_tie_down = 1.f + std::ldexp(1.f, -8), bf_tie_up = 1.f + 3 * std::ldexp(1.f, -8);
    CHECK(gk::ptx::pack_bf16(bf_tie_down, bf_tie_up) == (0x3f80u | 0x3f82u << 16), "pack_bf16 ties to even");
    CHECK(gk::ptx::pack_bf16(-2.f, 0.f) == 0xc000u, "pack_bf16 order");
    float h_tie_down = 1.f + std::ldexp(1.f, -11), h_tie_up = 1.f + 3 * std::ldexp(1.f, -11);
    CHECK(gk::ptx::pack_f16(h_tie_down, h_tie_up) == (0x3c00u | 0x3c02u << 16), "pack_f16 ties to even");
    CHECK(gk::ptx::pack_f16(65520.f, -1.f) == (0x7c00u | 0xbc00u << 16), "pack_f16 overflow to infinity, order");
}

}  // namespace

int main() {
    check::seed();
    test_mma();
    test_ldmatrix();
    test_ldmatrix_alignment();
    test_cp_async();
    test_scalars();
    return check::finish("test_emu_ptx_models");
}
