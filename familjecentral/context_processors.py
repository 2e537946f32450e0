from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {"demo_banner": settings.PORTAL_DEMO_BANNER}
