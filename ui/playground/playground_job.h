// One Playground generation as a background job: loads (or reuses) the base model, builds
// the prompt from an example and a template, then generates with the base model and with
// an adapter attached, streaming every token through a queued signal.
#pragma once

#include "data/example.h"
#include "generate/generator.h"
#include "text/instruction_template.h"
#include "util/background_job.h"

#include <QMutex>
#include <atomic>
#include <memory>

namespace medtune {
class LlamaModel;
}

namespace medtune::ui {

struct PlaygroundRequest
{
    QString modelDir;
    QString device = QStringLiteral("cpu");
    QString dtype = QStringLiteral("auto");
    QString adapterDir; ///< empty: base model only
    InstructionTemplate templ;
    Example example; ///< the record, or a prompt as a QA question
    int maxPromptTokens = 1024; ///< the length policy for the prompt's context or document
    SamplingOptions sampling;
};

class PlaygroundJob : public BackgroundJob
{
    Q_OBJECT
public:
    enum Side { Base = 0, Adapted = 1 };

    /// `cached` is a model loaded by an earlier job (reused when it is the same folder and dtype).
    PlaygroundJob(PlaygroundRequest request, std::shared_ptr<LlamaModel> cached, QObject *parent = nullptr);
    ~PlaygroundJob() override;

    /// The model the job used (to hand to the next job).
    std::shared_ptr<LlamaModel> model() const;
    /// Stops generating at the next token.
    void cancel();

Q_SIGNALS:
    void promptReady(const QString &promptText, int promptTokens);
    void token(int side, const QString &textDelta);
    void sideFinished(int side, const QString &stopReason, int tokens);

protected:
    void work() override;

private:
    PlaygroundRequest m_request;
    mutable QMutex m_modelMutex;
    std::shared_ptr<LlamaModel> m_model;
    std::atomic_bool m_stop { false };
};

} // namespace medtune::ui
