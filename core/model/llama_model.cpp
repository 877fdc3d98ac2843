// The LLaMA forward pass with Hugging Face semantics: float32 RMSNorm, rotate-half RoPE,
// grouped-query attention with causal and padding masks, SiLU-gated MLP, float32 logits.
#include "model/decode_kernels.h"
#include "model/kv_cache.h"
#include "model/llama_model_impl.h"
#include "text/tokenizer.h"
#include "util/cpu_kind.h"
#include "util/error.h"

#include <cmath>
#include <limits>
#include <torch/version.h> // TORCH_VERSION_MAJOR: the fused attention of libtorch 2.x

namespace medtune {

// ---- small helpers ------------------------------------------------------------------

QString weightTypeName(WeightType type)
{
    switch (type) {
    case WeightType::Auto:
        return QStringLiteral("auto");
    case WeightType::Float32:
        return QStringLiteral("float32");
    case WeightType::BFloat16:
        return QStringLiteral("bfloat16");
    case WeightType::Float16:
        return QStringLiteral("float16");
    }
    return {};
}

WeightType parseWeightType(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("auto") || n.isEmpty())
        return WeightType::Auto;
    if (n == QLatin1String("float32") || n == QLatin1String("f32") || n == QLatin1String("fp32"))
        return WeightType::Float32;
    if (n == QLatin1String("bfloat16") || n == QLatin1String("bf16"))
        return WeightType::BFloat16;
    if (n == QLatin1String("float16") || n == QLatin1String("f16") || n == QLatin1String("fp16"))
        return WeightType::Float16;
    throw UsageError(QStringLiteral("unknown weight type '%1'").arg(name),
                     QStringLiteral("use auto, float32 or bfloat16"));
}

bool cpuHasFastBFloat16()
{
    if (const std::optional<bool> forced = fastBFloat16Override()) // MEDTUNE_CPU_FAST_BF16
        return *forced;
    static const bool has
        = cpuSimdFlags().contains(QLatin1String("avx512_bf16")) || cpuSimdFlags().contains(QLatin1String("amx_bf16"));
    return has;
}

torch::ScalarType toScalarType(WeightType type)
{
    switch (type) {
    case WeightType::BFloat16:
        return torch::kBFloat16;
    case WeightType::Float16:
        return torch::kFloat16;
    default:
        return torch::kFloat32;
    }
}

WeightType fromScalarType(torch::ScalarType type)
{
    switch (type) {
    case torch::kBFloat16:
        return WeightType::BFloat16;
    case torch::kFloat16:
        return WeightType::Float16;
    default:
        return WeightType::Float32;
    }
}

// ---- Linear and KV cache ------------------------------------------------------------

torch::Tensor Linear::forward(const torch::Tensor &x) const
{
    // (..., in) x (out, in)^T -> (..., out); decoding's few rows take the bandwidth-bound kernel.
    torch::Tensor y = decodeLinear(x, weight);
    if (!y.defined())
        y = torch::linear(x, weight);
    if (adapter)
        y = adapter->forward(x, y);
    return y;
}

KvCache::KvCache(const LlamaModelImpl &model, int64_t batch, int64_t capacity)
    : m_capacity(capacity)
    , m_batch(batch)
{
    const auto opts = torch::TensorOptions().dtype(model.dtype).device(model.device);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        m_k.push_back(torch::zeros({ batch, model.config.numKvHeads, capacity, model.config.headDim() }, opts));
        m_v.push_back(torch::zeros({ batch, model.config.numKvHeads, capacity, model.config.headDim() }, opts));
    }
}

std::pair<torch::Tensor, torch::Tensor> KvCache::store(int layer, const torch::Tensor &k, const torch::Tensor &v)
{
    const int64_t t = k.size(2);
    if (m_length + t > m_capacity)
        throw Error(
            QStringLiteral("the key/value cache holds %1 positions, %2 were needed").arg(m_capacity).arg(m_length + t));
    torch::NoGradGuard noGrad;
    m_k[size_t(layer)].narrow(2, m_length, t).copy_(k);
    m_v[size_t(layer)].narrow(2, m_length, t).copy_(v);
    return { m_k[size_t(layer)].narrow(2, 0, m_length + t), m_v[size_t(layer)].narrow(2, 0, m_length + t) };
}

// ---- the model ----------------------------------------------------------------------

