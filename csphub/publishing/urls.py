"""The publishing pages, mounted by the project URLconf."""

app_name = "publishing"
urlpatterns: list = []
