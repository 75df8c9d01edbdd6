"""The rate and time left of progress lines."""

from __future__ import annotations

from desktop_app.core.index.meter import RateMeter


def test_items_done_without_work_count_towards_the_total_but_not_the_rate() -> None:
    now = [0.0]
    meter = RateMeter(total=1000, clock=lambda: now[0])
    meter.skip(600)  # vectors kept from before: written at once, no NIM call
    now[0] = 10.0
    meter.add(20)  # the NIM's own pace: 2 per second
    assert meter.done == 620
    assert meter.rate == 2.0
    assert meter.eta_s == 190.0  # the 380 left at that pace
    now[0] = 20.0
    meter.add(20)
    assert meter.rate == 2.0  # smoothing keeps it: the skipped 600 never count as work
