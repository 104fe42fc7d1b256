"""Issue 16: a year the official series leaves empty (RUB 2024 in the World Bank's
file) is explained in the Exchange rates window, not silently dropped, and the
explanation goes once the analyst adds that rate."""
from __future__ import annotations

from explorer.data.units import rate_gaps


def test_the_missing_rouble_year_is_named_with_its_series(conn):
    (line,) = rate_gaps(conn)
    assert line.startswith("No RUB rate for 2024: not in the bundled series (World Bank, World Development "
                           "Indicators, indicator PA.NUS.FCRF")
    assert "is not converted" in line


def test_the_rates_window_says_which_year_has_no_rate(qtbot, conn):
    from explorer.ui.dialogs.exchange_rates import ExchangeRatesDialog

    dialog = ExchangeRatesDialog(conn)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.gaps.isVisible() and dialog.gaps.text().startswith("No RUB rate for 2024")
    dialog.year.setValue(2024)
    dialog.currency.setCurrentText("RUB")
    dialog.per_usd.setValue(92.5)
    dialog.source.setText("my own test rate")
    assert dialog.save()
    assert not dialog.gaps.isVisible() and rate_gaps(conn) == []