LlamaModelImpl::LlamaModelImpl(const LlamaConfig &c, torch::Device d, torch::ScalarType t)
    : config(c)
    , device(d)
    , dtype(t)
{
    layers.resize(size_t(c.numLayers));
    buildRope();
}

void LlamaModelImpl::buildRope()
{
    // inv_freq[i] = theta^(-2i / D), i < D/2; angles (P, D/2); the rotate-half layout
    // repeats the D/2 angles: cos/sin (P, D). float32 throughout, as Hugging Face does.
    const int64_t d = config.headDim();
    torch::Tensor invFreq
        = 1.0 / torch::pow(config.ropeTheta, torch::arange(0, d, 2, torch::kLong).to(torch::kFloat32) / double(d));
    torch::Tensor angles
        = torch::outer(torch::arange(0, config.maxPositions, torch::kLong).to(torch::kFloat32), invFreq);
    torch::Tensor emb = torch::cat({ angles, angles }, -1);
    ropeCos = emb.cos().to(device);
    ropeSin = emb.sin().to(device);
}

namespace {

// HF LlamaRMSNorm: normalise in float32, cast back, then scale by the weight.
torch::Tensor rmsNorm(const torch::Tensor &x, const torch::Tensor &weight, double eps)
{
    torch::Tensor h = x.to(torch::kFloat32);
    h = h * torch::rsqrt(h.pow(2).mean(-1, true) + eps);
    return weight * h.to(x.scalar_type());
}

// (..., D) -> (..., D): [-x2, x1] with x1, x2 the two halves.
torch::Tensor rotateHalf(const torch::Tensor &x)
{
    const int64_t half = x.size(-1) / 2;
    return torch::cat({ -x.narrow(-1, half, half), x.narrow(-1, 0, half) }, -1);
}

} // namespace

torch::Tensor LlamaModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                                      bool lastPositionOnly) const
{
    torch::Tensor x = hiddenStates(inputIds, attentionMask, cache);
    if (lastPositionOnly)
        x = x.narrow(1, x.size(1) - 1, 1); // (B, 1, H)
    return logitsFromHidden(x); // (B, T or 1, V)
}

torch::Tensor LlamaModelImpl::logitsFromHidden(const torch::Tensor &hidden) const
{
    return lmHead.forward(rmsNorm(hidden, finalNorm, config.rmsNormEps)).to(torch::kFloat32);
}

