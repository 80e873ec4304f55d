// Shared helpers of the emulated-kernel tests: the schedules every order-sensitive check runs
// under, and a check that an emulated launch fails with a given message.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "check.h"
#include "cuda/emu/emulator.h"

namespace emu_test {

// Forward and reverse round robin plus seeded random orders: a barrier bug that depends on which
// thread runs first shows under at least one of them.
inline std::vector<gk::emu::Schedule> schedules() {
    uint64_t s = check::seed();
    return {{gk::emu::Order::kForward, 0},
            {gk::emu::Order::kReverse, 0},
            {gk::emu::Order::kRandom, s},
            {gk::emu::Order::kRandom, s + 1},
            {gk::emu::Order::kRandom, s + 2}};
}

// Runs fn under each schedule (restoring the previous schedule afterwards).
inline void for_each_schedule(const std::function<void(gk::emu::Schedule)>& fn) {
    gk::emu::Schedule saved = gk::emu::schedule();
    for (gk::emu::Schedule s : schedules()) {
        gk::emu::set_schedule(s);
        fn(s);
    }
    gk::emu::set_schedule(saved);
}

// The message of the gk::emu::Error that fn raises, or "" when it raises none.
inline std::string launch_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const gk::emu::Error& e) {
        return e.what();
    }
    return "";
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace emu_test
