import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from centres.models import Principal
from coordination.models import (
    Agreement,
    AgreementStatus,
    CostEntry,
    Decision,
    DecisionStatus,
    SteeringGroup,
    validate_pdf,
)
from tests.coordination.factories import (
    PDF_BYTES,
    make_agreement,
    make_decision,
    make_meeting,
    make_steering_group,
)

TODAY = datetime.date(2026, 11, 23)


def _messages(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms]


def test_it_flags_a_group_without_both_parties(world):
    both = make_steering_group(world.angered, "Båda", parties=["kommun", "region"])
    only_kommun = make_steering_group(world.angered, "Bara kommun", parties=["kommun"])
    assert both.is_partsammansatt
    assert not only_kommun.is_partsammansatt
    assert [str(p) for p in only_kommun.missing_parties] == ["Region"]


def test_it_requires_exactly_one_scope_for_a_steering_group(world):
    group = SteeringGroup(name="Utan område")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "Välj exakt ett ansvarsområde" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        SteeringGroup.objects.create(
            name="Två", district=world.angered, municipality=world.goteborg
        )


def test_it_knows_an_open_decision_past_its_due_date_is_overdue(world):
    meeting = make_meeting(world.angered)
    late = make_decision(meeting, due_date=TODAY - datetime.timedelta(days=1))
    done = make_decision(
        meeting, due_date=TODAY - datetime.timedelta(days=1), status=DecisionStatus.DONE
    )
    due_today = make_decision(meeting, due_date=TODAY)
    assert late.is_overdue_on(TODAY)
    assert not done.is_overdue_on(TODAY)
    assert not due_today.is_overdue_on(TODAY)
    assert list(Decision.objects.overdue(TODAY)) == [late]


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "status"),
    [
        (datetime.date(2027, 1, 1), None, AgreementStatus.UPCOMING),
        (datetime.date(2024, 1, 1), None, AgreementStatus.VALID),
        (datetime.date(2024, 1, 1), datetime.date(2027, 6, 30), AgreementStatus.VALID),
        (datetime.date(2024, 1, 1), datetime.date(2027, 2, 21), AgreementStatus.EXPIRING),
        (datetime.date(2024, 1, 1), TODAY, AgreementStatus.EXPIRING),
        (datetime.date(2024, 1, 1), datetime.date(2026, 11, 22), AgreementStatus.EXPIRED),
    ],
)
def test_it_derives_the_agreement_status_from_its_dates(world, valid_from, valid_to, status):
    agreement = make_agreement(world.angered, valid_from=valid_from, valid_to=valid_to)
    assert agreement.status_on(TODAY) == status
    annotated = Agreement.objects.with_status(TODAY).get(pk=agreement.pk)
    assert annotated.status_value == status.value
    assert (agreement in Agreement.objects.expiring(TODAY)) == (status == AgreementStatus.EXPIRING)


def test_it_rejects_a_key_that_does_not_sum_to_100(world):
    agreement = Agreement(
        district=world.angered,
        title="Avtal",
        party_region="HSNG",
        party_municipality="SDN Angered",
        valid_from=datetime.date(2026, 1, 1),
        share_region_percent=Decimal("60"),
        share_municipality_percent=Decimal("30"),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "Andelarna måste tillsammans bli 100 %; nu blir de 90 %." in _messages(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_it_accepts_a_key_like_33_33_and_66_67(world):
    agreement = make_agreement(
        world.angered,
        share_region_percent=Decimal("33.33"),
        share_municipality_percent=Decimal("66.67"),
    )
    agreement.full_clean()


def test_it_rejects_an_end_date_before_the_start_date(world):
    agreement = Agreement(
        district=world.angered,
        title="Avtal",
        party_region="HSNG",
        party_municipality="SDN Angered",
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "Slutdatum kan inte vara före startdatum." in _messages(error.value)


def test_it_rejects_a_negative_amount(world):
    agreement = make_agreement(world.angered)
    entry = CostEntry(
        agreement=agreement,
        date=TODAY,
        category="material",
        amount=Decimal("-1"),
        paid_by=Principal.REGION,
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.message_dict["amount"] == ["Beloppet kan inte vara negativt."]
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


@pytest.mark.parametrize(
    ("valid_to", "date", "message"),
    [
        (
            datetime.date(2027, 12, 31),
            datetime.date(2023, 12, 31),
            "Datumet måste ligga inom avtalets giltighetstid, 2024-01-01–2027-12-31.",
        ),
        (
            None,
            datetime.date(1999, 1, 1),
            "Datumet måste ligga inom avtalets giltighetstid, från 2024-01-01.",
        ),
    ],
)
def test_it_rejects_a_cost_dated_outside_the_agreement(world, valid_to, date, message):
    agreement = make_agreement(
        world.angered, valid_from=datetime.date(2024, 1, 1), valid_to=valid_to
    )
    entry = CostEntry(
        agreement=agreement, date=date, category="material", amount=1, paid_by=Principal.REGION
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.message_dict["date"] == [message]
    entry.date = datetime.date(2024, 1, 1)  # the first day counts
    entry.full_clean()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("avtal.docx", PDF_BYTES, "Filen måste vara ett PDF-dokument."),
        (
            "avtal.pdf",
            b"PK\x03\x04 not a pdf",
            "Filen är inte ett PDF-dokument: innehållet är inte PDF.",
        ),
    ],
)
def test_it_rejects_a_file_that_is_not_a_pdf(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile(name, content))
    assert error.value.messages == [message]


def test_it_rejects_a_pdf_over_10_mb():
    big = SimpleUploadedFile("avtal.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_pdf(big)
    assert error.value.messages == ["Filen är för stor: högst 10 MB är tillåtet."]


def test_it_accepts_a_small_pdf():
    upload = SimpleUploadedFile("Avtal.PDF", PDF_BYTES)
    validate_pdf(upload)
    assert upload.read(4) == b"%PDF"  # the position is restored for saving
