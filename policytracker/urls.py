from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "policytracker editors"
admin.site.site_title = "policytracker"
admin.site.index_title = "Statements, agencies, orders and 287(g) data"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("statements.urls")),
]
