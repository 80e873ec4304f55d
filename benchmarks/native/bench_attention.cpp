// genkern_bench attention: times gk_attention on one shape (median of cache-cold runs after
// warm-up) and reports GFLOP/s, % of the FMA peak measured in the same run, effective bandwidth
// and % of memcpy, next to a peer measured in the same run (CPU: an unfused f32 attention).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.h"
#include "core/simd.h"
#include "core/threads.h"
#include "genkern/attention.h"
#include "genkern/float16.h"
#include "unfused_attention.h"
#ifdef GENKERN_WITH_CUDA
#include "cuda_timing.h"
#endif

namespace bench {

namespace {

const char* kUsage =
    "usage: genkern_bench attention [--backend cpu|cuda] [--dtype f32|f16|bf16] [-B 1] [-H 8] [--kv-heads H]\n"
    "         [-N 1024] [-M 1024] [-D 64] [--dv D] [--causal] [--layout bhnd|bnhd] [--path auto|flash|split|general]\n"
    "         [--splits S]"
    " [--repeats 20] [--warmup 3] [--threads T] [--peak-tflops X] [--no-peer] [--json out.jsonl]\n"
    "  Q [B,H,N,D], K/V [B,kv-heads,M,D] (V head dim --dv, default D), scale 1/sqrt(D).\n"
    "  FLOPs: 4·B·H·N·M·D (2·B·H·N·M·(Dk+Dv) when they differ), causal counts visible pairs only (half\n"
    "  at N = M). --json appends one JSON object per measurement (one line) to the file.\n"
    "  Exit code 77 (skipped) when --backend cuda finds no usable device.\n";

struct Options {
    std::string backend = "cpu", dtype = "f32", path = "auto", layout = "bhnd", json;
    int64_t B = 1, H = 8, Hkv = 0, N = 1024, M = 1024, D = 64, Dv = 0;
    bool causal = false, peer = true;
    int splits = 0, repeats = 20, warmup = 3, threads = 0;
    double peak_tflops = 0;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error("option " + a + " needs a value");
            return argv[++i];
        };
        auto integer = [&]() -> int64_t {
            std::string v = value();
            char* end = nullptr;
            long long x = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end) throw std::runtime_error("option " + a + " needs an integer, got '" + v + "'");
            return x;
        };
        if (a == "--help" || a == "-h") {
            std::printf("%s", kUsage);
            std::exit(0);
        } else if (a == "--backend") o.backend = value();
        else if (a == "--dtype") o.dtype = value();
        else if (a == "-B") o.B = integer();
        else if (a == "-H") o.H = integer();
        else if (a == "--kv-heads") o.Hkv = integer();
        else if (a == "-N") o.N = integer();
        else if (a == "-M") o.M = integer();
        else if (a == "-D") o.D = integer();
        else if (a == "--dv") o.Dv = integer();
        else if (a == "--causal") o.causal = true;
        else if (a == "--path") o.path = value();
        else if (a == "--layout") o.layout = value();
        else if (a == "--splits") o.splits = (int)integer();
        else if (a == "--repeats") o.repeats = (int)integer();
        else if (a == "--warmup") o.warmup = (int)integer();
        else if (a == "--threads") o.threads = (int)integer();
        else if (a == "--peak-tflops") o.peak_tflops = std::atof(value().c_str());
        else if (a == "--no-peer") o.peer = false;
        else if (a == "--json") o.json = value();
        else throw std::runtime_error("unknown option '" + a + "'\n" + kUsage);
    }
    if (o.Hkv == 0) o.Hkv = o.H;
    if (o.Dv == 0) o.Dv = o.D;
    if (o.backend != "cpu" && o.backend != "cuda") throw std::runtime_error("--backend must be cpu or cuda, got " + o.backend);
    if (o.layout != "bhnd" && o.layout != "bnhd") throw std::runtime_error("--layout must be bhnd or bnhd, got " + o.layout);
    if (o.repeats < 1 || o.warmup < 0) throw std::runtime_error("--repeats must be >= 1 and --warmup >= 0");
    return o;
}

gk_dtype dtype_of(const std::string& s) {
    if (s == "f32") return GK_F32;
    if (s == "f16") return GK_F16;
    if (s == "bf16") return GK_BF16;
    throw std::runtime_error("--dtype must be f32, f16 or bf16, got " + s);
}

