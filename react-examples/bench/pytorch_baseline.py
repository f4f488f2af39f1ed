#!/usr/bin/env python3
"""PyTorch baseline for `react bench`: the same CLIP shapes and work, timed the same way.

Runs with Debian's python3-torch on OpenBLAS (apt-get install python3-torch libopenblas0-pthread; use /usr/bin/python3);
prints one JSON line per bench, with the keys `react bench` prints, so the two can be compared side by side on one machine:

    /usr/bin/python3 react-examples/bench/pytorch_baseline.py encode-image --batch 32 --iters 5
    java -jar react-examples/target/react.jar bench encode-image --batch 32 --iters 5
    /usr/bin/python3 react-examples/bench/pytorch_baseline.py train-step --arch emoji-clip-s --strategy full --batch 64
    java -jar react-examples/target/react.jar bench train-step --arch emoji-clip-s --strategy full --batch 64

Debian's torch calls whatever libblas.so.3 the system provides; without libopenblas0-pthread that is the
reference BLAS, four to ten times slower, which would flatter any comparison. The script refuses to run on it
(--allow-reference-blas overrides) and reports the BLAS it used in every line.
"""
import argparse, json, math, os, resource, sys, time
import torch
from torch import nn


def blas_library():
    """The BLAS library this process actually loaded, from /proc/self/maps after a matrix product."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    seen = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if any(k in name for k in ("blas", "mkl", "lapack")):
                seen.add(os.path.realpath(path))
    for path in sorted(seen):
        low = path.lower()
        if "openblas" in low:
            return "openblas", path
        if "mkl" in low:
            return "mkl", path
    for path in sorted(seen):
        if "libblas" in os.path.basename(path).lower():
            return "reference", path
    config = torch.__config__.show()
    return ("mkl", "built in") if "USE_MKL=ON" in config or "BLAS_INFO=mkl" in config else ("unknown", ", ".join(sorted(seen)) or "none loaded")


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads, mask=None, act=QuickGELU):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), act(), nn.Linear(4 * width, width))
        self.mask = mask

    def forward(self, x):  # x: [tokens, batch, width], as OpenAI's model
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=self.mask)[0]
        return x + self.mlp(self.ln_2(x))


class Gated(Block):
    def __init__(self, width, heads):
        super().__init__(width, heads)
        self.alpha_attn = nn.Parameter(torch.zeros(()))
        self.alpha_dense = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        h = self.ln_1(x)
        x = x + torch.tanh(self.alpha_attn) * self.attn(h, h, h, need_weights=False)[0]
        return x + torch.tanh(self.alpha_dense) * self.mlp(self.ln_2(x))


class Vision(nn.Module):
    def __init__(self, image=224, patch=32, width=768, layers=12, heads=12, embed=512, gated_k=0, act=QuickGELU):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, patch, patch, bias=False)
        self.cls = nn.Parameter(torch.randn(width) * width ** -0.5)
        self.pos = nn.Parameter(torch.randn((image // patch) ** 2 + 1, width) * width ** -0.5)
        self.ln_pre, self.ln_post = nn.LayerNorm(width), nn.LayerNorm(width)
        blocks = []
        for i in range(layers):
            if i >= layers - gated_k:
                blocks.append(Gated(width, heads))
            blocks.append(Block(width, heads, act=act))
        self.blocks = nn.Sequential(*blocks)
        self.proj = nn.Parameter(torch.randn(width, embed) * width ** -0.5)

    def forward(self, x):
        x = self.conv1(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls + torch.zeros(x.shape[0], 1, x.shape[-1]), x], 1) + self.pos
        x = self.blocks(self.ln_pre(x).permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_post(x[:, 0]) @ self.proj


class Text(nn.Module):
    def __init__(self, ctx=77, vocab=49408, width=512, layers=12, heads=8, embed=512, act=QuickGELU):
        super().__init__()
        mask = torch.full((ctx, ctx), float("-inf")).triu_(1)
        self.tok, self.pos = nn.Embedding(vocab, width), nn.Parameter(torch.randn(ctx, width) * 0.01)
        self.blocks = nn.Sequential(*[Block(width, heads, mask, act) for _ in range(layers)])
        self.ln_final, self.proj = nn.LayerNorm(width), nn.Parameter(torch.randn(width, embed) * width ** -0.5)

    def forward(self, ids):
        x = self.blocks((self.tok(ids) + self.pos).permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), ids.argmax(-1)] @ self.proj


def clip_loss(img, txt, scale):
    img, txt = nn.functional.normalize(img, dim=-1), nn.functional.normalize(txt, dim=-1)
    logits = scale * img @ txt.t()
    labels = torch.arange(img.shape[0])
    return (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.t(), labels)) / 2


def random_ids(b, ctx):
    ids = torch.zeros(b, ctx, dtype=torch.long)
    for i in range(b):
        n = min(ctx - 2, 5 + i % 16)
        ids[i, 0], ids[i, 1:n + 1], ids[i, n + 1] = 49406, torch.randint(0, 49406, (n,)), 49407
    return ids


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["encode-image", "encode-text", "train-step"])
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--iters", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--k", type=int, default=6)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--arch", choices=["vit-b-32", "emoji-clip-s"], default="vit-b-32")
    p.add_argument("--strategy", choices=["gated-image", "full"], default="gated-image",
                   help="train-step: REACT's gated step (vit-b-32) or full training of both towers (emoji-clip-s)")
    p.add_argument("--allow-reference-blas", action="store_true", help="run even on the reference BLAS (figures are then meaningless)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    blas, blas_path = blas_library()
    if blas == "reference":
        msg = ("torch runs on the reference BLAS (%s), four to ten times slower than OpenBLAS: "
               "apt-get install libopenblas0-pthread" % blas_path)
        if not a.allow_reference_blas:
            sys.exit("error: " + msg)
        print("WARNING: " + msg, file=sys.stderr)
    if a.what == "train-step" and (a.arch == "emoji-clip-s") != (a.strategy == "full"):
        sys.exit("error: train-step runs gated-image on vit-b-32 and full on emoji-clip-s, but got %s on %s" % (a.strategy, a.arch))
    torch.manual_seed(42)
    b = a.batch
    if a.what == "encode-image":
        model, x = Vision().eval(), torch.rand(b, 3, 224, 224)
        step = lambda: torch.no_grad()(model)(x)
    elif a.what == "encode-text":
        model = Text().eval()
        ids = torch.zeros(b, 77, dtype=torch.long)
        for i in range(b):
            n = 5 + i % 16
            ids[i, 0], ids[i, 1:n + 1], ids[i, n + 1] = 49406, torch.randint(0, 49406, (n,)), 49407
        step = lambda: torch.no_grad()(model)(ids)
    elif a.strategy == "full":
        # Pre-training the small emoji CLIP: both towers train (EmojiClip.small(): 32 px, 8 px patches, width 128,
        # 4 vision / 3 text layers of 2 heads, context 16, CLIP's vocabulary, erf GELU), AdamW as Customizer's.
        vision = Vision(image=32, patch=8, width=128, layers=4, heads=2, embed=128, act=nn.GELU)
        text = Text(ctx=16, width=128, layers=3, heads=2, embed=128, act=nn.GELU)
        scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        x, ids = torch.rand(b, 3, 32, 32), random_ids(b, 16)
        params = list(vision.parameters()) + list(text.parameters()) + [scale]
        opt = torch.optim.AdamW(params, lr=5e-4, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.1)

        def step():
            loss = clip_loss(vision(x), text(ids), scale.exp())
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
    else:
        # REACT's step: frozen tower, gated blocks before the last k layers train; text features fixed.
        model, x = Vision(gated_k=a.k), torch.rand(b, 3, 224, 224)
        for prm in model.parameters():
            prm.requires_grad = False
        for block in model.blocks:
            if isinstance(block, Gated):
                for prm in block.parameters():
                    prm.requires_grad = True
        text = nn.functional.normalize(torch.randn(b, 512), dim=-1)
        opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=5e-4, weight_decay=0.1)
        labels = torch.arange(b)

        def step():
            img = nn.functional.normalize(model(x), dim=-1)
            logits = 100.0 * img @ text.t()
            loss = (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.t(), labels)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
    for _ in range(a.warmup):
        step()
    t, cpu = time.perf_counter(), time.process_time()
    for _ in range(a.iters):
        step()
    s = (time.perf_counter() - t) / a.iters
    cpu_s = (time.process_time() - cpu) / a.iters
    out = {"bench": a.what, "impl": "pytorch " + torch.__version__, "blas": blas, "batch": b, "iters": a.iters, "threads": torch.get_num_threads()}
    if a.what == "train-step":
        out.update(arch=a.arch, strategy=a.strategy)
    if a.what == "encode-image":
        out["images_per_s"] = round(b / s, 3)
    elif a.what == "encode-text":
        out["texts_per_s"] = round(b / s, 3)
    else:
        out.update(seconds_per_step=round(s, 3), cpu_seconds_per_step=round(cpu_s, 3), samples_per_s=round(b / s, 3))
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
