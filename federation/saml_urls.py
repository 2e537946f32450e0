"""djangosaml2's URLs under /konto/saml2/ (login, acs, metadata, logout): each answers 404
while SAML_ENABLED is off. The names are djangosaml2's own (saml2_login …): its views reverse
them."""

from django.urls import path
from djangosaml2 import urls as djangosaml2_urls

from federation.saml import enabled_only

urlpatterns = [
    path(str(p.pattern), enabled_only(p.callback), name=p.name)
    for p in djangosaml2_urls.urlpatterns
]
