from django.contrib import admin

from .models import Attendance, ClassMember, Session, TrainingClass


class ReadOnlyAdmin(admin.ModelAdmin):
    """Delivery data changes only through the services, which check the rules and keep the audit log;
    the admin lists it for support staff."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingClass)
class TrainingClassAdmin(ReadOnlyAdmin):
    list_display = ["name", "program", "base", "occupation", "level", "start", "end"]
    list_filter = ["program", "level"]
    search_fields = ["name", "head_teacher"]
    list_select_related = ["program", "base__organisation", "occupation"]


@admin.register(ClassMember)
class ClassMemberAdmin(ReadOnlyAdmin):
    list_display = ["training_class", "enrollment", "added_at"]
    list_select_related = ["training_class", "enrollment__trainee", "enrollment__program"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["training_class", "day", "start", "end", "category", "mode", "hours", "teacher"]
    list_filter = ["category", "mode"]
    list_select_related = ["training_class"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "enrollment", "status", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["session", "enrollment__trainee", "enrollment__program"]
