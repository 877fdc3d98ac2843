#include "playground_job.h"

#include "model/llama_model.h"
#include "text/prompt_formatter.h"
#include "train/adapter_io.h"
#include "util/compute_devices.h"
#include "util/error.h"

#include <algorithm>

namespace medtune::ui {

PlaygroundJob::PlaygroundJob(PlaygroundRequest request, std::shared_ptr<LlamaModel> cached, QObject *parent)
    : BackgroundJob(QStringLiteral("Playground"), parent)
    , m_request(std::move(request))
    , m_model(std::move(cached))
{
}

PlaygroundJob::~PlaygroundJob()
{
    cancel();
    cancelAndWait();
}

std::shared_ptr<LlamaModel> PlaygroundJob::model() const
{
    QMutexLocker lock(&m_modelMutex);
    return m_model;
}

void PlaygroundJob::cancel()
{
    m_stop = true;
    requestCancel();
}

void PlaygroundJob::work()
{
    const QString weights = resolveDtype(m_request.dtype, m_request.device);
    std::shared_ptr<LlamaModel> model = this->model();
    if (!model || model->folder() != m_request.modelDir || model->deviceName() != m_request.device
        || model->weightType() != parseWeightType(weights)) {
        reportProgress(0, 0, tr("Loading %1").arg(m_request.modelDir));
        QMutexLocker lock(&m_modelMutex);
        m_model.reset(); // free the old one first
        lock.unlock();
        ModelOptions options;
        options.device = m_request.device;
        options.weights = parseWeightType(weights);
        model = LlamaModel::load(m_request.modelDir, options);
        lock.relock();
        m_model = model;
    }
    if (!model->tokenizer())
        throw Error(tr("The model folder %1 has no tokenizer.model").arg(m_request.modelDir));
    detachAdapters(*model); // a cancelled earlier job may have left one
    checkpoint();

    LengthPolicy policy;
    // The prompt and the answer must fit the model's positions.
    policy.maxTokens = std::max(
        32, std::min(m_request.maxPromptTokens, model->config().maxPositions - m_request.sampling.maxNewTokens));
    const PromptFormatter formatter(m_request.templ, model->tokenizer(), policy);
    Example example = m_request.example;
    if (example.answer.isEmpty())
        example.answer = QStringLiteral(" "); // format() needs an answer to place; only the prompt is used
    const FormattedExample formatted = formatter.format(example);
    const QString promptText
        = formatted.skip == FormatSkip::None ? formatted.promptText : formatter.promptText(m_request.example);
    const std::vector<int> ids = formatter.promptIds(promptText);
    Q_EMIT promptReady(promptText, int(ids.size()));

    const Generator generator(model);
    const auto runSide = [&](int side) {
        reportProgress(side, 2,
                       side == Base ? tr("Generating with the base model") : tr("Generating with the adapter"));
        const TokenCallback onToken = [&](const TokenEvent &e) {
            if (isCancelRequested())
                m_stop = true;
            if (!e.textDelta.isEmpty())
                Q_EMIT token(side, e.textDelta);
        };
        const auto results = generator.generate({ ids }, m_request.sampling, onToken, &m_stop);
        Q_EMIT sideFinished(side, stopReasonName(results.front().reason), int(results.front().tokens.size()));
    };
    runSide(Base);
    checkpoint();
    if (m_request.adapterDir.isEmpty())
        return;
    attachAdapter(*model, m_request.adapterDir);
    try {
        runSide(Adapted);
    } catch (...) {
        detachAdapters(*model);
        throw;
    }
    detachAdapters(*model);
    checkpoint();
}

} // namespace medtune::ui
