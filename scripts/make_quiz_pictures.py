"""Make the pictures of the seeded picture questions ("Welke is echt?") and
write where each edited one was changed (marks.json).

    .venv/bin/python scripts/make_quiz_pictures.py [--out quiz/seed_pictures]

Every picture starts from a photograph that ships with scikit-image and is free
to use (see the docstrings in skimage.data): the rocket launch (SpaceX, public
domain), astronaut Eileen Collins (NASA, public domain), the Hubble eXtreme
Deep Field (NASA, public domain), the espresso (Rachel Michetti, CC0), Chelsea
the cat (Stefan van der Walt, CC0), the cameraman (Lav Varshney, CC0), the
Greek coins (Brooklyn Museum, no known copyright restrictions) and the brick
wall (CC0Textures, CC0). Each edit shows one kind of mistake a pupil can learn
to look for; a few pictures are left as they are, or only saved again and
again, so that "niets" and "zie je niet" can be the right answer too.

Only numpy and Pillow do the work, with fixed numbers and no randomness, so two
runs write the same bytes (tests/quiz/test_picture_seed.py and
tests/quiz/test_pictures.py check that, and that the committed files are this
script's output). Every picture is made at most MAX_SIDE pixels wide and high:
together they stay a few hundred kilobytes.

scikit-image is a test-and-tools dependency: the app never imports this file;
it serves the committed JPEGs and reads marks.json (quiz/pictures.py).
"""

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from skimage import data

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "quiz" / "seed_pictures"
MARKS_FILE = "marks.json"
JPEG_QUALITY = 72
# Big enough to see the edit on a phone and a board, small enough for the repository.
MAX_SIDE = 400

Box = tuple[int, int, int, int]


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


def astronaut_real() -> Image.Image:
    return _rgb(data.astronaut())


def astronaut_teeth() -> Image.Image:
    """Her teeth smudged into one bright strip, as early face swaps drew them."""
    image = _rgb(data.astronaut())
    teeth = (206, 140, 242, 150)
    smudged = image.filter(ImageFilter.GaussianBlur(3)).point(lambda v: min(255, v * 1.1 + 14))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(teeth, radius=4, fill=255)
    image.paste(smudged, (0, 0), mask.filter(ImageFilter.GaussianBlur(1)))
    return image


def astronaut_head_tilted() -> Image.Image:
    """The head turned on the neck, pasted back with a soft edge: the hair on one
    side shows twice and the chin no longer sits straight above the collar."""
    image = _rgb(data.astronaut())
    pivot = (222, 178)  # the chin
    head = image.rotate(9, resample=Image.Resampling.BICUBIC, center=pivot)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse((150, 14, 300, 188), fill=255)
    mask = mask.rotate(9, resample=Image.Resampling.BICUBIC, center=pivot)
    image.paste(head, (0, 0), mask.filter(ImageFilter.GaussianBlur(4)))
    return image


def astronaut_smooth_skin() -> Image.Image:
    """A beauty filter on the face only: skin without pores, next to sharp hair."""
    image = _rgb(data.astronaut())
    smooth = image.filter(ImageFilter.GaussianBlur(2.2)).filter(ImageFilter.SMOOTH_MORE)
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((182, 84, 266, 182), fill=255)
    # The eyes and the mouth stay sharp, as a filter keeps them.
    for eye_or_mouth in ((190, 94, 215, 106), (235, 94, 260, 106), (202, 134, 246, 156)):
        draw.ellipse(eye_or_mouth, fill=0)
    image.paste(smooth, (0, 0), mask.filter(ImageFilter.GaussianBlur(3)))
    return image


def coins_real() -> Image.Image:
    return _rgb(data.coins())


def coins_cloned() -> Image.Image:
    """The coin with the face (third row) copied over a coin in the second row."""
    image = _rgb(data.coins())
    source_centre, target_centre, radius = (212, 192), (103, 126), 26
    sx, sy = source_centre
    patch = image.crop((sx - radius, sy - radius, sx + radius, sy + radius))
    mask = Image.new("L", patch.size, 0)
    ImageDraw.Draw(mask).ellipse((2, 2, 2 * radius - 2, 2 * radius - 2), fill=255)
    tx, ty = target_centre
    image.paste(patch, (tx - radius, ty - radius), mask.filter(ImageFilter.GaussianBlur(1.5)))
    return image


