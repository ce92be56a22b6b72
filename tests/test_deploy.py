"""What can be checked of the deployment files without a Docker engine or a cluster."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name):
    return [line.split(None, 1)[1] for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]


def test_dockerfile_copies_files_that_exist():
    for args in instructions("COPY"):
        *sources, _ = args.split()
        for src in sources:
            assert (ROOT / src).exists(), f"Dockerfile copies {src}, which is not in the repo"


def test_dockerfile_runs_as_non_root_with_health_check_on_8501():
    assert instructions("USER") and instructions("USER")[-1] not in ("root", "0")
    assert "8501" in instructions("EXPOSE")
    assert "/_stcore/health" in instructions("HEALTHCHECK")[0]
    assert instructions("FROM")[0].startswith("python:3.11-slim")


def test_dockerfile_installs_and_starts_like_the_makefile():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -r requirements.txt" in " ".join(instructions("RUN"))
    assert "-m pip install --quiet -r requirements.txt" in makefile
    entry = instructions("ENTRYPOINT")[0]
    assert '"streamlit", "run", "app.py"' in entry
    assert "-m streamlit run app.py" in makefile


def test_requirements_are_pinned_runtime_only():
    lines = [x for x in (ROOT / "requirements.txt").read_text().splitlines() if x.strip()]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", x) for x in lines), lines
    names = {x.split("==")[0].lower() for x in lines}
    assert {"numpy", "streamlit", "plotly", "scikit-learn"} <= names
    assert not names & {"pytest", "ruff", "playwright", "hypothesis"}


def test_streamlit_config_is_safe_for_hosting():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["enableXsrfProtection"] is True and cfg["server"]["enableCORS"] is True
    assert cfg["server"]["maxUploadSize"] <= 5
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["showErrorDetails"] in ("none", False)
    assert cfg["server"]["fileWatcherType"] == "none"


def test_pyproject_makes_warnings_errors_in_tests():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "error" in cfg["tool"]["pytest"]["ini_options"]["filterwarnings"]
