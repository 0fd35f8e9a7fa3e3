"""kiosk.prom for node_exporter's textfile collector, read back with the Prometheus
client library's own parser."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from pytestqt.qtbot import QtBot

from kiosk import manifest
from kiosk.metrics import Snapshot, write_metrics
from kiosk.ui.app import Kiosk
from tests.conftest import FakeClock, MakePack
from tests.ui.conftest import MakeKiosk
from tests.ui.test_live_content import settle_and_load, topic


def samples(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = path.read_text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def prom(kiosk: Kiosk) -> Path:
    assert kiosk.options.status_file is not None
    kiosk._start_metrics()  # as a second after the first frame
    return kiosk.options.status_file.parent / "kiosk.prom"


def test_what_a_fleet_sees_of_a_kiosk(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    clock = FakeClock()
    root = make_pack(
        {
            "pack.toml": '[pack]\nversion = "7"\ntitle = "Clinic"\n',
            "a.md": topic("A"),
            "b.md": topic("B"),
        }
    )
    kiosk = make_kiosk(root, clock=clock)
    kiosk.window.open_topic("a")
    clock.advance(30)
    path = prom(kiosk)
    found = samples(path)
    assert found[("kiosk_up", ())] == 1
    assert found[("kiosk_pack_shown", ())] == 1
    info = next(labels for name, labels in found if name == "kiosk_pack_info")
    assert dict(info) == {
        "version": "7",
        "title": "Clinic",
        "manifest_sha256": "",
        "copy": "pack folder",
    }
    assert found[("kiosk_topic_opens_total", (("language", "en"), ("topic", "a")))] == 1
    # A topic not opened yet is there at 0, so increase() counts its first opening.
    assert found[("kiosk_topic_opens_total", (("language", "en"), ("topic", "b")))] == 0
    assert found[("kiosk_seconds_since_frame", ())] >= 30 - 1  # the fake clock moved on
    assert found[("kiosk_pack_problems", (("level", "error"),))] == 0
    assert found[("kiosk_open", ())] == 1
    # Nothing about a person or a time of day: topics are labelled by file and language.
    topic_labels = {labels for name, labels in found if name.startswith("kiosk_topic_")}
    assert {tuple(k for k, _ in labels) for labels in topic_labels} == {("language", "topic")}

    (root / "c.md").write_text("---\ntitle: Half\n")
    kiosk.live.watcher.note_change()
    settle_and_load(qtbot, kiosk, clock)
    found = samples(path)  # rewritten on the change
    assert found[("kiosk_swaps_refused_total", ())] == 1
    assert found[("kiosk_pack_problems", (("level", "error"),))] == 1


def test_a_kiosk_at_rest_still_paints_a_frame_a_minute(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    """Home at rest repaints nothing by itself: the minute's heartbeat asks for a frame,
    so a screen that is drawn never looks stale in kiosk.prom."""
    clock = FakeClock()
    kiosk = make_kiosk(make_pack({"a.md": topic("A")}), clock=clock)
    path = prom(kiosk)
    clock.advance(90)
    kiosk.write_status()
    assert samples(path)[("kiosk_seconds_since_frame", ())] >= 90
    with qtbot.waitSignal(kiosk.window.frame_painted, timeout=5000):
        kiosk.heartbeat.timeout.emit()
    kiosk.write_status()
    assert samples(path)[("kiosk_seconds_since_frame", ())] == 0


def test_the_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "collector" / "kiosk.prom"
    write_metrics(path, Snapshot(uptime_seconds=5, since_frame_seconds=1, pack=None))
    write_metrics(path, Snapshot(uptime_seconds=65, since_frame_seconds=0, pack=None))
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.prom"]  # no temporary left
    found = samples(path)
    assert found[("kiosk_uptime_seconds", ())] == 65
    assert found[("kiosk_pack_shown", ())] == 0


def test_a_sealed_pack_is_known_by_its_manifests_hash(
    qtbot: QtBot, make_kiosk: MakeKiosk, make_pack: MakePack
) -> None:
    root = make_pack({"a.md": topic("A")})
    manifest.seal(root, datetime(2026, 12, 1, 9, 0))
    kiosk = make_kiosk(root)
    found = samples(prom(kiosk))
    info = dict(next(labels for name, labels in found if name == "kiosk_pack_info"))
    expected = hashlib.sha256((root / manifest.MANIFEST).read_bytes()).hexdigest()
    assert info["manifest_sha256"] == expected
