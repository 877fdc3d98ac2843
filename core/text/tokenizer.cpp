#include "text/tokenizer.h"

#include "spm_bridge/spm_bridge.h"
#include "util/error.h"
#include "util/install_paths.h"
#include "util/regular_file.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <dlfcn.h>
#include <mutex>

namespace medtune {
namespace {

constexpr auto kBridgeFile = "libmedtune_spm.so";
constexpr int kErrCap = 1024;

// The bridge's entry points, resolved once per process from a private link namespace.
struct Bridge
{
    QString path;
    decltype(&mt_spm_abi_version) abiVersion = nullptr;
    decltype(&mt_spm_load) load = nullptr;
    decltype(&mt_spm_free) free = nullptr;
    decltype(&mt_spm_vocab_size) vocabSize = nullptr;
    decltype(&mt_spm_bos_id) bosId = nullptr;
    decltype(&mt_spm_eos_id) eosId = nullptr;
    decltype(&mt_spm_unk_id) unkId = nullptr;
    decltype(&mt_spm_pad_id) padId = nullptr;
    decltype(&mt_spm_piece_kind) pieceKind = nullptr;
    decltype(&mt_spm_encode) encode = nullptr;
    decltype(&mt_spm_decode) decode = nullptr;
    decltype(&mt_spm_id_to_piece) idToPiece = nullptr;
    decltype(&mt_spm_piece_to_id) pieceToId = nullptr;
    decltype(&mt_spm_train) train = nullptr;
};

template<typename F> void resolve(void *handle, const char *name, F &fn, const QString &path)
{
    fn = reinterpret_cast<F>(dlsym(handle, name));
    if (!fn)
        throw Error(QStringLiteral("The tokenizer bridge %1 lacks the symbol %2").arg(path, QString::fromLatin1(name)),
                    QStringLiteral("the bridge and the program come from different builds; rebuild or reinstall"));
}

const Bridge &bridge()
{
    static std::once_flag once;
    static Bridge b;
    static QString failure;
    std::call_once(once, [] {
        QStringList candidates;
        const QString overridePath = qEnvironmentVariable("MEDTUNE_SPM_BRIDGE");
        if (!overridePath.isEmpty())
            candidates << overridePath;
        candidates << privateLibraryCandidates(QString::fromLatin1(kBridgeFile));
        for (const QString &path : candidates) {
            if (!QFileInfo::exists(path))
                continue;
            // A new link namespace: SentencePiece's private protobuf never meets libtorch's.
            void *handle = dlmopen(LM_ID_NEWLM, QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                failure = QStringLiteral("Could not load the tokenizer bridge %1: %2")
                              .arg(path, QString::fromLocal8Bit(dlerror()));
                return;
            }
            try {
                resolve(handle, "mt_spm_abi_version", b.abiVersion, path);
                if (b.abiVersion() != MT_SPM_ABI_VERSION)
                    throw Error(QStringLiteral("The tokenizer bridge %1 has interface version %2, expected %3")
                                    .arg(path)
                                    .arg(b.abiVersion())
                                    .arg(MT_SPM_ABI_VERSION));
                resolve(handle, "mt_spm_load", b.load, path);
                resolve(handle, "mt_spm_free", b.free, path);
                resolve(handle, "mt_spm_vocab_size", b.vocabSize, path);
                resolve(handle, "mt_spm_bos_id", b.bosId, path);
                resolve(handle, "mt_spm_eos_id", b.eosId, path);
                resolve(handle, "mt_spm_unk_id", b.unkId, path);
                resolve(handle, "mt_spm_pad_id", b.padId, path);
                resolve(handle, "mt_spm_piece_kind", b.pieceKind, path);
                resolve(handle, "mt_spm_encode", b.encode, path);
                resolve(handle, "mt_spm_decode", b.decode, path);
                resolve(handle, "mt_spm_id_to_piece", b.idToPiece, path);
                resolve(handle, "mt_spm_piece_to_id", b.pieceToId, path);
                resolve(handle, "mt_spm_train", b.train, path);
            } catch (const Error &e) {
                failure = e.fullMessage();
                return;
            }
            b.path = path;
            return;
        }
        failure = QStringLiteral("The tokenizer bridge %1 was not found (looked in: %2)")
                      .arg(QString::fromLatin1(kBridgeFile), candidates.join(QStringLiteral(", ")));
    });
    if (b.path.isEmpty())
        throw Error(failure, QStringLiteral("reinstall MedTune Workbench, or point MEDTUNE_SPM_BRIDGE at the library"));
    return b;
}

QString errorText(const char *buffer)
{
    return QString::fromUtf8(buffer).trimmed();
}

} // namespace

QString tokenizerBridgePath()
{
    return bridge().path;
}

std::shared_ptr<const Tokenizer> Tokenizer::load(const QString &modelPath)
{
    const Bridge &b = bridge();
    QFile file(modelPath);
    if (!file.exists())
        throw Error(QStringLiteral("Tokenizer file %1 does not exist").arg(modelPath),
                    QStringLiteral("a model folder needs its SentencePiece tokenizer.model"));
    requireRegularFile(modelPath, QStringLiteral("the tokenizer file"));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read tokenizer file %1: %2").arg(modelPath, file.errorString()));
    const QByteArray data = file.readAll();
    if (data.isEmpty())
        throw Error(QStringLiteral("Tokenizer file %1 is empty").arg(modelPath),
                    QStringLiteral("the download or copy was probably interrupted"));

    char err[kErrCap] = {};
    mt_spm *model = b.load(data.constData(), int(data.size()), err, kErrCap);
    if (!model)
        throw Error(
            QStringLiteral("Tokenizer file %1 is not a valid SentencePiece model: %2").arg(modelPath, errorText(err)),
            QStringLiteral("the file may be corrupt, or a Hugging Face tokenizer.json rather than tokenizer.model"));

    std::shared_ptr<Tokenizer> t(new Tokenizer);
    t->m_model = model;
    t->m_path = QFileInfo(modelPath).absoluteFilePath();
    t->m_hash = QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    t->m_vocabSize = b.vocabSize(model);
    t->m_bos = b.bosId(model);
    t->m_eos = b.eosId(model);
    t->m_unk = b.unkId(model);
    t->m_pad = b.padId(model);
    if (t->m_vocabSize <= 0)
        throw Error(QStringLiteral("Tokenizer file %1 has an empty vocabulary").arg(modelPath));
    return t;
}

Tokenizer::~Tokenizer()
{
    if (m_model)
        bridge().free(m_model);
}

std::vector<int> Tokenizer::encode(const QString &text) const
{
    return encodeUtf8(text.toUtf8());
}

std::vector<int> Tokenizer::encodeUtf8(const QByteArray &utf8) const
{
    const Bridge &b = bridge();
    char err[kErrCap] = {};
    // Guess generously (a piece covers at least one byte), and retry once if short.
    std::vector<int> ids(size_t(utf8.size()) + 8);
    int n = b.encode(m_model, utf8.constData(), int(utf8.size()), ids.data(), int(ids.size()), err, kErrCap);
    if (n > int(ids.size())) {
        ids.resize(size_t(n));
        n = b.encode(m_model, utf8.constData(), int(utf8.size()), ids.data(), int(ids.size()), err, kErrCap);
    }
    if (n < 0)
        throw Error(QStringLiteral("Tokenizing failed: %1").arg(errorText(err)));
    ids.resize(size_t(n));
    return ids;
}

QString Tokenizer::decode(std::span<const int> ids) const
{
    const Bridge &b = bridge();
    for (int id : ids)
        if (id < 0 || id >= m_vocabSize)
            throw Error(QStringLiteral("Token id %1 is outside the vocabulary (0..%2)").arg(id).arg(m_vocabSize - 1));
    char err[kErrCap] = {};
    QByteArray out(qsizetype(ids.size()) * 8 + 16, Qt::Uninitialized);
    int n = b.decode(m_model, ids.data(), int(ids.size()), out.data(), int(out.size()), err, kErrCap);
    if (n > out.size()) {
        out.resize(n);
        n = b.decode(m_model, ids.data(), int(ids.size()), out.data(), int(out.size()), err, kErrCap);
    }
    if (n < 0)
        throw Error(QStringLiteral("Decoding failed: %1").arg(errorText(err)));
    out.truncate(n);
    return QString::fromUtf8(out);
}

QString Tokenizer::piece(int id) const
{
    const Bridge &b = bridge();
    QByteArray out(64, Qt::Uninitialized);
    int n = b.idToPiece(m_model, id, out.data(), int(out.size()));
    if (n > out.size()) {
        out.resize(n);
        n = b.idToPiece(m_model, id, out.data(), int(out.size()));
    }
    if (n < 0)
        throw Error(QStringLiteral("Token id %1 is outside the vocabulary (0..%2)").arg(id).arg(m_vocabSize - 1));
    out.truncate(n);
    return QString::fromUtf8(out);
}

int Tokenizer::pieceToId(const QString &piece) const
{
    const QByteArray utf8 = piece.toUtf8();
    return bridge().pieceToId(m_model, utf8.constData(), int(utf8.size()));
}

PieceKind Tokenizer::pieceKind(int id) const
{
    switch (bridge().pieceKind(m_model, id)) {
    case 1:
        return PieceKind::Control;
    case 2:
        return PieceKind::Unknown;
    case 3:
        return PieceKind::Byte;
    case 0:
        return PieceKind::Normal;
    default:
        throw Error(QStringLiteral("Token id %1 is outside the vocabulary (0..%2)").arg(id).arg(m_vocabSize - 1));
    }
}

QString Tokenizer::train(const TokenizerTrainOptions &o)
{
    const Bridge &b = bridge();
    if (o.inputFiles.isEmpty())
        throw UsageError(QStringLiteral("Tokenizer training needs at least one input file"));
    for (const QString &f : o.inputFiles) {
        const QFileInfo fi(f);
        if (!fi.isFile())
            throw Error(QStringLiteral("Training text %1 does not exist").arg(f));
        if (fi.size() == 0)
            throw Error(QStringLiteral("Training text %1 is empty").arg(f));
    }
    if (o.outputPrefix.isEmpty())
        throw UsageError(QStringLiteral("Tokenizer training needs an output prefix"));
    if (o.vocabSize < 8)
        throw UsageError(QStringLiteral("A vocabulary of %1 pieces is too small").arg(o.vocabSize));
    QDir().mkpath(QFileInfo(o.outputPrefix).absolutePath());

    QStringList inputs;
    for (const QString &f : o.inputFiles)
        inputs << QFileInfo(f).absoluteFilePath();
    QMap<QString, QString> flags = {
        { QStringLiteral("input"), inputs.join(u',') },
        { QStringLiteral("model_prefix"), QFileInfo(o.outputPrefix).absoluteFilePath() },
        { QStringLiteral("vocab_size"), QString::number(o.vocabSize) },
        { QStringLiteral("model_type"),
          o.type == TokenizerTrainOptions::ModelType::Bpe ? QStringLiteral("bpe") : QStringLiteral("unigram") },
        { QStringLiteral("byte_fallback"), o.byteFallback ? QStringLiteral("true") : QStringLiteral("false") },
        { QStringLiteral("character_coverage"), QString::number(o.characterCoverage) },
        { QStringLiteral("unk_id"), QString::number(o.unkId) },
        { QStringLiteral("bos_id"), QString::number(o.bosId) },
        { QStringLiteral("eos_id"), QString::number(o.eosId) },
        { QStringLiteral("pad_id"), QString::number(o.padId) },
        { QStringLiteral("minloglevel"), QStringLiteral("1") },
    };
    for (auto it = o.extraFlags.begin(); it != o.extraFlags.end(); ++it)
        flags[it.key()] = it.value();

    std::vector<QByteArray> keys, values;
    for (auto it = flags.begin(); it != flags.end(); ++it) {
        keys.push_back(it.key().toUtf8());
        values.push_back(it.value().toUtf8());
    }
    std::vector<const char *> keyPtrs, valuePtrs;
    for (size_t i = 0; i < keys.size(); ++i) {
        keyPtrs.push_back(keys[i].constData());
        valuePtrs.push_back(values[i].constData());
    }
    char err[kErrCap] = {};
    if (b.train(keyPtrs.data(), valuePtrs.data(), int(keys.size()), err, kErrCap) != 0)
        throw Error(QStringLiteral("Tokenizer training failed: %1").arg(errorText(err)),
                    QStringLiteral("the vocabulary must hold every character (plus 256 byte pieces with byte fallback) "
                                   "and no more pieces than the text supports"));
    return QFileInfo(o.outputPrefix).absoluteFilePath() + QStringLiteral(".model");
}

} // namespace medtune
