"""Template filters shared by the portal's pages."""

from django import template

from accounts.permissions import may_open
from core.audit import action_label as _action_label
from core.idcard import mask_id_number, mask_name, mask_phone

register = template.Library()


@register.filter
def may(user, url_name: str) -> bool:
    """`{% if user|may:"bases:base_create" %}`: whether the user's role may open that page."""
    return may_open(user, url_name)


@register.filter
def action_label(code: str) -> str:
    """The Chinese label of an audited action code."""
    return _action_label(code)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def masked_name(value: str) -> str:
    return mask_name(value)


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.inclusion_tag("_status_badge.html")
def status_badge(obj, id: str = "") -> dict:
    """The object's status label in the colour its model assigns (``STATUS_BADGES`` beside the choices)."""
    return {
        "label": obj.get_status_display(),
        "colour": getattr(type(obj), "STATUS_BADGES", {}).get(obj.status, ""),
        "id": id,
    }


@register.filter
def page_numbers(page) -> list:
    """The page numbers to link around the current page: the first, two either side, the last, and
    the paginator's ellipsis where numbers are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
