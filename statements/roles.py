"""The two editorial groups and their rights.

``Editors`` create, change, publish and unpublish; ``Contributors`` create and change
drafts and submit them for review, and never publish. Agencies, orders and agreements
have no draft state (a change is public at once), so contributors only view them. The
publishing right is the custom permission ``statements.publish_statement``, checked on the server in
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
        # Unlocking a sign-in paused after too many wrong passwords (django-axes).
        "axes.view_accessattempt", "axes.delete_accessattempt",
        "add_inquiry", "change_inquiry", "delete_inquiry", "view_inquiry",
        # Corrections are added, never changed or deleted (see models/corrections.py).
        "add_correction", "view_correction", "view_sourcecheck",
    ],
    CONTRIBUTORS: [
        "add_statement", "change_statement", "view_statement",
        "add_position", "change_position", "delete_position", "view_position",
        # Agencies, orders and agreements are public the moment they are saved,
        # with no review step: contributors may look, editors change them.
        "view_agency", "view_agencyalias",
        "view_order", "view_agreement", "view_agreementrequest", "view_listsnapshot",
        "view_inquiry",
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
    # A migration runs this with the models of its time: rights on models added
    # later are given by the migration that adds them, running it again.
    models_then = {
        model._meta.model_name
        for model in apps.get_app_config("statements").get_models()
    }
    for group_name, names in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        wanted = set()
        for name in names:
            app_label, _, codename = name.rpartition(".")
            app_label = app_label or "statements"
            if app_label != "statements" and not _has_models(apps, app_label):
                # An early migration, before that app's tables exist: a later
                # migration of ours (0006) runs this again once they do.
                continue
            if (
                app_label == "statements"
                and codename.split("_", 1)[1] not in models_then
            ):
                continue
            wanted.add((app_label, codename))
        permissions = [
            permission
            for permission in permission_model.objects.filter(
                content_type__app_label__in={label for label, _ in wanted},
                codename__in={codename for _, codename in wanted},
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        missing = wanted - found
        if missing:
            raise RuntimeError(
                f"Permissions not found for {group_name}: {sorted(missing)}"
            )
        group.permissions.set(permissions)


def _has_models(apps, app_label):
    try:
        return bool(list(apps.get_app_config(app_label).get_models()))
    except LookupError:
        return False


def sees_unpublished(user):
    """Who sees unpublished work: signed-in, active staff see drafts, reviews,
    withdrawn and scheduled statements (marked as such, never cached); everyone else
    sees ``published()`` only. ``StatementQuerySet.visible_to`` applies it."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
