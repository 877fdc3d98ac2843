// Hugging Face folder loading (single or sharded safetensors, zero-copy when the stored
// dtype is the chosen one) and writing, plus random initialisation.
#include "model/hub_cache.h"
#include "model/llama_model_impl.h"
#include "model/safetensors.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "util/regular_file.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <map>
#include <set>

namespace medtune {
namespace {

torch::Device parseDevice(const QString &name)
{
    try {
        torch::Device d(name.toStdString());
        if (d.is_cuda() && !torch::cuda::is_available())
            throw Error(QStringLiteral("device '%1' requested but this libtorch has no usable CUDA").arg(name),
                        QStringLiteral("use --device cpu, or build against a CUDA libtorch"));
        return d;
    } catch (const c10::Error &) {
        throw UsageError(QStringLiteral("unknown device '%1'").arg(name), QStringLiteral("use cpu or cuda[:N]"));
    }
}

torch::ScalarType chooseDType(WeightType requested, const torch::Device &device)
{
    if (requested != WeightType::Auto)
        return toScalarType(requested);
    if (device.is_cuda() || cpuHasFastBFloat16())
        return torch::kBFloat16;
    return torch::kFloat32;
}

torch::ScalarType toTorch(TensorDType t)
{
    switch (t) {
    case TensorDType::F32:
        return torch::kFloat32;
    case TensorDType::F16:
        return torch::kFloat16;
    case TensorDType::BF16:
        return torch::kBFloat16;
    case TensorDType::I32:
        return torch::kInt32;
    case TensorDType::I64:
        return torch::kInt64;
    }
    return torch::kFloat32;
}

TensorDType fromTorch(torch::ScalarType t)
{
    switch (t) {
    case torch::kFloat16:
        return TensorDType::F16;
    case torch::kBFloat16:
        return TensorDType::BF16;
    default:
        return TensorDType::F32;
    }
}

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t d : shape)
        parts << QString::number(d);
    return u'[' + parts.join(QStringLiteral(", ")) + u']';
}

struct Located
{
    std::shared_ptr<SafetensorsFile> file;
    const SafetensorsEntry *entry = nullptr;
};

// name -> where its bytes are, over model.safetensors or the shards of the index.
std::map<std::string, Located> openWeights(const QDir &dir)
{
    std::vector<QString> files;
    const QString index = dir.filePath(QStringLiteral("model.safetensors.index.json"));
    if (QFileInfo::exists(dir.filePath(QStringLiteral("model.safetensors")))) {
        files.push_back(dir.filePath(QStringLiteral("model.safetensors")));
    } else if (QFileInfo::exists(index)) {
        requireRegularFile(index, QFileInfo(index).fileName());
        QFile f(index);
        if (!f.open(QIODevice::ReadOnly))
            throw Error(QStringLiteral("%1: cannot open: %2").arg(index, f.errorString()));
        const QJsonObject map
            = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("weight_map")).toObject();
        if (map.isEmpty())
            throw Error(QStringLiteral("%1: no weight_map").arg(index), QStringLiteral("the index file is corrupt"));
        std::set<QString> names;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const QString shard = it.value().toString();
            if (shard.isEmpty() || shard.contains(u'/') || shard.contains(QLatin1String("..")))
                throw Error(QStringLiteral("%1: tensor '%2' maps to an invalid file name").arg(index, it.key()));
            names.insert(shard);
        }
        for (const QString &n : names)
            files.push_back(dir.filePath(n));
    } else {
        const bool bin = QFile::exists(dir.filePath(QStringLiteral("pytorch_model.bin")));
        throw Error(QStringLiteral("%1: no model.safetensors or model.safetensors.index.json").arg(dir.path()),
                    bin ? QStringLiteral("pytorch_model.bin is not supported: convert the model to safetensors")
                        : QStringLiteral("download the complete Hugging Face model folder"));
    }
    std::map<std::string, Located> out;
    for (const QString &path : files) {
        requireRegularFile(path, QFileInfo(path).fileName());
        auto file = SafetensorsFile::open(path);
        for (const auto &e : file->entries()) {
            const std::string name = e.name.toStdString();
            if (out.count(name))
                throw Error(
                    QStringLiteral("%1: tensor '%2' also appears in %3").arg(path, e.name, out[name].file->path()));
            out[name] = Located { file, &e };
        }
    }
    return out;
}

