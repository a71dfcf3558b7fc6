"""Make the pictures of the seeded picture questions ("Welke is echt?").

    .venv/bin/python scripts/make_quiz_pictures.py [--out quiz/seed_pictures]

Every picture starts from a photograph that ships with scikit-image and is free
to use: the rocket launch (SpaceX, public domain), astronaut Eileen Collins
(NASA, public domain), the espresso (Rachel Michetti, CC0), Chelsea the cat
(Stefan van der Walt, CC0) and the cameraman (Lav Varshney, CC0); see the
docstrings in skimage.data. Each fake shows one kind of mistake a pupil can
learn to look for. Only numpy and Pillow do the work, with fixed numbers and
no randomness, so two runs write the same bytes (tests/quiz/test_picture_seed.py
checks that, and that the committed files are this script's output).

scikit-image is a test-and-tools dependency: the app never imports this file;
it serves the committed JPEGs.
"""

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from skimage import data

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "quiz" / "seed_pictures"
JPEG_QUALITY = 88


def _rgb(array: np.ndarray) -> Image.Image:
    return Image.fromarray(array).convert("RGB")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own bundled font: no font file from the system, so every machine draws the same.
    return ImageFont.load_default(size=size)


def rocket_real() -> Image.Image:
    return _rgb(data.rocket())


def rocket_cloned() -> Image.Image:
    """The rocket and its launch lights copied once more, pixel for pixel, to the right."""
    image = _rgb(data.rocket())
    patch = image.crop((292, 118, 348, 415))
    # A soft edge, so the copy has no hard box around it; the copy itself is exact.
    mask = Image.new("L", patch.size, 0)
    ImageDraw.Draw(mask).rectangle((8, 8, patch.width - 9, patch.height - 1), fill=255)
    image.paste(patch, (488, 118), mask.filter(ImageFilter.GaussianBlur(4)))
    return image


def astronaut_pasted_face() -> Image.Image:
    """Her own face, mirrored and a little larger, pasted back with a smeared edge."""
    image = _rgb(data.astronaut())
    box = (158, 42, 290, 190)
    face = image.crop(box).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    face = face.resize((142, 158), Image.Resampling.BICUBIC)
    left, top = 153, 38
    w, h = face.size
    mask = Image.new("L", face.size, 0)
    ImageDraw.Draw(mask).ellipse((8, 6, w - 8, h - 6), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(3))
    image.paste(face, (left, top), mask)
    # A face-swap tool blends the seam; here the blend is overdone, as in cheap fakes.
    ring = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(ring)
    draw.ellipse((left - 2, top - 2, left + w + 2, top + h + 2), outline=255, width=16)
    smeared = image.filter(ImageFilter.GaussianBlur(5))
    image.paste(smeared, (0, 0), ring.filter(ImageFilter.GaussianBlur(2)))
    return image


def _sign(text: str, size: tuple[int, int], font_size: int) -> Image.Image:
    sign = Image.new("RGB", size, (244, 240, 228))
    draw = ImageDraw.Draw(sign)
    draw.rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(60, 50, 40), width=3)
    font = _font(font_size)
    box = draw.textbbox((0, 0), text, font=font)
    x = (size[0] - (box[2] - box[0])) // 2 - box[0]
    y = (size[1] - (box[3] - box[1])) // 2 - box[1]
    draw.text((x, y), text, fill=(25, 25, 30), font=font)
    return sign


def coffee_melting_letters() -> Image.Image:
    """A price card on the table whose last letters run down like wax."""
    image = _rgb(data.coffee())
    sign = np.asarray(_sign("ESPRESSO 2,20", (176, 56), 24)).copy()
    height, width, _ = sign.shape
    melted = sign.copy()
    for x in range(width // 3, width - 4):
        # The further right, the more the letters sag; a wave makes drips.
        strength = (x - width // 3) / (width - width // 3)
        drop = round(float(strength * (7 + 5 * np.sin(x / 2.3))))
        if drop <= 0:
            continue
        column = sign[8 : height - 12, x]
        melted[8 + drop : height - 12, x] = np.minimum(
            column[: height - 20 - drop], melted[8 + drop : height - 12, x]
        )
    card = Image.fromarray(melted).filter(ImageFilter.SMOOTH)
    card = card.rotate(-4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(0, 0, 0))
    mask = Image.new("L", (width, height), 255).rotate(-4, expand=True)
    image.paste(card, (410, 330), mask)
    return image


def coffee_wrong_shadow() -> Image.Image:
    """A second shadow of the saucer, thrown towards the window the light comes from."""
    image = _rgb(data.coffee())
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse((14, 24, 420, 338), fill=170)
    saucer = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(saucer)
    draw.ellipse((76, 78, 482, 392), fill=255)
    draw.ellipse((168, 12, 416, 210), fill=255)  # the cup's rim
    draw.rectangle((168, 110, 416, 300), fill=255)
    shadow_arr = np.asarray(shadow.filter(ImageFilter.GaussianBlur(9)), dtype=np.float32)
    # Only on the table: the saucer itself stays lit.
    shadow_arr[np.asarray(saucer) > 0] = 0
    dark = 1.0 - shadow_arr[..., None] / 255.0 * 0.85
    out = np.asarray(image, dtype=np.float32) * dark
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def cat_real() -> Image.Image:
    return _rgb(data.chelsea())


def cat_catchlights() -> Image.Image:
    """A bright reflection added low in one eye only: the light seems to come from two sides."""
    image = _rgb(data.chelsea())
    glint = Image.new("L", image.size, 0)
    ImageDraw.Draw(glint).ellipse((303, 138, 317, 150), fill=255)
    glint = glint.filter(ImageFilter.GaussianBlur(1.5))
    white = Image.new("RGB", image.size, (250, 250, 245))
    image.paste(white, (0, 0), glint)
    return image


def cameraman_mirrored() -> Image.Image:
    """A press card on the tripod, then the whole photo flipped: the text reads backwards."""
    image = _rgb(data.camera())
    card = _sign("PERS", (92, 40), 26)
    image.paste(card, (112, 372))
    return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


PICTURES: dict[str, Callable[[], Image.Image]] = {
    "raket-echt.jpg": rocket_real,
    "raket-kloon.jpg": rocket_cloned,
    "astronaut-geplakt-gezicht.jpg": astronaut_pasted_face,
    "koffie-gesmolten-letters.jpg": coffee_melting_letters,
    "koffie-schaduw.jpg": coffee_wrong_shadow,
    "kat-echt.jpg": cat_real,
    "kat-lichtpuntjes.jpg": cat_catchlights,
    "fotograaf-gespiegeld.jpg": cameraman_mirrored,
}


def make_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in PICTURES.items():
        path = out / name
        # No EXIF, no ICC profile, baseline JPEG: the same bytes on every run.
        make().save(path, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for path in make_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
