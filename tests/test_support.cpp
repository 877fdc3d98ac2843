#include "test_support.h"

#include "model/llama_model.h"
#include "text/tokenizer.h"

#include <QDir>
#include <QFileInfo>

namespace medtune::test {

QString testDataPath(const QString &relative)
{
    return QDir(QStringLiteral(MEDTUNE_TEST_DATA_DIR)).filePath(relative);
}

QString sharedDataPath(const QString &relative)
{
    const QString env = qEnvironmentVariable("MEDTUNE_SHARED_DATA");
    const QDir root(env.isEmpty() ? QStringLiteral(MEDTUNE_SHARED_DATA_DIR) : env);
    if (!root.exists())
        return {};
    const QString path = root.filePath(relative);
    return QFileInfo::exists(path) ? QDir::cleanPath(path) : QString();
}

QString binDir()
{
    return QStringLiteral(MEDTUNE_BIN_DIR);
}

QString makeTinyModelFolder(const QString &dir)
{
    TokenizerTrainOptions t;
    t.inputFiles = { testDataPath(QStringLiteral("corpus/clinical_sentences.txt")) };
    t.outputPrefix = QDir(dir).filePath(QStringLiteral("tok/m"));
    t.vocabSize = 400;
    const auto tok = Tokenizer::load(Tokenizer::train(t));
    LlamaConfig c;
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numLayers = 2;
    c.numHeads = 4;
    c.numKvHeads = 2;
    c.vocabSize = 400;
    c.maxPositions = 1024;
    ModelOptions o;
    o.weights = WeightType::Float32;
    auto model = LlamaModel::createRandom(c, 5, o);
    model->setTokenizer(tok);
    const QString folder = QDir(dir).filePath(QStringLiteral("model"));
    model->save(folder);
    return folder;
}

QString artefactDir()
{
    const QString dir = QDir(binDir()).filePath(QStringLiteral("../test-artefacts"));
    QDir().mkpath(dir);
    return QDir::cleanPath(dir);
}

} // namespace medtune::test
