"""The two editorial groups and their rights.

``Editors`` create, change, publish and unpublish; ``Contributors`` create and change
drafts and submit them for review, and never publish. The publishing right is the
custom permission ``statements.publish_statement``, checked on the server in
``publishing.py``; the admin only follows it.
"""

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"

GROUP_PERMISSIONS = {
    EDITORS: [
        "add_statement", "change_statement", "delete_statement", "view_statement",
        "publish_statement",
        "add_position", "change_position", "delete_position", "view_position",
        "add_agency", "change_agency", "delete_agency", "view_agency",
        "add_agencyalias", "change_agencyalias", "delete_agencyalias", "view_agencyalias",
        "add_order", "change_order", "delete_order", "view_order",
        "add_agreement", "change_agreement", "view_agreement",
        "view_agreementrequest", "change_agreementrequest",
        "add_listsnapshot", "view_listsnapshot",
        # Corrections are added, never changed or deleted (see models/corrections.py).
        "add_correction", "view_correction", "view_sourcecheck",
    ],
    CONTRIBUTORS: [
        "add_statement", "change_statement", "view_statement",
        "add_position", "change_position", "delete_position", "view_position",
        "add_agency", "change_agency", "view_agency", "view_agencyalias",
        "view_order", "view_agreement", "view_agreementrequest", "view_listsnapshot",
        "view_correction", "view_sourcecheck",
    ],
}  # fmt: skip


def ensure_groups(apps):
    """Create or update the groups; works with migration (historical) apps too."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    existing_models = {
        model._meta.model_name
        for model in apps.get_app_config("statements").get_models()
    }
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        # An earlier migration grants what exists at its point in history; the
        # migration that adds a model grants its rights (ensure_groups again).
        codenames = [
            codename
            for codename in codenames
            if codename.split("_", 1)[1] in existing_models
        ]
        permissions = permission_model.objects.filter(
            content_type__app_label="statements", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(
                f"Permissions not found for {group_name}: {sorted(missing)}"
            )
        group.permissions.set(permissions)


def sees_unpublished(user):
    """Who sees unpublished work: signed-in, active staff see drafts, reviews,
    withdrawn and scheduled statements (marked as such, never cached); everyone else
    sees ``published()`` only. ``StatementQuerySet.visible_to`` applies it."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
