"""Legacy-encoded text comes out as written: real sentences, short and long, per code page."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.ingest.extract import extract

FRENCH = (
    "Menu du jour\n"
    "Entrée : pâté de campagne\n"
    "Plat : bœuf bourguignon, garçon !\n"
    "Dessert : crème brûlée\n"
    "Prix : 25 € (service compris)\n"
)
GERMAN = (
    "Sehr geehrte Damen und Herren,\n"
    "die Bestätigung Ihrer Bestellung über fünf Bücher erhalten Sie in Kürze. Die Lieferung "
    "erfolgt aus unserem Lager in München über die Straße nach Köln.\n"
    "Mit freundlichen Grüßen\n"
)
SPANISH = "¿Dónde está la estación? El niño pequeño comió jalapeños en la montaña. ¡Qué señor!"
PORTUGUESE = "A informação está disponível na seção de ações. São Paulo, coração, não."
KOREAN = (
    "지난 분기 매출은 전년 대비 12% 증가했습니다. 서울 본사에서 다음 주 화요일에 회의가 "
    "열리며, 각 부서장은 예산 계획을 준비해 주시기 바랍니다."
)
RUSSIAN = (
    "Съешь же ещё этих мягких французских булок, да выпей чаю. Москва - столица России, "
    "крупнейший по численности населения город страны."
)
JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした"
    "所でニャーニャー泣いていた事だけは記憶している。"
)
CZECH = "Dobrý den, jak se máte? Děkuji, dobře. Zítra pojedeme vlakem do Brna."
POLISH = (
    "Litwo! Ojczyzno moja! ty jesteś jak zdrowie. Ile cię trzeba cenić, ten tylko się dowie, "
    "kto cię stracił."
)
HUNGARIAN = "Árvíztűrő tükörfúrógép. A magyar nyelv szép, és a főváros Budapest."

SAMPLES = [
    ("crème brûlée", "latin-1"),  # the fault campaign's file: came out as "crčme brűlée"
    ("crème brûlée", "cp1252"),
    ("Grüße aus Köln", "latin-1"),
    (FRENCH, "cp1252"),
    (GERMAN, "latin-1"),
    (GERMAN, "cp1252"),
    (SPANISH, "latin-1"),
    (PORTUGUESE, "latin-1"),
    (KOREAN, "euc-kr"),
    (KOREAN + " 똠방각하, 햏, 뷁.", "cp949"),  # syllables only CP949 has
    (JAPANESE, "shift_jis"),
    (JAPANESE, "euc-jp"),
    (RUSSIAN, "cp1251"),
    (RUSSIAN, "koi8-r"),
    ("我能吞下玻璃而不伤身体。北京是中国的首都。", "gb18030"),
    ("我能吞下玻璃而不傷身體。臺北是臺灣的首都。", "big5"),
    ("Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.", "cp1253"),
    # Central European text must not be taken for Western by the preference for 1252.
    (CZECH, "cp1250"),
    (CZECH, "iso-8859-2"),
    (POLISH, "cp1250"),
    (POLISH, "iso-8859-2"),
    (HUNGARIAN, "iso-8859-2"),
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    SAMPLES,
    ids=[f"{encoding}-{text[:12]}" for text, encoding in SAMPLES],
)
def test_text_in_a_legacy_encoding_reads_as_written(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(text.encode(encoding))
    assert extract(path).text == text.strip()


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Le dessert : crème brûlée et café.", "cp1252"), (KOREAN, "euc-kr"), (CZECH, "cp1250")],
)
def test_html_without_a_declared_charset_reads_as_written(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><body><p>{text}</p></body></html>".encode(encoding))
    assert extract(path).text == text
