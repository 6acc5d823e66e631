"""What every sub-command shares: loading the settings from the global flags."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, TextIO

from knowledge.settings import Settings, load_settings


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(path=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))


def export_csv(write: Callable[[TextIO], int], output: str | None, noun: str) -> int:
    """Run a CSV writer into `output` (a path) or stdout; the count goes to stderr so stdout stays pure CSV."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = write(out)
        print(f"wrote {count} {noun} to {output}", file=sys.stderr)
    else:
        write(sys.stdout)
    return 0
