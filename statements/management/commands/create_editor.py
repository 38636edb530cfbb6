from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from statements.roles import CONTRIBUTORS, EDITORS


class Command(BaseCommand):
    help = (
        "Create an editor (or contributor) login for the admin, or reset its password "
        "and group if it exists. Re-running never creates a second user."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="editor", help="Login name (default: editor)."
        )
        parser.add_argument("--password", required=True, help="Password to set.")
        parser.add_argument("--email", default="", help="E-mail address (optional).")
        parser.add_argument(
            "--role",
            choices=["editor", "contributor"],
            default="editor",
            help="editor may publish; contributor drafts and submits for review.",
        )

    @transaction.atomic
    def handle(self, *args, username, password, email, role, **options):
        group_name = EDITORS if role == "editor" else CONTRIBUTORS
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist as missing:
            raise CommandError(
                f"The {group_name} group does not exist; run `python manage.py migrate` first."
            ) from missing
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            user = user_model(username=username, email=email)
        # The same rules as the admin's password forms (AUTH_PASSWORD_VALIDATORS).
        try:
            password_validation.validate_password(password, user)
        except ValidationError as refused:
            raise CommandError(
                "This password is refused: "
                + " ".join(refused.messages)
                + " Choose a longer pass phrase (several words) and run the command again."
            ) from refused
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set([group])
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {role} login “{username}” (group {group_name}).")
