from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # The register shows "Mitt område" by default; what that is, assignments say.
        from centres import area
        from coordination.rules import own_area

        area.provide(own_area)
