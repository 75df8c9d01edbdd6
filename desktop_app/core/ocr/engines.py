"""Who reads a page image: the OCR NIM, or a local engine (RapidOCR's ONNX models, Tesseract).

``OcrJob`` is what an extraction worker is told (picklable: plain settings values and the
endpoint); ``open_engine`` turns it into an engine there. Every engine reads a list of page
images and answers, per page, its ``PageText`` or the exception that page failed with, so one
bad page never costs the others. ``EngineDown`` says the whole engine is unusable now (the NIM
is down): ``auto`` then falls back to the local engine for the rest of the file.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from desktop_app.core.errors import NimError, NimUnavailableError
from desktop_app.core.nim.breaker import Breakers, trips_breaker
from desktop_app.core.nim.endpoints import ClientOptions, Endpoint
from desktop_app.core.ocr.images import encode_to_fit
from desktop_app.core.ocr.line_scale import capped, crop_size, line_upscale
from desktop_app.core.ocr.reading_order import Box, page_lines
from desktop_app.core.ocr.tesseract_program import find_tesseract

if TYPE_CHECKING:
    from PIL import Image

    from desktop_app.core.nim.ocr import Detection, OcrClient

__all__ = [
    "RAPIDOCR_LANGUAGES",
    "EngineDown",
    "NoEngine",
    "OcrEngine",
    "OcrJob",
    "PageText",
    "describe_engine",
    "local_engine_name",
    "local_languages",
    "open_engine",
    "open_local",
    "rapidocr_available",
    "tesseract_languages",
]

# RapidOCR's ONNX wheel ships the PP-OCR Chinese + English models, nothing else.
RAPIDOCR_LANGUAGES = frozenset({"eng", "chi_sim"})
_NIM_KEYS = (
    "nim.connect_timeout",
    "nim.read_timeout",
    "nim.max_retries",
    "nim.interactive_timeout",
    "nim.verify_tls",
    "nim.ca_bundle",
    "nim.plain_http_auth_hosts",
)


@dataclass(frozen=True)
class OcrJob:
    """How to OCR: the engine choice, the OCR NIM (None: not configured) and page settings."""

    engine: str = "auto"
    endpoint: Endpoint | None = None
    route: str = "auto"
    batch_size: int = 4
    dpi: int = 200
    languages: tuple[str, ...] = ("eng",)
    timeout_s: float = 600.0
    memory_mb: int = 3072  # the extraction worker's address-space cap while it OCRs (0: same)
    nim: dict[str, Any] = field(default_factory=dict, compare=False)  # the nim.* settings
    # The page-elements and table-structure NIMs (None: PDF tables stay plain text).
    tables: tuple[Endpoint, Endpoint] | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        endpoint: Endpoint | None,
        tables: tuple[Endpoint, Endpoint] | None = None,
    ) -> OcrJob:
        """The job the ``ocr.*`` and ``nim.*`` settings describe."""
        return cls(
            engine=settings["ocr.engine"],
            endpoint=endpoint,
            tables=tables,
            route=settings["ocr.route"],
            batch_size=settings["ocr.batch_size"],
            dpi=settings["ocr.dpi"],
            languages=tuple(settings["ocr.languages"]) or ("eng",),
            timeout_s=settings["ocr.timeout"],
            memory_mb=settings["ocr.memory_mb"],
            nim={key: settings[key] for key in _NIM_KEYS},
        )

    def nim_key(self) -> tuple[tuple[str, str], ...]:
        """The ``nim.*`` settings as a hashable key (a worker keeps one client per setup)."""
        return tuple(sorted((k, repr(v)) for k, v in self.nim.items()))

    def client_options(self) -> ClientOptions:
        """Client options from the ``nim.*`` settings, with the worker's own breakers."""
        breakers = Breakers()
        if self.nim:
            return ClientOptions.from_settings(self.nim, breakers=breakers)
        return ClientOptions(breakers=breakers)


@dataclass(frozen=True)
class PageText:
    """What an engine read on one page, and its mean confidence (0-1; None: not told)."""

    text: str
    confidence: float | None = None
    boxes: tuple[Box, ...] = ()  # each line of ``text``'s box on the image (0-1), when known
    # What it was read from: each piece of text and its box on the page (tables are built
    # from them, ``ingest/pdf_tables.py``).
    detections: tuple[Detection, ...] = ()


class EngineDown(Exception):
    """The engine cannot read anything now (the OCR NIM is down or unreachable)."""


