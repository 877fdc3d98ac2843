// Everything that defines a training run, as stored with the run (runs.config_json):
// base model, device and dtype, data (datasets, mixture, template, length), LoRA and the
// trainer settings. Plain values, no libtorch.
#pragma once

#include "train/lora_config.h"
#include "train/trainer_config.h"

#include <QJsonObject>
#include <QString>

namespace medtune {

struct TrainingSpec
{
    QString name;
    QString modelDir;
    QString device = QStringLiteral("cpu");
    QString dtype = QStringLiteral("auto"); ///< base weights: auto, bfloat16, float32
    int threads = 0; ///< 0 = all cores
    /// auto (on when a step without it would not fit in memory), on or off: recompute each
    /// decoder layer in the backward pass instead of keeping its activations. Same results.
    QString activationCheckpointing = QStringLiteral("auto");
    QJsonObject data; ///< see TrainingData (train/training_data.h)
    LoraConfig lora;
    TrainerConfig trainer;

    /// Throws UsageError naming the first bad setting.
    void validate() const;
    QJsonObject toJson() const;
    static TrainingSpec fromJson(const QJsonObject &json);
};

} // namespace medtune
