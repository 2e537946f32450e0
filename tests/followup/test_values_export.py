"""The raw values export: one row per centre, period and indicator with its status, from
submitted and approved reports of the user's area, streamed."""

from __future__ import annotations

import csv
import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from followup.models import ReportStatus, ValueStatus
from tests.conftest import login
from tests.followup.factories import make_goal, make_indicator, make_period, make_report, set_value

URL = reverse("followup:values-export")


def _world(world):
    goal = make_goal("Mål", code="M1", municipality=world.goteborg)
    visits = make_indicator("Besök", goal, code="BESOK")
    q3 = make_period(datetime.date(2026, 7, 1), municipality=world.goteborg)
    set_value(make_report(world.hjallbo, q3, ReportStatus.APPROVED), visits, 120)
    set_value(
        make_report(world.kungssten, q3, ReportStatus.SUBMITTED),
        visits,
        status=ValueStatus.NOT_AVAILABLE,
    )
    set_value(make_report(world.centrum.centres.create(name="Utkastet"), q3), visits, 7)
    return q3


def test_it_streams_every_published_value_of_the_area_as_csv(client, world):
    q3 = _world(world)
    login(client, world.charlie)
    response = client.get(URL, {"period": q3.pk})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Familjecentral", "Stadsdel", "Kommun", "Period"]
    body = [(r[0], r[6], r[7], r[10], r[11]) for r in rows[1:]]
    assert body == [
        ("Hjällbo familjecentral", "Godkänd", "BESOK", "120", "Rapporterat"),
        ("Kungssten", "Inlämnad", "BESOK", "", "Uppgift saknas"),  # not zero
    ]


def test_it_writes_the_values_to_excel_and_keeps_to_the_users_area(client, world):
    q3 = _world(world)
    login(client, world.diana)  # chef of Angered: Hjällbo only
    response = client.get(URL, {"period": q3.pk, "format": "xlsx"})
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Hjällbo familjecentral"]
    assert rows[1][4] == datetime.datetime(2026, 7, 1) and rows[1][10] == 120