// Non-parameter buffers some older exports include; they are recomputed.
bool ignorable(const std::string &name)
{
    return name.find("rotary_emb.inv_freq") != std::string::npos;
}

void writeTextFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, f.errorString()));
}

// Compares config.json with the weight files' headers before anything is allocated, so that
// a hostile or mismatched config (hidden_size 10^4 for a 2048-wide model, 500 layers for 22)
// is refused naming the key, its value and what the weights hold. Returns those sentences.
QStringList configKeyMismatches(const LlamaConfig &config, const std::map<std::string, Located> &found)
{
    QStringList out;
    auto shapeOf = [&](const char *name) -> const std::vector<int64_t> * {
        const auto it = found.find(name);
        return it == found.end() ? nullptr : &it->second.entry->shape;
    };
    if (const auto *embed = shapeOf("model.embed_tokens.weight"); embed && embed->size() == 2) {
        if ((*embed)[0] != config.vocabSize)
            out << QStringLiteral("vocab_size is %1 but model.embed_tokens.weight has %2 rows")
                       .arg(config.vocabSize)
                       .arg((*embed)[0]);
        if ((*embed)[1] != config.hiddenSize)
            out << QStringLiteral("hidden_size is %1 but model.embed_tokens.weight has %2 columns")
                       .arg(config.hiddenSize)
                       .arg((*embed)[1]);
    }
    // Layers the weights hold: the largest N of "model.layers.N." plus one.
    int64_t layers = 0;
    static const std::string prefix = "model.layers.";
    for (const auto &[name, loc] : found) {
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const size_t dot = name.find('.', prefix.size());
        const std::string digits = name.substr(prefix.size(), dot - prefix.size());
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        layers = std::max<int64_t>(layers, std::stoll(digits) + 1);
    }
    if (layers != config.numLayers)
        out << QStringLiteral("num_hidden_layers is %1 but the weights hold %2 layers")
                   .arg(config.numLayers)
                   .arg(layers);
    if (const auto *gate = shapeOf("model.layers.0.mlp.gate_proj.weight");
        gate && gate->size() == 2 && (*gate)[0] != config.intermediateSize)
        out << QStringLiteral("intermediate_size is %1 but model.layers.0.mlp.gate_proj.weight has %2 rows")
                   .arg(config.intermediateSize)
                   .arg((*gate)[0]);
    if (const auto *k = shapeOf("model.layers.0.self_attn.k_proj.weight");
        k && k->size() == 2 && (*k)[0] != int64_t(config.numKvHeads) * config.headDim())
        out << QStringLiteral("num_key_value_heads %1 x head size %2 (hidden_size / num_attention_heads) is %3, but "
                              "model.layers.0.self_attn.k_proj.weight has %4 rows")
                   .arg(config.numKvHeads)
                   .arg(config.headDim())
                   .arg(int64_t(config.numKvHeads) * config.headDim())
                   .arg((*k)[0]);
    return out;
}

} // namespace

