from django.urls import path

from marsad.monitor import views

app_name = "monitor"
urlpatterns = [
    path("monitor/", views.dashboard_view, name="dashboard"),
    path("monitor/review/", views.review_view, name="review"),
    path("monitor/review/export.jsonl", views.export_reviews_view, name="export"),
]
