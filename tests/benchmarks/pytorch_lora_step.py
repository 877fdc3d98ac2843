#!/usr/bin/env python3
"""The reference for `medtune-cli bench train`: one LoRA training step at TinyLlama's widths
written the usual way in plain PyTorch (nn.Linear, full (B, T, V) logits, F.cross_entropy
with ignore_index -100), timed the same way (warm-up steps, then the best of the timed
steps). Needs only Debian's python3-torch. Prints one JSON line.

    python3 tests/benchmarks/pytorch_lora_step.py --layers 2 --sequence 512 --threads 2
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LoraLinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        self.base = base
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features).uniform_(-1, 1) / math.sqrt(base.in_features))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        self.scale = alpha / r

    def forward(self, x):
        return self.base(x) + (x.float() @ self.lora_A.t() @ self.lora_B.t() * self.scale).to(x.dtype)


class RMSNorm(nn.Module):
    def __init__(self, n, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * h.to(x.dtype)


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Layer(nn.Module):
    def __init__(self, h, inter, heads, kv_heads, r, alpha):
        super().__init__()
        d = h // heads
        self.heads, self.kv_heads, self.d = heads, kv_heads, d
        self.input_layernorm = RMSNorm(h)
        self.post_attention_layernorm = RMSNorm(h)
        self.q_proj = LoraLinear(nn.Linear(h, h, bias=False), r, alpha)
        self.k_proj = nn.Linear(h, kv_heads * d, bias=False)
        self.v_proj = LoraLinear(nn.Linear(h, kv_heads * d, bias=False), r, alpha)
        self.o_proj = nn.Linear(h, h, bias=False)
        self.gate_proj = nn.Linear(h, inter, bias=False)
        self.up_proj = nn.Linear(h, inter, bias=False)
        self.down_proj = nn.Linear(inter, h, bias=False)

    def forward(self, x, cos, sin, causal):
        b, t, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(b, t, self.heads, self.d).transpose(1, 2)
        k = self.k_proj(h).view(b, t, self.kv_heads, self.d).transpose(1, 2)
        v = self.v_proj(h).view(b, t, self.kv_heads, self.d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.heads // self.kv_heads
        k = k.repeat_interleave(rep, 1)
        v = v.repeat_interleave(rep, 1)
        scores = (q @ k.transpose(-1, -2)).float() / math.sqrt(self.d)
        scores = scores.masked_fill(causal, torch.finfo(torch.float32).min)
        attn = torch.softmax(scores, -1).to(q.dtype) @ v
        x = x + self.o_proj(attn.transpose(1, 2).reshape(b, t, -1))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Model(nn.Module):
    def __init__(self, layers, h=2048, inter=5632, heads=32, kv_heads=4, vocab=32000, r=8, alpha=16):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, h)
        self.layers = nn.ModuleList(Layer(h, inter, heads, kv_heads, r, alpha) for _ in range(layers))
        self.norm = RMSNorm(h)
        self.lm_head = nn.Linear(h, vocab, bias=False)
        self.d = h // heads

    def forward(self, ids):
        b, t = ids.shape
        inv = 1.0 / (10000.0 ** (torch.arange(0, self.d, 2).float() / self.d))
        ang = torch.outer(torch.arange(t).float(), inv)
        emb = torch.cat((ang, ang), -1)
        dtype = self.embed_tokens.weight.dtype
        cos, sin = emb.cos().to(dtype)[None, None], emb.sin().to(dtype)[None, None]
        causal = torch.ones(t, t, dtype=torch.bool).triu(1)
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, cos, sin, causal)
        return self.lm_head(self.norm(x)).float()  # the usual way: logits for every position


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--sequence", type=int, default=512)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--answer-fraction", type=float, default=0.15)
    p.add_argument("--weights", choices=["float32", "bfloat16"], default="float32")
    p.add_argument("--threads", type=int, default=0, help="0 = all cores")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dtype = torch.float32 if a.weights == "float32" else torch.bfloat16
    model = Model(a.layers)
    for n, prm in model.named_parameters():
        if "lora_" not in n:
            prm.requires_grad_(False)
            prm.data = prm.data.normal_(0, 0.02).to(dtype) if prm.dim() == 2 else prm.data.to(dtype)
    trainable = [prm for n, prm in model.named_parameters() if "lora_" in n]
    opt = torch.optim.AdamW(trainable, lr=1e-4)
    ids = torch.randint(3, 32000, (a.batch, a.sequence))
    labels = ids.clone()
    answer = max(1, min(a.sequence - 1, round(a.answer_fraction * a.sequence)))
    labels[:, : a.sequence - answer] = -100

    def step():
        opt.zero_grad()
        logits = model(ids)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)), labels[:, 1:].reshape(-1),
                               ignore_index=-100)
        loss.backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    best = float("inf")
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "layers": a.layers,
                      "sequence_length": a.sequence, "micro_batch": a.batch, "weights": a.weights,
                      "answer_fraction": a.answer_fraction, "step_seconds": best,
                      "tokens_per_s": a.batch * a.sequence / best}))


if __name__ == "__main__":
    main()
