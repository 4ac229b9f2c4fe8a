#!/usr/bin/env python3
"""Evaluation and sampling throughput of the reference PixelCNN (bench/torch_pixelcnn.py beside it in the
jar, or any script with the same PixelCNN, read_idx_images and nll_nats).

The reference script times training only. This one imports its model, so the architecture is the
reference's own, and times the two other things the project does with a model:

  evaluation  exact NLL of test images, no gradients, batches of --batch
  sampling    the naive sampler: one full-image forward pass per sub-pixel, --batch images together

  python3 torch_eval_sample.py --reference PATH [--h 32] [--blocks 5] [--batch 32] [--threads 2]
                               [--eval 2000] [--sample 32]

Prints one JSON line. Speed does not depend on the weights, so the model is left untrained.
"""
import argparse, importlib.util, json, os, time

import torch


def load_reference(path):
    spec = importlib.util.spec_from_file_location("torch_pixelcnn", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def eval_images_per_s(ref, model, test, batch):
    with torch.no_grad():
        ref.nll_nats(model, test[:batch])  # warm-up
        t = time.perf_counter()
        for i in range(0, test.shape[0], batch):
            ref.nll_nats(model, test[i:i + batch])
    return test.shape[0] / (time.perf_counter() - t)


def sample_images_per_s(model, n, batch, size, gen):
    x = torch.zeros(batch, 1, size[0], size[1], dtype=torch.uint8)
    done = 0
    t = time.perf_counter()
    with torch.no_grad():
        while done < n:
            x.zero_()
            for r in range(size[0]):
                for c in range(size[1]):
                    probs = torch.softmax(model(x)[:, :, r, c], dim=1)
                    x[:, 0, r, c] = torch.multinomial(probs, 1, generator=gen)[:, 0].to(torch.uint8)
            done += batch
    return done / (time.perf_counter() - t)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--reference", required=True)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--h", type=int, default=32)
    p.add_argument("--blocks", type=int, default=5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--eval", type=int, default=2000)
    p.add_argument("--sample", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    ref = load_reference(a.reference)
    model = ref.PixelCNN(a.h, a.blocks).eval()
    test = torch.from_numpy(ref.read_idx_images(os.path.join(a.data, "t10k-images-idx3-ubyte.gz"))[:a.eval].copy())
    out = {"impl": "pytorch-" + torch.__version__, "threads": a.threads, "h": a.h, "blocks": a.blocks,
           "batch": a.batch, "eval_images": int(test.shape[0]),
           "eval_images_per_s": round(eval_images_per_s(ref, model, test, a.batch), 2)}
    if a.sample > 0:
        gen = torch.Generator().manual_seed(a.seed)
        out.update({"sample_images": a.sample, "sample_images_per_s":
                    round(sample_images_per_s(model, a.sample, min(a.batch, a.sample), tuple(test.shape[2:]), gen), 3)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
