"""Checks on files from the public, and the shareable copy of evidence.

A file's type is read from its bytes, never from its name or the browser's
claim: a script renamed `photo.jpg` is refused. Images are decoded fully, so a
file that only starts like a JPEG is refused too. This module imports no Django.
"""

import io
from dataclasses import dataclass

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

# What the public may send: screenshots, photos, documents, short recordings.
ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "audio/x-m4a": ".m4a",
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# Pillow refuses images above this many pixels (decompression bombs).
MAX_PIXELS = 60_000_000


class UploadRefusedError(ValueError):
    """The file cannot be accepted; `reason` is one of REASONS, for the sender."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


REASONS = ("empty", "type", "too_large", "damaged")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def sniff(data: bytes) -> CheckedFile:
    """The file's real type, or `UploadRefusedError` if it is not one we accept."""
    if not data:
        raise UploadRefusedError("empty")
    kind = filetype.guess(data)
    mime = kind.mime if kind is not None else ""
    if mime not in ALLOWED_TYPES:
        raise UploadRefusedError("type")
    if mime in IMAGE_TYPES:
        _check_image(data)
    return CheckedFile(content_type=mime, extension=ALLOWED_TYPES[mime])


def _check_image(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadRefusedError("too_large")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, UploadRefusedError):
            raise
        raise UploadRefusedError("damaged") from None
    except Image.DecompressionBombError:
        raise UploadRefusedError("too_large") from None


def shareable_copy(data: bytes, content_type: str) -> bytes:
    """Bytes safe to pass on: images re-encoded without EXIF, GPS or device data.

    The pixels are kept (turned upright first, since the orientation tag goes
    with the rest of the metadata); other types are returned unchanged.
    """
    if content_type not in IMAGE_TYPES:
        return data
    with Image.open(io.BytesIO(data)) as image:
        frames = getattr(image, "n_frames", 1)
        if frames > 1:
            return _strip_animation(image)
        upright = ImageOps.exif_transpose(image)
        clean = Image.new(upright.mode, upright.size)
        clean.paste(upright)
        palette = upright.getpalette()
        if upright.mode == "P" and palette:
            clean.putpalette(palette)
        out = io.BytesIO()
        fmt = image.format or "PNG"
        options = {"quality": 95} if fmt in {"JPEG", "WEBP"} else {}
        clean.save(out, format=fmt, **options)
        return out.getvalue()


def _strip_animation(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image.format, save_all=True, exif=b"", comment=b"")
    return out.getvalue()
