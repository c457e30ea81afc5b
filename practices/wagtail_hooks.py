from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from practices.choosers import commune_chooser_viewset
from practices.models import Commune


class CommuneAdmin(ModelAdmin):
    model = Commune
    menu_label = _("Communes")
    menu_icon = "site"
    menu_order = 300
    add_to_settings_menu = False
    list_display = ("name", "insee_code", "population", "population_band", "epci_name")
    list_filter = ("population_band", "epci_name", "department")
    search_fields = ("name", "insee_code", "postcodes", "epci_name")
    ordering = ("name",)


modeladmin_register(CommuneAdmin)


@hooks.register("register_admin_viewset")
def register_commune_chooser():
    return commune_chooser_viewset
