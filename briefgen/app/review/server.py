"""Running the review page: a free port on 127.0.0.1, the URL with its token, the browser."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import Any

from briefgen.errors import UsageError

HOST = "127.0.0.1"  # never another interface: the page edits the fact base


def choose_partner(config: Any, partner: str | None) -> str:
    """The partner named on the command line as briefgen.yaml spells it (default: the first)."""
    if not config.partners:
        raise UsageError("briefgen.yaml lists no partners")
    if partner is None:
        return config.partners[0]
    for known in config.partners:
        if known.casefold() == partner.strip().casefold():
            return known
    raise UsageError(f"unknown partner {partner!r} (briefgen.yaml lists {', '.join(config.partners)})")


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    sock.listen(64)
    return sock


def serve(config: Any, partner: str | None, *, port: int = 0, open_browser: bool = True,
          as_of: Any = None, say: Callable[[str], None] = print) -> None:
    """Serve the review page until Ctrl-C."""
    import uvicorn  # only `briefgen review` needs the web server

    from briefgen.app.review.web import Settings, create_app

    chosen = choose_partner(config, partner)
    sock = bind(port)
    settings = Settings(config, chosen, sock.getsockname()[1], as_of=as_of)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="off",
                                           server_header=False, date_header=False))
    say(f"reviewing {chosen} at {settings.url()}")
    say("Ctrl-C stops")
    if open_browser:
        def open_when_ready() -> None:
            for _ in range(100):
                if server.started:
                    webbrowser.open(settings.url())
                    return
                time.sleep(0.05)

        threading.Thread(target=open_when_ready, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
