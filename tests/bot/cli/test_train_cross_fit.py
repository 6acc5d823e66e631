"""`policybot train --cross-fit` and `train-encoder --without`: which encoder collects which manual's samples."""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli.train import CrossFitError, cross_fit_folds


def encoder_dir(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights")
    return folder


def test_each_manual_gets_the_encoder_of_its_fold(tmp_path):
    a, b = encoder_dir(tmp_path, "without-westada"), encoder_dir(tmp_path, "westada-only")
    folds = cross_fit_folds([f"{a}=westada-id", f"{b}=oregon-doc,minuteman-ma,bundled"])
    assert folds == {"westada-id": a, "oregon-doc": b, "minuteman-ma": b, "bundled": b}
    assert cross_fit_folds([]) == {}


@pytest.mark.parametrize("spec, problem", [
    ("{a}", "expected ENCODER_DIR=MANUAL"),
    ("{a}=", "expected ENCODER_DIR=MANUAL"),
    ("{missing}=westada-id", "no trained encoder"),
    ("{a}=conway-ar", "'conway-ar' is not a training manual"),       # the held-out manual is never fitted on
])
def test_bad_folds_are_refused_with_the_reason(tmp_path, spec, problem):
    a = encoder_dir(tmp_path, "enc")
    with pytest.raises(CrossFitError, match=problem):
        cross_fit_folds([spec.format(a=a, missing=tmp_path / "nothing")])


def test_a_manual_in_two_folds_is_refused(tmp_path):
    a, b = encoder_dir(tmp_path, "a"), encoder_dir(tmp_path, "b")
    with pytest.raises(CrossFitError, match="westada-id is named in two folds"):
        cross_fit_folds([f"{a}=westada-id", f"{b}=westada-id"])


def test_the_commands_refuse_bad_folds_in_one_line(tmp_path):
    train = subprocess.run([sys.executable, "-m", "bot.cli.main", "train", "--cross-fit", "nowhere=westada-id"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert train.returncode == 2 and train.stdout == ""
    assert train.stderr.strip().splitlines() == ["policybot train: --cross-fit 'nowhere=westada-id': no trained encoder in nowhere"]
    encoder = subprocess.run([sys.executable, "-m", "bot.cli.main", "train-encoder", "--without", "conway-ar"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert encoder.returncode == 2
    assert "--without names no training manual: conway-ar" in encoder.stderr
