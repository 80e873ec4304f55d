#include "core/error.h"

#include <new>

namespace gk {

namespace {
thread_local std::string last_error;
}

void set_last_error(const std::string& msg) { last_error = msg; }

gk_status status_of_current_exception() {
    try {
        throw;
    } catch (const Error& e) {
        set_last_error(e.what());
        return e.status;
    } catch (const std::bad_alloc&) {
        set_last_error("out of host memory");
        return GK_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(str("internal error: ", e.what()));
        return GK_INTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return GK_INTERNAL;
    }
}

}  // namespace gk

extern "C" const char* gk_last_error(void) { return gk::last_error.c_str(); }
