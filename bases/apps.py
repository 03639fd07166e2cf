from django.apps import AppConfig


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = "培训基地与计划"
