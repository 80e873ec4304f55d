// The shared noise generator and the fused sampler step on the CPU backend:
// - Philox4x32-10 against Random123's published known-answer vectors (kat_vectors);
// - the Box–Muller transform's log / sin / cos against libm, and the normals' statistics;
// - noise independent of thread count, chunking and instruction set (bitwise);
// - gk_sampler_step against a float64 evaluation of its documented formula, on random inputs
//   with every term switched on and off, model outputs in f32 / f16 / bf16;
// - validation messages that name the offending values.
#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <vector>

#include "check.h"
#include "core/simd.h"
#include "core/threads.h"
#include "genkern/float16.h"
#include "genkern/philox.h"
#include "genkern/sampling.h"

static std::string hex(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08" PRIx32, v);
    return buf;
}

static void philox_known_answers() {
    struct Kat {
        uint32_t ctr[4], key[2], out[4];
    };
    // Random123 examples/kat_vectors, "philox4x32 10" lines: counter, key, expected output.
    const Kat kats[] = {
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (const Kat& k : kats) {
        gk::rng::Philox4 c = {{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
        gk::rng::Philox4 r = gk::rng::philox4x32_10(c, k.key[0], k.key[1]);
        for (int j = 0; j < 4; ++j)
            CHECK(r.v[j] == k.out[j], "counter " + hex(k.ctr[0]) + " word " + std::to_string(j) + ": got " +
                                          hex(r.v[j]) + ", expected " + hex(k.out[j]));
    }
}

static void transform_matches_libm() {
    // log over every exponent and a sweep of mantissas; sin/cos over all quadrants.
    double worst_log = 0, worst_trig = 0;
    std::mt19937_64 rng(check::seed());
    for (int i = 0; i < 200000; ++i) {
        uint32_t k = (uint32_t)(rng() >> 40);  // 24 bits
        float u = (float)(k + 1) * 5.9604644775390625e-08f;
        double ref = std::log((double)u);
        double err = std::fabs(gk::rng::log_unit(u) - ref) / std::max(1e-30, std::fabs(ref));
        if (u != 1.0f) worst_log = std::max(worst_log, err);
        float s, c;
        gk::rng::sincos_turns24(k, &s, &c);
        double angle = 2 * M_PI * (double)k / 16777216.0;
        worst_trig = std::max({worst_trig, std::fabs(s - std::sin(angle)), std::fabs(c - std::cos(angle))});
    }
    CHECK(gk::rng::log_unit(1.0f) == 0.0f, "log(1) is exactly 0");
    CHECK(worst_log < 4e-7, "log relative error " + std::to_string(worst_log));
    CHECK(worst_trig < 3e-7, "sin/cos absolute error " + std::to_string(worst_trig));
}

static std::vector<float> normals(int64_t n, uint64_t seed, uint32_t step, uint32_t sub) {
    std::vector<float> v(n);
    gk_tensor t = check::tensor(v.data(), GK_F32, {n});
    CHECK_OK(gk_philox_normal(&t, seed, step, sub, nullptr));
    return v;
}

static void normal_statistics() {
    const int64_t n = 1 << 22;
    std::vector<float> z = normals(n, check::seed(), 3, 0);
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    int64_t within1 = 0, within2 = 0;
    bool finite = true;
    for (float v : z) {
        finite = finite && std::isfinite(v);
        double d = v;
        m1 += d, m2 += d * d, m3 += d * d * d, m4 += d * d * d * d;
        within1 += std::fabs(d) < 1;
        within2 += std::fabs(d) < 2;
    }
    m1 /= n, m2 /= n, m3 /= n, m4 /= n;
    double se = 1 / std::sqrt((double)n);  // standard error of the mean of a unit normal
    CHECK(finite, "every normal is finite");
    CHECK(std::fabs(m1) < 5 * se, "mean " + std::to_string(m1));
    CHECK(std::fabs(m2 - 1) < 5 * std::sqrt(2.0) * se, "variance " + std::to_string(m2));
    CHECK(std::fabs(m3) < 5 * std::sqrt(15.0) * se, "third moment " + std::to_string(m3));
    CHECK(std::fabs(m4 - 3) < 5 * std::sqrt(96.0) * se, "fourth moment " + std::to_string(m4));
    double p1 = (double)within1 / n, p2 = (double)within2 / n;
    CHECK(std::fabs(p1 - 0.682689492) < 5 * std::sqrt(0.6827 * 0.3173) * se, "P(|z|<1) " + std::to_string(p1));
    CHECK(std::fabs(p2 - 0.954499736) < 5 * std::sqrt(0.9545 * 0.0455) * se, "P(|z|<2) " + std::to_string(p2));
    // Neighbouring elements (same Philox block and across blocks) are uncorrelated.
    for (int lag : {1, 2, 3, 4}) {
        double c = 0;
        for (int64_t i = 0; i + lag < n; ++i) c += (double)z[i] * z[i + lag];
        c /= (double)(n - lag);
        CHECK(std::fabs(c) < 5 * se, "lag-" + std::to_string(lag) + " correlation " + std::to_string(c));
    }
    // Different steps and subsequences are different streams.
    std::vector<float> other_step = normals(1024, check::seed(), 4, 0), other_sub = normals(1024, check::seed(), 3, 1);
    int same_step = 0, same_sub = 0;
    for (int i = 0; i < 1024; ++i) same_step += other_step[i] == z[i], same_sub += other_sub[i] == z[i];
    CHECK(same_step < 4 && same_sub < 4, "streams differ (" + std::to_string(same_step) + ", " +
                                             std::to_string(same_sub) + " equal values)");
}

static void noise_is_independent_of_threads_and_tiling() {
    const int64_t n = 100003;  // not a multiple of the chunk or of 4
    uint64_t seed = check::seed() * 7 + 1;
    gk::set_num_threads(1);
    std::vector<float> one = normals(n, seed, 9, 0);
    gk::set_num_threads(3);
    std::vector<float> three = normals(n, seed, 9, 0);
    std::vector<float> shorter = normals(n - 7, seed, 9, 0);
    gk::Simd level = gk::simd_level();
    gk::set_simd_level(gk::Simd::Scalar);
    std::vector<float> scalar = normals(n, seed, 9, 0);
    gk::set_simd_level(level);
    gk::set_num_threads(0);
    CHECK(std::memcmp(one.data(), three.data(), n * 4) == 0, "1 and 3 threads give the same bits");
    CHECK(std::memcmp(one.data(), shorter.data(), (n - 7) * 4) == 0, "element i does not depend on the tensor size");
    CHECK(std::memcmp(one.data(), scalar.data(), n * 4) == 0,
          std::string("portable and ") + gk::simd_name(level) + " builds give the same bits");
    for (int64_t i : {(int64_t)0, (int64_t)5, n - 1}) {
        float z[4];
        gk::rng::normal4(seed, 9, 0, (uint64_t)(i / 4), z);
        CHECK(one[i] == z[i % 4], "element " + std::to_string(i) + " is lane i%4 of block i/4");
    }
}

// ---- the fused step against float64 ---------------------------------------------------------------

struct StepCase {
    int64_t batch, per_sample;
    int32_t model_dtype;
    bool uncond, rescale, x_aux, out_aux, denoised_out, external_noise, philox_noise, inpaint, inpaint_noise, clip;
    int histories;
    bool alias_out_x;
};

static std::vector<uint16_t> to16(const std::vector<float>& v, int32_t dtype, std::vector<float>* rounded) {
    std::vector<uint16_t> h(v.size());
    rounded->resize(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        h[i] = dtype == GK_F16 ? gk_f32_to_f16(v[i]) : gk_f32_to_bf16(v[i]);
        (*rounded)[i] = dtype == GK_F16 ? gk_f16_to_f32(h[i]) : gk_bf16_to_f32(h[i]);
    }
    return h;
}

static void step_matches_float64(const StepCase& c, std::mt19937_64& rng) {
    const int64_t n = c.batch * c.per_sample;
    std::normal_distribution<float> normal;
    std::uniform_real_distribution<float> unit(0, 1);
    auto randn = [&](int64_t k) { std::vector<float> v(k); for (float& x : v) x = normal(rng); return v; };
    std::vector<float> x = randn(n), x_aux = randn(n), cond = randn(n), uncond = randn(n), noise = randn(n),
                       known = randn(n), mask(n), out(n, NAN), out_aux(n, NAN), den(n, NAN), factors(c.batch);
    for (float& m : mask) m = unit(rng) < 0.3f ? 1.0f : (unit(rng) < 0.5f ? 0.0f : unit(rng));  // hard and soft
    for (float& v : uncond) v *= 0.5f;
    std::vector<std::vector<float>> hist = {randn(n), randn(n), randn(n)};
    std::vector<float> cond_r = cond, uncond_r = uncond;
    std::vector<uint16_t> cond16, uncond16;
    if (c.model_dtype != GK_F32) {
        cond16 = to16(cond, c.model_dtype, &cond_r);
        uncond16 = to16(uncond, c.model_dtype, &uncond_r);
    }
    std::uniform_real_distribution<double> coef(-1.5, 1.5);
    gk_sampler_step_args a{};
    std::vector<int64_t> shape = {c.batch, c.per_sample};
    a.x = check::tensor(x.data(), GK_F32, shape);
    a.out = check::tensor(c.alias_out_x ? x.data() : out.data(), GK_F32, shape);
    void* cond_data = c.model_dtype == GK_F32 ? (void*)cond.data() : (void*)cond16.data();
    void* uncond_data = c.model_dtype == GK_F32 ? (void*)uncond.data() : (void*)uncond16.data();
    a.cond = check::tensor(cond_data, (gk_dtype)c.model_dtype, shape);
    if (c.uncond) a.uncond = check::tensor(uncond_data, (gk_dtype)c.model_dtype, shape);
    a.guidance_scale = 1 + 6 * unit(rng);
    if (c.rescale) {
        a.rescale_phi = 0.7;
        a.rescale_factors = check::tensor(factors.data(), GK_F32, {c.batch});
    }
    a.denoise_x = coef(rng), a.denoise_model = coef(rng);
    a.clip_denoised = c.clip ? 1.0 : 0.0;
    a.c_x = coef(rng), a.c_denoised = coef(rng);
    if (c.x_aux) {
        a.x_aux = check::tensor(x_aux.data(), GK_F32, shape);
        a.c_aux = coef(rng), a.aux_aux = coef(rng);
    }
    for (int k = 0; k < c.histories; ++k) {
        a.history[k] = check::tensor(hist[k].data(), GK_F32, shape);
        a.c_history[k] = coef(rng), a.aux_history[k] = coef(rng);
    }
    if (c.out_aux) {
        a.out_aux = check::tensor(out_aux.data(), GK_F32, shape);
        a.aux_x = coef(rng), a.aux_denoised = coef(rng);
    }
    if (c.denoised_out) a.denoised_out = check::tensor(den.data(), GK_F32, shape);
    a.seed = rng();
    a.noise_step = (uint32_t)rng();
    if (c.external_noise || c.philox_noise) a.c_noise = coef(rng);
    if (c.external_noise) a.noise = check::tensor(noise.data(), GK_F32, shape);
    if (c.inpaint) {
        a.mask = check::tensor(mask.data(), GK_F32, shape);
        a.known = check::tensor(known.data(), GK_F32, shape);
        a.known_scale = unit(rng), a.known_noise = c.inpaint_noise ? unit(rng) : 0.0;
    }
    const std::vector<float> x0 = x;  // x may be overwritten (alias)
    CHECK_OK(gk_sampler_step(&a, nullptr));

    // float64 evaluation of the documented formula (Philox noise from the shared generator).
    std::vector<double> g(n);
    for (int64_t i = 0; i < n; ++i)
        g[i] = c.uncond ? uncond_r[i] + a.guidance_scale * ((double)cond_r[i] - uncond_r[i]) : cond_r[i];
    if (c.rescale) {
        for (int64_t b = 0; b < c.batch; ++b) {
            double mc = 0, mg = 0, vc = 0, vg = 0;
            for (int64_t j = 0; j < c.per_sample; ++j) mc += cond_r[b * c.per_sample + j], mg += g[b * c.per_sample + j];
            mc /= c.per_sample, mg /= c.per_sample;
            for (int64_t j = 0; j < c.per_sample; ++j) {
                double dc = cond_r[b * c.per_sample + j] - mc, dg = g[b * c.per_sample + j] - mg;
                vc += dc * dc, vg += dg * dg;
            }
            double f = 1 - a.rescale_phi + a.rescale_phi * std::sqrt(vc / vg);
            CHECK(std::fabs(factors[b] - f) < 1e-5 * std::fabs(f), "rescale factor of sample " + std::to_string(b) +
                                                                       ": " + std::to_string(factors[b]) + " vs " + std::to_string(f));
            for (int64_t j = 0; j < c.per_sample; ++j) g[b * c.per_sample + j] *= f;
        }
    }
    double worst = 0, worst_aux = 0, worst_den = 0;
    for (int64_t i = 0; i < n; ++i) {
        float z[4], zk[4];
        gk::rng::normal4(a.seed, a.noise_step, 0, (uint64_t)(i / 4), z);
        gk::rng::normal4(a.seed, a.noise_step, 1, (uint64_t)(i / 4), zk);
        double d = a.denoise_x * x0[i] + a.denoise_model * g[i];
        if (c.clip) d = std::min(1.0, std::max(-1.0, d));
        double o = a.c_x * x0[i] + a.c_denoised * d, ax = a.aux_x * x0[i] + a.aux_denoised * d;
        double scale = std::fabs(a.c_x * x0[i]) + std::fabs(a.c_denoised * d) + 1;  // magnitude of the terms
        if (c.x_aux) o += a.c_aux * x_aux[i], ax += a.aux_aux * x_aux[i], scale += std::fabs(a.c_aux * x_aux[i]);
        for (int k = 0; k < c.histories; ++k)
            o += a.c_history[k] * hist[k][i], ax += a.aux_history[k] * hist[k][i], scale += std::fabs(hist[k][i]);
        double xi = c.external_noise ? noise[i] : z[i % 4];
        o += a.c_noise * xi;
        if (c.inpaint) o = mask[i] * (a.known_scale * known[i] + a.known_noise * zk[i % 4]) + (1 - mask[i]) * o;
        double got = c.alias_out_x ? x[i] : out[i];
        worst = std::max(worst, std::fabs(got - o) / scale);
        if (c.out_aux) worst_aux = std::max(worst_aux, std::fabs(out_aux[i] - ax) / scale);
        if (c.denoised_out) worst_den = std::max(worst_den, std::fabs(den[i] - d) / (std::fabs(d) + 1));
    }
    // f32 arithmetic over a handful of terms: a few units of 2^-24 relative to their magnitude.
    const double tol = 4e-6 * (c.rescale ? 2 : 1) * (1 + a.guidance_scale);
    std::string name = "batch " + std::to_string(c.batch) + " x " + std::to_string(c.per_sample) + " dtype " +
                       std::to_string(c.model_dtype);
    CHECK(worst < tol, name + ": out error " + std::to_string(worst));
    CHECK(worst_aux < tol, name + ": out_aux error " + std::to_string(worst_aux));
    CHECK(worst_den < tol, name + ": denoised_out error " + std::to_string(worst_den));
}

static void step_cases() {
    std::mt19937_64 rng(check::seed() + 11);
    std::vector<StepCase> cases = {
        // batch, per_sample, dtype, uncond, rescale, x_aux, out_aux, denoised, ext noise, philox, inpaint, inp noise, clip, hist, alias
        {2, 1000, GK_F32, false, false, false, false, false, false, false, false, false, false, 0, false},
        {3, 777, GK_F32, true, false, false, false, true, false, true, false, false, false, 1, false},
        {2, 4099, GK_F16, true, true, true, true, true, false, true, false, false, false, 2, false},
        {4, 513, GK_BF16, true, true, false, false, true, true, false, true, true, true, 3, true},
        {1, 5, GK_F32, false, false, true, true, false, false, true, true, false, false, 1, true},
        {5, 20000, GK_F32, true, true, true, true, true, false, true, true, true, false, 3, false},
    };
    gk::Simd detected = gk::simd_level();
    for (gk::Simd level : {detected, gk::Simd::Scalar}) {  // the AVX2 and the portable build
        gk::set_simd_level(level);
        for (int threads : {1, 2}) {
            gk::set_num_threads(threads);
            for (const StepCase& c : cases) step_matches_float64(c, rng);
        }
    }
    gk::set_simd_level(detected);
    gk::set_num_threads(0);
}

static void noise_only_step_needs_no_model_output() {
    std::vector<float> x(64, 1.0f), out(64);
    gk_sampler_step_args a{};
    a.x = check::tensor(x.data(), GK_F32, {2, 32});
    a.out = check::tensor(out.data(), GK_F32, {2, 32});
    a.c_x = 1, a.c_noise = 0.5, a.seed = 5, a.noise_step = 2;
    CHECK_OK(gk_sampler_step(&a, nullptr));
    for (int i = 0; i < 64; ++i) {
        float z[4];
        gk::rng::normal4(5, 2, 0, i / 4, z);
        CHECK(std::fabs(out[i] - (1 + 0.5f * z[i % 4])) < 1e-6f, "x + 0.5·ξ at " + std::to_string(i));
    }
}

static void step_determinism_across_threads() {
    const int64_t n = 3 * 33333;
    std::vector<float> x(n), cond(n), uncond(n), out1(n), out2(n), f(3);
    std::mt19937_64 rng(check::seed() + 3);
    std::normal_distribution<float> normal;
    for (int64_t i = 0; i < n; ++i) x[i] = normal(rng), cond[i] = normal(rng), uncond[i] = normal(rng);
    gk_sampler_step_args a{};
    a.x = check::tensor(x.data(), GK_F32, {3, 33333});
    a.cond = check::tensor(cond.data(), GK_F32, {3, 33333});
    a.uncond = check::tensor(uncond.data(), GK_F32, {3, 33333});
    a.rescale_factors = check::tensor(f.data(), GK_F32, {3});
    a.guidance_scale = 7.5, a.rescale_phi = 0.7, a.denoise_x = 1.2, a.denoise_model = -0.4;
    a.c_x = 0.9, a.c_denoised = 0.1, a.c_noise = 0.3, a.seed = 42, a.noise_step = 7;
    gk::set_num_threads(1);
    a.out = check::tensor(out1.data(), GK_F32, {3, 33333});
    CHECK_OK(gk_sampler_step(&a, nullptr));
    gk::set_num_threads(2);
    a.out = check::tensor(out2.data(), GK_F32, {3, 33333});
    CHECK_OK(gk_sampler_step(&a, nullptr));
    gk::set_num_threads(0);
    CHECK(std::memcmp(out1.data(), out2.data(), n * 4) == 0, "1 and 2 threads give the same bits");
}

static void expect_error(gk_sampler_step_args a, const char* fragment) {
    gk_status s = gk_sampler_step(&a, nullptr);
    CHECK(s == GK_INVALID_ARGUMENT, std::string("refused: ") + fragment);
    CHECK(std::strstr(gk_last_error(), fragment) != nullptr,
          std::string("message names '") + fragment + "': " + gk_last_error());
}

static void validation_names_values() {
    std::vector<float> x(24), out(24), cond(24), h(24), wrong(30), f(2);
    gk_sampler_step_args a{};
    a.x = check::tensor(x.data(), GK_F32, {2, 12});
    a.out = check::tensor(out.data(), GK_F32, {2, 12});
    a.cond = check::tensor(cond.data(), GK_F32, {2, 12});
    a.c_x = 1, a.c_denoised = 1, a.denoise_model = 1;
    CHECK_OK(gk_sampler_step(&a, nullptr));

    gk_sampler_step_args b = a;
    b.cond = check::tensor(wrong.data(), GK_F32, {2, 15});
    expect_error(b, "cond has shape [2, 15] but x has shape [2, 12]");
    b = a;
    b.c_history[1] = 0.25;
    expect_error(b, "history[1] is absent but c_history[1] = 0.25");
    b = a;
    b.cond.data = nullptr;
    expect_error(b, "cond is absent but the step needs the denoised estimate");
    b = a;
    b.c_noise = NAN;
    expect_error(b, "c_noise is nan");
    b = a;
    b.rescale_phi = 0.5;
    expect_error(b, "rescale_factors is missing");
    b.rescale_factors = check::tensor(f.data(), GK_F32, {3});
    expect_error(b, "rescale_factors has length (the batch size B) 3, expected 2");
    b = a;
    b.rescale_phi = 1.5;
    expect_error(b, "rescale_phi is 1.5");
    b = a;
    b.mask = check::tensor(h.data(), GK_F32, {2, 12});
    expect_error(b, "inpainting needs both mask and known");
    b = a;
    b.out = check::tensor(x.data() + 1, GK_F32, {2, 11});
    expect_error(b, "out has shape [2, 11]");
    b = a;
    b.out_aux = check::tensor(x.data(), GK_F32, {2, 12});
    b.out = check::tensor(x.data(), GK_F32, {2, 12});
    expect_error(b, "out_aux overlaps out");
    b = a;
    b.out.strides[0] = 13;
    expect_error(b, "out must be contiguous");
    b = a;
    b.cond.dtype = GK_I32;
    expect_error(b, "cond has dtype i32; expected f32, f16 or bf16");
}

int main() {
    philox_known_answers();
    transform_matches_libm();
    normal_statistics();
    noise_is_independent_of_threads_and_tiling();
    step_cases();
    noise_only_step_needs_no_model_output();
    step_determinism_across_threads();
    validation_names_values();
    return check::finish("test_sampling");
}
