// The CUDA side of the C API in a CPU-only build (configured with GENKERN_CUDA=OFF or without nvcc).
#include <cstring>

#include "core/cuda_bridge.h"
#include "core/error.h"

namespace gk::cuda {

namespace {
[[noreturn]] void absent() {
    fail(GK_UNSUPPORTED, "this genkern library was built without the CUDA backend (CPU-only build)");
}
}  // namespace

bool compiled() { return false; }

void query(int32_t, gk_cuda_info* out) {
    std::memset(out, 0, sizeof(*out));
    std::strncpy(out->reason, "library built without CUDA (CPU-only build)", sizeof(out->reason) - 1);
}

void require_device(int32_t) { absent(); }
void* alloc(int32_t, size_t) { absent(); }
void free(int32_t, void*) { absent(); }
int64_t bytes_in_use(int32_t) { return 0; }
void copy(void*, bool, const void*, bool, int32_t, size_t, void*) { absent(); }
void* stream_create(int32_t) { absent(); }
void stream_destroy(int32_t, void*) { absent(); }
void stream_synchronize(int32_t, void*) { absent(); }
void fill(const gk_tensor&, double, void*) { absent(); }

}  // namespace gk::cuda
