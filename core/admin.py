from django.contrib import admin

from .models import AuditEntry, Job


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the log is append-only


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "title", "status", "progress", "requested_by"]
    list_filter = ["status", "kind"]
