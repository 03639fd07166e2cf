from django.contrib import admin

from .models import Base, Objection, PlanApplication, PlanLine, Publication, Qualification, Sanction


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(Base)
class BaseAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "status", "banned_until"]
    list_filter = ["kind", "status"]
    search_fields = ["organisation__name", "organisation__code"]
    inlines = [QualificationInline]
    readonly_fields = ["status", "banned_until"]  # changed through services, which audit them


class PlanLineInline(admin.TabularInline):
    model = PlanLine
    extra = 0


@admin.register(PlanApplication)
class PlanApplicationAdmin(admin.ModelAdmin):
    list_display = ["base", "program", "status", "updated_at"]
    list_filter = ["status", "program"]
    inlines = [PlanLineInline]

    def has_change_permission(self, request, obj=None):
        return False  # plans move only through the workflow services


admin.site.register(Sanction)
admin.site.register(Publication)
admin.site.register(Objection)
