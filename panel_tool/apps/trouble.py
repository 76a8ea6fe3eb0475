"""No traceback ever reaches the browser.

In a kernel, ipykernel sends whatever goes to stderr (Python's or the file descriptor's) and every
traceback a widget callback raises to the browser over the websocket, with server paths in it. An
app served by `panel-tool serve` calls `tracebacks_to_server_log` once: tracebacks and error logs
then go to the server's own log (the terminal `serve` runs in), and the member sees one plain
sentence instead.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Callable

PLAIN = ("Something went wrong with that. Your saved answers are safe. "
         "If it happens again, please tell your facilitator.")
STAFF_PLAIN = ("Something went wrong with that. Nothing already saved is lost. If it happens again, "
               "tell the person who runs the panel's server: its log says what went wrong.")


def server_log_stream():
    """A text stream to the kernel process's real stderr, which is the server's log."""
    try:
        fd = os.dup(sys.stderr.fileno())  # ipykernel's stream answers with its copy of the real fd
    except (AttributeError, OSError, ValueError):
        return sys.__stderr__
    return os.fdopen(fd, "w", buffering=1, encoding="utf-8", errors="replace")


class _ShowPlain(logging.Handler):
    def __init__(self, stream, show: Callable[[str], None]):
        super().__init__(logging.WARNING)
        self.stream, self.show = stream, show
        self.setFormatter(logging.Formatter("[panel_tool kernel] %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + "\n")
            self.stream.flush()
        except Exception:
            pass
        if record.levelno >= logging.ERROR:
            self.show(PLAIN)


def tracebacks_to_server_log(show: Callable[[str], None]) -> None:
    """Send this kernel's tracebacks and error logs to the server's log; call `show` with a plain
    sentence for the member instead."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    stream = server_log_stream()
    try:  # output written straight to file descriptor 2 goes to the server, not to the browser
        os.dup2(stream.fileno(), 2)
    except (OSError, ValueError):
        pass
    sys.stderr = stream

    def quiet_traceback(*args, **kwargs):
        traceback.print_exc(file=stream)
        stream.flush()
        show(PLAIN)

    shell.showtraceback = quiet_traceback  # what widget callbacks call when they raise
    handler = _ShowPlain(stream, show)
    logging.lastResort = handler
    for name in ("", "Comm", "IPKernelApp", "traitlets"):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
    kernel = getattr(shell, "kernel", None)
    log = getattr(kernel, "log", None)
    if isinstance(log, logging.Logger):
        for old in list(log.handlers):
            log.removeHandler(old)
        log.addHandler(handler)
        log.propagate = False
