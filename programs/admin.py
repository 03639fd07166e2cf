from django.contrib import admin

from .models import Deadline, Occupation, PolicyVersion, Program


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "in_catalog", "family"]
    list_filter = ["in_catalog", "family"]
    search_fields = ["name"]


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "year", "kind", "status"]
    list_filter = ["kind", "status", "year"]
    inlines = [DeadlineInline]
    readonly_fields = ["policy", "status"]  # changed through the portal's services only


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["program", "number", "created_at", "frozen_at"]

    def has_change_permission(self, request, obj=None):
        return False  # versions change through policy_update, which keeps the history
