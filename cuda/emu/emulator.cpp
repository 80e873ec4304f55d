// The fiber scheduler behind gk::emu::launch: blocks on runner threads, a block's CUDA threads as
// ucontext fibers switched at barriers, warp collectives and atomics (see emulator.h).
#include "cuda/emu/emulator.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define GK_EMU_ASAN 1
#else
#define GK_EMU_ASAN 0
#endif

namespace gk::emu {

namespace {

Schedule schedule_from_env() {
    const char* env = std::getenv("GENKERN_EMU_SCHEDULE");
    std::string v = env ? env : "";
    Schedule s{Order::kForward};
    size_t plus = v.find('+');
    if (plus != std::string::npos) {
        s.early_copies = v.substr(plus) == "+early";
        if (!s.early_copies) throw Error("GENKERN_EMU_SCHEDULE is '" + v + "': the only suffix is +early");
        v.resize(plus);
    }
    if (v.empty() || v == "forward") s.order = Order::kForward;
    else if (v == "reverse") s.order = Order::kReverse;
    else if (v == "lowest-first") s.order = Order::kLowestFirst;
    else if (v.rfind("random:", 0) == 0) s.order = Order::kRandom, s.seed = std::strtoull(v.c_str() + 7, nullptr, 10);
    else throw Error("GENKERN_EMU_SCHEDULE is '" + v + "'; expected forward, reverse, lowest-first or random:<seed>");
    return s;
}

std::mutex schedule_mutex;
Schedule current_schedule = schedule_from_env();

}  // namespace

void set_schedule(Schedule s) {
    std::lock_guard<std::mutex> lock(schedule_mutex);
    current_schedule = s;
}

Schedule schedule() {
    std::lock_guard<std::mutex> lock(schedule_mutex);
    return current_schedule;
}

std::string describe(Schedule s) {
    std::string order = s.order == Order::kForward   ? "forward"
                        : s.order == Order::kReverse ? "reverse"
                        : s.order == Order::kRandom  ? "random:" + std::to_string(s.seed)
                                                     : "lowest-first";
    return s.early_copies ? order + "+early" : order;
}

namespace detail {

namespace {

// Large enough for the kernels' register arrays under ASan's enlarged frames; pages are touched
// only as used. A guard page below each stack turns an overflow into a fault, not corruption.
constexpr size_t kStackBytes = 512 << 10;

void start_switch(void** fake_stack, const void* bottom, size_t size) {
#if GK_EMU_ASAN
    __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#else
    (void)fake_stack, (void)bottom, (void)size;
#endif
}

void finish_switch(void* fake_stack, const void** bottom_old, size_t* size_old) {
#if GK_EMU_ASAN
    __sanitizer_finish_switch_fiber(fake_stack, bottom_old, size_old);
#else
    (void)fake_stack, (void)bottom_old, (void)size_old;
#endif
}

// glibc's swapcontext, bypassing ASan's interceptor: the interceptor clears the shadow of the whole
// target stack on every switch (slow, and it erases the redzones of the resumed fiber's frames).
// The switches are announced to ASan with __sanitizer_start/finish_switch_fiber instead.
using SwapFn = int (*)(ucontext_t*, const ucontext_t*);
SwapFn libc_swapcontext() {
#if GK_EMU_ASAN
    static SwapFn fn = [] {
        void* libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
        void* sym = libc ? dlsym(libc, "swapcontext") : nullptr;
        return sym ? reinterpret_cast<SwapFn>(sym) : &swapcontext;
    }();
    return fn;
#else
    return &swapcontext;
#endif
}

void switch_context(ucontext_t* from, const ucontext_t* to) { libc_swapcontext()(from, to); }

enum class State : uint8_t { kReady, kBarrier, kCollective, kDone };

struct PendingCopy {
    void* dst;
    unsigned char bytes[16];
};

// The ready threads of a block (at most 1024) as a bitset, so that picking the next one is cheap
// whatever the order.
class ReadySet {
public:
    void clear() { std::memset(words_, 0, sizeof words_); }
    void insert(unsigned i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
    void erase(unsigned i) { words_[i >> 6] &= ~(uint64_t{1} << (i & 63)); }

    // The first member after i, cyclically; -1 when empty.
    int after(unsigned i) const {
        int r = first_from(i + 1);
        return r >= 0 ? r : first_from(0);
    }
    // The last member before i, cyclically; -1 when empty.
    int before(unsigned i) const {
        int r = last_to((int)i - 1);
        return r >= 0 ? r : last_to(kWords * 64 - 1);
    }
    unsigned size() const {
        unsigned n = 0;
        for (uint64_t w : words_) n += (unsigned)__builtin_popcountll(w);
        return n;
    }
    int nth(unsigned k) const {
        for (unsigned w = 0; w < kWords; ++w) {
            unsigned c = (unsigned)__builtin_popcountll(words_[w]);
            if (k >= c) {
                k -= c;
                continue;
            }
            uint64_t bits = words_[w];
            while (k--) bits &= bits - 1;
            return (int)(w * 64 + __builtin_ctzll(bits));
        }
        return -1;
    }

    static constexpr unsigned kWords = 16, kLast = kWords * 64 - 1;

private:
    int first_from(unsigned i) const {
        for (unsigned w = i >> 6; w < kWords; ++w) {
            uint64_t bits = words_[w] & (w == (i >> 6) ? ~uint64_t{0} << (i & 63) : ~uint64_t{0});
            if (bits) return (int)(w * 64 + __builtin_ctzll(bits));
        }
        return -1;
    }
    int last_to(int i) const {
        for (int w = i >> 6; i >= 0 && w >= 0; --w) {
            uint64_t bits = words_[w] & (w == (i >> 6) ? ~uint64_t{0} >> (63 - (i & 63)) : ~uint64_t{0});
            if (bits) return w * 64 + 63 - __builtin_clzll(bits);
        }
        return -1;
    }
    uint64_t words_[kWords] = {};
};

struct Block;

struct Thread {
    ucontext_t context;
    void* stack = nullptr;
    Block* block = nullptr;
    uint3 index{};
    unsigned linear = 0, lane = 0, warp = 0;
    State state = State::kReady;
    // The warp collective this thread waits at.
    unsigned mask = 0;
    CollectiveFn fn = nullptr;
    const void* in = nullptr;
    void* out = nullptr;
    const char* what = "";
    // cp.async: copies issued and not yet retired; group_ends[i] = end of committed group i.
    std::vector<PendingCopy> copies;
    std::vector<size_t> group_ends;
    void* fake_stack = nullptr;
};

// One pending warp-collective operation: the lanes of `mask` that have arrived at it so far.
struct Rendezvous {
    CollectiveFn fn;
    unsigned mask, arrived;
    const char* what;
};

struct Warp {
    unsigned existing = 0, exited = 0;  // lane masks
    std::vector<Rendezvous> pending;
};

struct Block {
    const LaunchSpec* spec = nullptr;
    uint3 index{};
    Thread* threads = nullptr;
    Warp* warps = nullptr;
    unsigned count = 0, live = 0, at_barrier = 0;
    ReadySet ready;
    ucontext_t scheduler;
    void* scheduler_fake_stack = nullptr;
    const void* runner_stack_bottom = nullptr;
    size_t runner_stack_size = 0;
    std::string error;
    Order order = Order::kForward;
    bool early_copies = false;
    std::mt19937_64 rng;
    unsigned cursor = 0;
};

thread_local Thread* current = nullptr;

std::mutex arenas_mutex;
std::vector<Arena (*)()>& arenas() {
    static std::vector<Arena (*)()> list;
    return list;
}

std::string dims(dim3 d) {
    return "(" + std::to_string(d.x) + "," + std::to_string(d.y) + "," + std::to_string(d.z) + ")";
}

std::string hex(unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

std::string where(const Thread& t) {
    return "block " + dims(t.block->index) + " thread " + dims(t.index) + " (warp " + std::to_string(t.warp) +
           ", lane " + std::to_string(t.lane) + ")";
}

Thread& require_current(const char* what) {
    if (!current) throw Error(std::string(what) + " called outside an emulated kernel");
    return *current;
}

void set_state(Block& b, Thread& t, State s) {
    t.state = s;
    if (s == State::kReady) b.ready.insert(t.linear);
    else b.ready.erase(t.linear);
}

// The next thread to run under the block's order, or nullptr when none is ready.
Thread* pick(Block& b) {
    int i = -1;
    switch (b.order) {
        case Order::kForward: i = b.ready.after(b.cursor); break;
        case Order::kReverse: i = b.ready.before(b.cursor); break;
        case Order::kRandom: {
            unsigned n = b.ready.size();
            if (n) i = b.ready.nth((unsigned)(b.rng() % n));
            break;
        }
        case Order::kLowestFirst: i = b.ready.after(ReadySet::kLast); break;
    }
    if (i < 0) return nullptr;
    b.cursor = (unsigned)i;
    return &b.threads[i];
}

// Leaves the running thread's context (saved in *from, with its ASan fake stack in *fake) for
// `next`, or for the scheduler when there is none (nothing ready, or the block failed).
void switch_away(Block& b, ucontext_t* from, void** fake, Thread* next) {
    current = next;
    if (next) {
        start_switch(fake, next->stack, kStackBytes);
        switch_context(from, &next->context);
    } else {
        start_switch(fake, b.runner_stack_bottom, b.runner_stack_size);
        switch_context(from, &b.scheduler);
    }
}

Thread* next_to_run(Block& b) { return b.error.empty() ? pick(b) : nullptr; }

// Gives up the processor at a blocking or interleaving point; returns when t runs again.
void suspend(Thread& t) {
    Block& b = *t.block;
    Thread* next = next_to_run(b);
    if (next == &t) return;  // the order picks t again
    switch_away(b, &t.context, &t.fake_stack, next);
    finish_switch(t.fake_stack, nullptr, nullptr);
}

void release_barrier(Block& b) {
    for (unsigned i = 0; i < b.count; ++i)
        if (b.threads[i].state == State::kBarrier) set_state(b, b.threads[i], State::kReady);
    b.at_barrier = 0;
}

void retire_copies(Thread& t, size_t upto) {
    for (size_t i = 0; i < upto; ++i) std::memcpy(t.copies[i].dst, t.copies[i].bytes, 16);
    t.copies.erase(t.copies.begin(), t.copies.begin() + (ptrdiff_t)upto);
}

void thread_exit(Thread& t) {
    Block& b = *t.block;
    retire_copies(t, t.copies.size());  // the hardware completes outstanding copies regardless
    set_state(b, t, State::kDone);
    --b.live;
    if (b.at_barrier > 0 && b.at_barrier == b.live) release_barrier(b);
    Warp& w = b.warps[t.warp];
    w.exited |= 1u << t.lane;
    for (const Rendezvous& r : w.pending)
        if ((r.mask >> t.lane & 1u) && b.error.empty())
            b.error = "block " + dims(b.index) + " warp " + std::to_string(t.warp) + ": lanes " + hex(r.arrived) +
                      " wait at " + r.what + " with mask " + hex(r.mask) + " but lane " + std::to_string(t.lane) +
                      " has exited";
}

void fiber_main(unsigned hi, unsigned lo) {
    Thread& t = *reinterpret_cast<Thread*>(((uintptr_t)hi << 32) | (uintptr_t)lo);
    Block& b = *t.block;
    finish_switch(nullptr, nullptr, nullptr);
    try {
        b.spec->entry(b.spec->call);
    } catch (const std::exception& e) {
        if (b.error.empty()) b.error = e.what();
    } catch (...) {
        if (b.error.empty()) b.error = where(t) + ": the kernel threw a non-standard exception";
    }
    thread_exit(t);
    switch_away(b, &t.context, nullptr, next_to_run(b));  // never resumed: ASan drops the fake stack
}

std::string deadlock_report(const Block& b) {
    std::ostringstream os;
    os << "block " << dims(b.index) << ": deadlock, no thread can proceed:";
    unsigned i = 0;
    while (i < b.count) {
        const Thread& t = b.threads[i];
        unsigned j = i + 1;
        auto same = [&](const Thread& o) {
            return o.state == t.state && (t.state != State::kCollective || (o.mask == t.mask && o.fn == t.fn));
        };
        while (j < b.count && same(b.threads[j])) ++j;
        if (t.state != State::kDone) {
            os << "\n  threads " << i << ".." << j - 1 << ": ";
            if (t.state == State::kBarrier) os << "wait at __syncthreads";
            else if (t.state == State::kCollective) os << "wait at " << t.what << " with mask " << hex(t.mask);
            else os << "ready";
        }
        i = j;
    }
    return os.str();
}

// A runner's fiber stacks, kept for its lifetime. Fibers that finish return through every frame,
// which leaves ASan's shadow of the stack clean; only an aborted block's stacks need unpoisoning.
struct Stacks {
    std::vector<void*> regions;
    bool dirty = false;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    void* get(size_t i) {
        while (regions.size() <= i) {
            void* p = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                           -1, 0);
            if (p == MAP_FAILED) throw Error("emulator: cannot map a fiber stack");
            mprotect(p, page, PROT_NONE);
            regions.push_back(p);
        }
        return (char*)regions[i] + page;
    }

    void clean(size_t count) {
#if GK_EMU_ASAN
        if (dirty)
            for (size_t i = 0; i < count && i < regions.size(); ++i)
                ASAN_UNPOISON_MEMORY_REGION((char*)regions[i] + page, kStackBytes);
#endif
        dirty = false;
    }

    ~Stacks() {
        for (void* p : regions) munmap(p, kStackBytes + page);
    }
};

// What a runner thread keeps from block to block.
struct Runner {
    Stacks stacks;
    std::vector<Thread> threads;
    std::vector<Warp> warps;
    const void* stack_bottom = nullptr;  // the runner's own stack, for ASan's fiber switches
    size_t stack_size = 0;