namespace {

// One decoder layer as an autograd function that keeps only its input (and, when asked,
// the outputs of the frozen MLP's gate and up projections): the backward pass runs the
// layer again with gradients on, from the random state its forward started with. With the
// MLP outputs kept, only the attention block is run again (about a fifth of the layer's
// matrix products) and the MLP's gradient is taken from the kept outputs.
class CheckpointedLayer : public torch::autograd::Function<CheckpointedLayer>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &x,
                                 at::TensorList trainable, const LlamaModelImpl *model, int64_t index,
                                 const LayerInputs *inputs, bool keepMlpOutputs)
    {
        at::Generator gen = at::globalContext().defaultGenerator(x.device());
        auto rngState = [&gen] {
            std::lock_guard<std::mutex> lock(gen.mutex());
            return gen.get_state();
        };
        ctx->saved_data["rng"] = rngState();
        torch::Tensor y;
        {
            torch::NoGradGuard noGrad;
            if (keepMlpOutputs) {
                const LlamaLayer &layer = model->layers[size_t(index)];
                const torch::Tensor mid = model->attentionBlock(size_t(index), x, *inputs);
                const torch::Tensor h = rmsNorm(mid, layer.postNorm, model->config.rmsNormEps);
                const torch::Tensor g = layer.gate.forward(h), u = layer.up.forward(h);
                ctx->saved_data["rng_mlp"] = rngState();
                y = mid + layer.down.forward(torch::silu(g) * u);
                ctx->saved_data["gate"] = g;
                ctx->saved_data["up"] = u;
            } else {
                y = model->layerForward(size_t(index), x, *inputs);
            }
        }
        ctx->save_for_backward({ x });
        ctx->saved_data["cos"] = inputs->cos;
        ctx->saved_data["sin"] = inputs->sin;
        ctx->saved_data["blocked"] = inputs->blocked;
        ctx->saved_data["fused"] = inputs->fusedMask;
        ctx->saved_data["model"] = int64_t(reinterpret_cast<intptr_t>(model));
        ctx->saved_data["index"] = index;
        ctx->saved_data["trainable"] = int64_t(trainable.size());
        ctx->saved_data["keep_mlp"] = keepMlpOutputs;
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto *model = reinterpret_cast<const LlamaModelImpl *>(intptr_t(ctx->saved_data["model"].toInt()));
        const int64_t index = ctx->saved_data["index"].toInt();
        const LlamaLayer &layer = model->layers[size_t(index)];
        LayerInputs inputs;
        inputs.cos = ctx->saved_data["cos"].toTensor();
        inputs.sin = ctx->saved_data["sin"].toTensor();
        inputs.blocked = ctx->saved_data["blocked"].toTensor();
        const c10::IValue fused = ctx->saved_data["fused"];
        if (fused.isTensor())
            inputs.fusedMask = fused.toTensor();
        const torch::Tensor x = ctx->get_saved_variables()[0].detach().requires_grad_(true);
        const std::vector<torch::Tensor> trainable = model->layerTrainableTensors(size_t(index));
        if (int64_t(trainable.size()) != ctx->saved_data["trainable"].toInt())
            throw Error(QStringLiteral("the trainable tensors of layer %1 changed during a training step").arg(index));
        const torch::Tensor &gradOut = gradOutputs[0];

        // Recomputations run from the forward's random states (dropout); the current state
        // is put back afterwards.
        at::Generator gen = at::globalContext().defaultGenerator(x.device());
        torch::Tensor current;
        {
            std::lock_guard<std::mutex> lock(gen.mutex());
            current = gen.get_state();
        }
        auto setState = [&gen](const torch::Tensor &state) {
            std::lock_guard<std::mutex> lock(gen.mutex());
            gen.set_state(state);
        };

        torch::autograd::variable_list grads;
        if (!ctx->saved_data["keep_mlp"].toBool()) {
            std::vector<torch::Tensor> wrt { x };
            wrt.insert(wrt.end(), trainable.begin(), trainable.end());
            setState(ctx->saved_data["rng"].toTensor());
            torch::Tensor y;
            {
                torch::AutoGradMode enable(true);
                y = model->layerForward(size_t(index), x, inputs);
            }
            setState(current);
            grads = torch::autograd::grad({ y }, wrt, { gradOut }, /*retain_graph=*/false,
                                          /*create_graph=*/false, /*allow_unused=*/true);
        } else {
            // The trainable tensors are the adapters of q, k, v, o (attention) and down, in
            // that order (keepMlpOutputs is only chosen then: see mlpOutputsSuffice).
            std::vector<torch::Tensor> downParams
                = layer.down.adapter ? layer.down.adapter->parameters() : std::vector<torch::Tensor>();
            std::erase_if(downParams, [](const torch::Tensor &t) { return !t.requires_grad(); });
            const std::vector<torch::Tensor> attentionParams(trainable.begin(),
                                                             trainable.end() - long(downParams.size()));
            // 1. The MLP from its kept gate and up outputs: d gate, d up, and down's adapter.
            const torch::Tensor g = ctx->saved_data["gate"].toTensor().detach().requires_grad_(true);
            const torch::Tensor u = ctx->saved_data["up"].toTensor().detach().requires_grad_(true);
            std::vector<torch::Tensor> wrt1 { g, u };
            wrt1.insert(wrt1.end(), downParams.begin(), downParams.end());
            setState(ctx->saved_data["rng_mlp"].toTensor());
            torch::Tensor mlp;
            {
                torch::AutoGradMode enable(true);
                mlp = layer.down.forward(torch::silu(g) * u);
            }
            const torch::autograd::variable_list mlpGrads
                = torch::autograd::grad({ mlp }, wrt1, { gradOut }, false, false, true);
            // d h = d gate W_gate + d up W_up (frozen, no adapters).
            torch::Tensor dh
                = torch::matmul(mlpGrads[0], layer.gate.weight) + torch::matmul(mlpGrads[1], layer.up.weight);
            // 2. The attention block again, and the post-attention norm, from the layer input.
            setState(ctx->saved_data["rng"].toTensor());
            torch::Tensor mid, h;
            {
                torch::AutoGradMode enable(true);
                mid = model->attentionBlock(size_t(index), x, inputs);
                h = rmsNorm(mid, layer.postNorm, model->config.rmsNormEps);
            }
            setState(current);
            std::vector<torch::Tensor> wrt2 { x };
            wrt2.insert(wrt2.end(), attentionParams.begin(), attentionParams.end());
            // The residual carries gradOut straight into mid; the MLP's input gradient enters at h.
            const torch::autograd::variable_list attentionGrads
                = torch::autograd::grad({ mid, h }, wrt2, { gradOut, dh.to(h.scalar_type()) }, false, false, true);
            grads = attentionGrads;
            grads.insert(grads.end(), mlpGrads.begin() + 2, mlpGrads.end());
        }
        // One gradient per forward argument: x, each trainable tensor, then model, index,
        // inputs and keepMlpOutputs.
        for (int i = 0; i < 4; ++i)
            grads.push_back({});
        return grads;
    }
};

} // namespace

