#include <algorithm>
#include <cmath>

#include "core/threads.h"
#include "unfused_attention.h"

namespace bench {

namespace {

constexpr int64_t kRows = 4, kCols = 256;

// C[rows][n] = alpha · A[rows][kdim] · B[kdim][n], row-major, in 4-row × 256-column blocks: the
// C block stays in L1 while B streams, and the compiler vectorises the inner loop into FMAs.
void gemm(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t rows, int64_t kdim,
          int64_t n, float alpha) {
    for (int64_t j0 = 0; j0 < n; j0 += kCols) {
        const int64_t nc = std::min(kCols, n - j0);
        for (int64_t i0 = 0; i0 < rows; i0 += kRows) {
            const int64_t nr = std::min(kRows, rows - i0);
            float acc[kRows][kCols] = {};
            for (int64_t kk = 0; kk < kdim; ++kk) {
                const float* brow = b + kk * ldb + j0;
                for (int64_t r = 0; r < nr; ++r) {
                    const float x = a[(i0 + r) * lda + kk];
                    for (int64_t j = 0; j < nc; ++j) acc[r][j] += x * brow[j];
                }
            }
            for (int64_t r = 0; r < nr; ++r)
                for (int64_t j = 0; j < nc; ++j) c[(i0 + r) * ldc + j0 + j] = alpha * acc[r][j];
        }
    }
}

}  // namespace

void unfused_attention(const UnfusedShape& s, const float* q, const float* k, const float* v, float* out, float* kt,
                       float* scores) {
    const int64_t group = s.heads_q / s.heads_kv;
    const float scale = 1.f / std::sqrt((float)s.dk);
    // Kᵀ per kv head, so QKᵀ is a plain row-major GEMM.
    gk::parallel_for(s.batch * s.heads_kv, [&](int64_t begin, int64_t end, int) {
        for (int64_t bh = begin; bh < end; ++bh)
            for (int64_t j = 0; j < s.m; ++j)
                for (int64_t d = 0; d < s.dk; ++d) kt[(bh * s.dk + d) * s.m + j] = k[(bh * s.m + j) * s.dk + d];
    });
    const int64_t row_blocks = (s.n + 63) / 64;
    gk::parallel_for(s.batch * s.heads_q * row_blocks, [&](int64_t begin, int64_t end, int) {
        for (int64_t x = begin; x < end; ++x) {
            const int64_t bh = x / row_blocks, i0 = x % row_blocks * 64, rows = std::min<int64_t>(64, s.n - i0);
            const int64_t bkv = bh / s.heads_q * s.heads_kv + bh % s.heads_q / group;
            float* sc = scores + (bh * s.n + i0) * s.m;
            gemm(q + (bh * s.n + i0) * s.dk, s.dk, kt + bkv * s.dk * s.m, s.m, sc, s.m, rows, s.dk, s.m, scale);
            for (int64_t r = 0; r < rows; ++r) {
                float* row = sc + r * s.m;
                const int64_t visible = s.causal ? std::clamp<int64_t>(i0 + r + s.m - s.n + 1, 0, s.m) : s.m;
                float mx = -INFINITY, sum = 0;
                for (int64_t j = 0; j < visible; ++j) mx = std::max(mx, row[j]);
                for (int64_t j = 0; j < visible; ++j) sum += row[j] = std::exp(row[j] - mx);
                const float inv = sum > 0 ? 1.f / sum : 0.f;
                for (int64_t j = 0; j < visible; ++j) row[j] *= inv;
                std::fill(row + visible, row + s.m, 0.f);
            }
            gemm(sc, s.m, v + bkv * s.m * s.dv, s.dv, out + (bh * s.n + i0) * s.dv, s.dv, rows, s.m, s.dv, 1.f);
        }
    });
}

}  // namespace bench
