"""The JSON API, mounted at /api/v1/ with OpenAPI docs at /api/v1/docs.

Each app adds its router here; endpoints call the same services as the views.
"""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status

import marsad
from marsad.api.auth import ApiTokenAuth
from marsad.core.enums import Role

api = NinjaAPI(
    title="Marsad API",
    version="1",
    description="Monitoring, observatory, campaigns and capacity data of this Marsad.",
    urls_namespace="api",
)
api.add_router("/cases", "marsad.cases.api.router")
api.add_router("/monitor", "marsad.monitor.api.router")


class HealthOut(Schema):
    status: str
    database: str
    version: str


class MeOut(Schema):
    username: str
    roles: list[str]


@api.get("/health", response={200: HealthOut, 503: HealthOut}, tags=["system"])
def health(request: HttpRequest) -> Status[HealthOut]:
    """Liveness for monitors and load balancers: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Status(
            503,
            HealthOut(
                status="error", database="unreachable", version=marsad.__version__
            ),
        )
    return Status(
        200, HealthOut(status="ok", database="ok", version=marsad.__version__)
    )


@api.get("/me", response=MeOut, auth=ApiTokenAuth(), tags=["system"])
def me(request: HttpRequest) -> MeOut:
    """Who the token belongs to, and their roles: a quick check that a token works."""
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.get_username(), roles=[Role(r).value for r in user.role_names]
    )
