from django.urls import path, register_converter

from . import views_pack

app_name = "crime_pack"


class MonthConverter:
    """``2017-07``, or ``latest``: the last month of the pack."""

    regex = r"(?:\d{4}-\d{2}|latest)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PaperConverter:
    """Nothing for A4, ``-a3`` for A3 landscape: ``2017-07.pdf``, ``2017-07-a3.pdf``."""

    regex = r"(?:-a3)?"

    def to_python(self, value: str) -> str:
        return "a3" if value else "a4"

    def to_url(self, value: str) -> str:
        if value not in {"a4", "a3"}:
            raise ValueError(value)
        return "-a3" if value == "a3" else ""


register_converter(MonthConverter, "pack_month")
register_converter(PaperConverter, "pack_paper")

urlpatterns = [
    path("", views_pack.pack_page, name="pack"),
    path(
        "<pack_month:month><pack_paper:paper>.<slug:fmt>",
        views_pack.pack_download,
        name="download",
    ),
    path("attach/", views_pack.pack_attach_page, name="attach"),
]