std::vector<torch::Tensor> LlamaModelImpl::layerTrainableTensors(size_t index) const
{
    std::vector<torch::Tensor> out;
    const LlamaLayer &l = layers[index];
    for (const torch::Tensor *t : { &l.inputNorm, &l.postNorm })
        if (t->requires_grad())
            out.push_back(*t);
    for (const Linear *p : { &l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down }) {
        if (p->weight.requires_grad())
            out.push_back(p->weight);
        if (p->adapter)
            for (const torch::Tensor &t : p->adapter->parameters())
                if (t.requires_grad())
                    out.push_back(t);
    }
    return out;
}

bool LlamaModelImpl::mlpOutputsSuffice(size_t index) const
{
    const LlamaLayer &l = layers[index];
    if (l.gate.adapter || l.up.adapter)
        return false;
    for (const torch::Tensor *t : { &l.inputNorm, &l.postNorm, &l.q.weight, &l.k.weight, &l.v.weight, &l.o.weight,
                                    &l.gate.weight, &l.up.weight, &l.down.weight })
        if (t->requires_grad())
            return false;
    return true;
}

torch::Tensor LlamaModelImpl::layerForward(size_t index, const torch::Tensor &x, const LayerInputs &in) const
{
    const LlamaLayer &layer = layers[index];
    const torch::Tensor mid = attentionBlock(index, x, in);
    const torch::Tensor h = rmsNorm(mid, layer.postNorm, config.rmsNormEps);
    return mid + layer.down.forward(torch::silu(layer.gate.forward(h)) * layer.up.forward(h));
}

torch::Tensor LlamaModelImpl::attentionBlock(size_t index, const torch::Tensor &xIn, const LayerInputs &in) const
{
    const LlamaLayer &layer = layers[index];
    const int64_t b = xIn.size(0), t = xIn.size(1);
    const int64_t nh = config.numHeads, nkv = config.numKvHeads, hd = config.headDim(), rep = nh / nkv;
    const double scale = 1.0 / std::sqrt(double(hd));
    torch::Tensor x = xIn;
    torch::Tensor h = rmsNorm(x, layer.inputNorm, config.rmsNormEps);
    // (B, T, n * D) -> (B, n, T, D)
    torch::Tensor q = layer.q.forward(h).view({ b, t, nh, hd }).transpose(1, 2);
    torch::Tensor k = layer.k.forward(h).view({ b, t, nkv, hd }).transpose(1, 2);
    torch::Tensor v = layer.v.forward(h).view({ b, t, nkv, hd }).transpose(1, 2);
    q = q * in.cos + rotateHalf(q) * in.sin;
    k = k * in.cos + rotateHalf(k) * in.sin;
    if (in.cache)
        std::tie(k, v) = in.cache->store(int(index), k, v); // (B, n_kv, S, D)
    const int64_t total = k.size(2);

    torch::Tensor attn;
#if TORCH_VERSION_MAJOR >= 2
    if (in.fusedMask.defined()) {
        // libtorch 2.x on a GPU: the fused (flash / memory-efficient) attention kernels,
        // which want as many K/V heads as query heads: kv head h / rep serves query head h.
        const torch::Tensor kx = rep > 1 ? k.repeat_interleave(rep, 1) : k; // (B, n_h, S, D)
        const torch::Tensor vx = rep > 1 ? v.repeat_interleave(rep, 1) : v;
        attn = at::scaled_dot_product_attention(q, kx, vx, in.fusedMask); // (B, n_h, T, D), scale 1/sqrt(D)
        attn = attn.transpose(1, 2).reshape({ b, t, nh * hd }); // (B, T, H)
    }
#endif
    if (!attn.defined()) {
        // Grouped-query attention without repeating K/V: query head h uses kv head h / rep.
        // q (B, n_h, T, D) -> (B, n_kv, rep * T, D); scores (B, n_kv, rep * T, S).
        torch::Tensor qg = q.reshape({ b, nkv, rep * t, hd });
        torch::Tensor scores = torch::matmul(qg, k.transpose(-1, -2)).to(torch::kFloat32) * scale;
        scores = scores.view({ b, nkv, rep, t, total }).masked_fill(in.blocked, std::numeric_limits<float>::lowest());
        torch::Tensor probs = torch::softmax(scores, -1).to(dtype).view({ b, nkv, rep * t, total });
        attn = torch::matmul(probs, v); // (B, n_kv, rep * T, D)
        attn = attn.view({ b, nh, t, hd }).transpose(1, 2).reshape({ b, t, nh * hd }); // (B, T, H)
    }
    return x + layer.o.forward(attn);
}

