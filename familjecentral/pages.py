"""Pages every app shows the same way. Imports nothing of the apps, so any app may use it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form,
    formsets: list | None = None,
    cancel_url: str,
    multipart: bool = False,
    intro: str = "",
) -> HttpResponse:
    """`templates/object_form.html`: a form (or None), its inline formsets as (heading,
    formset) pairs, and an error summary when any of them failed."""
    return render(
        request,
        "object_form.html",
        {
            "title": title,
            "form": form,
            "formsets": formsets or [],
            "cancel_url": cancel_url,
            "multipart": multipart,
            "intro": intro,
            "has_errors": bool(form is not None and form.errors)
            or any(fs.is_bound and not fs.is_valid() for _h, fs in formsets or []),
        },
    )
