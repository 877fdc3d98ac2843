// CSV as the review import reads it (parseCsv) and as the custom dataset reader reads it:
// any bytes give records (each with its line, malformed ones marked) or an Error.
#include "data/custom_reader.h"
#include "data/data_format.h"
#include "fuzz_input.h"
#include "review/delimited_table.h"
#include "util/error.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    try {
        const QString text = QString::fromUtf8(bytes);
        int previous = 0;
        for (const medtune::CsvRecord &r : medtune::parseCsv(text, QStringLiteral("fuzz.csv"))) {
            if (r.line < previous || r.line < 1 || r.line > text.count(u'\n') + 1)
                std::abort();
            previous = r.line;
        }
    } catch (const medtune::Error &) {
    }
    try {
        medtune::ReadReport report;
        medtune::ReaderOptions options;
        qint64 examples = 0;
        medtune::readDataFile(
            medtune::fuzz::asFile(data, size), medtune::DataFormat::CustomCsv, options,
            [&](medtune::Example &&) { ++examples; }, report);
        if (examples != report.imported || report.imported > report.read)
            std::abort();
    } catch (const medtune::Error &) {
    }
    return 0;
}
