from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .audit import ACTIONS
from .uploads import IMAGE, bounded_image, validate_upload

SEAL_MAX_BYTES = 2 * 1024 * 1024
# A seal is printed about 4 cm wide: 1000 px is more than any print needs, and keeps every PDF small.
SEAL_MAX_SIDE = 1000
SEAL_MAX_PIXELS = 25_000_000

# Chinese labels end with the full-width colon; Django's zh_Hans catalogue translates ":" as ASCII ":".
LABEL_SUFFIX = "："


class ListedChoiceIterator(ModelChoiceIterator):
    """A model choice list read with one plain SELECT. Django's iterator calls ``queryset.iterator()``,
    which on PostgreSQL outside a transaction opens a server-side cursor (DECLARE … WITH HOLD, FETCH,
    CLOSE): three round trips and a materialised result for a dozen options, on every list page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python with the same markup as Django's: the stock widget renders two
    templates per option, which for a list page's filter pick lists (a hundred options) cost more than
    its 50 rows."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(format_html('<optgroup label="{}">', group_name))
            html.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', str(o["value"]), flatatt(o["attrs"]), o["label"]
                )
                for o in options
            )
            if group_name:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("".join(html))  # every part above was escaped by format_html


class PortalFormMixin:
    """What every portal form shares: full-width "：" after labels, required fields' labels carry the
    ``required`` class (the stylesheet puts a red * before them; Django adds the ``required`` attribute),
    model choices read with one plain query, and pick lists drawn by ``QuickSelect``."""

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices  # the widget keeps the iterator it was given
            if type(field.widget) is forms.Select:
                field.widget.__class__ = QuickSelect


def preselect_only_choice(field: forms.ModelChoiceField, queryset: QuerySet) -> None:
    """A choice with exactly one option (the only programme a base may register for) comes preselected."""
    only = list(queryset[:2])
    if len(only) == 1:
        field.initial = only[0].pk


class AuditSearchForm(PortalFormMixin, forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    obj = forms.CharField(label="对象", required=False)
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *sorted(ACTIONS.items())]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


class SealForm(PortalFormMixin, forms.Form):
    seal = forms.FileField(label="电子公章图片", help_text="PNG 或 JPG，最大 2 MB，建议透明背景的红色圆章")

    def clean_seal(self):
        """The stored seal is always a PNG of at most SEAL_MAX_SIDE pixels, re-encoded from the upload."""
        upload = self.cleaned_data["seal"]
        validate_upload(upload, kinds=IMAGE, max_bytes=SEAL_MAX_BYTES)
        return bounded_image(upload, max_side=SEAL_MAX_SIDE, kind="png", max_pixels=SEAL_MAX_PIXELS)
