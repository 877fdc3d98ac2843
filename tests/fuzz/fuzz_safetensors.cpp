// The safetensors header parser: any bytes either open (every entry's bytes inside the
// file, shapes consistent with dtype and offsets) or throw Error; never a crash.
#include "fuzz_input.h"
#include "model/safetensors.h"
#include "util/error.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        const auto file = medtune::SafetensorsFile::open(medtune::fuzz::asFile(data, size));
        // What open() promises: every tensor's bytes lie inside the mapping and match its shape.
        for (const medtune::SafetensorsEntry &e : file->entries()) {
            if (e.end < e.begin || uint64_t(e.numel()) * uint64_t(medtune::dtypeSize(e.dtype)) != e.end - e.begin)
                std::abort();
            volatile char sink = 0;
            if (e.end > e.begin) {
                sink = file->data(e)[0];
                sink = file->data(e)[e.end - e.begin - 1];
            }
            (void)sink;
        }
    } catch (const medtune::Error &) {
    }
    return 0;
}
