"""PDF tables through the page-elements and table-structure NIMs: the client over real HTTP
against the simulator (routes, shapes, errors), the table pass of a real PDF, and indexing."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app.core.engine import Engine
from desktop_app.core.errors import NimAuthError, NimModelNotFoundError, NimRateLimitedError
from desktop_app.core.ingest.chunker import chunk_sections
from desktop_app.core.ingest.formats.pdf import extract_pdf
from desktop_app.core.ingest.pdf_tables import close_clients, read_pdf_tables
from desktop_app.core.nim import ClientOptions, DetectionClient, Endpoint
from desktop_app.core.nim.detection import Detector, detection_url
from desktop_app.core.nim.ocr import HOSTED_MAX_B64, OcrImage
from desktop_app.core.ocr.engines import OcrJob
from desktop_app.core.ocr.images import encode_to_fit, pdf_pages
from desktop_app.core.paths import resolve_dirs
from desktop_app.core.secrets import ApiKey
from desktop_app.core.settings import Settings
from tests.integration.cli_helpers import point_at_simulator, trove, trove_json
from tests.nimsim import NimSimulator
from tests.unit.ingest_samples import make_table_pdf

PAGE_ELEMENTS = "nvidia/nemotron-page-elements-v3"
STRUCTURE = "nvidia/nemotron-table-structure-v1"
KEY = "nvapi-GOODgoodGOODgood0123456789"
TABLE = [
    ["Supplier", "Month", "Paid"],
    ["ACME", "March", "1,200"],
    ["Globex", "April", "950"],
    ["Initech", "May", "3,400"],
]
_NIM = {
    "nim.connect_timeout": 2.0,
    "nim.read_timeout": 5.0,
    "nim.max_retries": 0,
    "nim.interactive_timeout": 5.0,
    "nim.verify_tls": True,
    "nim.ca_bundle": None,
    "nim.plain_http_auth_hosts": [],
}


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    with NimSimulator() as server:
        yield server


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "payments.pdf"
    path.write_bytes(
        make_table_pdf(
            ["Quarterly payments to suppliers.", "See the table below."],
            TABLE,
            ["Totals are checked by finance."],
        )
    )
    return path


_open: list[DetectionClient] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _open:
        _open.pop().close()
    close_clients()  # the table pass's own, kept per process as in a worker


def client(sim: NimSimulator, detector: Detector, *, key: str | None = None) -> DetectionClient:
    hosted = sim.config.profile == "hosted"
    model = PAGE_ELEMENTS if detector == "page-elements" else STRUCTURE
    endpoint = Endpoint(
        "tables", sim.base_url, model, hosted, ApiKey(key, "env:X") if key else None
    )
    options = ClientOptions(sleep=lambda _: None, random=lambda: 0.5, max_retries=3)
    made = DetectionClient(endpoint, options, detector)
    _open.append(made)
    return made


def rendered(pdf: Path) -> OcrImage:
    ((_, image),) = pdf_pages(pdf, [1], 150)
    return encode_to_fit(image, HOSTED_MAX_B64, 1024)


def job(sim: NimSimulator, **nim: object) -> OcrJob:
    tables = (
        Endpoint("tables", sim.base_url, PAGE_ELEMENTS),
        Endpoint("tables", sim.base_url, STRUCTURE),
    )
    return OcrJob(tables=tables, nim={**_NIM, **nim})


# ---------------------------------------------------------------- the client and the simulator


def test_page_elements_finds_the_table_as_a_normalized_box(sim: NimSimulator, pdf: Path) -> None:
    (boxes,) = client(sim, "page-elements").detect([rendered(pdf)])
    (table,) = boxes["table"]
    assert 0 < table.x_min < table.x_max < 1 and 0 < table.y_min < table.y_max < 0.6
    assert 0 <= table.confidence <= 1
    sent = sim.requests[-1]
    assert sent["path"] == "/v1/page-elements"
    assert "model" not in sent["json"]
    assert sent["json"]["input"][0]["url"].startswith("data:image/png;base64,")


def test_a_page_without_a_table_answers_no_boxes(sim: NimSimulator, tmp_path: Path) -> None:
    from tests.unit.ingest_samples import make_pdf

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([["Only prose here, no table."]]))
    assert client(sim, "page-elements").detect([rendered(plain)]) == [{}]


def test_table_structure_answers_rows_columns_cells_and_header(
    sim: NimSimulator, pdf: Path
) -> None:
    from PIL import Image

    ((_, image),) = pdf_pages(pdf, [1], 150)
    (boxes,) = client(sim, "page-elements").detect([encode_to_fit(image, HOSTED_MAX_B64, 1024)])
    t = boxes["table"][0]
    w, h = image.size
    crop: Image.Image = image.crop(
        (int(t.x_min * w), int(t.y_min * h), int(t.x_max * w), int(t.y_max * h))
    )
    (grid,) = client(sim, "table-structure").detect([encode_to_fit(crop, HOSTED_MAX_B64, 1024)])
    assert len(grid["row"]) == 4 and len(grid["column"]) == 3 and len(grid["cell"]) == 12
    assert len(grid["header"]) == 1 and grid["header"][0].y_max < grid["row"][1].y_max
    assert sim.requests[-1]["path"] == "/v1/table-structure"


def test_a_1x_container_is_asked_on_infer_after_the_2_0_route_is_missing(
    pdf: Path,
) -> None:
    with NimSimulator(detect_legacy=True) as legacy:
        finder = client(legacy, "page-elements")
        assert finder.detect([rendered(pdf)])[0]["table"]
        assert finder.url.endswith("/v1/infer")  # /v1/page-elements answered 404
        finder.detect([rendered(pdf)])
        assert [r["path"] for r in legacy.requests] == ["/v1/infer"] * 2
        assert finder.url.endswith("/v1/infer")  # remembered


def test_a_2_0_container_without_the_model_says_which_models_it_has(
    pdf: Path,
) -> None:
    with NimSimulator(detect_models=("page-elements",)) as server:
        answer = httpx.post(server.root_url + "/v1/table-structure", json={"input": []})
        assert answer.status_code == 404 and "page-elements" in answer.json()["detail"]
        with pytest.raises(NimModelNotFoundError):
            client(server, "table-structure").detect([rendered(pdf)])


def test_metadata_names_the_models_as_nv_ingest_reads_them(sim: NimSimulator) -> None:
    meta = httpx.get(sim.root_url + "/v1/metadata").json()
    assert meta["version"].startswith("2.")
    short = [m["shortName"].split(":")[0] for m in meta["modelInfo"]]
    assert "nemotron-page-elements-v3" in short and "nemotron-table-structure-v1" in short


def test_hosted_urls_are_per_model_and_auth_comes_before_validation(pdf: Path) -> None:
    endpoint = Endpoint("tables", "https://integrate.api.nvidia.com/v1", PAGE_ELEMENTS, True)
    assert detection_url(endpoint, "page-elements") == (
        "https://ai.api.nvidia.com/v1/cv/nvidia/nemotron-page-elements-v3"
    )
    with NimSimulator("hosted", blocked_keys={"nvapi-BLOCKEDblocked0123456789"}) as hosted:
        url = hosted.root_url + hosted.config.detection_path("page-elements")  # type: ignore[operator]
        assert httpx.post(url, json={}).status_code == 401
        with pytest.raises(NimAuthError):
            client(hosted, "page-elements").detect([rendered(pdf)])
        with pytest.raises(NimAuthError, match="HTTP 403"):
            client(hosted, "page-elements", key="nvapi-BLOCKEDblocked0123456789").detect(
                [rendered(pdf)]
            )
        assert client(hosted, "page-elements", key=KEY).detect([rendered(pdf)])[0]["table"]
        # Over the inline cap: the NIM refuses (422), and the client never sends one.
        big = base64.b64encode(os.urandom(140_000)).decode()
        body = {"input": [{"type": "image_url", "url": f"data:image/png;base64,{big}"}]}
        auth = {"Authorization": f"Bearer {KEY}"}
        assert httpx.post(url, json=body, headers=auth).status_code == 422
        with pytest.raises(ValueError, match="size it first"):
            client(hosted, "page-elements", key=KEY).detect(
                [OcrImage(os.urandom(140_000), "image/png")]
            )


def test_429_and_503_are_retried_and_a_lasting_limit_is_a_typed_error(
    sim: NimSimulator, pdf: Path
) -> None:
    sim.fail_next(429, retry_after=2)
    sim.fail_next(503)
    assert client(sim, "page-elements").detect([rendered(pdf)])[0]["table"]
    assert sim.counters["page-elements"] == 3
    sim.fail_next(429, times=10)
    with pytest.raises(NimRateLimitedError, match="table detection"):
        client(sim, "page-elements").detect([rendered(pdf)])


# ---------------------------------------------------------------- the table pass


def test_a_pdf_table_becomes_a_markdown_table_with_its_header_in_place(
    sim: NimSimulator, pdf: Path
) -> None:
    plain = extract_pdf(pdf)
    assert "| Supplier |" not in plain.text and "ACME March 1,200" in plain.text
    read = read_pdf_tables(pdf, plain, job(sim))
    text = read.text
    assert (
        "| Supplier | Month | Paid |\n| --- | --- | --- |\n| ACME | March | 1,200 |\n"
        "| Globex | April | 950 |\n| Initech | May | 3,400 |"
    ) in text
    # In reading order, where the table stood; its plain text is gone.
    assert text.index("See the table below.") < text.index("| Supplier") < text.index("Totals")
    assert "ACME March" not in text
    assert read.notes == plain.notes


def test_table_nims_down_keep_the_plain_text_and_say_why(pdf: Path) -> None:
    plain = extract_pdf(pdf)
    dead = (
        Endpoint("tables", "http://127.0.0.1:9/v1", PAGE_ELEMENTS),
        Endpoint("tables", "http://127.0.0.1:9/v1", STRUCTURE),
    )
    read = read_pdf_tables(pdf, plain, OcrJob(tables=dead, nim=_NIM))
    assert read.text == plain.text
    (note,) = read.notes
    assert note.startswith("Tables in this PDF are kept as plain text")
    assert "cannot be reached" in note


def test_a_refused_table_keeps_its_page_as_plain_text(sim: NimSimulator, pdf: Path) -> None:
    sim.fail_next(422, body={"detail": [{"loc": ["body", "input"], "msg": "bad", "type": "x"}]})
    read = read_pdf_tables(pdf, extract_pdf(pdf), job(sim))
    assert "ACME March 1,200" in read.text and "| Supplier" not in read.text
    assert read.notes[-1].startswith("Tables on page 1 are kept as plain text")


def test_every_chunk_of_a_long_pdf_table_starts_with_its_header(
    sim: NimSimulator, tmp_path: Path
) -> None:
    rows = [["Supplier", "Month", "Paid"]] + [
        [f"Vendor{n}", "March", f"{n},000"] for n in range(24)
    ]
    path = tmp_path / "long.pdf"
    path.write_bytes(make_table_pdf(["Payments."], rows, ["End."]))
    read = read_pdf_tables(path, extract_pdf(path), job(sim))
    chunks = chunk_sections(read.sections, 96, 0)
    with_rows = [c for c in chunks if "| Vendor" in c.text]
    assert len(with_rows) >= 3
    header = "| Supplier | Month | Paid |\n| --- | --- | --- |\n"
    assert all(
        header in c.text and c.text.index(header) < c.text.index("| Vendor") for c in with_rows
    )


# ---------------------------------------------------------------- indexing and doctor


def _chunks_with(text: str) -> set[int]:
    dirs = resolve_dirs(Path(os.environ["TROVE_HOME"]))
    with closing(sqlite3.connect(dirs.catalog_file)) as db:
        return {i for i, t in db.execute("SELECT id, text FROM chunks") if text in t}


def _engine() -> Engine:
    dirs = resolve_dirs(Path(os.environ["TROVE_HOME"]))
    return Engine(dirs, Settings.load(dirs.settings_file))


def test_indexing_reads_pdf_tables_in_the_slow_pass_and_search_finds_the_row(
    sim: NimSimulator, pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point_at_simulator(sim)
    assert trove("config", "set", "ocr.page_elements_url", sim.base_url) == 0
    assert trove("folders", "add", str(pdf.parent)) == 0
    engine = _engine()
    try:
        report = engine.index(emit=lambda _: None, vectors=False)
    finally:
        engine.close()
    assert report["ocr"]["pages"] == 1
    capsys.readouterr()
    assert trove("status") == 0
    assert f"PDF tables: {PAGE_ELEMENTS} at {sim.base_url} + {STRUCTURE}" in capsys.readouterr().out
    found = trove_json(capsys, "search", "Globex April", "--mode", "keyword", "--json")
    (hit,) = found["results"]
    assert hit["chunk_id"] in _chunks_with("| Supplier | Month | Paid |\n| --- | --- | --- |")
    assert _chunks_with("| Globex | April | 950 |") == _chunks_with("| Supplier |")
    assert sim.counters["page-elements"] == 1 and sim.counters["table-structure"] == 1
    engine = _engine()
    try:
        engine.index(emit=lambda _: None, vectors=False)  # unchanged: not asked again
    finally:
        engine.close()
    assert sim.counters["page-elements"] == 1


def _doctor(capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], dict[str, str]]:
    capsys.readouterr()
    trove("doctor", "--json")
    checks = json.loads(capsys.readouterr().out)["checks"]
    return {(c["service"], c["name"]): c for c in checks if c["service"] == "tables"}


def test_doctor_checks_the_table_nims_when_they_are_set(
    sim: NimSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    point_at_simulator(sim)
    assert _doctor(capsys) == {}  # not set: nothing to check
    assert trove("config", "set", "ocr.page_elements_url", sim.base_url) == 0
    checks = _doctor(capsys)
    assert checks[("tables", "url")]["status"] == "ok"
    assert checks[("tables", "page-elements")]["detail"] == "found the table on a test page"
    assert checks[("tables", "table-structure")]["detail"] == "read a test table: 3 rows, 3 columns"
    assert sim.counters["page-elements"] == 1 and sim.counters["table-structure"] == 1
    sim.cold_start(60)
    assert _doctor(capsys)[("tables", "ready")]["status"] == "fail"


# ---------------------------------------------------------------- scanned tables


def _cell_box(page: int, r: int, c: int, text: str) -> tuple[float, float, float, float]:
    """Where make_table_pdf prints cell (r, c) of a table under ``page`` lines, normalized."""
    top = 740 - 14 * page - 20
    x = 72 + 150 * c + 6
    baseline = top - 22 * r - 15
    return (
        x / 612,
        (792 - baseline - 9) / 792,
        (x + 6 * len(text)) / 612,
        (792 - baseline + 2) / 792,
    )


def test_a_scanned_table_becomes_markdown_filled_with_the_ocr_words(
    sim: NimSimulator, pdf: Path, tmp_path: Path
) -> None:
    from desktop_app.core.ingest.extract import extract
    from desktop_app.core.ingest.ocr_pages import ocr_extracted
    from tests.nimsim.ocr import page_key

    ((_, image),) = pdf_pages(pdf, [1], 150)
    scan = tmp_path / "scan.png"
    image.save(scan)
    lines = [
        ("Quarterly payments to suppliers.", (0.118, 0.06, 0.5, 0.075)),
        ("See the table below.", (0.118, 0.078, 0.4, 0.093)),
        *[
            (text, _cell_box(2, r, c, text))
            for r, row in enumerate(TABLE)
            for c, text in enumerate(row)
        ],
        ("Totals are checked by finance.", (0.118, 0.31, 0.5, 0.325)),
    ]
    sim.config.ocr_pages[page_key(image)] = lines
    ocr = Endpoint("ocr", sim.base_url, "nvidia/nemotron-ocr-v2")
    base = job(sim)
    scanned = OcrJob(endpoint=ocr, engine="nim", tables=base.tables, nim=base.nim)
    text = ocr_extracted(scan, extract(scan), scanned).text
    assert text == (
        "Quarterly payments to suppliers.\nSee the table below.\n\n"
        "| Supplier | Month | Paid |\n| --- | --- | --- |\n| ACME | March | 1,200 |\n"
        "| Globex | April | 950 |\n| Initech | May | 3,400 |\n\nTotals are checked by finance."
    )
    # The table NIMs down: the OCR text stays, as read, with a note.
    dead = Endpoint("tables", "http://127.0.0.1:9/v1", PAGE_ELEMENTS)
    down = OcrJob(endpoint=ocr, engine="nim", tables=(dead, dead), nim=base.nim)
    read = ocr_extracted(scan, extract(scan), down)
    assert "ACME March 1,200" in read.text and "| Supplier" not in read.text
    assert read.notes[-1].startswith("Tables on its scanned pages are kept as plain text")


def _index() -> dict[str, Any]:
    engine = _engine()
    try:
        return engine.index(emit=lambda _: None, vectors=False)
    finally:
        engine.close()


def test_pdfs_read_before_the_table_nims_or_while_they_were_down_are_read_again_once(
    sim: NimSimulator, pdf: Path
) -> None:
    point_at_simulator(sim)
    assert trove("folders", "add", str(pdf.parent)) == 0
    _index()
    assert not _chunks_with("| Supplier |")  # no table NIMs: plain text
    assert trove("config", "set", "ocr.page_elements_url", "http://127.0.0.1:9/v1") == 0
    _index()  # set, but down: still plain text, tried again next time
    assert not _chunks_with("| Supplier |") and _chunks_with("ACME March 1,200")
    assert trove("config", "set", "ocr.page_elements_url", sim.base_url) == 0
    _index()
    assert _chunks_with("| Supplier | Month | Paid |") and not _chunks_with("ACME March")
    assert sim.counters["page-elements"] == 1
    _index()  # looked at: not again
    assert sim.counters["page-elements"] == 1
