import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from centres.models import Principal
from coordination.models import Agreement, CostEntry
from tests.conftest import login
from tests.coordination.factories import PDF_BYTES, TERM_2024_2027, make_agreement, make_cost


def _agreement_data(world, **overrides):
    data = {
        "scope": f"district:{world.angered.pk}",
        "title": "Samverkansavtal Angered 2027",
        "party_region": "Göteborgs hälso- och sjukvårdsnämnd",
        "party_municipality": "Stadsdelsnämnden Angered",
        "valid_from": "2027-01-01",
        "valid_to": "2029-12-31",
        "share_region_percent": "50",
        "share_municipality_percent": "50",
        "note": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_settlement_of_the_year(client, world):
    year = timezone.localdate().year
    agreement = make_agreement(world.angered)
    make_cost(agreement, "24800", Principal.MUNICIPALITY, date=datetime.date(year, 1, 1))
    login(client, world.diana)
    response = client.get(reverse("coordination:agreement-detail", args=[agreement.pk]))
    assert response.status_code == 200
    assert "Regionen ska betala 12\xa0400 kr till kommunen." in response.text
    assert f"Avräkning {year}" in response.text
    assert "Registrera kostnad" not in response.text  # the chef reads only


def test_it_shows_another_year_and_ignores_a_bad_year(client, world):
    agreement = make_agreement(world.angered)
    last_year = timezone.localdate().year - 1
    make_cost(agreement, "1000", Principal.REGION, date=datetime.date(last_year, 6, 1))
    login(client, world.bob)
    url = reverse("coordination:agreement-detail", args=[agreement.pk])
    response = client.get(url, {"year": str(last_year)})
    assert "Kommunen ska betala 500 kr till regionen." in response.text
    response = client.get(url, {"year": "tjugo"})
    assert response.status_code == 200
    assert f"Avräkning {last_year + 1}" in response.text


def test_it_creates_an_agreement_with_a_pdf(client, world):
    login(client, world.bob)
    data = _agreement_data(world, document=SimpleUploadedFile("avtal.pdf", PDF_BYTES))
    response = client.post(reverse("coordination:agreement-create"), data)
    agreement = Agreement.objects.get(title="Samverkansavtal Angered 2027")
    assert response.status_code == 302
    assert agreement.district == world.angered
    download = client.get(reverse("coordination:agreement-document", args=[agreement.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_keeps_the_input_and_explains_a_key_that_does_not_sum_to_100(client, world):
    login(client, world.bob)
    data = _agreement_data(world, share_region_percent="60", share_municipality_percent="30")
    response = client.post(reverse("coordination:agreement-create"), data)
    assert response.status_code == 200
    assert "Andelarna måste tillsammans bli 100 %; nu blir de 90 %." in response.text
    assert 'value="Samverkansavtal Angered 2027"' in response.text
    assert not Agreement.objects.exists()


def test_it_accepts_a_swedish_decimal_comma_in_the_key(client, world):
    login(client, world.bob)
    data = _agreement_data(world, share_region_percent="33,33", share_municipality_percent="66,67")
    response = client.post(reverse("coordination:agreement-create"), data)
    assert response.status_code == 302
    assert Agreement.objects.get().share_region_percent == Decimal("33.33")


def test_it_explains_an_end_date_before_the_start_date(client, world):
    login(client, world.bob)
    data = _agreement_data(world, valid_to="2026-01-01")
    response = client.post(reverse("coordination:agreement-create"), data)
    assert "Slutdatum kan inte vara före startdatum." in response.text


def test_it_rejects_a_file_that_is_not_a_pdf(client, world):
    login(client, world.bob)
    data = _agreement_data(world, document=SimpleUploadedFile("avtal.pdf", b"GIF89a fake"))
    response = client.post(reverse("coordination:agreement-create"), data)
    assert "Filen är inte ett PDF-dokument" in response.text
    data = _agreement_data(world, document=SimpleUploadedFile("avtal.txt", PDF_BYTES))
    response = client.post(reverse("coordination:agreement-create"), data)
    assert "Filen måste vara ett PDF-dokument." in response.text
    assert not Agreement.objects.exists()


def test_it_rejects_a_file_over_10_mb(client, world, settings):
    login(client, world.bob)
    big = SimpleUploadedFile("avtal.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("coordination:agreement-create"), _agreement_data(world, document=big)
    )
    assert "Filen är för stor: högst 10 MB är tillåtet." in response.text


def test_it_only_offers_the_scopes_the_user_manages(client, world):
    login(client, world.bob)
    response = client.get(reverse("coordination:agreement-create"))
    assert f'value="district:{world.angered.pk}"' in response.text
    assert f'value="district:{world.centrum.pk}"' not in response.text
    data = _agreement_data(world, scope=f"district:{world.centrum.pk}")
    response = client.post(reverse("coordination:agreement-create"), data)
    assert "Välj ett ansvarsområde i listan." in response.text
    assert not Agreement.objects.exists()


def test_it_explains_a_scope_not_in_the_list_once_without_its_internal_value(client, world):
    login(client, world.bob)
    data = _agreement_data(world, scope=f"district:{world.centrum.pk}")

    response = client.post(reverse("coordination:agreement-create"), data)

    assert response.context["form"].errors["scope"] == ["Välj ett ansvarsområde i listan."]
    assert not response.context["form"].non_field_errors()
    assert "Välj exakt ett ansvarsområde" not in response.text
    assert "Välj ett giltigt alternativ" not in response.text
    assert f"district:{world.centrum.pk} finns inte" not in response.text
    assert 'value="Samverkansavtal Angered 2027"' in response.text


def test_it_asks_once_for_a_missing_scope(client, world):
    login(client, world.bob)

    response = client.post(
        reverse("coordination:agreement-create"), _agreement_data(world, scope="")
    )

    assert response.context["form"].errors["scope"] == ["Detta fält måste fyllas i."]
    assert not response.context["form"].non_field_errors()
    assert not Agreement.objects.exists()


def test_it_records_a_cost_and_the_settlement_changes(client, world):
    agreement = make_agreement(world.angered)
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-create", args=[agreement.pk]),
        {
            "date": f"{timezone.localdate().year}-01-01",  # this year: the page's settlement
            "category": "lokal",
            "amount": "10\xa0000,50",
            "paid_by": "region",
        },
    )
    assert response.status_code == 302
    assert CostEntry.objects.get().amount == Decimal("10000.50")
    page = client.get(response["Location"])
    assert "Kommunen ska betala 5\xa0000,25 kr till regionen." in page.text


def test_it_rejects_a_negative_amount_and_keeps_the_input(client, world):
    agreement = make_agreement(world.angered)
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-create", args=[agreement.pk]),
        {
            "date": "2026-04-01",
            "category": "lokal",
            "amount": "-5",
            "paid_by": "region",
            "note": "Hyra",
        },
    )
    assert response.status_code == 200
    assert "Beloppet kan inte vara negativt." in response.text
    assert 'value="Hyra"' in response.text
    assert not CostEntry.objects.exists()


def test_it_refuses_a_cost_dated_outside_the_agreement_and_keeps_the_input(client, world):
    agreement = make_agreement(world.angered, **TERM_2024_2027)
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-create", args=[agreement.pk]),
        {
            "date": "1999-06-01",
            "category": "lokal",
            "amount": "1\xa0500,50",
            "paid_by": "region",
            "note": "Hyra juni",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Datumet måste ligga inom avtalets giltighetstid, 2024-01-01–2027-12-31."
    ]
    assert 'value="1999-06-01"' in response.text
    assert 'value="1\xa0500,50"' in response.text and 'value="Hyra juni"' in response.text
    assert not CostEntry.objects.exists()


def test_it_refuses_to_move_a_cost_past_the_end_of_the_agreement(client, world):
    agreement = make_agreement(world.angered, **TERM_2024_2027)
    entry = make_cost(agreement, "700", date=datetime.date(2026, 3, 1))
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-edit", args=[entry.pk]),
        {"date": "2028-01-01", "category": "material", "amount": "800", "paid_by": "kommun"},
    )
    assert "avtalets giltighetstid, 2024-01-01–2027-12-31." in response.text
    entry.refresh_from_db()
    assert entry.date == datetime.date(2026, 3, 1) and entry.amount == Decimal("700")


def test_it_does_not_fail_on_nonsense_input(client, world):
    agreement = make_agreement(world.angered)
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-create", args=[agreement.pk]),
        {"date": "igår", "category": "mat", "amount": "mycket", "paid_by": "staten"},
    )
    assert response.status_code == 200
    assert "Fyll i ett giltigt datum." in response.text
    assert "Ange ett tal, t.ex. 12 eller 12,5." in response.text  # the decimal comma shown


