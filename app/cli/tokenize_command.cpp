// medtune-cli tokenize: ids and pieces of a text under a SentencePiece model.
#include "cli/commands.h"
#include "text/tokenizer.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonObject>

namespace medtune::cli {

int runTokenize(CommandLine &cl)
{
    cl.parser().addOption({ QStringLiteral("tokenizer"), QStringLiteral("SentencePiece model file (tokenizer.model)."),
                            QStringLiteral("PATH") });
    cl.parser().addOption({ QStringLiteral("bos"), QStringLiteral("Prepend the BOS id.") });
    cl.parser().addOption({ QStringLiteral("eos"), QStringLiteral("Append the EOS id.") });
    cl.addJsonOption();
    if (!cl.parse(QStringLiteral("Print the token ids and pieces of TEXT."), QStringLiteral("TEXT...")))
        return cl.exitCode();
    if (!cl.isSet(QStringLiteral("tokenizer")))
        throw UsageError(QStringLiteral("--tokenizer PATH is required"));
    if (cl.positional().isEmpty())
        throw UsageError(QStringLiteral("give the TEXT to tokenize"));

    const auto tok = Tokenizer::load(cl.value(QStringLiteral("tokenizer")));
    const QString text = cl.positional().join(u' ');
    std::vector<int> ids = tok->encode(text);
    if (cl.isSet(QStringLiteral("bos")))
        ids.insert(ids.begin(), tok->bosId());
    if (cl.isSet(QStringLiteral("eos")))
        ids.push_back(tok->eosId());

    if (cl.json()) {
        QJsonArray idArray, pieceArray;
        for (int id : ids) {
            idArray.append(id);
            pieceArray.append(tok->piece(id));
        }
        cl.printJson(QJsonDocument(QJsonObject { { QStringLiteral("text"), text },
                                                 { QStringLiteral("ids"), idArray },
                                                 { QStringLiteral("pieces"), pieceArray },
                                                 { QStringLiteral("count"), qint64(ids.size()) },
                                                 { QStringLiteral("vocab_size"), tok->vocabSize() },
                                                 { QStringLiteral("tokenizer_sha256"), tok->contentHash() } }));
        return Ok;
    }
    QStringList idText, pieceText;
    for (int id : ids) {
        idText << QString::number(id);
        pieceText << tok->piece(id);
    }
    cl.out() << idText.join(u' ') << '\n' << pieceText.join(u' ') << '\n';
    return Ok;
}

} // namespace medtune::cli
