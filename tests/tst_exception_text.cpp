// What users read when libtorch fails: a sentence without stack frames and with a hint, the
// raw text kept for --verbose (util/exception_text).
#include "util/exception_text.h"

#include <QTest>
#include <c10/util/Exception.h>
#include <new>
#include <stdexcept>

using namespace medtune;

class ExceptionTextTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void libtorchErrorsLoseTheirFrames()
    {
        try {
            TORCH_CHECK(false, "index out of range in self");
        } catch (const c10::Error &e) {
            QVERIFY(QString::fromLocal8Bit(e.what()).contains(QStringLiteral("Exception raised from")));
            const ExceptionText t = describeException(e);
            QCOMPARE(t.message, QStringLiteral("A token id lies outside the model's vocabulary"));
            QVERIFY(t.hint.contains(QStringLiteral("vocab_size")));
            QVERIFY(!t.full().contains(QStringLiteral("Exception raised from")));
            QVERIFY(!t.full().contains(QStringLiteral("frame #")));
            QVERIFY(t.raw.contains(QStringLiteral("Exception raised from"))); // for --verbose
        }
        try {
            TORCH_CHECK(false, "shape '[3]' is invalid for input of size 2");
        } catch (const c10::Error &e) {
            const ExceptionText t = describeException(e);
            QCOMPARE(t.message, QStringLiteral("libtorch failed: shape '[3]' is invalid for input of size 2"));
            QVERIFY(!t.full().contains(u'\n'));
        }
        try {
            TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate 128000000000 bytes.");
        } catch (const c10::Error &e) {
            QVERIFY(describeException(e).message.startsWith(QStringLiteral("Out of memory")));
        }
    }

    void otherExceptions()
    {
        QCOMPARE(describeException(std::bad_alloc()).message, QStringLiteral("Out of memory"));
        QCOMPARE(describeException(std::runtime_error("plain failure\nframe #0: x")).full(),
                 QStringLiteral("plain failure"));
    }
};

QTEST_GUILESS_MAIN(ExceptionTextTest)
#include "tst_exception_text.moc"