torch::Tensor LlamaModelImpl::hiddenStates(const torch::Tensor &inputIdsIn, const torch::Tensor &attentionMaskIn,
                                           KvCache *cache, const CheckpointPlan &plan) const
{
    const torch::Tensor inputIds = inputIdsIn.to(device, torch::kLong);
    const int64_t b = inputIds.size(0), t = inputIds.size(1);
    const int64_t past = cache ? cache->length() : 0;
    const int64_t total = past + t;
    const int64_t hd = config.headDim();
    if (cache && cache->batch() != b)
        throw Error(QStringLiteral("the key/value cache was made for %1 rows, not %2").arg(cache->batch()).arg(b));

    // Real-token mask (B, S) and positions (B, T) counted over real tokens only.
    torch::Tensor mask = attentionMaskIn.defined()
        ? attentionMaskIn.to(device, torch::kLong)
        : torch::ones({ b, total }, torch::TensorOptions().dtype(torch::kLong).device(device));
    if (mask.size(0) != b || mask.size(1) != total)
        throw Error(QStringLiteral("attention mask has shape (%1, %2); expected (%3, %4)")
                        .arg(mask.size(0))
                        .arg(mask.size(1))
                        .arg(b)
                        .arg(total));
    torch::Tensor positions = (mask.cumsum(-1) - 1).clamp_min(0).narrow(1, past, t); // (B, T)
    if (positions.max().item<int64_t>() >= config.maxPositions)
        throw Error(QStringLiteral("the sequence is longer than the model's %1 positions").arg(config.maxPositions),
                    QStringLiteral("shorten the prompt or the number of new tokens"));

    LayerInputs in;
    in.cache = cache;
    // allowed (B, 1, 1, T, S): key j visible to query i when j <= past + i and j is real.
    torch::Tensor qIdx
        = torch::arange(past, total, torch::TensorOptions().dtype(torch::kLong).device(device)).view({ t, 1 });
    torch::Tensor kIdx
        = torch::arange(0, total, torch::TensorOptions().dtype(torch::kLong).device(device)).view({ 1, total });
    torch::Tensor allowed = (kIdx <= qIdx).unsqueeze(0) & mask.to(torch::kBool).unsqueeze(1); // (B, T, S)
    allowed = allowed.view({ b, 1, 1, t, total });
    in.blocked = allowed.logical_not();
#if TORCH_VERSION_MAJOR >= 2
    // For the fused attention of libtorch 2.x (true = may attend): every query may also see
    // its own position, so that the rows of padding queries stay finite (they see nothing
    // else, and a row with no key would be NaN; real queries never see padding keys).
    if (device.is_cuda())
        in.fusedMask = allowed.view({ b, 1, t, total }) | (kIdx == qIdx).view({ 1, 1, t, total });
#endif

    // Rotary tables for these positions: (B, 1, T, D) in the activation dtype.
    in.cos = ropeCos.index_select(0, positions.flatten()).view({ b, 1, t, hd }).to(dtype);
    in.sin = ropeSin.index_select(0, positions.flatten()).view({ b, 1, t, hd }).to(dtype);

    const bool checkpoint = plan.enabled && !cache && torch::GradMode::is_enabled();
    torch::Tensor x = embed.index_select(0, inputIds.flatten()).view({ b, t, config.hiddenSize }); // (B, T, H)
    for (size_t li = 0; li < layers.size(); ++li) {
        if (checkpoint) {
            const std::vector<torch::Tensor> trainable = layerTrainableTensors(li);
            if (x.requires_grad() || !trainable.empty()) {
                const bool keepMlp = int(li) < plan.layersKeepingMlpOutputs && mlpOutputsSuffice(li);
                x = CheckpointedLayer::apply(x, at::TensorList(trainable), this, int64_t(li), &in, keepMlp);
                continue;
            }
        }
        x = layerForward(li, x, in);
    }
    if (cache)
        cache->advance(t);
    return x;
}

