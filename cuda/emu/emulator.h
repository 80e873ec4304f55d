// The CPU emulator of the CUDA execution model (tests only, never part of libgenkern.so).
//
// A launch runs its grid block by block on a few runner OS threads; the threads of one block are
// cooperative fibers on one runner, switched at every __syncthreads, warp-collective operation
// (shuffle, vote, __syncwarp, mma, ldmatrix) and atomic. Each fiber runs until it blocks; which
// ready fiber runs next follows the launch's Schedule, so a missing barrier changes the result
// under some schedule. Because a block's fibers share one OS thread and a runner executes one block
// at a time, `thread_local` storage is exactly per-block storage: cuda_emu.h maps __shared__ onto it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

struct uint3 {
    unsigned x, y, z;
};

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
};

namespace gk::emu {

// A launch the emulator refused or a kernel fault it detected (deadlock, bad mask, misaligned
// ldmatrix row, ...). The message names the kernel, block and thread.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Order {
    kForward,      // round robin over the ready threads in ascending order: warps advance together
    kReverse,      // round robin in descending order
    kRandom,       // a seeded random ready thread each time
    kLowestFirst,  // always the lowest ready thread: each warp runs as far ahead as it can
};

struct Schedule {
    Order order;
    uint64_t seed = 0;          // kRandom: each block's order derives from (seed, block index)
    bool early_copies = false;  // cp.async lands when issued, not when its group is waited for
};

// The schedule of every later launch (process-wide). The default comes from GENKERN_EMU_SCHEDULE
// ("forward", "reverse", "random:<seed>" or "lowest-first", optionally followed by "+early"),
// else forward.
void set_schedule(Schedule s);
Schedule schedule();
std::string describe(Schedule s);

// Largest dynamic shared memory a block may request (sm_90 opt-in limit, 227 KiB).
constexpr size_t kMaxDynamicSmem = 232448;

namespace detail {

struct LaunchSpec {
    const char* kernel;
    dim3 grid, block;
    size_t dynamic_smem;
    void (*entry)(const void* call);  // runs the kernel body once for the current emulated thread
    const void* call;
};

void run_grid(const LaunchSpec& spec);

// Lanes' operands and results of one warp-collective operation, indexed by lane (nullptr for
// lanes outside the mask).
using CollectiveFn = void (*)(unsigned mask, const void* const in[32], void* const out[32]);

// Blocks the calling emulated thread until every lane of `mask` has arrived at the same operation
// (same fn, same mask); the last to arrive runs fn over all lanes' operands. Errors if the mask
// omits the caller, names missing or exited lanes, or meets a different operation.
void warp_collective(unsigned mask, CollectiveFn fn, const void* in, void* out, const char* what);

void sync_block();  // __syncthreads
void interleave();  // lets the scheduler run another ready thread (after atomics)
[[noreturn]] void fail(const std::string& message);  // aborts the launch from kernel code

const uint3& thread_index();
const uint3& block_index();
const dim3& block_dims();
const dim3& grid_dims();
unsigned exited_lanes_complement();  // lanes of the caller's warp that exist and have not exited

// cp.async model: the source is read when the copy is issued; the shared-memory destination is
// written when a cp.async.wait_group retires its group (or the thread exits), so reading a tile
// before waiting for it sees stale or poisoned data; or, under a schedule with early_copies, at
// once, so overwriting a stage other warps still read (a missing barrier before the next prefetch)
// shows.
void cp_async_issue(void* dst, const void* src, bool valid);
void cp_async_commit();
void cp_async_wait(int pending);

// Dynamic shared memory: the test defines the kernel's `extern __shared__` array as a
// per-runner (thread_local) arena with GK_EMU_DYNAMIC_SHARED; the emulator poisons it at every
// block start and makes the bytes beyond the launch's request unaddressable (ASan).
struct Arena {
    void* data;
    size_t capacity;
};
bool register_dynamic_shared(Arena (*locate)());

template <class Kernel, class Params>
struct Call {
    Kernel kernel;
    Params params;
};

}  // namespace detail

// Runs kernel<<<grid, block, dynamic_smem>>>(args...) to completion. Arguments are converted to
// the kernel's parameter types once, as a real launch copies them; every thread gets its own copy.
template <class... P, class... A>
void launch_named(const char* name, void (*kernel)(P...), dim3 grid, dim3 block, size_t dynamic_smem, A&&... args) {
    static_assert(sizeof...(P) == sizeof...(A), "wrong number of kernel arguments");
    using Params = std::tuple<std::decay_t<P>...>;
    detail::Call<void (*)(P...), Params> call{kernel, Params(std::forward<A>(args)...)};
    detail::LaunchSpec spec{name, grid, block, dynamic_smem,
                            [](const void* c) {
                                auto* k = static_cast<const detail::Call<void (*)(P...), Params>*>(c);
                                std::apply(k->kernel, k->params);  // by-value parameters: a copy per thread
                            },
                            &call};
    detail::run_grid(spec);
}

template <class... P, class... A>
void launch(void (*kernel)(P...), dim3 grid, dim3 block, size_t dynamic_smem, A&&... args) {
    launch_named("kernel", kernel, grid, block, dynamic_smem, std::forward<A>(args)...);
}

}  // namespace gk::emu

// Defines the storage behind a kernel's `extern __shared__ T name[];` (declared in namespace ns)
// for the emulation: one arena of kMaxDynamicSmem bytes per runner thread. Use once per test
// executable, at namespace scope, for each dynamic shared array name the kernels declare.
#define GK_EMU_DYNAMIC_SHARED(ns, type, name)                                                           \
    namespace ns {                                                                                       \
    alignas(128) thread_local type name[::gk::emu::kMaxDynamicSmem / sizeof(type)];                      \
    }                                                                                                    \
    static const bool gk_emu_arena_##name = ::gk::emu::detail::register_dynamic_shared(                  \
        []() { return ::gk::emu::detail::Arena{(void*)ns::name, sizeof(ns::name)}; })
