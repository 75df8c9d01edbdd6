"""NimSimulator: start, configure, fault-inject and inspect a NIM simulator on 127.0.0.1."""

from __future__ import annotations

import threading
from collections import Counter
from types import TracebackType
from typing import Any

from tests.nimsim.config import Profile, SimConfig
from tests.nimsim.faults import DROP, Failure
from tests.nimsim.server import NimHttpServer
from tests.nimsim.state import SimState

__all__ = ["NimSimulator"]


class NimSimulator:
    """A real HTTP NIM (embeddings, ranking, chat, models, health) on one port; context manager."""

    def __init__(
        self,
        profile: Profile = "local",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
        **knobs: Any,
    ) -> None:
        unknown = set(knobs) - SimConfig.knob_names()
        if unknown:
            raise TypeError(f"unknown NimSimulator knob(s): {', '.join(sorted(unknown))}")
        if profile not in ("local", "hosted"):
            raise ValueError(f"profile must be 'local' or 'hosted', not {profile!r}")
        self.config = SimConfig(profile=profile, **knobs)
        self._state = SimState(self.config, verbose=verbose)
        self._address = (host, port)
        self._server: NimHttpServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> NimSimulator:
        """Bind and serve in a background thread; the cold-start clock starts now."""
        if self._server is not None:
            return self
        self._state.stopping.clear()
        self._server = NimHttpServer(self._address, self._state)
        self._state.restart_cold_clock()
        # The poll interval is also how long stop() waits for the serving loop to notice.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"nimsim:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections and join every thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._state.stopping.set()  # wakes handlers sleeping for latency or between tokens
        server.shutdown()
        thread.join()
        server.close_connections()
        server.server_close()  # joins the handler threads
        self._server = self._thread = None

    def __enter__(self) -> NimSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """Return the bound port (the ephemeral one when port=0)."""
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        """Return "http://127.0.0.1:PORT" (no /v1)."""
        return f"http://{self._address[0]}:{self.port}"

    @property
    def base_url(self) -> str:
        """Return "http://127.0.0.1:PORT/v1": embeddings, ranking and chat all live under it."""
        return f"{self.root_url}/v1"

    @property
    def ocr_url(self) -> str:
        """Return the full OCR URL for the profile (/v1/ocr, /v1/infer or the hosted one)."""
        return self.root_url + self.config.ocr_path()

    @property
    def ranking_url(self) -> str:
        """Return the full ranking URL for the profile (/v1/ranking or the hosted per-model one)."""
        return self.root_url + self.config.rerank_path()

    # -- faults --------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        times: int = 1,
        retry_after: float | str | None = None,
        body: Any = None,
    ) -> None:
        """Make the next `times` inference requests answer `status`.

        body None: the shape of the layer that sends `status` for this profile and route; a dict or
        list is sent as JSON, a str as text/plain, bytes as is. retry_after None: "1" for 429/503
        and no header otherwise; a number is sent as seconds; a str verbatim ("" sends none).
        """
        self._state.faults.add(Failure(status, retry_after, body), times)

    def drop_next(self, times: int = 1) -> None:
        """Make the next `times` inference requests lose their connection with no response."""
        self._state.faults.add(DROP, times)

    def cold_start(self, seconds: float) -> None:
        """Begin a cold start now: ready and inference answer 503 for `seconds`."""
        self.config.cold_start_s = seconds
        self._state.restart_cold_clock()

    # -- inspection ----------------------------------------------------------------------------

    @property
    def counters(self) -> Counter[str]:
        """Return request counts by kind: embeddings, ranking, chat, models, health (0 if none)."""
        return self._state.counters()

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Return the recorded inference requests: {method, path, headers, json, body}."""
        return self._state.requests()

    @property
    def errors(self) -> list[str]:
        """Return tracebacks of internal simulator errors (should stay empty)."""
        return self._state.errors()

    @property
    def pending_faults(self) -> int:
        """Return how many injected faults have not been consumed yet."""
        return self._state.faults.pending()

    def reset(self) -> None:
        """Clear counters, recorded requests, errors and pending faults; refill the rate limit."""
        self._state.reset()
