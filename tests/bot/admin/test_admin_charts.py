"""The stats chart's geometry: bars scale to the largest value and stay inside the drawing."""
from __future__ import annotations

from bot.admin.charts import column_chart


def test_bars_scale_to_the_largest_value():
    chart = column_chart([("Mon", 2), ("Tue", 4), ("Wed", 0)], width=300, height=100)
    heights = [b.height for b in chart.bars]
    assert heights[1] == chart.baseline - 16 and heights[0] == heights[1] / 2 and heights[2] == 0
    assert all(b.x >= 0 and b.x + b.width <= 300 for b in chart.bars)
    assert chart.max_value == 4


def test_empty_and_all_zero_series_do_not_divide_by_zero():
    assert column_chart([]).bars == []
    assert [b.height for b in column_chart([("a", 0), ("b", 0)]).bars] == [0, 0]


def test_labels_are_thinned_on_long_series():
    chart = column_chart([(str(i), i) for i in range(90)])
    shown = [b.label for b in chart.bars if b.show_label]
    assert 8 <= len(shown) <= 12 and shown[-1] == "89"
