"""The open data pages, mounted by the project URLconf."""

app_name = "opendata"
urlpatterns: list = []
