// Errors inside the native library: C++ code throws gk::Error; every C entry point catches
// everything at its boundary (GK_API_BEGIN / GK_API_END), stores the message in a thread-local
// and returns the status. Nothing ever exits or aborts the JVM.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

#include "genkern/genkern.h"

namespace gk {

struct Error : std::runtime_error {
    gk_status status;
    Error(gk_status s, const std::string& msg) : std::runtime_error(msg), status(s) {}
};

void set_last_error(const std::string& msg);

template <typename... Args>
std::string str(const Args&... args) {
    std::ostringstream os;
    (os << ... << args);
    return os.str();
}

template <typename... Args>
[[noreturn]] void fail(gk_status status, const Args&... args) {
    throw Error(status, str(args...));
}

template <typename... Args>
void require(bool ok, const Args&... args) {
    if (!ok) fail(GK_INVALID_ARGUMENT, args...);
}

gk_status status_of_current_exception();

}  // namespace gk

#define GK_API_BEGIN try {
#define GK_API_END                                 \
    }                                              \
    catch (...) {                                  \
        return gk::status_of_current_exception();  \
    }                                              \
    return GK_OK;
