"""A base map for the corridor figures: country outlines and a conic projection.

The outlines are Natural Earth's 1:50m admin-0 countries (public domain), cut to the
region 20-62 N, 20-100 E and simplified; they ship with the package
(``multivector/network/data/countries_50m.geojson``, described in the README beside
it) and are read through :mod:`importlib.resources`, so nothing is downloaded.

The projection is Lambert's conformal conic on the sphere (Snyder 1987, *Map
Projections: A Working Manual*, USGS Professional Paper 1395, pp. 104-107), written with
numpy: shapes are true at every scale and the two standard parallels (33 and 50 N by
default) keep the scale within 3 % of true across 25-56 N.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "COUNTRIES_FILE",
    "Country",
    "LambertConformal",
    "countries",
    "draw_countries",
    "draw_graticule",
    "lines_of_control",
]

#: The shipped outlines, in ``multivector/network/data``.
COUNTRIES_FILE = "countries_50m.geojson"

_Ring = NDArray[np.float64]


@dataclass(frozen=True)
class LambertConformal:
    """Lambert conformal conic projection on a sphere of ``radius`` km.

    Parameters
    ----------
    lon0, lat0 : float
        The central meridian and the latitude of the origin (degrees).
    lat1, lat2 : float
        The standard parallels (degrees), where the scale is true.
    radius : float
        The sphere's radius in km (the authalic Earth radius by default), so that
        projected coordinates are in km.

    Examples
    --------
    >>> proj = LambertConformal(lon0=58.0, lat0=42.0, lat1=33.0, lat2=50.0)
    >>> x, y = proj(58.0, 42.0)
    >>> float(x), float(y)
    (0.0, 0.0)
    >>> # true scale on a standard parallel: one degree of latitude is 111.2 km there,
    >>> # 1.1 % less between the standard parallels
    >>> x, y = proj([58.0, 58.0], [49.5, 50.5])
    >>> round(float(y[1] - y[0]), 1)
    111.2
    >>> x, y = proj([58.0, 58.0], [41.5, 42.5])
    >>> round(float(y[1] - y[0]), 1)
    110.0
    """

    lon0: float = 58.0
    lat0: float = 42.0
    lat1: float = 33.0
    lat2: float = 50.0
    radius: float = 6371.0

    @property
    def _cone(self) -> tuple[float, float, float]:
        p1, p2, p0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))

        def t(p: float) -> float:
            return math.tan(math.pi / 4 + p / 2)

        if abs(p1 - p2) < 1e-12:
            n = math.sin(p1)
        else:
            n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
        f = math.cos(p1) * t(p1) ** n / n
        return n, f, self.radius * f / t(p0) ** n

    def __call__(
        self, lon: ArrayLike, lat: ArrayLike
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Project degrees of longitude and latitude to km east and north of the origin."""
        n, f, rho0 = self._cone
        lam = np.radians(np.asarray(lon, dtype=float) - self.lon0)
        phi = np.radians(np.asarray(lat, dtype=float))
        rho = self.radius * f / np.tan(np.pi / 4 + phi / 2) ** n
        theta = n * lam
        return rho * np.sin(theta), rho0 - rho * np.cos(theta)


@dataclass(frozen=True)
class Country:
    """One country's outline: polygons of rings ``(k, 2)`` in degrees (lon, lat).

    The first ring of each polygon is its exterior, anticlockwise; the others are holes
    (lakes), clockwise, so that matplotlib's non-zero fill rule leaves them empty.
    """

    name: str
    adm0_a3: str
    polygons: tuple[tuple[_Ring, ...], ...]
    label: tuple[float, float]


def _oriented(ring: _Ring, anticlockwise: bool) -> _Ring:
    x, y = ring[:, 0], ring[:, 1]
    area = 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))
    return ring if (area > 0) == anticlockwise else ring[::-1]


