"""System checks run at start-up (`marsad serve`, `marsad demo`, `manage check`)."""

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_data_dir_writable(**kwargs: Any) -> list[Error]:

    if not os.access(settings.DATA_DIR, os.W_OK):
        return [
            Error(
                f"The data folder {settings.DATA_DIR} is not writable.",
                hint="Set MARSAD_DATA_DIR to a folder this user can write.",
                id="marsad.E001",
            )
        ]
    return []


@register(deploy=True)
def check_secure_cookies(**kwargs: Any) -> list[Warning]:
    if not settings.SECURE_COOKIES:
        return [
            Warning(
                "Session and CSRF cookies are sent over plain HTTP.",
                hint="Behind HTTPS, set MARSAD_SECURE_COOKIES=true.",
                id="marsad.W001",
            )
        ]
    return []
