"""What every sub-command shares: loading the settings from the global flags."""
from __future__ import annotations

import argparse

from knowledge.settings import Settings, load_settings


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(path=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))
