#include "core/threads.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

namespace gk {

namespace {

// Set on pool workers and on a caller inside run(): a nested parallel_for runs serially instead of
// waiting on the pool it is part of.
thread_local bool inside_pool = false;

// A set but invalid GENKERN_NUM_THREADS is an error (every op reports it), not silently the default.
int default_threads() {
    if (const char* env = std::getenv("GENKERN_NUM_THREADS")) {
        char* end = nullptr;
        errno = 0;
        long n = std::strtol(env, &end, 10);
        require(*env && !*end && errno == 0 && n >= 1 && n <= kMaxThreads, "GENKERN_NUM_THREADS='", env,
                "' is not a thread count from 1 to ", kMaxThreads);
        return (int)n;
    }
    return (int)std::min<unsigned>(kMaxThreads, std::max(1u, std::thread::hardware_concurrency()));
}

// Workers wait for a generation counter to move; the caller runs chunk 0 itself.
class Pool {
public:
    ~Pool() { stop(); }

    int size() {
        std::lock_guard<std::mutex> lock(config_);
        return wanted_ > 0 ? wanted_ : (wanted_ = default_threads());
    }

    void resize(int n) {
        require(n >= 0 && n <= kMaxThreads, "CPU threads must be 0 (the default) or 1 to ", kMaxThreads, ", got ", n);
        std::lock_guard<std::mutex> run(run_);
        std::lock_guard<std::mutex> lock(config_);
        stop();
        wanted_ = n > 0 ? n : default_threads();
    }

    void run(int64_t n, const std::function<void(int64_t, int64_t, int)>& fn) {
        if (n <= 0) return;
        int threads = inside_pool ? 1 : (int)std::min<int64_t>(size(), n);
        if (threads == 1) {
            fn(0, n, 0);
            return;
        }
        std::lock_guard<std::mutex> run(run_);
        start(size() - 1);
        std::exception_ptr error;
        {
            std::unique_lock<std::mutex> lock(m_);
            task_ = &fn;
            total_ = n;
            active_ = threads;
            pending_ = threads - 1;
            error_ = nullptr;
            ++generation_;
        }
        wake_.notify_all();
        inside_pool = true;
        run_chunk(0);
        inside_pool = false;
        std::unique_lock<std::mutex> lock(m_);
        done_.wait(lock, [&] { return pending_ == 0; });
        task_ = nullptr;
        error = error_;
        if (error) std::rethrow_exception(error);
    }

private:
    void run_chunk(int worker) {
        int64_t begin = total_ * worker / active_, end = total_ * (worker + 1) / active_;
        try {
            if (begin < end) (*task_)(begin, end, worker);
        } catch (...) {
            std::lock_guard<std::mutex> lock(m_);
            if (!error_) error_ = std::current_exception();
        }
    }

    void start(int workers) {
        if ((int)threads_.size() == workers) return;
        for (int w = (int)threads_.size(); w < workers; ++w) {
            // Started by the caller before it publishes the next generation, so `seen` is the last
            // finished one and the worker cannot miss the task about to be posted.
            threads_.emplace_back([this, w, seen = generation_]() mutable {
                inside_pool = true;
                for (;;) {
                    std::unique_lock<std::mutex> lock(m_);
                    wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
                    if (quit_) return;
                    seen = generation_;
                    int worker = w + 1;
                    if (worker >= active_) continue;
                    lock.unlock();
                    run_chunk(worker);
                    lock.lock();
                    if (--pending_ == 0) done_.notify_one();
                }
            });
        }
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_);
            quit_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
        quit_ = false;
    }

    std::mutex config_, run_, m_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    const std::function<void(int64_t, int64_t, int)>* task_ = nullptr;
    int64_t total_ = 0;
    int active_ = 0, pending_ = 0, wanted_ = 0;
    uint64_t generation_ = 0;
    bool quit_ = false;
    std::exception_ptr error_;
};

Pool& pool() {
    static Pool* p = new Pool();  // never destroyed: workers may outlive static destruction order
    return *p;
}

}  // namespace

int num_threads() { return pool().size(); }
void set_num_threads(int n) { pool().resize(n); }
void parallel_for(int64_t n, const std::function<void(int64_t, int64_t, int)>& fn) { pool().run(n, fn); }

}  // namespace gk
