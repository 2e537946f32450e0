"""The portal's start page, logging out and the CSRF failure page. Each app contributes its own
start-page panels through `templates/_home_panels.html`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coordination.models import Role
from coordination.rules import has_role, manages_anywhere
from federation.oidc import end_session_url
from followup.comparison import manager_overview
from followup.rules import manager_scope


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # A samordnare's to-do (the follow-up inbox) comes first, on a phone too, where the
    # panels stack in page order.
    todo_first = has_role(request.user, Role.SAMORDNARE)
    # A chef's area in one minute, first on the page (issue 19, item 10).
    scope = manager_scope(request.user)
    manager = manager_overview(*scope) if scope is not None else None
    # A processledare's and koordinator's "Att granska" comes before everything (issue 20).
    review_first = manages_anywhere(request.user)
    return render(
        request,
        "home.html",
        {"todo_first": todo_first, "manager": manager, "review_first": review_first},
    )


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks (a link or a reload must not log anyone out); POST logs out."""
    if request.method == "POST":
        # After a provider's login, its session ends too (its end_session endpoint).
        then = end_session_url(request)
        auth_logout(request)
        messages.success(request, _("You are logged out."))
        return redirect(then)
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "registration/logout_confirm.html", {})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted with a stale token (a second tab, an expired session): in the layout."""
    return render(request, "403_csrf.html", {}, status=403)


# /tillganglighet/
def accessibility(request: HttpRequest) -> HttpResponse:
    """The tillgänglighetsredogörelse, in the form DIGG recommends; open to everyone, also
    before logging in."""
    return render(
        request,
        "accessibility.html",
        {"contact": settings.PORTAL_ACCESSIBILITY_CONTACT},
    )
