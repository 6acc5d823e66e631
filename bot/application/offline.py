"""No network at run time: switch off the telemetry our dependencies would send, at process start.

Found by running each server behind a proxy that refuses everything (tests/bot/test_no_network.py):
onnxruntime (>= 1.2x on Linux, through chromadb's and our encoder's inference sessions) starts a
Microsoft 1DS telemetry client that connects to `mobile.events.data.microsoft.com` about ten
seconds after the first session is created. Its Python `disable_telemetry_events()` does not stop
that client; the `ORT_DISABLE_TELEMETRY` environment variable does, when it is set before
onnxruntime initialises, which is why this runs when the `bot` package is imported.

The other switches are belt and braces for libraries that phone home when asked to: chromadb's
posthog telemetry (also off in ChromaStore's settings), huggingface_hub's telemetry, and the
generic DO_NOT_TRACK convention.
"""
from __future__ import annotations

import os
from typing import MutableMapping

# Forced: a school's "no network" promise must not depend on the environment a bot is started from.
FORCED = {
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
# Defaults an operator may override (the bundled model never needs the Hugging Face Hub).
DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
}


def switch_off_telemetry(environ: MutableMapping[str, str] = os.environ) -> None:
    environ.update(FORCED)
    for name, value in DEFAULTS.items():
        environ.setdefault(name, value)