std::shared_ptr<LlamaModel> LlamaModel::load(const QString &folderOrRepoId, const ModelOptions &options)
{
    // A Hugging Face repo id (ORG/NAME) means its snapshot in the Hub cache.
    const QString folder = resolveModelFolder(folderOrRepoId);
    const QDir dir(folder);
    if (!dir.exists())
        throw Error(QStringLiteral("model folder %1 does not exist").arg(folder));
    const QString configPath = dir.filePath(QStringLiteral("config.json"));
    const LlamaConfig config = LlamaConfig::fromFile(configPath);
    const torch::Device device = parseDevice(options.device);
    const torch::ScalarType dtype = chooseDType(options.weights, device);
    // The weights' headers first: nothing is allocated for the model until config.json
    // agrees with them (the bounds of validate() keep the expected list itself small).
    std::map<std::string, Located> found = openWeights(dir);
    {
        const QStringList keys = configKeyMismatches(config, found);
        QStringList missing, misShaped, unexpected, badType;
        std::set<std::string> expectedNames;
        for (const auto &[name, shape] : LlamaModelImpl::expectedShapes(config)) {
            expectedNames.insert(name);
            auto it = found.find(name);
            if (it == found.end()) {
                missing << QString::fromStdString(name);
                continue;
            }
            const SafetensorsEntry &e = *it->second.entry;
            if (e.shape != shape)
                misShaped << QStringLiteral("%1 is %2, expected %3").arg(e.name, shapeText(e.shape), shapeText(shape));
            if (e.dtype == TensorDType::I32 || e.dtype == TensorDType::I64)
                badType << QStringLiteral("%1 is %2").arg(e.name, dtypeName(e.dtype));
        }
        for (const auto &[name, loc] : found)
            if (!expectedNames.count(name) && !ignorable(name))
                unexpected << QString::fromStdString(name);
        if (!keys.isEmpty() || !missing.isEmpty() || !misShaped.isEmpty() || !unexpected.isEmpty()
            || !badType.isEmpty()) {
            QStringList parts;
            auto add = [&](const char *label, const QStringList &list) {
                if (list.isEmpty())
                    return;
                QStringList shown = list.mid(0, 12);
                if (list.size() > 12)
                    shown << QStringLiteral("... (%1 more)").arg(list.size() - 12);
                parts << QStringLiteral("%1 %2: %3")
                             .arg(list.size())
                             .arg(QLatin1String(label), shown.join(QStringLiteral(", ")));
            };
            add("missing", missing);
            add("mis-shaped", misShaped);
            add("unexpected", unexpected);
            add("not floating point", badType);
            const QString keyText = keys.isEmpty()
                ? QString()
                : QStringLiteral("%1: %2; ").arg(configPath, keys.join(QStringLiteral("; ")));
            throw Error(QStringLiteral("%1%2: the weights do not match config.json: %3")
                            .arg(keyText, folder, parts.join(QStringLiteral("; "))),
                        QStringLiteral("the weights and config.json must come from the same LlamaForCausalLM model"));
        }
    }

    std::shared_ptr<LlamaModel> model(new LlamaModel);
    model->m_folder = QFileInfo(folder).absoluteFilePath();
    model->m_impl = std::make_unique<LlamaModelImpl>(config, device, dtype);
    model->m_generation = GenerationDefaults::fromFile(dir.filePath(QStringLiteral("generation_config.json")));
    LlamaModelImpl &impl = *model->m_impl;

    // Zero-copy where possible: a CPU tensor over the mapped bytes when the stored dtype is
    // the chosen one; otherwise convert and let the mapped pages go.
    for (auto &[name, slot] : impl.namedWeights()) {
        const Located &loc = found.at(name);
        const SafetensorsEntry &e = *loc.entry;
        char *ptr = loc.file->data(e);
        const torch::ScalarType stored = toTorch(e.dtype);
        auto keepAlive = loc.file;
        const bool aligned = reinterpret_cast<uintptr_t>(ptr) % size_t(dtypeSize(e.dtype)) == 0;
        if (aligned) {
            torch::Tensor view = torch::from_blob(
                ptr, e.shape, [keepAlive](void *) {}, torch::TensorOptions().dtype(stored));
            if (stored == dtype && device.is_cpu()) {
                *slot = view;
            } else {
                *slot = view.to(device, dtype, /*non_blocking=*/false, /*copy=*/true);
                loc.file->release(e);
            }
        } else {
            // Unaligned bytes (legal in the format, rare in practice): copy first.
            torch::Tensor buf = torch::empty(e.shape, torch::TensorOptions().dtype(stored));
            std::memcpy(buf.data_ptr(), ptr, e.end - e.begin);
            *slot = buf.to(device, dtype);
            loc.file->release(e);
        }
    }
    if (config.tieWordEmbeddings)
        impl.lmHead.weight = impl.embed;
    impl.setBaseTrainable(false);
    // NaN or infinite weights make every output NaN: say which tensors hold them.
    {
        torch::NoGradGuard noGrad;
        QStringList bad;
        for (auto &[name, slot] : impl.namedWeights())
            if (!torch::isfinite(*slot).all().item<bool>())
                bad << QString::fromStdString(name);
        if (!bad.isEmpty())
            model->m_warnings << QStringLiteral("%1 tensor(s) of %2 contain NaN or infinite values: %3")
                                     .arg(bad.size())
                                     .arg(folder,
                                          bad.mid(0, 8).join(QStringLiteral(", "))
                                              + (bad.size() > 8 ? QStringLiteral(", ...") : QString()));
    }

    if (options.loadTokenizer && QFile::exists(dir.filePath(QStringLiteral("tokenizer.model"))))
        model->setTokenizer(Tokenizer::load(dir.filePath(QStringLiteral("tokenizer.model"))));
    return model;
}

