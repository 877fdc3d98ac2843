// The libtorch side of LlamaModel, for torch translation units only (model, generation,
// evaluation, training). Not to be included by GUI or CLI code.
//
// LoRA hooks in through Linear::adapter: every projection (q/k/v/o/gate/up/down, and the
// LM head) is a Linear whose frozen base weight stays untouched; an adapter receives the
// projection's input and the base output and returns the adapted output.
#pragma once

#include "model/llama_model.h"

#include <memory>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace medtune {

class KvCache;

/// Extra computation attached to a projection (e.g. LoRA: base + scale * B(A(x))).
class LinearAdapter
{
public:
    virtual ~LinearAdapter() = default;
    /// x: (..., in) in the activation dtype; baseOutput: (..., out) = x W^T. Returns (..., out)
    /// in baseOutput's dtype.
    virtual torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &baseOutput) = 0;
    /// The tensors it trains (requires_grad), for activation checkpointing.
    virtual std::vector<torch::Tensor> parameters() const { return {}; }
};

/// A bias-free linear projection y = x W^T with an optional adapter.
class Linear
{
public:
    torch::Tensor weight; ///< (out_features, in_features), frozen base weight
    std::shared_ptr<LinearAdapter> adapter;

    torch::Tensor forward(const torch::Tensor &x) const;
    int64_t inFeatures() const { return weight.size(1); }
    int64_t outFeatures() const { return weight.size(0); }
};

struct LlamaLayer
{
    torch::Tensor inputNorm; ///< (hidden) input_layernorm.weight
    torch::Tensor postNorm; ///< (hidden) post_attention_layernorm.weight
    Linear q, k, v, o; ///< self_attn.{q,k,v,o}_proj
    Linear gate, up, down; ///< mlp.{gate,up,down}_proj
};

/// What the decoder layers of one forward pass share: rotary tables for its positions
/// (B, 1, T, D), the blocked-key mask (B, 1, 1, T, S) and, for fused GPU attention, the
/// allowed-key mask; the cache when decoding.
struct LayerInputs
{
    torch::Tensor cos, sin, blocked, fusedMask;
    KvCache *cache = nullptr;
};

/// Activation checkpointing for a training pass (see LlamaModelImpl::hiddenStates).
struct CheckpointPlan
{
    bool enabled = false;
    /// Layers 0..N-1 also keep the outputs of their frozen MLP's gate and up projections
    /// (2 x intermediate values per token), so that the backward pass runs only their
    /// attention block again; the other layers run again whole. Layers with adapters on
    /// gate or up, or trainable base weights, always run again whole.
    int layersKeepingMlpOutputs = 0;
};

class LlamaModelImpl
{
public:
    LlamaModelImpl(const LlamaConfig &config, torch::Device device, torch::ScalarType dtype);

    LlamaConfig config;
    torch::Device device;
    torch::ScalarType dtype; ///< of the base weights and activations

    torch::Tensor embed; ///< (vocab, hidden) model.embed_tokens.weight
    std::vector<LlamaLayer> layers;
    torch::Tensor finalNorm; ///< (hidden) model.norm.weight
    Linear lmHead; ///< (vocab, hidden) lm_head.weight; shares embed when tied

    /// Logits (B, T, vocab) float32 for token ids (B, T) int64.
    /// attentionMask: (B, past + T) with 1 for real tokens and 0 for padding, or undefined
    /// (all real). Positions are counted over real tokens (left padding is skipped), as
    /// Hugging Face does. With a cache, the new tokens' keys/values are appended to it.
    /// Differentiable: autograd flows into adapters and any weight with requires_grad.
    /// lastPositionOnly: logits of the last position only, (B, 1, vocab), as decoding needs.
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                          KvCache *cache = nullptr, bool lastPositionOnly = false) const;

    /// The hidden states (B, T, H) after the last decoder layer, before the final norm.
    /// plan: activation checkpointing, when gradients are wanted: each layer keeps only its
    /// input (and, per the plan, its MLP's gate and up outputs) and is computed again in the
    /// backward pass (with the random state of its forward, so dropout draws the same
    /// masks): the same gradients for a fraction of the memory. Not with a cache.
    torch::Tensor hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                               KvCache *cache = nullptr, const CheckpointPlan &plan = {}) const;
    /// Final norm and LM head: hidden (..., H) -> logits (..., V) float32.
    torch::Tensor logitsFromHidden(const torch::Tensor &hidden) const;
    /// Decoder layer `index` on x (B, T, H).
    torch::Tensor layerForward(size_t index, const torch::Tensor &x, const LayerInputs &inputs) const;
    /// Its first half: x + o(attention(norm(x))).
    torch::Tensor attentionBlock(size_t index, const torch::Tensor &x, const LayerInputs &inputs) const;
    /// Whether layer `index` can be checkpointed keeping its MLP outputs (no adapters on
    /// gate or up, no trainable base weights).
    bool mlpOutputsSuffice(size_t index) const;
    /// The tensors of layer `index` that require gradients (adapter parameters, and base
    /// weights made trainable).
    std::vector<torch::Tensor> layerTrainableTensors(size_t index) const;

    /// Every weight under its Hugging Face name (lm_head.weight absent when tied), in
    /// file order: embed, layers, norm, head.
    std::vector<std::pair<std::string, torch::Tensor *>> namedWeights();
    /// Every projection under its Hugging Face module name, e.g.
    /// "model.layers.3.self_attn.q_proj", "model.layers.3.mlp.down_proj".
    std::vector<std::pair<std::string, Linear *>> namedProjections();
    /// Expected shape of every weight name (for validation when loading).
    std::vector<std::pair<std::string, std::vector<int64_t>>> expectedShapes() const;
    /// The same for a configuration alone (nothing allocated): what a weight file must hold.
    static std::vector<std::pair<std::string, std::vector<int64_t>>> expectedShapes(const LlamaConfig &config);
    /// Sets requires_grad on all base weights (false = frozen, the default).
    void setBaseTrainable(bool trainable);

    /// Rotary tables (maxPositions, head_dim) float32 on the device, rotate-half layout.
    torch::Tensor ropeCos, ropeSin;
    void buildRope();
};

/// Per-row sums (B,) float32 of next-token cross-entropy at the labelled positions only:
/// the hidden states of the positions whose next label is not -100 are gathered first,
/// and only they go through the final norm, the LM head and the cross-entropy (answer-only
/// logits: (N, V) for N labelled positions instead of (B, T, V)). Equals rowLossSums of
/// the full logits. ids, mask, labels (B, T); differentiable like forward().
torch::Tensor labelledLossSums(const LlamaModelImpl &model, const torch::Tensor &inputIds,
                               const torch::Tensor &attentionMask, const torch::Tensor &labels,
                               const CheckpointPlan &plan = {});

/// Mean cross-entropy of next-token prediction: logits (B, T, V) predict labels shifted
/// by one (labels[:, t + 1]); labels equal to -100 are ignored. Hugging Face semantics.
torch::Tensor causalLmLoss(const torch::Tensor &logits, const torch::Tensor &labels);
/// Summed loss and the count of counted tokens (for exact means over batches).
std::pair<torch::Tensor, int64_t> causalLmLossSum(const torch::Tensor &logits, const torch::Tensor &labels);

torch::ScalarType toScalarType(WeightType type);
WeightType fromScalarType(torch::ScalarType type);

} // namespace medtune