std::vector<std::pair<std::string, torch::Tensor *>> LlamaModelImpl::namedWeights()
{
    std::vector<std::pair<std::string, torch::Tensor *>> out;
    out.emplace_back("model.embed_tokens.weight", &embed);
    for (size_t i = 0; i < layers.size(); ++i) {
        LlamaLayer &l = layers[i];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        out.emplace_back(p + "input_layernorm.weight", &l.inputNorm);
        out.emplace_back(p + "self_attn.q_proj.weight", &l.q.weight);
        out.emplace_back(p + "self_attn.k_proj.weight", &l.k.weight);
        out.emplace_back(p + "self_attn.v_proj.weight", &l.v.weight);
        out.emplace_back(p + "self_attn.o_proj.weight", &l.o.weight);
        out.emplace_back(p + "post_attention_layernorm.weight", &l.postNorm);
        out.emplace_back(p + "mlp.gate_proj.weight", &l.gate.weight);
        out.emplace_back(p + "mlp.up_proj.weight", &l.up.weight);
        out.emplace_back(p + "mlp.down_proj.weight", &l.down.weight);
    }
    out.emplace_back("model.norm.weight", &finalNorm);
    if (!config.tieWordEmbeddings)
        out.emplace_back("lm_head.weight", &lmHead.weight);
    return out;
}

