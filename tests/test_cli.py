"""The command line: ``python -m logreg_core`` in a subprocess, and ``main`` in-process for the details."""

import json
import subprocess
import sys

import pytest

from logreg_core.__main__ import main


def cli(*args):
    """Run ``python -m logreg_core args`` with this interpreter; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "logreg_core", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_json_output_has_the_final_metrics():
    out = cli("--dataset", "moons", "--samples", "100", "--epochs", "20", "--seed", "1", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {
        "epochs",
        "steps",
        "objective",
        "train_loss",
        "train_accuracy",
        "test_loss",
        "test_accuracy",
        "stopped",
    }
    assert result["epochs"] == 20 and result["steps"] == 20 * 3  # 75 training samples in batches of 32
    assert result["stopped"] is None and result["train_accuracy"] > 0.8
    assert "epochs:" not in out.stderr  # no progress bar under --json


def test_help_lists_the_options():
    out = cli("--help")
    assert out.returncode == 0
    for option in ("--dataset", "--learning-rate", "--batch-size", "--optimizer", "--degree", "--json"):
        assert option in out.stdout


def test_a_bad_value_exits_2_with_a_message():
    out = cli("--learning-rate", "0", "--json")
    assert out.returncode == 2
    assert out.stderr == "error: learning_rate must be a number > 0; got 0.0. Try 0.1.\n" and out.stdout == ""


def test_an_unknown_choice_exits_2_with_argparse_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--dataset", "spirals"])
    assert exit_info.value.code == 2
    assert "argument --dataset: invalid choice: 'spirals'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epochs", "-3"], "error: epochs must be an integer >= 0; got -3."),
        (["--samples", "1"], "error: n_samples must be an integer in [2, 5000]; got 1."),
        (["--degree", "9"], "error: degree must be an integer in [1, 6]; got 9."),
        (["--noise", "nan"], "error: noise must be a number in [0, 5]; got nan."),
        (["--test-fraction", "0.95"], "error: test_fraction must be a number in [0, 0.9]; got 0.95."),
        (["--dataset", "blobs", "--centers", "9"], "error: centers must be an integer in [2, 6]; got 9."),
        (["--optimizer", "adam", "--batch-size", "-5"], "error: batch_size must be an integer >= 1; got -5."),
    ],
)
def test_main_returns_2_for_bad_values(args, message, capsys):
    assert main([*args, "--json"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_main_trains_multiclass_full_batch_with_features(capsys):
    args = ["--dataset", "blobs", "--centers", "4", "--degree", "2", "--batch-size", "0", "--epochs", "30"]
    assert main([*args, "--optimizer", "momentum", "--l2", "0.01", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["steps"] == 30 and result["test_accuracy"] > 0.9


def test_main_reports_divergence_and_exits_1(capsys):
    assert main(["--learning-rate", "1e9", "--epochs", "3", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert "learning rate 1e+09 is too high" in result["stopped"] and result["epochs"] == 1


def test_main_prints_a_table_without_json(capsys):
    assert main(["--epochs", "2", "--samples", "40"]) == 0
    out = capsys.readouterr().out
    assert "train_accuracy:" in out and "stopped: None" in out
