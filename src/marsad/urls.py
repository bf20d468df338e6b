from django.contrib import admin
from django.urls import include, path

from marsad.api.api import api

urlpatterns = [
    path("", include("marsad.core.urls")),
    path("", include("marsad.cases.urls")),
    path("", include("marsad.monitor.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
