"""Values an admin "add" form takes from its address (``?agency=12``), kept only when
they can be record ids: the autocomplete widgets look them up as they are, and a
value such as "²" (a digit to Python, not to the database) ended in a server error."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist


class WellFormedInitialAdmin(admin.ModelAdmin):
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:  # not a field of the model: the form ignores it
                continue
            if not field.is_relation:
                continue
            ids = value if isinstance(value, list) else str(value).split(",")
            if not all(str(pk).isascii() and str(pk).isdigit() for pk in ids):
                del initial[name]
        return initial