def test_it_asks_before_removing_a_cost(client, world):
    agreement = make_agreement(world.angered)
    entry = make_cost(agreement, "700")
    login(client, world.charlie)
    url = reverse("coordination:cost-delete", args=[entry.pk])
    confirm = client.get(url)
    assert "Vill du ta bort kostnaden" in confirm.text
    assert CostEntry.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not CostEntry.objects.exists()


def test_it_edits_a_cost(client, world):
    agreement = make_agreement(world.angered, **TERM_2024_2027)
    entry = make_cost(agreement, "700", date=datetime.date(2026, 3, 1))
    login(client, world.bob)
    response = client.post(
        reverse("coordination:cost-edit", args=[entry.pk]),
        {"date": "2026-03-01", "category": "material", "amount": "800", "paid_by": "kommun"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal("800") and entry.category == "material"


def test_it_filters_agreements_by_status(client, world):
    year = timezone.localdate().year
    old = {"valid_from": datetime.date(year - 4, 1, 1), "valid_to": datetime.date(year - 1, 12, 31)}
    make_agreement(world.angered, title="Gammalt", **old)
    make_agreement(world.centrum, title="Nytt avtal Centrum")  # in force until the end of next year
    login(client, world.frank)
    response = client.get(reverse("coordination:agreement-list"), {"status": "utgangen"})
    assert "Gammalt" in response.text and "Nytt avtal Centrum" not in response.text
    assert "Utgånget" in response.text
    empty = client.get(reverse("coordination:agreement-list"), {"q": "finns inte"})
    assert "Inga avtal matchar filtret." in empty.text
