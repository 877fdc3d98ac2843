// Text generation with a KV cache: batches of left-padded prompts, greedy or sampled
// decoding (temperature, top-k, top-p, repetition penalty), stop on EOS or stop strings,
// seeded, cancellable and streamed token by token. No libtorch in this header.
#pragma once

#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace medtune {

class LlamaModel;
struct GenerationDefaults;

struct SamplingOptions
{
    bool greedy = true; ///< argmax; the sampling fields below are then ignored
    double temperature = 1.0; ///< > 0
    int topK = 0; ///< 0 = no top-k filter
    double topP = 1.0; ///< nucleus mass in (0, 1]; 1 = no filter
    double repetitionPenalty = 1.0; ///< Hugging Face's: >1 discourages tokens already present
    int maxNewTokens = 128;
    QStringList stopStrings; ///< generation stops before any of these
    bool stopAtEos = true;
    uint64_t seed = 0; ///< same seed, prompts and threads: same output

    /// The model folder's generation_config.json settings.
    static SamplingOptions fromDefaults(const GenerationDefaults &defaults);
    /// Throws UsageError for values out of range.
    void validate() const;
};

enum class StopReason { Eos, StopString, MaxTokens, ContextFull, Cancelled };
QString stopReasonName(StopReason reason);

struct GenerationResult
{
    std::vector<int> tokens; ///< generated ids (EOS excluded)
    QString text; ///< decoded, cut before a stop string
    StopReason reason = StopReason::MaxTokens;
    int promptTokens = 0;
};

/// One streamed token: the row of the batch, its id and the text it added.
struct TokenEvent
{
    int row = 0;
    int token = 0;
    QString textDelta;
};
using TokenCallback = std::function<void(const TokenEvent &)>;

/// Generates continuations. Uses the model read-only: several generators may share one
/// model across threads. The callback runs on the calling thread.
class Generator
{
public:
    explicit Generator(std::shared_ptr<const LlamaModel> model);

    /// Continues token-id prompts (each should start with BOS); all rows decode together.
    /// `cancel` is polled before every step: when set, unfinished rows end as Cancelled.
    std::vector<GenerationResult> generate(const std::vector<std::vector<int>> &prompts, const SamplingOptions &options,
                                           const TokenCallback &onToken = {},
                                           const std::atomic_bool *cancel = nullptr) const;
    /// Encodes texts with the model's tokenizer (BOS first) and generates.
    std::vector<GenerationResult> generateText(const QStringList &prompts, const SamplingOptions &options,
                                               const TokenCallback &onToken = {},
                                               const std::atomic_bool *cancel = nullptr) const;

private:
    std::shared_ptr<const LlamaModel> m_model;
};

} // namespace medtune
