// Importing outputs for review from hostile files: an id repeated within a file is
// reported with both lines and skipped (never merged); an empty or all-invalid file is an
// error that creates no session; CSV text after a closing quote is a malformed record with
// its line and does not swallow the lines after it; a named pipe is refused, not read.
#include "review/delimited_table.h"
#include "review/output_import.h"
#include "review/review_store.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

using namespace medtune;

namespace {

QString write(const QTemporaryDir &tmp, const QString &name, const QByteArray &bytes)
{
    QFile f(tmp.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

} // namespace

class OutputImportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duplicateIdsAreReportedWithTheirLinesAndSkipped()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ReviewStore store(ws);
        OutputImportOptions o;
        o.path = write(tmp, QStringLiteral("outputs.jsonl"),
                       "{\"id\": \"a\", \"source\": \"Is aspirin safe?\", \"output\": \"first output\"}\n"
                       "{\"id\": \"b\", \"source\": \"Is ibuprofen safe?\", \"output\": \"b output\"}\n"
                       "\n"
                       "{\"id\": \"a\", \"source\": \"Is aspirin safe?\", \"output\": \"second output\"}\n"
                       "{\"id\": \"b\", \"source\": \"Another text\", \"output\": \"x\", \"system\": \"other\"}\n");
        o.system = QStringLiteral("tuned");
        const OutputImportResult r = importOutputs(store, o);
        QCOMPARE(r.records, 4);
        QCOMPARE(r.imported, 2);
        QCOMPARE(r.skipped, 2);
        QCOMPARE(r.problems.value(0),
                 QStringLiteral("outputs.jsonl, line 4: id 'a' (system tuned) repeats line 1; skipped"));
        QCOMPARE(r.problems.value(1),
                 QStringLiteral("outputs.jsonl, line 5: id 'b' (system tuned) repeats line 2; skipped"));
        const std::vector<ReviewItem> items = store.items(r.sessionId);
        QCOMPARE(items.size(), size_t(2));
        QCOMPARE(items[0].outputs.size(), size_t(1));
        QCOMPARE(items[0].outputs[0].text, QStringLiteral("first output")); // never merged with line 4

        // The same id for two systems is one item with two outputs; another source text under
        // an id already seen is refused with both lines.
        OutputImportOptions two;
        two.path = write(tmp, QStringLiteral("two.jsonl"),
                         "{\"id\": \"q\", \"source\": \"Is rest enough?\", \"output\": \"one\", \"system\": \"s1\"}\n"
                         "{\"id\": \"q\", \"source\": \"Is rest enough?\", \"output\": \"two\", \"system\": \"s2\"}\n"
                         "{\"id\": \"q\", \"source\": \"A different question\", \"output\": \"three\", \"system\": "
                         "\"s3\"}\n");
        const OutputImportResult t = importOutputs(store, two);
        QCOMPARE(t.imported, 2);
        QCOMPARE(t.problems.value(0),
                 QStringLiteral("two.jsonl, line 3: id 'q' has another source text than on line 1; skipped"));
    }

    void emptyOrAllInvalidFilesCreateNoSession()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ReviewStore store(ws);
        OutputImportOptions o;
        o.system = QStringLiteral("s");
        for (const auto &[name, bytes] : std::initializer_list<std::pair<QString, QByteArray>> {
                 { QStringLiteral("empty.jsonl"), QByteArray() },
                 { QStringLiteral("blank.jsonl"), QByteArray("\n\n  \n") },
                 { QStringLiteral("invalid.jsonl"), QByteArray("not json\n{\"id\": \"a\"}\n[1, 2]\n") },
                 { QStringLiteral("header-only.csv"), QByteArray("id,source,output\n") },
             }) {
            o.path = write(tmp, name, bytes);
            o.session = name;
            try {
                importOutputs(store, o);
                QFAIL(qPrintable(name + QStringLiteral(" must be refused")));
            } catch (const Error &e) {
                QVERIFY2(e.message().contains(name), qPrintable(e.message()));
            }
            QVERIFY2(!store.sessionByName(name), qPrintable(name));
        }
        QVERIFY(store.sessions().empty());
    }

    void textAfterAClosingQuoteIsAMalformedRecord()
    {
        const std::vector<CsvRecord> rows
            = parseCsv(QStringLiteral("id,source,output\n1,\"He said \"no\" twice\",x\n2,\"fine\",y\n"
                                      "3,\"closed\" and then \"open\n4,after,z\n"));
        QCOMPARE(rows.size(), size_t(5));
        QVERIFY(rows[1].malformed.contains(QStringLiteral("field 2")));
        QCOMPARE(rows[2].fields, QStringList({ QStringLiteral("2"), QStringLiteral("fine"), QStringLiteral("y") }));
        QVERIFY(!rows[3].malformed.isEmpty());
        QCOMPARE(rows[3].line, 4);
        QCOMPARE(rows[4].line, 5); // the open quote on line 4 swallows nothing
        QCOMPARE(rows[4].fields, QStringList({ QStringLiteral("4"), QStringLiteral("after"), QStringLiteral("z") }));

        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ReviewStore store(ws);
        OutputImportOptions o;
        o.system = QStringLiteral("s");
        o.path = write(tmp, QStringLiteral("quotes.csv"),
                       "id,source,output\n1,\"He said \"no\" twice\",x\n2,\"fine\",y\n3,\"closed\" and then "
                       "\"open\n4,after,z\n");
        const OutputImportResult r = importOutputs(store, o);
        QCOMPARE(r.records, 4);
        QCOMPARE(r.imported, 2);
        QVERIFY2(r.problems.value(0).startsWith(QStringLiteral("quotes.csv, line 2: malformed record: text after the "
                                                               "closing quote of field 2")),
                 qPrintable(r.problems.value(0)));
        QVERIFY2(r.problems.value(1).startsWith(QStringLiteral("quotes.csv, line 4: malformed record")),
                 qPrintable(r.problems.value(1)));
    }

    // A named pipe nobody writes to would block a reader forever: it is refused at once.
    void namedPipeIsRefusedWithinADeadline()
    {
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath(QStringLiteral("ws")));
        ReviewStore store(ws);
        const QString fifo = tmp.filePath(QStringLiteral("outputs.jsonl"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        OutputImportOptions o;
        o.path = fifo;
        o.system = QStringLiteral("s");
        auto result = std::async(std::launch::async, [&]() -> QString {
            try {
                importOutputs(store, o);
                return QStringLiteral("imported");
            } catch (const Error &e) {
                return e.message();
            }
        });
        if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
            // Unblock the reader so that the test can end, then fail.
            const int fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY);
            ::close(fd);
            result.wait();
            QFAIL("reading the named pipe blocked");
        }
        const QString message = result.get();
        QVERIFY2(message.contains(QStringLiteral("is a named pipe (FIFO), not a regular file")), qPrintable(message));
        // A folder in place of the file is named as a folder.
        o.path = tmp.path();
        QVERIFY_THROWS_EXCEPTION(Error, importOutputs(store, o));
        QVERIFY(store.sessions().empty());
    }
};

QTEST_GUILESS_MAIN(OutputImportTest)
#include "tst_output_import.moc"
