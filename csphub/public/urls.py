"""The public website pages, mounted by the project URLconf."""

app_name = "public"
urlpatterns: list = []
