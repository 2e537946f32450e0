"""The register: everyone logged in reads every page; anonymous visitors go to the login page."""

from tests.matrix import Row, everyone

ROWS = [
    Row("centres:centre-list", expect=everyone(200)),
    Row("centres:centre-list", query="?district=xyz&page=abc&sort=evil", expect=everyone(200)),
    Row("centres:centre-detail", kwargs=lambda w: {"pk": w.hjallbo.pk}, expect=everyone(200)),
    Row("centres:centre-detail", kwargs=lambda w: {"pk": w.molnlycke_fc.pk}, expect=everyone(200)),
    Row("centres:district-list", expect=everyone(200)),
    Row("centres:district-detail", kwargs=lambda w: {"pk": w.angered.pk}, expect=everyone(200)),
    Row("centres:municipality-list", expect=everyone(200)),
    Row(
        "centres:municipality-detail", kwargs=lambda w: {"pk": w.goteborg.pk}, expect=everyone(200)
    ),
    Row("centres:method-list", expect=everyone(200)),
]
