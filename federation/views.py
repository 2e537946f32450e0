from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views

from federation.forms import PortalAuthenticationForm
from federation.providers import configured


class LoginView(auth_views.LoginView):
    """The login page: a button per configured identity provider beside the password form,
    first when local login is for admins only."""

    form_class = PortalAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            providers=configured(), local_login=settings.PORTAL_LOCAL_LOGIN, **kwargs
        )
