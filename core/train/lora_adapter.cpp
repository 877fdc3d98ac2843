#include "train/lora_adapter.h"

#include "model/hub_cache.h"
#include "model/safetensors.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <algorithm>

namespace medtune {
namespace {

// "model.layers.3.self_attn.q_proj" -> "q_proj"
QString moduleLeaf(const std::string &module)
{
    const QString m = QString::fromStdString(module);
    return m.section(u'.', -1);
}

torch::Tensor tensorFrom(const SafetensorsFile &file, const SafetensorsEntry &e)
{
    torch::ScalarType t = torch::kFloat32;
    switch (e.dtype) {
    case TensorDType::F32:
        t = torch::kFloat32;
        break;
    case TensorDType::F16:
        t = torch::kFloat16;
        break;
    case TensorDType::BF16:
        t = torch::kBFloat16;
        break;
    default:
        throw Error(QStringLiteral("%1: tensor %2 has dtype %3; adapters hold floating-point weights")
                        .arg(file.path(), e.name, dtypeName(e.dtype)));
    }
    return torch::from_blob(file.data(e), e.shape, t).to(torch::kFloat32).clone();
}

} // namespace

QString LoraAdapterSet::peftPrefix(const std::string &moduleName)
{
    return QStringLiteral("base_model.model.") + QString::fromStdString(moduleName);
}

std::shared_ptr<LoraAdapterSet> LoraAdapterSet::attach(LlamaModelImpl &model, const LoraConfig &config, uint64_t seed)
{
    config.validate();
    std::shared_ptr<LoraAdapterSet> set(new LoraAdapterSet(model, config));
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto &[name, linear] : model.namedProjections()) {
        if (!config.targetModules.contains(moduleLeaf(name)))
            continue;
        if (linear->adapter)
            throw Error(QStringLiteral("The projection %1 already has an adapter").arg(QString::fromStdString(name)),
                        QStringLiteral("detach the other adapter first"));
        LoraLayer layer(linear->inFeatures(), linear->outFeatures(), config.r, config.alpha, config.dropout,
                        model.device, gen);
        auto adapter = std::make_shared<LoraLinearAdapter>(layer);
        linear->adapter = adapter;
        set->m_entries.push_back({ name, linear, adapter });
    }
    if (set->m_entries.empty())
        throw Error(QStringLiteral("No projection of the model matches the LoRA targets %1")
                        .arg(config.targetModules.join(QStringLiteral(", "))));
    return set;
}

LoraAdapterSet::~LoraAdapterSet() = default;

std::vector<torch::Tensor> LoraAdapterSet::parameters() const
{
    std::vector<torch::Tensor> out;
    for (const Entry &e : m_entries) {
        out.push_back(e.adapter->layer->A);
        out.push_back(e.adapter->layer->B);
    }
    return out;
}

int64_t LoraAdapterSet::parameterCount() const
{
    int64_t n = 0;
    for (const auto &p : parameters())
        n += p.numel();
    return n;
}

void LoraAdapterSet::setTraining(bool on)
{
    for (Entry &e : m_entries)
        e.adapter->layer->train(on);
}

void LoraAdapterSet::save(const QString &dir) const
{
    if (!QDir().mkpath(dir))
        throw Error(QStringLiteral("Cannot create the adapter folder %1").arg(dir));
    std::vector<torch::Tensor> keep; // holds contiguous CPU copies while writing
    std::vector<SafetensorsWriteItem> items;
    for (const Entry &e : m_entries) {
        for (const auto &[suffix, tensor] : { std::pair { ".lora_A.weight", e.adapter->layer->A },
                                              std::pair { ".lora_B.weight", e.adapter->layer->B } }) {
            keep.push_back(tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous());
            const torch::Tensor &t = keep.back();
            items.push_back({ peftPrefix(e.module) + QString::fromLatin1(suffix), TensorDType::F32, t.sizes().vec(),
                              t.data_ptr(), uint64_t(t.numel()) * 4 });
        }
    }
    writeSafetensors(QDir(dir).filePath(QStringLiteral("adapter_model.safetensors")), items,
                     { { QStringLiteral("format"), QStringLiteral("pt") } });
    QSaveFile f(QDir(dir).filePath(QStringLiteral("adapter_config.json")));
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(m_config.toPeftJson()).toJson()) < 0 || !f.commit())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString()),
                    QStringLiteral("check the disk space and permissions"));
}

