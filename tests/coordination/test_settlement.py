import datetime
from decimal import Decimal

import pytest

from centres.models import Principal
from coordination.services import agreement_settlement, format_sek, settle
from tests.coordination.factories import TERM_2024_2027, make_agreement, make_cost

D = Decimal


def test_it_says_the_region_owes_the_municipality_on_a_50_50_key():
    s = settle(
        year=2026, paid_region=D("0"), paid_municipality=D("24800"), share_region_percent=D("50")
    )
    assert s.total == D("24800")
    assert s.due_region == s.due_municipality == D("12400")
    assert s.sentence == "Regionen ska betala 12\xa0400 kr till kommunen."


def test_it_says_the_municipality_owes_the_region():
    s = settle(
        year=2026, paid_region=D("10000"), paid_municipality=D("2000"), share_region_percent=D("50")
    )
    assert s.balance == D("-4000")
    assert s.sentence == "Kommunen ska betala 4\xa0000 kr till regionen."


def test_it_says_the_parties_are_even():
    s = settle(
        year=2026, paid_region=D("500"), paid_municipality=D("500"), share_region_percent=D("50")
    )
    assert s.sentence == "Parterna är kvitt."
    empty = settle(
        year=2026, paid_region=D("0"), paid_municipality=D("0"), share_region_percent=D("50")
    )
    assert empty.total == 0 and empty.sentence == "Parterna är kvitt."


def test_it_shares_by_a_60_40_key():
    s = settle(
        year=2026, paid_region=D("0"), paid_municipality=D("1000"), share_region_percent=D("60")
    )
    assert (s.due_region, s.due_municipality) == (D("600.00"), D("400.00"))
    assert s.sentence == "Regionen ska betala 600 kr till kommunen."


@pytest.mark.parametrize(
    ("total", "share", "region", "municipality"),
    [
        ("100.00", "33.33", "33.33", "66.67"),
        ("0.01", "50", "0.01", "0.00"),  # half an öre rounds up, for the region
        ("0.03", "50", "0.02", "0.01"),
        ("1000.01", "33.33", "333.30", "666.71"),  # 333.303333 -> 333.30
        ("999.99", "66.67", "666.69", "333.30"),  # 666.693333 -> 666.69
        ("10.05", "50", "5.03", "5.02"),  # 5.025 -> 5.03 (half up, not banker's rounding)
    ],
)
def test_it_rounds_to_whole_ore_and_the_shares_add_up(total, share, region, municipality):
    s = settle(
        year=2026, paid_region=D("0"), paid_municipality=D(total), share_region_percent=D(share)
    )
    assert s.due_region == D(region)
    assert s.due_municipality == D(municipality)
    assert s.due_region + s.due_municipality == s.total


def test_it_shows_ore_in_the_sentence_only_when_there_are_some():
    assert format_sek(D("12400.00")) == "12\xa0400 kr"
    assert format_sek(D("1234.5")) == "1\xa0234,50 kr"
    s = settle(
        year=2026, paid_region=D("0"), paid_municipality=D("10.05"), share_region_percent=D("50")
    )
    assert s.sentence == "Regionen ska betala 5,03 kr till kommunen."


def test_it_settles_one_year_of_an_agreement(world):
    agreement = make_agreement(
        world.angered,
        share_region_percent=D("40"),
        share_municipality_percent=D("60"),
        **TERM_2024_2027,
    )
    march = datetime.date(2026, 3, 1)
    make_cost(agreement, "30000", Principal.MUNICIPALITY, date=march)
    make_cost(agreement, "10000", Principal.REGION, date=march)
    make_cost(agreement, "99999", Principal.MUNICIPALITY, date=datetime.date(2025, 5, 1))
    s = agreement_settlement(agreement=agreement, year=2026)
    assert s.total == D("40000")
    assert (s.paid_region, s.paid_municipality) == (D("10000"), D("30000"))
    assert (s.due_region, s.due_municipality) == (D("16000.00"), D("24000.00"))
    assert s.sentence == "Regionen ska betala 6\xa0000 kr till kommunen."
