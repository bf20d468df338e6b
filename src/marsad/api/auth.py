from django.http import HttpRequest
from ninja.security import HttpBearer

from marsad.core.models import User
from marsad.core.services import user_for_api_token


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer msd_…` with a token made on the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user