class OcrEngine(Protocol):
    """Reads page images; one answer (text or the page's error) per image, in order.
    ``languages``: what it reads (Tesseract codes), None when it reads them all."""

    name: str
    languages: frozenset[str] | None

    def read(self, images: Sequence[Image.Image]) -> list[PageText | Exception]: ...

    def close(self) -> None: ...


def _mean(detections: Sequence[Detection]) -> float | None:
    return sum(d.confidence for d in detections) / len(detections) if detections else None


def _page(detections: Sequence[Detection]) -> PageText:
    """A page's text in reading order, its mean confidence and its lines' boxes."""
    lines = page_lines(detections)
    return PageText(
        "\n".join(text for text, _ in lines),
        _mean(detections),
        tuple(box for _, box in lines),
        tuple(detections),
    )


# One long-lived client (and breaker) per OCR endpoint in an extraction worker process, kept
# across its files: once the OCR NIM is found down, the next files go to the local engine at
# once instead of each waiting through retries; the breaker's readiness probe, on this same
# client, closes it when the NIM is back.
_CLIENTS: dict[tuple[Any, ...], OcrClient] = {}


def _client(job: OcrJob, endpoint: Endpoint) -> OcrClient:
    key = (endpoint, endpoint.api_key, job.route, job.batch_size, job.nim_key())
    client = _CLIENTS.get(key)
    if client is None:
        options = job.client_options()
        from desktop_app.core.nim.ocr import OcrClient  # the HTTP stack: only for an OCR NIM

        client = OcrClient(endpoint, options, route=job.route, batch_size=job.batch_size)
        _CLIENTS[key] = client
    return client


class NimEngine:
    """The OCR NIM: pages sized to its cap, sent in batches, boxes put in reading order."""

    name = "OCR NIM"

    def __init__(self, job: OcrJob, endpoint: Endpoint) -> None:
        self.client = _client(job, endpoint)
        self.name = f"OCR NIM ({endpoint.model})"
        # nemotron-ocr-v1 (nemoretriever-ocr-v1) reads English only; v2 is multilingual.
        english_only = "ocr-v1" in endpoint.model.lower()
        self.languages: frozenset[str] | None = frozenset({"eng"}) if english_only else None

    def read(self, images: Sequence[Image.Image]) -> list[PageText | Exception]:
        encoded = [encode_to_fit(image, self.client.max_b64_chars) for image in images]
        try:
            found = self.client.read(encoded)
        except NimError as exc:
            if trips_breaker(exc) or isinstance(exc, NimUnavailableError):
                raise EngineDown(str(exc)) from exc
            if len(encoded) == 1:
                return [exc]
            # One refused page (a 422) must not fail its batch mates: ask for each alone.
            out: list[PageText | Exception] = []
            for image in images:
                out.extend(self.read([image]))
            return out
        return [_page(d) for d in found]

    def close(self) -> None:
        pass  # the client lives as long as the worker process (_CLIENTS)


@functools.cache
def rapidocr_available() -> bool:
    """Whether RapidOCR's ONNX package (the ``ocr`` extra) is installed (found, not imported:
    importing it loads ONNX Runtime and OpenCV, seconds of work `trove status` need not do)."""
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@functools.cache
def tesseract_languages() -> frozenset[str]:
    """The languages of the Tesseract on this system (empty: none, or no pytesseract)."""
    try:
        pytesseract = _pytesseract()
        if pytesseract is None:
            return frozenset()
        return frozenset(pytesseract.get_languages(config="")) - {"osd"}
    except Exception:
        return frozenset()


def _pytesseract() -> Any:
    """pytesseract set to run this system's Tesseract (None: no program, or no pytesseract)."""
    program = find_tesseract()
    if program is None:
        return None
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = program
    return pytesseract


