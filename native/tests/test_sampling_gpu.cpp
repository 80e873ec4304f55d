// CUDA against CPU for the sampler's noise and fused step: gk_philox_normal must give bit-identical
// values on both backends (same Philox, same Box–Muller float operations), and gk_sampler_step on
// the GPU must match the CPU within f32 rounding. Exits 77 ("SKIPPED: reason") without a usable
// CUDA device, which ctest reports as skipped.
#include <algorithm>
#include <cstring>
#include <vector>

#include "check.h"
#include "genkern/sampling.h"

namespace {

struct DeviceBuffer {
    void* ptr = nullptr;
    explicit DeviceBuffer(size_t bytes) { CHECK_OK(gk_alloc(GK_CUDA, 0, bytes, &ptr)); }
    DeviceBuffer(DeviceBuffer&& o) noexcept : ptr(o.ptr) { o.ptr = nullptr; }
    DeviceBuffer(const DeviceBuffer&) = delete;
    ~DeviceBuffer() { gk_free(GK_CUDA, 0, ptr); }
};

gk_tensor on_device(const DeviceBuffer& b, gk_dtype dtype, std::vector<int64_t> shape) {
    gk_tensor t = check::tensor(b.ptr, dtype, shape);
    t.device = GK_CUDA;
    return t;
}

DeviceBuffer upload(const std::vector<float>& v) {
    DeviceBuffer b(v.size() * 4);
    CHECK_OK(gk_copy(b.ptr, GK_CUDA, v.data(), GK_CPU, 0, v.size() * 4, nullptr));
    return b;
}

std::vector<float> download(const DeviceBuffer& b, size_t n) {
    std::vector<float> v(n);
    CHECK_OK(gk_copy(v.data(), GK_CPU, b.ptr, GK_CUDA, 0, n * 4, nullptr));
    return v;
}

void noise_is_bitwise_equal() {
    for (int64_t n : {(int64_t)1, (int64_t)7, (int64_t)4096, (int64_t)1000003}) {
        uint64_t seed = check::seed() ^ ((uint64_t)n << 32);
        std::vector<float> cpu(n);
        gk_tensor t = check::tensor(cpu.data(), GK_F32, {n});
        CHECK_OK(gk_philox_normal(&t, seed, 17, 0, nullptr));
        DeviceBuffer d(n * 4);
        gk_tensor td = on_device(d, GK_F32, {n});
        CHECK_OK(gk_philox_normal(&td, seed, 17, 0, nullptr));
        CHECK_OK(gk_stream_synchronize(GK_CUDA, 0, nullptr));
        std::vector<float> gpu = download(d, n);
        int64_t differ = 0;
        for (int64_t i = 0; i < n; ++i) differ += std::memcmp(&cpu[i], &gpu[i], 4) != 0;
        CHECK(differ == 0, std::to_string(differ) + " of " + std::to_string(n) + " normals differ in their bits");
    }
}

void step_matches_cpu() {
    const int64_t batch = 3, per = 50001, n = batch * per;
    std::mt19937_64 rng(check::seed() + 1);
    std::normal_distribution<float> normal;
    auto randn = [&] { std::vector<float> v(n); for (float& x : v) x = normal(rng); return v; };
    std::vector<float> x = randn(), cond = randn(), uncond = randn(), h0 = randn(), known = randn(), mask(n);
    for (int64_t i = 0; i < n; ++i) mask[i] = (i % 7) / 6.0f;
    DeviceBuffer dx = upload(x), dc = upload(cond), du = upload(uncond), dh = upload(h0), dk = upload(known),
                 dm = upload(mask), dout(n * 4), dden(n * 4), dfac(batch * 4);
    std::vector<float> out(n), den(n), fac(batch);
    std::vector<int64_t> shape = {batch, per};

    gk_sampler_step_args a{};
    a.guidance_scale = 5, a.rescale_phi = 0.7, a.denoise_x = 1.1, a.denoise_model = -0.6, a.c_x = 0.8,
    a.c_denoised = 0.3, a.c_history[0] = -0.2, a.c_noise = 0.4, a.seed = 99, a.noise_step = 3,
    a.known_scale = 0.9, a.known_noise = 0.2;
    gk_sampler_step_args cpu = a, gpu = a;
    cpu.x = check::tensor(x.data(), GK_F32, shape), cpu.cond = check::tensor(cond.data(), GK_F32, shape);
    cpu.uncond = check::tensor(uncond.data(), GK_F32, shape), cpu.history[0] = check::tensor(h0.data(), GK_F32, shape);
    cpu.known = check::tensor(known.data(), GK_F32, shape), cpu.mask = check::tensor(mask.data(), GK_F32, shape);
    cpu.out = check::tensor(out.data(), GK_F32, shape), cpu.denoised_out = check::tensor(den.data(), GK_F32, shape);
    cpu.rescale_factors = check::tensor(fac.data(), GK_F32, {batch});
    gpu.x = on_device(dx, GK_F32, shape), gpu.cond = on_device(dc, GK_F32, shape);
    gpu.uncond = on_device(du, GK_F32, shape), gpu.history[0] = on_device(dh, GK_F32, shape);
    gpu.known = on_device(dk, GK_F32, shape), gpu.mask = on_device(dm, GK_F32, shape);
    gpu.out = on_device(dout, GK_F32, shape), gpu.denoised_out = on_device(dden, GK_F32, shape);
    gpu.rescale_factors = on_device(dfac, GK_F32, {batch});
    CHECK_OK(gk_sampler_step(&cpu, nullptr));
    CHECK_OK(gk_sampler_step(&gpu, nullptr));
    CHECK_OK(gk_stream_synchronize(GK_CUDA, 0, nullptr));
    std::vector<float> gout = download(dout, n), gden = download(dden, n), gfac = download(dfac, batch);
    double worst = 0;
    for (int64_t i = 0; i < n; ++i)
        worst = std::max({worst, std::fabs((double)gout[i] - out[i]) / (std::fabs(out[i]) + 1),
                          std::fabs((double)gden[i] - den[i]) / (std::fabs(den[i]) + 1)});
    for (int64_t b = 0; b < batch; ++b)
        CHECK(std::fabs(gfac[b] - fac[b]) < 1e-5f, "rescale factor " + std::to_string(b) + ": " +
                                                       std::to_string(gfac[b]) + " vs CPU " + std::to_string(fac[b]));
    CHECK(worst < 1e-5, "CUDA step vs CPU: worst relative error " + std::to_string(worst));
}

}  // namespace

int main() {
    gk_cuda_info info;
    CHECK_OK(gk_cuda_query(0, &info));
    if (!info.compiled || info.reason[0]) {
        std::printf("SKIPPED: %s\n", info.compiled ? info.reason : "library built without CUDA");
        return 77;
    }
    noise_is_bitwise_equal();
    step_matches_cpu();
    return check::finish("test_sampling_gpu");
}
