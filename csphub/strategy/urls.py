"""The strategy app's pages (mounted under /p/<slug>/strategy/ in csphub/urls.py)."""

from django.urls import path, register_converter

from . import views_forward, views_plans, views_progress, views_strategy


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
# --- Strategy, priorities and progress against the strategy (issue 12 parts 1 and 5) --------
# Public pages first (a strategy's address is its period; ?version=N reads another version),
# then the secretariat's forms under manage/.


class PeriodConverter:
    """A strategy's period, two years ("2020-2023"): so these addresses never catch another
    part's (a delivery plan's, the forward plan's) under /strategy/."""

    regex = "[0-9]{4}-[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodConverter, "strategy_period")
urlpatterns += [
    path("", views_strategy.strategy_list, name="list"),
    path("manage/new/", views_strategy.strategy_new, name="strategy_new"),
    path("manage/<int:pk>/edit/", views_strategy.strategy_edit, name="strategy_edit"),
    path(
        "manage/<int:pk>/make-current/",
        views_strategy.strategy_make_current,
        name="strategy_make_current",
    ),
    path("manage/<int:pk>/refresh/", views_strategy.strategy_refresh, name="strategy_refresh"),
    path("manage/<int:pk>/priorities/new/", views_strategy.priority_new, name="priority_new"),
    path("manage/<int:pk>/supporting/new/", views_strategy.supporting_new, name="supporting_new"),
    path("manage/<int:pk>/survey/new/", views_strategy.survey_new, name="survey_new"),
    path(
        "manage/supporting/<int:pk>/delete/",
        views_strategy.supporting_delete,
        name="supporting_delete",
    ),
    path("manage/survey/<int:pk>/delete/", views_strategy.survey_delete, name="survey_delete"),
    path("manage/priority/<int:pk>/edit/", views_strategy.priority_edit, name="priority_edit"),
    path("manage/priority/<int:pk>/move/", views_strategy.priority_move, name="priority_move"),
    path(
        "manage/priority/<int:pk>/indicators/",
        views_strategy.priority_indicators,
        name="priority_indicators",
    ),
    path(
        "manage/priority/<int:pk>/commitments/new/",
        views_strategy.commitment_new,
        name="commitment_new",
    ),
    path(
        "manage/priority/<int:pk>/progress/attach/",
        views_progress.progress_attach,
        name="progress_attach",
    ),
    path(
        "manage/commitment/<int:pk>/edit/",
        views_strategy.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "manage/commitment/<int:pk>/move/",
        views_strategy.commitment_move,
        name="commitment_move",
    ),
    path(
        "manage/commitment/<int:pk>/delete/",
        views_strategy.commitment_delete,
        name="commitment_delete",
    ),
    path("<strategy_period:period>/", views_strategy.strategy_detail, name="strategy"),
    path(
        "<strategy_period:period>/priorities/<int:number>/",
        views_strategy.priority_detail,
        name="priority",
    ),
    path(
        "<strategy_period:period>/priorities/<int:number>/progress/",
        views_progress.progress_page,
        name="progress",
    ),
    path(
        "<strategy_period:period>/priorities/<int:number>/progress.<str:fmt>",
        views_progress.progress_download,
        name="progress_download",
    ),
]
# --- end of strategy, priorities and progress ------------------------------------------------
# --- forward plan (issue 12 part 4) ----------------------------------------------------------
# A body's forward plan; the secretariat's buttons POST to the addresses under it.
FORWARD = "forward-plan/<slug:body>/"
urlpatterns += [
    path(FORWARD, views_forward.forward_plan, name="forward_plan"),
    path(FORWARD + "plan-from-strategy/", views_forward.forward_sync, name="forward_sync"),
    path(FORWARD + "add/", views_forward.forward_add, name="forward_add"),
    path(
        FORWARD + "from-resolution/<int:pk>/",
        views_forward.forward_from_resolution,
        name="forward_from_resolution",
    ),
    path(
        FORWARD + "items/<int:pk>/to-agenda/",
        views_forward.forward_to_agenda,
        name="forward_to_agenda",
    ),
    path(FORWARD + "items/<int:pk>/move/", views_forward.forward_move, name="forward_move"),
    path(FORWARD + "items/<int:pk>/drop/", views_forward.forward_drop, name="forward_drop"),
]
# --- end of forward plan -----------------------------------------------------------------------
