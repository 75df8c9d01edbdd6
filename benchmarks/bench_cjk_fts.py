"""Keyword search for Korean (and English) with three FTS5 set-ups: which finds what, at what size.

Usage: python benchmarks/bench_cjk_fts.py
Compares plain unicode61, unicode61 with a prefix query, trigram, and Trove's CJK bigrams
(desktop_app/core/text/fts.py) on tests/data/korean_sample.txt (one row per sentence), the
English licence texts in /usr/share/common-licenses and Python's own docstrings.
Results: docs/benchmarks-cjk.md.
"""

from __future__ import annotations

import inspect
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.text.fts import FTS_TOKENIZE, to_fts_query, to_index_text

ROOT = Path(__file__).resolve().parents[1]
KOREAN = (ROOT / "tests" / "data" / "korean_sample.txt").read_text("utf-8")

NOUNS_2 = [
    "날씨", "서울", "기온", "오후", "지역", "예보", "경제", "물가", "금리", "정부",
    "시장", "가격", "검색", "문서", "파일", "색인", "단어", "태풍", "장마", "주택",
    "환율", "수출", "대책", "결과", "사전", "의미", "회복", "공기", "구름", "전국",
]  # fmt: skip
NOUNS_3 = [
    "기상청", "강수량", "관계자", "전문가", "소비자", "사용자", "데이터", "컴퓨터", "미분양",
    "수도권", "거래량", "반도체", "투자자", "형태소", "임베딩", "안정성", "고기압", "기압골",
    "실수요", "한국어", "일본어", "중국어", "부동산", "농산물", "상승률", "외식비", "산책로",
]  # fmt: skip
# Nouns that (also) occur as the second half of a compound: 주식시장, 소비자물가, 기준금리, ...
NOUNS_IN_COMPOUNDS = [
    "시장", "물가", "금리", "기온", "지능", "지방", "먼지", "부채", "호우", "요금", "단체",
    "회견", "정책", "수요", "환율",
]  # fmt: skip
JA_ZH = (
    "東京の天気は晴れです。明日は全国的に雨が降るでしょう。気象庁によると、今年の夏は例年より"
    "暑くなる見込みです。台風の影響で新幹線が運転を見合わせています。検索エンジンは文書の索引を"
    "作ります。日本語の文章には単語の区切りがありません。会社の会議は午後三時から始まります。"
    "新しい携帯電話の価格が発表されました。\n"
    "北京今天天气很好。明天全国大部分地区有雨。气象局说今年夏天比往年更热。台风导致航班取消。"
    "搜索引擎需要先建立索引。中文句子里没有空格分隔词语。公司的会议下午三点开始。新手机的价格已经公布。"
)
JA_ZH_NOUNS = [
    "天気", "全国", "台風", "検索", "索引", "単語", "会議", "価格", "電話", "天气", "台风",
    "航班", "搜索", "中文", "词语", "会议", "价格", "手机", "気象庁", "新幹線", "日本語",
    "气象局",
]  # fmt: skip
ENGLISH_QUERIES = [
    "warranty", "patent", "source code", "distribute copies", "license", "software",
    "modify", "trademark", "liability", "contributor", "object code", "derivative works",
    "free software foundation", "permission", "network server", "iterator", "unicode string",
    "file descriptor", "exception", "thread", "socket timeout", "regular expression",
    "dictionary keys", "default value", "return value",
]  # fmt: skip

Setup = tuple[str, str, Callable[[str], str], Callable[[str], str]]
SETUPS: list[Setup] = [
    # name, tokenizer, document transform, query builder
    ("unicode61", "unicode61 remove_diacritics 2", lambda t: t, lambda q: f'"{q}"'),
    ("unicode61 + prefix*", "unicode61 remove_diacritics 2", lambda t: t, lambda q: f'"{q}"*'),
    ("trigram", "trigram", lambda t: t, lambda q: f'"{q}"'),
    ("bigram (Trove)", FTS_TOKENIZE, to_index_text, to_fts_query),
]


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|(?<=[。])|\n+", text)
    return [p.strip() for p in parts if p.strip()]