class RapidOcrEngine:
    """RapidOCR (PP-OCR models on ONNX Runtime, shipped in the wheel): Chinese and English.

    Its detector finds the lines on the page; each line is then cut out enlarged to the
    height its recognizer reads (``line_scale``) and binarized: small or blurred print read as
    it is loses the spaces between Latin words (docs/benchmarks-ocr.md)."""

    name = "RapidOCR"
    languages: frozenset[str] | None = RAPIDOCR_LANGUAGES

    # RapidOCR's own threshold: a line recognised with a lower score is dropped.
    MIN_SCORE = 0.5
    # Lines found on a page of which none could be read that make it a page of text.
    MIN_LINES = 5

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # One thread: each extraction worker reads its own file, and they run beside the app.
        self._ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)

    def read(self, images: Sequence[Image.Image]) -> list[PageText | Exception]:
        out: list[PageText | Exception] = []
        for image in images:
            try:
                found = self._read_page(image)
            except Exception as exc:
                out.append(exc)
                continue
            # Every line found counts in the page's confidence, the ones it cannot read too: a
            # Korean page has ~26 lines found and 1-2 read, scores averaging 0.1 (an English
            # one: all read, 0.96), which flags the page's language.
            read = [d for d in found if d.confidence >= self.MIN_SCORE and d.text.strip()]
            # A few unread marks (a photo's texture) say nothing about a language.
            sure = read or len(found) >= self.MIN_LINES
            out.append(replace(_page(read), confidence=_mean(found) if sure else None))
        return out

    def _read_page(self, image: Image.Image) -> list[Detection]:
        """Every line the detector finds on ``image``, with what the recognizer read in it
        and its score (low or blank when it could not read it)."""
        import numpy as np

        from desktop_app.core.nim.ocr import Detection

        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        # Detection only: the boxes come back on the page's own pixels (RapidOCR detects on
        # the page shrunk to 2,000 px at most, which bounds its time and memory).
        quads, _ = self._ocr(bgr, use_det=True, use_cls=False, use_rec=False)
        if not quads:
            return []
        factor = line_upscale(quads)
        crops = [_cut_line(bgr, quad, factor) for quad in quads]
        # The direction classifier turns each line it judges upside down, and a wrong guess
        # loses the line (a page's '"Source" form shall mean' read as ' n'): lines are turned
        # only when most of the page's are, i.e. the page was scanned upside down.
        turned, directions, _ = self._ocr.text_cls(crops)
        if 2 * sum(str(label) == "180" for label, *_ in directions) > len(directions):
            crops = turned
        read, _ = self._ocr.text_rec(crops)
        w, h = image.size
        return [
            Detection(str(text), float(score), tuple((x / w, y / h) for x, y in quad))
            for quad, (text, score, *_) in zip(quads, read, strict=True)
        ]

    def close(self) -> None:
        pass


