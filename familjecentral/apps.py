from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "familjecentral"
    verbose_name = "Familjecentral"

    def ready(self) -> None:
        from familjecentral import audit  # noqa: F401 - connects the audit log's receivers
