"""Frameworks are fixtures: the admin shows them and changes nothing."""

from django.contrib import admin

from frameworks.models import Component, Framework, Statement


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["slug", "version", "name_en", "name_it"]


@admin.register(Component)
class ComponentAdmin(ReadOnlyAdmin):
    list_display = ["key", "framework", "order", "name_en"]
    list_filter = ["framework"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["key", "component", "perspective", "text_en"]
    list_filter = ["component__framework", "perspective"]
