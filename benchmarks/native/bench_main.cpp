// genkern_bench <kernel> [options]: the native benchmark harness. Kernels: attention.
#include <cstdio>
#include <cstring>
#include <exception>

namespace bench {
int attention_main(int argc, char** argv);
}

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::printf("usage: genkern_bench attention [options]   (genkern_bench attention --help for the options)\n");
        return argc < 2 ? 2 : 0;
    }
    try {
        if (std::strcmp(argv[1], "attention") == 0) return bench::attention_main(argc - 2, argv + 2);
        std::fprintf(stderr, "genkern_bench: unknown kernel '%s' (known: attention)\n", argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "genkern_bench: %s\n", e.what());
    }
    return 1;
}