@cache
def _geography() -> dict[str, Any]:
    where = resources.files("multivector.network").joinpath("data", COUNTRIES_FILE)
    try:
        data: dict[str, Any] = json.loads(where.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(
            f"cannot read the shipped country outlines {COUNTRIES_FILE} ({err}); "
            "reinstall multivector"
        ) from None
    return data


@cache
def countries() -> tuple[Country, ...]:
    """The shipped country outlines (read once).

    Returns
    -------
    tuple of Country
        Sorted by name.

    Raises
    ------
    DataError
        When the shipped file cannot be read (a broken installation).

    Examples
    --------
    >>> kz = next(c for c in countries() if c.adm0_a3 == "KAZ")
    >>> kz.name, len(kz.polygons) >= 1
    ('Kazakhstan', True)
    """
    out = []
    for feature in _geography()["features"]:
        props = feature["properties"]
        geom = feature["geometry"]
        if geom["type"] != "MultiPolygon":
            continue
        polygons = tuple(
            tuple(
                _oriented(np.asarray(ring, dtype=float), anticlockwise=(k == 0))
                for k, ring in enumerate(polygon)
            )
            for polygon in geom["coordinates"]
        )
        lon, lat = props["label"]
        out.append(Country(props["name"], props["adm0_a3"], polygons, (float(lon), float(lat))))
    return tuple(sorted(out, key=lambda c: c.name))


@cache
def lines_of_control() -> tuple[_Ring, ...]:
    """Lines the map draws dashed: where a territory's control differs from its status.

    Natural Earth draws Crimea with Russia (de facto control); the shipped outlines draw
    it with Ukraine (UN General Assembly resolution 68/262) and keep the line across the
    Perekop isthmus here, drawn as a line of control.
    """
    out: list[_Ring] = []
    for feature in _geography()["features"]:
        if feature["properties"].get("kind") != "line_of_control":
            continue
        geom = feature["geometry"]
        parts = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
        out.extend(np.asarray(p, dtype=float) for p in parts)
    return tuple(out)


def draw_countries(
    ax: Axes,
    proj: LambertConformal,
    *,
    land: str = "#f3f2ee",
    border: str = "#9b9b9b",
    styles: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Fill the countries (``styles``: PathPatch keywords by country name) and borders."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    styles = styles or {}
    for country in countries():
        vertices: list[NDArray[np.float64]] = []
        codes: list[NDArray[np.uint8]] = []
        for polygon in country.polygons:
            for ring in polygon:
                x, y = proj(ring[:, 0], ring[:, 1])
                vertices.append(np.column_stack([x, y]))
                c = np.full(len(ring), Path.LINETO, dtype=np.uint8)
                c[0] = Path.MOVETO
                codes.append(c)
        path = Path(np.concatenate(vertices), np.concatenate(codes))
        style = {"facecolor": land, "edgecolor": border, "linewidth": 0.4, "zorder": 0.5}
        style.update(styles.get(country.name, {}))
        ax.add_patch(PathPatch(path, **style))
    for line in lines_of_control():
        x, y = proj(line[:, 0], line[:, 1])
        ax.plot(x, y, color=border, lw=0.5, ls=(0, (2, 1.5)), zorder=0.6)


def draw_graticule(
    ax: Axes,
    proj: LambertConformal,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    step: float = 10.0,
    lons: Iterable[float] = range(-180, 181, 10),
    lats: Iterable[float] = range(0, 81, 10),
) -> None:
    """Draw meridians and parallels every ``step`` degrees; label them on the frame.

    Meridians are labelled where they cross the bottom edge, parallels where they cross
    the left edge, as the axes' tick labels.
    """
    fine = np.linspace(-89.0, 89.0, 1781)
    xticks, xlabels, yticks, ylabels = [], [], [], []
    for lon in lons:
        if lon % step:
            continue
        x, y = proj(np.full_like(fine, lon), fine)
        ax.plot(x, y, color="#8aa5bd", lw=0.3, alpha=0.7, zorder=0.55)
        cross = _crossing(x, y, ylim[0], xlim)
        if cross is not None:
            xticks.append(cross)
            xlabels.append(f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}")
    span = np.linspace(-180.0, 180.0, 3601)
    for lat in lats:
        if lat % step:
            continue
        x, y = proj(span, np.full_like(span, lat))
        ax.plot(x, y, color="#8aa5bd", lw=0.3, alpha=0.7, zorder=0.55)
        cross = _crossing(y, x, xlim[0], ylim)
        if cross is not None:
            yticks.append(cross)
            ylabels.append(f"{abs(lat):g}°{'N' if lat >= 0 else 'S'}")
    ax.set_xticks(xticks, xlabels)
    ax.set_yticks(yticks, ylabels)
    ax.tick_params(length=2, pad=1.5, labelsize="x-small", colors="0.35")


def _crossing(
    along: NDArray[np.float64],
    level: NDArray[np.float64],
    at: float,
    within: tuple[float, float],
) -> float | None:
    """Where the polyline (along, level) crosses ``level == at`` with ``along`` in
    ``within``: the value of ``along`` there, or None."""
    sign = np.sign(level - at)
    for i in np.nonzero(sign[:-1] * sign[1:] < 0)[0]:
        w = (at - level[i]) / (level[i + 1] - level[i])
        value = float(along[i] + w * (along[i + 1] - along[i]))
        if within[0] < value < within[1]:
            return value
    return None
