"""The OCR NIM client over real HTTP against the simulator: routes, shapes, sizing, errors."""

from __future__ import annotations

import base64
import io
import json
import random
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image, ImageDraw

from desktop_app.core.errors import NimAuthError, NimRateLimitedError
from desktop_app.core.nim import ClientOptions, Endpoint, OcrClient, ocr_endpoint_from_settings
from desktop_app.core.nim.ocr import HOSTED_MAX_B64, OcrImage, ocr_url
from desktop_app.core.ocr.images import encode_to_fit
from desktop_app.core.ocr.reading_order import page_text
from desktop_app.core.secrets import ApiKey
from desktop_app.core.settings import Settings, apply_profile
from tests.integration.cli_helpers import point_at_simulator, trove
from tests.nimsim import NimSimulator
from tests.nimsim.ocr import page_key

V2 = "nvidia/nemotron-ocr-v2"
KEY = "nvapi-GOODgoodGOODgood0123456789"


class Waits:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def page(seed: int, size: tuple[int, int] = (850, 1100), noise: bool = False) -> Image.Image:
    """A page with a few dark bars (its own perceptual hash), optionally speckled like a scan."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, size[0] - 200), rng.randrange(0, size[1] - 100)
        draw.rectangle((x, y, x + 200, y + 80), fill="black")
    if noise:
        pixels = image.load()
        assert pixels is not None
        for _ in range(size[0] * size[1] // 3):
            pixels[rng.randrange(size[0]), rng.randrange(size[1])] = (rng.randrange(256),) * 3
    return image


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator() as server:
        yield server


@pytest.fixture
def hosted() -> Iterator[NimSimulator]:
    with NimSimulator("hosted", blocked_keys={"nvapi-BLOCKEDblocked0123456789"}) as server:
        yield server


_open: list[OcrClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _open:
        _open.pop().close()


def client(
    sim: NimSimulator, model: str = V2, *, key: str | None = None, **kw: object
) -> OcrClient:
    hosted = sim.config.profile == "hosted"
    endpoint = Endpoint("ocr", sim.base_url, model, hosted, ApiKey(key, "env:X") if key else None)
    waits = Waits()
    options = ClientOptions(sleep=waits, random=lambda: 0.5, max_retries=3)
    made = OcrClient(endpoint, options, **kw)  # type: ignore[arg-type]
    _open.append(made)
    return made


def test_v2_reads_registered_lines_in_order_though_the_nim_shuffles_them(
    sim: NimSimulator,
) -> None:
    image = page(1)
    lines = [(f"line {n} of the contract", None) for n in range(8)]
    sim.config.ocr_pages[page_key(image)] = lines
    ocr = client(sim)
    (detections,) = ocr.read([encode_to_fit(image, ocr.max_b64_chars)])
    assert [d.text for d in detections] != [text for text, _ in lines]  # really shuffled
    assert page_text(detections).splitlines() == [text for text, _ in lines]
    assert all(0 <= x <= 1 and 0 <= y <= 1 for d in detections for x, y in d.points)
    sent = sim.requests[-1]
    assert sent["path"] == "/v1/ocr"
    assert sent["json"]["merge_levels"] == ["paragraph"]
    assert sent["json"]["input"][0]["url"].startswith("data:image/png;base64,")
    assert "model" not in sent["json"]


def test_a_batch_answers_each_image_in_order_and_skips_nan_detections(sim: NimSimulator) -> None:
    sim.config.ocr_nan_detection = True
    images = [page(n) for n in range(5)]
    for n, image in enumerate(images):
        sim.config.ocr_pages[page_key(image)] = [(f"page {n}", None)]
    ocr = client(sim, batch_size=2)
    found = ocr.read([encode_to_fit(i, ocr.max_b64_chars) for i in images])
    assert [page_text(d) for d in found] == [f"page {n}" for n in range(5)]
    assert sim.counters["ocr"] == 3  # 2 + 2 + 1


def test_v1_containers_are_asked_on_infer_and_a_wrong_guess_finds_the_other_route(
    sim: NimSimulator,
) -> None:
    sim.config.ocr_route = "infer"
    ocr = client(sim, "nvidia/nemotron-ocr-v1")
    assert ocr.url.endswith("/v1/infer")
    image = page(2)
    assert ocr.read([encode_to_fit(image, ocr.max_b64_chars)])[0]
    guessed = client(sim, V2)  # a v2 id on an old container: /v1/ocr is 404 there
    assert guessed.read([encode_to_fit(image, guessed.max_b64_chars)])[0]
    assert guessed.url.endswith("/v1/infer")


def test_paddle_gets_no_merge_levels(sim: NimSimulator) -> None:
    sim.config.ocr_route = "infer"
    ocr = client(sim, "baidu/paddleocr")
    ocr.read([encode_to_fit(page(3), ocr.max_b64_chars)])
    assert "merge_levels" not in sim.requests[-1]["json"]


def test_hosted_url_is_per_model_on_ai_api() -> None:
    endpoint = Endpoint("ocr", "https://integrate.api.nvidia.com/v1", V2, hosted=True)
    assert ocr_url(endpoint) == "https://ai.api.nvidia.com/v1/cv/nvidia/nemotron-ocr-v2"
    settings = Settings()
    apply_profile(settings, "hosted")
    hosted = ocr_endpoint_from_settings(settings, None)
    assert hosted is not None and hosted.hosted
    assert ocr_url(hosted) == "https://ai.api.nvidia.com/v1/cv/nvidia/nemotron-ocr-v2"
    apply_profile(settings, "local")
    assert ocr_endpoint_from_settings(settings, None) is None  # local: no OCR NIM until set


def test_a_noisy_300_dpi_scan_is_shrunk_and_reencoded_under_the_hosted_cap(
    hosted: NimSimulator,
) -> None:
    scan = page(4, size=(2550, 3300), noise=True)  # US letter at 300 dpi
    ocr = client(hosted, key=KEY)
    encoded = encode_to_fit(scan, ocr.max_b64_chars)
    assert encoded.b64_chars <= HOSTED_MAX_B64
    hosted.config.ocr_pages[page_key(scan)] = [("Korean contract 계약서", None)]
    assert page_text(ocr.read([encoded])[0]) == "Korean contract 계약서"
    assert hosted.requests[-1]["path"] == "/v1/cv/nvidia/nemotron-ocr-v2"


def test_hosted_refuses_an_oversize_image_with_422_and_the_client_never_sends_one(
    hosted: NimSimulator,
) -> None:
    scan = page(5, size=(1600, 2000), noise=True)
    buffer = io.BytesIO()
    scan.save(buffer, "PNG")
    b64 = base64.b64encode(buffer.getvalue()).decode()
    assert len(b64) > 180_000
    answer = httpx.post(
        hosted.ocr_url,
        json={"input": [{"type": "image_url", "url": f"data:image/png;base64,{b64}"}]},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert answer.status_code == 422
    assert "invalid image URLs" in answer.text
    ocr = client(hosted, key=KEY)
    with pytest.raises(ValueError, match="size it first"):
        ocr.read([OcrImage(buffer.getvalue(), "image/png")])


def test_the_simulator_validates_like_the_nim(sim: NimSimulator) -> None:
    png = io.BytesIO()
    page(6).save(png, "PNG")
    b64 = base64.b64encode(png.getvalue()).decode()
    cases = [
        {"input": []},
        {"input": [{"type": "text", "url": f"data:image/png;base64,{b64}"}]},
        {"input": [{"type": "image_url", "url": f"data:image/jpeg;base64,{b64}"}]},  # wrong type
        {
            "input": [{"type": "image_url", "url": f"data:image/png;base64,{b64}"}],
            "merge_levels": [],
        },
        {"input": [{"type": "image_url", "url": "data:image/gif;base64,R0lGOD"}]},
    ]
    for body in cases:
        answer = httpx.post(sim.ocr_url, json=body)
        assert answer.status_code == 422, body
        assert answer.json()["detail"][0]["loc"][0] == "body"
    assert httpx.post(sim.root_url + "/v1/infer", json=cases[0]).status_code == 404


def test_hosted_auth_comes_before_validation(hosted: NimSimulator) -> None:
    image = encode_to_fit(page(7), HOSTED_MAX_B64)
    with pytest.raises(NimAuthError):
        client(hosted).read([image])
    with pytest.raises(NimAuthError, match="HTTP 403"):
        client(hosted, key="nvapi-BLOCKEDblocked0123456789").read([image])
    assert httpx.post(hosted.ocr_url, json={}).status_code == 401


def test_429_and_503_are_retried_then_the_page_is_read(sim: NimSimulator) -> None:
    sim.fail_next(429, retry_after=2)
    sim.fail_next(503)
    ocr = client(sim)
    assert ocr.read([encode_to_fit(page(8), ocr.max_b64_chars)])[0]
    assert sim.counters["ocr"] == 3


def test_a_rate_limit_that_lasts_gives_up_with_a_typed_error(sim: NimSimulator) -> None:
    sim.fail_next(429, times=10)
    ocr = client(sim)
    with pytest.raises(NimRateLimitedError, match="OCR"):
        ocr.read([encode_to_fit(page(9), ocr.max_b64_chars)])


def _doctor(capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], dict[str, str]]:
    capsys.readouterr()
    trove("doctor", "--json")
    checks = json.loads(capsys.readouterr().out)["checks"]
    return {(c["service"], c["name"]): c for c in checks if c["service"] == "ocr"}


def test_doctor_reads_a_test_page_through_the_ocr_nim(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.base_url", sim.base_url) == 0
    checks = _doctor(capsys)
    assert checks[("ocr", "url")]["status"] == "ok"
    assert checks[("ocr", "call")]["status"] == "ok"
    assert "/ocr" in checks[("ocr", "call")]["detail"]
    assert sim.counters["ocr"] == 1
    sim.cold_start(60)
    checks = _doctor(capsys)
    assert checks[("ocr", "ready")]["status"] == "fail"
    assert "loading" in checks[("ocr", "ready")]["detail"]


def test_doctor_says_which_engine_reads_scans_without_an_ocr_nim(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    point_at_simulator(sim)
    checks = _doctor(capsys)
    assert ("ocr", "call") not in checks  # no OCR NIM set: nothing to call
    local = checks[("ocr", "local engine")]
    assert local["status"] in ("ok", "warn")
    assert local["detail"].startswith(("Tesseract", "RapidOCR", "No OCR NIM"))
    assert trove("config", "set", "ocr.enabled", "false") == 0
    assert _doctor(capsys)[("ocr", "enabled")]["status"] == "skip"


def test_an_ocr_nim_found_down_is_not_asked_again_by_the_next_file() -> None:
    from desktop_app.core.ocr.engines import EngineDown, NimEngine, OcrJob

    dead = Endpoint("ocr", "http://127.0.0.1:9/v1", V2)
    job = OcrJob(endpoint=dead, nim={**_NIM, "nim.max_retries": 0})
    image = page(10)
    first = NimEngine(job, dead)
    with pytest.raises(EngineDown, match="cannot be reached"):
        first.read([image])
    first.close()
    second = NimEngine(job, dead)  # the next file, same worker process
    with pytest.raises(EngineDown, match="unavailable since"):
        second.read([image])  # the breaker answers: no connection is tried
    second.close()


_NIM = {
    "nim.connect_timeout": 2.0,
    "nim.read_timeout": 5.0,
    "nim.max_retries": 0,
    "nim.interactive_timeout": 5.0,
    "nim.verify_tls": True,
    "nim.ca_bundle": None,
    "nim.plain_http_auth_hosts": [],
}
