from django.urls import path

from marsad.core import views

app_name = "core"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("login/enroll/", views.enroll_view, name="enroll"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/tokens/", views.token_create_view, name="token_create"),
    path(
        "profile/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"
    ),
]
