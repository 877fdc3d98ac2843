// Generation speed measurements in a per-user JSON file and the batch size chosen from them.
#include "generate/generation_speed.h"

#include "util/cpu_kind.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <cmath>

namespace medtune {
namespace {

constexpr int kFormatVersion = 1;

// Rough parameter count: what "nearest widths" compares.
double approxParams(const GenerationSpeedKey &k)
{
    return double(k.layers) * (4.0 * k.hiddenSize * k.hiddenSize + 3.0 * k.hiddenSize * k.intermediateSize)
        + double(k.vocabSize) * k.hiddenSize;
}

QJsonObject speedToJson(const GenerationSpeed &s)
{
    QJsonObject perBatch;
    for (auto it = s.tokensPerSecond.begin(); it != s.tokensPerSecond.end(); ++it)
        perBatch.insert(QString::number(it.key()), it.value());
    QJsonObject o = s.key.toJson();
    o.insert(QStringLiteral("decode_tokens_per_s"), perBatch);
    o.insert(QStringLiteral("measured"), s.measured.toUTC().toString(Qt::ISODate));
    return o;
}

} // namespace

bool GenerationSpeedKey::sameMachine(const GenerationSpeedKey &o) const
{
    return cpu == o.cpu && threads == o.threads && weights == o.weights;
}

QString GenerationSpeedKey::describe() const
{
    return QStringLiteral("%1 layers x %2/%3 wide, %4, %5 threads")
        .arg(layers)
        .arg(hiddenSize)
        .arg(intermediateSize)
        .arg(weights)
        .arg(threads);
}

QJsonObject GenerationSpeedKey::toJson() const
{
    return QJsonObject { { QStringLiteral("cpu"), cpu },
                         { QStringLiteral("threads"), threads },
                         { QStringLiteral("hidden_size"), hiddenSize },
                         { QStringLiteral("intermediate_size"), intermediateSize },
                         { QStringLiteral("layers"), layers },
                         { QStringLiteral("vocab_size"), vocabSize },
                         { QStringLiteral("weights"), weights } };
}

GenerationSpeedKey GenerationSpeedKey::fromJson(const QJsonObject &j)
{
    GenerationSpeedKey k;
    k.cpu = j.value(QStringLiteral("cpu")).toString();
    k.threads = j.value(QStringLiteral("threads")).toInt();
    k.hiddenSize = j.value(QStringLiteral("hidden_size")).toInt();
    k.intermediateSize = j.value(QStringLiteral("intermediate_size")).toInt();
    k.layers = j.value(QStringLiteral("layers")).toInt();
    k.vocabSize = j.value(QStringLiteral("vocab_size")).toInt();
    k.weights = j.value(QStringLiteral("weights")).toString();
    return k;
}

QString cpuSignature()
{
    return cpuModelName() + QStringLiteral(" [") + cpuSimdFlags().join(u' ') + u']';
}

GenerationSpeedStore::GenerationSpeedStore(QString path)
    : m_path(std::move(path))
{
}

QString GenerationSpeedStore::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::home().filePath(QStringLiteral(".local/share/MedTune"));
    return QDir(dir).filePath(QStringLiteral("generation_speed.json"));
}

QList<GenerationSpeed> GenerationSpeedStore::all() const
{
    QFile f(m_path);
    if (!f.exists())
        return {};
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(m_path, f.errorString()));
    QJsonParseError err {};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (doc.isNull() || !doc.isObject())
        throw Error(QStringLiteral("%1 is not a generation speed file (offset %2: %3)")
                        .arg(m_path)
                        .arg(err.offset)
                        .arg(err.errorString()),
                    QStringLiteral("delete it and run 'medtune-cli bench generate' again"));
    QList<GenerationSpeed> out;
    const QJsonArray entries = doc.object().value(QStringLiteral("measurements")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject o = entries[i].toObject();
        GenerationSpeed s;
        s.key = GenerationSpeedKey::fromJson(o);
        s.measured = QDateTime::fromString(o.value(QStringLiteral("measured")).toString(), Qt::ISODate);
        const QJsonObject perBatch = o.value(QStringLiteral("decode_tokens_per_s")).toObject();
        for (auto it = perBatch.begin(); it != perBatch.end(); ++it) {
            bool ok = false;
            const int batch = it.key().toInt(&ok);
            if (!ok || batch < 1 || !(it.value().toDouble() > 0))
                throw Error(
                    QStringLiteral("%1: measurement %2 has a bad entry '%3'").arg(m_path).arg(i + 1).arg(it.key()),
                    QStringLiteral("delete it and run 'medtune-cli bench generate' again"));
            s.tokensPerSecond.insert(batch, it.value().toDouble());
        }
        out << s;
    }
    return out;
}

void GenerationSpeedStore::record(const GenerationSpeed &speed)
{
    QList<GenerationSpeed> entries = all();
    bool merged = false;
    for (GenerationSpeed &s : entries)
        if (s.key == speed.key) {
            for (auto it = speed.tokensPerSecond.begin(); it != speed.tokensPerSecond.end(); ++it)
                s.tokensPerSecond.insert(it.key(), it.value());
            s.measured = speed.measured;
            merged = true;
        }
    if (!merged)
        entries << speed;
    QJsonArray array;
    for (const GenerationSpeed &s : entries)
        array.append(speedToJson(s));
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("Cannot write %1: %2").arg(m_path, out.errorString()));
    out.write(QJsonDocument(QJsonObject { { QStringLiteral("version"), kFormatVersion },
                                          { QStringLiteral("measurements"), array } })
                  .toJson());
    if (!out.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(m_path, out.errorString()));
}

BatchChoice chooseGenerationBatch(const QList<GenerationSpeed> &measured, const GenerationSpeedKey &key, int prompts)
{
    const GenerationSpeed *best = nullptr;
    double bestDistance = 0;
    for (const GenerationSpeed &s : measured) {
        if (s.tokensPerSecond.isEmpty() || !s.key.sameMachine(key))
            continue;
        const double distance = s.key == key ? -1.0 : std::abs(std::log(approxParams(s.key) / approxParams(key)));
        if (!best || distance < bestDistance) {
            best = &s;
            bestDistance = distance;
        }
    }
    BatchChoice c;
    prompts = std::max(1, prompts);
    int pick = kDefaultGenerationBatch;
    if (!best) {
        c.reason = QStringLiteral("default %1: no generation speed measured for %2 weights on this machine (run "
                                  "'medtune-cli bench generate')")
                       .arg(kDefaultGenerationBatch)
                       .arg(key.weights);
    } else {
        double top = 0;
        for (double v : best->tokensPerSecond)
            top = std::max(top, v);
        pick = best->tokensPerSecond.lastKey();
        for (auto it = best->tokensPerSecond.begin(); it != best->tokensPerSecond.end(); ++it)
            if (it.value() >= kBatchThroughputShare * top) {
                pick = it.key();
                break;
            }
        c.measured = true;
        c.reason = QStringLiteral("measured: batch %1 decodes %2 tokens/s, %3% of the best (%4 tokens/s) at %5")
                       .arg(pick)
                       .arg(best->tokensPerSecond.value(pick), 0, 'f', 1)
                       .arg(qRound(100.0 * best->tokensPerSecond.value(pick) / top))
                       .arg(top, 0, 'f', 1)
                       .arg(best->key.describe());
        if (!(best->key == key))
            c.reason += QStringLiteral(" (the nearest measured widths)");
    }
    c.batchSize = std::min(pick, prompts);
    if (c.batchSize < pick)
        c.reason += QStringLiteral("; capped at the %1 prompts").arg(prompts);
    return c;
}

} // namespace medtune
