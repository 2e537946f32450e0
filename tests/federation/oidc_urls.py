"""The portal's URLs as familjecentral/urls.py makes them with OIDC_ENABLED on (the settings are
read once, when the module is imported; tests turn OIDC on per test)."""

from django.urls import include, path

from familjecentral.urls import urlpatterns as portal

urlpatterns = [*portal, path("konto/oidc/", include("mozilla_django_oidc.urls"))]
