"""The pure retry policy: full-jitter backoff, Retry-After, and what is worth retrying."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from desktop_app.core.errors import (
    NimAuthError,
    NimBadRequestError,
    NimError,
    NimForbiddenError,
    NimInputTooLongError,
    NimModelNotFoundError,
    NimNotReadyError,
    NimRateLimitedError,
    NimServerError,
    NimStreamError,
    NimTimeoutError,
    NimUnreachableError,
)
from desktop_app.core.nim.retry import RetryNotice, RetryPolicy, is_retryable, parse_retry_after


def test_backoff_grows_exponentially_up_to_the_cap() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    top = [policy.backoff(attempt, rng=lambda: 1.0) for attempt in range(6)]
    assert top == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_backoff_is_full_jitter_between_zero_and_the_ceiling() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=100.0)
    assert policy.backoff(3, rng=lambda: 0.0) == 0.0
    assert policy.backoff(3, rng=lambda: 0.25) == 2.0
    # The real random source stays within bounds.
    assert all(0.0 <= policy.backoff(3) <= 8.0 for _ in range(200))


def test_backoff_of_a_huge_attempt_number_does_not_overflow() -> None:
    assert RetryPolicy(max_delay=30.0).backoff(10_000, rng=lambda: 1.0) == 30.0


def test_retry_after_wins_over_backoff_and_is_bounded() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.delay(NimRateLimitedError("x", retry_after=7.0), 0, rng=lambda: 1.0) == 7.0
    assert policy.delay(NimNotReadyError("x", retry_after=0.0), 3, rng=lambda: 1.0) == 0.0
    assert policy.delay(NimRateLimitedError("x", retry_after=3600.0), 0) == 60.0


def test_without_retry_after_the_delay_is_the_backoff() -> None:
    policy = RetryPolicy(base_delay=2.0, max_delay=100.0)
    assert policy.delay(NimRateLimitedError("x"), 2, rng=lambda: 0.5) == 4.0
    assert policy.delay(NimServerError("x"), 0, rng=lambda: 1.0) == 2.0


@pytest.mark.parametrize(
    "error",
    [
        NimRateLimitedError("429"),
        NimNotReadyError("503"),
        NimServerError("500"),
        NimUnreachableError("refused"),
    ],
)
def test_transient_failures_are_retried(error: NimError) -> None:
    assert is_retryable(error, idempotent=True)
    assert is_retryable(error, idempotent=False)


def test_a_read_timeout_is_retried_only_for_idempotent_calls() -> None:
    error = NimTimeoutError("slow")
    assert is_retryable(error, idempotent=True)
    assert not is_retryable(error, idempotent=False)


@pytest.mark.parametrize(
    "error",
    [
        NimAuthError("401"),
        NimForbiddenError("403"),
        NimModelNotFoundError("404"),
        NimInputTooLongError("400"),
        NimBadRequestError("422"),
        NimStreamError("mid-stream"),
        ValueError("a bug"),
    ],
)
def test_deterministic_failures_are_never_retried(error: Exception) -> None:
    assert not is_retryable(error, idempotent=True)
    assert not RetryPolicy().should_retry(error, 0)


def test_should_retry_stops_after_max_retries() -> None:
    policy = RetryPolicy(max_retries=2)
    error = NimServerError("boom")
    assert [policy.should_retry(error, attempt) for attempt in range(4)] == [
        True,
        True,
        False,
        False,
    ]
    assert not RetryPolicy(max_retries=0).should_retry(error, 0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, None), ("", None), ("7", 7.0), (" 1.5 ", 1.5), ("-3", 0.0), ("soon", None)],
)
def test_retry_after_seconds(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header) == expected


def test_retry_after_http_date_is_seconds_from_now() -> None:
    now = 1_700_000_000.0
    header = formatdate(now + 30, usegmt=True)
    assert parse_retry_after(header, now=now) == pytest.approx(30.0)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0


def test_retry_after_nonsense_numbers_are_ignored() -> None:
    assert parse_retry_after("nan") is None
    assert parse_retry_after("inf") is None


def test_retry_notice_reads_as_a_progress_line() -> None:
    notice = RetryNotice("embedding", NimRateLimitedError("x"), attempt=1, max_retries=5, delay=4)
    assert notice.describe() == "The embedding NIM is rate-limited, retrying in 4 s (1/5)."
    loading = RetryNotice("rerank", NimNotReadyError("x"), attempt=2, max_retries=5, delay=0.25)
    assert loading.describe() == (
        "The reranking NIM is still loading its model, retrying in 0.2 s (2/5)."
    )
