"""The search pages, mounted by the project URLconf."""

app_name = "search"
urlpatterns: list = []
