// Automatic metrics on worked examples: ROUGE, the Porter stemmer, token F1 and exact
// match, decision and option-letter extraction, accuracy and macro-F1.
#include "eval/answer_extraction.h"
#include "eval/classification_metrics.h"
#include "eval/porter_stemmer.h"
#include "eval/text_metrics.h"

#include <QTest>

using namespace medtune;

class TextMetricsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rougeWorkedExample()
    {
        // Reference 7 tokens, candidate 6, all candidate unigrams in the reference.
        // ROUGE-1: P = 6/6, R = 6/7, F = 12/13. ROUGE-2: 4 shared bigrams of 5 and 6:
        // P = 4/5, R = 4/6, F = 8/11. ROUGE-L: LCS 6, so as ROUGE-1.
        const RougeScores s
            = rouge(QStringLiteral("The cat was found under the bed."), QStringLiteral("the cat was under the bed"));
        QCOMPARE(s.rouge1.precision, 1.0);
        QVERIFY(qAbs(s.rouge1.recall - 6.0 / 7.0) < 1e-12);
        QVERIFY(qAbs(s.rouge1.f1 - 12.0 / 13.0) < 1e-12);
        QVERIFY(qAbs(s.rouge2.precision - 0.8) < 1e-12);
        QVERIFY(qAbs(s.rouge2.recall - 4.0 / 6.0) < 1e-12);
        QVERIFY(qAbs(s.rouge2.f1 - 8.0 / 11.0) < 1e-12);
        QVERIFY(qAbs(s.rougeL.f1 - 12.0 / 13.0) < 1e-12);
    }

    void rougeLIsOrderSensitive()
    {
        // Same bag of words, reversed order: ROUGE-1 is perfect, ROUGE-L finds an LCS of 1.
        const RougeScores s = rouge(QStringLiteral("alpha beta gamma delta"), QStringLiteral("delta gamma beta alpha"));
        QCOMPARE(s.rouge1.f1, 1.0);
        QCOMPARE(s.rouge2.f1, 0.0);
        QVERIFY(qAbs(s.rougeL.f1 - 0.25) < 1e-12);
    }

    void rougeWithStemming()
    {
        // "treatments reduced" vs "treatment reduces": stems match only with stemming.
        const QString ref = QStringLiteral("Treatments reduced mortality");
        const QString cand = QStringLiteral("treatment reduces mortality");
        QVERIFY(qAbs(rouge(ref, cand, false).rouge1.f1 - 1.0 / 3.0) < 1e-12);
        QCOMPARE(rouge(ref, cand, true).rouge1.f1, 1.0);
        // Tokens of three letters or fewer are not stemmed (as rouge-score does).
        QCOMPARE(rougeTokens(QStringLiteral("ACE-inhibitors, 5mg"), true),
                 (std::vector<std::string> { "ace", "inhibitor", "5mg" }));
    }

    void rougeEmpty()
    {
        QCOMPARE(rouge(QString(), QStringLiteral("text")).rouge1.f1, 0.0);
        QCOMPARE(rouge(QStringLiteral("text"), QString()).rougeL.f1, 0.0);
    }

    void porterStemmer_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("stem");
        // Examples from Porter (1980).
        const char *pairs[][2] = { { "caresses", "caress" },
                                   { "ponies", "poni" },
                                   { "ties", "ti" },
                                   { "caress", "caress" },
                                   { "cats", "cat" },
                                   { "feed", "feed" },
                                   { "agreed", "agre" },
                                   { "plastered", "plaster" },
                                   { "bled", "bled" },
                                   { "motoring", "motor" },
                                   { "sing", "sing" },
                                   { "conflated", "conflat" },
                                   { "troubled", "troubl" },
                                   { "sized", "size" },
                                   { "hopping", "hop" },
                                   { "tanned", "tan" },
                                   { "falling", "fall" },
                                   { "hissing", "hiss" },
                                   { "fizzed", "fizz" },
                                   { "failing", "fail" },
                                   { "filing", "file" },
                                   { "happy", "happi" },
                                   { "sky", "sky" },
                                   { "relational", "relat" },
                                   { "conditional", "condit" },
                                   { "rational", "ration" },
                                   { "valenci", "valenc" },
                                   { "digitizer", "digit" },
                                   { "generalization", "gener" },
                                   { "triplicate", "triplic" },
                                   { "hopeful", "hope" },
                                   { "goodness", "good" },
                                   { "revival", "reviv" },
                                   { "allowance", "allow" },
                                   { "adjustment", "adjust" },
                                   { "adoption", "adopt" },
                                   { "controll", "control" },
                                   { "roll", "roll" },
                                   { "probate", "probat" },
                                   { "rate", "rate" },
                                   { "cease", "ceas" } };
        for (const auto &p : pairs)
            QTest::newRow(p[0]) << QString::fromLatin1(p[0]) << QString::fromLatin1(p[1]);
    }

    void porterStemmer()
    {
        QFETCH(QString, word);
        QFETCH(QString, stem);
        QCOMPARE(QString::fromStdString(porterStem(word.toStdString())), stem);
    }

    void tokenF1AndExactMatch()
    {
        QCOMPARE(exactMatch(QStringLiteral("The aorta."), QStringLiteral("aorta")), 1.0);
        QCOMPARE(exactMatch(QStringLiteral("aorta"), QStringLiteral("the pulmonary artery")), 0.0);
        // ref {left, ventricle}, cand {left, atrium, ventricle, wall}: common 2, P 2/4, R 2/2, F1 2/3.
        QVERIFY(qAbs(tokenF1(QStringLiteral("The left ventricle"), QStringLiteral("left atrium, ventricle wall"))
                     - 2.0 / 3.0)
                < 1e-12);
        // Repeated tokens count once per occurrence.
        QVERIFY(qAbs(tokenF1(QStringLiteral("no no"), QStringLiteral("no")) - 2.0 / 3.0) < 1e-12);
        QCOMPARE(tokenF1(QStringLiteral("yes"), QStringLiteral("no")), 0.0);
    }

    void decisions_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("decision");
        QTest::newRow("plain") << QStringLiteral("Yes. Aspirin reduced events.") << QStringLiteral("yes");
        QTest::newRow("lower") << QStringLiteral("no, the trial was negative") << QStringLiteral("no");
        QTest::newRow("label") << QStringLiteral("Answer: Maybe - the evidence is mixed") << QStringLiteral("maybe");
        QTest::newRow("spaces") << QStringLiteral("  \n\"Yes\"") << QStringLiteral("yes");
        QTest::newRow("markdown") << QStringLiteral("**No**") << QStringLiteral("no");
        QTest::newRow("later") << QStringLiteral("The answer is yes") << QString();
        QTest::newRow("prefix-word") << QStringLiteral("Nothing suggests harm") << QString();
        QTest::newRow("yesterday") << QStringLiteral("Yesterday's study") << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void decisions()
    {
        QFETCH(QString, output);
        QFETCH(QString, decision);
        QCOMPARE(extractDecision(output), decision);
    }

    void optionLetters_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("letter");
        QTest::newRow("bare") << QStringLiteral("B") << QStringLiteral("B");
        QTest::newRow("dot") << QStringLiteral("C. Metformin") << QStringLiteral("C");
        QTest::newRow("paren") << QStringLiteral("(d) Warfarin") << QStringLiteral("D");
        QTest::newRow("close-paren") << QStringLiteral("A) Aspirin") << QStringLiteral("A");
        QTest::newRow("label") << QStringLiteral("Answer: B. Amoxicillin") << QStringLiteral("B");
        QTest::newRow("option") << QStringLiteral("Option C is right") << QStringLiteral("C");
        QTest::newRow("phrase") << QStringLiteral("I think the correct answer is (D).") << QStringLiteral("D");
        QTest::newRow("article") << QStringLiteral("a patient with fever") << QString();
        QTest::newRow("out-of-range") << QStringLiteral("E. None") << QString();
        QTest::newRow("word") << QStringLiteral("Blood pressure") << QString();
    }

    void optionLetters()
    {
        QFETCH(QString, output);
        QFETCH(QString, letter);
        QCOMPARE(extractOptionLetter(output), letter);
    }

    void accuracyAndMacroF1()
    {
        // gold: yes yes no maybe no; predicted: yes no no (none) no.
        // yes: tp1 fp0 fn1 -> F1 2/3; no: tp2 fp1 fn0 -> F1 4/5; maybe: tp0 -> 0.
        const std::vector<QString> gold = { QStringLiteral("yes"), QStringLiteral("yes"), QStringLiteral("no"),
                                            QStringLiteral("maybe"), QStringLiteral("no") };
        const std::vector<QString> pred
            = { QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("no"), QString(), QStringLiteral("no") };
        const auto s = classificationScores(gold, pred,
                                            { QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("maybe") });
        QCOMPARE(s.count, 5);
        QCOMPARE(s.correct, 3);
        QCOMPARE(s.unparsed, 1);
        QVERIFY(qAbs(s.accuracy - 0.6) < 1e-12);
        QVERIFY(qAbs(s.macroF1 - (2.0 / 3.0 + 0.8) / 3.0) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TextMetricsTest)
#include "tst_text_metrics.moc"