void LoraAdapterSet::loadValues(const QString &dir, QStringList *warnings)
{
    const QString path = QDir(dir).filePath(QStringLiteral("adapter_model.safetensors"));
    if (!QFileInfo::exists(path))
        throw Error(QStringLiteral("The adapter folder %1 has no adapter_model.safetensors").arg(dir),
                    QStringLiteral("choose a folder written by MedTune Workbench or PEFT's save_pretrained"));
    requireRegularFile(path, QStringLiteral("adapter_model.safetensors"));
    const auto file = SafetensorsFile::open(path);
    // PEFT writes "...lora_A.weight"; some versions keep the adapter name ("lora_A.default.weight").
    QMap<QString, const SafetensorsEntry *> byName;
    for (const SafetensorsEntry &e : file->entries())
        byName.insert(QString(e.name).replace(QStringLiteral(".default.weight"), QStringLiteral(".weight")), &e);

    QStringList missing, misShaped, nonFinite;
    QSet<QString> used;
    torch::NoGradGuard noGrad;
    for (Entry &e : m_entries) {
        for (const auto &[suffix, param] : { std::pair { ".lora_A.weight", e.adapter->layer->A },
                                             std::pair { ".lora_B.weight", e.adapter->layer->B } }) {
            const QString key = peftPrefix(e.module) + QString::fromLatin1(suffix);
            const SafetensorsEntry *entry = byName.value(key);
            if (!entry) {
                missing << key;
                continue;
            }
            used.insert(key);
            if (entry->shape != param.sizes().vec()) {
                QStringList got, want;
                for (auto d : entry->shape)
                    got << QString::number(d);
                for (auto d : param.sizes())
                    want << QString::number(d);
                misShaped << QStringLiteral("%1 is [%2], expected [%3]").arg(key, got.join(u','), want.join(u','));
                continue;
            }
            torch::Tensor p = param;
            p.copy_(tensorFrom(*file, *entry).to(p.device()));
            if (!torch::isfinite(p).all().item<bool>())
                nonFinite << key;
        }
    }
    if (!nonFinite.isEmpty() && warnings)
        *warnings << QStringLiteral("%1: %2 tensor(s) contain NaN or infinite values: %3")
                         .arg(path)
                         .arg(nonFinite.size())
                         .arg(nonFinite.mid(0, 6).join(QStringLiteral(", "))
                              + (nonFinite.size() > 6 ? QStringLiteral(", ...") : QString()));
    QStringList unexpected;
    for (auto it = byName.begin(); it != byName.end(); ++it)
        if (!used.contains(it.key()))
            unexpected << it.key();
    if (!missing.isEmpty() || !misShaped.isEmpty() || !unexpected.isEmpty()) {
        QStringList parts;
        if (!missing.isEmpty())
            parts << QStringLiteral("missing: %1")
                         .arg(missing.mid(0, 6).join(QStringLiteral(", "))
                              + (missing.size() > 6 ? QStringLiteral(" (and %1 more)").arg(missing.size() - 6)
                                                    : QString()));
        if (!misShaped.isEmpty())
            parts << QStringLiteral("wrong shape: %1").arg(misShaped.mid(0, 6).join(QStringLiteral("; ")));
        if (!unexpected.isEmpty())
            parts << QStringLiteral("unexpected: %1")
                         .arg(unexpected.mid(0, 6).join(QStringLiteral(", "))
                              + (unexpected.size() > 6 ? QStringLiteral(" (and %1 more)").arg(unexpected.size() - 6)
                                                       : QString()));
        throw Error(QStringLiteral("The adapter %1 does not fit this base model (%2 layers, hidden %3): %4")
                        .arg(path)
                        .arg(m_model.config.numLayers)
                        .arg(m_model.config.hiddenSize)
                        .arg(parts.join(QStringLiteral("; "))),
                    QStringLiteral("the adapter was probably trained on another base model"));
    }
}

