#!/usr/bin/env python3
"""Reference client for a backbone exported by SDR for Tribuo (`sdr export`): feeds images to the .onnx file
following only its metadata (the sdr.* keys) and the steps documented in docs/onnx.md, "Using the exported file
from another tool". Pillow decodes the files; every other step is numpy, written from the documentation.

  python scripts/onnx_client.py embed MODEL.onnx IMAGE_OR_FOLDER... --out emb.npy
  python scripts/onnx_client.py check MODEL.onnx emb.npy [--tolerance 1e-4]

`check` compares the rows that `sdr embed --onnx MODEL.onnx ... --out emb.npy` wrote (the image of each row is named
in emb.paths.txt) with this client's embeddings of the same files, and prints max |diff| and min cosine similarity.
Needs numpy, Pillow and onnxruntime. Not part of the Java build or its tests.
"""
import argparse
import math
import os
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image

PREFIX = "sdr.preprocess."
VERSION = 1
# Every step this client implements, with the value naming the algorithm (docs/onnx.md). A file recording another
# value asks for something this client does not do: it refuses the file rather than guess.
STEPS = {
    "decode": "rgba8",
    "max_side": None,  # a parameter: read from the file
    "background": None,
    "composite": "over-straight-uint8",
    "aspect": "fit-longer-side",
    "reduce": "halve-box-while-over-twice",
    "resize": "bilinear-half-pixel-clamp",
    "pad": "center-floor",
    "pad_value": None,
    "quantize": "round-half-up-uint8",
    "channel_order": "RGB",
    "gray": "replicate",
    "pixel_scale": None,
}
# Files exported before the steps were recorded were made for exactly these (version 1).
IMPLIED = {"max_side": "4096", "background": "255,255,255", "pad_value": "255", "pixel_scale": "255"}
EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


class Contract:
    """What the metadata of one .onnx file says about feeding it."""

    def __init__(self, meta, source):
        if meta.get("sdr.format") != "sdr-backbone":
            raise SystemExit(f"{source}: not an SDR backbone export (no sdr.format = sdr-backbone)")
        if meta.get("sdr.layout") != "NCHW" or meta.get("sdr.channels") != "3":
            raise SystemExit(f"{source}: expected NCHW input with 3 channels, got {meta.get('sdr.layout')} / {meta.get('sdr.channels')}")
        steps = {k[len(PREFIX):]: v for k, v in meta.items() if k.startswith(PREFIX)}
        if not steps:
            print(f"{source}: no {PREFIX}* keys (exported by an earlier build): using the version-1 steps", file=sys.stderr)
            steps = {k: (v if v is not None else IMPLIED[k]) for k, v in STEPS.items()}
            steps["version"] = str(VERSION)
        if int(steps.get("version", "0")) > VERSION:
            raise SystemExit(f"{source}: preprocessing version {steps['version']} is newer than this client's {VERSION}")
        for name, wanted in STEPS.items():
            if name not in steps:
                raise SystemExit(f"{source}: metadata key {PREFIX}{name} is missing")
            if wanted is not None and steps[name] != wanted:
                raise SystemExit(f"{source}: {PREFIX}{name} is '{steps[name]}'; this client implements '{wanted}'")
        self.size = int(meta["sdr.image_size"])
        self.mean = np.array([float(v) for v in meta["sdr.mean"].split(",")], dtype=np.float32)
        self.std = np.array([float(v) for v in meta["sdr.std"].split(",")], dtype=np.float32)
        self.input = meta["sdr.input"]
        self.output = meta["sdr.output"]
        self.max_side = int(steps["max_side"])
        self.background = np.array([int(v) for v in steps["background"].split(",")], dtype=np.int64)
        self.pad_value = float(steps["pad_value"])
        self.pixel_scale = np.float32(float(steps["pixel_scale"]))


