"""`bootstrap_field` draws the common widgets itself instead of through crispy-forms' templates
(a report form has a hundred fields): the markup must be what crispy-forms writes."""

from __future__ import annotations

import re

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from familjecentral.templatetags.portal_forms import bootstrap_field


def _same_markup(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


class Sample(forms.Form):
    text = forms.CharField(label="Antal", required=False, help_text="Hela <em>tal</em>")
    number = forms.IntegerField(label="År", min_value=2000)
    email = forms.EmailField(label="E-post", required=False)
    day = forms.DateField(
        label="Datum", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label="Status", choices=[("a", "A"), ("b", "B")])
    several = forms.MultipleChoiceField(label="Flera", choices=[("a", "A")], required=False)
    comment = forms.CharField(
        label="Kommentar", widget=forms.Textarea(attrs={"rows": 1, "class": "font-monospace"})
    )
    # Left to crispy-forms: the same by construction, checked all the same.
    agree = forms.BooleanField(label="Jag håller med", required=False)
    choice = forms.ChoiceField(label="Val", choices=[("a", "A")], widget=forms.RadioSelect)


VALID = {"number": "2026", "status": "b", "comment": "Bra", "day": "2026-11-24"}
INVALID = {"number": "1999", "status": "x", "email": "nej", "day": "igår", "several": ["z"]}


def test_it_writes_each_widget_as_crispy_forms_does_with_and_without_errors():
    for data in (None, VALID, INVALID):
        form = Sample(data)
        form.is_bound and form.is_valid()
        for name in Sample.base_fields:
            ours = bootstrap_field(form[name])
            theirs = as_crispy_field(form[name])
            assert _same_markup(ours) == _same_markup(theirs), (name, data)


def test_an_invalid_field_says_so_to_the_eye_and_to_a_screen_reader():
    form = Sample(INVALID)
    form.is_valid()
    status = bootstrap_field(form["status"])
    assert 'class="select form-select is-invalid"' in status
    assert 'aria-invalid="true"' in status
    assert '<p id="error_1_id_status"><strong>' in status
    day = bootstrap_field(form["day"])
    assert 'type="date"' in day and "is-invalid" in day
    assert 'aria-describedby="id_text_helptext"' in bootstrap_field(form["text"])
