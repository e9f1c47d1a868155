from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("", include("browse.urls")),
]

handler400 = "trilat.errors.bad_request"
