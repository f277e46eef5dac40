"""Crime categories and the category mapping table, mounted at /categories/."""

from django.urls import path

from . import views_categories as views

app_name = "categories"
urlpatterns = [
    path("", views.category_list, name="list"),
    path("mappings/new/", views.mapping_new, name="mapping_new"),
    path("mappings/<int:pk>/edit/", views.mapping_edit, name="mapping_edit"),
    path("mappings/<int:pk>/delete/", views.mapping_delete, name="mapping_delete"),
]
