from django.views.generic import DetailView, TemplateView

from .models import Agency, Order, Statement


class HomeView(TemplateView):
    template_name = "statements/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_statements"] = Statement.objects.published().with_related()[:10]
        return context


class StatementDetailView(DetailView):
    template_name = "statements/statement_detail.html"

    def get_queryset(self):
        return Statement.objects.published().with_related()


class AgencyDetailView(DetailView):
    template_name = "statements/agency_detail.html"
    queryset = Agency.objects.all()


class OrderDetailView(DetailView):
    template_name = "statements/order_detail.html"
    queryset = Order.objects.all()
