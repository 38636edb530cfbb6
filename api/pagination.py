"""Pages of API results."""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from statements.pagination import CountedOncePaginator
from statements.site_url import on_site
from statements.views.lists import query_without_page


class Pagination(PageNumberPagination):
    """Pages of 50, or ``page_size`` of them up to 500; a ``page_size`` that is not a
    whole number in that range is refused rather than quietly replaced."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        # The API shows the same published record to everyone, so each list's
        # count is kept per version of the record, as the pages' lists do.
        query = query_without_page(request.query_params)
        key = f"api:{request.path}?{query}"
        self.django_paginator_class = lambda objects, per_page: CountedOncePaginator(
            objects, per_page, request=request._request, count_key=key
        )
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        # Only ASCII digits: str.isdigit() also accepts "²" and "①", which int()
        # refuses; the length cap keeps int() away from huge digit strings.
        is_whole_number = raw.isascii() and raw.isdigit() and len(raw) <= 6
        if not is_whole_number or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_next_link(self):
        return on_site(super().get_next_link())

    def get_previous_link(self):
        return on_site(super().get_previous_link())

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
