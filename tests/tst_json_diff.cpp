// Configuration diffs of runs: nested keys, arrays of objects, one-sided keys.
#include "util/json_diff.h"

#include <QJsonArray>
#include <QTest>

using namespace medtune;

class JsonDiffTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diff()
    {
        const QJsonObject a { { QStringLiteral("lora"),
                                QJsonObject { { QStringLiteral("r"), 8 },
                                              { QStringLiteral("target_modules"),
                                                QJsonArray { QStringLiteral("q_proj"), QStringLiteral("v_proj") } } } },
                              { QStringLiteral("trainer"),
                                QJsonObject { { QStringLiteral("learning_rate"), 2e-4 },
                                              { QStringLiteral("seed"), QStringLiteral("42") } } },
                              { QStringLiteral("data"),
                                QJsonObject { { QStringLiteral("datasets"),
                                                QJsonArray { QJsonObject { { QStringLiteral("id"), 1 },
                                                                           { QStringLiteral("weight"), 1.0 } } } } } },
                              { QStringLiteral("only_left"), true } };
        QJsonObject b = a;
        b[QStringLiteral("lora")]
            = QJsonObject { { QStringLiteral("r"), 16 },
                            { QStringLiteral("target_modules"),
                              QJsonArray { QStringLiteral("q_proj"), QStringLiteral("v_proj") } } };
        b[QStringLiteral("data")] = QJsonObject {
            { QStringLiteral("datasets"),
              QJsonArray { QJsonObject { { QStringLiteral("id"), 1 }, { QStringLiteral("weight"), 0.5 } } } }
        };
        b.remove(QStringLiteral("only_left"));
        b[QStringLiteral("only_right")] = QStringLiteral("x");
        const QList<JsonDifference> d = diffJson(a, b);
        QCOMPARE(d.size(), 4);
        QCOMPARE(d[0].path, QStringLiteral("data.datasets[0].weight"));
        QCOMPARE(d[0].left, QStringLiteral("1"));
        QCOMPARE(d[0].right, QStringLiteral("0.5"));
        QCOMPARE(d[1].path, QStringLiteral("lora.r"));
        QCOMPARE(d[1].right, QStringLiteral("16"));
        QCOMPARE(d[2].path, QStringLiteral("only_left"));
        QCOMPARE(d[2].right, QString());
        QCOMPARE(d[3].path, QStringLiteral("only_right"));
        QVERIFY(diffJson(a, a).isEmpty());
        // Arrays of plain values compare as one leaf.
        const auto flat = flattenJson(a);
        QVERIFY(
            flat.contains(qMakePair(QStringLiteral("lora.target_modules"), QStringLiteral("[\"q_proj\",\"v_proj\"]"))));
    }
};

QTEST_GUILESS_MAIN(JsonDiffTest)
#include "tst_json_diff.moc"