def build(rows: list[str], tokenizer: str, transform: Callable[[str], str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(f'CREATE VIRTUAL TABLE t USING fts5(body, tokenize="{tokenizer}")')
    conn.executemany(
        "INSERT INTO t(rowid, body) VALUES (?, ?)", [(i, transform(r)) for i, r in enumerate(rows)]
    )
    return conn


def index_bytes(rows: list[str], tokenizer: str, transform: Callable[[str], str]) -> int:
    """Bytes on disk of the FTS index alone (contentless: no copy of the text), after VACUUM."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fts.sqlite"
        conn = sqlite3.connect(path)
        conn.execute(
            f"CREATE VIRTUAL TABLE t USING fts5(body, content='', tokenize=\"{tokenizer}\")"
        )
        empty = path.stat().st_size
        with conn:
            conn.executemany(
                "INSERT INTO t(rowid, body) VALUES (?, ?)",
                [(i, transform(r)) for i, r in enumerate(rows)],
            )
            conn.execute("INSERT INTO t(t) VALUES ('optimize')")
        conn.execute("VACUUM")
        conn.close()
        return path.stat().st_size - empty


def recall(
    conn: sqlite3.Connection, rows: list[str], query: Callable[[str], str], nouns: list[str]
) -> tuple[int, int, int]:
    """(rows found that contain the noun, rows found, rows that contain the noun), summed."""
    hits = found_total = truth_total = 0
    for noun in nouns:
        truth = {i for i, r in enumerate(rows) if noun in r}
        found = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query(noun),))}
        truth_total += len(truth)
        found_total += len(found)
        hits += len(found & truth)
    return hits, found_total, truth_total


def korean_recall() -> None:
    rows = sentences(KOREAN)
    print(f"Korean: {len(rows)} sentences, {len(KOREAN)} characters\n")
    print("| set-up | 2-char nouns | 3-char nouns | 2nd half of compounds | precision |")
    print("|---|---|---|---|---|")
    for name, tokenizer, transform, query in SETUPS:
        conn = build(rows, tokenizer, transform)
        cells = []
        hits = found = 0
        for nouns in (NOUNS_2, NOUNS_3, NOUNS_IN_COMPOUNDS):
            h, f, t = recall(conn, rows, query, nouns)
            cells.append(f"{h / t:.0%} ({h}/{t})")
            hits, found = hits + h, found + f
        precision = f"{hits / found:.0%}" if found else "-"
        print(f"| {name} | {' | '.join(cells)} | {precision} |")
    print()
    rows = sentences(JA_ZH)
    print(f"Japanese + Chinese: {len(rows)} sentences, {len(JA_ZH)} characters\n")
    print("| set-up | 2-char words | 3-char words | precision |")
    print("|---|---|---|---|")
    two = [n for n in JA_ZH_NOUNS if len(n) == 2]
    three = [n for n in JA_ZH_NOUNS if len(n) == 3]
    for name, tokenizer, transform, query in SETUPS:
        conn = build(rows, tokenizer, transform)
        cells = []
        hits = found = 0
        for nouns in (two, three):
            h, f, t = recall(conn, rows, query, nouns)
            cells.append(f"{h / t:.0%} ({h}/{t})")
            hits, found = hits + h, found + f
        precision = f"{hits / found:.0%}" if found else "-"
        print(f"| {name} | {' | '.join(cells)} | {precision} |")
    print()


def english_rows() -> list[str]:
    rows: list[str] = []
    for path in sorted(Path("/usr/share/common-licenses").iterdir()):
        if path.is_file() and not path.is_symlink():
            text = path.read_text("utf-8", "replace")
            rows.extend(p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40)
    import collections
    import json
    import os
    import pathlib
    import socket
    import threading

    for module in (os, pathlib, socket, threading, collections, json, re, sqlite3, inspect):
        for _, obj in inspect.getmembers(module):
            doc = inspect.getdoc(obj)
            if doc and len(doc) > 80:
                rows.append(doc)
    return list(dict.fromkeys(rows))


def english_ranking() -> None:
    rows = english_rows()
    plain = build(rows, "unicode61 remove_diacritics 2", lambda t: t)
    trove = build(rows, FTS_TOKENIZE, to_index_text)
    same_top10 = same_scores = 0
    overlap = 0.0
    for q in ENGLISH_QUERIES:
        expression = to_fts_query(q)
        sql = "SELECT rowid, bm25(t) FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10"
        a = plain.execute(sql, (expression,)).fetchall()
        b = trove.execute(sql, (expression,)).fetchall()
        same_top10 += [r[0] for r in a] == [r[0] for r in b]
        same_scores += all(abs(x[1] - y[1]) < 1e-9 for x, y in zip(a, b, strict=False))
        overlap += len({r[0] for r in a} & {r[0] for r in b}) / max(1, len(a))
    n = len(ENGLISH_QUERIES)
    chars = sum(map(len, rows))
    print(f"English: {len(rows)} paragraphs/docstrings, {chars} characters, {n} queries\n")
    print("| comparison | result |")
    print("|---|---|")
    print(f"| identical top-10 (ids and order) | {same_top10}/{n} |")
    print(f"| identical bm25 scores | {same_scores}/{n} |")
    print(f"| mean top-10 overlap | {overlap / n:.0%} |")
    print()
    return None


def sizes() -> None:
    korean_rows = sentences(KOREAN) * 100
    english = english_rows()
    ko_chars = sum(map(len, korean_rows))
    en_chars = sum(map(len, english))
    print("| set-up | Korean index (x100 sample) | per 1k chars | English index | per 1k chars |")
    print("|---|---|---|---|---|")
    for name, tokenizer, transform, _ in SETUPS:
        if "prefix" in name:
            continue
        ko = index_bytes(korean_rows, tokenizer, transform)
        en = index_bytes(english, tokenizer, transform)
        print(
            f"| {name} | {ko / 1e6:.2f} MB | {ko / ko_chars * 1000:.0f} B | {en / 1e6:.2f} MB"
            f" | {en / en_chars * 1000:.0f} B |"
        )
    print(
        f"\n(Korean text: {ko_chars * 3 / 1e6:.2f} MB as UTF-8; English: {en_chars / 1e6:.2f} MB)"
    )


def main() -> int:
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}\n")
    korean_recall()
    english_ranking()
    sizes()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