def _cut_line(page: Any, quad: Sequence[Sequence[float]], factor: float) -> Any:
    """One detected line cut out of ``page`` (a BGR array) as an upright rectangle, enlarged
    by ``factor`` (bicubic) within the crop pixel cap and binarized; a vertical line is turned
    on its side, as RapidOCR does."""
    import cv2
    import numpy as np

    width, height = crop_size(quad)
    factor = capped(factor, width, height)
    out_w, out_h = max(1, round(width * factor)), max(1, round(height * factor))
    corners = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(np.array(quad, dtype=np.float32), corners)
    crop = cv2.warpPerspective(
        page, warp, (out_w, out_h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    # Ink and paper split at the line's own Otsu threshold: the blur of a low-resolution scan
    # (or of a page rendered up from one) otherwise fills the gaps between words, which the
    # recognizer then drops or reads as dots; one line is small enough to be lit evenly.
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    crop = cv2.cvtColor(ink, cv2.COLOR_GRAY2BGR)
    return np.rot90(crop) if out_h >= 1.5 * out_w else crop


class TesseractEngine:
    """Tesseract through pytesseract, with the languages installed on this system."""

    name = "Tesseract"

    def __init__(self, languages: Sequence[str]) -> None:
        have = tesseract_languages()
        chosen = [lang for lang in languages if lang in have] or (
            ["eng"] if "eng" in have else sorted(have)[:1]
        )
        self.lang = "+".join(chosen)
        self.languages: frozenset[str] | None = frozenset(chosen)

    def read(self, images: Sequence[Image.Image]) -> list[PageText | Exception]:
        pytesseract = _pytesseract()
        assert pytesseract is not None  # chosen only when tesseract_languages() found some

        out: list[PageText | Exception] = []
        for image in images:
            try:
                data = pytesseract.image_to_data(
                    image, lang=self.lang, output_type=pytesseract.Output.DICT
                )
            except Exception as exc:
                out.append(exc)
                continue
            detections = _tesseract_lines(data, *image.size)
            out.append(_page(detections))
        return out

    def close(self) -> None:
        pass


def _tesseract_lines(data: dict[str, list[Any]], w: int, h: int) -> list[Detection]:
    """Tesseract's words joined into its own lines, one detection each. Korean words come back
    split into syllable runs ("12" "월", "백" "업은") that a space would tear apart, so where a
    Hangul/CJK piece meets another piece they are spaced only if the gap between them is wider
    than a fifth of the line height; two Latin words are always spaced (a tight font's narrow
    spaces must not glue "theDecember")."""
    from desktop_app.core.nim.ocr import Detection

    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if str(text).strip() and float(data["conf"][i]) >= 0:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    out = []
    for words in lines.values():
        words.sort(key=lambda i: data["left"][i])
        height = max(data["height"][i] for i in words)
        text = str(data["text"][words[0]]).strip()
        for before, after in itertools.pairwise(words):
            gap = data["left"][after] - (data["left"][before] + data["width"][before])
            left, right = str(data["text"][before]).strip(), str(data["text"][after]).strip()
            glued = gap <= height / 5 and (_ideographic(left[-1]) or _ideographic(right[0]))
            text += ("" if glued else " ") + right
        x0 = min(data["left"][i] for i in words) / w
        x1 = max(data["left"][i] + data["width"][i] for i in words) / w
        y0 = min(data["top"][i] for i in words) / h
        y1 = max(data["top"][i] + data["height"][i] for i in words) / h
        confidence = sum(float(data["conf"][i]) for i in words) / len(words) / 100
        out.append(Detection(text, confidence, ((x0, y0), (x1, y0), (x1, y1), (x0, y1))))
    return out


def _ideographic(char: str) -> bool:
    """Hangul, CJK ideographs or kana: scripts whose words Tesseract may split in pieces."""
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF
        or 0x3040 <= code <= 0x30FF
        or 0x3130 <= code <= 0x318F
        or 0x3400 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
    )


def local_engine_name(job: OcrJob) -> str | None:
    """The local engine ``job`` uses ('rapidocr', 'tesseract'), or None when none is installed.

    Tesseract wins when it has any configured language: a little more accurate than RapidOCR on
    English at 150 dpi, 2-3x faster, and it reads Korean with its language pack
    (docs/benchmarks-ocr.md); otherwise RapidOCR, whose models come with the package.
    """
    if job.engine in ("rapidocr", "tesseract"):
        return job.engine
    tess = tesseract_languages()
    if tess and set(job.languages) & tess:
        return "tesseract"
    if rapidocr_available():
        return "rapidocr"
    return "tesseract" if tess else None


def local_languages(name: str | None) -> frozenset[str]:
    """The languages the local engine ``name`` reads."""
    if name == "rapidocr":
        return RAPIDOCR_LANGUAGES if rapidocr_available() else frozenset()
    if name == "tesseract":
        return tesseract_languages()
    return frozenset()


class NoEngine(Exception):
    """No OCR engine can be used: the message says what to set or install."""


def open_local(job: OcrJob) -> OcrEngine:
    """The local engine ``job`` asks for; raises NoEngine saying what is missing."""
    name = local_engine_name(job)
    if name == "rapidocr":
        if not rapidocr_available():
            raise NoEngine("RapidOCR is not installed (pip install 'trove[ocr]')")
        try:
            return RapidOcrEngine()
        except Exception as exc:  # a broken ONNX Runtime or OpenCV underneath
            raise NoEngine(f"RapidOCR cannot start ({type(exc).__name__}: {exc})") from None
    if name == "tesseract":
        if not tesseract_languages():
            raise NoEngine("Tesseract is not installed on this system")
        return TesseractEngine(job.languages)
    raise NoEngine(
        "no OCR engine: set ocr.base_url to an OCR NIM, or install the local engine "
        "(pip install 'trove[ocr]', or Tesseract)"
    )


def describe_engine(job: OcrJob) -> str:
    """Which engine reads scans, for `trove status`: 'OCR NIM (<model>)', 'RapidOCR (local)',
    'Tesseract (local: eng+kor)' or 'none'."""
    if job.engine in ("auto", "nim") and job.endpoint is not None:
        return f"OCR NIM ({job.endpoint.model})"
    name = local_engine_name(job)
    if name == "tesseract" and tesseract_languages():
        chosen = [lang for lang in job.languages if lang in tesseract_languages()] or ["eng"]
        return f"Tesseract (local: {'+'.join(chosen)})"  # user-visible
    if name == "rapidocr" and rapidocr_available():
        return "RapidOCR (local: Chinese, English)"  # user-visible
    return "none"


def open_engine(job: OcrJob) -> OcrEngine:
    """The engine ``job`` asks for first (the NIM under ``auto`` when one is set)."""
    if job.engine == "nim" or (job.engine == "auto" and job.endpoint is not None):
        if job.endpoint is None:
            raise NoEngine("ocr.engine is nim but no OCR NIM is set (ocr.base_url)")
        return NimEngine(job, job.endpoint)
    return open_local(job)
