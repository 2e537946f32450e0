from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from familjecentral import twofactor, views
from federation import views as federation_views

admin.site.site_header = _("Familjecentral portal – administration")
admin.site.site_title = _("Familjecentral portal")
admin.site.index_title = _("Register and settings")

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("konto/logga-in/", federation_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.logout, name="logout"),
    path(
        "konto/byt-losenord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/byt-losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("konto/tvastegs/", twofactor.overview, name="twofactor-overview"),
    path("konto/tvastegs/verifiera/", twofactor.verify, name="twofactor-verify"),
    path("konto/tvastegs/aktivera/", twofactor.setup, name="twofactor-setup"),
    path("konto/tvastegs/qr.svg", twofactor.qr_code, name="twofactor-qr"),
    path("konto/tvastegs/reservkoder/", twofactor.codes, name="twofactor-codes"),
    path("konto/tvastegs/reservkoder/nya/", twofactor.new_codes, name="twofactor-new-codes"),
    path("konto/tvastegs/stang-av/", twofactor.disable, name="twofactor-disable"),
    path("konto/aviseringar/", include("notifications.urls")),
    path("konto/saml2/", include("federation.saml_urls")),
    path("register/", include("centres.urls")),
    path("samordning/", include("coordination.urls")),
    path("uppfoljning/", include("followup.urls")),
    path("admin/", admin.site.urls),
]

# Federated login (issue 21): the OIDC client's URLs exist only while it is on; the redirect URI
# to register at the provider is /konto/oidc/callback/.
if settings.OIDC_ENABLED:
    urlpatterns.append(path("konto/oidc/", include("mozilla_django_oidc.urls")))

if settings.PORTAL_BENCH:
    from familjecentral import bench

    urlpatterns.append(path("_bench/ok/", bench.minimal, name="bench-minimal"))
