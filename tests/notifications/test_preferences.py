"""Mina aviseringar: each user turns each kind of message on or off for themselves, sees their
e-mail address (or why nothing can be sent) and the last messages sent to them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification, Preference
from tests.conftest import login

URL = reverse("notifications:preferences")
ALL_ON = {"reminder": "on", "overdue": "on", "returned": "on", "review": "on", "digest": "on"}


def sent(user, kind: str, subject: str, *, minutes_ago: int = 0, **fields) -> Notification:
    return Notification.objects.create(
        user=user,
        kind=kind,
        key=f"{kind}:{subject}",
        subject=subject,
        sent_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )


def test_it_sends_anonymous_users_to_the_login_page(client, world):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_every_kind_ticked_with_when_it_is_sent(client, world, settings):
    settings.NOTIFY_REMINDER_DAYS = [1, 7]
    login(client, world.alice)

    page = client.get(URL).content.decode()

    assert page.count('type="checkbox"') == len(Kind)
    assert page.count("checked") == len(Kind)
    assert "<fieldset" in page and "<legend" in page
    assert "7 och 1 dagar före en periods sista dag" in page
    assert "till distriktets processledare" in page
    assert "Aldrig om en rapport du själv lämnat in" in page
    assert "alice@example.org" in page
    assert "Inget har skickats till dig ännu." in page


def test_it_keeps_review_off_once_turned_off_and_the_others_on(client, world):
    login(client, world.bob)
    choices = {name: value for name, value in ALL_ON.items() if name != "review"}

    response = client.post(URL, choices, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Dina val sparades." in response.content.decode()
    assert not Preference.wanted(world.bob, Kind.REVIEW)
    assert all(Preference.wanted(world.bob, kind) for kind in Kind if kind != Kind.REVIEW)
    assert all(Preference.wanted(world.alice, kind) for kind in Kind)
    form = client.get(URL).context["form"]
    assert form["review"].initial is False
    assert form["reminder"].initial is True

    client.post(URL, choices)  # saved again: still one row per kind
    assert Preference.objects.filter(user=world.bob).count() == len(Kind)
    assert not Preference.wanted(world.bob, Kind.REVIEW)

    client.post(URL, ALL_ON)
    assert Preference.wanted(world.bob, Kind.REVIEW)


def test_it_lists_only_the_users_own_sent_notifications_newest_first(client, world):
    sent(world.alice, Kind.REMINDER, "Påminnelse: Hjällbo Q3", minutes_ago=5, url="/uppfoljning/")
    sent(world.alice, Kind.RETURNED, "Rapport tillbakaskickad: Hjällbo Q2", minutes_ago=1)
    sent(world.bob, Kind.REVIEW, "Att granska: Hjällbo Q3")
    Notification.objects.create(  # claimed, not yet sent
        user=world.alice, kind=Kind.OVERDUE, key="overdue:x", subject="Försenad: Hjällbo Q1"
    )
    for minute in range(12):
        sent(world.alice, Kind.DIGEST, f"Veckosammanfattning {minute}", minutes_ago=60 + minute)
    login(client, world.alice)

    response = client.get(URL)

    recent = list(response.context["recent"])
    assert len(recent) == 10
    assert [n.subject for n in recent[:2]] == [
        "Rapport tillbakaskickad: Hjällbo Q2",
        "Påminnelse: Hjällbo Q3",
    ]
    page = response.content.decode()
    assert '<a href="/uppfoljning/">Påminnelse: Hjällbo Q3</a>' in page
    assert "Att granska" not in page
    assert "Försenad: Hjällbo Q1" not in page
    assert "Veckosammanfattning 7" in page and "Veckosammanfattning 8" not in page


def test_it_says_why_nothing_can_be_sent_without_an_e_mail_address(client, world):
    world.frank.email = ""
    world.frank.save(update_fields=["email"])
    login(client, world.frank)

    page = client.get(URL).content.decode()

    assert "Du har ingen e-postadress i portalen: be din koordinator lägga in den." in page
    assert "Inga meddelanden kan skickas till dig förrän dess." in page


def test_it_does_not_show_the_note_to_a_user_with_an_address(client, world):
    login(client, world.charlie)

    assert "Du har ingen e-postadress" not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"review": "nej", "kind": "hackad", "user": "1", "unknown": "<script>"},
        {"review": ["on", "off", "x" * 10_000], "digest": "<script>alert(1)</script>"},
        {"att-granska": "", "REVIEW": "", "paminnelse": "on", "enabled": "0"},
    ],
)
def test_it_is_harmless_when_a_post_is_tampered_with(client, world, data):
    Preference.objects.create(user=world.bob, kind=Kind.DIGEST, enabled=False)
    login(client, world.alice)

    response = client.post(URL, data)

    assert response.status_code == 302
    rows = Preference.objects.filter(user=world.alice)
    assert sorted(rows.values_list("kind", flat=True)) == sorted(Kind.values)
    assert set(Preference.objects.values_list("user", flat=True)) == {world.alice.pk, world.bob.pk}
    assert not Preference.wanted(world.bob, Kind.DIGEST)
    assert not Preference.objects.exclude(kind__in=Kind.values).exists()


def test_it_shows_notifications_in_django_admin_read_only(client, world):
    notification = sent(world.alice, Kind.RETURNED, "Rapport tillbakaskickad: Hjällbo Q2")
    Preference.objects.create(user=world.alice, kind=Kind.DIGEST, enabled=False)
    login(client, world.admin)

    listed = client.get(reverse("admin:notifications_notification_changelist"), {"q": "Hjällbo"})
    shown = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))

    assert listed.status_code == 200 and "Rapport tillbakaskickad" in listed.content.decode()
    assert shown.status_code == 200 and 'name="subject"' not in shown.content.decode()
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert client.get(reverse("admin:notifications_preference_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_preference_add")).status_code == 200
