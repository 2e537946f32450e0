"""The document library: styrdokument, avsiktsförklaringar, remits and minutes kept for a region,
municipality, district, steering group or assignment, as checked PDFs that only an access-checked
view serves; an agreement rests on an avsiktsförklaring; a steering group and an assignment show
their remit."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.models import Assignment, Document, DocumentKind, Role
from tests.conftest import login
from tests.coordination.factories import (
    PDF_BYTES,
    make_agreement,
    make_document,
    make_steering_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lib(world):
    w = world
    w.goteborg_doc = make_document(
        w.goteborg, kind=DocumentKind.AVSIKTSFORKLARING, title="Avsiktsförklaring Göteborg"
    )
    w.region_doc = make_document(w.region, title="Definition av arbetssättet")
    w.harryda_doc = make_document(
        w.harryda, kind=DocumentKind.AVSIKTSFORKLARING, title="Härrydas avsiktsförklaring"
    )
    w.group = make_steering_group(w.angered, "Styrgrupp Angered")
    w.remit = make_document(
        w.group, kind=DocumentKind.UPPDRAGSBESKRIVNING, title="Styrgruppens uppdrag"
    )
    w.bob_assignment = Assignment.objects.get(user=w.bob, role=Role.PROCESSLEDARE)
    w.bob_remit = make_document(
        w.bob_assignment, kind=DocumentKind.UPPDRAGSBESKRIVNING, title="Bobs uppdrag"
    )
    return w


def pdf(name: str = "plan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post(w, **overrides) -> dict:
    return {
        "scope": f"municipality:{w.goteborg.pk}",
        "title": "Riktlinjer för familjecentraler",
        "kind": DocumentKind.STYRDOKUMENT,
        "version": "1.2",
        "valid_from": "2026-01-01",
        "valid_to": "",
        "file": pdf(),
        **overrides,
    }


def test_each_user_reads_the_documents_of_their_own_area(client, lib):
    login(client, lib.alice)  # samordnare in Göteborg
    titles = {d.title for d in client.get(reverse("coordination:document-list")).context["page"]}
    assert titles == {
        "Avsiktsförklaring Göteborg",
        "Definition av arbetssättet",
        "Styrgruppens uppdrag",
        "Bobs uppdrag",
    }
    login(client, lib.eve)  # Härryda
    titles = {d.title for d in client.get(reverse("coordination:document-list")).context["page"]}
    assert titles == {"Härrydas avsiktsförklaring", "Definition av arbetssättet"}


def test_the_file_is_served_only_to_whoever_may_read_it(client, lib):
    url = reverse("coordination:document-file", args=[lib.goteborg_doc.pk])
    login(client, lib.alice)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for outsider in (lib.eve, lib.frank):
        login(client, outsider)
        assert client.get(url).status_code == 404
        assert client.get(lib.goteborg_doc.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    # A remit is also read by the person it describes, even without an assignment now.
    Assignment.objects.filter(user=lib.bob).update(valid_to=datetime.date(2020, 1, 1))
    login(client, lib.bob)
    bob_file = reverse("coordination:document-file", args=[lib.bob_remit.pk])
    assert client.get(bob_file).status_code == 200


def test_a_koordinator_uploads_a_checked_pdf(client, lib):
    login(client, lib.charlie)
    form = client.get(reverse("coordination:document-create")).content.decode()
    assert "inga personuppgifter om familjer eller barn" in form
    response = client.post(reverse("coordination:document-create"), post(lib))
    document = Document.objects.get(title="Riktlinjer för familjecentraler")
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.municipality == lib.goteborg and document.uploaded_by == lib.charlie
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Styrdokument" in page and "1.2" in page and "Gäller" in page


def test_a_file_that_is_not_a_pdf_is_refused_in_swedish_and_the_form_keeps_the_rest(client, lib):
    login(client, lib.charlie)
    response = client.post(
        reverse("coordination:document-create"),
        post(lib, file=pdf("plan.pdf", b"MZ not a pdf at all")),
    )
    assert response.status_code == 200
    assert "Filen är inte ett PDF-dokument" in response.content.decode()
    assert 'value="Riktlinjer för familjecentraler"' in response.content.decode()
    response = client.post(
        reverse("coordination:document-create"),
        post(lib, valid_from="2026-05-01", valid_to="2026-01-01"),
    )
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
    assert not Document.objects.filter(title="Riktlinjer för familjecentraler").exists()


def test_a_place_the_user_does_not_keep_documents_for_is_refused_on_the_field(client, lib):
    login(client, lib.bob)  # processledare of Angered: not the municipality, not Härryda
    for scope in (f"municipality:{lib.goteborg.pk}", f"municipality:{lib.harryda.pk}"):
        response = client.post(reverse("coordination:document-create"), post(lib, scope=scope))
        assert response.status_code == 200
        assert "scope" in response.context["form"].errors
    response = client.post(
        reverse("coordination:document-create"),
        post(lib, scope=f"steering_group:{lib.group.pk}", kind=DocumentKind.MOTESPROTOKOLL),
    )
    assert response.status_code == 302
    assert Document.objects.get(title="Riktlinjer för familjecentraler").steering_group == lib.group
    # A samordnare keeps no documents.
    login(client, lib.alice)
    assert client.get(reverse("coordination:document-create")).status_code == 403


def test_the_steering_group_and_the_assignments_show_their_remit(client, lib):
    login(client, lib.bob)
    page = client.get(reverse("coordination:steering-group-detail", args=[lib.group.pk]))
    assert "Styrgruppens uppdrag" in page.content.decode()
    assert f"?steering_group={lib.group.pk}" in page.content.decode()  # add a remit
    page = client.get(reverse("coordination:my-assignments")).content.decode()
    assert "Bobs uppdrag" in page
    login(client, lib.charlie)
    page = client.get(reverse("coordination:assignment-list")).content.decode()
    assert "Bobs uppdrag" in page
    form = client.get(
        reverse("coordination:document-create"), {"assignment": lib.bob_assignment.pk}
    ).context["form"]
    assert form.initial["scope"] == f"assignment:{lib.bob_assignment.pk}"


def test_an_agreement_rests_on_a_readable_avsiktsforklaring(client, lib):
    agreement = make_agreement(lib.angered)
    login(client, lib.charlie)
    url = reverse("coordination:agreement-edit", args=[agreement.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["intent_document"].queryset) == [lib.goteborg_doc]
    data = {
        "scope": f"district:{lib.angered.pk}",
        "title": agreement.title,
        "party_region": agreement.party_region,
        "party_municipality": agreement.party_municipality,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "share_region_percent": "50",
        "share_municipality_percent": "50",
        "note": "",
    }
    response = client.post(url, {**data, "intent_document": lib.harryda_doc.pk})
    assert "intent_document" in response.context["form"].errors
    response = client.post(url, {**data, "intent_document": lib.goteborg_doc.pk})
    assert response.status_code == 302
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Avsiktsförklaring Göteborg" in page
    page = client.get(lib.goteborg_doc.get_absolute_url()).content.decode()
    assert agreement.title in page  # the agreements that rest on it


def test_removing_a_document_asks_first_and_takes_the_file(
    client, lib, django_capture_on_commit_callbacks
):
    agreement = make_agreement(lib.angered, intent_document=lib.goteborg_doc)
    path = lib.goteborg_doc.file.path
    login(client, lib.charlie)
    url = reverse("coordination:document-delete", args=[lib.goteborg_doc.pk])
    page = client.get(url).content.decode()
    assert "Vill du ta bort dokumentet" in page and agreement.title in page
    assert Document.objects.filter(pk=lib.goteborg_doc.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Document.objects.filter(pk=lib.goteborg_doc.pk).exists()
    agreement.refresh_from_db()
    assert agreement.intent_document is None
    assert not os.path.exists(path)
    # Bob manages Angered's governance, not Göteborg's documents.
    login(client, lib.bob)
    region_delete = reverse("coordination:document-delete", args=[lib.region_doc.pk])
    assert client.post(region_delete).status_code == 403


def test_the_list_filters_by_kind_and_in_force(client, lib):
    make_document(
        lib.goteborg,
        title="Gammal plan",
        valid_from=datetime.date(2015, 1, 1),
        valid_to=datetime.date(2016, 12, 31),
    )
    login(client, lib.charlie)
    url = reverse("coordination:document-list")
    titles = {d.title for d in client.get(url, {"valid": "ja"}).context["page"]}
    assert "Gammal plan" not in titles and "Avsiktsförklaring Göteborg" in titles
    titles = {d.title for d in client.get(url, {"kind": "avsiktsforklaring"}).context["page"]}
    assert titles == {"Avsiktsförklaring Göteborg"}
    assert client.get(url, {"kind": "evil", "sort": "x", "page": "-1"}).status_code == 200


def test_editing_keeps_the_file_unless_a_new_one_is_chosen(client, lib):
    login(client, lib.charlie)
    url = reverse("coordination:document-edit", args=[lib.goteborg_doc.pk])
    name = lib.goteborg_doc.file.name
    data = post(lib, title="Avsiktsförklaring Göteborg, reviderad", kind="avsiktsforklaring")
    del data["file"]
    assert client.post(url, data).status_code == 302
    lib.goteborg_doc.refresh_from_db()
    assert lib.goteborg_doc.title == "Avsiktsförklaring Göteborg, reviderad"
    assert lib.goteborg_doc.file.name == name and lib.goteborg_doc.version == "1.2"


def test_the_list_keeps_its_query_count_flat(client, lib, django_assert_max_num_queries):
    login(client, lib.charlie)
    url = reverse("coordination:document-list")
    client.get(url)  # warm up the session
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for n in range(15):
        group = make_steering_group(lib.centrum, f"Styrgrupp {n}")
        make_document(group, title=f"Uppdrag {n}", kind=DocumentKind.UPPDRAGSBESKRIVNING)
        make_document(lib.centrum, title=f"Protokoll {n}", kind=DocumentKind.MOTESPROTOKOLL)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25  # a full page
