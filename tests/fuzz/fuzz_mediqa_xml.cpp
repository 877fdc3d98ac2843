// The MEDIQA 2019 Task 3 XML reader: any bytes give examples with an id and a question, or
// skipped records with reasons, or an Error; entities never expand (no XXE, no bombs).
#include "data/data_format.h"
#include "fuzz_input.h"
#include "util/error.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        medtune::ReadReport report;
        medtune::ReaderOptions options;
        qint64 examples = 0, chars = 0;
        medtune::readDataFile(
            medtune::fuzz::asFile(data, size), medtune::DataFormat::MediqaQa, options,
            [&](medtune::Example &&e) {
                ++examples;
                chars += e.question.size() + e.answer.size();
                if (e.id.isEmpty() || e.question.isEmpty())
                    std::abort();
            },
            report);
        // Text comes from the input only: it cannot be longer than the input.
        if (examples != report.imported || chars > qint64(size) * 2)
            std::abort();
    } catch (const medtune::Error &) {
    }
    return 0;
}
