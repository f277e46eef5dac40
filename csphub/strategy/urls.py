"""The strategy app's pages (mounted under /p/<slug>/strategy/ in csphub/urls.py)."""

from django.urls import path, register_converter

from . import views_plans


class PlanFormatConverter:
    regex = "pdf|docx|xlsx|html"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlanFormatConverter, "plan_format")

app_name = "strategy"

urlpatterns: list = []

# --- delivery plans (issue 12 part 2) ---------------------------------------------------------
PLAN = "delivery-plans/<slug:body>/<int:year>/"
urlpatterns += [
    path("delivery-plans/", views_plans.plan_list, name="delivery_plans"),
    path("delivery-plans/new/", views_plans.plan_new, name="delivery_plan_new"),
    path(PLAN, views_plans.plan_detail, name="delivery_plan"),
    path(
        "delivery-plans/<slug:body>/<int:year>.<plan_format:fmt>",
        views_plans.plan_download,
        name="delivery_plan_download",
    ),
    path(PLAN + "edit/", views_plans.plan_edit, name="delivery_plan_edit"),
    path(PLAN + "objectives/new/", views_plans.objective_new, name="delivery_plan_objective_new"),
    path(
        PLAN + "objectives/<int:pk>/edit/",
        views_plans.objective_edit,
        name="delivery_plan_objective_edit",
    ),
    path(
        PLAN + "objectives/<int:pk>/move/",
        views_plans.objective_move,
        name="delivery_plan_objective_move",
    ),
    path(PLAN + "actions/new/", views_plans.action_new, name="delivery_plan_action_new"),
    path(
        PLAN + "actions/<int:pk>/edit/",
        views_plans.action_edit,
        name="delivery_plan_action_edit",
    ),
    path(
        PLAN + "actions/<int:pk>/move/",
        views_plans.action_move,
        name="delivery_plan_action_move",
    ),
    path(
        PLAN + "request-updates/",
        views_plans.request_updates,
        name="delivery_plan_request_updates",
    ),
]
# --- end of delivery plans --------------------------------------------------------------------
