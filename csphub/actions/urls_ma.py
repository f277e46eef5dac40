from django.urls import path  # noqa: F401

app_name = "matters_arising"
urlpatterns: list = []
