import datetime

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from statements import models, roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            if Group.objects.filter(name__in=names).count() < len(set(names)):
                # A transactional test before this one emptied every table, the
                # groups the migrations made included: make them again.
                roles.ensure_groups(apps)
            self.groups.set(Group.objects.filter(name__in=names))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Example County Sheriff's Office {n}")
    slug = factory.Sequence(lambda n: f"example-county-sheriffs-office-{n}")
    kind = "sheriff"
    jurisdiction_level = "county"
    state = "FL"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Order
        django_get_or_create = ("slug",)

    kind = "executive_order"
    number = factory.Sequence(lambda n: f"{20000 + n}")
    slug = factory.LazyAttribute(lambda o: f"eo-{o.number}")
    title = factory.Sequence(lambda n: f"Test order {n}")
    signed_on = datetime.date(2025, 1, 20)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    agency = factory.SubFactory(AgencyFactory)
    headline = factory.Sequence(lambda n: f"Sheriff comments on order {n}")
    slug = factory.Sequence(lambda n: f"statement-{n}")
    issued_on = datetime.date(2025, 2, 1)
    summary = "A neutral summary in the newsroom's words."
    source_name = "Example News"
    source_url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    status = "draft"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    statement = factory.SubFactory(StatementFactory)
    order = factory.SubFactory(OrderFactory)
    topic = "287g_agreements"
    stance = "supports"
    mandate_view = "not_addressed"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    agency = factory.SubFactory(AgencyFactory)
    model = "task_force"
    signed_on = factory.Sequence(
        lambda n: datetime.date(2025, 3, 1) + datetime.timedelta(n)
    )
    status = "listed"
    first_listed_on = datetime.date(2025, 5, 16)
    last_listed_on = datetime.date(2025, 7, 18)
