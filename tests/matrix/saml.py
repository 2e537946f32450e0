"""SAML login (federation/saml.py): off in the cast's settings, so every URL is 404 for all."""

from tests.matrix import Row, everyone

OFF = everyone(404, anonymous=404)

ROWS = [
    Row("saml2_login", expect=OFF),
    Row("saml2_acs", method="post", data=lambda w: {"SAMLResponse": "x"}, expect=OFF),
    Row("saml2_logout", expect=OFF),
    Row("saml2_ls", expect=OFF),
    Row("saml2_ls_post", method="post", expect=OFF),
    Row("saml2_metadata", expect=OFF),
]
