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

# A database that cannot be reached gives a 503 page that says so, not a 500.
handler500 = "statements.views.errors.server_error"
