from django.db import models


class Category(models.TextChoices):
    """The three kinds of class hour the notices count separately (思政 / 理论 / 实操)."""

    IDEOLOGY = "ideology", "思政"
    THEORY = "theory", "理论"
    PRACTICE = "practice", "实操"


class Mode(models.TextChoices):
    ONLINE = "online", "线上"
    OFFLINE = "offline", "线下"
