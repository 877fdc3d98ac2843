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

namespace {

// The split a single word names ("TrainingSet1" -> train), or empty.
QString splitOfWord(const QString &word)
{
    static const QRegularExpression re(
        QStringLiteral("^(train|training|dev|devel|development|val|valid|validation|test|testing)"
                       "(set|sets|split|data)?[0-9]*$"));
    const auto m = re.match(word.toLower());
    if (!m.hasMatch())
        return {};
    return parseSplitName(m.captured(1));
}

} // namespace

QString parseSplitName(const QString &name)
{
    const QString w = name.trimmed().toLower();
    if (w == u"train" || w == u"training")
        return split::train();
    if (w == u"test" || w == u"testing")
        return split::test();
    if (w == u"validation" || w == u"valid" || w == u"val" || w == u"dev" || w == u"devel" || w == u"development")
        return split::validation();
    return {};
}

FileNameSplit fileNameSplit(const QString &path)
{
    const QString base = QFileInfo(path).completeBaseName();
    // Words: runs of letters and digits; a run is also split where a capital follows a small
    // letter and where digits meet letters ("TrainingSet1" -> Training, Set, 1), and each
    // word is tried whole ("TESTSET", "trainset2") and as those parts.
    static const QRegularExpression separators(QStringLiteral("[^A-Za-z0-9]+"));
    static const QRegularExpression camel(
        QStringLiteral("(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"));
    QStringList splits, words;
    for (const QString &token : base.split(separators, Qt::SkipEmptyParts)) {
        QString s = splitOfWord(token);
        if (s.isEmpty()) {
            // "TrainingSet1" is tried whole above; its parts catch "QATrainingSet" style names.
            const QStringList parts = token.split(camel, Qt::SkipEmptyParts);
            for (qsizetype i = 0; i < parts.size() && s.isEmpty(); ++i) {
                s = splitOfWord(parts[i]);
                // "Set"/"1" after the split word belong to it: only the split word itself counts.
            }
        }
        if (!s.isEmpty()) {
            if (!splits.contains(s))
                splits << s;
            words << token;
        }
    }
    FileNameSplit r;
    if (splits.size() == 1) {
        r.split = splits.first();
        r.word = words.first();
        r.reason = QStringLiteral("split '%1' from the word '%2' of the file name").arg(r.split, r.word);
    } else if (splits.size() > 1) {
        r.word = words.join(QStringLiteral("', '"));
        r.reason = QStringLiteral("the file name names more than one split ('%1'): none taken from it").arg(r.word);
    }
    return r;
}

QString splitFromFileName(const QString &path)
{
    return fileNameSplit(path).split;
}

} // namespace medtune
