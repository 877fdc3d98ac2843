// SentencePiece tokenizer of a model folder (tokenizer.model), usable in the same process
// as libtorch through the dlmopen-isolated bridge (spm_bridge/spm_bridge.h).
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <memory>
#include <span>
#include <vector>

struct mt_spm;

namespace medtune {

enum class PieceKind { Normal, Control, Unknown, Byte };

struct TokenizerTrainOptions
{
    enum class ModelType { Bpe, Unigram };

    QStringList inputFiles; ///< plain-text files, one sentence per line
    QString outputPrefix; ///< writes <prefix>.model and <prefix>.vocab
    int vocabSize = 8000;
    ModelType type = ModelType::Bpe;
    bool byteFallback = true; ///< unknown characters become <0xNN> byte pieces
    double characterCoverage = 1.0;
    int unkId = 0, bosId = 1, eosId = 2, padId = -1; ///< LLaMA's ids by default
    QMap<QString, QString> extraFlags; ///< any other trainer flag, e.g. "max_sentence_length"
};

/// A loaded SentencePiece model. Immutable after loading; safe to share across threads.
class Tokenizer
{
public:
    /// Loads tokenizer.model; throws Error for a missing, empty or corrupt file.
    static std::shared_ptr<const Tokenizer> load(const QString &modelPath);
    /// Trains a model and returns the path of the written .model file; throws Error.
    static QString train(const TokenizerTrainOptions &options);

    ~Tokenizer();
    Tokenizer(const Tokenizer &) = delete;
    Tokenizer &operator=(const Tokenizer &) = delete;

    /// Token ids of UTF-8 text, without BOS or EOS.
    std::vector<int> encode(const QString &text) const;
    std::vector<int> encodeUtf8(const QByteArray &utf8) const;
    QString decode(std::span<const int> ids) const;
    /// The vocabulary piece of an id ("▁Hello", "<0x0A>", "</s>"); throws when out of range.
    QString piece(int id) const;
    /// The id of a piece, or unkId() when the vocabulary lacks it.
    int pieceToId(const QString &piece) const;
    PieceKind pieceKind(int id) const;

    int vocabSize() const { return m_vocabSize; }
    int bosId() const { return m_bos; }
    int eosId() const { return m_eos; }
    int unkId() const { return m_unk; }
    int padId() const { return m_pad; } ///< -1 when the model defines none
    /// SHA-256 (hex) of the model file's bytes: identifies the vocabulary in caches.
    QString contentHash() const { return m_hash; }
    QString path() const { return m_path; }

private:
    Tokenizer() = default;

    mt_spm *m_model = nullptr;
    QString m_path;
    QString m_hash;
    int m_vocabSize = 0, m_bos = -1, m_eos = -1, m_unk = -1, m_pad = -1;
};

/// Path of the loaded bridge library; loads it when needed. Throws Error when absent.
QString tokenizerBridgePath();

} // namespace medtune
