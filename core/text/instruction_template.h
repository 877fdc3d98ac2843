// Instruction templates as data: how an example becomes the prompt the model reads and
// where its answer starts. Two built-ins (the default plain template and TinyLlama's chat
// format); the workspace stores edited or new ones.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace medtune {

class Workspace;

struct InstructionTemplate
{
    QString name;
    QString system = QStringLiteral("You are a medical assistant.");
    /// The prompt up to where the answer starts. Placeholders: {system}, {task}, {user}.
    /// "<s>" and "</s>" in it become the tokenizer's BOS/EOS control tokens.
    QString prompt;
    /// Shown between the prompt and the answer in display text ("Assistant: Yes..."); in
    /// tokens it is the word-start marker of the answer's first piece.
    QString answerSeparator;
    QString contextLabel = QStringLiteral("Context:"); ///< QA: "<question>\n<contextLabel> <context>"
    QString questionLabel = QStringLiteral("Question:"); ///< summarization with a question
    QString documentLabel = QStringLiteral("Document:");
    bool builtin = false;

    /// Throws UsageError when the template lacks {user} or has an empty name.
    void validate() const;
    QJsonObject toJson() const;
    static InstructionTemplate fromJson(const QJsonObject &o);

    /// The default: "System: ...\nTask: ...\nUser: ...\nAssistant: <answer>".
    static InstructionTemplate plain();
    /// TinyLlama chat: "<|system|>\n...</s>\n<|user|>\n...</s>\n<|assistant|>\n<answer></s>".
    static InstructionTemplate tinyLlamaChat();
};

QList<InstructionTemplate> builtinTemplates();

/// Templates of a workspace: the built-ins, overridden or extended by stored ones.
class TemplateStore
{
public:
    explicit TemplateStore(Workspace &workspace);
    QList<InstructionTemplate> list() const;
    std::optional<InstructionTemplate> find(const QString &name) const;
    /// Throws UsageError naming the known templates.
    InstructionTemplate resolve(const QString &name) const;
    void save(const InstructionTemplate &t);
    /// Removes a stored template (a built-in reverts to its original).
    void remove(const QString &name);

private:
    Workspace &m_workspace;
};

} // namespace medtune
