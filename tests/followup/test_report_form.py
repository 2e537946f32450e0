"""The report form: the last day on time above it, and a missing or tampered hidden version
that says so and loses nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followup.models import Value
from tests.conftest import login
from tests.followup.factories import make_indicator_set, make_period, make_report


@pytest.mark.parametrize("version", ["abc", "", None])
def test_it_says_the_form_is_out_of_date_when_the_version_is_tampered(client, world, version):
    s = make_indicator_set()
    report = make_report(world.hjallbo, make_period())
    data = {
        f"number_{s.visits.pk}": "1 234",
        f"status_{s.visits.pk}": "rapporterad",
        f"comment_{s.visits.pk}": "Sommarstängt i juli.",
        f"goal_status_{s.goal.pk}": "uppfyllt",
        "development_areas": "Nå fler pappor.",
        "save": "",
    }
    if version is not None:
        data["version"] = version
    login(client, world.alice)
    response = client.post(reverse("followup:report-edit", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret är inaktuellt. Ladda om sidan och försök igen." in page
    assert 'value="1 234"' in page
    assert "Sommarstängt i juli." in page and "Nå fler pappor." in page
    report.refresh_from_db()
    assert report.version == 1 and report.development_areas == ""
    assert not Value.objects.filter(report=report).exists()


def test_it_shows_the_last_day_on_time_above_the_form(client, world):
    period = make_period(
        datetime.date(2026, 7, 1), deadline=datetime.date(2026, 10, 31), grace_days=7
    )
    report = make_report(world.hjallbo, period)
    login(client, world.alice)
    page = client.get(reverse("followup:report-edit", args=[report.pk])).content.decode()
    assert "Sista dag: 7 november 2026." in page


def test_the_form_reads_in_a_number_of_queries_that_does_not_grow_with_the_indicators(
    client, world, django_assert_max_num_queries
):
    # More goals, indicators, targets and earlier figures cost no more queries on the form.
    from tests.followup.factories import make_goal, make_indicator, set_value

    s = make_indicator_set()
    earlier = make_report(world.hjallbo, make_period(datetime.date(2026, 4, 1)))
    report = make_report(world.hjallbo, make_period())
    url = reverse("followup:report-edit", args=[report.pk])
    login(client, world.alice)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        goal = make_goal(f"Mål {i}", code=f"M-{i}")
        for j in range(3):
            indicator = make_indicator(f"Indikator {i}.{j}", goal, code=f"I-{i}-{j}")
            set_value(earlier, indicator, j)
            set_value(report, indicator, j + 1)
    set_value(earlier, s.visits, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Indikator 5.2" in page and 'name="number_' in page