int32_t path_of(const std::string& s) {
    if (s == "auto") return GK_ATTENTION_AUTO;
    if (s == "flash") return GK_ATTENTION_FLASH;
    if (s == "split") return GK_ATTENTION_SPLIT_KV;
    if (s == "general") return GK_ATTENTION_GENERAL;
    throw std::runtime_error("--path must be auto, flash, split or general, got " + s);
}

const char* path_name(int32_t p) {
    switch (p) {
        case GK_ATTENTION_FLASH: return "flash";
        case GK_ATTENTION_SPLIT_KV: return "split";
        case GK_ATTENTION_GENERAL: return "general";
        default: return "auto";
    }
}

void ok(gk_status s, const char* what) {
    if (s != GK_OK) throw std::runtime_error(std::string(what) + ": " + gk_last_error());
}

// A [B, H, L, D] view of memory laid out [B,H,L,D] or, with bnhd, [B,L,H,D].
gk_tensor view(void* data, gk_dtype dt, int32_t device, int64_t B, int64_t H, int64_t L, int64_t D, bool bnhd) {
    gk_tensor t{};
    t.data = data;
    t.dtype = dt;
    t.device = device;
    t.ndim = 4;
    const int64_t shape[4] = {B, H, L, D};
    for (int i = 0; i < 4; ++i) t.shape[i] = shape[i];
    t.strides[3] = 1;
    t.strides[2] = bnhd ? H * D : D;
    t.strides[1] = bnhd ? D : L * D;
    t.strides[0] = H * L * D;
    return t;
}

// A standard normal value for element i of a stream: splitmix64 of (stream, i) and Box–Muller.
// Counter-based, so any thread can make any element: the long-KV shapes have billions of them.
float normal_at(uint64_t stream, uint64_t i) {
    auto mix = [](uint64_t z) {
        z += 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    const uint64_t bits = mix(stream * 0xD1B54A32D192ED03ull ^ mix(i));
    const float u1 = ((bits >> 40) + 1) * 0x1.0p-24f, u2 = (bits & 0xFFFFFF) * 0x1.0p-24f;  // u1 in (0, 1]
    return std::sqrt(-2.f * std::log(u1)) * std::cos(6.2831853f * u2);
}

// Random values encoded in the benchmark's dtype and layout (genkern's input) and, when the CPU
// peer runs, the same values as f32 in [B,H,L,D] order (the peer's input). Filled on all threads.
struct HostArray {
    std::vector<float> f32;
    std::vector<uint8_t> bytes;
    HostArray(int64_t B, int64_t H, int64_t L, int64_t D, bool bnhd, gk_dtype dt, uint64_t stream, bool keep_f32)
        : f32(keep_f32 ? B * H * L * D : 0), bytes(B * H * L * D * (dt == GK_F32 ? 4 : 2)) {
        const gk_tensor t = view(nullptr, dt, GK_CPU, B, H, L, D, bnhd);
        gk::parallel_for(B * H * L, [&](int64_t begin, int64_t end, int) {
            for (int64_t row = begin; row < end; ++row) {  // row = (b * H + h) * L + l
                const int64_t l = row % L, h = row / L % H, b = row / (L * H);
                const int64_t base = b * t.strides[0] + h * t.strides[1] + l * t.strides[2];
                for (int64_t d = 0; d < D; ++d) {
                    const float x = normal_at(stream, (uint64_t)(row * D + d));
                    if (keep_f32) f32[row * D + d] = x;
                    if (dt == GK_F32) ((float*)bytes.data())[base + d] = x;
                    else if (dt == GK_F16) ((uint16_t*)bytes.data())[base + d] = gk_f32_to_f16(x);
                    else ((uint16_t*)bytes.data())[base + d] = gk_f32_to_bf16(x);
                }
            }
        });
    }
};

double visible_pairs(const Options& o) {
    if (!o.causal) return (double)o.N * o.M;
    if (o.N == o.M) return 0.5 * o.N * o.M;
    double pairs = 0;
    for (int64_t n = 0; n < o.N; ++n) pairs += (double)std::max<int64_t>(0, std::min(o.M, n + o.M - o.N + 1));
    return pairs;
}

}  // namespace

