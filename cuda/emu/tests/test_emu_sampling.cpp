// The sampler step and noise kernels (cuda/sampling) through their own launchers on the emulated
// device, against the CPU backend: gk_philox_normal must be bit-identical; gk_sampler_step must
// match within f32 rounding for every term, model dtype, the vectorised and the scalar load paths
// (whole aligned groups of 4 vs odd sizes and offset pointers), in place, and the guidance-rescale
// reduction (a shared-memory tree with barriers) under every schedule.
#include <algorithm>
#include <cstring>
#include <vector>

#include "emu_test.h"
#include "genkern/float16.h"
#include "genkern/sampling.h"

namespace {

const char* dtype_label(gk_dtype d) { return d == GK_F32 ? "f32" : d == GK_F16 ? "f16" : "bf16"; }

struct Device {
    void* ptr = nullptr;
    size_t bytes = 0;
    explicit Device(const void* host, size_t n) : bytes(n) {
        CHECK_OK(gk_alloc(GK_CUDA, 0, n, &ptr));
        if (host) CHECK_OK(gk_copy(ptr, GK_CUDA, host, GK_CPU, 0, n, nullptr));
    }
    ~Device() { gk_free(GK_CUDA, 0, ptr); }
    Device(const Device&) = delete;
    template <typename T>
    std::vector<T> read(size_t count, size_t offset = 0) const {
        std::vector<T> v(count);
        CHECK_OK(gk_copy(v.data(), GK_CPU, (const char*)ptr + offset * sizeof(T), GK_CUDA, 0, count * sizeof(T), nullptr));
        return v;
    }
};

gk_tensor tensor(void* data, gk_dtype dtype, int64_t batch, int64_t per, gk_device device) {
    gk_tensor t = check::tensor(data, dtype, {batch, per});
    t.device = device;
    return t;
}

void noise_is_bit_identical() {
    for (int64_t n : {(int64_t)1, (int64_t)7, (int64_t)1030, (int64_t)4096}) {
        for (int64_t offset : {(int64_t)0, (int64_t)1}) {  // offset 1: misaligned, the scalar store path
            uint64_t seed = check::seed() + (uint64_t)n;
            std::vector<float> cpu(n);
            gk_tensor t = tensor(cpu.data(), GK_F32, 1, n, GK_CPU);
            CHECK_OK(gk_philox_normal(&t, seed, 11, 1, nullptr));
            Device d(nullptr, (n + offset) * 4);
            gk_tensor td = tensor((float*)d.ptr + offset, GK_F32, 1, n, GK_CUDA);
            CHECK_OK(gk_philox_normal(&td, seed, 11, 1, nullptr));
            std::vector<float> emu = d.read<float>(n, offset);
            CHECK(std::memcmp(cpu.data(), emu.data(), n * 4) == 0,
                  "n " + std::to_string(n) + " offset " + std::to_string(offset) + ": emulated noise differs in its bits");
        }
    }
}

struct Case {
    int64_t batch, per;
    gk_dtype model;
    bool uncond, rescale, full, external_noise, in_place, no_model;
    int64_t offset;  // elements: a non-zero offset makes every pointer miss 16-byte alignment
};

void step_matches_cpu(const Case& c, std::mt19937_64& rng) {
    const int64_t n = c.batch * c.per, off = c.offset;
    std::normal_distribution<float> normal;
    auto randn = [&] { std::vector<float> v(n + off); for (float& x : v) x = normal(rng); return v; };
    std::vector<float> x = randn(), aux = randn(), h0 = randn(), h1 = randn(), h2 = randn(), noise = randn(),
                       known = randn(), mask(n + off), cond = randn(), uncond = randn();
    for (int64_t i = 0; i < n + off; ++i) mask[i] = (float)(i % 5) / 4;
    std::vector<uint16_t> cond16(n + off), uncond16(n + off);
    for (int64_t i = 0; i < n + off; ++i) {
        cond16[i] = c.model == GK_F16 ? gk_f32_to_f16(cond[i]) : gk_f32_to_bf16(cond[i]);
        uncond16[i] = c.model == GK_F16 ? gk_f32_to_f16(uncond[i]) : gk_f32_to_bf16(uncond[i]);
    }
    const bool f32 = c.model == GK_F32;
    const size_t model_bytes = (n + off) * (f32 ? 4 : 2);
    Device dx(x.data(), (n + off) * 4), daux(aux.data(), (n + off) * 4), dh0(h0.data(), (n + off) * 4),
        dh1(h1.data(), (n + off) * 4), dh2(h2.data(), (n + off) * 4), dnoise(noise.data(), (n + off) * 4),
        dknown(known.data(), (n + off) * 4), dmask(mask.data(), (n + off) * 4),
        dcond(f32 ? (void*)cond.data() : (void*)cond16.data(), model_bytes),
        duncond(f32 ? (void*)uncond.data() : (void*)uncond16.data(), model_bytes), dout(nullptr, (n + off) * 4),
        doutaux(nullptr, (n + off) * 4), dden(nullptr, (n + off) * 4), dfac(nullptr, c.batch * 4);
    std::vector<float> out(n + off), outaux(n + off), den(n + off), fac(c.batch);

    std::uniform_real_distribution<double> coef(-1.2, 1.2);
    gk_sampler_step_args a{};
    a.guidance_scale = 4.5, a.rescale_phi = c.rescale ? 0.7 : 0, a.denoise_x = coef(rng), a.denoise_model = coef(rng);
    a.c_x = coef(rng), a.c_denoised = c.no_model ? 0 : coef(rng), a.c_noise = coef(rng), a.seed = rng(), a.noise_step = 9;
    if (c.full) {
        a.c_aux = coef(rng), a.c_history[0] = coef(rng), a.c_history[1] = coef(rng), a.c_history[2] = coef(rng);
        a.aux_x = coef(rng), a.aux_aux = coef(rng), a.aux_denoised = coef(rng), a.aux_history[1] = coef(rng);
        a.known_scale = 0.8, a.known_noise = 0.3, a.clip_denoised = 1.5;
    }
    gk_sampler_step_args host = a, dev = a;
    auto bind = [&](gk_sampler_step_args& s, gk_device where) {
        auto f = [&](void* host_ptr, const Device& d, gk_dtype dt) {
            void* base = where == GK_CPU ? host_ptr : d.ptr;
            return tensor((char*)base + off * gk_dtype_size(dt), dt, c.batch, c.per, where);
        };
        s.x = f(x.data(), dx, GK_F32);
        s.out = c.in_place ? s.x : f(out.data(), dout, GK_F32);
        if (!c.no_model) {
            s.cond = f(f32 ? (void*)cond.data() : (void*)cond16.data(), dcond, c.model);
            if (c.uncond) s.uncond = f(f32 ? (void*)uncond.data() : (void*)uncond16.data(), duncond, c.model);
            s.denoised_out = f(den.data(), dden, GK_F32);
        }
        if (c.rescale) {
            s.rescale_factors = check::tensor(where == GK_CPU ? (void*)fac.data() : dfac.ptr, GK_F32, {c.batch});
            s.rescale_factors.device = where;
        }
        if (c.external_noise) s.noise = f(noise.data(), dnoise, GK_F32);
        if (c.full) {
            s.x_aux = f(aux.data(), daux, GK_F32);
            s.history[0] = f(h0.data(), dh0, GK_F32), s.history[1] = f(h1.data(), dh1, GK_F32);
            s.history[2] = f(h2.data(), dh2, GK_F32);
            s.out_aux = f(outaux.data(), doutaux, GK_F32);
            s.mask = f(mask.data(), dmask, GK_F32), s.known = f(known.data(), dknown, GK_F32);
        }
    };
    bind(dev, GK_CUDA);
    CHECK_OK(gk_sampler_step(&dev, nullptr));  // first, while x is still the input (in place)
    bind(host, GK_CPU);
    CHECK_OK(gk_sampler_step(&host, nullptr));

    auto compare = [&](const std::vector<float>& cpu, const Device& d, const char* what) {
        std::vector<float> emu = d.read<float>(n, off);
        double worst = 0;
        for (int64_t i = 0; i < n; ++i)
            worst = std::max(worst, std::fabs((double)emu[i] - cpu[off + i]) / (std::fabs(cpu[off + i]) + 1));
        CHECK(worst < 2e-5, std::string(what) + " batch " + std::to_string(c.batch) + " x " + std::to_string(c.per) +
                                " dtype " + dtype_label(c.model) + ": worst relative difference " + std::to_string(worst));
    };
    compare(c.in_place ? x : out, c.in_place ? dx : dout, "out");
    if (c.full) compare(outaux, doutaux, "out_aux");
    if (!c.no_model) compare(den, dden, "denoised_out");
    if (c.rescale) {
        std::vector<float> emu = dfac.read<float>(c.batch);
        for (int64_t b = 0; b < c.batch; ++b)
            CHECK(std::fabs(emu[b] - fac[b]) <= 1e-6f * std::fabs(fac[b]),
                  "rescale factor " + std::to_string(b) + ": " + std::to_string(emu[b]) + " vs CPU " + std::to_string(fac[b]));
    }
}

}  // namespace

int main() {
    std::mt19937_64 rng(check::seed());
    noise_is_bit_identical();
    const std::vector<Case> cases = {
        // batch, per, model, uncond, rescale, full, external noise, in place, no model, offset
        {4, 256, GK_F32, true, false, true, false, false, false, 0},   // vectorised loads
        {3, 333, GK_F32, true, true, true, false, true, false, 0},     // odd size: scalar tail, in place
        {2, 128, GK_F16, true, true, false, true, false, false, 1},    // misaligned: scalar path, f16
        {2, 130, GK_BF16, false, false, true, false, false, false, 0}, // bf16, no guidance
        {1, 77, GK_F32, false, false, false, false, true, true, 0},    // noise only (no model output)
    };
    for (const Case& c : cases) step_matches_cpu(c, rng);
    // The reduction's barriers: the same factors whichever order the threads run in.
    emu_test::for_each_schedule([&](gk::emu::Schedule) { step_matches_cpu(cases[1], rng); });
    return check::finish("test_emu_sampling");
}