# A part of the deep field with the big spiral galaxy.
DEEP_FIELD_CROP = (40, 230, 640, 650)


def deep_field_real() -> Image.Image:
    return _rgb(data.hubble_deep_field()).crop(DEEP_FIELD_CROP)


def deep_field_cloned() -> Image.Image:
    """The spiral galaxy copied once more, higher up and to the right."""
    image = deep_field_real()
    patch = image.crop((60, 145, 110, 195))
    mask = Image.new("L", patch.size, 0)
    ImageDraw.Draw(mask).ellipse((4, 4, 46, 46), fill=255)
    image.paste(patch, (430, 58), mask.filter(ImageFilter.GaussianBlur(3)))
    return image


def cat_mirrored() -> Image.Image:
    """The whole photo flipped from left to right: nothing in it gives that away."""
    return _rgb(data.chelsea()).transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def rocket_forwarded() -> Image.Image:
    """Nothing edited: only made small and saved badly again and again, as happens
    when a photo is forwarded from app to app. Blocks and smudges, no fake."""
    image = _rgb(data.rocket())
    sizes = ((320, 213), (400, 267), (288, 192))
    for size in sizes:
        out = BytesIO()
        image.resize(size, Image.Resampling.BILINEAR).save(out, "JPEG", quality=18)
        image = Image.open(BytesIO(out.getvalue())).convert("RGB")
    return image.resize((640, 427), Image.Resampling.BILINEAR)


