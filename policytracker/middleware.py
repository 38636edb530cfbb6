"""Response headers Django has no setting for, and requests no view can serve."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class RefuseNulMiddleware:
    """A NUL character in the admin's query string is refused with a 400: PostgreSQL
    cannot compare text holding one, so the admin's search would end in a server
    error. (Public lists, downloads and the API refuse it per field, in their
    filter forms, with the field named.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only the admin's requests are looked at (the rest never pay for it);
        # signed-out visitors are sent to the sign-in page before any search runs.
        if (
            request.path.startswith("/admin/")
            and request.user.is_authenticated
            and any("\x00" in v for _, vs in request.GET.lists() for v in vs)
        ):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no search or filter "
                "can use. Remove it from the address and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) on every
    response, so that no page, nor anything injected into one, can use the camera,
    the microphone, the reader's location and the like."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
