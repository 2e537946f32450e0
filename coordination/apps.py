from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        # The register shows "Mitt område" by default; what that is, assignments say.
        from django.db.models.signals import post_delete, post_save

        from centres import area
        from centres.models import District, FamilyCentre, Municipality, Region
        from coordination.models import Assignment
        from coordination.rules import forget_scopes, own_area

        area.provide(own_area)
        # What a user's assignments cover changes with them and with the register's tree.
        for model in (Assignment, FamilyCentre, District, Municipality, Region):
            for signal in (post_save, post_delete):
                signal.connect(forget_scopes, sender=model, dispatch_uid=f"scopes-{model.__name__}")
