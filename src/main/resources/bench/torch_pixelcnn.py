#!/usr/bin/env python3
"""pixelcnn-spark's PyTorch reference: the same PixelCNN, data and optimiser in one process, which `bench`
measures the project against. It travels inside the jar (bench/torch_pixelcnn.py), so `bench` finds it in
any clone or copy of the jar.

The model is the project's architecture of record (van den Oord et al. 2016): a 7x7 mask-A convolution
from the grey pixel (scaled to [0, 1]) to 2h channels; `blocks` residual blocks, each
ReLU -> 1x1 (2h -> h) -> ReLU -> 3x3 mask-B (h -> h) -> ReLU -> 1x1 (h -> 2h) added to its input; then
ReLU -> 1x1 (2h -> 2h) -> ReLU -> 1x1 (2h -> 256): 256 logits per pixel. h=32, blocks=5: 91,200 parameters.

Training draws minibatches of --batch training images uniformly with replacement (seeded) and takes Adam
steps at learning rate 1e-3 on the mean negative log-likelihood per sub-pixel. Timing: 3 untimed warm-up
steps, then --steps timed ones give train_images_per_s. With --eval N it trains on for --train-seconds
and then scores the first N test images exactly: bits_per_dim = summed NLL in nats / (dims x ln 2).
With --train-images M instead, a fresh model trains on exactly M images (no warm-up or timed steps before
them; the last step is cut to what is left) and reports train_images and the wall time train_seconds
before it scores the --eval test images: the equal-images figure.

  python3 torch_pixelcnn.py [--data DIR] [--h 32] [--blocks 5] [--batch 32] [--threads 2] [--steps 30]
                            [--train-seconds 600 | --train-images 60000] [--eval 10000] [--seed 1]

Prints one JSON line. `bench/torch_eval_sample.py` imports PixelCNN, read_idx_images and nll_nats from
this file (or from any script offering the same three) to time evaluation and sampling.

Needs PyTorch (Debian: python3-torch) and Fashion-MNIST as IDX files (Debian: dataset-fashion-mnist).
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

IDX_IMAGES_MAGIC = 0x00000803
LEVELS = 256  # one softmax over the 256 grey levels of every sub-pixel


def read_idx_images(path):
    """All images of an IDX image file (raw or gzip) as a uint8 array [count, 1, rows, cols]."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    magic, count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in range(0, 16, 4))
    if magic != IDX_IMAGES_MAGIC:
        raise SystemExit(f"{path}: IDX magic 0x{magic:08x}, expected images (0x{IDX_IMAGES_MAGIC:08x})")
    return np.frombuffer(data, dtype=np.uint8, count=count * rows * cols, offset=16).reshape(count, 1, rows, cols)


def causal_mask(kernel, include_centre):
    """1 where a k x k kernel may look: the rows above the centre, and the centre row left of it (mask A),
    or up to and including it (mask B)."""
    mask = torch.zeros(kernel, kernel)
    centre = kernel // 2
    mask[:centre, :] = 1
    mask[centre, :centre + (1 if include_centre else 0)] = 1
    return mask


