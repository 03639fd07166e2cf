from django.contrib import admin
from import_export.admin import ExportMixin

from core.audit import audit_record
from core.xlsx import SafeXLSX

from .models import Enrollment, Material, RosterFiling, RosterImport, Trainee
from .resources import RosterResource


class ReadOnlyAdmin(admin.ModelAdmin):
    """Trainee data changes only through the services, which judge eligibility and keep the audit log;
    the admin lists it for support staff."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Trainee)
class TraineeAdmin(ReadOnlyAdmin):
    list_display = ["name", "sex", "birth_date", "created_at"]
    search_fields = ["name", "=id_number"]


@admin.register(Enrollment)
class EnrollmentAdmin(ExportMixin, ReadOnlyAdmin):
    resource_classes = [RosterResource]
    formats = [SafeXLSX]  # user-typed values are written as text, never as formulas
    list_display = ["trainee", "program", "base", "occupation", "level", "status", "source", "created_at"]
    list_filter = ["status", "source", "level", "program"]
    search_fields = ["trainee__name", "=trainee__id_number"]
    list_select_related = ["trainee", "program", "base__organisation", "occupation"]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        # The roster carries full ID numbers: an export from the admin is audited like one from the portal.
        audit_record(
            actor=request.user,
            action="trainee.export",
            note=f"管理后台导出花名册，共 {queryset.count()} 人",
        )
        return data


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["enrollment__trainee", "enrollment__program"]


@admin.register(RosterFiling)
class RosterFilingAdmin(ReadOnlyAdmin):
    list_display = ["base", "program", "status", "enrollment_count", "changes_since_filing", "filed_at"]
    list_filter = ["status", "program"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = [
        "base",
        "program",
        "original_name",
        "status",
        "accepted",
        "rejected",
        "saved",
        "created_at",
    ]
    list_filter = ["status"]
