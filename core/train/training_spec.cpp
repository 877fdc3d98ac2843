#include "train/training_spec.h"

#include "model/hub_cache.h"
#include "train/training_data.h"
#include "train/training_memory.h"
#include "util/error.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace medtune {

void TrainingSpec::validate() const
{
    if (modelDir.isEmpty())
        throw UsageError(QStringLiteral("Choose a base model folder"));
    QString folder;
    try {
        folder = resolveModelFolder(modelDir); // a folder, or a repo id in the Hub cache
    } catch (const Error &e) {
        throw UsageError(e.message(), e.hint());
    }
    if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json"))))
        throw UsageError(QStringLiteral("%1 is not a model folder: it has no config.json").arg(modelDir),
                         QStringLiteral("choose a Hugging Face model folder or repo id, or make the demo model first"));
    if (dtype != QLatin1String("auto") && dtype != QLatin1String("bfloat16") && dtype != QLatin1String("float32"))
        throw UsageError(QStringLiteral("Unknown dtype '%1'").arg(dtype),
                         QStringLiteral("use auto, bfloat16 or float32"));
    if (threads < 0)
        throw UsageError(QStringLiteral("Threads must not be negative"));
    parseActivationCheckpointing(activationCheckpointing);
    lora.validate();
    trainer.validate();
}

QJsonObject TrainingSpec::toJson() const
{
    QJsonObject lo = lora.toPeftJson();
    return QJsonObject { { QStringLiteral("name"), name },
                         { QStringLiteral("model_dir"), modelDir },
                         { QStringLiteral("device"), device },
                         { QStringLiteral("dtype"), dtype },
                         { QStringLiteral("threads"), threads },
                         { QStringLiteral("activation_checkpointing"), activationCheckpointing },
                         { QStringLiteral("data"), effectiveDataSpec(data) },
                         { QStringLiteral("lora"),
                           QJsonObject {
                               { QStringLiteral("r"), lora.r },
                               { QStringLiteral("alpha"), lora.alpha },
                               { QStringLiteral("dropout"), lora.dropout },
                               { QStringLiteral("target_modules"), lo.value(QStringLiteral("target_modules")) } } },
                         { QStringLiteral("trainer"), trainer.toJson() } };
}

TrainingSpec TrainingSpec::fromJson(const QJsonObject &j)
{
    TrainingSpec s;
    s.name = j.value(QStringLiteral("name")).toString();
    s.modelDir = j.value(QStringLiteral("model_dir")).toString();
    s.device = j.value(QStringLiteral("device")).toString(s.device);
    s.dtype = j.value(QStringLiteral("dtype")).toString(s.dtype);
    s.threads = j.value(QStringLiteral("threads")).toInt(s.threads);
    s.activationCheckpointing = j.value(QStringLiteral("activation_checkpointing")).toString(s.activationCheckpointing);
    s.data = j.value(QStringLiteral("data")).toObject();
    const QJsonObject lo = j.value(QStringLiteral("lora")).toObject();
    s.lora.r = lo.value(QStringLiteral("r")).toInt(s.lora.r);
    s.lora.alpha = lo.value(QStringLiteral("alpha")).toDouble(s.lora.alpha);
    s.lora.dropout = lo.value(QStringLiteral("dropout")).toDouble(s.lora.dropout);
    if (lo.contains(QStringLiteral("target_modules"))) {
        s.lora.targetModules.clear();
        for (const QJsonValue &v : lo.value(QStringLiteral("target_modules")).toArray())
            s.lora.targetModules << v.toString();
    }
    s.trainer = TrainerConfig::fromJson(j.value(QStringLiteral("trainer")).toObject());
    return s;
}

} // namespace medtune
