#include "train/trainer_config.h"

#include "util/error.h"

namespace medtune {

void TrainerConfig::validate() const
{
    auto bad = [](const QString &what) { throw UsageError(what); };
    if (!(learningRate > 0))
        bad(QStringLiteral("learning rate must be positive, got %1").arg(learningRate));
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1)
        bad(QStringLiteral("AdamW betas must be in [0, 1)"));
    if (!(epsilon > 0))
        bad(QStringLiteral("AdamW epsilon must be positive"));
    if (weightDecay < 0)
        bad(QStringLiteral("weight decay must not be negative"));
    if (microBatchSize < 1)
        bad(QStringLiteral("micro-batch size must be at least 1, got %1").arg(microBatchSize));
    if (maxTokensPerMicroBatch < 0)
        bad(QStringLiteral("token budget must not be negative"));
    if (gradientAccumulation < 1)
        bad(QStringLiteral("gradient accumulation must be at least 1, got %1").arg(gradientAccumulation));
    if (maxGradNorm < 0)
        bad(QStringLiteral("gradient clipping norm must not be negative"));
    if (maxSteps < 0)
        bad(QStringLiteral("max steps must not be negative"));
    if (maxSteps == 0 && !(epochs > 0))
        bad(QStringLiteral("give a positive number of epochs or of steps"));
    if (warmupRatio < 0 || warmupRatio >= 1)
        bad(QStringLiteral("warm-up ratio must be in [0, 1)"));
    if (evalEvery < 0 || checkpointEvery < 0 || earlyStoppingPatience < 0)
        bad(QStringLiteral("intervals must not be negative"));
    if (maxConsecutiveNonFinite < 1)
        bad(QStringLiteral("max consecutive non-finite steps must be at least 1"));
}

QJsonObject TrainerConfig::toJson() const
{
    return QJsonObject {
        { QStringLiteral("learning_rate"), learningRate },
        { QStringLiteral("beta1"), beta1 },
        { QStringLiteral("beta2"), beta2 },
        { QStringLiteral("epsilon"), epsilon },
        { QStringLiteral("weight_decay"), weightDecay },
        { QStringLiteral("schedule"), LrSchedule::name(schedule) },
        { QStringLiteral("warmup_ratio"), warmupRatio },
        { QStringLiteral("warmup_steps"), warmupSteps },
        { QStringLiteral("min_lr_ratio"), minLrRatio },
        { QStringLiteral("micro_batch_size"), microBatchSize },
        { QStringLiteral("max_tokens_per_micro_batch"), maxTokensPerMicroBatch },
        { QStringLiteral("gradient_accumulation"), gradientAccumulation },
        { QStringLiteral("group_by_length"), groupByLength },
        { QStringLiteral("max_grad_norm"), maxGradNorm },
        { QStringLiteral("epochs"), epochs },
        { QStringLiteral("max_steps"), maxSteps },
        { QStringLiteral("eval_every"), evalEvery },
        { QStringLiteral("eval_at_start"), evalAtStart },
        { QStringLiteral("checkpoint_every"), checkpointEvery },
        { QStringLiteral("early_stopping_patience"), earlyStoppingPatience },
        { QStringLiteral("max_consecutive_non_finite"), maxConsecutiveNonFinite },
        { QStringLiteral("seed"), QString::number(seed) },
    };
}

TrainerConfig TrainerConfig::fromJson(const QJsonObject &j)
{
    TrainerConfig c;
    auto num = [&](const char *key, double def) { return j.value(QLatin1String(key)).toDouble(def); };
    auto integer = [&](const char *key, int def) { return j.value(QLatin1String(key)).toInt(def); };
    c.learningRate = num("learning_rate", c.learningRate);
    c.beta1 = num("beta1", c.beta1);
    c.beta2 = num("beta2", c.beta2);
    c.epsilon = num("epsilon", c.epsilon);
    c.weightDecay = num("weight_decay", c.weightDecay);
    if (j.contains(QStringLiteral("schedule")))
        c.schedule = LrSchedule::kindFromName(j.value(QStringLiteral("schedule")).toString());
    c.warmupRatio = num("warmup_ratio", c.warmupRatio);
    c.warmupSteps = integer("warmup_steps", c.warmupSteps);
    c.minLrRatio = num("min_lr_ratio", c.minLrRatio);
    c.microBatchSize = integer("micro_batch_size", c.microBatchSize);
    c.maxTokensPerMicroBatch = integer("max_tokens_per_micro_batch", c.maxTokensPerMicroBatch);
    c.gradientAccumulation = integer("gradient_accumulation", c.gradientAccumulation);
    c.groupByLength = j.value(QStringLiteral("group_by_length")).toBool(c.groupByLength);
    c.maxGradNorm = num("max_grad_norm", c.maxGradNorm);
    c.epochs = num("epochs", c.epochs);
    c.maxSteps = integer("max_steps", c.maxSteps);
    c.evalEvery = integer("eval_every", c.evalEvery);
    c.evalAtStart = j.value(QStringLiteral("eval_at_start")).toBool(c.evalAtStart);
    c.checkpointEvery = integer("checkpoint_every", c.checkpointEvery);
    c.earlyStoppingPatience = integer("early_stopping_patience", c.earlyStoppingPatience);
    c.maxConsecutiveNonFinite = integer("max_consecutive_non_finite", c.maxConsecutiveNonFinite);
    const QJsonValue seed = j.value(QStringLiteral("seed"));
    if (seed.isString())
        c.seed = seed.toString().toULongLong();
    else if (seed.isDouble())
        c.seed = quint64(seed.toDouble());
    return c;
}

} // namespace medtune