    Runner() {
        pthread_attr_t attr;
        void* addr = nullptr;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            pthread_attr_getstack(&attr, &addr, &stack_size);
            pthread_attr_destroy(&attr);
        }
        stack_bottom = addr;
    }
};

thread_local Runner runner;

uint64_t mix(uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

void prepare_shared_memory(size_t dynamic_smem) {
    std::lock_guard<std::mutex> lock(arenas_mutex);
    for (Arena (*locate)() : arenas()) {
        Arena a = locate();
#if GK_EMU_ASAN
        ASAN_UNPOISON_MEMORY_REGION(a.data, a.capacity);
#endif
        // All-ones bytes: NaN as f32, f16 and bf16, -1 as integers, so unwritten tiles show.
        std::memset(a.data, 0xff, dynamic_smem);
#if GK_EMU_ASAN
        ASAN_POISON_MEMORY_REGION((char*)a.data + dynamic_smem, a.capacity - dynamic_smem);
#endif
    }
}

size_t smallest_arena() {
    std::lock_guard<std::mutex> lock(arenas_mutex);
    size_t cap = kMaxDynamicSmem;
    for (Arena (*locate)() : arenas()) cap = std::min(cap, locate().capacity);
    return cap;
}

void start_fiber(Thread& t, void* stack) {
    t.stack = stack;
    getcontext(&t.context);
    t.context.uc_stack.ss_sp = t.stack;
    t.context.uc_stack.ss_size = kStackBytes;
    t.context.uc_link = nullptr;
    uintptr_t p = reinterpret_cast<uintptr_t>(&t);
    makecontext(&t.context, (void (*)())fiber_main, 2, (unsigned)(p >> 32), (unsigned)(p & 0xffffffffu));
}

// Runs one block to completion on the calling runner thread; returns an error message or "".
std::string run_block(const LaunchSpec& spec, uint64_t linear, Schedule s) {
    Block b;
    b.spec = &spec;
    b.index = {(unsigned)(linear % spec.grid.x), (unsigned)(linear / spec.grid.x % spec.grid.y),
               (unsigned)(linear / ((uint64_t)spec.grid.x * spec.grid.y))};
    b.count = spec.block.x * spec.block.y * spec.block.z;
    b.live = b.count;
    b.order = s.order;
    b.early_copies = s.early_copies;
    b.rng.seed(mix(s.seed ^ mix(linear)));
    b.cursor = s.order == Order::kForward ? b.count - 1 : 0;
    b.runner_stack_bottom = runner.stack_bottom;
    b.runner_stack_size = runner.stack_size;
    prepare_shared_memory(spec.dynamic_smem);

    runner.stacks.clean(b.count);
    std::vector<Thread>& threads = runner.threads;
    threads.clear();
    threads.resize(b.count);
    b.threads = threads.data();
    unsigned warps = (b.count + 31) / 32;
    runner.warps.assign(warps, Warp{});
    b.warps = runner.warps.data();
    for (unsigned w = 0; w < warps; ++w)
        b.warps[w].existing = b.count - 32 * w >= 32 ? 0xffffffffu : (1u << (b.count - 32 * w)) - 1u;
    for (unsigned i = 0; i < b.count; ++i) {
        Thread& t = threads[i];
        t.block = &b;
        t.linear = i;
        t.index = {i % spec.block.x, i / spec.block.x % spec.block.y, i / (spec.block.x * spec.block.y)};
        t.lane = i % 32;
        t.warp = i / 32;
        set_state(b, t, State::kReady);
        start_fiber(t, runner.stacks.get(i));
    }
    while (b.live > 0 && b.error.empty()) {
        Thread* next = pick(b);
        if (!next) {
            b.error = deadlock_report(b);
            break;
        }
        current = next;
        start_switch(&b.scheduler_fake_stack, next->stack, kStackBytes);
        switch_context(&b.scheduler, &next->context);
        finish_switch(b.scheduler_fake_stack, nullptr, nullptr);
        current = nullptr;
    }
    if (!b.error.empty()) runner.stacks.dirty = true;  // abandoned fibers leave poisoned frames behind
    return b.error;
}

unsigned runner_count() {
    const char* env = std::getenv("GENKERN_EMU_RUNNERS");
    int n = env ? std::atoi(env) : 2;
    return n < 1 ? 1u : (unsigned)n;
}

// Helper runner threads live as long as the process, so their fiber stacks are mapped once.
class RunnerPool {
public:
    // Runs work() on `helpers` pool threads and on the caller; returns when all have returned.
    void run(unsigned helpers, const std::function<void()>& work) {
        std::unique_lock<std::mutex> lock(mutex_);
        while (threads_.size() < helpers) threads_.emplace_back([this, id = threads_.size()] { loop(id); });
        work_ = &work;
        active_ = helpers;
        wanted_ = helpers;
        ++generation_;
        wake_.notify_all();
        lock.unlock();
        work();
        lock.lock();
        done_.wait(lock, [&] { return active_ == 0; });
        work_ = nullptr;
    }

    ~RunnerPool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

private:
    void loop(size_t id) {
        uint64_t seen = 0;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            if (id >= wanted_) continue;
            const std::function<void()>* work = work_;
            lock.unlock();
            (*work)();
            lock.lock();
            if (--active_ == 0) done_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    const std::function<void()>* work_ = nullptr;
    uint64_t generation_ = 0;
    size_t active_ = 0, wanted_ = 0;
    bool stop_ = false;
};

RunnerPool& runner_pool() {
    static RunnerPool pool;
    return pool;
}

std::mutex launch_mutex;

}  // namespace

void run_grid(const LaunchSpec& spec) {
    std::string config = std::string("kernel ") + spec.kernel + " grid " + dims(spec.grid) + " block " +
                         dims(spec.block) + " dynamic shared " + std::to_string(spec.dynamic_smem) + " bytes";
    if (current) throw Error(config + ": launched from inside an emulated kernel");
    uint64_t threads_per_block = (uint64_t)spec.block.x * spec.block.y * spec.block.z;
    uint64_t blocks = (uint64_t)spec.grid.x * spec.grid.y * spec.grid.z;
    if (threads_per_block == 0 || threads_per_block > 1024 || spec.block.z > 64)
        throw Error(config + ": invalid block shape (at most 1024 threads, z at most 64)");
    if (blocks == 0 || spec.grid.y > 65535 || spec.grid.z > 65535 || spec.grid.x > 2147483647u)
        throw Error(config + ": invalid grid shape");
    size_t capacity = smallest_arena();
    if (spec.dynamic_smem > capacity)
        throw Error(config + ": more dynamic shared memory than the " + std::to_string(capacity) +
                    "-byte limit (emulated arena / sm_90 opt-in maximum)");

    Schedule s = schedule();
    std::lock_guard<std::mutex> lock(launch_mutex);
    std::atomic<uint64_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    uint64_t error_block = blocks;
    std::string error;
    std::function<void()> work = [&] {
        for (;;) {
            uint64_t i = next.fetch_add(1);
            if (i >= blocks || failed.load()) return;
            std::string e;
            try {
                e = run_block(spec, i, s);
            } catch (const std::exception& x) {
                e = x.what();
            }
            if (!e.empty()) {
                std::lock_guard<std::mutex> el(error_mutex);
                if (i < error_block) error_block = i, error = e;  // report the lowest failing block
                failed = true;
            }
        }
    };
    unsigned runners = (unsigned)std::min<uint64_t>(runner_count(), blocks);
    runner_pool().run(runners - 1, work);
    if (!error.empty()) throw Error(config + ", schedule " + describe(s) + ": " + error);
}

void warp_collective(unsigned mask, CollectiveFn fn, const void* in, void* out, const char* what) {
    Thread& t = require_current(what);
    Block& b = *t.block;
    Warp& w = b.warps[t.warp];
    const unsigned me = 1u << t.lane;
    if (!(mask & me)) fail(std::string(what) + " with mask " + hex(mask) + " that omits the calling lane");
    if (mask & ~w.existing)
        fail(std::string(what) + " with mask " + hex(mask) + " naming lanes that do not exist (block has " +
             std::to_string(b.count) + " threads)");
    if (mask & w.exited)
        fail(std::string(what) + " with mask " + hex(mask) + " but lane " +
             std::to_string(__builtin_ctz(mask & w.exited)) + " has exited");
    Rendezvous* r = nullptr;
    for (Rendezvous& o : w.pending) {
        if (o.fn == fn && o.mask == mask) r = &o;
        else if ((o.mask & me) && (o.arrived & mask))
            fail(std::string(what) + " with mask " + hex(mask) + " meets lane " +
                 std::to_string(__builtin_ctz(o.arrived & mask)) + " waiting at " + o.what + " with mask " +
                 hex(o.mask));
    }
    if (!r) {
        w.pending.push_back({fn, mask, 0, what});
        r = &w.pending.back();
    }
    t.mask = mask;
    t.fn = fn;
    t.in = in;
    t.out = out;
    t.what = what;
    set_state(b, t, State::kCollective);
    r->arrived |= me;
    if (r->arrived == mask) {
        *r = w.pending.back();
        w.pending.pop_back();
        Thread* lanes = b.threads + t.warp * 32;
        const void* ins[32] = {};
        void* outs[32] = {};
        for (unsigned m = mask; m; m &= m - 1) {
            unsigned j = (unsigned)__builtin_ctz(m);
            ins[j] = lanes[j].in;
            outs[j] = lanes[j].out;
        }
        fn(mask, ins, outs);
        for (unsigned m = mask; m; m &= m - 1) set_state(b, lanes[__builtin_ctz(m)], State::kReady);
    }
    suspend(t);
}

void sync_block() {
    Thread& t = require_current("__syncthreads");
    Block& b = *t.block;
    set_state(b, t, State::kBarrier);
    if (++b.at_barrier == b.live) release_barrier(b);
    suspend(t);
}

void interleave() {
    if (current) suspend(*current);
}

void fail(const std::string& message) {
    if (!current) throw Error(message);
    throw Error(where(*current) + ": " + message);
}

const uint3& thread_index() { return require_current("threadIdx").index; }
const uint3& block_index() { return require_current("blockIdx").block->index; }
const dim3& block_dims() { return require_current("blockDim").block->spec->block; }
const dim3& grid_dims() { return require_current("gridDim").block->spec->grid; }

unsigned exited_lanes_complement() {
    Thread& t = require_current("__activemask");
    const Warp& w = t.block->warps[t.warp];
    return w.existing & ~w.exited;
}

void cp_async_issue(void* dst, const void* src, bool valid) {
    Thread& t = require_current("cp.async");
    if ((uintptr_t)dst % 16) fail("cp.async destination is not 16-byte aligned");
    if (valid && (uintptr_t)src % 16) fail("cp.async source is not 16-byte aligned");
    PendingCopy c;
    c.dst = dst;
    if (valid) std::memcpy(c.bytes, src, 16);
    else std::memset(c.bytes, 0, 16);
    if (t.block->early_copies) {
        std::memcpy(dst, c.bytes, 16);
        return;
    }
    // Checks now, where the stack trace points at the kernel, that the destination is addressable.
    unsigned char probe[16];
    std::memcpy(probe, dst, 16);
    t.copies.push_back(c);
}

void cp_async_commit() {
    Thread& t = require_current("cp.async.commit_group");
    t.group_ends.push_back(t.copies.size());
}

void cp_async_wait(int pending) {
    Thread& t = require_current("cp.async.wait_group");
    size_t groups = t.group_ends.size();
    if (groups <= (size_t)pending) return;
    size_t retired = groups - (size_t)pending;
    size_t upto = t.group_ends[retired - 1];
    retire_copies(t, upto);
    t.group_ends.erase(t.group_ends.begin(), t.group_ends.begin() + (ptrdiff_t)retired);
    for (size_t& e : t.group_ends) e -= upto;
}

bool register_dynamic_shared(Arena (*locate)()) {
    std::lock_guard<std::mutex> lock(arenas_mutex);
    arenas().push_back(locate);
    return true;
}

}  // namespace detail
}  // namespace gk::emu
