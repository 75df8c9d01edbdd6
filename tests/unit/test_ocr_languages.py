"""The language a scan probably is in, from its name and text layer, and who can read it."""

from __future__ import annotations

from desktop_app.core.ocr.engines import RAPIDOCR_LANGUAGES
from desktop_app.core.ocr.languages import likely_languages, unreadable_language


def test_scripts_are_told_apart_and_hanja_in_korean_stays_korean() -> None:
    assert likely_languages(["계약서 2024.pdf"]) == ["kor"]
    assert likely_languages(["見積書です.png"]) == ["jpn"]  # kanji with kana: Japanese
    assert likely_languages(["大韓民國 헌법"]) == ["kor"]
    assert likely_languages(["合同.pdf"]) == ["chi_sim"]
    assert likely_languages(["Договор.tiff"]) == ["rus"]
    assert likely_languages(["invoice-march.png", "Typed page."]) == []


def test_an_engine_that_lacks_the_language_is_named_one_that_has_it_is_not() -> None:
    assert unreadable_language(["계약서.png"], RAPIDOCR_LANGUAGES) == "Korean"
    assert unreadable_language(["계약서.png"], frozenset({"eng", "kor"})) is None
    assert unreadable_language(["계약서.png"], None) is None  # the multilingual NIM
    assert unreadable_language(["receipt.jpg"], frozenset({"eng"})) is None


# What the engines made of the benchmark's scans (bench_ocr.py, 150 dpi, degraded).
KOREAN_READ_AS_ENGLISH = (
    "25 HZS| SME HAS SATE OS SE] DLO} LOHASLICH.\n71SSol CLEA Of} AA7/SSAst3S0j Batse, Yt "
    "aln7jee\nSOA 1452 ONC AS SASLICL. MSO LY Sot seo]\n30 ZOOAA,HEA HO 71LO| ti=rl| "
    "Jojx|BOv| SAtzIo4)\nAZ MAl7| BEBELICH.\nHAS MSO CHtQe 71eBo| Fsoe Aol 4/7} Le|AScIch."
)
ENGLISH_READ_AS_KOREAN = (
    '" 나66056" 511811 76817 416 61075 8170 0000100115 07 456,\n「60「00404107, 300 0194110401011'
    ' 35.0601160 6 5600015 1\n타「049119.07 타150004106마.\n" 니66050" 51811 07681 타16 00ㅁ1191 0 '
    "버 타 0 60408\n34타011260-0/ 416 00011911 0뻐10 타2『15 9「80009 타6\n니66056.\n리 10416 "
    "0041065 4120 000401, 316 00101160 5, 07 카 014170와"
)
ENGLISH = (
    '"License". shall mean the terms and conditions for use,\nreproduction, and distribution as '
    'defined by. Sections 1\nthrough 9 of this document,\n"Licensor" shall méan the copyright '
    "owner or entity.\nauthorized by the copyright owner that is granting-the\nLicense."
)
KOREAN = (
    "오늘서울의 날씨는 대체로맑겠지만오후부터 구름이 많아지겠습니다.\n기상청에 따르면아침 "
    "최저기온은 영하3도에서영상5도,낮최고기온은\n8도에서14도로 어제보다 조금높겠습니다. 예상 "
    "강수량은 제주도 산지에 최대\n80밀리미터, 남부지방에 20에서 60밀리미터"
)


def test_text_read_in_a_script_the_engine_lacks_is_told_from_text_it_read() -> None:
    from desktop_app.core.ocr.languages import garbled_share

    assert garbled_share(KOREAN_READ_AS_ENGLISH) > 0.5
    assert garbled_share(ENGLISH_READ_AS_KOREAN) > 0.5
    assert garbled_share(ENGLISH) < 0.1
    assert garbled_share(KOREAN) < 0.1
    assert garbled_share("two words") is None  # too little to tell


def test_the_recognised_text_decides_the_flag_and_confidence_only_without_enough_text() -> None:
    from desktop_app.core.ingest.ocr_pages import _read_as_noise

    # Noise is flagged even read with confidence (RapidOCR said 0.87 of a Korean page) ...
    assert _read_as_noise([KOREAN_READ_AS_ENGLISH], {1: 0.87}) == "unknown"
    assert _read_as_noise([ENGLISH_READ_AS_KOREAN], {1: 0.9}) == "unknown"
    # ... words are not, however unsure the engine was of a poor scan.
    assert _read_as_noise([ENGLISH], {1: 0.45}) is None
    assert _read_as_noise([KOREAN], {1: 0.5}) is None
    # Too little text: the engine's confidence is all there is.
    assert _read_as_noise(["AA7 HZS"], {1: 0.3}) == "unknown"
    assert _read_as_noise(["Total 42"], {1: 0.9}) is None
