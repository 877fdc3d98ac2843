// Instruction templates as data (what the template editor and the workspace store parse):
// any JSON gives a template that validates and round-trips, or a UsageError.
#include "text/instruction_template.h"
#include "util/error.h"

#include <QJsonDocument>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonObject o
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)))
              .object();
    try {
        const medtune::InstructionTemplate t = medtune::InstructionTemplate::fromJson(o);
        t.validate();
        const medtune::InstructionTemplate back = medtune::InstructionTemplate::fromJson(t.toJson());
        back.validate();
        if (back.toJson() != t.toJson())
            std::abort();
    } catch (const medtune::Error &) {
    }
    return 0;
}
