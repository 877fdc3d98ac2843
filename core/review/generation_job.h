// Generation jobs for clinician review: outputs of the base model and/or PEFT adapters over
// a split of workspace datasets (all of it, or a seeded sample stratified by source),
// prompted with the data layer's instruction template, stored into a review session with
// their settings, weight hashes, automatic metrics and the answer-only loss of the
// reference. Runs in the background with progress and cancel. No libtorch in this header.
#pragma once

#include "generate/generation_speed.h"
#include "generate/generator.h"
#include "model/model_config.h"
#include "util/background_job.h"

#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <vector>

namespace medtune {

class Workspace;
class ReviewDatabase;

/// One system of a generation job: the base model (no adapter) or the base with an adapter.
struct GenerationSystem
{
    QString name; ///< system name in the review session
    QString adapterDir; ///< PEFT folder; empty = the base model alone
};

struct GenerationJobSpec
{
    QString modelDir;
    std::vector<GenerationSystem> systems; ///< at least one
    QStringList datasets; ///< dataset ids or names
    QString split = QStringLiteral("test");
    int limit = 0; ///< > 0: a sample of this many items, allocated to sources in proportion
    int perSource = 0; ///< > 0: this many items from each source (not with limit)
    quint64 seed = 1234; ///< sample and sampling seed
    QString session; ///< review session name: extended when it exists, else created
    bool blind = true; ///< a new session's mode
    QString templateName = QStringLiteral("default");
    int maxTokens = 0; ///< prompt + reference (loss) context; 0 = the model's positions, at most 1024
    QString cut = QStringLiteral("tail");
    SamplingOptions sampling;
    int batchSize = 0; ///< prompts decoded together; 0 = auto (chooseGenerationBatch)
    bool referenceLoss = true;
    QString device = QStringLiteral("cpu");
    QString dtype = QStringLiteral("auto");
    int threads = 0; ///< 0 = leave the compute threads as they are

    /// Throws UsageError naming the first bad setting.
    void validate() const;
    /// The generation settings stored with every output (without hashes).
    QJsonObject settingsJson() const;
};

/// The batch size a job uses for `prompts` prompts with this model on this machine: the
/// spec's explicit size, or chooseGenerationBatch from the measurements in `store`
/// (GenerationSpeedStore::defaultPath() when empty); an unreadable store counts as none.
BatchChoice generationBatchFor(const GenerationJobSpec &spec, const LlamaConfig &config, const QString &weights,
                               int threads, int prompts, const QString &store = {});

/// One example chosen for generation.
struct SampledExample
{
    qint64 datasetId = 0;
    QString datasetName;
    qint64 index = 0; ///< record index in the dataset file
    QString exampleId;
    QString source;
};

/// The examples of the spec's split (labelled only, duplicates of an input once), all of
/// them or the stratified sample. Order: by a seeded hash within each source, sources
/// interleaved. Deterministic for a seed; throws Error when nothing is left.
std::vector<SampledExample> selectGenerationExamples(Workspace &workspace, const GenerationJobSpec &spec);

/// SHA-256 (hex) of a model folder's weights, streamed: model.safetensors, or for a sharded
/// model the shards' bytes in file-name order. Throws Error when there are none.
QString modelWeightsHash(const QString &modelDir);
/// SHA-256 (hex) of adapter_model.safetensors in a PEFT folder.
QString adapterWeightsHash(const QString &adapterDir);

struct GenerationJobResult
{
    qint64 sessionId = 0;
    QString sessionName;
    bool createdSession = false; ///< false when the outputs were added to an existing session
    int items = 0; ///< examples selected that fit the context
    QJsonObject skipped; ///< reason -> selected examples left out (too long)
    QJsonObject outputsPerSystem; ///< system name -> outputs stored
    QString modelHash;
    QJsonObject adapterHashes; ///< system name -> adapter hash
    int batchSize = 0; ///< prompts decoded together
    QString batchReason; ///< why: "explicit", or chooseGenerationBatch's reason
    QJsonObject toJson() const;
};

class GenerationJob : public BackgroundJob
{
    Q_OBJECT
public:
    GenerationJob(Workspace &workspace, GenerationJobSpec spec, QObject *parent = nullptr);
    ~GenerationJob() override;

    const GenerationJobSpec &spec() const { return m_spec; }
    /// What has been stored so far (complete after succeeded()).
    GenerationJobResult result() const;
    /// Stores the outputs there (a review server) instead of the workspace; call before start().
    void setReviewDatabase(ReviewDatabase *database) { m_reviewDatabase = database; }

Q_SIGNALS:
    /// After each output is committed.
    void outputStored(qint64 itemId, const QString &system);

protected:
    void work() override;

private:
    Workspace &m_workspace;
    ReviewDatabase *m_reviewDatabase = nullptr;
    GenerationJobSpec m_spec;
    mutable QMutex m_resultMutex;
    GenerationJobResult m_result;
};

} // namespace medtune
