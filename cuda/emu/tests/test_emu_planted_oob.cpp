// Tests of the harness: an off-by-one read past a tile must be caught by the sanitizers in global
// memory (a heap buffer sized exactly for the tensor: ASan), in dynamic shared memory (one element
// past the launch's request: ASan) and in a thread's local array (on its fiber stack: UBSan's bounds
// check, ASan's redzones behind it). Each faulty kernel runs in a child process, which the report
// must end; the same kernels without the planted bug must run clean. Skipped (exit 77) when the
// tests are built without sanitizers.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "emu_test.h"

namespace planted_oob {

// Copies a rows x cols tile of x into shared memory and sums every row; `planted` makes the copy
// loop run to <= instead of <, reading one element past the tile.
template <bool planted>
__global__ void tile_row_sums(const float* x, int rows, int cols, float* out) {
    extern __shared__ float tile[];
    int n = rows * cols;
    for (int i = (int)threadIdx.x; planted ? i <= n : i < n; i += (int)blockDim.x) tile[i] = x[i];
    __syncthreads();
    for (int r = (int)threadIdx.x; r < rows; r += (int)blockDim.x) {
        float s = 0;
        for (int c = 0; c < cols; ++c) s += tile[r * cols + c];
        out[r] = s;
    }
}

// Sums a shared-memory tile; `planted` reads one element past the dynamic shared memory requested.
template <bool planted>
__global__ void shared_tail(int count, float* out) {
    extern __shared__ float tile[];
    for (int i = (int)threadIdx.x; i < count; i += (int)blockDim.x) tile[i] = 1.0f;
    __syncthreads();
    if (threadIdx.x == 0) {
        float s = 0;
        for (int i = 0; i < count + (planted ? 1 : 0); ++i) s += tile[i];
        out[0] = s;
    }
}

// Per-thread "register" tile: each thread sums its row of a small local array; `planted` reads one
// element past it (on the fiber's stack: UBSan's bounds check or ASan's redzones catch it).
template <bool planted>
__global__ void local_tile(const int* x, int* out) {
    int acc[6];
    for (int i = 0; i < 6; ++i) acc[i] = x[threadIdx.x * 6 + i];
    int s = 0;
    int count = planted ? 6 + x[0] : 6;  // x[0] == 1, unknown to the compiler
    for (int i = 0; i < count; ++i) s += acc[i];
    out[threadIdx.x] = s;
}

}  // namespace planted_oob

GK_EMU_DYNAMIC_SHARED(planted_oob, float, tile);

namespace {

using planted_oob::local_tile;
using planted_oob::shared_tail;
using planted_oob::tile_row_sums;

// The child's work: returns its exit code (ASan ends the process first on a planted fault).
int child(const std::string& mode) {
    const int rows = 7, cols = 13;  // odd sizes: the tile ends mid-row of a warp's sweep
    std::vector<float> x(rows * cols, 1.0f), out(rows, 0.0f);
    size_t tile_bytes = (rows * cols + 1) * sizeof(float);  // room for the extra element: only global memory overflows
    if (mode == "global")
        gk::emu::launch(tile_row_sums<true>, dim3(1), dim3(32), tile_bytes, x.data(), rows, cols, out.data());
    else if (mode == "global-clean")
        gk::emu::launch(tile_row_sums<false>, dim3(1), dim3(32), tile_bytes, x.data(), rows, cols, out.data());
    else if (mode == "shared")
        gk::emu::launch(shared_tail<true>, dim3(1), dim3(32), 40 * sizeof(float), 40, out.data());
    else if (mode == "shared-clean")
        gk::emu::launch(shared_tail<false>, dim3(1), dim3(32), 40 * sizeof(float), 40, out.data());
    else if (mode == "local" || mode == "local-clean") {
        std::vector<int> xi(32 * 6, 1), outi(32);
        if (mode == "local") gk::emu::launch(local_tile<true>, dim3(1), dim3(32), 0, xi.data(), outi.data());
        else gk::emu::launch(local_tile<false>, dim3(1), dim3(32), 0, xi.data(), outi.data());
        out[0] = (float)outi[0];
    } else
        return 2;
    std::printf("child %s finished, out[0] = %g\n", mode.c_str(), out[0]);
    return 0;
}

struct ChildResult {
    int exit_code;
    std::string output;
};

ChildResult run_child(const char* self, const std::string& mode) {
    std::string cmd = std::string("'") + self + "' --child " + mode + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    ChildResult r{-1, ""};
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

void expect_caught(const char* self, const std::string& mode, const std::string& report, const std::string& kernel) {
    ChildResult bad = run_child(self, mode);
    bool caught = bad.exit_code != 0 && emu_test::contains(bad.output, report) &&
                  emu_test::contains(bad.output, kernel);
    CHECK(caught, "planted " + mode + " off-by-one read caught as \"" + report + "\"" + " in " + kernel +
                      " (exit " + std::to_string(bad.exit_code) + "):\n" + bad.output);
    ChildResult good = run_child(self, mode + "-clean");
    CHECK(good.exit_code == 0 && !emu_test::contains(good.output, "ERROR: AddressSanitizer") &&
              !emu_test::contains(good.output, "runtime error"),
          "the same kernel without the planted bug runs clean (exit " + std::to_string(good.exit_code) + "):\n" +
              good.output);
    if (caught) std::printf("planted %s off-by-one: \"%s\" in %s, exit %d\n", mode.c_str(), report.c_str(),
                            kernel.c_str(), bad.exit_code);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--child") == 0) return child(argv[2]);
#ifndef GENKERN_EMU_SANITIZED
    std::printf("skipped: the emulated tests are built without sanitizers (GENKERN_SANITIZE_TESTS=OFF)\n");
    return 77;
#else
    setenv("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1", 0);  // reports name the kernel
    expect_caught(argv[0], "global", "ERROR: AddressSanitizer: heap-buffer-overflow", "tile_row_sums");
    expect_caught(argv[0], "shared", "ERROR: AddressSanitizer: use-after-poison", "shared_tail");
    expect_caught(argv[0], "local", "runtime error: index 6 out of bounds for type 'int [6]'", "local_tile");
    return check::finish("test_emu_planted_oob");
#endif
}
