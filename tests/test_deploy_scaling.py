"""What can be checked of the replica set-up without a cluster: nginx accepts its config, the balancer is
sticky and passes websockets, the start script stops only what it started, and the manifest has affinity,
probes and resources."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DEPLOY = ROOT / "deploy"
NGINX_CONF = (DEPLOY / "nginx.conf").read_text()
MANIFEST = (DEPLOY / "k8s.yaml").read_text()
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (sudo apt-get install -y nginx)")
def test_nginx_config_passes_nginx_t_in_a_temp_prefix(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "temp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_CONF)
    cmd = [NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "logs" / "error.log"), "-t"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr


def test_nginx_is_sticky_passes_websockets_and_keeps_them_open():
    upstream = re.search(r"upstream streamlit \{(.*?)\}", NGINX_CONF, re.S).group(1)
    assert re.search(r"^\s*(hash \$\S+ consistent|ip_hash);", upstream, re.M), "the upstream must be sticky"
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", upstream, re.M)) == 2
    assert "proxy_set_header Upgrade $http_upgrade;" in NGINX_CONF
    assert "proxy_set_header Connection $connection_upgrade;" in NGINX_CONF
    assert "proxy_http_version 1.1;" in NGINX_CONF
    assert "proxy_set_header Host $http_host;" in NGINX_CONF, "Streamlit checks the websocket's Origin against Host"
    assert int(re.search(r"proxy_read_timeout (\d+)s;", NGINX_CONF).group(1)) >= 3600
    assert re.search(r"listen 127\.0\.0\.1:\d+;", NGINX_CONF), "loopback only"


def test_the_sticky_cookie_is_the_one_the_hash_reads():
    key = re.search(r"hash \$(\S+) consistent;", NGINX_CONF).group(1)
    cookie = re.search(rf"map \$cookie_(\w+) \${key} \{{", NGINX_CONF).group(1)
    assert f'"{cookie}=$request_id; Path=/' in NGINX_CONF, "the first response must set the cookie the hash reads"


def test_run_replicas_script_parses_and_stops_only_its_own_processes():
    script = DEPLOY / "run-replicas.sh"
    assert subprocess.run(["bash", "-n", str(script)], timeout=30).returncode == 0
    text = script.read_text()
    assert "trap stop EXIT" in text and 'kill -TERM "$pid"' in text
    assert not re.search(r"\b(pkill|killall)\b", text)
    assert "deploy/nginx.conf" in text and "--server.address 127.0.0.1" in text


def manifest_docs():
    """The manifest's documents: parsed with PyYAML if it is installed, else None."""
    try:
        import yaml
    except ImportError:
        return None
    return list(yaml.safe_load_all(MANIFEST))


def test_manifest_has_two_replicas_probes_affinity_and_resources():
    docs = manifest_docs()
    if docs is None:  # no PyYAML: a structural check of the text
        kinds = re.findall(r"^kind: (\w+)$", MANIFEST, re.M)
        assert kinds == ["Deployment", "Service", "Ingress"]
        assert re.search(r"^  replicas: 2$", MANIFEST, re.M)
        for probe in ("readinessProbe", "livenessProbe"):
            assert re.search(rf"{probe}:.*?\n\s+httpGet: \{{path: /_stcore/health, port: 8501\}}", MANIFEST, re.S)
        assert re.search(r"^  sessionAffinity: ClientIP$", MANIFEST, re.M)
        assert 'nginx.ingress.kubernetes.io/affinity: "cookie"' in MANIFEST
        assert re.search(r"requests: \{cpu: \S+, memory: \d+Mi\}", MANIFEST)
        assert re.search(r"limits: \{memory: \d+Mi\}", MANIFEST)
        return
    deployment, service, ingress = docs
    assert [d["kind"] for d in docs] == ["Deployment", "Service", "Ingress"]
    assert deployment["spec"]["replicas"] == 2
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": 8501}, probe
    assert container["ports"][0]["containerPort"] == 8501
    resources = container["resources"]
    assert resources["requests"]["memory"].endswith("Mi") and resources["limits"]["memory"].endswith("Mi")
    assert int(resources["requests"]["memory"][:-2]) <= int(resources["limits"]["memory"][:-2])
    assert service["spec"]["sessionAffinity"] == "ClientIP"
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]


def test_streamlit_skips_the_forced_gc_after_every_run():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["runner"]["postScriptGC"] is False, "a full gc.collect() per click costs 50-130 ms of server CPU"
