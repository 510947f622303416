from __future__ import annotations

from django.urls import path

from bidkit.portal.catalogues import views

app_name = "catalogues"
urlpatterns = [
    path("catalogues/", views.Catalogues.as_view(), name="catalogues"),
    path("catalogues/<str:firm>/", views.FirmPage.as_view(), name="firm"),
    path("catalogues/<str:firm>/template/", views.Template.as_view(), name="template"),
    path("catalogues/<str:firm>/compare/", views.Compare.as_view(), name="compare"),
    path("catalogues/<str:firm>/versions/<int:number>/", views.VersionPage.as_view(), name="version"),
    path("catalogues/<str:firm>/versions/<int:number>/download/", views.Download.as_view(), name="download"),
    path("catalogues/<str:firm>/versions/<int:number>/impact/", views.Impact.as_view(), name="impact"),
    path("overview/", views.Overview.as_view(), name="overview"),
]
