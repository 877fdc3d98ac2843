// config.json and adapter_config.json checks: any JSON either gives a configuration within
// the bounds validate() promises or throws Error.
#include "model/model_config.h"
#include "train/lora_config.h"
#include "util/error.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    const QJsonObject o = doc.object();
    try {
        const medtune::LlamaConfig c = medtune::LlamaConfig::fromJson(o, QStringLiteral("config.json"));
        using C = medtune::LlamaConfig;
        if (c.hiddenSize <= 0 || c.hiddenSize > C::kMaxHiddenSize || c.numLayers <= 0 || c.numLayers > C::kMaxLayers
            || c.vocabSize <= 0 || c.vocabSize > C::kMaxVocabSize || c.bosId < 0 || c.bosId >= c.vocabSize
            || c.eosId < 0 || c.eosId >= c.vocabSize || c.intermediateSize > C::kMaxIntermediateSize
            || c.maxPositions > C::kMaxPositions || c.hiddenSize % c.numHeads != 0 || c.numHeads % c.numKvHeads != 0)
            std::abort();
        // What the checks let through round-trips.
        const medtune::LlamaConfig back = medtune::LlamaConfig::fromJson(c.toJson(), QStringLiteral("again"));
        if (back.toJson() != c.toJson())
            std::abort();
    } catch (const medtune::Error &) {
    }
    try {
        QStringList warnings;
        const medtune::LoraConfig l
            = medtune::LoraConfig::fromPeftJson(o, QStringLiteral("adapter_config.json"), &warnings);
        if (l.r < 1 || l.targetModules.isEmpty())
            std::abort();
    } catch (const medtune::Error &) {
    }
    return 0;
}
