"""The strategy app's pages (mounted under /p/<slug>/strategy/ in csphub/urls.py)."""

from django.urls import path, register_converter

from . import views_progress, views_strategy

app_name = "strategy"

urlpatterns: list = []

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
