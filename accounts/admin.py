from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["city", "county"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "organisation", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("机构", {"fields": ("organisation", "phone")}))
    raw_id_fields = ["organisation"]
