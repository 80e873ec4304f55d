// The CUDA fill kernel through its own launcher (gk::cuda::fill in cuda/runtime.cu) on the
// emulated device: gk_fill on GK_CUDA tensors must write exactly the bytes the CPU backend writes,
// for every dtype, strided views with gaps, and sizes that leave the last block partly idle.
#include <cstring>
#include <vector>

#include "emu_test.h"
#include "genkern/genkern.h"

namespace {

struct Case {
    gk_dtype dtype;
    std::vector<int64_t> shape, strides;  // strides in elements; gaps between rows are left alone
    double value;
};

int64_t span(const Case& c) {
    int64_t s = 1;
    for (size_t d = 0; d < c.shape.size(); ++d) s += (c.shape[d] - 1) * c.strides[d];
    return s;
}

gk_tensor view(void* data, const Case& c, gk_device device) {
    gk_tensor t{};
    t.data = data;
    t.dtype = c.dtype;
    t.device = device;
    t.device_index = 0;
    t.ndim = (int32_t)c.shape.size();
    for (int d = 0; d < t.ndim; ++d) t.shape[d] = c.shape[d], t.strides[d] = c.strides[d];
    return t;
}

void test_case(const Case& c, std::mt19937_64& rng) {
    size_t bytes = (size_t)span(c) * gk_dtype_size(c.dtype);
    std::vector<unsigned char> background(bytes), cpu(bytes), emulated(bytes);
    for (auto& b : background) b = (unsigned char)rng();
    cpu = background;
    gk_tensor host = view(cpu.data(), c, GK_CPU);
    CHECK_OK(gk_fill(&host, c.value, nullptr));

    void* device = nullptr;
    CHECK_OK(gk_alloc(GK_CUDA, 0, bytes, &device));
    CHECK_OK(gk_copy(device, GK_CUDA, background.data(), GK_CPU, 0, bytes, nullptr));
    gk_tensor dev = view(device, c, GK_CUDA);
    CHECK_OK(gk_fill(&dev, c.value, nullptr));
    CHECK_OK(gk_copy(emulated.data(), GK_CPU, device, GK_CUDA, 0, bytes, nullptr));
    CHECK_OK(gk_free(GK_CUDA, 0, device));
    size_t first_diff = bytes;
    for (size_t i = 0; i < bytes && first_diff == bytes; ++i)
        if (cpu[i] != emulated[i]) first_diff = i;
    CHECK(first_diff == bytes, "dtype " + std::to_string(c.dtype) + " span " + std::to_string(span(c)) +
                                   ": emulated CUDA fill differs from the CPU fill at byte " + std::to_string(first_diff));
}

}  // namespace

int main() {
    std::mt19937_64 rng(check::seed());
    emu_test::use_schedule_of_seed();
    gk_cuda_info info{};
    CHECK_OK(gk_cuda_query(0, &info));
    CHECK(info.compiled == 1 && info.device_count == 1 && info.reason[0] == 0 && info.cc_major == 9,
          std::string("the emulated device is usable: ") + info.reason);
    const gk_dtype dtypes[] = {GK_F32, GK_F16, GK_BF16, GK_I32, GK_U8};
    for (gk_dtype dt : dtypes) {
        double value = dt == GK_U8 ? 201 : dt == GK_I32 ? -123457 : -1.5 - (double)(rng() % 100) / 7;
        test_case({dt, {1}, {1}, value}, rng);
        test_case({dt, {257}, {1}, value}, rng);                       // one full block and one thread more
        test_case({dt, {3, 5, 7}, {80, 14, 2}, value}, rng);           // every other element, gaps between rows
        test_case({dt, {4, 129}, {1, 4}, value}, rng);                 // transposed view
        test_case({dt, {2, 3, 1, 601}, {4000, 1300, 7, 2}, value}, rng);  // several blocks, odd tail
    }
    return check::finish("test_emu_fill");
}
