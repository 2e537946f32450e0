"""Bar charts drawn as SVG on the server: the same on screen and on paper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from followup.models import Indicator, Unit, format_number

if TYPE_CHECKING:
    from followup.dashboards.indicators import TrendPoint


@dataclass(frozen=True)
class Bar:
    """One period's bar: its top-left corner, its size, the period under it and the figure
    above it, and the target's height as a dashed tick across it."""

    x: float
    y: float
    width: float
    height: float
    label: str  # the period, on the x axis
    value: str  # the figure, above the bar
    target_y: float | None

    @property
    def x_end(self) -> float:
        return round(self.x + self.width, 1)

    @property
    def x_mid(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y - 4, 1)

    @property
    def label_lines(self) -> list[str]:
        """The period on two lines under a narrow bar: "2026" and "kvartal 1"."""
        first, _sep, rest = self.label.partition(" ")
        return [first, rest] if rest else [first]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn as SVG on the server (the same on screen and on paper, no script or
    inline style): a y axis with its title and scale, an x axis with the periods, the figure
    on each bar and the target as a dashed tick."""

    width: int
    height: int
    left: int  # the y axis
    top: int
    bottom: int  # the x axis
    bars: list[Bar]
    ticks: list[Tick]
    axis_title: str

    @property
    def right(self) -> int:
        return self.width - 4

    @property
    def tick_x(self) -> int:
        return self.left - 4

    @property
    def label_y(self) -> int:
        return self.bottom + 13


def _scale(top: Decimal, whole: bool) -> list[Decimal]:
    """Round steps from 0 to at least `top`, about four of them: 0, 50, 100, 150, 200, 250."""
    top = top if top > 0 else Decimal(1)
    rough = top / 4
    magnitude = Decimal(10) ** (len(str(int(rough))) - 1) if rough >= 1 else Decimal("0.1")
    step = next(
        (m * magnitude for m in (1, 2, Decimal("2.5"), 5, 10) if m * magnitude >= rough),
        10 * magnitude,
    )
    if whole:
        step = max(Decimal(1), step.to_integral_value(rounding=ROUND_CEILING))
    count = int((top / step).to_integral_value(rounding=ROUND_CEILING))
    return [step * i for i in range(count + 1)]


def trend_chart(
    trend: list[TrendPoint], indicator: Indicator, width: int = 480, height: int = 240
) -> Chart:
    """The trend as bars (and the target as a tick on each) on a scale from 0 to a round
    figure above the largest figure or target, with the unit on the y axis and each figure
    (a yes/no as "1 av 2") above its bar."""
    left, top, bottom = 44, 22, height - 30
    figures = [p.total.number for p in trend if p.total.number is not None]
    figures += [p.target for p in trend if p.target is not None]
    whole = indicator.is_yes_no or (
        indicator.unit == Unit.COUNT
        and not indicator.is_calculated
        and all(f == f.to_integral_value() for f in figures)
    )
    largest = max(figures, default=Decimal(0))
    # Room above the tallest bar or target for its figure, but a yes/no ends at its centres.
    steps = _scale(largest if indicator.is_yes_no else largest * Decimal("1.1"), whole)
    scale = steps[-1]
    plot = bottom - top

    def y_of(number: Decimal) -> float:
        return round(bottom - float(number / scale) * plot, 1)

    ticks = [
        Tick(y_of(s), format_number(s) if indicator.is_yes_no else indicator.display(s))
        for s in steps
    ]
    slot = (width - 4 - left) / max(len(trend), 1)
    bars = []
    for i, point in enumerate(trend):
        value = point.total.number or Decimal(0)
        y = y_of(value)
        bars.append(
            Bar(
                x=round(left + i * slot + slot * 0.15, 1),
                y=y,
                width=round(slot * 0.7, 1),
                height=round(bottom - y, 1),
                label=str(point.period),
                value=point.total.text or "–",
                target_y=y_of(point.target) if point.target is not None else None,
            )
        )
    if indicator.is_yes_no:
        axis_title = str(_("Centres answering yes"))
    else:
        axis_title = str(Unit(indicator.unit).label)  # "Antal", "Procent", "Timmar", "Kronor"
    return Chart(width, height, left, top, bottom, bars, ticks, axis_title)
