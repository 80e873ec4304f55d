// Shared helpers of the emulated-kernel tests: the schedules every order-sensitive check runs
// under, and a check that an emulated launch fails with a given message.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "check.h"
#include "cuda/emu/emulator.h"

namespace emu_test {

// Round robin both ways, lowest-first (each warp runs as far ahead as it can) and seeded random
// orders, with cp.async copies landing late (at their wait) or early (at issue): a barrier or wait
// bug that depends on who runs first or on when a copy lands shows under at least one of them.
inline std::vector<gk::emu::Schedule> schedules() {
    using gk::emu::Order;
    uint64_t s = check::seed();
    return {{Order::kForward, 0, false},     {Order::kReverse, 0, false},     {Order::kRandom, s, false},
            {Order::kLowestFirst, 0, true},  {Order::kRandom, s + 1, true},   {Order::kLowestFirst, 0, false}};
}

// Product tests run under one schedule per run: GENKERN_EMU_SCHEDULE when set (ctest runs each
// emulated test a second time under lowest-first+early), else one with late-landing copies drawn
// from the test seed, so successive CI runs explore different interleavings and the printed seed
// replays a failing one.
inline void use_schedule_of_seed() {
    if (std::getenv("GENKERN_EMU_SCHEDULE")) return;
    std::vector<gk::emu::Schedule> late;
    for (gk::emu::Schedule s : schedules())
        if (!s.early_copies) late.push_back(s);
    gk::emu::set_schedule(late[check::seed() % late.size()]);
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
