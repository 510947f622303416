from __future__ import annotations

from django.urls import path

from bidkit.portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
    path("profile/", views.ProfilePage.as_view(), name="profile"),
]
