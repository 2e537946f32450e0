"""The report form for a long report: a goal index with how much is filled in, labels that
name their indicator or goal, one privacy reminder, and an error summary on any failed save."""

from __future__ import annotations

import re

from followup.models import Value
from tests.conftest import login
from tests.followup import test_report_values
from tests.followup.factories import report_form_data as form_data
from tests.followup.factories import set_value

# The same report as the value tests: one goal with visits and home visits, a draft in Q3.
s = test_report_values.s
edit_url = test_report_values.edit_url


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_goal_index_links_each_goal_with_how_much_is_filled_in(client, world, s):
    set_value(s.report, s.visits, 120)
    html = login(client, world.alice).get(edit_url(s.report)).content.decode()

    index = html.split('aria-labelledby="report-index-heading"')[1].split("</nav>")[0]
    assert f'href="#goal-{s.goal.pk}">Erbjuda lättillgängligt stöd</a>' in index
    assert "1 av 3 ifyllda" in index  # visits given; offered and accepted not yet
    assert f'href="#goal-{s.goal2.pk}">Stärka det sociala nätverket</a>' in index
    assert "0 av 0 ifyllda" in index
    assert f'id="goal-{s.goal.pk}"' in html  # where the link goes


def test_labels_name_their_indicator_and_goal_for_screen_readers(client, world, s):
    html = login(client, world.alice).get(edit_url(s.report)).content.decode()

    def label(for_id: str) -> str:
        return re.search(rf'<label\s+for="{for_id}"[^>]*>(.*?)</label>', html, re.S).group(1)

    assert "Status" in label(f"id_status_{s.visits.pk}")
    assert '<span class="visually-hidden"> – Besök barn</span>' in label(f"id_status_{s.visits.pk}")
    assert "– Besök barn" in label(f"id_comment_{s.visits.pk}")
    assert "– Erbjuda lättillgängligt stöd" in label(f"id_goal_status_{s.goal.pk}")
    assert "– Erbjuda lättillgängligt stöd" in label(f"id_goal_analysis_{s.goal.pk}")


def test_the_privacy_reminder_is_given_once(client, world, s):
    html = login(client, world.alice).get(edit_url(s.report)).content.decode()
    assert html.count("personuppgifter") == 1


def test_a_failed_draft_save_lists_the_errors_with_links_and_says_so_in_the_title(client, world, s):
    login(client, world.alice)
    bad = form_data(s, **{f"number_{s.accepted.pk}": "åtta", f"number_{s.visits.pk}": "1,2,3"})
    response = client.post(edit_url(s.report), bad)
    html = response.content.decode()

    assert _title(html).startswith("(2 fel) Redigera:")
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Rapporten har 2 fel." in summary
    assert f'href="#id_number_{s.visits.pk}"' in summary
    assert f'href="#id_number_{s.accepted.pk}"' in summary
    assert summary.index(f"id_number_{s.visits.pk}") < summary.index(f"id_number_{s.accepted.pk}")
    assert 'value="åtta"' in html  # what was typed stays
    assert not Value.objects.exists()


def test_a_refused_submit_lists_what_submitting_needs(client, world, s):
    login(client, world.alice)
    data = form_data(s, submit="", **{f"number_{s.visits.pk}": ""})
    del data["save"]
    html = client.post(edit_url(s.report), data).content.decode()

    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_number_{s.visits.pk}"' in summary
    assert _title(html).startswith("(1 fel) Redigera:")


def test_the_form_page_has_no_summary_before_a_save(client, world, s):
    html = login(client, world.alice).get(edit_url(s.report)).content.decode()
    assert "error-summary" not in html
    assert _title(html).startswith("Redigera:")
