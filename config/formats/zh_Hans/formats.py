"""Date formats for zh-hans: the portal's date fields are <input type="date">, which only accept ISO
dates, so ISO comes first among the input formats (Django's own zh_Hans starts with 2026/06/01, which
browsers show as an empty field and which would erase dates on save)."""

# One style per kind on every page (templates name these, never a literal format): a date reads
# 2026年12月2日 — as the bureaus print it —, a timestamp 2026年12月2日 12:24, in lists and details alike.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S"]
