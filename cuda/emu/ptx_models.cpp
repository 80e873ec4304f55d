// The warp-collective PTX models: each gathers the 32 lanes' operands by the PTX ISA fragment
// tables, computes, and scatters the results by the same tables.
#include "cuda/emu/ptx_models.h"

#include <cstring>
#include <string>

namespace gk::ptx::model {

namespace {

// PTX ISA "Matrix Fragments for mma.m16n8k16 with floating point type", with
// groupID = laneid >> 2 and threadID_in_group = laneid % 4:
//   A element a_i (i = 0..7, two per register, low half first):
//     row = groupID for i in {0,1,4,5}, groupID + 8 otherwise;
//     col = threadID_in_group * 2 + (i & 1), + 8 for i >= 4
//   B element b_i (i = 0..3): row = threadID_in_group * 2 + (i & 1), + 8 for i >= 2; col = groupID
//   C/D element c_i (i = 0..3): row = groupID, + 8 for i >= 2; col = threadID_in_group * 2 + (i & 1)
int a_row(int lane, int i) { return (lane >> 2) + ((i < 2 || (i >= 4 && i < 6)) ? 0 : 8); }
int a_col(int lane, int i) { return (lane % 4) * 2 + (i & 1) + (i >= 4 ? 8 : 0); }
int b_row(int lane, int i) { return (lane % 4) * 2 + (i & 1) + (i >= 2 ? 8 : 0); }
int b_col(int lane, int) { return lane >> 2; }
int c_row(int lane, int i) { return (lane >> 2) + (i >= 2 ? 8 : 0); }
int c_col(int lane, int i) { return (lane % 4) * 2 + (i & 1); }

float decode(MmaType type, uint32_t reg, int half) {
    uint16_t bits = (uint16_t)(reg >> (16 * half));
    return type == MmaType::kBf16 ? gk_bf16_to_f32(bits) : gk_f16_to_f32(bits);
}

// Products of 16-bit inputs are exact; the tensor core adds the 16 of them and C in one wide
// addition. The model sums in double and rounds once to f32 (the hardware truncates during
// alignment instead: results may differ in the last bit or two, never in layout).
template <MmaType type>
void mma_op(unsigned, const void* const in[32], void* const out[32]) {
    float a[16][16], b[16][8], c[16][8];
    for (int lane = 0; lane < 32; ++lane) {
        const MmaIn& x = *static_cast<const MmaIn*>(in[lane]);
        for (int i = 0; i < 8; ++i) a[a_row(lane, i)][a_col(lane, i)] = decode(type, x.a[i / 2], i & 1);
        for (int i = 0; i < 4; ++i) b[b_row(lane, i)][b_col(lane, i)] = decode(type, x.b[i / 2], i & 1);
        for (int i = 0; i < 4; ++i) c[c_row(lane, i)][c_col(lane, i)] = x.c[i];
    }
    float d[16][8];
    for (int r = 0; r < 16; ++r)
        for (int n = 0; n < 8; ++n) {
            double sum = c[r][n];
            for (int k = 0; k < 16; ++k) sum += (double)a[r][k] * (double)b[k][n];
            d[r][n] = (float)sum;
        }
    for (int lane = 0; lane < 32; ++lane) {
        float* dl = static_cast<float*>(out[lane]);
        for (int i = 0; i < 4; ++i) dl[i] = d[c_row(lane, i)][c_col(lane, i)];
    }
}

// PTX ISA "ldmatrix": lanes 8i..8i+7 hold the addresses of rows 0..7 of matrix i (each row eight
// contiguous 16-bit elements, 16-byte aligned); register i of lane L receives row L / 4, elements
// 2 (L % 4) and 2 (L % 4) + 1 of matrix i (low half first), of its transpose under .trans.
template <int count, bool trans>
void ldmatrix_op(unsigned, const void* const in[32], void* const out[32]) {
    uint16_t m[count][8][8];
    for (int i = 0; i < count; ++i)
        for (int r = 0; r < 8; ++r) {
            const void* row = *static_cast<const void* const*>(in[8 * i + r]);
            if (reinterpret_cast<uintptr_t>(row) % 16)
                gk::emu::detail::fail("ldmatrix: lane " + std::to_string(8 * i + r) +
                                      " supplies a row address that is not 16-byte aligned");
            std::memcpy(m[i][r], row, 16);
        }
    for (int lane = 0; lane < 32; ++lane) {
        uint32_t* r = static_cast<uint32_t*>(out[lane]);
        int row = lane / 4, col = 2 * (lane % 4);
        for (int i = 0; i < count; ++i) {
            uint16_t lo = trans ? m[i][col][row] : m[i][row][col];
            uint16_t hi = trans ? m[i][col + 1][row] : m[i][row][col + 1];
            r[i] = (uint32_t)lo | ((uint32_t)hi << 16);
        }
    }
}

template <int count, bool trans>
void ldmatrix_n(uint32_t* r, const void* row, const char* what) {
    gk::emu::detail::warp_collective(0xffffffffu, ldmatrix_op<count, trans>, &row, r, what);
}

}  // namespace

void ldmatrix(int count, bool trans, uint32_t* r, const void* row) {
    switch (count * 2 + trans) {
        case 2: return ldmatrix_n<1, false>(r, row, "ldmatrix.x1");
        case 3: return ldmatrix_n<1, true>(r, row, "ldmatrix.x1.trans");
        case 4: return ldmatrix_n<2, false>(r, row, "ldmatrix.x2");
        case 5: return ldmatrix_n<2, true>(r, row, "ldmatrix.x2.trans");
        case 8: return ldmatrix_n<4, false>(r, row, "ldmatrix.x4");
        case 9: return ldmatrix_n<4, true>(r, row, "ldmatrix.x4.trans");
    }
    gk::emu::detail::fail("ldmatrix with " + std::to_string(count) + " matrices (x1, x2 or x4 exist)");
}

void mma_m16n8k16(MmaType type, float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4]) {
    MmaIn x;
    std::memcpy(x.a, a, sizeof x.a);
    std::memcpy(x.b, b, sizeof x.b);
    std::memcpy(x.c, c, sizeof x.c);
    float result[4];
    if (type == MmaType::kBf16)
        gk::emu::detail::warp_collective(0xffffffffu, mma_op<MmaType::kBf16>, &x, result, "mma.m16n8k16.bf16");
    else
        gk::emu::detail::warp_collective(0xffffffffu, mma_op<MmaType::kF16>, &x, result, "mma.m16n8k16.f16");
    std::memcpy(d, result, sizeof result);
}

}  // namespace gk::ptx::model