namespace {

// The rank of adapter_config.json against the model and the adapter's weight file, before
// anything is allocated for it (r 10^9 would ask for hundreds of GB).
void checkRank(const LoraConfig &config, const LlamaConfig &model, const QString &configPath,
               const QString &weightsPath)
{
    if (config.r > model.hiddenSize)
        throw Error(QStringLiteral("%1: r is %2, above the bound %3 (the base model's hidden_size)")
                        .arg(configPath)
                        .arg(config.r)
                        .arg(model.hiddenSize),
                    QStringLiteral("the adapter was not made for this base model, or its configuration is damaged"));
    if (!QFileInfo::exists(weightsPath))
        return; // loadValues says so
    requireRegularFile(weightsPath, QStringLiteral("adapter_model.safetensors"));
    const auto file = SafetensorsFile::open(weightsPath);
    // Without a single lora_A the rank cannot be confirmed: nothing is allocated for it.
    if (std::none_of(file->entries().begin(), file->entries().end(),
                     [](const SafetensorsEntry &e) { return e.name.contains(QStringLiteral(".lora_A.")); }))
        throw Error(QStringLiteral("%1 holds no lora_A tensor").arg(weightsPath),
                    QStringLiteral("choose a folder written by MedTune Workbench or PEFT's save_pretrained"));
    for (const SafetensorsEntry &e : file->entries())
        if (e.name.contains(QStringLiteral(".lora_A.")) && e.shape.size() == 2 && e.shape[0] != config.r)
            throw Error(QStringLiteral("%1: r is %2 but %3 in %4 has rank %5")
                            .arg(configPath)
                            .arg(config.r)
                            .arg(e.name, weightsPath)
                            .arg(e.shape[0]),
                        QStringLiteral("adapter_config.json and adapter_model.safetensors must come from the same "
                                       "adapter"));
}

} // namespace

std::shared_ptr<LoraAdapterSet> LoraAdapterSet::load(LlamaModelImpl &model, const QString &folderOrRepoId,
                                                     QStringList *warnings)
{
    // A Hugging Face repo id (ORG/NAME) means its snapshot in the Hub cache.
    const QString dir = resolveModelFolder(folderOrRepoId);
    const QString configPath = QDir(dir).filePath(QStringLiteral("adapter_config.json"));
    if (QFileInfo::exists(configPath))
        requireRegularFile(configPath, QStringLiteral("adapter_config.json"));
    QFile f(configPath);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("Cannot read %1: %2").arg(configPath, f.errorString()),
                    QStringLiteral("an adapter folder holds adapter_config.json and adapter_model.safetensors"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        throw Error(
            QStringLiteral("%1 is not valid JSON: %2 at offset %3").arg(configPath, err.errorString()).arg(err.offset));
    LoraConfig config = LoraConfig::fromPeftJson(doc.object(), configPath, warnings);
    config.inferenceMode = true;
    checkRank(config, model.config, configPath, QDir(dir).filePath(QStringLiteral("adapter_model.safetensors")));
    auto set = attach(model, config, 0);
    try {
        set->loadValues(dir, warnings);
    } catch (...) {
        set->detach();
        throw;
    }
    set->setTraining(false);
    return set;
}

void LoraAdapterSet::mergeIntoBase()
{
    torch::NoGradGuard noGrad;
    for (Entry &e : m_entries) {
        const torch::Tensor delta = e.adapter->layer->mergedDelta(); // (out, in) float32
        // The sum is formed in float32 and rounded once into the base dtype.
        e.linear->weight.copy_((e.linear->weight.to(torch::kFloat32) + delta.to(e.linear->weight.device()))
                                   .to(e.linear->weight.scalar_type()));
    }
    detach();
}

void LoraAdapterSet::detach()
{
    for (Entry &e : m_entries)
        if (e.linear->adapter == e.adapter)
            e.linear->adapter.reset();
    m_entries.clear();
}

} // namespace medtune
