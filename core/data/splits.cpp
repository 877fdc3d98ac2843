#include "data/splits.h"

#include "data/example.h"
#include "util/error.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>

namespace medtune {

void SplitPolicy::validate() const
{
    if (train < 0 || validation < 0 || test < 0 || std::abs(train + validation + test - 1.0) > 1e-6)
        throw UsageError(QStringLiteral("Split ratios must be non-negative and sum to 1 (got %1/%2/%3)")
                             .arg(train)
                             .arg(validation)
                             .arg(test));
}

QJsonObject SplitPolicy::toJson() const
{
    return { { QStringLiteral("seed"), QString::number(seed) },
             { QStringLiteral("train"), train },
             { QStringLiteral("validation"), validation },
             { QStringLiteral("test"), test } };
}

SplitPolicy SplitPolicy::fromJson(const QJsonObject &o)
{
    SplitPolicy p;
    p.seed = o.value(QStringLiteral("seed")).toString(QStringLiteral("42")).toULongLong();
    p.train = o.value(QStringLiteral("train")).toDouble(0.8);
    p.validation = o.value(QStringLiteral("validation")).toDouble(0.1);
    p.test = o.value(QStringLiteral("test")).toDouble(0.1);
    return p;
}

static quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

QString deterministicSplit(quint64 key, const SplitPolicy &policy, bool officialTestExists)
{
    const double u = double(splitmix64(key ^ splitmix64(policy.seed)) >> 11) / double(1ull << 53);
    if (officialTestExists) {
        const double trainShare
            = policy.train + policy.validation > 0 ? policy.train / (policy.train + policy.validation) : 1.0;
        return u < trainShare ? split::train() : split::validation();
    }
    if (u < policy.train)
        return split::train();
    if (u < policy.train + policy.validation)
        return split::validation();
    return split::test();
}

QString splitFromFileName(const QString &path)
{
    const QString base = QFileInfo(path).completeBaseName().toLower();
    static const QRegularExpression word(
        QStringLiteral("(^|[^a-z])(train|training|dev|valid|validation|val|test|testing)($|[^a-z])"));
    const auto m = word.match(base);
    if (!m.hasMatch())
        return {};
    const QString w = m.captured(2);
    if (w.startsWith(u"train"))
        return split::train();
    if (w.startsWith(u"test"))
        return split::test();
    return split::validation();
}

} // namespace medtune
