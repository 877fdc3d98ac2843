// Key/value cache for incremental decoding (internal, torch code only): per layer a
// preallocated (B, n_kv_heads, capacity, head_dim) buffer filled from the left.
#pragma once

#include <torch/torch.h>
#include <vector>

namespace medtune {

class LlamaModelImpl;

class KvCache
{
public:
    /// Zeroed buffers for `batch` rows and up to `capacity` positions.
    KvCache(const LlamaModelImpl &model, int64_t batch, int64_t capacity);

    /// Positions already cached (the same for every row; padding is masked, not skipped).
    int64_t length() const { return m_length; }
    int64_t capacity() const { return m_capacity; }
    int64_t batch() const { return m_batch; }
    /// Stores k, v (B, n_kv, T, D) of one layer at [length, length + T) and returns views of
    /// all cached keys and values (B, n_kv, length + T, D). Call advance(T) after all layers.
    std::pair<torch::Tensor, torch::Tensor> store(int layer, const torch::Tensor &k, const torch::Tensor &v);
    void advance(int64_t tokens) { m_length += tokens; }
    void clear() { m_length = 0; }

private:
    std::vector<torch::Tensor> m_k, m_v;
    int64_t m_length = 0;
    int64_t m_capacity = 0;
    int64_t m_batch = 0;
};

} // namespace medtune
