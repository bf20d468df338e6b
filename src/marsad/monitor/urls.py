from django.urls import path

from marsad.monitor import views

app_name = "monitor"
urlpatterns = [path("monitor/", views.dashboard_view, name="dashboard")]
