"""The fleet files in packaging/ (docs/fleet.md): the alert rules, checked and unit-tested
with promtool; the Ansible playbook, checked with ansible-playbook; the Grafana dashboard;
and that all of them name only metrics and labels the kiosk writes.

promtool (Debian's prometheus) and ansible-playbook (ansible-core) are skipped where
missing, except in CI, which installs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk.metrics import Snapshot, write_metrics

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
RULES = PACKAGING / "prometheus" / "kiosk-alerts.yml"
RULE_TESTS = PACKAGING / "prometheus" / "kiosk-alerts.test.yml"
PLAYBOOK = PACKAGING / "ansible" / "kiosk.yml"
INVENTORY = PACKAGING / "ansible" / "inventory.example.ini"
DASHBOARD = PACKAGING / "grafana" / "kiosk-dashboard.json"
# What node_exporter and Prometheus add beside kiosk.prom's own metrics.
NOT_THE_KIOSKS = {"up", "node_textfile_mtime_seconds", "node_time_seconds", "vector"}
# Grafana's variables, as they may stand in a query, and PromQL for each.
GRAFANA_VARIABLES = {"$__range": "1d", "$instance": ".*"}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return found


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def rule_exprs() -> list[str]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return loaded


def dashboard_exprs() -> list[str]:
    queries = [t["expr"] for panel in dashboard()["panels"] for t in panel["targets"]]
    for variable in dashboard()["templating"]["list"]:
        if variable["type"] == "query":
            queries.append(variable["definition"])
    return queries


def as_promql(query: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        query = query.replace(variable, value)
    return query


def test_the_alert_rules_are_valid() -> None:
    assert "SUCCESS: 3 rules found" in run(tool("promtool"), "check", "rules", RULES)


def test_each_alert_fires_when_it_should_and_not_otherwise() -> None:
    """kiosk-alerts.test.yml: a kiosk unplugged, exited or never started; a window not
    drawn while open, one at rest and one closed for the night; a pack refused for good
    and one with errors for the minutes it takes to arrive."""
    assert "SUCCESS" in run(
        tool("promtool"), "test", "rules", RULE_TESTS.name, cwd=RULE_TESTS.parent
    )


def test_the_dashboards_queries_are_promql(tmp_path: Path) -> None:
    """Each query, its Grafana variables filled in, passes promtool as a recording rule."""
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query{n}", "expr": as_promql(query)}
                    for n, query in enumerate(dashboard_exprs())
                    if not query.startswith("label_values(")
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules))
    assert "SUCCESS" in run(tool("promtool"), "check", "rules", path)


def test_rules_and_dashboard_name_only_metrics_and_labels_the_kiosk_writes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kiosk.prom"
    write_metrics(
        path,
        Snapshot(
            uptime_seconds=60,
            since_frame_seconds=1,
            pack={"version": "1", "title": "T", "manifest_sha256": "", "copy": "pack folder"},
            topics={("a.md", "en"): (1, 30)},
        ),
    )
    written = {
        sample.name: set(sample.labels)
        for family in text_string_to_metric_families(path.read_text())
        for sample in family.samples
    }
    for query in rule_exprs() + dashboard_exprs():
        for name, labels in re.findall(r"\b(kiosk_[a-z_]+)(?:\{([^}]*)\})?", query):
            assert name in written, f"{name} in {query!r} is not in kiosk.prom"
            used = set(re.findall(r"\b(\w+)\s*=~?", labels)) - {"job", "instance"}
            assert used <= written[name], f"{query!r}: {name} has no {used - written[name]}"
        others = set(re.findall(r"\b([a-z_]+)\s*(?:\{|\()", query)) - set(written)
        functions = {"count", "sum", "max", "by", "on", "ignoring", "unless", "or", "and"}
        functions |= {"increase"}
        functions |= {"sort_desc", "label_values"}
        assert others <= NOT_THE_KIOSKS | functions, query


def test_the_dashboard_is_one_grafana_can_import() -> None:
    board = dashboard()
    panels = board["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    for panel in panels:
        place = panel["gridPos"]
        assert place["x"] + place["w"] <= 24, panel["title"]  # Grafana's grid is 24 wide
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        assert panel["targets"]
        assert all(target["expr"] for target in panel["targets"])
    variables = {variable["name"]: variable for variable in board["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"  # any Prometheus, chosen at import


def test_the_playbook_passes_ansible_syntax_check() -> None:
    output = run(tool("ansible-playbook"), "--syntax-check", "-i", INVENTORY, PLAYBOOK)
    assert "playbook: " in output


def test_the_playbooks_drop_in_starts_the_kiosk_as_the_unit_does() -> None:
    """The drop-in replaces the unit's ExecStart with the same command plus the metrics
    folder: a change to the unit's command must reach the playbook too."""
    unit = (PACKAGING / "kiosk-cage.service").read_text()
    start = re.search(r"^ExecStart=(.+)$", unit, re.M)
    assert start is not None
    tasks = yaml.safe_load(PLAYBOOK.read_text())[0]["tasks"]
    drop_in = next(t for t in tasks if "fleet.conf" in str(t))["ansible.builtin.copy"]
    lines = drop_in["content"].splitlines()
    assert lines[-2:] == [
        "ExecStart=",
        f"ExecStart={start[1]} --metrics-dir {{{{ kiosk_metrics_dir }}}}",
    ]
