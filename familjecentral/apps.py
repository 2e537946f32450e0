from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "familjecentral"
    verbose_name = "Familjecentral"
