// The German translation: every message of translations/medtune_de.ts is finished and keeps the source's
// placeholders and mnemonics, and the .qm compiled into the resources gives German strings.
#include "review/rubric.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>
#include <vector>

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString type; ///< "unfinished", "vanished", "obsolete" or empty when finished
    bool numerus = false;
    QStringList translations; ///< one entry, or one per <numerusform>
};

struct TsFile
{
    QString language;
    std::vector<TsMessage> messages;
    QString error;
};

QString tsPath()
{
    return QStringLiteral(MEDTUNE_SOURCE_DIR "/translations/medtune_de.ts");
}

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"TS") {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == u"context") {
            context.clear();
        } else if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            message = TsMessage();
            message.context = context;
            message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == u"source") {
            message.source = xml.readElementText();
        } else if (name == u"translation") {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            if (message.numerus) {
                // <numerusform> children, then </translation>.
                while (xml.readNextStartElement())
                    message.translations << xml.readElementText();
            } else {
                message.translations << xml.readElementText();
            }
            ts.messages.push_back(message);
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

/// The distinct placeholders of a string: %1..%9, %L1..%L9, %n and QProgressBar's %v/%m.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(L?[1-9]|n|v|m)"));
    QStringList found;
    for (const auto &m : re.globalMatch(text))
        found << m.captured(0);
    found.removeDuplicates();
    found.sort();
    return found;
}

/// Number of '&' mnemonic markers ("&&" is a literal ampersand, "& " is not a mnemonic).
int mnemonicCount(QString text)
{
    text.remove(QStringLiteral("&&"));
    static const QRegularExpression re(QStringLiteral("&[^\\s&]"));
    int n = 0;
    for (auto it = re.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

QString where(const TsMessage &m)
{
    return QStringLiteral("%1 | \"%2\"").arg(m.context, m.source);
}

QString report(const QStringList &problems)
{
    return QStringLiteral("%1 problem(s):\n  %2").arg(problems.size()).arg(problems.join(QStringLiteral("\n  ")));
}

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private:
    TsFile m_ts;

private Q_SLOTS:
    void initTestCase()
    {
        m_ts = readTs(tsPath());
        QVERIFY2(m_ts.error.isEmpty(), qPrintable(m_ts.error));
        QCOMPARE(m_ts.language, QStringLiteral("de_DE"));
        // The workbench has a few hundred strings; a handful means the file was truncated.
        QVERIFY2(m_ts.messages.size() > 400, qPrintable(QString::number(m_ts.messages.size())));
    }

    void everyMessageIsTranslated()
    {
        QStringList problems;
        for (const TsMessage &m : m_ts.messages) {
            if (!m.type.isEmpty())
                problems << QStringLiteral("%1: type=\"%2\"").arg(where(m), m.type);
            if (m.numerus && m.translations.size() != 2)
                problems
                    << QStringLiteral("%1: %2 plural forms, German needs 2").arg(where(m)).arg(m.translations.size());
            for (const QString &t : m.translations)
                if (t.trimmed().isEmpty())
                    problems << QStringLiteral("%1: empty translation").arg(where(m));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void placeholdersMatch()
    {
        QStringList problems;
        for (const TsMessage &m : m_ts.messages) {
            const QStringList wanted = placeholders(m.source);
            for (const QString &t : m.translations) {
                const QStringList got = placeholders(t);
                if (got != wanted)
                    problems << QStringLiteral("%1: placeholders %2 in the source, %3 in \"%4\"")
                                    .arg(where(m), wanted.join(u' '), got.join(u' '), t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void mnemonicsMatch()
    {
        QStringList problems;
        for (const TsMessage &m : m_ts.messages) {
            const int wanted = mnemonicCount(m.source);
            for (const QString &t : m.translations)
                if (mnemonicCount(t) != wanted)
                    problems << QStringLiteral("%1: %2 mnemonic(s) in the source, %3 in \"%4\"")
                                    .arg(where(m))
                                    .arg(wanted)
                                    .arg(mnemonicCount(t))
                                    .arg(t);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void checksCatchBrokenTranslations()
    {
        // The checks above must be able to fail.
        QCOMPARE(
            placeholders(QStringLiteral("%1 of %2 records, %n left, %L3")),
            QStringList({ QStringLiteral("%1"), QStringLiteral("%2"), QStringLiteral("%L3"), QStringLiteral("%n") }));
        QVERIFY(placeholders(QStringLiteral("%1 von %2")) != placeholders(QStringLiteral("%1 von 2")));
        QCOMPARE(placeholders(QStringLiteral("Filtering... %1%")), QStringList { QStringLiteral("%1") });
        QCOMPARE(mnemonicCount(QStringLiteral("&Open Workspace...")), 1);
        QCOMPARE(mnemonicCount(QStringLiteral("Salt && pepper & more")), 0);
        QCOMPARE(mnemonicCount(QStringLiteral("Arbeitsbereich öffnen...")), 0);
    }

    void compiledTranslationIsGerman()
    {
        // The same resource ui::installTranslations() loads.
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/medtune_de.qm")));
        QCOMPARE(translator.language(), QStringLiteral("de_DE"));
        QCOMPARE(translator.translate("medtune::ui::MainWindow", "Datasets"), QStringLiteral("Datensätze"));
        QCOMPARE(translator.translate("medtune::ui::TrainingPage", "Learning rate:"), QStringLiteral("Lernrate:"));
        QCOMPARE(translator.translate("medtune::ui::ReviewPanel", "Mark span (H)"),
                 QStringLiteral("Textstelle markieren (H)"));
        QCOMPARE(translator.translate("QObject", "Importing dataset"), QStringLiteral("Datensatz wird importiert"));
        // The default review rubric (core data) reaches the reviewer in German; a team's own
        // criterion, not in the catalogue, stays as written.
        QCoreApplication::installTranslator(&translator);
        const medtune::Rubric rubric = medtune::Rubric::clinicalDefault();
        QCOMPARE(medtune::rubricDisplayText(rubric.criteria.front().label), QStringLiteral("Korrektheit"));
        QCOMPARE(medtune::rubricDisplayText(rubric.spanTypes.front().label), QStringLiteral("Erfindung"));
        QCOMPARE(medtune::rubricDisplayText(QStringLiteral("Readability for patients")),
                 QStringLiteral("Readability for patients"));
        QCoreApplication::removeTranslator(&translator);
        // Plural forms: German singular for 1, plural otherwise.
        QCOMPARE(translator.translate("medtune::ui::RunsPage", "%n runs selected", nullptr, 1),
                 QStringLiteral("%n Lauf ausgewählt"));
        QCOMPARE(translator.translate("medtune::ui::RunsPage", "%n runs selected", nullptr, 3),
                 QStringLiteral("%n Läufe ausgewählt"));

        // The compiled file is in step with the .ts: every singular message comes out as written there.
        QStringList problems;
        for (const TsMessage &m : m_ts.messages) {
            if (m.numerus || m.translations.isEmpty())
                continue;
            const QString got = translator.translate(m.context.toUtf8().constData(), m.source.toUtf8().constData());
            if (got != m.translations.first())
                problems << QStringLiteral("%1: .qm gives \"%2\"").arg(where(m), got);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
