"""The baseline of the page benchmarks: a logged-in page with the portal's base template and a 50-row,
11-column table of constant values, no queries beyond the session and the user. A list page can cost at
most this much less; the aim is half its throughput."""

from django.http import HttpResponse
from django.template import engines

from accounts.permissions import ALL_ROLES, role_required

_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}基准{% endblock %}{% block content %}
<h1>基准页面</h1>
<table class="table"><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>{% endblock %}"""
)
COLUMNS = [
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "培训基地",
    "职业（工种）",
    "等级",
    "途径",
    "登记方式",
    "状态",
    "登记时间",
]
ROWS = [
    [
        "王*明",
        "男",
        "3713**********1234",
        "139****5678",
        "临沂市技师学院",
        "焊工",
        "技师",
        "证书",
        "导入",
        "在册",
        "2023-05-01 10:00",
    ]
    for _ in range(50)
]


@role_required(*ALL_ROLES)
def bare_page(request):
    return HttpResponse(_TEMPLATE.render({"columns": COLUMNS, "rows": ROWS}, request))