int attention_main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const gk_dtype dt = dtype_of(o.dtype);
    const int32_t device = o.backend == "cuda" ? GK_CUDA : GK_CPU;
    if (o.threads > 0) ok(gk_cpu_set_threads(o.threads), "gk_cpu_set_threads");
    if (device == GK_CUDA) {  // before the inputs (the long-KV shapes take GBs); a CPU-only build says so here
        gk_cuda_info info{};
        if (gk_cuda_query(0, &info) != GK_OK || info.reason[0]) {
            std::printf("SKIPPED: no usable CUDA device: %s\n", info.reason[0] ? info.reason : gk_last_error());
            return kSkipped;
        }
    }

    // The peer: unfused f32 attention on the CPU, same inputs (converted to f32 outside the timing).
    const bool avx2 = gk::simd_level() == gk::Simd::Avx2;
    std::string peer_note;
    const double scores_bytes = 4.0 * o.B * o.H * o.N * o.M;
    if (!o.peer) peer_note = "disabled (--no-peer)";
    else if (device == GK_CUDA) peer_note = "none in-process on CUDA (PyTorch SDPA runs from the device script)";
    else if (!avx2) peer_note = "needs AVX2+FMA";
    else if (scores_bytes > 2e9) {
        char note[96];
        std::snprintf(note, sizeof note, "skipped: its score matrix would take %.1f GB (limit 2 GB)", scores_bytes / 1e9);
        peer_note = note;
    }
    const bool run_peer = peer_note.empty();

    const int64_t nq = o.B * o.H * o.N * o.D, nk = o.B * o.Hkv * o.M * o.D, nv = o.B * o.Hkv * o.M * o.Dv,
                  no = o.B * o.H * o.N * o.Dv;
    const bool bnhd = o.layout == "bnhd";
    HostArray q(o.B, o.H, o.N, o.D, bnhd, dt, 1, run_peer), k(o.B, o.Hkv, o.M, o.D, bnhd, dt, 2, run_peer),
        v(o.B, o.Hkv, o.M, o.Dv, bnhd, dt, 3, run_peer);
    const size_t es = dt == GK_F32 ? 4 : 2;
    std::vector<uint8_t> out_host(no * es);

    // Operands on the benchmark's device.
    void *qd = q.bytes.data(), *kd = k.bytes.data(), *vd = v.bytes.data(), *od = out_host.data();
    void* stream = nullptr;
    if (device == GK_CUDA) {
        ok(gk_stream_create(GK_CUDA, 0, &stream), "gk_stream_create");
        void** slots[4] = {&qd, &kd, &vd, &od};
        const size_t sizes[4] = {nq * es, nk * es, nv * es, no * es};
        const void* sources[3] = {q.bytes.data(), k.bytes.data(), v.bytes.data()};
        for (int i = 0; i < 4; ++i) {
            ok(gk_alloc(GK_CUDA, 0, sizes[i], slots[i]), "gk_alloc");
            if (i < 3) ok(gk_copy(*slots[i], GK_CUDA, sources[i], GK_CPU, 0, sizes[i], stream), "gk_copy");
        }
        ok(gk_stream_synchronize(GK_CUDA, 0, stream), "gk_stream_synchronize");
    }

    gk_attention_args args{};
    args.q = view(qd, dt, device, o.B, o.H, o.N, o.D, bnhd);
    args.out = view(od, dt, device, o.B, o.H, o.N, o.Dv, bnhd);
    args.num_segments = 1;
    args.segments[0].k = view(kd, dt, device, o.B, o.Hkv, o.M, o.D, bnhd);
    args.segments[0].v = view(vd, dt, device, o.B, o.Hkv, o.M, o.Dv, bnhd);
    args.segments[0].scale = 1.f / std::sqrt((float)o.D);
    args.causal = o.causal;
    args.path = path_of(o.path);
    args.num_splits = o.splits;
    int32_t path = 0;
    ok(gk_attention_choose_path(&args, &path), "gk_attention_choose_path");

    auto launch = [&] { ok(gk_attention(&args, stream), "gk_attention"); };
    double ms;
#ifdef GENKERN_WITH_CUDA
    if (device == GK_CUDA) ms = cuda_median_ms(launch, stream, o.warmup, o.repeats);
    else