def round_half_up(x):
    """floor(x + 0.5), exactly (also for x just below a half, where x + 0.5 would round up in floating point)."""
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def decode_rgba8(path, max_side):
    """decode = rgba8: the file as 8-bit RGBA with straight alpha (Pillow decodes; 16-bit samples are rounded here).
    max_side: a file wider or taller than this is refused, judged from its header before its pixels are decoded."""
    with Image.open(path) as im:
        if im.width > max_side or im.height > max_side:
            raise ValueError(f"{im.width}x{im.height} px is over the {max_side} px limit")
        rawmode = im.tile[0][3] if im.tile and len(im.tile[0]) > 3 else ""
        rawmode = rawmode if isinstance(rawmode, str) else rawmode[0]
        if im.mode in ("RGB", "RGBA") and ";16" in rawmode:
            raise ValueError("16-bit colour PNG: Pillow keeps only the high byte of each sample, not the rounding the "
                             "contract asks for; convert the file to 8 bits first")
        if im.mode.startswith("I"):  # 16-bit gray: (v * 255 + 32767) div 65535
            v = np.asarray(im).astype(np.int64)
            g = ((v * 255 + 32767) // 65535).astype(np.uint8)
            trns = im.info.get("transparency")
            a = np.where(v == trns, 0, 255).astype(np.uint8) if trns is not None else np.full_like(g, 255)
            return np.dstack([g, g, g, a])
        return np.asarray(im.convert("RGBA"))


def composite(rgba, background):
    """composite = over-straight-uint8: (c * a + bg * (255 - a) + 127) div 255 per channel."""
    c = rgba[..., :3].astype(np.int64)
    a = rgba[..., 3:4].astype(np.int64)
    return ((c * a + background * (255 - a) + 127) // 255).astype(np.uint8)


def fit_longer_side(w, h, size):
    """aspect = fit-longer-side: the target width and height."""
    longer = max(w, h)
    return max(1, round_half_up(w * size / longer)), max(1, round_half_up(h * size / longer))


def halve_while_over(rgb, tw, th):
    """reduce = halve-box-while-over-twice, on H x W x 3 uint8."""
    h, w = rgb.shape[:2]
    while w > 2 * tw or h > 2 * th:
        nw = w // 2 if w > 2 * tw else w
        nh = h // 2 if h > 2 * th else h
        fx, fy = w // nw, h // nh
        xa = np.arange(nw) * fx
        xb = np.minimum(xa + fx - 1, w - 1)
        ya = np.arange(nh) * fy
        yb = np.minimum(ya + fy - 1, h - 1)
        v = rgb.astype(np.int64)
        s = v[ya][:, xa] + v[ya][:, xb] + v[yb][:, xa] + v[yb][:, xb]
        rgb = ((s + 2) // 4).astype(np.uint8)
        w, h = nw, nh
    return rgb


def bilinear_axis(n_in, n_out):
    """The two source indices and the weight of the second for each target index (pixel centres, clamped)."""
    scale = n_in / n_out
    s = 0.0 + (np.arange(n_out, dtype=np.float64) + 0.5) * scale - 0.5
    s = np.where(s < 0, 0.0, np.minimum(s, n_in - 1))
    i0 = s.astype(np.int64)
    return i0, np.minimum(i0 + 1, n_in - 1), s - i0


def resize_bilinear(rgb, tw, th):
    """resize = bilinear-half-pixel-clamp: float64 arithmetic in the documented order, result as float32."""
    h, w = rgb.shape[:2]
    src = rgb.astype(np.float64)
    if (w, h) == (tw, th):
        return src.astype(np.float32)
    x0, x1, fx = bilinear_axis(w, tw)
    y0, y1, fy = bilinear_axis(h, th)
    fx = fx[None, :, None]
    fy = fy[:, None, None]
    top = src[y0][:, x0] * (1 - fx) + src[y0][:, x1] * fx
    bottom = src[y1][:, x0] * (1 - fx) + src[y1][:, x1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def preprocess(path, c):
    """One image file -> float32 [3, S, S], every step as the file's metadata names it."""
    rgba = decode_rgba8(path, c.max_side)
    h, w = rgba.shape[:2]
    rgb = composite(rgba, c.background)
    tw, th = fit_longer_side(w, h, c.size)
    rgb = halve_while_over(rgb, tw, th)
    values = resize_bilinear(rgb, tw, th)
    canvas = np.full((c.size, c.size, 3), c.pad_value, dtype=np.float32)  # pad = center-floor
    top, left = (c.size - th) // 2, (c.size - tw) // 2
    canvas[top:top + th, left:left + tw] = values
    pixels = np.clip(np.floor(canvas.astype(np.float64) + 0.5), 0, 255)  # quantize = round-half-up-uint8
    x = pixels.astype(np.float32).transpose(2, 0, 1) / c.pixel_scale  # channel_order = RGB, planes
    inv_std = np.float32(1) / c.std
    return ((x - c.mean[:, None, None]) * inv_std[:, None, None]).astype(np.float32)


def open_model(model):
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    return session, Contract(session.get_modelmeta().custom_metadata_map, model)


def embed_files(session, contract, files, batch=64):
    """Embeddings of the files that could be read, and the (file, reason) pairs of those that could not."""
    rows, kept, skipped = [], [], []
    for f in files:
        try:
            rows.append(preprocess(f, contract))
            kept.append(f)
        except Exception as e:  # one bad file is reported, never fatal
            skipped.append((f, f"{type(e).__name__}: {e}"))
    out = []
    for i in range(0, len(rows), batch):
        out.append(session.run([contract.output], {contract.input: np.stack(rows[i:i + batch])})[0])
    emb = np.concatenate(out) if out else np.zeros((0, 0), dtype=np.float32)
    return emb, kept, skipped


def list_images(inputs):
    """Files as given; a folder: every picture below it (not hidden), in path order, as `sdr embed` reads one."""
    files = []
    for p in inputs:
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names
                          if not n.startswith(".") and os.path.splitext(n)[1].lower() in EXTENSIONS]
            files += sorted(found)
        else:
            files.append(p)
    return files


def cmd_embed(args):
    session, contract = open_model(args.model)
    emb, kept, skipped = embed_files(session, contract, list_images(args.images))
    for f, why in skipped:
        print(f"skipped {f}: {why}", file=sys.stderr)
    np.save(args.out, emb.astype(np.float32))
    with open(os.path.splitext(args.out)[0] + ".paths.txt", "w", encoding="utf-8") as out:
        out.writelines(f + "\n" for f in kept)
    print(f"wrote {len(kept)} embeddings of {emb.shape[1] if emb.size else 0} values to {args.out}")


def cmd_check(args):
    java = np.load(args.npy)
    with open(os.path.splitext(args.npy)[0] + ".paths.txt", encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f]
    if len(paths) != java.shape[0]:
        raise SystemExit(f"{args.npy}: {java.shape[0]} rows but {len(paths)} paths")
    session, contract = open_model(args.model)
    ours, kept, skipped = embed_files(session, contract, paths)
    for f, why in skipped:
        print(f"this client could not read {f}: {why}", file=sys.stderr)
    rows = java[[paths.index(f) for f in kept]].astype(np.float64)
    ours = ours.astype(np.float64)
    diff = np.abs(rows - ours).max(axis=1)
    cos = (rows * ours).sum(axis=1) / (np.linalg.norm(rows, axis=1) * np.linalg.norm(ours, axis=1))
    worst = int(diff.argmax())
    print(f"{len(kept)} images compared ({len(skipped)} unreadable here), embedding width {rows.shape[1]}")
    print(f"max |diff| = {diff.max():.3e} (worst: {kept[worst]}), min cosine = {cos.min():.9f}, "
          f"max |embedding| = {np.abs(rows).max():.3f}")
    if diff.max() > args.tolerance or skipped:
        print(f"FAILED: tolerance {args.tolerance:g}", file=sys.stderr)
        return 1
    print(f"OK: within {args.tolerance:g}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("embed", help="embed image files and folders into a .npy (+ .paths.txt)")
    e.add_argument("model")
    e.add_argument("images", nargs="+")
    e.add_argument("--out", required=True)
    c = sub.add_parser("check", help="compare this client's embeddings with the .npy written by `sdr embed`")
    c.add_argument("model")
    c.add_argument("npy")
    c.add_argument("--tolerance", type=float, default=1e-4)
    args = p.parse_args()
    return cmd_embed(args) if args.command == "embed" else cmd_check(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