class MaskedConv2d(nn.Conv2d):
    """A 'same' convolution whose kernel never sees the current pixel's future (or, mask A, itself).
    The mask multiplies the weights in every forward pass, so masked weights get no gradient."""

    def __init__(self, channels_in, channels_out, kernel, mask_type):
        super().__init__(channels_in, channels_out, kernel, padding=kernel // 2)
        self.register_buffer("mask", causal_mask(kernel, mask_type == "B").expand_as(self.weight).clone())

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class ResidualBlock(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.reduce = nn.Conv2d(2 * h, h, 1)
        self.masked = MaskedConv2d(h, h, 3, "B")
        self.expand = nn.Conv2d(h, 2 * h, 1)

    def forward(self, x):
        y = self.reduce(F.relu(x))
        y = self.masked(F.relu(y))
        y = self.expand(F.relu(y))
        return x + y


class PixelCNN(nn.Module):
    """Grayscale PixelCNN: uint8 images [N, 1, H, W] in, logits [N, 256, H, W] out."""

    def __init__(self, h, blocks):
        super().__init__()
        # created in this order on purpose: with the same seed every run starts from the same weights
        self.first = MaskedConv2d(1, 2 * h, 7, "A")
        self.blocks = nn.ModuleList([ResidualBlock(h) for _ in range(blocks)])
        self.hidden = nn.Conv2d(2 * h, 2 * h, 1)
        self.logits = nn.Conv2d(2 * h, LEVELS, 1)

    def forward(self, images):
        x = self.first(images.float() / 255.0)
        for block in self.blocks:
            x = block(x)
        return self.logits(F.relu(self.hidden(F.relu(x))))


def nll_nats(model, images):
    """Summed negative log-likelihood of the images' sub-pixels, in nats."""
    return F.cross_entropy(model(images), images[:, 0].long(), reduction="sum")


class Trainer:
    """Adam on minibatches drawn with replacement from the training images, by a seeded generator."""

    def __init__(self, model, images, batch, seed):
        self.model = model
        self.images = images
        self.batch = batch
        self.optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
        self.draws = torch.Generator().manual_seed(seed)
        self.steps = 0
        self.trained = 0  # images

    def step(self, size=None):
        """One Adam step on --batch images, or on `size` of them."""
        size = size or self.batch
        chosen = torch.randint(0, self.images.shape[0], (size,), generator=self.draws)
        minibatch = self.images[chosen]
        self.optimiser.zero_grad()
        loss = nll_nats(self.model, minibatch) / minibatch.numel()  # mean over sub-pixels
        loss.backward()
        self.optimiser.step()
        self.steps += 1
        self.trained += size

    def train_images(self, count):
        """Steps of --batch images until exactly `count` images are trained, the last step cut to what is left."""
        while self.trained < count:
            self.step(min(self.batch, count - self.trained))


def bits_per_dim(model, images, chunk=256):
    model.eval()
    with torch.no_grad():
        nats = sum(nll_nats(model, images[i:i + chunk]).item() for i in range(0, images.shape[0], chunk))
    return nats / (images.numel() * math.log(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="folder with the IDX files")
    parser.add_argument("--h", type=int, default=32, help="channels in the residual blocks (2h outside)")
    parser.add_argument("--blocks", type=int, default=5, help="residual blocks")
    parser.add_argument("--batch", type=int, default=32, help="images per training step")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="torch CPU threads")
    parser.add_argument("--steps", type=int, default=30, help="timed training steps for the throughput figure")
    parser.add_argument("--train-seconds", type=float, default=0, help="further training before --eval")
    parser.add_argument("--train-images", type=int, default=0,
                        help="instead: train a fresh model on exactly this many images before --eval (0: no)")
    parser.add_argument("--eval", type=int, default=0, help="test images to score after training (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.train_images > 0 and args.train_seconds > 0:
        parser.error("--train-images and --train-seconds are two budgets: give one")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = torch.from_numpy(read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz")).copy())
    model = PixelCNN(args.h, args.blocks)
    trainer = Trainer(model, train, args.batch, args.seed)

    result = {"impl": "pytorch-" + torch.__version__, "reference": "pixelcnn-spark", "threads": args.threads,
              "h": args.h, "blocks": args.blocks, "batch": args.batch,
              "params": sum(p.numel() for p in model.parameters())}
    if args.train_images > 0:
        # equal images: nothing trains before them, so the model has seen exactly --train-images
        start = time.perf_counter()
        trainer.train_images(args.train_images)
        seconds = time.perf_counter() - start
        result.update({"train_images": trainer.trained, "train_seconds": round(seconds, 2),
                       "train_steps": trainer.steps, "train_images_per_s": round(trainer.trained / seconds, 2)})
    else:
        for _ in range(3):  # warm-up: oneDNN picks and compiles its kernels on the first passes
            trainer.step()
        start = time.perf_counter()
        for _ in range(args.steps):
            trainer.step()
        result["train_images_per_s"] = round(args.steps * args.batch / (time.perf_counter() - start), 2)
        if args.eval > 0:
            deadline = time.perf_counter() + args.train_seconds
            while time.perf_counter() < deadline:
                trainer.step()
            result.update({"train_seconds": args.train_seconds, "train_steps": trainer.steps})

    if args.eval > 0:
        test = torch.from_numpy(read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))[:args.eval].copy())
        result.update({"test_images": int(test.shape[0]), "bits_per_dim": round(bits_per_dim(model, test), 4)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