#endif
        ms = cpu_median_ms(launch, o.warmup, o.repeats);

    const double flop = (o.D == o.Dv ? 4.0 * o.D : 2.0 * (o.D + o.Dv)) * o.B * o.H * visible_pairs(o);
    const double bytes = (double)(nq + nk + nv + no) * es;
    const double gflops = flop / (ms * 1e6), gbps = bytes / (ms * 1e6);

    // The machine's figures, measured now (CPU) or given (CUDA).
    double peak_gflops = NAN, memcpy_gbps = NAN;
    if (device == GK_CPU) {
        if (avx2) peak_gflops = cpu_fma_peak_gflops();
        memcpy_gbps = cpu_memcpy_gbps();
    } else if (o.peak_tflops > 0) {
        peak_gflops = o.peak_tflops * 1e3;
    }

    double peer_ms = NAN;
    if (run_peer) {
        std::vector<float> peer_out(no), kt(nk), scores((size_t)(o.B * o.H * o.N * o.M));
        UnfusedShape s{o.B, o.H, o.Hkv, o.N, o.M, o.D, o.Dv, o.causal};
        peer_ms = cpu_median_ms([&] { unfused_attention(s, q.f32.data(), k.f32.data(), v.f32.data(), peer_out.data(), kt.data(), scores.data()); },
                                std::min(o.warmup, 1), std::max(1, std::min(o.repeats, 5)));
        peer_note = "unfused f32 (blocked GEMM, softmax, blocked GEMM)";
    }
    const double peer_gflops = flop / (peer_ms * 1e6), peer_gbps = 4.0 * (nq + nk + nv + no) / (peer_ms * 1e6);

    char shape[160];
    std::snprintf(shape, sizeof shape, "B=%lld H=%lld Hkv=%lld N=%lld M=%lld Dk=%lld Dv=%lld%s", (long long)o.B,
                  (long long)o.H, (long long)o.Hkv, (long long)o.N, (long long)o.M, (long long)o.D, (long long)o.Dv,
                  o.causal ? " causal" : "");
    std::printf("attention %s %s %s layout=%s path=%s threads=%d simd=%s\n", o.backend.c_str(), o.dtype.c_str(), shape,
                o.layout.c_str(), path_name(path), gk::num_threads(), gk::simd_name(gk::simd_level()));
    auto line = [&](const char* who, double t, double gf, double bw) {
        std::printf("  %-8s median %9.3f ms  %8.1f GFLOP/s", who, t, gf);
        if (std::isfinite(peak_gflops)) std::printf("  %5.1f%% of peak", 100 * gf / peak_gflops);
        std::printf("  %8.2f GB/s", bw);
        if (std::isfinite(memcpy_gbps)) std::printf("  %5.1f%% of memcpy", 100 * bw / memcpy_gbps);
        std::printf("\n");
    };
    line("genkern", ms, gflops, gbps);
    if (std::isfinite(peer_ms)) line("peer", peer_ms, peer_gflops, peer_gbps);
    std::printf("  peer: %s\n", peer_note.c_str());
    if (std::isfinite(peak_gflops))
        std::printf("  peak: %.1f GFLOP/s (%s)\n", peak_gflops, device == GK_CPU ? "AVX2 FMA loop on all threads, this run" : "--peak-tflops");
    if (std::isfinite(memcpy_gbps)) std::printf("  memcpy: %.2f GB/s (512 MB over all threads, bytes copied / s)\n", memcpy_gbps);

    if (!o.json.empty()) {
        JsonLine j;
        j.add("kernel", "attention").add("backend", o.backend).add("dtype", o.dtype).add("shape", shape)
            .add("B", o.B).add("H", o.H).add("Hkv", o.Hkv).add("N", o.N).add("M", o.M).add("Dk", o.D).add("Dv", o.Dv)
            .add("causal", (int64_t)o.causal).add("layout", o.layout).add("path", path_name(path)).add("threads", (int64_t)gk::num_threads())
            .add("simd", gk::simd_name(gk::simd_level())).add("repeats", (int64_t)o.repeats)
            .add("median_ms", ms).add("gflops", gflops).add("pct_peak", 100 * gflops / peak_gflops).add("gbps", gbps)
            .add("pct_memcpy", 100 * gbps / memcpy_gbps).add("peak_gflops", peak_gflops).add("memcpy_gbps", memcpy_gbps)
            .add("peer", peer_note).add("peer_median_ms", peer_ms).add("peer_gflops", peer_gflops)
            .add("peer_pct_peak", 100 * peer_gflops / peak_gflops).add("peer_gbps", peer_gbps);
        j.append_to(o.json);
    }

    if (device == GK_CUDA) {
        for (void* p : {qd, kd, vd, od}) gk_free(GK_CUDA, 0, p);
        gk_stream_destroy(GK_CUDA, 0, stream);
    }
    return 0;
}

}  // namespace bench
