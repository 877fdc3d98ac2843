// The JSON stream (top-level members of an object or elements of an array, and JSON Lines):
// any bytes end in members, JsonStreamError or Error; every member's bytes are a part of
// the input.
#include "data/json_stream.h"
#include "fuzz_input.h"
#include "util/error.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString path = medtune::fuzz::asFile(data, size);
    try {
        medtune::JsonMemberStream stream(path);
        if (!stream.isEmptyFile()) {
            stream.isObject();
            QString key;
            QByteArray value;
            qint64 line = 0;
            qint64 total = 0;
            while (stream.next(key, value, line)) {
                total += value.size();
                if (total > qint64(size) || line < 1)
                    std::abort();
            }
        }
    } catch (const medtune::JsonStreamError &) {
    } catch (const medtune::Error &) {
    }
    try {
        medtune::LineReader lines(path);
        QByteArray line;
        qint64 bytes = 0;
        while (lines.next(line))
            bytes += line.size();
        if (bytes > qint64(size))
            std::abort();
    } catch (const medtune::Error &) {
    }
    return 0;
}
