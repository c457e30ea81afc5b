"""Moderation: groups « Rédacteurs » and « Modérateurs », workflow « Relecture ».

Editors write pages, press contacts, images and documents but cannot publish; moderators also
publish and approve the « Validation par un modérateur » task of the « Relecture » workflow.
Wagtail's default « Editors » / « Moderators » groups are renamed, and its default workflow on the
tree root is replaced by « Relecture », so the admin only shows French names. The press room gets
« Relecture » explicitly (cms/moderation.py does it for a press room created later).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Rédacteurs"
MODERATORS = "Modérateurs"
WAGTAIL_DEFAULT_NAMES = {EDITORS: "Editors", MODERATORS: "Moderators"}
WORKFLOW = "Relecture"
TASK = "Validation par un modérateur"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

# (app_label, model, codename) of the model permissions of each group.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("press", "presscontact", "add_presscontact"),
        ("press", "presscontact", "change_presscontact"),
        ("press", "presscontact", "view_presscontact"),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("press", "presscontact", "add_presscontact"),
        ("press", "presscontact", "change_presscontact"),
        ("press", "presscontact", "delete_presscontact"),
        ("press", "presscontact", "view_presscontact"),
    ],
}
# Page permissions on the tree root (so on every page).
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    MODERATORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )[0]


def group(apps, name):
    Group = apps.get_model("auth", "Group")
    existing = Group.objects.filter(name=name).first()
    if existing:
        return existing
    wagtail_default = Group.objects.filter(name=WAGTAIL_DEFAULT_NAMES[name]).first()
    if wagtail_default:
        wagtail_default.name = name
        wagtail_default.save(update_fields=["name"])
        return wagtail_default
    return Group.objects.create(name=name)


def set_permissions(apps, name):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    members = group(apps, name)
    members.permissions.set([permission(apps, *spec) for spec in MODEL_PERMISSIONS[name]])

    root_page = Page.objects.get(depth=1)
    page_permissions = [
        permission(apps, "wagtailcore", "page", codename) for codename in PAGE_PERMISSIONS[name]
    ]
    GroupPagePermission.objects.filter(group=members, page=root_page).exclude(
        permission__in=page_permissions
    ).delete()
    for page_permission in page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=members, page=root_page, permission=page_permission
        )

    root_collection = Collection.objects.get(depth=1)
    collection_permissions = [permission(apps, *spec) for spec in COLLECTION_PERMISSIONS[name]]
    GroupCollectionPermission.objects.filter(group=members, collection=root_collection).exclude(
        permission__in=collection_permissions
    ).delete()
    for collection_permission in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=members, collection=root_collection, permission=collection_permission
        )
    return members


def review_workflow(apps, moderators):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def assign_workflow(apps, workflow):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")

    root_page = Page.objects.get(depth=1)
    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default:
        WorkflowPage.objects.filter(workflow=default, page=root_page).update(workflow=workflow)
        if not WorkflowPage.objects.filter(workflow=default).exists():
            Workflow.objects.filter(pk=default.pk).update(active=False)
            Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)
    WorkflowPage.objects.get_or_create(page=root_page, defaults={"workflow": workflow})

    press_rooms = Page.objects.filter(
        content_type__app_label="press", content_type__model="pressindexpage"
    )
    for press_room in press_rooms:
        WorkflowPage.objects.get_or_create(page=press_room, defaults={"workflow": workflow})


def create_moderation(apps, schema_editor):
    # Permissions are normally created after the migrations: create them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    set_permissions(apps, EDITORS)
    moderators = set_permissions(apps, MODERATORS)
    assign_workflow(apps, review_workflow(apps, moderators))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_initial"),
        ("press", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_moderation, migrations.RunPython.noop)]
