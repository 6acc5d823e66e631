"""Broken storage for the fault tests: read-only, full, unreadable, unreachable; and a CLI runner.

Running as root (as CI does here), file permissions do not stop us, so:
- read-only is a read-only bind mount (EROFS), else `chmod a-w`;
- a full disk is a small tmpfs filled to the brim (root only: the test skips otherwise);
- an unreadable database runs the command without CAP_DAC_OVERRIDE (setpriv), else plain chmod 000.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.application.escalations.store import EscalationStore
from tests.bot.application.escalations.factories import open_escalation
from tests.conftest import ROOT

IS_ROOT = os.geteuid() == 0
CLOSED_PORT_URL = "postgresql+psycopg://policybot:secret@127.0.0.1:9/policybot"   # port 9: discard, never open


@dataclass
class Result:
    code: int
    out: str
    err: str

    def one_line_error(self, code: int, *words: str) -> str:
        """Assert: exit `code`, no traceback, exactly one `policybot ...` line on stderr naming `words`."""
        assert "Traceback" not in self.err, self.err[-3000:]
        lines = [line for line in self.err.splitlines() if line.startswith("policybot")]
        assert len(lines) == 1, self.err[-3000:]
        for word in words:
            assert word in lines[0], lines[0]
        assert self.code == code, (self.code, self.err[-2000:])
        return lines[0]


def run_cli(data_dir: Path, *argv: str, database_url: str | None = None, without_dac: bool = False,
            timeout: float = 240) -> Result:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYBOT_", "SLACK_", "Microsoft"))
           and k != "DATABASE_URL"}
    env.update(POLICYBOT_CONFIG=str(ROOT / "tests" / "fixtures" / "no-config.yaml"), HF_HUB_OFFLINE="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "bot.cli.main", "--data-dir", str(data_dir), *argv]
    if without_dac and IS_ROOT:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)


def populate(data_dir: Path, engine) -> int:
    """The bundled policies (ingested), the encoder's cache, and a question log with one open escalation."""
    shutil.copytree(engine.settings.chroma_path, data_dir / "chroma")
    (data_dir / "models").symlink_to(engine.settings.data_dir.resolve() / "models")
    store = EscalationStore.open(f"sqlite:///{data_dir / 'policybot.db'}")
    try:
        return open_escalation(store, "Can I livestream a field trip?").id
    finally:
        store.close()


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def read_only(path: Path):
    if IS_ROOT:
        _mount("--bind", str(path), str(path))
        try:
            _mount("-o", "remount,ro,bind", str(path))
            yield
        finally:
            subprocess.run(["umount", "--lazy", str(path)], check=False)   # lazy: even if a file is still open
        return
    modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if not p.is_symlink()}
    for p in modes:
        p.chmod(modes[p] & ~0o222)
    try:
        yield
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


@contextmanager
def full_disk(path: Path, size_mb: int = 8):
    """`path` becomes a tmpfs of `size_mb`; the body fills it (after copying data in) with `fill(path)`."""
    if not IS_ROOT:
        pytest.skip("a full disk is simulated with a tmpfs mount, which needs root")
    path.mkdir(parents=True, exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path))
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(path)], check=False)   # lazy: even if a file is still open


def fill(path: Path) -> None:
    with open(path / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    with open(path / "filler-small", "wb", buffering=0) as out:     # the last few free blocks
        try:
            while True:
                out.write(b"\0" * 512)
                out.flush()
        except OSError:
            pass
