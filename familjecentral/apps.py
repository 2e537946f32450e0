from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "familjecentral"
    verbose_name = "Familjecentral"

    def ready(self) -> None:
        # Connect the receivers: the audit log's, and the one deciding a login's second step.
        from familjecentral import audit, twofactor  # noqa: F401