std::shared_ptr<LlamaModel> LlamaModel::createRandom(const LlamaConfig &config, uint64_t seed,
                                                     const ModelOptions &options)
{
    config.validate(QStringLiteral("model configuration"));
    const torch::Device device = parseDevice(options.device);
    const torch::ScalarType dtype = chooseDType(options.weights, device);
    std::shared_ptr<LlamaModel> model(new LlamaModel);
    model->m_impl = std::make_unique<LlamaModelImpl>(config, device, dtype);
    LlamaModelImpl &impl = *model->m_impl;
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::NoGradGuard noGrad;
    auto shapes = impl.expectedShapes();
    auto weights = impl.namedWeights();
    for (size_t i = 0; i < weights.size(); ++i) {
        const auto &shape = shapes[i].second;
        torch::Tensor t;
        if (shape.size() == 1)
            t = torch::ones(shape, torch::kFloat32);
        else
            t = torch::empty(shape, torch::kFloat32).normal_(0.0, 0.02, gen);
        *weights[i].second = t.to(device, dtype);
    }
    if (config.tieWordEmbeddings)
        impl.lmHead.weight = impl.embed;
    impl.setBaseTrainable(false);
    return model;
}

void LlamaModel::save(const QString &folder, WeightType storeAs) const
{
    if (!QDir().mkpath(folder))
        throw Error(QStringLiteral("cannot create the folder %1").arg(folder));
    const QDir dir(folder);
    LlamaModelImpl &impl = const_cast<LlamaModelImpl &>(*m_impl);
    const torch::ScalarType dtype = storeAs == WeightType::Auto ? impl.dtype : toScalarType(storeAs);

    std::vector<torch::Tensor> keep; // CPU contiguous copies alive until written
    std::vector<SafetensorsWriteItem> items;
    for (auto &[name, t] : impl.namedWeights()) {
        torch::Tensor c = t->detach().to(torch::kCPU, dtype).contiguous();
        keep.push_back(c);
        items.push_back({ QString::fromStdString(name), fromTorch(dtype), c.sizes().vec(), c.data_ptr(),
                          uint64_t(c.numel()) * uint64_t(c.element_size()) });
    }
    writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")), items,
                     { { QStringLiteral("format"), QStringLiteral("pt") } });

    LlamaConfig config = impl.config;
    config.torchDtype = dtype == torch::kBFloat16 ? QStringLiteral("bfloat16")
        : dtype == torch::kFloat16                ? QStringLiteral("float16")
                                                  : QStringLiteral("float32");
    writeTextFile(dir.filePath(QStringLiteral("config.json")),
                  QJsonDocument(config.toJson()).toJson(QJsonDocument::Indented));
    writeTextFile(dir.filePath(QStringLiteral("generation_config.json")),
                  QJsonDocument(m_generation.toJson(config)).toJson(QJsonDocument::Indented));
    if (m_tokenizer) {
        const QString target = dir.filePath(QStringLiteral("tokenizer.model"));
        if (QFileInfo(m_tokenizer->path()).absoluteFilePath() != QFileInfo(target).absoluteFilePath()) {
            QFile src(m_tokenizer->path());
            if (!src.open(QIODevice::ReadOnly))
                throw Error(QStringLiteral("%1: cannot read: %2").arg(m_tokenizer->path(), src.errorString()));
            writeTextFile(target, src.readAll());
        }
    }
}

} // namespace medtune