def _melted(sign: np.ndarray, ink_is_light: bool) -> np.ndarray:
    """The right two thirds of a sign's letters sag and drip, like wax."""
    height, width, _ = sign.shape
    melted = sign.copy()
    keep = np.maximum if ink_is_light else np.minimum
    for x in range(width // 3, width - 4):
        strength = (x - width // 3) / (width - width // 3)
        drop = round(float(strength * (9 + 6 * np.sin(x / 2.7))))
        if drop <= 0:
            continue
        column = sign[6 : height - 10, x]
        melted[6 + drop : height - 10, x] = keep(
            column[: height - 16 - drop], melted[6 + drop : height - 10, x]
        )
    return melted


def wall_melted_sign() -> Image.Image:
    """A blue street sign on a brick wall whose last letters run down."""
    wall = Image.fromarray(data.brick()).convert("RGB")
    # Brick-red instead of grey: a colour over the whole photo, not an edit of a spot.
    tinted = np.asarray(wall, dtype=np.float32) * np.array([1.0, 0.62, 0.5], dtype=np.float32)
    image = Image.fromarray(np.clip(tinted * 1.15, 0, 255).astype(np.uint8))
    size = (300, 72)
    sign = Image.new("RGB", size, (22, 64, 140))
    draw = ImageDraw.Draw(sign)
    draw.rounded_rectangle(
        (3, 3, size[0] - 4, size[1] - 4), radius=8, outline=(245, 245, 245), width=3
    )
    font = _font(34)
    box = draw.textbbox((0, 0), "MARKTSTRAAT", font=font)
    x = (size[0] - (box[2] - box[0])) // 2 - box[0]
    y = (size[1] - (box[3] - box[1])) // 2 - box[1]
    draw.text((x, y), "MARKTSTRAAT", fill=(245, 245, 245), font=font)
    melted = Image.fromarray(_melted(np.asarray(sign).copy(), ink_is_light=True))
    image.paste(melted.filter(ImageFilter.SMOOTH), (106, 190))
    return image


def cameraman_real() -> Image.Image:
    return _rgb(data.camera())


def coffee_real() -> Image.Image:
    return _rgb(data.coffee())


@dataclass(frozen=True)
class Picture:
    """A picture to make and, for an edited one, where it was changed.

    `box` is in the pixels of the photo before it is made smaller (None: the
    change is the whole photo, as with mirroring); `mark` says in words what
    was done there, for the ring's text alternative: it follows "In de ring:",
    so it starts with a small letter.
    """

    make: Callable[[], Image.Image]
    mark: str = ""
    box: Box | None = None


PICTURES: dict[str, Picture] = {
    "raket-echt.jpg": Picture(rocket_real),
    "raket-kloon.jpg": Picture(
        rocket_cloned, "de rechter raket is een kopie van de linker.", (482, 112, 552, 420)
    ),
    "raket-doorgestuurd.jpg": Picture(rocket_forwarded),
    "astronaut-echt.jpg": Picture(astronaut_real),
    "astronaut-geplakt-gezicht.jpg": Picture(
        astronaut_pasted_face,
        "rond het gezicht is de rand wazig uitgesmeerd: hier is een gezicht overheen geplakt.",
        (146, 32, 302, 202),
    ),
    "astronaut-tanden.jpg": Picture(
        astronaut_teeth, "de tanden zijn één wazige witte strook geworden.", (196, 132, 252, 158)
    ),
    "astronaut-hoofd-scheef.jpg": Picture(
        astronaut_head_tilted,
        "het hoofd is gedraaid en staat scheef op de hals. Aan één kant zie je het haar dubbel.",
        (140, 8, 312, 196),
    ),
    "astronaut-gladde-huid.jpg": Picture(
        astronaut_smooth_skin,
        "de huid van het gezicht is glad gepoetst. Het haar ernaast is wel scherp.",
        (176, 78, 272, 188),
    ),
    "koffie-echt.jpg": Picture(coffee_real),
    "koffie-gesmolten-letters.jpg": Picture(
        coffee_melting_letters,
        "de letters en cijfers op het kaartje lopen uit, alsof ze smelten.",
        (404, 322, 596, 398),
    ),
    "koffie-schaduw.jpg": Picture(
        coffee_wrong_shadow,
        "deze schaduw valt naar het licht toe. Dat kan niet.",
        (10, 20, 190, 255),
    ),
    "kat-echt.jpg": Picture(cat_real),
    "kat-lichtpuntjes.jpg": Picture(
        cat_catchlights,
        "dit lichtpuntje is erbij gezet. In het andere oog zit het niet.",
        (294, 128, 326, 160),
    ),
    "kat-gespiegeld.jpg": Picture(
        cat_mirrored, "de hele foto is gespiegeld: links en rechts zijn omgedraaid."
    ),
    "fotograaf-echt.jpg": Picture(cameraman_real),
    "fotograaf-gespiegeld.jpg": Picture(
        cameraman_mirrored,
        "de tekst op het kaartje staat in spiegelschrift: de hele foto is omgedraaid.",
        (300, 364, 408, 420),
    ),
    "munten-echt.jpg": Picture(coins_real),
    "munten-kloon.jpg": Picture(
        coins_cloned,
        "deze munt is een kopie van de munt met het gezicht, een rij lager.",
        (73, 96, 133, 156),
    ),
    "heelal-echt.jpg": Picture(deep_field_real),
    "heelal-kloon.jpg": Picture(
        deep_field_cloned,
        "dit sterrenstelsel is een kopie van het grote sterrenstelsel links.",
        (420, 48, 490, 118),
    ),
    "muur-gesmolten-bord.jpg": Picture(
        wall_melted_sign,
        "de letters op het straatnaambord lopen uit, alsof ze smelten.",
        (100, 184, 412, 268),
    ),
}


def _is_grey(image: Image.Image) -> bool:
    pixels = np.asarray(image)
    return bool(
        (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all()
    )


def _smaller(image: Image.Image) -> tuple[Image.Image, float]:
    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale == 1.0:
        return image, scale
    size = (round(image.width * scale), round(image.height * scale))
    return image.resize(size, Image.Resampling.LANCZOS), scale


def make_all(out: Path) -> list[Path]:
    """Write every picture and marks.json; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    marks: dict[str, dict[str, object]] = {}
    for name, picture in PICTURES.items():
        image, scale = _smaller(picture.make())
        if _is_grey(image):
            # One channel instead of three: a black-and-white photo as a smaller file.
            image = image.convert("L")
        path = out / name
        # No EXIF, no ICC profile, baseline JPEG: the same bytes on every run.
        image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        written.append(path)
        if picture.mark:
            box = [round(v * scale) for v in picture.box] if picture.box else None
            marks[name] = {"size": list(image.size), "box": box, "text": picture.mark}
    marks_path = out / MARKS_FILE
    # One picture a line, sorted: a change shows up as one changed line.
    lines = [
        f"  {json.dumps(name)}: {json.dumps(marks[name], ensure_ascii=False, sort_keys=True)}"
        for name in sorted(marks)
    ]
    marks_path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    written.append(marks_path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for path in make_all(args.out):
        print(path)


if __name__ == "__main__":
    main()