std::vector<std::pair<std::string, Linear *>> LlamaModelImpl::namedProjections()
{
    std::vector<std::pair<std::string, Linear *>> out;
    for (size_t i = 0; i < layers.size(); ++i) {
        LlamaLayer &l = layers[i];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        out.emplace_back(p + "self_attn.q_proj", &l.q);
        out.emplace_back(p + "self_attn.k_proj", &l.k);
        out.emplace_back(p + "self_attn.v_proj", &l.v);
        out.emplace_back(p + "self_attn.o_proj", &l.o);
        out.emplace_back(p + "mlp.gate_proj", &l.gate);
        out.emplace_back(p + "mlp.up_proj", &l.up);
        out.emplace_back(p + "mlp.down_proj", &l.down);
    }
    out.emplace_back("lm_head", &lmHead);
    return out;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> LlamaModelImpl::expectedShapes() const
{
    return expectedShapes(config);
}

std::vector<std::pair<std::string, std::vector<int64_t>>> LlamaModelImpl::expectedShapes(const LlamaConfig &config)
{
    const int64_t h = config.hiddenSize, kv = int64_t(config.numKvHeads) * config.headDim(),
                  m = config.intermediateSize;
    std::vector<std::pair<std::string, std::vector<int64_t>>> out;
    out.push_back({ "model.embed_tokens.weight", { config.vocabSize, h } });
    for (int i = 0; i < config.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        out.push_back({ p + "input_layernorm.weight", { h } });
        out.push_back({ p + "self_attn.q_proj.weight", { h, h } });
        out.push_back({ p + "self_attn.k_proj.weight", { kv, h } });
        out.push_back({ p + "self_attn.v_proj.weight", { kv, h } });
        out.push_back({ p + "self_attn.o_proj.weight", { h, h } });
        out.push_back({ p + "post_attention_layernorm.weight", { h } });
        out.push_back({ p + "mlp.gate_proj.weight", { m, h } });
        out.push_back({ p + "mlp.up_proj.weight", { m, h } });
        out.push_back({ p + "mlp.down_proj.weight", { h, m } });
    }
    out.push_back({ "model.norm.weight", { h } });
    if (!config.tieWordEmbeddings)
        out.push_back({ "lm_head.weight", { config.vocabSize, h } });
    return out;
}

void LlamaModelImpl::setBaseTrainable(bool trainable)
{
    for (auto &[name, t] : namedWeights())
        t->set_requires_grad(trainable);
    if (config.tieWordEmbeddings)
        lmHead.weight = embed; // keep sharing the same tensor
}

std::pair<torch::Tensor, int64_t> causalLmLossSum(const torch::Tensor &logits, const torch::Tensor &labels)
{
    const int64_t t = logits.size(1);
    // logits[:, :-1] predict labels[:, 1:]
    torch::Tensor l = logits.narrow(1, 0, t - 1).reshape({ -1, logits.size(2) }).to(torch::kFloat32);
    torch::Tensor y = labels.to(logits.device(), torch::kLong).narrow(1, 1, t - 1).reshape({ -1 });
    const int64_t count = (y != -100).sum().item<int64_t>();
    torch::Tensor sum = torch::nn::functional::cross_entropy(
        l, y, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
    return { sum, count };
}

torch::Tensor labelledLossSums(const LlamaModelImpl &model, const torch::Tensor &inputIds,
                               const torch::Tensor &attentionMask, const torch::Tensor &labelsIn,
                               const CheckpointPlan &plan)
{
    const int64_t b = inputIds.size(0), t = inputIds.size(1);
    torch::Tensor sums = torch::zeros({ b }, torch::TensorOptions().dtype(torch::kFloat32).device(model.device));
    if (t < 2)
        return sums;
    const torch::Tensor hidden = model.hiddenStates(inputIds, attentionMask, nullptr, plan); // (B, T, H)
    // Position p predicts label p + 1: the rows (b, p) with labels[b, p + 1] != -100.
    const torch::Tensor next = labelsIn.to(model.device, torch::kLong).narrow(1, 1, t - 1).reshape({ -1 }); // (B(T-1))
    const torch::Tensor rows = (next != -100).nonzero().view({ -1 }); // (N)
    if (rows.numel() == 0)
        return sums + hidden.sum() * 0.0; // keeps the graph (and gradients of zero) intact
    const torch::Tensor picked
        = hidden.narrow(1, 0, t - 1).reshape({ -1, hidden.size(2) }).index_select(0, rows); // (N, H)
    const torch::Tensor perToken = torch::nn::functional::cross_entropy(
        model.logitsFromHidden(picked), next.index_select(0, rows),
        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone)); // (N)
    return sums.index_add(0, torch::div(rows, t - 1, "floor"), perToken);
}

torch::Tensor causalLmLoss(const torch::Tensor &logits, const torch::Tensor &labels)
{
    auto [sum, count] = causalLmLossSum(logits, labels);
    return sum / double(std::max<int64_t>(count, 1));
}

// ---- LlamaModel ---------------------------------------------------------------------

LlamaModel::LlamaModel() = default;
LlamaModel::~LlamaModel() = default;

const LlamaConfig &LlamaModel::config() const
{
    return m_impl->config;
}
const GenerationDefaults &LlamaModel::generationDefaults() const
{
    return m_generation;
}
void LlamaModel::setGenerationDefaults(const GenerationDefaults &defaults)
{
    m_generation = defaults;
}
std::shared_ptr<const Tokenizer> LlamaModel::tokenizer() const
{
    return m_tokenizer;
}
QString LlamaModel::folder() const
{
    return m_folder;
}
QString LlamaModel::deviceName() const
{
    return QString::fromStdString(m_impl->device.str());
}
WeightType LlamaModel::weightType() const
{
    return fromScalarType(m_impl->dtype);
}

void LlamaModel::setTokenizer(std::shared_ptr<const Tokenizer> tokenizer)
{
    if (tokenizer && tokenizer->vocabSize() > m_impl->config.vocabSize)
        throw Error(QStringLiteral("the tokenizer %1 has %2 pieces but the model's vocabulary has %3")
                        .arg(tokenizer->path())
                        .arg(tokenizer->vocabSize())
                        .arg(m_impl->config.vocabSize),
                    QStringLiteral("the tokenizer.model does not belong to this model"));
    m_tokenizer = std::move(tokenizer);
}

int64_t LlamaModel::weightBytes() const
{
    int64_t bytes = 0;
    for (auto &[name, t] : const_cast<LlamaModelImpl &>(*m_impl).namedWeights())
        bytes += t->numel() * int64_t(t->element_size());
    return bytes;
}

} // namespace medtune
