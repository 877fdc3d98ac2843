#include "eval/answer_extraction.h"

#include <QRegularExpression>

namespace medtune {
namespace {

const QString kLabel = QStringLiteral("(?:(?:final\\s+)?(?:answer|assistant|decision|response)\\s*[:\\-]\\s*)?");

} // namespace

QString extractDecision(const QString &output)
{
    static const QRegularExpression re(QStringLiteral("^[\\s\"'“*_]*") + kLabel
                                           + QStringLiteral("[\\s\"'“*_]*(yes|no|maybe)\\b"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(output);
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

QString extractOptionLetter(const QString &output, int maxOptions)
{
    const QChar last = QChar(u'A' + qBound(1, maxOptions, 26) - 1);
    const QString letters = QStringLiteral("[A-%1a-%2]").arg(last, last.toLower());
    // At the start: optional label, optional "option", the letter standing alone.
    const QRegularExpression start(QStringLiteral("^[\\s\"'“*_]*") + kLabel
                                       + QStringLiteral("(?:option\\s+)?[\\(\\[]?(") + letters
                                       + QStringLiteral(")(?:[\\)\\]\\.:,]|\\s|$)"),
                                   QRegularExpression::CaseInsensitiveOption);
    auto m = start.match(output);
    if (m.hasMatch()) {
        // A lone lower-case "a" opening a sentence ("a patient ...") is an article, not an option.
        const QString letter = m.captured(1);
        const bool article = letter == QStringLiteral("a") && !output.trimmed().startsWith(QStringLiteral("a."))
            && !output.trimmed().startsWith(QStringLiteral("a)"));
        if (!article)
            return letter.toUpper();
    }
    const QRegularExpression phrase(QStringLiteral("\\b(?:correct\\s+)?answer\\s+is\\s*:?\\s*(?:option\\s+)?[\\(\\[]?(")
                                        + letters + QStringLiteral(")\\b"),
                                    QRegularExpression::CaseInsensitiveOption);
    m = phrase.match(output);
    return m.hasMatch() ? m.captured(1).toUpper() : QString();
}

} // namespace medtune
