"""Test-only hooks: a Ctrl-C delivered at a named point of a run, so interrupt tests need no timing."""

from __future__ import annotations

import os
import signal

__all__ = ["INTERRUPT_ENV", "checkpoint"]

#: Environment variable naming the checkpoint at which the process interrupts itself.
INTERRUPT_ENV = "WIFIPLAN_TEST_INTERRUPT_AT"


def checkpoint(name: str) -> None:
    """Raise SIGINT in this process when ``$WIFIPLAN_TEST_INTERRUPT_AT`` equals ``name``.

    The signal goes through the installed handler, exactly as a user's Ctrl-C would; with the
    variable unset (always, outside tests) this is one dictionary lookup.

    >>> checkpoint("nowhere")   # variable unset: nothing happens
    """
    if os.environ.get(INTERRUPT_ENV) == name:
        signal.raise_signal(signal.SIGINT)
