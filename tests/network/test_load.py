"""The corridor tables: schema, sources and units."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.errors import DataError
from multivector.network import EDGE_COLUMNS, NODE_COLUMNS, load_corridors

NODES = ",".join(NODE_COLUMNS) + "\na,A,origin,X,1,2,,,s\nb,B,hub,X,,,,,s\nc,C,market,,,,,,s\n"
EDGE = "{u},{v},r,rail,cargo,{cap},{unit},X,,,,,s\n"


def _write(tmp_path: Path, edges: str, nodes: str = NODES) -> tuple[Path, Path]:
    n, e = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    n.write_text(nodes, encoding="utf-8")
    e.write_text(",".join(EDGE_COLUMNS) + "\n" + edges, encoding="utf-8")
    return n, e


def test_every_shipped_row_has_a_source_and_edges_have_known_units() -> None:
    G = load_corridors()
    assert all(d["source"] for _, d in G.nodes(data=True))
    assert all(d["source"] and d["unit"] == "Mt/y" for _, _, d in G.edges(data=True))
    routes = {d["route"] for _, _, d in G.edges(data=True)}
    assert routes == {"northern", "trans-caspian", "iranian", "eastern", "southern"}


def test_user_tables_load(tmp_path: Path) -> None:
    G = load_corridors(
        *_write(
            tmp_path,
            EDGE.format(u="a", v="b", cap=3, unit="Mt/y")
            + EDGE.format(u="b", v="c", cap="", unit="Mt/y"),
        )
    )
    assert G.edges["b", "c", "b-c:cargo"]["capacity"] is None


def test_mixed_units_on_one_path_are_refused(tmp_path: Path) -> None:
    edges = EDGE.format(u="a", v="b", cap=3, unit="Mt/y") + EDGE.format(
        u="b", v="c", cap=400000, unit="TEU/y"
    )
    with pytest.raises(DataError, match="mixes units"):
        load_corridors(*_write(tmp_path, edges))


@pytest.mark.parametrize(
    ("edges", "match"),
    [
        (EDGE.format(u="a", v="z", cap=1, unit="Mt/y"), "unknown node"),
        (EDGE.format(u="a", v="b", cap=1, unit="mb/d"), "unit"),
        (EDGE.format(u="a", v="b", cap="lots", unit="Mt/y"), "not a number"),
        (EDGE.format(u="a", v="b", cap=1, unit="Mt/y").replace(",s\n", ",\n"), "source"),
    ],
)
def test_bad_rows_are_refused(tmp_path: Path, edges: str, match: str) -> None:
    with pytest.raises(DataError, match=match):
        load_corridors(*_write(tmp_path, edges))
