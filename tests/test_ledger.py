"""Verdicts of the target ledger (gwr.site.ledger), a rule a test."""
from gwr.model import Target
from gwr.site.ledger import verdict


def target(indicator="gdp_growth", value=5.0, qualifier=None, low=None, unit="%"):
    return Target(indicator, value, low, qualifier, "", unit=unit)


def test_growth_is_a_floor_and_a_ceiling_caps_prices_and_unemployment():
    assert verdict(target(value=5.0), target(value=5.0)) == "met"
    assert verdict(target(value=5.0, qualifier="以上"), target(value=4.9)) == "missed"
    assert verdict(target("cpi", 3.0, "左右"), target("cpi", 3.2)) == "met"  # within a tenth of 3
    assert verdict(target("unemployment", 5.5, "以内"), target("unemployment", 5.6)) == "missed"


def test_about_allows_a_tenth_and_a_range_counts_from_its_lower_end():
    assert verdict(target(value=5.0, qualifier="左右"), target(value=4.5)) == "met"
    assert verdict(target(value=5.0, qualifier="左右"), target(value=4.4)) == "missed"
    assert verdict(target(value=5.5, low=5.0, qualifier="区间"), target(value=5.1)) == "met"


def test_nearly_falls_short_and_beyond_goes_past():
    assert verdict(target("rd_intensity", 2.8), target("rd_intensity", 2.8, "接近")) == "missed"
    assert verdict(target("rd_intensity", 2.8), target("rd_intensity", 2.8, "超过")) == "met"


def test_what_cannot_be_compared():
    assert verdict(target(value=None, qualifier="与经济增长同步"), target(value=5.0)) == "not comparable"
    assert verdict(target("grain_output", 1300, unit="亿斤"), target("grain_output", 650, unit="万吨")) == "not comparable"
    assert verdict(target(), None) == "" and verdict(None, target()) == ""
